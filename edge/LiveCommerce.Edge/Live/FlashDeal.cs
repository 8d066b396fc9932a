namespace LiveCommerce.Edge.Live;

/// <summary>A flash deal staff started: a discount on one product until <see cref="EndsAt"/>, for at most <see cref="QuantityLimit"/> offers.</summary>
public sealed record FlashDeal(string DealId, string Sku, int DiscountPercent, DateTimeOffset From, DateTimeOffset EndsAt, int QuantityLimit, int Issued)
{
    public bool IsActive(DateTimeOffset now) => From <= now && now < EndsAt && Issued < QuantityLimit;
}
