using System.ComponentModel.DataAnnotations;
using LiveCommerce.Edge.Analytics;

namespace LiveCommerce.Edge.Tests;

public sealed class PresenceTrackerTests
{
    private static readonly DateTimeOffset s_start = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    internal static AnalyticsOptions TwoZones() => new()
    {
        Zones =
        [
            new ZoneOptions { Id = "kitchen", Name = "Kitchen", Gateways = ["gw-a"] },
            new ZoneOptions { Id = "garden", Name = "Garden", Gateways = ["gw-b"] },
        ],
    };

    [Fact]
    public void Shopper_walking_from_a_strong_to_b_strong_exits_a_once_and_enters_b_once_with_the_dwell_of_the_visit()
    {
        var tracker = new PresenceTracker(TwoZones());
        var events = new List<ZoneEvent>();
        for (var s = 0; s < 40; s++)
        {
            var (a, b) = s < 20 ? (-50, -80) : (-80, -50);
            tracker.Observe("gw-a", "shopper-1", a, s_start.AddSeconds(s), events);
            tracker.Observe("gw-b", "shopper-1", b, s_start.AddSeconds(s), events);
        }

        Assert.Equal([(ZoneEvent.Enter, "kitchen"), (ZoneEvent.Exit, "kitchen"), (ZoneEvent.Enter, "garden")], events.Select(e => (e.Kind, e.ZoneId)));
        Assert.Equal(s_start, events[0].Time);
        var moved = events[1].Time;
        Assert.Equal(moved, events[2].Time);
        Assert.InRange(moved, s_start.AddSeconds(20), s_start.AddSeconds(25));
        Assert.Equal((long)(moved - s_start).TotalMilliseconds, events[1].DwellMilliseconds);
        Assert.Equal(new ZoneDwell(1, events[1].DwellMilliseconds!.Value), tracker.Dwell["kitchen"]);
        Assert.Equal(new ZoneDwell(0, 0), tracker.Dwell["garden"]);
        Assert.Equal("garden", tracker.Shoppers["shopper-1"].Zone);
        Assert.Equal(moved, tracker.Shoppers["shopper-1"].Since);
        Assert.Equal(0, tracker.Occupancy()["kitchen"]);
        Assert.Equal(1, tracker.Occupancy()["garden"]);
    }

    [Fact]
    public void Noise_of_4_db_around_equal_strength_at_a_zone_border_does_not_flap()
    {
        var tracker = new PresenceTracker(TwoZones());
        var events = new List<ZoneEvent>();
        BorderNoise(tracker, events);

        Assert.Equal([(ZoneEvent.Enter, "kitchen")], events.Select(e => (e.Kind, e.ZoneId)));
        Assert.Equal("kitchen", tracker.Shoppers["shopper-1"].Zone);

        var raw = new PresenceTracker(new AnalyticsOptions { Zones = TwoZones().Zones, HysteresisDb = 0.1, SmoothingAlpha = 1, SwitchSightings = 1, SwitchSeconds = 0 });
        var rawEvents = new List<ZoneEvent>();
        BorderNoise(raw, rawEvents);
        Assert.True(rawEvents.Count > 100, $"without smoothing and hysteresis the same trace flaps ({rawEvents.Count} events)");
    }

    [Fact]
    public void Shopper_not_heard_for_the_absence_time_exits_at_the_last_sighting()
    {
        var tracker = new PresenceTracker(TwoZones());
        var events = new List<ZoneEvent>();
        for (var s = 0; s < 10; s++)
        {
            tracker.Observe("gw-a", "shopper-1", -60, s_start.AddSeconds(s), events);
        }
        tracker.Observe("gw-b", "shopper-2", -60, s_start.AddSeconds(39), events);
        tracker.Expire(tracker.Clock, events);
        Assert.True(tracker.Shoppers.ContainsKey("shopper-1"), "30 s after the last sighting the shopper is still in");

        tracker.Observe("gw-b", "shopper-2", -60, s_start.AddSeconds(41), events);
        tracker.Expire(tracker.Clock, events);

        var exit = Assert.Single(events, e => e.Kind == ZoneEvent.Exit);
        Assert.Equal(("shopper-1", "kitchen", s_start.AddSeconds(9), 9000L), (exit.ShopperToken, exit.ZoneId, exit.Time, exit.DwellMilliseconds!.Value));
        Assert.False(tracker.Shoppers.ContainsKey("shopper-1"));
        Assert.Equal(0, tracker.Occupancy()["kitchen"]);
        Assert.Equal(1, tracker.Occupancy()["garden"]);
        Assert.Equal(new ZoneDwell(1, 9000), tracker.Dwell["kitchen"]);
        Assert.Contains("shopper-1", tracker.TakeChanged());
    }

    [Fact]
    public void Shopper_heard_again_after_a_gap_longer_than_the_absence_time_leaves_and_enters_again()
    {
        var tracker = new PresenceTracker(TwoZones());
        var events = new List<ZoneEvent>();
        tracker.Observe("gw-a", "shopper-1", -60, s_start, events);
        tracker.Observe("gw-a", "shopper-1", -60, s_start.AddSeconds(5), events);
        tracker.Observe("gw-b", "shopper-1", -60, s_start.AddSeconds(60), events);

        Assert.Equal([(ZoneEvent.Enter, "kitchen", s_start), (ZoneEvent.Exit, "kitchen", s_start.AddSeconds(5)), (ZoneEvent.Enter, "garden", s_start.AddSeconds(60))],
            events.Select(e => (e.Kind, e.ZoneId, e.Time)));
    }

    [Fact]
    public void Sighting_from_a_gateway_in_no_zone_is_not_applied()
    {
        var tracker = new PresenceTracker(TwoZones());
        var events = new List<ZoneEvent>();
        Assert.False(tracker.Observe("gw-x", "shopper-1", -60, s_start, events));
        Assert.Empty(events);
        Assert.Empty(tracker.Shoppers);
    }

    [Fact]
    public void Zone_map_errors_name_the_configuration_key()
    {
        var options = new AnalyticsOptions
        {
            Zones =
            [
                new ZoneOptions { Id = "kitchen", Gateways = ["gw-a"] },
                new ZoneOptions { Id = "kitchen", Gateways = ["gw-a"] },
                new ZoneOptions { Id = "", Gateways = [] },
            ],
        };
        var errors = options.Validate(new ValidationContext(options)).Select(r => r.ErrorMessage).ToList();
        Assert.Contains("Analytics:Zones:1:Id 'kitchen' is used by another zone", errors);
        Assert.Contains("Analytics:Zones:1:Gateways:0 'gw-a' already belongs to zone 'kitchen'", errors);
        Assert.Contains("Analytics:Zones:2:Id is required", errors);
        Assert.Contains("Analytics:Zones:2:Gateways needs at least one beacon gateway id", errors);
    }

    private static void BorderNoise(PresenceTracker tracker, List<ZoneEvent> events)
    {
        for (var s = 0; s < 5; s++)
        {
            tracker.Observe("gw-a", "shopper-1", -70, s_start.AddSeconds(s), events);
            tracker.Observe("gw-b", "shopper-1", -70, s_start.AddSeconds(s), events);
        }
        for (var s = 5; s < 300; s++)
        {
            var noise = s % 2 == 0 ? 4 : -4;
            tracker.Observe("gw-a", "shopper-1", -70 + noise, s_start.AddSeconds(s), events);
            tracker.Observe("gw-b", "shopper-1", -70 - noise, s_start.AddSeconds(s), events);
        }
    }
}
