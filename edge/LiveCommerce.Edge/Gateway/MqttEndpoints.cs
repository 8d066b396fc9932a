using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace LiveCommerce.Edge.Gateway;

/// <summary>The MQTT listeners of this process; their ports are known once Kestrel has bound them.</summary>
public sealed class MqttEndpoints
{
    internal ListenOptions? Tcp { get; set; }

    internal ListenOptions? Tls { get; set; }

    /// <summary>The bound MQTT TCP port (the real one when 0 was configured).</summary>
    public int Port => Tcp?.IPEndPoint?.Port ?? 0;

    /// <summary>The bound MQTT-over-TLS port, 0 when TLS is off.</summary>
    public int TlsPort => Tls?.IPEndPoint?.Port ?? 0;
}
