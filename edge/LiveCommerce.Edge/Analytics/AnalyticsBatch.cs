using Confluent.Kafka;

namespace LiveCommerce.Edge.Analytics;

/// <summary>What one batch of local records adds to the analytics state, next to the tracker's changes.</summary>
public sealed class AnalyticsBatch
{
    /// <summary>Door-motion counts per hour (Unix ms of the hour start).</summary>
    public Dictionary<long, double> Footfall { get; } = [];

    /// <summary>Units and line revenue per hour, sku and currency.</summary>
    public Dictionary<(long Hour, string Sku, string Currency), (long Quantity, decimal Revenue)> Sales { get; } = [];

    /// <summary>The next offset per partition read.</summary>
    public Dictionary<TopicPartition, long> NextOffsets { get; } = [];

    /// <summary>The start of the UTC hour of <paramref name="time"/> in Unix ms.</summary>
    public static long HourOf(DateTimeOffset time)
    {
        var ms = time.ToUnixTimeMilliseconds();
        return ms - (((ms % 3_600_000) + 3_600_000) % 3_600_000);
    }
}
