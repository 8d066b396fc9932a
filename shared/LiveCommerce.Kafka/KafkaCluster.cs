using Confluent.Kafka;
using LiveCommerce.Kafka.Embedded;
using Microsoft.Extensions.Options;

namespace LiveCommerce.Kafka;

/// <summary>
/// The Kafka cluster this process talks to: a real one from configuration, or an embedded one it
/// starts and owns. Builds client configurations with the pass-through librdkafka properties.
/// </summary>
public sealed class KafkaCluster : IDisposable
{
    private readonly KafkaOptions _options;

    public KafkaCluster(IOptions<KafkaOptions> options)
    {
        _options = options.Value;
        if (_options.IsEmbedded)
        {
            Embedded = EmbeddedKafka.Start(_options.EmbeddedBrokers);
            BootstrapServers = Embedded.BootstrapServers;
        }
        else
        {
            BootstrapServers = _options.BootstrapServers;
        }
    }

    /// <summary>The embedded cluster when this process started one.</summary>
    public EmbeddedKafka? Embedded { get; }

    public string BootstrapServers { get; }

    /// <summary>
    /// An idempotent acks=all producer. Unless <c>Kafka:Client</c> says otherwise, a record is given up
    /// after 10 s (so that a device waiting for its acknowledgement hears about it) and records are sent
    /// without lingering: a device's PUBACK waits for this round trip. Under load librdkafka still batches
    /// whatever queues up while a request is in flight.
    /// </summary>
    public ProducerConfig ProducerConfig(string clientId)
    {
        var properties = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["message.timeout.ms"] = "10000",
            ["linger.ms"] = "0",
        };
        foreach (var (key, value) in Properties(clientId))
        {
            properties[key] = value;
        }
        return new ProducerConfig(properties)
        {
            Acks = Acks.All,
            EnableIdempotence = true,
        };
    }

    public ConsumerConfig ConsumerConfig(string groupId, string clientId) => new(Properties(clientId))
    {
        GroupId = groupId,
        EnableAutoCommit = false,
        AutoOffsetReset = AutoOffsetReset.Earliest,
    };

    public AdminClientConfig AdminConfig(string clientId) => new(Properties(clientId));

    private Dictionary<string, string> Properties(string clientId)
    {
        var properties = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["bootstrap.servers"] = BootstrapServers,
            ["client.id"] = clientId,
            ["socket.nagle.disable"] = "true",
        };
        foreach (var (key, value) in _options.Client)
        {
            properties[key] = value;
        }
        return properties;
    }

    public void Dispose() => Embedded?.Dispose();
}
