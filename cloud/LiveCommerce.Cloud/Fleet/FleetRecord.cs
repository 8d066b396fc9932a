using Confluent.Kafka;
using LiveCommerce.Contracts;

namespace LiveCommerce.Cloud.Fleet;

/// <summary>One consumed record, classified and parsed on the consumer thread, waiting to be written.</summary>
internal sealed record FleetRecord(TopicPartitionOffset Position, FleetRecordKind Kind, string StoreId, string LocalTopic, DateTimeOffset Timestamp)
{
    /// <summary>The <c>ce_id</c> of an <see cref="FleetRecordKind.Event"/>.</summary>
    public string EventId { get; init; } = "";

    public UplinkHeartbeat? Heartbeat { get; init; }

    public UplinkLossReport? Loss { get; init; }
}
