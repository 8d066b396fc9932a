using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Confluent.Kafka;
using LiveCommerce.Cloud;
using LiveCommerce.Contracts;
using LiveCommerce.Edge;
using LiveCommerce.Edge.Gateway;
using LiveCommerce.Edge.Observability;
using LiveCommerce.Edge.Uplink;
using LiveCommerce.Provisioning.Simulation;
using LiveCommerce.Kafka;
using LiveCommerce.Kafka.Embedded;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace LiveCommerce.Provisioning.Commands;

/// <summary>
/// <c>sandbox</c>: a local fleet in one process: an embedded cloud cluster with the cloud host, and
/// N stores, each with its own embedded cluster and edge host.
/// </summary>
public static class SandboxCommand
{
    private static readonly TimeSpan s_statusInterval = TimeSpan.FromSeconds(5);

    public sealed record Settings(int Stores, int? DurationSeconds, int SalesPerSecond)
    {
        public static Settings From(CommandLineOptions options)
        {
            var settings = new Settings(options.Number("stores", 2, 1, 50), options.OptionalInt("duration", 1, 86_400), options.Number("rate", 2, 1, 1000));
            options.RejectUnknown();
            return settings;
        }
    }

    public static async Task<int> RunAsync(Settings settings, TextWriter output, CancellationToken cancellationToken)
    {
        var dataRoot = Path.Combine(Path.GetTempPath(), $"livecommerce-sandbox-{Environment.ProcessId}");
        await using var fleet = new SandboxFleet(dataRoot);
        try
        {
            await fleet.StartAsync(settings.Stores, cancellationToken).ConfigureAwait(false);
            using var devicesStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            await fleet.StartDevicesAsync(settings.SalesPerSecond, devicesStop.Token).ConfigureAwait(false);
            // The duration counts from here: the fleet's start-up time is not taken from the devices' run.
            var started = Stopwatch.StartNew();
            await WriteEndpointsAsync(fleet, output).ConfigureAwait(false);

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var end = settings.DurationSeconds is int seconds ? TimeSpan.FromSeconds(seconds) : Timeout.InfiniteTimeSpan;
            
            while (end == Timeout.InfiniteTimeSpan || started.Elapsed < end)
            {
                var remaining = end == Timeout.InfiniteTimeSpan ? s_statusInterval : end - started.Elapsed;
                if (remaining <= TimeSpan.Zero)
                {
                    break;
                }
                try
                {
                    await Task.Delay(remaining < s_statusInterval ? remaining : s_statusInterval, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                await WriteStatusAsync(fleet, http, started.Elapsed, output).ConfigureAwait(false);
            }

            await devicesStop.CancelAsync().ConfigureAwait(false);
            await fleet.StopDevicesAsync().ConfigureAwait(false);
            await WaitForCloudAsync(fleet, http, TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            await WriteSummaryAsync(fleet, http, started.Elapsed, output).ConfigureAwait(false);
            return 0;
        }
        finally
        {
            await fleet.DisposeAsync().ConfigureAwait(false);
            if (Directory.Exists(dataRoot))
            {
                Directory.Delete(dataRoot, recursive: true);
            }
        }
    }

    private static async Task WriteEndpointsAsync(SandboxFleet fleet, TextWriter output)
    {
        await output.WriteLineAsync("LiveCommerce sandbox").ConfigureAwait(false);
        await output.WriteLineAsync($"cloud  web {fleet.Cloud.Url}  kafka {fleet.Cloud.Bootstrap}").ConfigureAwait(false);
        await output.WriteLineAsync($"{"store",-8}{"mqtt",-8}{"web",-28}local kafka").ConfigureAwait(false);
        foreach (var store in fleet.Stores)
        {
            await output.WriteLineAsync($"{store.StoreId,-8}{store.MqttPort,-8}{store.Url,-28}{store.Bootstrap}").ConfigureAwait(false);
        }
        await output.FlushAsync().ConfigureAwait(false);
    }

    private static async Task WriteStatusAsync(SandboxFleet fleet, HttpClient http, TimeSpan elapsed, TextWriter output)
    {
        var parts = new List<string> { $"[{elapsed.TotalSeconds,5:F0}s]", $"cloud {await HealthAsync(http, fleet.Cloud.Url).ConfigureAwait(false)}" };
        foreach (var store in fleet.Stores)
        {
            var uplink = store.Uplink!;
            var (issued, redeemed) = await OffersAsync(http, store.Url).ConfigureAwait(false);
            parts.Add($"{store.StoreId} {await HealthAsync(http, store.Url).ConfigureAwait(false)} acked={store.Devices?.Accepted} local={store.LocalRecordCount(_ => true)} link={(uplink.LinkUp ? "up" : "down")} mirrored={uplink.Mirrored} lag={string.Join('/', uplink.Lags().Select(l => l.LagRecords))} offers={issued}/{redeemed}");
        }
        await output.WriteLineAsync(string.Join("  ", parts)).ConfigureAwait(false);
        await output.FlushAsync().ConfigureAwait(false);
    }

    private static async Task WriteSummaryAsync(SandboxFleet fleet, HttpClient http, TimeSpan elapsed, TextWriter output)
    {
        await output.WriteLineAsync($"summary after {elapsed.TotalSeconds.ToString("F0", CultureInfo.InvariantCulture)} s").ConfigureAwait(false);
        await output.WriteLineAsync($"{"store",-8}{"health",-10}{"devices acked",15}{"edge accepted",15}{"edge refused",14}{"device records",16}{"store events",14}{"cloud distinct",16}{"duplicates",12}{"lost",6}{"offers",8}{"redeemed",10}").ConfigureAwait(false);
        await output.WriteLineAsync($"{"cloud",-8}{await HealthAsync(http, fleet.Cloud.Url).ConfigureAwait(false),-10}").ConfigureAwait(false);
        var cloud = await CloudStoresAsync(http, fleet.Cloud.Url).ConfigureAwait(false);
        foreach (var store in fleet.Stores)
        {
            var metrics = store.Metrics!;
            var (events, duplicates, lost) = cloud.GetValueOrDefault(store.StoreId);
            var (issued, redeemed) = await OffersAsync(http, store.Url).ConfigureAwait(false);
            await output.WriteLineAsync($"{store.StoreId,-8}{await HealthAsync(http, store.Url).ConfigureAwait(false),-10}{store.Devices!.Accepted,15}{metrics.Accepted,15}{metrics.Rejected.Values.Sum(),14}{store.LocalRecordCount(IsDeviceTopic),16}{store.LocalRecordCount(IsMirrored),14}{events,16}{duplicates,12}{lost,6}{issued,8}{redeemed,10}").ConfigureAwait(false);
        }
        await output.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>Local topics devices write to (through the gateway).</summary>
    private static bool IsDeviceTopic(string topic) => EventCatalog.All.Any(k => k.Topic == topic);

    /// <summary>Local topics the uplink mirrors to the cloud: the device topics and what the edge itself writes (offers, zone events, redemptions...).</summary>
    private static bool IsMirrored(string topic) => !Topics.IsDownlinked(topic);

    /// <summary>Waits (bounded) until the cloud's fleet monitor has every event of the stores' mirrored topics.</summary>
    private static async Task WaitForCloudAsync(SandboxFleet fleet, HttpClient http, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var cloud = await CloudStoresAsync(http, fleet.Cloud.Url).ConfigureAwait(false);
            if (fleet.Stores.All(s => cloud.GetValueOrDefault(s.StoreId).Events >= s.LocalRecordCount(IsMirrored)))
            {
                return;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(250)).ConfigureAwait(false);
        }
    }

    /// <summary>Per store: distinct events in the cloud, duplicate records seen, records lost (the fleet monitor's <c>GET /stores</c>).</summary>
    private static async Task<Dictionary<string, (long Events, long Duplicates, long Lost)>> CloudStoresAsync(HttpClient http, string url)
    {
        var result = new Dictionary<string, (long, long, long)>(StringComparer.Ordinal);
        try
        {
            using var json = JsonDocument.Parse(await http.GetStringAsync(new Uri(new Uri(url), "/stores")).ConfigureAwait(false));
            foreach (var store in json.RootElement.EnumerateArray())
            {
                result[store.GetProperty("storeId").GetString()!] = (store.GetProperty("events").GetInt64(), store.GetProperty("duplicates").GetInt64(), store.GetProperty("lost").GetInt64());
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            // The cloud is not answering: the summary shows zeros.
        }
        return result;
    }

    /// <summary>Offers the store's edge made and how many were redeemed (<c>GET /offers/summary</c>).</summary>
    private static async Task<(long Issued, long Redeemed)> OffersAsync(HttpClient http, string url)
    {
        try
        {
            using var json = JsonDocument.Parse(await http.GetStringAsync(new Uri(new Uri(url), "/offers/summary")).ConfigureAwait(false));
            return (json.RootElement.GetProperty("issued").GetInt64(), json.RootElement.GetProperty("redeemed").GetInt64());
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            return (0, 0);
        }
    }

    private static async Task<string> HealthAsync(HttpClient http, string url)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(new Uri(url), "/healthz")).ConfigureAwait(false);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync().ConfigureAwait(false));
            return json.RootElement.GetProperty("status").GetString() ?? "unknown";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            return "unreachable";
        }
    }

