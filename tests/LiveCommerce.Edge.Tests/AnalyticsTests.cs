using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using LiveCommerce.Contracts;
using LiveCommerce.Edge.Analytics;
using LiveCommerce.Edge.StoreState;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Protocol;
using Xunit.Abstractions;

namespace LiveCommerce.Edge.Tests;

public sealed class AnalyticsTests(ITestOutputHelper output)
{
    private const string Kitchen = "beacon-gw-01";
    private const string Garden = "beacon-gw-02";
    private const string GardenSecret = "beacon-gw-02-secret";
    private const string Sensor = "sensor-01";
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    private static readonly (string Key, string Value)[] s_settings =
    [
        ("Analytics:Zones:0:Id", "kitchen"),
        ("Analytics:Zones:0:Name", "Kitchen"),
        ("Analytics:Zones:0:Gateways:0", Kitchen),
        ("Analytics:Zones:0:Categories:0", "kitchen"),
        ("Analytics:Zones:1:Id", "garden"),
        ("Analytics:Zones:1:Name", "Garden"),
        ("Analytics:Zones:1:Gateways:0", Garden),
        ("Devices:Seed:5:Id", Garden),
        ("Devices:Seed:5:Kind", "beacon-gateway"),
        ("Devices:Seed:5:Secret", GardenSecret),
        ("Devices:Seed:5:Enabled", "true"),
    ];

    private readonly Dictionary<string, long> _sequences = [];

    [Fact]
    public async Task Sightings_published_over_mqtt_put_the_shopper_in_the_zone_of_the_strongest_gateway()
    {
        await using var edge = await EdgeUnderTest.StartAsync(s_settings);
        var start = WholeSecond(DateTimeOffset.UtcNow.AddMinutes(-10));
        var trace = Walk("shopper-1", start, (20, -50, -80), (20, -80, -50));
        var expected = Feed(trace);

        var watch = Stopwatch.StartNew();
        await using (var devices = await Devices.ConnectAsync(edge))
        {
            await PublishAsync(devices, trace, []);
        }
        await Poll.UntilAsync(() => Applied(edge, Topics.BeaconSightings) == trace.Count, s_timeout, "every sighting to be applied");
        output.WriteLine($"{trace.Count} sightings applied {watch.ElapsedMilliseconds} ms after the first publish");

        using var http = new HttpClient { BaseAddress = new Uri(edge.HttpUrl) };
        using var shopper = JsonDocument.Parse(await http.GetStringAsync("/analytics/shoppers/shopper-1"));
        Assert.Equal("garden", shopper.RootElement.GetProperty("zoneId").GetString());
        Assert.Equal(expected.Tracker.Shoppers["shopper-1"].Since, shopper.RootElement.GetProperty("since").GetDateTimeOffset());
        using var zones = JsonDocument.Parse(await http.GetStringAsync("/analytics/zones"));
        var byId = zones.RootElement.EnumerateArray().ToDictionary(z => z.GetProperty("id").GetString()!);
        Assert.Equal("Kitchen", byId["kitchen"].GetProperty("name").GetString());
        Assert.Equal(0, byId["kitchen"].GetProperty("occupancy").GetInt32());
        Assert.Equal(1, byId["garden"].GetProperty("occupancy").GetInt32());
        Assert.Equal(1, byId["kitchen"].GetProperty("visits").GetInt64());
        Assert.Equal(expected.Tracker.Dwell["kitchen"].AverageSeconds, byId["kitchen"].GetProperty("averageDwellSeconds").GetDouble());

        var published = KafkaReader.ReadToEnd(edge.Kafka.BootstrapServers, Topics.StoreZoneEvents);
        Assert.Equal(expected.Events.Select(e => e.IdempotencyKey()).Order(), published.Select(r => r.Header(EnvelopeHeaders.Id)).Distinct().Order());
        Assert.All(published, r => Assert.Equal("shopper-1", r.Message.Key));
        Assert.All(published, r => Assert.Equal(StoreStateApplier.ZoneEventType, r.Header(EnvelopeHeaders.Type)));
    }

