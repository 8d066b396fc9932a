namespace LiveCommerce.Edge.Gateway;

/// <summary><c>Mqtt:Tls</c>: MQTT over TLS with a server certificate from a PKCS#12 file.</summary>
public sealed class MqttTlsOptions
{
    public bool Enabled { get; set; }

    public int Port { get; set; } = 8883;

    public string CertificatePath { get; set; } = "";

    public string? CertificatePassword { get; set; }
}
