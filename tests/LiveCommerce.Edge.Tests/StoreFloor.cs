using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using LiveCommerce.Contracts;
using LiveCommerce.Edge.Analytics;
using LiveCommerce.Edge.Devices;
using LiveCommerce.Edge.Kiosk;
using LiveCommerce.Edge.Offers;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Protocol;

namespace LiveCommerce.Edge.Tests;

/// <summary>
/// A store floor for offer tests: a kitchen zone (gateway <c>beacon-gw-01</c>, category <c>cookware</c> and sku
/// <c>sku-mug</c>) and a garden zone (<c>beacon-gw-02</c>), shoppers' phones that opt in and subscribe to their
/// offers, and the beacon gateways that see them.
/// </summary>
internal sealed class StoreFloor : IAsyncDisposable
{
    public const string Kitchen = "beacon-gw-01";
    public const string Garden = "beacon-gw-02";
    private const string GardenSecret = "beacon-gw-02-secret";

    public const string StaffUser = "floor-manager";
    private const string StaffPassword = "floor-manager-password";
    private static readonly string s_staffHash = DeviceSecretHasher.Hash(StaffPassword);

    public static readonly (string Key, string Value)[] Settings =
    [
        ("Kiosk:Staff:0:UserName", StaffUser),
        ("Kiosk:Staff:0:PasswordHash", s_staffHash),
        ("Analytics:Zones:0:Id", "kitchen"),
        ("Analytics:Zones:0:Gateways:0", Kitchen),
        ("Analytics:Zones:0:Categories:0", "cookware"),
        ("Analytics:Zones:0:Skus:0", "sku-mug"),
        ("Analytics:Zones:1:Id", "garden"),
        ("Analytics:Zones:1:Gateways:0", Garden),
        ("Devices:Seed:5:Id", Garden),
        ("Devices:Seed:5:Kind", "beacon-gateway"),
        ("Devices:Seed:5:Secret", GardenSecret),
        ("Devices:Seed:5:Enabled", "true"),
        ("Offers:OnAirDiscountPercent", "20"),
    ];

    private readonly Dictionary<string, IMqttClient> _gateways;
    private readonly List<IMqttClient> _phones = [];
    private long _sequence;

    private StoreFloor(EdgeUnderTest edge, HttpClient http, Dictionary<string, IMqttClient> gateways) => (Edge, Http, _gateways) = (edge, http, gateways);

    public EdgeUnderTest Edge { get; }

    public HttpClient Http { get; }

    /// <summary>Offers received per shopper token, in arrival order.</summary>
    public ConcurrentDictionary<string, ConcurrentQueue<StoreOffer>> Received { get; } = new();

    public long SightingsPublished => _sequence;

    public static async Task<StoreFloor> ConnectAsync(EdgeUnderTest edge)
    {
        var factory = new MqttClientFactory();
        var kitchen = factory.CreateMqttClient();
        await kitchen.ConnectAsync(edge.ClientOptions(Kitchen).Build());
        var garden = factory.CreateMqttClient();
        await garden.ConnectAsync(edge.ClientOptions(Garden, secret: GardenSecret).Build());
        // Signed in as staff: the kiosk's actions need it.
        var http = new HttpClient(new HttpClientHandler { CookieContainer = new System.Net.CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = new Uri(edge.HttpUrl) };
        using var signIn = await http.PostAsync(KioskEndpoints.SignInPath, new FormUrlEncodedContent([new("userName", StaffUser), new("password", StaffPassword)]));
        Assert.Equal(System.Net.HttpStatusCode.SeeOther, signIn.StatusCode);
        return new StoreFloor(edge, http, new() { [Kitchen] = kitchen, [Garden] = garden });
    }

    /// <summary>Opts the shopper in over HTTP; the key.</summary>
    public async Task<OptInResponse> OptInAsync(string token)
    {
        using var response = await Http.PostAsync($"/shoppers/{token}/opt-in", null);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<OptInResponse>(new JsonSerializerOptions(JsonSerializerDefaults.Web)))!;
    }

    /// <summary>The shopper's phone: signs in with its key (over MQTT's TCP port, or WebSockets on the web port) and subscribes to its offers.</summary>
    public async Task<IMqttClient> PhoneAsync(OptInResponse optIn, bool overWebSockets = false)
    {
        var phone = new MqttClientFactory().CreateMqttClient();
        var options = new MqttClientOptionsBuilder();
        options = overWebSockets
            ? options.WithWebSocketServer(o => o.WithUri($"ws://127.0.0.1:{new Uri(Edge.HttpUrl).Port}/mqtt"))
            : options.WithTcpServer("127.0.0.1", Edge.MqttPort);
        var connected = await phone.ConnectAsync(options
            .WithClientId(optIn.MqttUserName)
            .WithCredentials(optIn.MqttUserName, optIn.Key)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .Build());
        Assert.Equal(MqttClientConnectResultCode.Success, connected.ResultCode);
        var queue = Received.GetOrAdd(optIn.ShopperToken, _ => new());
        phone.ApplicationMessageReceivedAsync += e =>
        {
            queue.Enqueue(JsonSerializer.Deserialize(e.ApplicationMessage.Payload.ToArray(), ContractsJsonContext.Default.StoreOffer)!);
            return Task.CompletedTask;
        };
        var subscribed = await phone.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(optIn.OffersTopic, MqttQualityOfServiceLevel.AtLeastOnce).Build());
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, subscribed.Items.Single().ResultCode);
        _phones.Add(phone);
        return phone;
    }

    /// <summary>One sighting of <paramref name="token"/> by <paramref name="gateway"/>, acknowledged by the edge.</summary>
    public async Task SightAsync(string gateway, string token, int rssi, DateTimeOffset? time = null)
    {
        var sequence = Interlocked.Increment(ref _sequence);
        var at = (time ?? DateTimeOffset.UtcNow).ToString("O", CultureInfo.InvariantCulture);
        var payload = $$"""{"gatewayId":"{{gateway}}","shopperToken":"{{token}}","rssi":{{rssi}},"txPower":-59,"sequence":{{sequence}},"time":"{{at}}"}""";
        var result = await _gateways[gateway].PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(EdgeUnderTest.Topic(gateway, "sighting")).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        Assert.True(result.IsSuccess, $"sighting refused: {result.ReasonCode} {result.ReasonString}");
    }

    /// <summary>Local records of <paramref name="topic"/> the store state has committed.</summary>
    public long Applied(string topic) =>
        Edge.App.Services.GetRequiredService<AnalyticsStore>().ReadOffsets().Where(o => o.Key.Topic == topic).Sum(o => o.Value);

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var document = JsonDocument.Parse(await Http.GetStringAsync(path));
        return document.RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _gateways.Values.Concat(_phones))
        {
            await client.DisconnectAsync();
            client.Dispose();
        }
        Http.Dispose();
    }
}
