using System.Diagnostics;
using LiveCommerce.Contracts;
using LiveCommerce.Edge.Uplink;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Protocol;
using Xunit.Abstractions;

namespace LiveCommerce.Edge.Tests;

public sealed class UplinkTests(ITestOutputHelper output)
{
    private static MqttApplicationMessage Message(string topic, string payload) =>
        new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();

    [Fact]
    public async Task Accepted_events_reach_the_cloud_with_source_coordinates()
    {
        await using var edge = await EdgeUnderTest.StartWithCloudAsync();
        using var client = await edge.ConnectAsync("pos-01");
        for (var i = 1; i <= 200; i++)
        {
            Assert.True((await client.PublishAsync(Message(EdgeUnderTest.Topic("pos-01", "sale"), Samples.Sale("pos-01", i)))).IsSuccess);
        }
        var watch = Stopwatch.StartNew();
        var records = KafkaReader.ReadAll(edge.Cloud!.BootstrapServers, Topics.Mirrored(EdgeUnderTest.StoreId, Topics.PosSales), 200, TimeSpan.FromSeconds(60));
        output.WriteLine($"200 records in the cloud after {watch.ElapsedMilliseconds} ms; batches {edge.App.Services.GetRequiredService<UplinkStatus>().Batches}");

        Assert.Equal(200, records.Count);
        Assert.Equal(200, records.Select(r => r.Header(EnvelopeHeaders.Id)).Distinct().Count());
        Assert.All(records, r => Assert.Equal(r.Partition.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Header(EnvelopeHeaders.SourcePartition)));
        Assert.Equal(Enumerable.Range(1, 200).Select(i => $"s042:pos-01:sale:{i}"), records.Select(r => r.Header(EnvelopeHeaders.Id)));
    }
}
