using Confluent.Kafka;
using LiveCommerce.Contracts;
using LiveCommerce.Edge.Analytics;
using LiveCommerce.Edge.Coupons;

namespace LiveCommerce.Edge.StoreState;

/// <summary>What one batch of local records adds to the store state, next to the changes the trackers keep themselves.</summary>
public sealed class StoreStateBatch
{
    /// <summary>A zone map that came down in the store configuration.</summary>
    public List<ZoneOptions>? ZoneMap { get; set; }

    /// <summary>Offers made.</summary>
    public List<StoreOffer> Offers { get; } = [];

    /// <summary>The offers on their way to <c>store.offers</c> and the shoppers' phones.</summary>
    public List<Task> Deliveries { get; } = [];

    /// <summary>The coupons of <see cref="Offers"/>.</summary>
    public List<IssuedCoupon> Coupons { get; } = [];

    /// <summary>Coupons redeemed at a POS.</summary>
    public List<Guid> Redeemed { get; } = [];

    /// <summary>Shoppers who opted in again (a new key) or out: a phone still connected with the old key is disconnected.</summary>
    public HashSet<string> ConsentsChanged { get; } = new(StringComparer.Ordinal);

    /// <summary>Products newly low on stock.</summary>
    public List<StockAlert> Alerts { get; } = [];

    /// <summary>Zone enter and exit events.</summary>
    public List<ZoneEvent> ZoneEvents { get; } = [];

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
