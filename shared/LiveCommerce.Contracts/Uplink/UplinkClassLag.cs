namespace LiveCommerce.Contracts;

/// <summary>The backlog of one priority class (<c>critical</c>, <c>normal</c>, <c>bulk</c>).</summary>
public sealed record UplinkClassLag
{
    public string Class { get; init; } = "";

    /// <summary>Records in local Kafka not yet in the cloud.</summary>
    public long LagRecords { get; init; }

    /// <summary>Age of the oldest record not yet in the cloud, 0 when there is none.</summary>
    public double OldestUnmirroredAgeSeconds { get; init; }

    /// <summary>Records per second mirrored recently.</summary>
    public double DrainRatePerSecond { get; init; }

    /// <summary>Seconds until the backlog is gone at the recent rate; null when nothing drains.</summary>
    public double? EstimatedDrainSeconds { get; init; }
}