    /// <summary>The running hosts of the fleet; disposing stops edges first, then the cloud.</summary>
    private sealed class SandboxFleet(string dataRoot) : IAsyncDisposable
    {
        private readonly List<SandboxHost> _stores = [];
        private SandboxHost? _cloud;
        private EmbeddedKafka? _cloudKafka;

        public SandboxHost Cloud => _cloud ?? throw new InvalidOperationException("the fleet has not started");

        public IReadOnlyList<SandboxHost> Stores => _stores;

        public async Task StartAsync(int stores, CancellationToken cancellationToken)
        {
            // The sandbox owns the cloud cluster so that every store's cloud topics exist before the
            // cloud services subscribe (the embedded cluster has no CreateTopics API; a real cloud
            // cluster gets them from each edge's admin client).
            _cloudKafka = EmbeddedKafka.Start(3);
            var storeIds = Enumerable.Range(1, stores).Select(i => $"s{i:000}").ToList();
            foreach (var topic in storeIds.SelectMany(id => Topics.CloudTopicsFor(id).Concat(Topics.DownlinkSourcesFor(id))).DistinctBy(t => t.Name))
            {
                _cloudKafka.CreateTopic(topic.Name, topic.Partitions);
            }
            SandboxCatalog.Publish(_cloudKafka.BootstrapServers, storeIds, DateTimeOffset.UtcNow);
            var cloudSettings = Common();
            cloudSettings["Kafka:BootstrapServers"] = _cloudKafka.BootstrapServers;
            cloudSettings["Cloud:DataDirectory"] = Path.Combine(dataRoot, "cloud");
            _cloud = await SandboxHost.StartAsync(CloudApplication.Create([], cloudSettings), "cloud", cancellationToken).ConfigureAwait(false);
            foreach (var storeId in storeIds)
            {
                var devices = StoreDevices.Create(storeId);
                var settings = Common();
                settings["Edge:StoreId"] = storeId;
                settings["Edge:DataDirectory"] = Path.Combine(dataRoot, storeId);
                settings["Uplink:CloudBootstrapServers"] = _cloudKafka.BootstrapServers;
                foreach (var (key, value) in devices.SeedSettings())
                {
                    settings[key] = value;
                }
                var store = await SandboxHost.StartAsync(EdgeApplication.Create([], settings), storeId, cancellationToken).ConfigureAwait(false);
                store.Devices = devices;
                _stores.Add(store);
            }
        }

