using System.Text.Json.Serialization;

namespace LiveCommerce.Contracts;

/// <summary>
/// A device's reported state. On the wire: <c>online</c>, <c>offline</c>, <c>degraded</c>, <c>error</c>.
/// </summary>
[JsonConverter(typeof(StrictStringEnumConverter<DeviceState>))]
public enum DeviceState
{
    /// <summary>Working normally.</summary>
    [JsonStringEnumMemberName("online")]
    Online,

    /// <summary>Going or gone offline (e.g. an MQTT last-will message).</summary>
    [JsonStringEnumMemberName("offline")]
    Offline,

    /// <summary>Working with reduced function.</summary>
    [JsonStringEnumMemberName("degraded")]
    Degraded,

    /// <summary>Not working; see <see cref="DeviceStatus.Detail"/>.</summary>
    [JsonStringEnumMemberName("error")]
    Error,
}
