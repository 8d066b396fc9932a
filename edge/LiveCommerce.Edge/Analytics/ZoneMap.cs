using LiveCommerce.Contracts;

namespace LiveCommerce.Edge.Analytics;

/// <summary>The store's zones as the analytics use them: from <c>Analytics:Zones</c>, or from the cloud's store configuration when it has a zone map.</summary>
public static class ZoneMap
{
    /// <summary>What is wrong with a zone map, each message naming the entry (<paramref name="key"/>:N:...); empty when it is valid.</summary>
    public static IEnumerable<string> Errors(IReadOnlyList<ZoneOptions> zones, string key)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var gateways = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < zones.Count; i++)
        {
            var zone = zones[i];
            var entry = $"{key}:{i}";
            if (string.IsNullOrWhiteSpace(zone.Id))
            {
                yield return $"{entry}:Id is required";
            }
            else if (!ids.Add(zone.Id))
            {
                yield return $"{entry}:Id '{zone.Id}' is used by another zone";
            }
            if (zone.Gateways.Count == 0)
            {
                yield return $"{entry}:Gateways needs at least one beacon gateway id";
            }
            for (var g = 0; g < zone.Gateways.Count; g++)
            {
                var gateway = zone.Gateways[g];
                if (string.IsNullOrWhiteSpace(gateway))
                {
                    yield return $"{entry}:Gateways:{g} is empty";
                }
                else if (!gateways.TryAdd(gateway, zone.Id))
                {
                    yield return $"{entry}:Gateways:{g} '{gateway}' already belongs to zone '{gateways[gateway]}'";
                }
            }
        }
    }

    /// <summary>The zones of a store configuration as zone options.</summary>
    public static List<ZoneOptions> From(IReadOnlyList<StoreZone> zones) =>
        zones.Select(z => new ZoneOptions { Id = z.Id, Name = z.Name, Gateways = [.. z.Gateways], Categories = [.. z.Categories], Skus = [.. z.Skus] }).ToList();
}
