namespace LiveCommerce.Edge.Analytics;

/// <summary>A shopper's smoothed signal at one beacon gateway.</summary>
public sealed class GatewaySignal
{
    /// <summary>Exponential moving average of the RSSI, in dBm.</summary>
    public double Smoothed { get; set; }

    /// <summary>When the gateway last heard the shopper.</summary>
    public DateTimeOffset LastHeard { get; set; }
}
