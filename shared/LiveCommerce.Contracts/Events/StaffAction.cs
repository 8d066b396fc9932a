namespace LiveCommerce.Contracts;

/// <summary>
/// Something a signed-in staff member did at the kiosk: feature a product now, start a flash deal, stop the
/// store's own live actions, or correct a stock level after counting. Written by the edge to local topic
/// <c>store.staff-actions</c> (one partition: actions apply in the order staff made them), CloudEvents type
/// <c>com.livecommerce.store.staff-action.v1</c>, keyed by <see cref="ActionId"/>.
/// </summary>
public sealed record StaffAction
{
    public const string CloudEventType = "com.livecommerce.store.staff-action.v1";
    public const string Feature = "feature";
    public const string FlashDeal = "flash-deal";
    public const string Stop = "stop";
    public const string StockCount = "stock-count";

    public string ActionId { get; init; } = "";

    /// <summary><see cref="Feature"/>, <see cref="FlashDeal"/>, <see cref="Stop"/> or <see cref="StockCount"/>.</summary>
    public string Kind { get; init; } = "";

    /// <summary>The product (not for <see cref="Stop"/>).</summary>
    public string? Sku { get; init; }

    /// <summary>How long a feature or flash deal runs.</summary>
    public int? Minutes { get; init; }

    /// <summary>A flash deal's discount, 1 to 90.</summary>
    public int? DiscountPercent { get; init; }

    /// <summary>A flash deal's most offers, or the units a stock count found.</summary>
    public int? Quantity { get; init; }

    /// <summary>The staff user who did it.</summary>
    public string StaffUser { get; init; } = "";

    public DateTimeOffset Time { get; init; }
}