    [Fact]
    public async Task Restarting_the_edge_mid_stream_leaves_zone_dwell_and_footfall_exactly_as_the_tracker_computes_them()
    {
        await using var edge = await EdgeUnderTest.StartAsync(s_settings);
        var start = WholeSecond(DateTimeOffset.UtcNow.AddHours(-4));
        var trace = Walk("shopper-1", start, (30, -55, -85), (25, -85, -52));
        trace.AddRange(Walk("shopper-1", start.AddSeconds(100), (40, -60, -90), (30, -88, -58)));
        var readings = Enumerable.Range(0, 40).Select(i => (Time: start.AddMinutes(i * 5), Count: (i % 4) + 1)).ToList();
        var expected = Feed(trace);
        var footfall = readings.GroupBy(r => new DateTimeOffset(r.Time.UtcDateTime.Date.AddHours(r.Time.UtcDateTime.Hour), TimeSpan.Zero))
            .ToDictionary(g => g.Key, g => (double)g.Sum(r => r.Count));
        var messages = Messages(trace, readings);

        var half = messages.Count / 2;
        await using (var devices = await Devices.ConnectAsync(edge))
        {
            Assert.Equal(half, await PublishUntilRefusedAsync(devices, messages[..half], 0));
        }
        var firstStore = edge.App.Services.GetRequiredService<AnalyticsStore>();
        await edge.StopAppAsync();
        var committed = firstStore.ReadOffsets().Where(o => o.Key.Topic == Topics.BeaconSightings).Sum(o => o.Value);
        output.WriteLine($"stopped with {committed} of the {half} published sightings applied");
        await edge.StartAppAsync(s_settings);
        await using (var devices = await Devices.ConnectAsync(edge))
        {
            Assert.Equal(messages.Count, await PublishUntilRefusedAsync(devices, messages, half));
        }
        await Poll.UntilAsync(
            () => Applied(edge, Topics.BeaconSightings) == trace.Count && Applied(edge, Topics.SensorReadings) == readings.Count,
            s_timeout, "every sighting and reading to be applied");

        var store = edge.App.Services.GetRequiredService<AnalyticsStore>();
        Assert.Equal(expected.Tracker.Dwell.OrderBy(d => d.Key), store.Dwell().OrderBy(d => d.Key));
        Assert.Equal(3, expected.Tracker.Dwell.Values.Sum(d => d.Visits));
        var shopper = expected.Tracker.Shoppers["shopper-1"];
        Assert.Equal(new ShopperZone("shopper-1", shopper.Zone, shopper.Since), store.FindShopper("shopper-1"));
        Assert.Equal(footfall.OrderBy(f => f.Key).Select(f => new HourlyCount(f.Key, f.Value)), store.Footfall());
        var occupancy = expected.Tracker.Occupancy();
        var zones = store.Zones([new ZoneOptions { Id = "kitchen" }, new ZoneOptions { Id = "garden" }]);
        Assert.All(zones, z => Assert.Equal(occupancy[z.Id], z.Occupancy));
        Assert.All(zones, z => Assert.Equal(expected.Tracker.Dwell[z.Id].AverageSeconds, z.AverageDwellSeconds));

        var published = KafkaReader.ReadToEnd(edge.Kafka.BootstrapServers, Topics.StoreZoneEvents);
        Assert.Equal(expected.Events.Select(e => e.IdempotencyKey()).Order(), published.Select(r => r.Header(EnvelopeHeaders.Id)).Distinct().Order());
        output.WriteLine($"{published.Count} zone events published for {expected.Events.Count} distinct ones");
    }

    private static long Applied(EdgeUnderTest edge, string topic) =>
        edge.App.Services.GetRequiredService<AnalyticsStore>().ReadOffsets().Where(o => o.Key.Topic == topic).Sum(o => o.Value);

    private static DateTimeOffset WholeSecond(DateTimeOffset time) => DateTimeOffset.FromUnixTimeSeconds(time.ToUnixTimeSeconds());

    /// <summary>One sighting per gateway per second: for each leg, <c>Seconds</c> with the kitchen and garden RSSI given.</summary>
    private static List<(string Gateway, string Token, int Rssi, DateTimeOffset Time)> Walk(string token, DateTimeOffset start, params (int Seconds, int Kitchen, int Garden)[] legs)
    {
        var trace = new List<(string, string, int, DateTimeOffset)>();
        var t = start;
        foreach (var (seconds, kitchen, garden) in legs)
        {
            for (var s = 0; s < seconds; s++, t = t.AddSeconds(1))
            {
                trace.Add((Kitchen, token, kitchen, t));
                trace.Add((Garden, token, garden, t));
            }
        }
        return trace;
    }

    private static (PresenceTracker Tracker, List<ZoneEvent> Events) Feed(IEnumerable<(string Gateway, string Token, int Rssi, DateTimeOffset Time)> trace)
    {
        var options = new AnalyticsOptions
        {
            Zones = [new ZoneOptions { Id = "kitchen", Gateways = [Kitchen] }, new ZoneOptions { Id = "garden", Gateways = [Garden] }],
        };
        var tracker = new PresenceTracker(options);
        var events = new List<ZoneEvent>();
        foreach (var (gateway, token, rssi, time) in trace)
        {
            Assert.True(tracker.Observe(gateway, token, rssi, time, events));
        }
        return (tracker, events);
    }

