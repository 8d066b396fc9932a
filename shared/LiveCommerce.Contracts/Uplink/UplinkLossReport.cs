namespace LiveCommerce.Contracts;

/// <summary>
/// Records that left the store (retention budget) before reaching the cloud, sent to
/// <c>stores.{storeId}.uplink.loss</c> (CloudEvents type <c>com.livecommerce.uplink.loss.v1</c>).
/// Offsets <see cref="FromOffset"/> (inclusive) to <see cref="ToOffset"/> (exclusive) of a local partition.
/// </summary>
public sealed record UplinkLossReport
{
    public const string CloudEventType = "com.livecommerce.uplink.loss.v1";

    public string StoreId { get; init; } = "";

    public string Topic { get; init; } = "";

    public int Partition { get; init; }

    public long FromOffset { get; init; }

    public long ToOffset { get; init; }

    public long Count { get; init; }

    public string Class { get; init; } = "";

    public string Reason { get; init; } = "";

    public DateTimeOffset Time { get; init; }
}
