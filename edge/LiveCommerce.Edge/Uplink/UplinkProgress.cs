using Confluent.Kafka;

namespace LiveCommerce.Edge.Uplink;

/// <summary>The mirror's committed source positions (next offset to send per local partition), shared with the lag monitor.</summary>
public sealed class UplinkProgress
{
    private volatile IReadOnlyDictionary<TopicPartition, long> _committed = new Dictionary<TopicPartition, long>();

    public IReadOnlyDictionary<TopicPartition, long> Committed => _committed;

    public bool Known { get; private set; }

    public void Publish(IReadOnlyDictionary<TopicPartition, long> committed)
    {
        _committed = new Dictionary<TopicPartition, long>(committed);
        Known = true;
    }
}
