namespace LiveCommerce.Edge.Gateway;

/// <summary>A device topic: <c>lc/v1/{storeId}/{deviceId}/{eventType}</c>.</summary>
public readonly record struct MqttTopic(string StoreId, string DeviceId, string EventType)
{
    public const string Prefix = "lc/v1/";

    public static bool TryParse(string topic, out MqttTopic parsed)
    {
        parsed = default;
        if (!topic.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }
        var parts = topic[Prefix.Length..].Split('/');
        if (parts.Length != 3 || parts.Any(p => p.Length == 0))
        {
            return false;
        }
        parsed = new MqttTopic(parts[0], parts[1], parts[2]);
        return true;
    }

    public static string For(string storeId, string deviceId, string eventType) => $"{Prefix}{storeId}/{deviceId}/{eventType}";

    /// <summary>The topics a device may subscribe to start with this: <c>lc/v1/{storeId}/{deviceId}/</c>.</summary>
    public static string DevicePrefix(string storeId, string deviceId) => $"{Prefix}{storeId}/{deviceId}/";

    /// <summary>Where an MQTT 3.1.1 device gets the answer to a request: <c>lc/v1/{storeId}/{deviceId}/reply/{requestType}</c>.</summary>
    public static string ReplyFor(string storeId, string deviceId, string requestType) => $"{Prefix}{storeId}/{deviceId}/reply/{requestType}";
}