        public async Task StartDevicesAsync(int salesPerSecond, CancellationToken cancellationToken)
        {
            foreach (var store in _stores)
            {
                await store.Devices!.StartShoppersAsync(store.Url, "127.0.0.1", store.MqttPort, cancellationToken).ConfigureAwait(false);
                store.Devices.Start("127.0.0.1", store.MqttPort, salesPerSecond, cancellationToken);
            }
        }

        public async Task StopDevicesAsync()
        {
            foreach (var store in _stores)
            {
                if (store.Devices is not null)
                {
                    await store.Devices.DisposeAsync().ConfigureAwait(false);
                }
            }
        }

        private static Dictionary<string, string?> Common() => new()
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Mqtt:Port"] = "0",
            ["Mqtt:BindAddress"] = "127.0.0.1",
            ["Kafka:BootstrapServers"] = KafkaOptions.Embedded,
            ["Logging:LogLevel:Default"] = "Warning",
        };

        public async ValueTask DisposeAsync()
        {
            foreach (var store in _stores)
            {
                await store.DisposeAsync().ConfigureAwait(false);
            }
            _stores.Clear();
            if (_cloud is not null)
            {
                await _cloud.DisposeAsync().ConfigureAwait(false);
                _cloud = null;
            }
            _cloudKafka?.Dispose();
            _cloudKafka = null;
        }
    }

    private sealed class SandboxHost(WebApplication app, string storeId) : IAsyncDisposable
    {
        public string StoreId => storeId;

        public string Url => app.Urls.First();

        public int MqttPort => app.Services.GetService<MqttEndpoints>()?.Port ?? 0;

        public StoreDevices? Devices { get; set; }

        public GatewayMetrics? Metrics => app.Services.GetService<GatewayMetrics>();

        public KafkaCluster Cluster => app.Services.GetRequiredService<KafkaCluster>();

        public string Bootstrap => Cluster.BootstrapServers;

        public UplinkStatus? Uplink => app.Services.GetService<UplinkStatus>();

        public static async Task<SandboxHost> StartAsync(WebApplication app, string storeId, CancellationToken cancellationToken)
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            return new SandboxHost(app, storeId);
        }

        /// <summary>Records in the store's local topics that <paramref name="include"/> (sum of high watermarks).</summary>
        public long LocalRecordCount(Func<string, bool> include)
        {
            using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = Bootstrap, GroupId = "lc-sandbox-watch" }).Build();
            long total = 0;
            foreach (var topic in Topics.Local.Where(t => include(t.Name)))
            {
                for (var p = 0; p < topic.Partitions; p++)
                {
                    try
                    {
                        total += consumer.QueryWatermarkOffsets(new TopicPartition(topic.Name, p), TimeSpan.FromSeconds(2)).High.Value;
                    }
                    catch (KafkaException)
                    {
                        // Partition not there (yet): counts as empty.
                    }
                }
            }
            return total;
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync().ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }
}
