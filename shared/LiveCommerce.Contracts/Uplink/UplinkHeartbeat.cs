namespace LiveCommerce.Contracts;

/// <summary>
/// A store's uplink figures, sent to <c>stores.{storeId}.heartbeat</c> every few seconds
/// (CloudEvents type <c>com.livecommerce.uplink.heartbeat.v1</c>, keyed by store id).
/// </summary>
public sealed record UplinkHeartbeat
{
    public const string CloudEventType = "com.livecommerce.uplink.heartbeat.v1";

    public string StoreId { get; init; } = "";

    public DateTimeOffset Time { get; init; }

    /// <summary><c>up</c> or <c>down</c>.</summary>
    public string LinkState { get; init; } = "";

    public DateTimeOffset LinkStateSince { get; init; }

    /// <summary>Records mirrored to the cloud since the edge started.</summary>
    public long MirroredRecords { get; init; }

    /// <summary>Records lost to the retention budget, in total, as reported on <c>stores.{storeId}.uplink.loss</c>.</summary>
    public long LostRecords { get; init; }

    public IReadOnlyList<UplinkClassLag> Classes { get; init; } = [];

    public string? LastError { get; init; }
}
