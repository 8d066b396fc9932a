using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Confluent.Kafka;
using LiveCommerce.Contracts;
using LiveCommerce.Edge;
using LiveCommerce.Edge.Devices;
using LiveCommerce.Edge.Gateway;
using LiveCommerce.Edge.Kiosk;
using LiveCommerce.Kafka;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Protocol;

namespace LiveCommerce.Provisioning.Commands;

/// <summary>
/// <c>bench-offers</c>: beacon gateways publish paced QoS 1 sightings of opted-in shoppers to an edge run in
/// process, in a zone carrying a featured, stocked product; each shopper's first sighting brings its offer to its
/// phone over MQTT. The sighting → offer latency (from the send of the sighting the offer's trigger id names)
/// against the ingest latency (publish → PUBACK) of the same sightings.
/// </summary>
public static class OfferBenchmarkCommand
{
    private const int Gateways = 4;
    private const int PublishersPerGateway = 8;
    private const int SightingsPerShopper = 10;
    private const int MaxShoppers = 20_000;
    private const int ShoppersPerWave = 20;
    private const int SetupParallelism = 32;
    private const double TargetP99Ms = 50;
    private const string Sku = "sku-bench";
    private const string StaffUser = "bench-manager";
    private const string StaffPassword = "bench-manager-password";

    public sealed record Settings(int Rate, int Duration, int Shoppers, int? FetchWaitMs)
    {
        public static Settings From(CommandLineOptions options)
        {
            var rate = options.Number("rate", 2000, 10, 100_000);
            var duration = options.Number("duration", 20, 1, 600);
            var shoppers = options.OptionalInt("shoppers", 1, MaxShoppers) ?? Math.Clamp(rate * duration / SightingsPerShopper, 1, MaxShoppers);
            var settings = new Settings(rate, duration, shoppers, options.OptionalInt("fetch-wait-ms", 1, 5000));
            options.RejectUnknown();
            return settings;
        }

        public long Sightings => (long)Rate * Duration;
    }

