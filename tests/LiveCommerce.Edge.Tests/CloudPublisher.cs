using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Confluent.Kafka;
using LiveCommerce.Kafka.Embedded;

namespace LiveCommerce.Edge.Tests;

/// <summary>Publishes what central IT publishes in the cloud: catalog records, tombstones, models.</summary>
internal sealed class CloudPublisher(EmbeddedKafka cloud) : IDisposable
{
    private readonly IProducer<string?, byte[]?> _producer = new ProducerBuilder<string?, byte[]?>(new ProducerConfig
    {
        BootstrapServers = cloud.BootstrapServers,
        Acks = Acks.All,
        EnableIdempotence = true,
        LingerMs = 5,
    }).Build();

    private readonly ConcurrentQueue<Error> _errors = new();

    public int Published { get; private set; }

    public void Publish<T>(string topic, string key, T value, JsonTypeInfo<T> type) => Publish(topic, key, JsonSerializer.SerializeToUtf8Bytes(value, type));

    /// <summary>A null value is a tombstone.</summary>
    public void Publish(string topic, string? key, byte[]? value)
    {
        _producer.Produce(topic, new Message<string?, byte[]?> { Key = key, Value = value }, report =>
        {
            if (report.Error.IsError)
            {
                _errors.Enqueue(report.Error);
            }
        });
        Published++;
    }

    /// <summary>Waits until the cloud has every record published so far.</summary>
    public void Flush()
    {
        Assert.Equal(0, _producer.Flush(TimeSpan.FromSeconds(30)));
        Assert.Empty(_errors);
    }

    public void Dispose() => _producer.Dispose();
}
