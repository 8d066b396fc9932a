using System.Text.Json.Serialization.Metadata;
using Confluent.Kafka;
using LiveCommerce.Contracts;
using LiveCommerce.Kafka;

namespace LiveCommerce.Edge.StoreState;

/// <summary>
/// Writes what a person asked for over HTTP (a staff action, an opt-in) to its local topic, like a device
/// event, and waits until the store state has applied it, so that the answer reflects it.
/// </summary>
public sealed class StoreRequestWriter(KafkaProducerHandle producer, AppliedPositions positions)
{
    private static readonly TimeSpan s_applyTimeout = TimeSpan.FromSeconds(5);

    /// <summary>True when applied within 5 s, false when written but not applied yet; throws a <see cref="KafkaException"/> when local Kafka did not take it.</summary>
    public async Task<bool> WriteAsync<T>(string topic, string key, EventEnvelope envelope, T value, JsonTypeInfo<T> json, CancellationToken cancellationToken)
    {
        var delivery = await producer.Producer.ProduceEventAsync(topic, key, envelope, value, json, cancellationToken).ConfigureAwait(false);
        return await positions.WaitAsync(delivery.TopicPartitionOffset, s_applyTimeout, cancellationToken).ConfigureAwait(false);
    }
}
