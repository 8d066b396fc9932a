using System.Collections.Frozen;

namespace LiveCommerce.Contracts;

/// <summary>
/// The sensor kinds whose unit and plausible range are known (units are UCUM codes). Readings of
/// other kinds are only checked for a finite value and a unit.
/// </summary>
internal static class KnownSensorKinds
{
    private static readonly FrozenDictionary<string, SensorKindLimits> s_kinds =
        new Dictionary<string, SensorKindLimits>(StringComparer.Ordinal)
        {
            // Freezers to ovens.
            ["temperature"] = new("Cel", -100, 200),
            ["humidity"] = new("%", 0, 100),
            // Door or motion sensor: events counted since the previous reading.
            ["door-motion"] = new("count", 0, double.MaxValue),
        }.ToFrozenDictionary(StringComparer.Ordinal);

    public static bool TryGet(string? kind, out SensorKindLimits limits)
    {
        if (kind is not null && s_kinds.TryGetValue(kind, out var found))
        {
            limits = found;
            return true;
        }

        limits = default;
        return false;
    }
}
