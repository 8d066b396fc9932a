using System.ComponentModel.DataAnnotations;

namespace LiveCommerce.Kafka;

/// <summary>
/// The <c>Kafka</c> configuration section. <see cref="BootstrapServers"/> = <c>embedded</c> starts an
/// embedded cluster in this process; anything else is a real cluster, and every librdkafka property
/// under <c>Kafka:Client:</c> is passed to the clients unchanged.
/// </summary>
public sealed class KafkaOptions : IValidatableObject
{
    public const string Section = "Kafka";
    public const string Embedded = "embedded";

    [Required(AllowEmptyStrings = false, ErrorMessage = "Kafka:BootstrapServers must not be empty: give host:port[,host:port...] or 'embedded'")]
    public string BootstrapServers { get; set; } = Embedded;

    /// <summary>librdkafka properties (e.g. <c>security.protocol</c>, <c>sasl.mechanism</c>, <c>linger.ms</c>).</summary>
    public Dictionary<string, string> Client { get; set; } = [];

    /// <summary>Brokers of the embedded cluster.</summary>
    [Range(1, 16, ErrorMessage = "Kafka:EmbeddedBrokers must be between 1 and 16")]
    public int EmbeddedBrokers { get; set; } = 3;

    /// <summary>Replication factor for topics this process creates on a real cluster.</summary>
    [Range(1, 16, ErrorMessage = "Kafka:ReplicationFactor must be between 1 and 16")]
    public short ReplicationFactor { get; set; } = 1;

    public bool IsEmbedded => string.Equals(BootstrapServers, Embedded, StringComparison.OrdinalIgnoreCase);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsEmbedded && !string.IsNullOrWhiteSpace(BootstrapServers))
        {
            foreach (var server in BootstrapServers.Split(','))
            {
                var hostPort = server.Trim();
                var colon = hostPort.LastIndexOf(':');
                if (colon <= 0 || !int.TryParse(hostPort.AsSpan(colon + 1), out var port) || port is < 1 or > 65535)
                {
                    yield return new ValidationResult($"Kafka:BootstrapServers: '{hostPort}' is not host:port", [nameof(BootstrapServers)]);
                }
            }
        }
        foreach (var key in Client.Keys)
        {
            if (key is "bootstrap.servers" or "metadata.broker.list")
            {
                yield return new ValidationResult($"Kafka:Client:{key}: set Kafka:BootstrapServers instead", [nameof(Client)]);
            }
        }
    }
}
