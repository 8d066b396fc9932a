using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Confluent.Kafka;
using LiveCommerce.Contracts;
using LiveCommerce.Kafka;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Xunit.Abstractions;

namespace LiveCommerce.EndToEnd.Tests;

public sealed class StoreStateCrashTests(ITestOutputHelper output)
{
    private const int Sales = 600;
    private const int Shoppers = 8;
    private const int InitialStock = 100_000;
    private static readonly int[] s_killAfterSales = [150, 400];
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Kill_9_of_the_edge_mid_stream_leaves_sales_stock_offers_and_the_coupon_ledger_exact()
    {
        using var kafka = await KafkaProcess.StartAsync();
        // What staff and shoppers did before: a stock count, the product featured, shoppers opted in.
        var now = DateTimeOffset.UtcNow;
        using (var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers, Acks = Acks.All }).Build())
        {
            Produce(producer, Topics.StoreStaffActions, "count", new StaffAction { ActionId = "count", Kind = StaffAction.StockCount, Sku = "sku-1", Quantity = InitialStock, StaffUser = "manager", Time = now }, ContractsJsonContext.Default.StaffAction);
            Produce(producer, Topics.StoreStaffActions, "feature", new StaffAction { ActionId = "feature", Kind = StaffAction.Feature, Sku = "sku-1", Minutes = 60, StaffUser = "manager", Time = now }, ContractsJsonContext.Default.StaffAction);
            for (var i = 0; i < Shoppers; i++)
            {
                Produce(producer, Topics.ShopperConsents, $"shopper-{i}", new ShopperConsent { ShopperToken = $"shopper-{i}", OptedIn = true, KeyHash = new string('0', 64), Time = now }, ContractsJsonContext.Default.ShopperConsent);
            }
            producer.Flush(TimeSpan.FromSeconds(10));
        }
        using var edge = await EdgeHostProcess.StartAsync(kafka.BootstrapServers,
            "--Analytics:Zones:0:Id=kitchen", $"--Analytics:Zones:0:Gateways:0={Sightings.DeviceId}", "--Analytics:Zones:0:Skus:0=sku-1");
        using var pos = new PersistentPublisher(edge, EdgeHostProcess.DeviceId, EdgeHostProcess.Secret);
        using var beacon = new PersistentPublisher(edge, Sightings.DeviceId, Sightings.Secret);

        var coupons = new Dictionary<string, string>(StringComparer.Ordinal);
        var redeemed = new HashSet<string>(StringComparer.Ordinal);
        var kills = new List<int>();
        var deadline = DateTime.UtcNow + s_timeout;
        for (var sale = 1; sale <= Sales; sale++)
        {
            if (kills.Count < s_killAfterSales.Length && sale == s_killAfterSales[kills.Count])
            {
                // In flight: the sightings and sales just acknowledged are not all applied yet.
                edge.Kill();
                kills.Add(sale);
                await edge.StartAsync();
            }
            var shopper = $"shopper-{sale % Shoppers}";
            await beacon.PublishAsync(Sightings.Topic, $$"""{"gatewayId":"{{Sightings.DeviceId}}","shopperToken":"{{shopper}}","rssi":-60,"txPower":-59,"sequence":{{sale}},"time":"{{DateTimeOffset.UtcNow:O}}"}""", deadline);
            // In the second half, each shopper's coupon comes with one sale.
            var coupon = "";
            if (sale > Sales / 2 && !redeemed.Contains(shopper))
            {
                foreach (var offer in kafka.ReadAll(Topics.StoreOffers).Select(r => JsonSerializer.Deserialize(r.Message.Value, ContractsJsonContext.Default.StoreOffer)!))
                {
                    coupons.TryAdd(offer.ShopperToken, offer.Coupon);
                }
                if (coupons.TryGetValue(shopper, out var code))
                {
                    coupon = $",\"couponCode\":\"{code}\"";
                    redeemed.Add(shopper);
                }
            }
            await pos.PublishAsync(EndToEnd.Tests.Sales.Topic,
                $$"""{"storeId":"{{EdgeHostProcess.StoreId}}","terminalId":"{{EdgeHostProcess.DeviceId}}","receiptId":"r-{{sale}}","sequence":{{sale}},"lines":[{"sku":"sku-1","quantity":2,"unitPrice":9.95}],"total":19.90,"currency":"EUR","payment":"card"{{coupon}},"time":"{{DateTimeOffset.UtcNow:O}}"}""",
                deadline);
        }

        using var http = new HttpClient { BaseAddress = new Uri(edge.HttpUrl) };
        await Poll.UntilAsync(async () => SoldUnits(await GetAsync(http, "/analytics/sales")) == 2 * Sales, s_timeout, "every sale to be applied");
        var stock = (await GetAsync(http, "/stock")).EnumerateArray().Single(s => s.GetProperty("sku").GetString() == "sku-1");
        var summary = await GetAsync(http, "/offers/summary");
        var offers = kafka.ReadAll(Topics.StoreOffers);
        var redemptions = kafka.ReadAll(Topics.PosRedemptions).Select(r => JsonSerializer.Deserialize(r.Message.Value, ContractsJsonContext.Default.PosRedemption)!).ToList();
        output.WriteLine($"kills before sales {string.Join(", ", kills)}; {offers.Count} offer records; {redemptions.Count} redemption records; stock {stock.GetProperty("quantity").GetInt32()}");

        Assert.Equal(InitialStock - (2 * Sales), stock.GetProperty("quantity").GetInt32());
        Assert.Equal(Shoppers, offers.Select(r => r.Header(EnvelopeHeaders.Id)).Distinct().Count());
        Assert.Equal(Shoppers, summary.GetProperty("issued").GetInt64());
        var accepted = redemptions.Where(r => r.Accepted).Select(r => r.CouponId).Distinct().Count();
        Assert.Equal(accepted, summary.GetProperty("redeemed").GetInt64());
        Assert.Equal(redeemed.Count, accepted);
        Assert.True(accepted > 0, "no coupon was redeemed");
        Assert.DoesNotContain(redemptions, r => r.Reason == "already-redeemed");
    }

    private static long SoldUnits(JsonElement sales) =>
        sales.EnumerateArray().Where(s => s.GetProperty("sku").GetString() == "sku-1").Sum(s => s.GetProperty("quantity").GetInt64());

    private static async Task<JsonElement> GetAsync(HttpClient http, string path)
    {
        using var document = JsonDocument.Parse(await http.GetStringAsync(path));
        return document.RootElement.Clone();
    }

    private static void Produce<T>(IProducer<string, byte[]> producer, string topic, string key, T value, JsonTypeInfo<T> type)
    {
        var headers = new EventEnvelope(key, "/stores/s001/kiosk", "com.livecommerce.test", DateTimeOffset.UtcNow).ToKafkaHeaders();
        producer.Produce(topic, new Message<string, byte[]> { Key = key, Value = JsonSerializer.SerializeToUtf8Bytes(value, type), Headers = headers });
    }

    /// <summary>A device with a persistent session that sends a message again, reconnecting if need be, until the edge acknowledges it.</summary>
    private sealed class PersistentPublisher(EdgeHostProcess edge, string deviceId, string secret) : IDisposable
    {
        private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();

        public async Task PublishAsync(string topic, string payload, DateTime deadline)
        {
            var message = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(Encoding.UTF8.GetBytes(payload)).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
            while (true)
            {
                Assert.True(DateTime.UtcNow < deadline, $"{deviceId}: not acknowledged in time{Environment.NewLine}{edge.Log}");
                try
                {
                    if (!_client.IsConnected)
                    {
                        var connected = await _client.ConnectAsync(edge.ClientOptions(MqttProtocolVersion.V500, deviceId, secret).WithCleanStart(false).WithSessionExpiryInterval(300).Build());
                        if (connected.ResultCode != MqttClientConnectResultCode.Success)
                        {
                            continue;
                        }
                    }
                    if ((await _client.PublishAsync(message)).IsSuccess)
                    {
                        return;
                    }
                }
                catch (Exception e) when (e is MqttCommunicationException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
                {
                    await Task.Delay(50);
                }
            }
        }

        public void Dispose() => _client.Dispose();
    }
}
