using LiveCommerce.Edge.Devices;
using MQTTnet.Formatter;

namespace LiveCommerce.Edge.Gateway;

/// <summary>What the gateway knows about one authenticated connection; kept in its session items.</summary>
public sealed class ConnectionState(Device device, MqttProtocolVersion protocolVersion, DeviceRateLimiter rateLimiter)
{
    public const string Key = "lc.connection";

    public Device Device => device;

    public MqttProtocolVersion ProtocolVersion => protocolVersion;

    public DeviceRateLimiter RateLimiter => rateLimiter;

    public bool IsMqtt5 => protocolVersion == MqttProtocolVersion.V500;
}
