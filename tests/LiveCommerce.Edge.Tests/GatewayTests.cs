using LiveCommerce.Contracts;
using LiveCommerce.Edge.Devices;
using LiveCommerce.Edge.Gateway;
using LiveCommerce.Kafka.Embedded;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace LiveCommerce.Edge.Tests;

public sealed class GatewayTests
{
    private static MqttApplicationMessage Message(string topic, string payload) =>
        new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();

    [Fact]
    public async Task Publish_is_in_kafka_with_its_envelope_before_the_puback_arrives()
    {
        await using var edge = await EdgeUnderTest.StartAsync();
        using var client = await edge.ConnectAsync("pos-01");
        var partitions = Topics.Local.First(t => t.Name == Topics.PosSales).Partitions;

        var result = await client.PublishAsync(Message(EdgeUnderTest.Topic("pos-01", "sale"), Samples.Sale("pos-01", 7)));
        var countAtPuback = KafkaReader.Count(edge.Kafka.BootstrapServers, Topics.PosSales, partitions);

        Assert.Equal(MqttClientPublishReasonCode.Success, result.ReasonCode);
        Assert.Equal(1, countAtPuback);
        var record = Assert.Single(KafkaReader.ReadAll(edge.Kafka.BootstrapServers, Topics.PosSales, 1, TimeSpan.FromSeconds(20)));
        Assert.Equal("pos-01", record.Message.Key);
        Assert.Equal("1.0", record.Header(EnvelopeHeaders.SpecVersion));
        Assert.Equal("s042:pos-01:sale:7", record.Header(EnvelopeHeaders.Id));
        Assert.Equal("/stores/s042/devices/pos-01", record.Header(EnvelopeHeaders.Source));
        Assert.Equal("com.livecommerce.pos.sale.v1", record.Header(EnvelopeHeaders.Type));
        Assert.Equal("application/json", record.Header(EnvelopeHeaders.ContentType));
        Assert.True(DateTimeOffset.TryParse(record.Header(EnvelopeHeaders.Time), System.Globalization.CultureInfo.InvariantCulture, out _));
        Assert.Contains("\"receiptId\":\"r-7\"", record.Message.Value, StringComparison.Ordinal);
        Assert.Equal(1, edge.Metrics.Accepted);
    }

    [Fact]
    public async Task With_kafka_down_no_success_puback_is_sent_and_the_redelivery_lands_once()
    {
        await using var edge = await EdgeUnderTest.StartAsync(("Kafka:Client:message.timeout.ms", "1500"));
        using var v5 = await edge.ConnectAsync("pos-01");
        using var v311 = await edge.ConnectAsync("pos-02", MqttProtocolVersion.V311);
        Assert.True((await v5.PublishAsync(Message(EdgeUnderTest.Topic("pos-01", "sale"), Samples.Sale("pos-01", 1)))).IsSuccess);

        edge.Kafka.SetBrokerDown(EmbeddedKafka.AllBrokers);
        var refused = await v5.PublishAsync(Message(EdgeUnderTest.Topic("pos-01", "sale"), Samples.Sale("pos-01", 2)));
        Assert.Equal(MqttClientPublishReasonCode.UnspecifiedError, refused.ReasonCode);
        Assert.Contains("local Kafka did not take the message", refused.ReasonString, StringComparison.Ordinal);

        // MQTT 3.1.1 has no error reason code: the connection is closed so that the device redelivers.
        await Assert.ThrowsAnyAsync<Exception>(() => v311.PublishAsync(Message(EdgeUnderTest.Topic("pos-02", "sale"), Samples.Sale("pos-02", 1))));
        await Poll.UntilAsync(() => !v311.IsConnected, TimeSpan.FromSeconds(20), "the 3.1.1 connection to close");
        Assert.True(edge.Metrics.RejectedBy(RejectReasons.KafkaUnavailable) >= 2);

        // Like a device, redeliver the same message until it is acknowledged; the producer needs a moment to reconnect.
        edge.Kafka.SetBrokerUp(EmbeddedKafka.AllBrokers);
        await RedeliverUntilAcceptedAsync(v5, Message(EdgeUnderTest.Topic("pos-01", "sale"), Samples.Sale("pos-01", 2)));
        using var again = await edge.ConnectAsync("pos-02", MqttProtocolVersion.V311);
        await RedeliverUntilAcceptedAsync(again, Message(EdgeUnderTest.Topic("pos-02", "sale"), Samples.Sale("pos-02", 1)));

        var records = KafkaReader.ReadAll(edge.Kafka.BootstrapServers, Topics.PosSales, 4, TimeSpan.FromSeconds(10));
        Assert.Equal(
            ["s042:pos-01:sale:1", "s042:pos-01:sale:2", "s042:pos-02:sale:1"],
            records.Select(r => r.Header(EnvelopeHeaders.Id)).Order(StringComparer.Ordinal));
    }