    /// <summary>Sightings then readings as (device, topic, payload), each with its device sequence, so a redelivery repeats it exactly.</summary>
    private List<(string Device, string Topic, string Payload)> Messages(
        IEnumerable<(string Gateway, string Token, int Rssi, DateTimeOffset Time)> sightings,
        IEnumerable<(DateTimeOffset Time, int Count)> readings) =>
    [
        .. sightings.Select(s => (s.Gateway, EdgeUnderTest.Topic(s.Gateway, "sighting"),
            $$"""{"gatewayId":"{{s.Gateway}}","shopperToken":"{{s.Token}}","rssi":{{s.Rssi}},"txPower":-59,"sequence":{{Next(s.Gateway)}},"time":"{{Format(s.Time)}}"}""")),
        .. readings.Select(r => (Sensor, EdgeUnderTest.Topic(Sensor, "reading"),
            $$"""{"sensorId":"{{Sensor}}","kind":"door-motion","value":{{r.Count}},"unit":"count","sequence":{{Next(Sensor)}},"time":"{{Format(r.Time)}}"}""")),
    ];

    /// <summary>Publishes from <paramref name="from"/> on; the index of the first message not acknowledged (the count when all were).</summary>
    private static async Task<int> PublishUntilRefusedAsync(Devices devices, List<(string Device, string Topic, string Payload)> messages, int from)
    {
        for (var i = from; i < messages.Count; i++)
        {
            var (device, topic, payload) = messages[i];
            try
            {
                var result = await devices.For(device).PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
                    .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
                if (!result.IsSuccess)
                {
                    return i;
                }
            }
            catch (MQTTnet.Exceptions.MqttCommunicationException)
            {
                return i;
            }
        }
        return messages.Count;
    }

    private async Task PublishAsync(
        Devices devices,
        IEnumerable<(string Gateway, string Token, int Rssi, DateTimeOffset Time)> sightings,
        IEnumerable<(DateTimeOffset Time, int Count)> readings)
    {
        foreach (var (gateway, token, rssi, time) in sightings)
        {
            var payload = $$"""{"gatewayId":"{{gateway}}","shopperToken":"{{token}}","rssi":{{rssi}},"txPower":-59,"sequence":{{Next(gateway)}},"time":"{{Format(time)}}"}""";
            await PublishAsync(gateway == Kitchen ? devices.Kitchen : devices.Garden, EdgeUnderTest.Topic(gateway, "sighting"), payload);
        }
        foreach (var (time, count) in readings)
        {
            var payload = $$"""{"sensorId":"{{Sensor}}","kind":"door-motion","value":{{count}},"unit":"count","sequence":{{Next(Sensor)}},"time":"{{Format(time)}}"}""";
            await PublishAsync(devices.Sensor, EdgeUnderTest.Topic(Sensor, "reading"), payload);
        }
    }

    private static async Task PublishAsync(IMqttClient client, string topic, string payload)
    {
        var result = await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        Assert.True(result.IsSuccess, $"{topic}: {result.ReasonCode} {result.ReasonString}");
    }

    private long Next(string device) => _sequences[device] = _sequences.GetValueOrDefault(device) + 1;

    private static string Format(DateTimeOffset time) => time.ToString("O", CultureInfo.InvariantCulture);

    private sealed class Devices(IMqttClient kitchen, IMqttClient garden, IMqttClient sensor) : IAsyncDisposable
    {
        public IMqttClient Kitchen => kitchen;

        public IMqttClient Garden => garden;

        public IMqttClient Sensor => sensor;

        public IMqttClient For(string device) => device == AnalyticsTests.Kitchen ? kitchen : device == AnalyticsTests.Garden ? garden : sensor;

        public static async Task<Devices> ConnectAsync(EdgeUnderTest edge)
        {
            var garden = new MqttClientFactory().CreateMqttClient();
            await garden.ConnectAsync(edge.ClientOptions(AnalyticsTests.Garden, secret: GardenSecret).Build());
            return new Devices(await edge.ConnectAsync(AnalyticsTests.Kitchen), garden, await edge.ConnectAsync(AnalyticsTests.Sensor));
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var client in (IMqttClient[])[kitchen, garden, sensor])
            {
                if (client.IsConnected)
                {
                    await client.DisconnectAsync();
                }
                client.Dispose();
            }
        }
    }
}
