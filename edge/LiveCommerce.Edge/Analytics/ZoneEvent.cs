namespace LiveCommerce.Edge.Analytics;

/// <summary>
/// A shopper entered or left a zone. Local topic <c>store.zone-events</c>, keyed by the shopper token,
/// CloudEvents type <c>com.livecommerce.store.zone-event.v1</c>.
/// </summary>
public sealed record ZoneEvent
{
    public const string Enter = "enter";
    public const string Exit = "exit";

    /// <summary><see cref="Enter"/> or <see cref="Exit"/>.</summary>
    public string Kind { get; init; } = "";

    public string ShopperToken { get; init; } = "";

    public string ZoneId { get; init; } = "";

    /// <summary>When the shopper entered or left (sighting time).</summary>
    public DateTimeOffset Time { get; init; }

    /// <summary>On an exit: how long the visit lasted, in milliseconds.</summary>
    public long? DwellMilliseconds { get; init; }

    /// <summary>The idempotency key (<c>ce_id</c>): the same input always gives the same id.</summary>
    public string IdempotencyKey() => $"{ShopperToken}:{Kind}:{ZoneId}:{Time.ToUnixTimeMilliseconds()}";
}
