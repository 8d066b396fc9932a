using LiveCommerce.Contracts;

namespace LiveCommerce.Cloud.Fleet;

/// <summary>What the cloud knows about one store: exact event counts, its latest uplink heartbeat and its loss reports.</summary>
public sealed record StoreStatus
{
    public required string StoreId { get; init; }

    /// <summary>Distinct events (by <c>ce_id</c>) over all mirrored topics; heartbeats and loss reports are not events.</summary>
    public long Events { get; init; }

    /// <summary>Records whose <c>ce_id</c> had been seen before (a second transfer of the same event).</summary>
    public long Duplicates { get; init; }

    /// <summary>Records the store lost to its retention budget before they reached the cloud (sum of the loss reports).</summary>
    public long Lost { get; init; }

    /// <summary>Newest Kafka timestamp of any record from the store.</summary>
    public DateTimeOffset? LastSeen { get; init; }

    /// <summary>Distinct events per store-local topic (e.g. <c>pos.sales</c>).</summary>
    public IReadOnlyDictionary<string, long> Topics { get; init; } = new Dictionary<string, long>();

    /// <summary>Time of the latest heartbeat; null until the first one.</summary>
    public DateTimeOffset? LastHeartbeat { get; init; }

    public StoreLink? Link { get; init; }

    /// <summary>Backlog per priority class, from the latest heartbeat.</summary>
    public IReadOnlyList<UplinkClassLag> Lag { get; init; } = [];

    /// <summary>Records mirrored since the edge started, from the latest heartbeat.</summary>
    public long? Mirrored { get; init; }

    public string? LastError { get; init; }

    /// <summary>The most recent loss reports (at most <see cref="FleetStatusReader.MaxLossReports"/>), oldest first.</summary>
    public IReadOnlyList<UplinkLossReport> LossReports { get; init; } = [];
}
