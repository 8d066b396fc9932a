using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Confluent.Kafka;
using LiveCommerce.Contracts;

namespace LiveCommerce.Kafka;

/// <summary>Writing an event with its CloudEvents envelope as Kafka headers.</summary>
public static class EventEnvelopeKafkaExtensions
{
    /// <summary>The envelope as Kafka headers (<c>ce_*</c>, <c>content-type</c>); more can be added.</summary>
    public static Headers ToKafkaHeaders(this EventEnvelope envelope)
    {
        var headers = new Headers();
        foreach (var (name, value) in envelope.ToHeaders())
        {
            headers.Add(name, value);
        }
        return headers;
    }

    /// <summary>Produces <paramref name="value"/> as JSON to <paramref name="topic"/>, keyed by <paramref name="key"/>, with the envelope's headers.</summary>
    public static Task<DeliveryResult<byte[]?, byte[]>> ProduceEventAsync<T>(
        this IProducer<byte[]?, byte[]> producer, string topic, string key, EventEnvelope envelope, T value, JsonTypeInfo<T> json, CancellationToken cancellationToken) =>
        producer.ProduceAsync(topic, new Message<byte[]?, byte[]>
        {
            Key = Encoding.UTF8.GetBytes(key),
            Value = JsonSerializer.SerializeToUtf8Bytes(value, json),
            Headers = envelope.ToKafkaHeaders(),
        }, cancellationToken);
}
