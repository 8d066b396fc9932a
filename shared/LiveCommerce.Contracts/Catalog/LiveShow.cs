namespace LiveCommerce.Contracts;

/// <summary>A scheduled live-commerce show, cloud topic <c>live.shows</c>, keyed by <see cref="ShowId"/>.</summary>
public sealed record LiveShow
{
    public string ShowId { get; init; } = "";

    public string Title { get; init; } = "";

    public DateTimeOffset Start { get; init; }

    public DateTimeOffset End { get; init; }

    public IReadOnlyList<FeaturedProduct> Featured { get; init; } = [];

    /// <summary>The stores the record is for; null or empty means every store.</summary>
    public IReadOnlyList<string>? StoreIds { get; init; }
}
