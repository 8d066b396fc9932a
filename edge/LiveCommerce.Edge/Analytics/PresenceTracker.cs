using LiveCommerce.Contracts;

namespace LiveCommerce.Edge.Analytics;

/// <summary>
/// Turns beacon sightings into the zone each shopper token is in (pure: no I/O, no clock but the sightings'
/// times). The signal per token × gateway is an exponential moving average; a shopper moves only when another
/// zone beats the current one by <see cref="AnalyticsOptions.HysteresisDb"/> in
/// <see cref="AnalyticsOptions.SwitchSightings"/> consecutive sightings over at least
/// <see cref="AnalyticsOptions.SwitchSeconds"/>, and leaves when not heard for <see cref="AnalyticsOptions.AbsenceSeconds"/>:
/// seen by its own next sighting, or by <see cref="Expire"/> against the latest sighting time of any shopper.
/// A shopper leaves at the time it was last heard, so the state does not depend on when expiry runs.
/// </summary>
public sealed class PresenceTracker
{
    private readonly AnalyticsOptions _options;
    private readonly Dictionary<string, string> _zoneByGateway = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ShopperPresence> _shoppers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ZoneDwell> _dwell = new(StringComparer.Ordinal);
    private readonly HashSet<string> _changed = new(StringComparer.Ordinal);
    private readonly TimeSpan _absence;
    private readonly TimeSpan _switchTime;

    public PresenceTracker(AnalyticsOptions options)
    {
        _options = options;
        _absence = TimeSpan.FromSeconds(options.AbsenceSeconds);
        _switchTime = TimeSpan.FromSeconds(options.SwitchSeconds);
        SetZones(options.Zones);
    }

    /// <summary>The zone map in use.</summary>
    public IReadOnlyList<ZoneOptions> Zones { get; private set; } = [];

    /// <summary>
    /// Uses another zone map (a valid one, see <see cref="ZoneMap.Errors"/>): sightings are placed with it from now
    /// on; shoppers stay where they are until they move or leave, and the dwell of every zone is kept.
    /// </summary>
    public void SetZones(IReadOnlyList<ZoneOptions> zones)
    {
        Zones = zones;
        _zoneByGateway.Clear();
        foreach (var zone in zones)
        {
            _dwell.TryAdd(zone.Id, new ZoneDwell(0, 0));
            foreach (var gateway in zone.Gateways)
            {
                _zoneByGateway[gateway] = zone.Id;
            }
        }
    }

    /// <summary>The latest sighting time seen: the tracker's clock.</summary>
    public DateTimeOffset Clock { get; private set; }

    /// <summary>The shoppers in the store by token.</summary>
    public IReadOnlyDictionary<string, ShopperPresence> Shoppers => _shoppers;

    /// <summary>Completed visits and dwell per zone id.</summary>
    public IReadOnlyDictionary<string, ZoneDwell> Dwell => _dwell;

    /// <summary>Shoppers in each zone now (every configured zone, 0 when empty).</summary>
    public IReadOnlyDictionary<string, int> Occupancy()
    {
        var occupancy = _dwell.Keys.ToDictionary(z => z, _ => 0, StringComparer.Ordinal);
        foreach (var shopper in _shoppers.Values)
        {
            occupancy[shopper.Zone] = occupancy.GetValueOrDefault(shopper.Zone) + 1;
        }
        return occupancy;
    }

    /// <summary>The zone a gateway covers.</summary>
    public bool TryGetZoneOf(string gatewayId, out string zoneId) => _zoneByGateway.TryGetValue(gatewayId, out zoneId!);

    /// <summary>Puts back persisted state (at start, before any sighting).</summary>
    public void Restore(DateTimeOffset clock, IEnumerable<KeyValuePair<string, ShopperPresence>> shoppers, IEnumerable<KeyValuePair<string, ZoneDwell>> dwell)
    {
        Clock = clock;
        foreach (var (token, presence) in shoppers)
        {
            _shoppers[token] = presence;
        }
        foreach (var (zone, totals) in dwell)
        {
            _dwell[zone] = totals;
        }
    }

    /// <summary>
    /// Applies one sighting of <paramref name="token"/> by <paramref name="gatewayId"/>, adding zone enter and
    /// exit events to <paramref name="events"/>; false (and nothing changes) when the gateway is in no zone.
    /// </summary>
    public bool Observe(string gatewayId, string token, int rssi, DateTimeOffset time, List<ZoneEvent> events) =>
        Observe(gatewayId, token, rssi, time, events, out _);

