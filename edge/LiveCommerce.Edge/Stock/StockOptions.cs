using System.ComponentModel.DataAnnotations;

namespace LiveCommerce.Edge.Stock;

/// <summary>The <c>Stock</c> configuration section.</summary>
public sealed class StockOptions
{
    public const string Section = "Stock";

    /// <summary>At this many units or fewer a product is low on stock: an alert goes out and the kiosk shows it.</summary>
    [Range(0, 1_000_000, ErrorMessage = "Stock:LowStockThreshold must be between 0 and 1000000")]
    public int LowStockThreshold { get; set; } = 5;

    /// <summary>Units kept for shoppers who did not get an offer: no offer is made for a product with this many units or fewer.</summary>
    [Range(0, 1_000_000, ErrorMessage = "Stock:OfferReserve must be between 0 and 1000000")]
    public int OfferReserve { get; set; } = 2;
}
