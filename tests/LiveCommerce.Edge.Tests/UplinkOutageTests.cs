using System.Globalization;
using Confluent.Kafka;
using LiveCommerce.Contracts;
using LiveCommerce.Edge.Uplink;
using LiveCommerce.Kafka.Embedded;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace LiveCommerce.Edge.Tests;

/// <summary>Steady POS and beacon load while the cloud is unreachable; afterwards everything is in the cloud, once, in order, critical first.</summary>
public abstract class UplinkOutageTests(ITestOutputHelper output)
{
    protected async Task Cloud_outage_loses_nothing_keeps_order_and_drains_critical_first(TimeSpan outage)
    {
        await using var edge = await EdgeUnderTest.StartWithCloudAsync(("Kafka:Client:message.timeout.ms", "5000"));
        var cloud = edge.Cloud!;
        var status = edge.App.Services.GetRequiredService<UplinkStatus>();
        var salesTopic = Topics.Mirrored(EdgeUnderTest.StoreId, Topics.PosSales);
        var sightingsTopic = Topics.Mirrored(EdgeUnderTest.StoreId, Topics.BeaconSightings);
        await using var devices = await SteadyDevices.StartAsync(edge, salesPerSecond: 40, sightingsPerSecond: 80);
        await Poll.UntilAsync(() => status.Mirrored > 100, TimeSpan.FromSeconds(30), "mirroring before the outage");

        cloud.SetBrokerDown(EmbeddedKafka.AllBrokers);
        await Poll.UntilAsync(() => !status.LinkUp, TimeSpan.FromSeconds(60), "the uplink to notice the outage");
        var outageEnds = DateTime.UtcNow + outage;
        await Poll.UntilAsync(() => DateTime.UtcNow >= outageEnds, outage + TimeSpan.FromSeconds(5), "the outage to last");

        var criticalBacklog = devices.AckedSales.ToHashSet();
        var restoredAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        cloud.SetBrokerUp(EmbeddedKafka.AllBrokers);
        await Poll.UntilAsync(() => Count(cloud, salesTopic, 6) >= criticalBacklog.Count, TimeSpan.FromMinutes(3), "the critical backlog to drain");
        await devices.StopAsync();

        await Poll.UntilAsync(() => DistinctIds(cloud, salesTopic).IsSupersetOf(devices.AckedSales) && DistinctIds(cloud, sightingsTopic).IsSupersetOf(devices.AckedSightings),
            TimeSpan.FromMinutes(3), "every acknowledged event in the cloud");

        var cloudSales = ReadAll(cloud, salesTopic);
        var cloudSightings = ReadAll(cloud, sightingsTopic);
        // Critical first: no bulk record went up after the restore before the last record of the critical backlog.
        var criticalDrainedAt = cloudSales.Where(r => criticalBacklog.Contains(r.Header(EnvelopeHeaders.Id))).Max(MirroredAt);
        var bulkDuringDrain = cloudSightings.Count(r => MirroredAt(r) > restoredAt && MirroredAt(r) < criticalDrainedAt);
        var bulkAfterRestore = cloudSightings.Count(r => MirroredAt(r) > restoredAt);
        output.WriteLine($"outage {outage}: acked {devices.AckedSales.Count} sales, {devices.AckedSightings.Count} sightings; cloud records {cloudSales.Count} sales, {cloudSightings.Count} sightings; " +
            $"critical backlog {criticalBacklog.Count} drained {criticalDrainedAt - restoredAt} ms after restore; bulk mirrored after restore {bulkAfterRestore}, of which before the critical backlog was in {bulkDuringDrain}; batches {status.Batches}");
        Assert.True(bulkAfterRestore > 0);
        Assert.Equal(0, bulkDuringDrain);
        Assert.Equal(devices.AckedSales.ToHashSet(), cloudSales.Select(r => r.Header(EnvelopeHeaders.Id)).ToHashSet());
        Assert.Equal(devices.AckedSightings.ToHashSet(), cloudSightings.Select(r => r.Header(EnvelopeHeaders.Id)).ToHashSet());
        AssertPerKeyOrder(cloudSales);
        AssertPerKeyOrder(cloudSightings);
    }

    private static long MirroredAt(ConsumeResult<string?, string> record) => long.Parse(record.Header(EnvelopeHeaders.MirroredAt), CultureInfo.InvariantCulture);

    private static long Count(EmbeddedKafka cloud, string topic, int partitions) => KafkaReader.Count(cloud.BootstrapServers, topic, partitions);

    private static HashSet<string> DistinctIds(EmbeddedKafka cloud, string topic) =>
        ReadAll(cloud, topic).Select(r => r.Header(EnvelopeHeaders.Id)).ToHashSet();

    private static List<ConsumeResult<string?, string>> ReadAll(EmbeddedKafka cloud, string topic) =>
        KafkaReader.ReadToEnd(cloud.BootstrapServers, topic);

    /// <summary>Within each key, the first copy of each event appears in sequence order.</summary>
    private static void AssertPerKeyOrder(List<ConsumeResult<string?, string>> records)
    {
        foreach (var group in records.GroupBy(r => (r.Message.Key, r.Partition.Value)))
        {
            var seen = new HashSet<string>();
            var sequences = group.OrderBy(r => r.Offset.Value)
                .Where(r => seen.Add(r.Header(EnvelopeHeaders.Id)))
                .Select(r => long.Parse(r.Header(EnvelopeHeaders.Id).Split(':')[^1], CultureInfo.InvariantCulture))
                .ToList();
            Assert.True(sequences.SequenceEqual(sequences.Order()), $"key {group.Key.Key}: out of order");
        }
    }
}

public sealed class UplinkShortOutageTests(ITestOutputHelper output) : UplinkOutageTests(output)
{
    [Fact]
    public Task Cloud_down_for_30_seconds_loses_nothing_keeps_order_and_drains_critical_first() =>
        Cloud_outage_loses_nothing_keeps_order_and_drains_critical_first(TimeSpan.FromSeconds(30));
}

public sealed class UplinkLongOutageTests(ITestOutputHelper output) : UplinkOutageTests(output)
{
    [Fact]
    public Task Cloud_down_for_3_minutes_loses_nothing_keeps_order_and_drains_critical_first() =>
        Cloud_outage_loses_nothing_keeps_order_and_drains_critical_first(TimeSpan.FromMinutes(3));
}