    /// <summary>The same; <paramref name="arrived"/> tells whether the sighting started a new visit to the store (first seen, or back after an absence).</summary>
    public bool Observe(string gatewayId, string token, int rssi, DateTimeOffset time, List<ZoneEvent> events, out bool arrived)
    {
        arrived = false;
        if (!_zoneByGateway.TryGetValue(gatewayId, out var zone))
        {
            return false;
        }
        Clock = Max(Clock, time);
        if (_shoppers.TryGetValue(token, out var shopper) && time - shopper.LastHeard > _absence)
        {
            Leave(token, shopper, events);
            shopper = null;
        }
        _changed.Add(token);
        if (shopper is null)
        {
            arrived = true;
            shopper = new ShopperPresence { Zone = zone, Since = time, LastHeard = time };
            shopper.Gateways[gatewayId] = new GatewaySignal { Smoothed = rssi, LastHeard = time };
            _shoppers[token] = shopper;
            events.Add(new ZoneEvent { Kind = ZoneEvent.Enter, ShopperToken = token, ZoneId = zone, Time = time });
            return true;
        }
        if (shopper.Gateways.TryGetValue(gatewayId, out var signal))
        {
            signal.Smoothed = (_options.SmoothingAlpha * rssi) + ((1 - _options.SmoothingAlpha) * signal.Smoothed);
            signal.LastHeard = Max(signal.LastHeard, time);
        }
        else
        {
            shopper.Gateways[gatewayId] = new GatewaySignal { Smoothed = rssi, LastHeard = time };
        }
        shopper.LastHeard = Max(shopper.LastHeard, time);
        Decide(token, shopper, time, events);
        return true;
    }

    /// <summary>Moves the clock to <paramref name="now"/> (never back) and lets every shopper not heard for the absence time leave.</summary>
    public void Expire(DateTimeOffset now, List<ZoneEvent> events)
    {
        Clock = Max(Clock, now);
        var gone = _shoppers.Where(s => Clock - s.Value.LastHeard > _absence).OrderBy(s => s.Key, StringComparer.Ordinal).ToList();
        foreach (var (token, shopper) in gone)
        {
            Leave(token, shopper, events);
        }
    }

    /// <summary>The tokens whose presence changed since the last call (absent from <see cref="Shoppers"/> when they left).</summary>
    public IReadOnlyList<string> TakeChanged()
    {
        var changed = _changed.ToList();
        _changed.Clear();
        return changed;
    }

    private void Decide(string token, ShopperPresence shopper, DateTimeOffset time, List<ZoneEvent> events)
    {
        var strength = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (gateway, signal) in shopper.Gateways)
        {
            if (time - signal.LastHeard <= _absence && _zoneByGateway.TryGetValue(gateway, out var zone))
            {
                strength[zone] = strength.TryGetValue(zone, out var s) ? Math.Max(s, signal.Smoothed) : signal.Smoothed;
            }
        }
        var current = strength.GetValueOrDefault(shopper.Zone, BeaconSighting.MinRssi);
        string? best = null;
        var bestStrength = double.NegativeInfinity;
        foreach (var (zone, s) in strength.OrderBy(z => z.Key, StringComparer.Ordinal))
        {
            if (zone != shopper.Zone && s > bestStrength)
            {
                (best, bestStrength) = (zone, s);
            }
        }
        if (best is null || bestStrength - current < _options.HysteresisDb)
        {
            ResetCandidate(shopper);
            return;
        }
        if (shopper.Candidate == best)
        {
            shopper.CandidateCount++;
        }
        else
        {
            (shopper.Candidate, shopper.CandidateCount, shopper.CandidateSince) = (best, 1, time);
        }
        if (shopper.CandidateCount >= _options.SwitchSightings && time - shopper.CandidateSince >= _switchTime)
        {
            var moved = shopper.CandidateSince;
            AddVisit(token, shopper.Zone, shopper.Since, moved, events);
            (shopper.Zone, shopper.Since) = (best, moved);
            ResetCandidate(shopper);
            events.Add(new ZoneEvent { Kind = ZoneEvent.Enter, ShopperToken = token, ZoneId = best, Time = moved });
        }
    }

    private void Leave(string token, ShopperPresence shopper, List<ZoneEvent> events)
    {
        AddVisit(token, shopper.Zone, shopper.Since, shopper.LastHeard, events);
        _shoppers.Remove(token);
        _changed.Add(token);
    }

    private void AddVisit(string token, string zone, DateTimeOffset since, DateTimeOffset until, List<ZoneEvent> events)
    {
        var dwell = Math.Max(0, (until - since).Ticks / TimeSpan.TicksPerMillisecond);
        var totals = _dwell.GetValueOrDefault(zone, new ZoneDwell(0, 0));
        _dwell[zone] = new ZoneDwell(totals.Visits + 1, totals.DwellMilliseconds + dwell);
        events.Add(new ZoneEvent { Kind = ZoneEvent.Exit, ShopperToken = token, ZoneId = zone, Time = until, DwellMilliseconds = dwell });
    }

    private static void ResetCandidate(ShopperPresence shopper) =>
        (shopper.Candidate, shopper.CandidateCount, shopper.CandidateSince) = (null, 0, default);

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;
}
