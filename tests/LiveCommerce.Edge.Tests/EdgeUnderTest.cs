using LiveCommerce.Contracts;
using LiveCommerce.Edge.Gateway;
using LiveCommerce.Edge.Observability;
using LiveCommerce.Kafka.Embedded;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Formatter;

namespace LiveCommerce.Edge.Tests;

/// <summary>An edge host on loopback with its own embedded Kafka cluster (outside the host, so tests can fail its brokers).</summary>
internal sealed class EdgeUnderTest : IAsyncDisposable
{
    public const string StoreId = "s042";
    private readonly string _data = Path.Combine(Path.GetTempPath(), "lc-edge-" + Guid.NewGuid().ToString("N"));

    private EdgeUnderTest(EmbeddedKafka kafka) => Kafka = kafka;

    public EmbeddedKafka Kafka { get; }

    public WebApplication App { get; private set; } = null!;

    public int MqttPort => App.Services.GetRequiredService<MqttEndpoints>().Port;

    public string HttpUrl => App.Urls.First();

    public GatewayMetrics Metrics => App.Services.GetRequiredService<GatewayMetrics>();

    public static readonly (string Id, string Kind, string Secret)[] Devices =
    [
        ("pos-01", "pos", "pos-01-secret"),
        ("pos-02", "pos", "pos-02-secret"),
        ("pos-off", "pos", "pos-off-secret"),
        ("beacon-gw-01", "beacon-gateway", "beacon-gw-01-secret"),
        ("sensor-01", "sensor", "sensor-01-secret"),
    ];

    /// <summary>The cloud cluster when the edge was started with an uplink.</summary>
    public EmbeddedKafka? Cloud { get; private set; }

    public static async Task<EdgeUnderTest> StartAsync(params (string Key, string Value)[] settings)
    {
        var kafka = EmbeddedKafka.Start(1);
        foreach (var topic in Topics.Local)
        {
            kafka.CreateTopic(topic.Name, topic.Partitions);
        }
        var edge = new EdgeUnderTest(kafka);
        await edge.StartAppAsync(settings);
        return edge;
    }

    /// <summary>An edge with an uplink to its own embedded cloud cluster (3 brokers), the store's cloud topics created.</summary>
    public static Task<EdgeUnderTest> StartWithCloudAsync(params (string Key, string Value)[] settings) => StartWithCloudAsync([], settings);

    /// <summary>The same, with more cloud topics created before the edge starts (e.g. <see cref="Topics.DownlinkSourcesFor"/>).</summary>
    public static async Task<EdgeUnderTest> StartWithCloudAsync(IEnumerable<TopicSpec> moreCloudTopics, params (string Key, string Value)[] settings)
    {
        var cloud = EmbeddedKafka.Start(3);
        foreach (var topic in Topics.CloudTopicsFor(StoreId).Concat(moreCloudTopics))
        {
            cloud.CreateTopic(topic.Name, topic.Partitions);
        }
        var kafka = EmbeddedKafka.Start(1);
        foreach (var topic in Topics.Local)
        {
            kafka.CreateTopic(topic.Name, topic.Partitions);
        }
        var edge = new EdgeUnderTest(kafka) { Cloud = cloud };
        await edge.StartAppAsync([("Uplink:CloudBootstrapServers", cloud.BootstrapServers), .. settings]);
        return edge;
    }

    public async Task StartAppAsync(params (string Key, string Value)[] settings)
    {
        var overrides = new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Mqtt:Port"] = "0",
            ["Mqtt:BindAddress"] = "127.0.0.1",
            ["Edge:StoreId"] = StoreId,
            ["Edge:DataDirectory"] = _data,
            ["Kafka:BootstrapServers"] = Kafka.BootstrapServers,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        for (var i = 0; i < Devices.Length; i++)
        {
            overrides[$"Devices:Seed:{i}:Id"] = Devices[i].Id;
            overrides[$"Devices:Seed:{i}:Kind"] = Devices[i].Kind;
            overrides[$"Devices:Seed:{i}:Secret"] = Devices[i].Secret;
            overrides[$"Devices:Seed:{i}:Enabled"] = Devices[i].Id == "pos-off" ? "false" : "true";
        }
        foreach (var (key, value) in settings)
        {
            overrides[key] = value;
        }
        App = EdgeApplication.Create([], overrides);
        await App.StartAsync();
    }

    public async Task StopAppAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }

    public MqttClientOptionsBuilder ClientOptions(string deviceId, MqttProtocolVersion version = MqttProtocolVersion.V500, string? secret = null, string? clientId = null) =>
        new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", MqttPort)
            .WithClientId(clientId ?? deviceId)
            .WithCredentials(deviceId, secret ?? Devices.First(d => d.Id == deviceId).Secret)
            .WithProtocolVersion(version)
            .WithTimeout(TimeSpan.FromSeconds(30));

    public async Task<IMqttClient> ConnectAsync(string deviceId, MqttProtocolVersion version = MqttProtocolVersion.V500)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(ClientOptions(deviceId, version).Build());
        return client;
    }

    public static string Topic(string deviceId, string eventType) => MqttTopic.For(StoreId, deviceId, eventType);

    public async ValueTask DisposeAsync()
    {
        await StopAppAsync();
        Kafka.Dispose();
        Cloud?.Dispose();
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }
}
