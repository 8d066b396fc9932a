namespace LiveCommerce.Contracts;

/// <summary>One line of a <see cref="PosSale"/>.</summary>
/// <remarks>
/// <see cref="Quantity"/> and <see cref="UnitPrice"/> are nullable only so that a missing value
/// is reported as <c>required</c>; they are set on every line of a valid sale.
/// </remarks>
public sealed record SaleLine
{
    /// <summary>The article's stock keeping unit.</summary>
    public string Sku { get; init; } = "";

    /// <summary>How many were sold; greater than zero.</summary>
    public int? Quantity { get; init; }

    /// <summary>Price of one unit in the sale's currency; zero (free item) or more.</summary>
    public decimal? UnitPrice { get; init; }
}
