using System.Text.Json;
using Confluent.Kafka;
using LiveCommerce.Contracts;
using LiveCommerce.Edge.Uplink;
using LiveCommerce.Kafka.Embedded;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Protocol;
using Xunit.Abstractions;

namespace LiveCommerce.Edge.Tests;

public sealed class UplinkFaultTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Injected_cloud_produce_errors_are_retried_and_nothing_is_lost()
    {
        await using var edge = await EdgeUnderTest.StartWithCloudAsync();
        var cloud = edge.Cloud!;
        var status = edge.App.Services.GetRequiredService<UplinkStatus>();
        await using var devices = await SteadyDevices.StartAsync(edge, salesPerSecond: 50, sightingsPerSecond: 50);
        await Poll.UntilAsync(() => status.Mirrored > 50, TimeSpan.FromSeconds(30), "mirroring to start");

        for (var round = 0; round < 5; round++)
        {
            cloud.PushRequestErrors(KafkaApiKey.Produce, ErrorCode.NotLeaderForPartition, ErrorCode.RequestTimedOut, ErrorCode.NotLeaderForPartition, ErrorCode.RequestTimedOut);
            var before = status.Mirrored;
            await Poll.UntilAsync(() => status.Mirrored > before + 20, TimeSpan.FromSeconds(30), "mirroring to go on through the errors");
        }
        await devices.StopAsync();

        var salesTopic = Topics.Mirrored(EdgeUnderTest.StoreId, Topics.PosSales);
        var sightingsTopic = Topics.Mirrored(EdgeUnderTest.StoreId, Topics.BeaconSightings);
        await Poll.UntilAsync(
            () => Ids(cloud, salesTopic).IsSupersetOf(devices.AckedSales) && Ids(cloud, sightingsTopic).IsSupersetOf(devices.AckedSightings),
            TimeSpan.FromSeconds(60), "every acknowledged event in the cloud");
        var records = KafkaReader.ReadToEnd(cloud.BootstrapServers, salesTopic).Concat(KafkaReader.ReadToEnd(cloud.BootstrapServers, sightingsTopic)).ToList();
        output.WriteLine($"{devices.AckedSales.Count + devices.AckedSightings.Count} acked, {records.Count} cloud records, {records.Count - records.Select(r => r.Header(EnvelopeHeaders.Id)).Distinct().Count()} duplicates, {status.Batches} batches");
        Assert.Equal(devices.AckedSales.Count + devices.AckedSightings.Count, records.Select(r => r.Header(EnvelopeHeaders.Id)).Distinct().Count());
        Assert.Equal(0, status.Lost);
    }

    [Fact]
    public async Task A_retention_budget_exceeded_during_an_outage_is_reported_as_a_loss_with_the_exact_count()
    {
        await using var edge = await EdgeUnderTest.StartWithCloudAsync(("Uplink:RetentionBudgetRecords:bulk", "100"), ("Kafka:Client:message.timeout.ms", "5000"));
        var cloud = edge.Cloud!;
        var status = edge.App.Services.GetRequiredService<UplinkStatus>();
        await Poll.UntilAsync(() => status.LinkUp, TimeSpan.FromSeconds(30), "the uplink to connect");
        cloud.SetBrokerDown(EmbeddedKafka.AllBrokers);

        using var beacon = await edge.ConnectAsync("beacon-gw-01");
        for (var i = 1; i <= 300; i++)
        {
            var sighting = Samples.Sighting("beacon-gw-01", i);
            var result = await beacon.PublishAsync(new MqttApplicationMessageBuilder()
                .WithTopic(EdgeUnderTest.Topic("beacon-gw-01", "sighting")).WithPayload(sighting)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
            Assert.True(result.IsSuccess, result.ReasonString);
        }
        // The outage lasts until the edge noticed it (its pending cloud transaction failed).
        await Poll.UntilAsync(() => !status.LinkUp, TimeSpan.FromSeconds(60), "the uplink to notice the outage");
        cloud.SetBrokerUp(EmbeddedKafka.AllBrokers);

        // The budget is enforced when the link is back: whatever exceeds 100 waiting records is given up.
        var lossTopic = Topics.StoreUplinkLoss(EdgeUnderTest.StoreId);
        var sightingsTopic = Topics.Mirrored(EdgeUnderTest.StoreId, Topics.BeaconSightings);
        await Poll.UntilAsync(
            () => status.Lost > 0 && status.Lost + KafkaReader.ReadToEnd(cloud.BootstrapServers, sightingsTopic).Select(r => r.Header(EnvelopeHeaders.Id)).Distinct().Count() == 300,
            TimeSpan.FromSeconds(60), "every sighting mirrored or reported lost");
        var reports = KafkaReader.ReadToEnd(cloud.BootstrapServers, lossTopic)
            .Select(r => JsonSerializer.Deserialize(r.Message.Value, ContractsJsonContext.Default.UplinkLossReport)!)
            .ToList();
        var mirrored = KafkaReader.ReadToEnd(cloud.BootstrapServers, sightingsTopic);
        output.WriteLine($"lost {status.Lost} in {reports.Count} reports, mirrored {mirrored.Count}");

        Assert.Equal(status.Lost, reports.Sum(r => r.Count));
        Assert.True(mirrored.Count >= 100);
        Assert.All(reports, r =>
        {
            Assert.Equal("retention-budget", r.Reason);
            Assert.Equal("bulk", r.Class);
            Assert.Equal(Topics.BeaconSightings, r.Topic);
            Assert.Equal(r.ToOffset - r.FromOffset, r.Count);
        });
        // What was mirrored and what was reported lost together cover every record, with no overlap.
        var lostOffsets = reports.SelectMany(r => Enumerable.Range((int)r.FromOffset, (int)r.Count).Select(o => (r.Partition, (long)o))).ToHashSet();
        var mirroredOffsets = mirrored.Select(r => (r.Partition.Value, long.Parse(r.Header(EnvelopeHeaders.SourceOffset), System.Globalization.CultureInfo.InvariantCulture))).ToHashSet();
        Assert.Empty(lostOffsets.Intersect(mirroredOffsets));
        Assert.Equal(300, lostOffsets.Count + mirroredOffsets.Count);

        using var http = new HttpClient();
        using var health = JsonDocument.Parse(await http.GetStringAsync(new Uri(new Uri(edge.HttpUrl), "/healthz")));
        Assert.Equal(status.Lost, health.RootElement.GetProperty("components").GetProperty("uplink").GetProperty("lost").GetInt64());
    }

    private static HashSet<string> Ids(EmbeddedKafka cloud, string topic) =>
        KafkaReader.ReadToEnd(cloud.BootstrapServers, topic).Select(r => r.Header(EnvelopeHeaders.Id)).ToHashSet();
}
