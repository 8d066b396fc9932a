namespace LiveCommerce.Contracts;

/// <summary>A time-limited discount on some products, cloud topic <c>offers.campaigns</c>, keyed by <see cref="CampaignId"/>.</summary>
public sealed record Campaign
{
    public string CampaignId { get; init; } = "";

    public IReadOnlyList<string> Skus { get; init; } = [];

    public decimal DiscountPercent { get; init; }

    public DateTimeOffset Start { get; init; }

    public DateTimeOffset End { get; init; }

    /// <summary>The stores the record is for; null or empty means every store.</summary>
    public IReadOnlyList<string>? StoreIds { get; init; }
}
