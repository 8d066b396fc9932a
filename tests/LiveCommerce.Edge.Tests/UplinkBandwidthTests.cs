using System.Globalization;
using Confluent.Kafka;
using LiveCommerce.Contracts;
using LiveCommerce.Edge.Uplink;
using LiveCommerce.Kafka.Embedded;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Protocol;

namespace LiveCommerce.Edge.Tests;

public sealed class UplinkBandwidthTests
{
    [Fact]
    public async Task With_a_bandwidth_limit_classes_share_it_so_bulk_is_not_starved_while_critical_drains()
    {
        await using var edge = await EdgeUnderTest.StartWithCloudAsync(("Uplink:BandwidthBytesPerSecond", "60000"), ("Uplink:BatchRecords", "50"));
        var cloud = edge.Cloud!;
        var status = edge.App.Services.GetRequiredService<UplinkStatus>();
        await Poll.UntilAsync(() => status.LinkUp, TimeSpan.FromSeconds(30), "the uplink to connect");
        cloud.SetBrokerDown(EmbeddedKafka.AllBrokers);

        using var pos = await edge.ConnectAsync("pos-01");
        using var beacon = await edge.ConnectAsync("beacon-gw-01");
        for (var i = 1; i <= 400; i++)
        {
            Assert.True((await pos.PublishAsync(Message("pos-01", "sale", Samples.Sale("pos-01", i)))).IsSuccess);
            Assert.True((await beacon.PublishAsync(Message("beacon-gw-01", "sighting",
                Samples.Sighting("beacon-gw-01", i)))).IsSuccess);
        }
        cloud.SetBrokerUp(EmbeddedKafka.AllBrokers);

        var salesTopic = Topics.Mirrored(EdgeUnderTest.StoreId, Topics.PosSales);
        var sightingsTopic = Topics.Mirrored(EdgeUnderTest.StoreId, Topics.BeaconSightings);
        await Poll.UntilAsync(
            () => Ids(cloud, salesTopic).Count == 400 && Ids(cloud, sightingsTopic).Count == 400,
            TimeSpan.FromSeconds(90), "the backlog to drain under the limit");

        var lastSale = KafkaReader.ReadToEnd(cloud.BootstrapServers, salesTopic).Max(MirroredAt);
        var bulkBeforeCriticalDone = KafkaReader.ReadToEnd(cloud.BootstrapServers, sightingsTopic).Count(r => MirroredAt(r) < lastSale);
        Assert.True(bulkBeforeCriticalDone > 0, "bulk got no share of the limited bandwidth while critical drained");
    }

    private static MqttApplicationMessage Message(string device, string type, string payload) =>
        new MqttApplicationMessageBuilder().WithTopic(EdgeUnderTest.Topic(device, type)).WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();

    private static long MirroredAt(ConsumeResult<string?, string> record) => long.Parse(record.Header(EnvelopeHeaders.MirroredAt), CultureInfo.InvariantCulture);

    private static HashSet<string> Ids(EmbeddedKafka cloud, string topic) =>
        KafkaReader.ReadToEnd(cloud.BootstrapServers, topic).Select(r => r.Header(EnvelopeHeaders.Id)).ToHashSet();
}
