using System.Buffers;
using System.Text.Json;
using System.Threading.Channels;
using LiveCommerce.Edge.Gateway;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace LiveCommerce.Edge.Tests;

/// <summary>A POS terminal that redeems coupons over MQTT: request/response on MQTT 5, the reply topic on 3.1.1.</summary>
internal sealed class PosTerminal : IDisposable
{
    private readonly Channel<MqttApplicationMessage> _answers = Channel.CreateUnbounded<MqttApplicationMessage>();

    private PosTerminal(IMqttClient client, string deviceId, MqttProtocolVersion version)
    {
        Client = client;
        DeviceId = deviceId;
        Version = version;
        client.ApplicationMessageReceivedAsync += e =>
        {
            _answers.Writer.TryWrite(e.ApplicationMessage);
            return Task.CompletedTask;
        };
    }

    public IMqttClient Client { get; }

    public string DeviceId { get; }

    public MqttProtocolVersion Version { get; }

    /// <summary>Where the answers come: the 3.1.1 reply topic; MQTT 5 requests name it as their response topic.</summary>
    public string ReplyTopic => MqttTopic.ReplyFor(EdgeUnderTest.StoreId, DeviceId, "redeem");

    public static async Task<PosTerminal> ConnectAsync(EdgeUnderTest edge, string deviceId, MqttProtocolVersion version = MqttProtocolVersion.V500)
    {
        var client = await edge.ConnectAsync(deviceId, version);
        var terminal = new PosTerminal(client, deviceId, version);
        var subscribed = await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(terminal.ReplyTopic, MqttQualityOfServiceLevel.AtLeastOnce).Build());
        Assert.True(subscribed.Items.Single().ResultCode <= MqttClientSubscribeResultCode.GrantedQoS2, $"subscription refused: {subscribed.Items.Single().ResultCode}");
        return terminal;
    }

    /// <summary>Asks the edge to redeem a coupon and waits for its answer.</summary>
    public async Task<RedeemAnswer> RedeemAsync(string couponCode, string sku, string receiptId)
    {
        var payload = JsonSerializer.Serialize(new Dictionary<string, string> { ["couponCode"] = couponCode, ["sku"] = sku, ["receiptId"] = receiptId, ["terminalId"] = DeviceId });
        return await RequestAsync(payload);
    }

    /// <summary>Publishes a raw redeem request and waits for the answer.</summary>
    public async Task<RedeemAnswer> RequestAsync(string payload)
    {
        var correlation = Guid.NewGuid().ToByteArray();
        var builder = new MqttApplicationMessageBuilder()
            .WithTopic(EdgeUnderTest.Topic(DeviceId, "redeem"))
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);
        if (Version == MqttProtocolVersion.V500)
        {
            builder.WithResponseTopic(ReplyTopic).WithCorrelationData(correlation);
        }
        var published = await Client.PublishAsync(builder.Build());
        Assert.True(published.IsSuccess, $"redeem request refused: {published.ReasonCode} {published.ReasonString}");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var answer = await _answers.Reader.ReadAsync(timeout.Token);
        Assert.Equal(ReplyTopic, answer.Topic);
        if (Version == MqttProtocolVersion.V500)
        {
            Assert.Equal(correlation, answer.CorrelationData);
        }
        using var json = JsonDocument.Parse(answer.Payload.ToArray());
        var root = json.RootElement;
        return new RedeemAnswer(
            root.GetProperty("accepted").GetBoolean(),
            root.GetProperty("reason").GetString()!,
            root.TryGetProperty("discountPercent", out var discount) ? discount.GetInt32() : null,
            root.TryGetProperty("couponId", out var id) ? id.GetGuid() : null);
    }

    public void Dispose() => Client.Dispose();
}
