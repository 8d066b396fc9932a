namespace LiveCommerce.Contracts;

/// <summary>A product featured during part of a live show.</summary>
public sealed record FeaturedProduct
{
    public string Sku { get; init; } = "";

    public DateTimeOffset From { get; init; }

    public DateTimeOffset To { get; init; }
}
