using System.ComponentModel.DataAnnotations;
using System.Net;

namespace LiveCommerce.Edge.Gateway;

/// <summary>The <c>Mqtt</c> configuration section: the embedded broker devices publish to.</summary>
public sealed class MqttOptions : IValidatableObject
{
    public const string Section = "Mqtt";

    /// <summary>TCP port for MQTT 3.1.1 and 5; 0 picks a free port.</summary>
    [Range(0, 65535, ErrorMessage = "Mqtt:Port must be between 0 and 65535")]
    public int Port { get; set; } = 1883;

    /// <summary>Address the MQTT listeners bind to.</summary>
    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary>Largest accepted payload in bytes.</summary>
    [Range(256, 16 * 1024 * 1024, ErrorMessage = "Mqtt:MaxPayloadBytes must be between 256 and 16777216")]
    public int MaxPayloadBytes { get; set; } = 64 * 1024;

    /// <summary>Most devices connected at once.</summary>
    [Range(1, 100_000, ErrorMessage = "Mqtt:MaxConnections must be between 1 and 100000")]
    public int MaxConnections { get; set; } = 1000;

    /// <summary>How long a new connection may take to send its CONNECT.</summary>
    [Range(1, 300, ErrorMessage = "Mqtt:ConnectTimeoutSeconds must be between 1 and 300")]
    public int ConnectTimeoutSeconds { get; set; } = 10;

    /// <summary>Sustained messages per second one device may publish (twice that as a burst).</summary>
    [Range(1, 1_000_000, ErrorMessage = "Mqtt:MaxMessagesPerSecondPerDevice must be between 1 and 1000000")]
    public int MaxMessagesPerSecondPerDevice { get; set; } = 5000;

    /// <summary>Records per partition read back from local Kafka at start to recognise redelivered messages.</summary>
    [Range(0, 10_000_000, ErrorMessage = "Mqtt:DedupeRecordsPerPartition must be between 0 and 10000000")]
    public int DedupeRecordsPerPartition { get; set; } = 20_000;

    public MqttTlsOptions Tls { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IPAddress.TryParse(BindAddress, out _))
        {
            yield return new ValidationResult($"Mqtt:BindAddress '{BindAddress}' is not an IP address");
        }
        if (Tls.Enabled)
        {
            if (string.IsNullOrWhiteSpace(Tls.CertificatePath) || !File.Exists(Tls.CertificatePath))
            {
                yield return new ValidationResult($"Mqtt:Tls:CertificatePath '{Tls.CertificatePath}' does not name a PKCS#12 file");
            }
            if (Tls.Port is < 0 or > 65535)
            {
                yield return new ValidationResult("Mqtt:Tls:Port must be between 0 and 65535");
            }
        }
    }
}