    private static async Task RedeliverUntilAcceptedAsync(IMqttClient client, MqttApplicationMessage message)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var result = await client.PublishAsync(message);
            if (result.IsSuccess)
            {
                return;
            }
            Assert.True(DateTime.UtcNow < deadline, $"not accepted within 30 s: {result.ReasonString}");
        }
    }

    [Fact]
    public async Task A_redelivered_message_does_not_create_a_second_record()
    {
        await using var edge = await EdgeUnderTest.StartAsync();
        using var client = await edge.ConnectAsync("pos-01");
        for (var i = 0; i < 3; i++)
        {
            Assert.True((await client.PublishAsync(Message(EdgeUnderTest.Topic("pos-01", "sale"), Samples.Sale("pos-01", 5)))).IsSuccess);
        }
        Assert.True((await client.PublishAsync(Message(EdgeUnderTest.Topic("pos-01", "heartbeat"), $$"""{"storeId":"s042","terminalId":"pos-01","sequence":5,"status":"ok","time":"{{Samples.Now}}"}"""))).IsSuccess);

        Assert.Equal(2, edge.Metrics.Duplicates);
        Assert.Single(KafkaReader.ReadAll(edge.Kafka.BootstrapServers, Topics.PosSales, 2, TimeSpan.FromSeconds(5)));
        Assert.Single(KafkaReader.ReadAll(edge.Kafka.BootstrapServers, Topics.PosHeartbeats, 1, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_restarted_edge_recognises_a_redelivery_of_what_kafka_already_has()
    {
        await using var edge = await EdgeUnderTest.StartAsync();
        using (var client = await edge.ConnectAsync("pos-01"))
        {
            Assert.True((await client.PublishAsync(Message(EdgeUnderTest.Topic("pos-01", "sale"), Samples.Sale("pos-01", 11)))).IsSuccess);
        }
        await edge.StopAppAsync();
        await edge.StartAppAsync();

        using var reconnected = await edge.ConnectAsync("pos-01");
        Assert.True((await reconnected.PublishAsync(Message(EdgeUnderTest.Topic("pos-01", "sale"), Samples.Sale("pos-01", 11)))).IsSuccess);
        Assert.Equal(1, edge.Metrics.Duplicates);
        Assert.Single(KafkaReader.ReadAll(edge.Kafka.BootstrapServers, Topics.PosSales, 2, TimeSpan.FromSeconds(5)));
    }

    public static TheoryData<string, string, string, MqttClientPublishReasonCode, string> Refusals => new()
    {
        { "invalid json", "sale", "{\"storeId\":", MqttClientPublishReasonCode.PayloadFormatInvalid, RejectReasons.InvalidPayload },
        { "schema violation", "sale", Samples.Sale("pos-01", 1, quantity: 0, total: 0m), MqttClientPublishReasonCode.PayloadFormatInvalid, RejectReasons.InvalidPayload },
        { "card number", "sale", Samples.Sale("pos-01", 1, extra: ",\"note\":\"4111 1111 1111 1111\""), MqttClientPublishReasonCode.PayloadFormatInvalid, RejectReasons.CardNumber },
        { "wrong event type for the device", "reading", "{}", MqttClientPublishReasonCode.TopicNameInvalid, RejectReasons.EventTypeNotAllowed },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Invalid_payloads_are_refused_with_their_reason_counted_and_dead_lettered(string what, string eventType, string payload, MqttClientPublishReasonCode code, string reason)
    {
        await using var edge = await EdgeUnderTest.StartAsync();
        using var client = await edge.ConnectAsync("pos-01");

        var result = await client.PublishAsync(Message(EdgeUnderTest.Topic("pos-01", eventType), payload));

        Assert.True(code == result.ReasonCode, $"{what}: {result.ReasonCode} {result.ReasonString}");
        Assert.False(string.IsNullOrEmpty(result.ReasonString));
        Assert.Equal(1, edge.Metrics.RejectedBy(reason));
        Assert.Equal(0, edge.Metrics.Accepted);
        if (reason is RejectReasons.InvalidPayload or RejectReasons.CardNumber)
        {
            var dead = Assert.Single(KafkaReader.ReadAll(edge.Kafka.BootstrapServers, Topics.GatewayDeadLetter, 1, TimeSpan.FromSeconds(20)));
            Assert.Equal("lc/v1/s042/pos-01/sale", dead.Header(DeadLetterWriter.MqttTopicHeader));
            Assert.False(string.IsNullOrEmpty(dead.Header(DeadLetterWriter.ReasonsHeader)));
            Assert.Contains("\"reason\"", dead.Header(DeadLetterWriter.ErrorsHeader), StringComparison.Ordinal);
            if (reason == RejectReasons.CardNumber)
            {
                Assert.Equal("card-number", dead.Header(DeadLetterWriter.ReasonsHeader));
                Assert.Empty(dead.Message.Value);
                Assert.DoesNotContain("4111", dead.Header(DeadLetterWriter.ErrorsHeader), StringComparison.Ordinal);
            }
            else
            {
                Assert.Equal(payload, dead.Message.Value);
            }
        }
        Assert.Equal(0, KafkaReader.Count(edge.Kafka.BootstrapServers, Topics.PosSales, 6));
    }

    [Fact]
    public async Task Oversize_payloads_and_topics_outside_the_device_scope_are_refused_and_counted()
    {
        await using var edge = await EdgeUnderTest.StartAsync(("Mqtt:MaxPayloadBytes", "1024"));
        using var client = await edge.ConnectAsync("pos-01");

        var oversize = await client.PublishAsync(Message(EdgeUnderTest.Topic("pos-01", "sale"), Samples.Sale("pos-01", 1, extra: $",\"pad\":\"{new string('x', 2000)}\"")));
        Assert.Equal(MqttClientPublishReasonCode.ImplementationSpecificError, oversize.ReasonCode);
        Assert.StartsWith("oversize", oversize.ReasonString, StringComparison.Ordinal);

        var outside = await client.PublishAsync(Message("shop/pos-01/sale", Samples.Sale("pos-01", 2)));
        Assert.Equal(MqttClientPublishReasonCode.TopicNameInvalid, outside.ReasonCode);

        var other = await client.PublishAsync(Message(EdgeUnderTest.Topic("pos-02", "sale"), Samples.Sale("pos-02", 3)));
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, other.ReasonCode);

        var otherStore = await client.PublishAsync(Message(MqttTopic.For("s999", "pos-01", "sale"), Samples.Sale("pos-01", 4)));
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, otherStore.ReasonCode);

        Assert.Equal(1, edge.Metrics.RejectedBy(RejectReasons.Oversize));
        Assert.Equal(1, edge.Metrics.RejectedBy(RejectReasons.TopicOutsideScheme));
        Assert.Equal(1, edge.Metrics.RejectedBy(RejectReasons.OtherDevicesTopic));
        Assert.Equal(1, edge.Metrics.RejectedBy(RejectReasons.WrongStore));
        Assert.Equal(0, KafkaReader.Count(edge.Kafka.BootstrapServers, Topics.PosSales, 6));

        using var http = new HttpClient();
        var metrics = await http.GetStringAsync(new Uri(new Uri(edge.HttpUrl), "/metrics"));
        Assert.Contains("lc_gateway_rejected_total{reason=\"oversize\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("lc_gateway_messages_received_total 4", metrics, StringComparison.Ordinal);
        Assert.Contains("lc_gateway_connected_devices 1", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_device_over_its_rate_gets_quota_exceeded()
    {
        await using var edge = await EdgeUnderTest.StartAsync(("Mqtt:MaxMessagesPerSecondPerDevice", "1"));
        using var client = await edge.ConnectAsync("pos-01");
        var codes = new List<MqttClientPublishReasonCode>();
        for (var i = 1; i <= 4; i++)
        {
            codes.Add((await client.PublishAsync(Message(EdgeUnderTest.Topic("pos-01", "sale"), Samples.Sale("pos-01", i)))).ReasonCode);
        }
        Assert.Contains(MqttClientPublishReasonCode.QuotaExceeded, codes);
        Assert.True(edge.Metrics.RejectedBy(RejectReasons.RateLimited) >= 1);
    }

    [Theory]
    [InlineData("pos-01", "wrong-secret-value", "pos-01", MqttClientConnectResultCode.BadUserNameOrPassword, RejectReasons.WrongSecret)]
    [InlineData("nobody", "whatever-secret", "nobody", MqttClientConnectResultCode.BadUserNameOrPassword, RejectReasons.UnknownDevice)]
    [InlineData("pos-off", null, "pos-off", MqttClientConnectResultCode.NotAuthorized, RejectReasons.DisabledDevice)]
    [InlineData("pos-01", null, "someone-else", MqttClientConnectResultCode.ClientIdentifierNotValid, RejectReasons.ClientIdMismatch)]
    public async Task Bad_credentials_are_refused_at_connect_and_counted(string deviceId, string? secret, string clientId, MqttClientConnectResultCode code, string reason)
    {
        await using var edge = await EdgeUnderTest.StartAsync();
        using var client = new MqttClientFactory().CreateMqttClient();
        var options = edge.ClientOptions(deviceId, secret: secret ?? EdgeUnderTest.Devices.FirstOrDefault(d => d.Id == deviceId).Secret ?? "x", clientId: clientId).Build();

        var result = await client.ConnectAsync(options);
        Assert.Equal(code, result.ResultCode);
        Assert.False(client.IsConnected);
        Assert.Equal(1, edge.Metrics.RejectedBy(reason));
    }

    [Fact]
    public async Task A_disabled_device_can_no_longer_connect()
    {
        await using var edge = await EdgeUnderTest.StartAsync();
        edge.App.Services.GetRequiredService<DeviceRegistry>().SetEnabled("pos-02", false);
        using var client = new MqttClientFactory().CreateMqttClient();
        var result = await client.ConnectAsync(edge.ClientOptions("pos-02").Build());
        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, result.ResultCode);
    }

    [Fact]
    public async Task Devices_publish_over_websockets_at_slash_mqtt()
    {
        await using var edge = await EdgeUnderTest.StartAsync();
        var uri = new Uri(edge.HttpUrl);
        using var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder()
            .WithWebSocketServer(o => o.WithUri($"ws://127.0.0.1:{uri.Port}/mqtt"))
            .WithClientId("sensor-01")
            .WithCredentials("sensor-01", "sensor-01-secret")
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .Build());
        var reading = $$"""{"sensorId":"sensor-01","kind":"temperature","value":4.5,"unit":"Cel","sequence":1,"time":"{{Samples.Now}}"}""";
        var result = await client.PublishAsync(Message(EdgeUnderTest.Topic("sensor-01", "reading"), reading));
        Assert.True(result.IsSuccess, result.ReasonString);
        var record = Assert.Single(KafkaReader.ReadAll(edge.Kafka.BootstrapServers, Topics.SensorReadings, 1, TimeSpan.FromSeconds(20)));
        Assert.Equal("sensor-01", record.Message.Key);
    }

    [Fact]
    public async Task Devices_may_subscribe_only_under_their_own_prefix()
    {
        await using var edge = await EdgeUnderTest.StartAsync();
        using var client = await edge.ConnectAsync("pos-01");
        var own = await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter("lc/v1/s042/pos-01/reply/#").Build());
        var other = await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter("lc/v1/s042/pos-02/#").Build());
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS0, own.Items.Single().ResultCode);
        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, other.Items.Single().ResultCode);
    }
}
