using System.Globalization;

namespace LiveCommerce.Provisioning.Simulation;

/// <summary>A fridge thermometer (about 4 °C with drift) or a door motion counter.</summary>
public sealed class SensorSimulator(DeviceCredentials credentials, string host, int port, double readingsPerSecond, SensorSimulator.Kind kind)
    : SimulatedDevice(credentials, host, port, readingsPerSecond)
{
    public enum Kind
    {
        FridgeTemperature,
        DoorMotion,
    }

    private double _temperature = 4.0;

    protected override (string EventType, string Payload) NextMessage(long sequence, DateTimeOffset now)
    {
        string value, unit, sensorKind;
        if (kind == Kind.FridgeTemperature)
        {
            _temperature = Math.Clamp(_temperature + ((Random.NextDouble() - 0.5) * 0.3), 1.5, 9.0);
            (value, unit, sensorKind) = (_temperature.ToString("F2", CultureInfo.InvariantCulture), "Cel", "temperature");
        }
        else
        {
            (value, unit, sensorKind) = (Random.Next(0, 6).ToString(CultureInfo.InvariantCulture), "count", "door-motion");
        }
        return ("reading", string.Create(CultureInfo.InvariantCulture,
            $"{{\"sensorId\":\"{Credentials.DeviceId}\",\"kind\":\"{sensorKind}\",\"value\":{value},\"unit\":\"{unit}\",\"sequence\":{sequence},\"time\":\"{now:O}\"}}"));
    }
}