    public static async Task<int> RunAsync(Settings settings, TextWriter output, CancellationToken cancellationToken)
    {
        var gateways = Enumerable.Range(1, Gateways).Select(i => (Id: $"beacon-gw-{i:00}", Secret: $"beacon-gw-{i:00}-bench-secret")).ToArray();
        var data = Benchmark.DataDirectory("offers");
        var overrides = Benchmark.EdgeSettings(data, "embedded");
        overrides["Mqtt:MaxMessagesPerSecondPerDevice"] = "1000000";
        overrides["Mqtt:MaxConnections"] = (settings.Shoppers + Gateways + 10).ToString(CultureInfo.InvariantCulture);
        overrides["Kiosk:Staff:0:UserName"] = StaffUser;
        overrides["Kiosk:Staff:0:PasswordHash"] = DeviceSecretHasher.Hash(StaffPassword);
        overrides["Analytics:Zones:0:Id"] = "floor";
        overrides["Analytics:Zones:0:Skus:0"] = Sku;
        if (settings.FetchWaitMs is { } fetchWait)
        {
            overrides["Analytics:FetchWaitMs"] = fetchWait.ToString(CultureInfo.InvariantCulture);
        }
        for (var i = 0; i < gateways.Length; i++)
        {
            overrides[$"Analytics:Zones:0:Gateways:{i}"] = gateways[i].Id;
            overrides[$"Devices:Seed:{i}:Id"] = gateways[i].Id;
            overrides[$"Devices:Seed:{i}:Kind"] = "beacon-gateway";
            overrides[$"Devices:Seed:{i}:Secret"] = gateways[i].Secret;
            overrides[$"Devices:Seed:{i}:Enabled"] = "true";
        }
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"offer benchmark: {Gateways} beacon gateways x {PublishersPerGateway} publishers, {settings.Rate} sightings/s for {settings.Duration} s (QoS 1), {settings.Shoppers} opted-in shoppers with phones, Analytics:FetchWaitMs={settings.FetchWaitMs?.ToString(CultureInfo.InvariantCulture) ?? "default"}")).ConfigureAwait(false);

        var clients = new ConcurrentBag<IMqttClient>();
        try
        {
            await using var app = EdgeApplication.Create([], overrides);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var port = app.Services.GetRequiredService<MqttEndpoints>().Port;
            using var staff = await SignInAsync(new Uri(app.Urls.First()), cancellationToken).ConfigureAwait(false);
            await PostAsync(staff, "/live/feature", new { sku = Sku, minutes = 120 }, cancellationToken).ConfigureAwait(false);
            await PostAsync(staff, $"/stock/{Sku}/count", new { quantity = 1_000_000 }, cancellationToken).ConfigureAwait(false);

            var received = new ConcurrentQueue<(long At, byte[] Payload)>();
            await Parallel.ForEachAsync(Enumerable.Range(0, settings.Shoppers), new ParallelOptions { MaxDegreeOfParallelism = SetupParallelism, CancellationToken = cancellationToken }, async (i, token) =>
                clients.Add(await PhoneAsync(staff, port, Shopper(i), received, token).ConfigureAwait(false))).ConfigureAwait(false);
            var publishers = new IMqttClient[gateways.Length];
            for (var i = 0; i < gateways.Length; i++)
            {
                publishers[i] = await Benchmark.ConnectAsync(port, gateways[i].Id, gateways[i].Id, gateways[i].Secret, cancellationToken).ConfigureAwait(false);
                clients.Add(publishers[i]);
            }

            clients.Add(await WarmUpAsync(staff, port, publishers, gateways.Select(g => g.Id).ToArray(), settings.Sightings + 1, cancellationToken).ConfigureAwait(false));
            var load = await PublishAsync(settings, publishers, gateways.Select(g => g.Id).ToArray(), cancellationToken).ConfigureAwait(false);
            var expected = Enumerable.Range(0, (int)settings.Sightings).Select(k => ShopperOf(k, settings)).Distinct().Count();
            await WaitForOffersAsync(received, expected, cancellationToken).ConfigureAwait(false);
            var written = OffersWritten(app.Services.GetRequiredService<KafkaCluster>().BootstrapServers);
            await ReportAsync(output, settings, load, received, written, expected).ConfigureAwait(false);
            await Parallel.ForEachAsync(clients, cancellationToken, async (client, _) => await client.DisconnectAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false)).ConfigureAwait(false);
            await app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
        Directory.Delete(data, recursive: true);
        return 0;
    }

    /// <summary>
    /// Send and PUBACK times (stopwatch ticks) per sighting, index k for the sighting with sequence k + 1;
    /// <paramref name="StartedAt"/> is the wall-clock time of <paramref name="Started"/>.
    /// </summary>
    private sealed record Load(long[] Sent, long[] Acknowledged, long Refused, long Started, DateTimeOffset StartedAt)
    {
        /// <summary>Milliseconds from the start to a stopwatch time.</summary>
        public double At(long ticks) => (ticks - Started) * 1000.0 / Stopwatch.Frequency;

        /// <summary>Milliseconds from the start to a wall-clock time.</summary>
        public double At(DateTime utc) => (utc - StartedAt.UtcDateTime).TotalMilliseconds;

        /// <summary>The sighting named by an offer's trigger id (<c>{storeId}:{deviceId}:sighting:{sequence}</c>), or -1.</summary>
        public long IndexOf(string triggerId) =>
            long.TryParse(triggerId.AsSpan(triggerId.LastIndexOf(':') + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) && sequence >= 1 && sequence <= Sent.Length
                ? sequence - 1
                : -1;
    }

    private static string Shopper(int index) => string.Create(CultureInfo.InvariantCulture, $"shopper-{index:00000}");

    /// <summary>
    /// The shopper of sighting <paramref name="k"/>: shoppers come in waves of <see cref="ShoppersPerWave"/>, each
    /// sighted in turn until every one of the wave has had its share, so first sightings (and offers) come all run long.
    /// </summary>
    private static int ShopperOf(long k, Settings settings)
    {
        var wave = Math.Min(ShoppersPerWave, settings.Shoppers);
        var perWave = (long)wave * Math.Max(1, settings.Sightings / settings.Shoppers);
        return (int)((((k / perWave) * wave) + (k % perWave % wave)) % settings.Shoppers);
    }

    private static async Task<HttpClient> SignInAsync(Uri edge, CancellationToken cancellationToken)
    {
        var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = edge };
        using var form = new FormUrlEncodedContent([new("userName", StaffUser), new("password", StaffPassword)]);
        using var signIn = await http.PostAsync(new Uri(KioskEndpoints.SignInPath, UriKind.Relative), form, cancellationToken).ConfigureAwait(false);
        if (signIn.StatusCode != HttpStatusCode.SeeOther)
        {
            http.Dispose();
            throw new InvalidOperationException($"staff sign-in answered {(int)signIn.StatusCode}");
        }
        return http;
    }

    private static async Task PostAsync(HttpClient staff, string path, object body, CancellationToken cancellationToken)
    {
        using var response = await staff.PostAsJsonAsync(new Uri(path, UriKind.Relative), body, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)}");
        }
    }

    /// <summary>Opts the shopper in and connects its phone, subscribed to its offers; what it receives goes to <paramref name="received"/>.</summary>
    private static async Task<IMqttClient> PhoneAsync(HttpClient http, int port, string shopper, ConcurrentQueue<(long At, byte[] Payload)> received, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync(new Uri($"/shoppers/{shopper}/opt-in", UriKind.Relative), null, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"opt-in of {shopper} answered {(int)response.StatusCode}");
        }
        using var optIn = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        string Field(string name) => optIn.RootElement.GetProperty(name).GetString() ?? throw new InvalidOperationException($"opt-in of {shopper} has no {name}");
        var phone = await Benchmark.ConnectAsync(port, Field("mqttUserName"), Field("mqttUserName"), Field("key"), cancellationToken).ConfigureAwait(false);
        phone.ApplicationMessageReceivedAsync += e =>
        {
            received.Enqueue((Stopwatch.GetTimestamp(), e.ApplicationMessage.Payload.ToArray()));
            return Task.CompletedTask;
        };
        var subscribed = await phone.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(Field("offersTopic"), MqttQualityOfServiceLevel.AtLeastOnce).Build(), cancellationToken).ConfigureAwait(false);
        if (subscribed.Items.Single().ResultCode != MqttClientSubscribeResultCode.GrantedQoS1)
        {
            phone.Dispose();
            throw new InvalidOperationException($"the phone of {shopper} could not subscribe: {subscribed.Items.Single().ResultCode}");
        }
        return phone;
    }

    /// <summary>Every sighting on its slot (start + k / rate), round robin over the gateways, several in flight per gateway.</summary>
    private static async Task<Load> PublishAsync(Settings settings, IMqttClient[] publishers, string[] gatewayIds, CancellationToken cancellationToken)
    {
        var total = settings.Sightings;
        var sent = new long[total];
        var acknowledged = new long[total];
        long refused = 0;
        long next = -1;
        var now = Stopwatch.GetTimestamp();
        var startedAt = DateTimeOffset.UtcNow.AddMilliseconds(100);
        var started = now + (Stopwatch.Frequency / 10);
        var workers = Enumerable.Range(0, publishers.Length * PublishersPerGateway).Select(_ => Task.Run(async () =>
        {
            long k;
            while ((k = Interlocked.Increment(ref next)) < total)
            {
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), started + (k * Stopwatch.Frequency / settings.Rate));
                if (wait > TimeSpan.FromMilliseconds(1))
                {
                    await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                }
                var gateway = (int)(k % publishers.Length);
                var message = Sighting(gatewayIds[gateway], Shopper(ShopperOf(k, settings)), k + 1);
                sent[k] = Stopwatch.GetTimestamp();
                var result = await publishers[gateway].PublishAsync(message, cancellationToken).ConfigureAwait(false);
                acknowledged[k] = Stopwatch.GetTimestamp();
                if (!result.IsSuccess)
                {
                    Interlocked.Increment(ref refused);
                }
            }
        }, cancellationToken)).ToArray();
        await Task.WhenAll(workers).ConfigureAwait(false);
        return new Load(sent, acknowledged, refused, started, startedAt);
    }

    private static MqttApplicationMessage Sighting(string gatewayId, string shopper, long sequence) => new MqttApplicationMessageBuilder()
        .WithTopic($"lc/v1/{Benchmark.StoreId}/{gatewayId}/sighting")
        .WithPayload(Benchmark.Sighting(gatewayId, shopper, -60, sequence, DateTimeOffset.UtcNow))
        .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
        .Build();

    /// <summary>
    /// Warms up what the first offer of a run pays for once (JIT, the offer model's first inference, first writes):
    /// a shopper of its own, sighted by every gateway (sequences after the measured ones) until its phone has the offer.
    /// </summary>
    private static async Task<IMqttClient> WarmUpAsync(HttpClient staff, int port, IMqttClient[] publishers, string[] gatewayIds, long firstSequence, CancellationToken cancellationToken)
    {
        var received = new ConcurrentQueue<(long At, byte[] Payload)>();
        var phone = await PhoneAsync(staff, port, "warm-up", received, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < publishers.Length; i++)
        {
            await publishers[i].PublishAsync(Sighting(gatewayIds[i], "warm-up", firstSequence + i), cancellationToken).ConfigureAwait(false);
        }
        var deadline = Stopwatch.StartNew();
        while (received.IsEmpty)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken).ConfigureAwait(false);
            if (deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException("the warm-up shopper got no offer in 30 s");
            }
        }
        return phone;
    }

    /// <summary>Until every expected offer is in, or none came for 5 s.</summary>
    private static async Task WaitForOffersAsync(ConcurrentQueue<(long At, byte[] Payload)> received, int expected, CancellationToken cancellationToken)
    {
        var quiet = Stopwatch.StartNew();
        var seen = received.Count;
        while (received.Count < expected && quiet.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken).ConfigureAwait(false);
            if (received.Count != seen)
            {
                seen = received.Count;
                quiet.Restart();
            }
        }
    }

    /// <summary>When the store state wrote each offer to <c>store.offers</c> (record timestamp), by trigger id.</summary>
    private static Dictionary<string, DateTime> OffersWritten(string bootstrap)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "bench-offers-written",
            EnableAutoCommit = false,
            EnablePartitionEof = true,
        }).Build();
        var partitions = Topics.Local.Single(t => t.Name == Topics.StoreOffers).Partitions;
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(Topics.StoreOffers, p, Offset.Beginning)));
        var written = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        var ended = new HashSet<int>();
        while (ended.Count < partitions)
        {
            var record = consumer.Consume(TimeSpan.FromSeconds(10)) ?? throw new TimeoutException($"{Topics.StoreOffers} could not be read to its end");
            if (record.IsPartitionEOF)
            {
                ended.Add(record.Partition.Value);
            }
            else if (record.Message.Value is { } value && JsonSerializer.Deserialize(value, ContractsJsonContext.Default.StoreOffer) is { } offer)
            {
                written[offer.TriggerId] = record.Message.Timestamp.UtcDateTime;
            }
        }
        consumer.Close();
        return written;
    }

    private static async Task ReportAsync(TextWriter output, Settings settings, Load load, ConcurrentQueue<(long At, byte[] Payload)> received, Dictionary<string, DateTime> written, int expected)
    {
        var ingest = load.Sent.Zip(load.Acknowledged, (sent, acked) => load.At(acked) - load.At(sent)).Order().ToList();
        var offers = new List<double>(received.Count);
        var stages = new[] { new List<double>(), new List<double>(), new List<double>() };
        var unmatched = 0;
        foreach (var (at, payload) in received)
        {
            var trigger = JsonSerializer.Deserialize(payload, ContractsJsonContext.Default.StoreOffer)?.TriggerId ?? "";
            var k = load.IndexOf(trigger);
            if (k < 0)
            {
                unmatched++;
                continue;
            }
            offers.Add(load.At(at) - load.At(load.Sent[k]));
            if (written.TryGetValue(trigger, out var writtenAt))
            {
                stages[0].Add(load.At(load.Acknowledged[k]) - load.At(load.Sent[k]));
                stages[1].Add(load.At(writtenAt) - load.At(load.Acknowledged[k]));
                stages[2].Add(load.At(at) - load.At(writtenAt));
            }
        }
        var seconds = load.At(load.Acknowledged.Max()) / 1000;
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"sightings: {load.Sent.Length - load.Refused} acknowledged, {load.Refused} refused in {seconds:F1} s: {load.Sent.Length / seconds:F0}/s achieved (target {settings.Rate}/s)")).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"offers: {received.Count} received on phones, {expected} expected, {unmatched} without a known trigger")).ConfigureAwait(false);
        await output.WriteLineAsync($"{"latency (ms)",-46}{"p50",9}{"p90",9}{"p99",9}{"max",9}").ConfigureAwait(false);
        await LatencyRowAsync(output, "sighting -> offer on the phone", offers).ConfigureAwait(false);
        await LatencyRowAsync(output, "baseline: ingest, publish -> PUBACK", ingest).ConfigureAwait(false);
        await output.WriteLineAsync("where the offers' time goes (store.offers record time, ms clock):").ConfigureAwait(false);
        await LatencyRowAsync(output, "  1. trigger sighting publish -> PUBACK", stages[0]).ConfigureAwait(false);
        await LatencyRowAsync(output, "  2. PUBACK -> offer produced by store state", stages[1]).ConfigureAwait(false);
        await LatencyRowAsync(output, "  3. offer produced -> received on the phone", stages[2]).ConfigureAwait(false);
        var p99 = Benchmark.Percentile(offers, 0.99);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"target: sighting -> offer p99 < {TargetP99Ms:F0} ms {Benchmark.Verdict(p99 < TargetP99Ms)}")).ConfigureAwait(false);
        if (received.Count != expected)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"warning: {expected} offers expected (one per shopper sighted), {received.Count} received")).ConfigureAwait(false);
        }
    }

    private static Task LatencyRowAsync(TextWriter output, string name, List<double> latencies)
    {
        latencies.Sort();
        return output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{name,-46}{Benchmark.Percentile(latencies, 0.50),9:F2}{Benchmark.Percentile(latencies, 0.90),9:F2}{Benchmark.Percentile(latencies, 0.99),9:F2}{Benchmark.Percentile(latencies, 1.0),9:F2}"));
    }
}
