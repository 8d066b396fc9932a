using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using LiveCommerce.Cloud;
using LiveCommerce.Contracts;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Xunit.Abstractions;

namespace LiveCommerce.EndToEnd.Tests;

public sealed class UplinkExploreTests(ITestOutputHelper output)
{
    private const string StoreId = EdgeHostProcess.StoreId;
    private const int SalesCount = 3000;
    private const int SightingsCount = 3000;

    // QoS 1 publishes in flight per device connection.
    private const int Window = 32;

    // The cloud brokers answer every request this late, like a store's WAN link: the drain takes seconds rather
    // than a blink, so that the kills land in it.
    private const int CloudRoundTripMs = 20;

    // Shares of the backlog in the cloud at which the edge is killed. Sales (critical) drain before sightings (bulk):
    // one kill while the sales go up, two while the sightings do (12 partitions on 3 brokers, where a kill can
    // leave part of a transaction in the cloud, to be sent again).
    private static readonly double[] s_killAtShares = [0.20, 0.55, 0.80];
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(40);
    private static readonly string s_cloudSales = Topics.Mirrored(StoreId, Topics.PosSales);
    private static readonly string s_cloudSightings = Topics.Mirrored(StoreId, Topics.BeaconSightings);

    // What the fleet monitor counts as events: the store's cloud topics but the heartbeat, loss reports and checkpoints.
    private static readonly string[] s_cloudEventTopics =
    [
        .. Topics.CloudTopicsFor(StoreId).Select(t => t.Name)
            .Except([Topics.StoreHeartbeat(StoreId), Topics.StoreUplinkLoss(StoreId), Topics.StoreUplinkCheckpoints(StoreId)], StringComparer.Ordinal),
    ];

    [Fact]
    public async Task Explore()
    {
        var run = Stopwatch.StartNew();
        using var local = await KafkaProcess.StartAsync();
        using var cloud = await KafkaProcess.StartAsync(3, Topics.CloudTopicsFor(StoreId));
        using var edge = await EdgeHostProcess.StartAsync(local.BootstrapServers);

        // The backlog: the edge takes sales and sightings while it has no uplink.
        var publishing = Stopwatch.StartNew();
        var ackedPerDevice = await Task.WhenAll(
            PublishAsync(edge, EdgeHostProcess.DeviceId, EdgeHostProcess.Secret, Sales.Topic, Sales.Sale, Sales.EventId, SalesCount),
            PublishAsync(edge, Sightings.DeviceId, Sightings.Secret, Sightings.Topic, Sightings.Sighting, Sightings.EventId, SightingsCount));
        var acked = ackedPerDevice.SelectMany(ids => ids).ToHashSet(StringComparer.Ordinal);
        var backlog = acked.Count;
        Assert.Equal(SalesCount + SightingsCount, backlog);
        Assert.Equal(SalesCount, local.Count(Topics.PosSales));
        Assert.Equal(SightingsCount, local.Count(Topics.BeaconSightings));
        output.WriteLine($"backlog: {backlog} events acknowledged ({SalesCount} sales, {SightingsCount} sightings) in {publishing.Elapsed.TotalSeconds:0.0} s");

        // The drain: the edge starts again with the uplink on, over a WAN-like link to the cloud, and is killed
        // three times while it mirrors, each time as soon as the cloud has a given share of the backlog.
        edge.Kill();
        edge.AddArguments($"--Uplink:CloudBootstrapServers={cloud.BootstrapServers}", "--Uplink:BatchRecords=200");
        await cloud.CommandAsync($"rtt all {CloudRoundTripMs}");
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = cloud.BootstrapServers }).Build();
        var drained = ((string[])[s_cloudSales, s_cloudSightings])
            .SelectMany(topic => Enumerable.Range(0, cloud.Partitions(topic)).Select(p => new TopicPartitionOffsetSpec
            {
                TopicPartition = new TopicPartition(topic, p),
                OffsetSpec = OffsetSpec.Latest(),
            }))
            .ToList();
        // High watermarks: records, duplicates included, plus the transaction markers.
        async Task<long> CloudOffsetsAsync() => (await admin.ListOffsetsAsync(drained)).ResultInfos.Sum(r => r.TopicPartitionOffsetError.Offset.Value);

        var drain = Stopwatch.StartNew();
        var kills = new List<int>();
        IReadOnlySet<string> missing = acked;
        try
        {
            edge.Start();
            for (var k = 0; k < 40; k++)
            {
                var before = await CloudOffsetsAsync();
                if (Missing(cloud, acked).Count == 0) { break; }
                await Poll.UntilAsync(async () => await CloudOffsetsAsync() > before, s_timeout, "progress");
                edge.Kill();
                var inCloud = backlog - Missing(cloud, acked).Count;
                kills.Add(inCloud);
                output.WriteLine($"kill -9 after {drain.Elapsed.TotalSeconds:0.0} s: {inCloud} of {backlog} events in the cloud, offsets {await CloudOffsetsAsync()}");
                edge.Start();
            }
            await Poll.UntilAsync(() => (missing = Missing(cloud, acked)).Count == 0, s_timeout, "every acknowledged event in the cloud");
        }
        catch (TimeoutException)
        {
            await cloud.CommandAsync("rtt all 0");
            foreach (var t in new[] { s_cloudSales, s_cloudSightings, Topics.StoreUplinkCheckpoints(StoreId) })
            {
                var (_, o, e) = await Tool.RunAsync("/usr/bin/kcat", null, TimeSpan.FromSeconds(30), "-b", cloud.BootstrapServers, "-C", "-t", t, "-e", "-X", "isolation.level=read_uncommitted", "-f", "%p %o %h %s\\n");
                File.WriteAllText("/tmp/explore/" + t + ".txt", o + e);
            }
            File.WriteAllText("/tmp/explore/missing.txt", string.Join("\n", Missing(cloud, acked).Order(StringComparer.Ordinal)));
            output.WriteLine($"{missing.Count} of {backlog} events not in the cloud, e.g. {string.Join(", ", missing.Order(StringComparer.Ordinal).Take(10))}");
            output.WriteLine($"the edge's log:{Environment.NewLine}{edge.Log}");
            throw;
        }
        var drainTime = drain.Elapsed;
        // Nothing writes to the cloud any more: its topics hold what the fleet monitor has to count.
        edge.Kill();
        await cloud.CommandAsync("rtt all 0");

        var cloudRecords = Topics.CloudTopicsFor(StoreId).ToDictionary(t => t.Name, t => KafkaReader.ReadToEnd(cloud.BootstrapServers, t.Name));
        var ids = s_cloudEventTopics.SelectMany(topic => cloudRecords[topic]).Select(r => r.Header(EnvelopeHeaders.Id)).ToList();
        Assert.DoesNotContain("", ids);
        var distinct = ids.ToHashSet(StringComparer.Ordinal);
        var duplicates = ids.Count - distinct.Count;
        var lost = acked.Except(distinct, StringComparer.Ordinal).ToList();
        var unexpected = distinct.Except(acked, StringComparer.Ordinal).ToList();
        output.WriteLine($"drain of {backlog} events with kills at {string.Join(", ", kills)} events in the cloud: {drainTime.TotalSeconds:0.0} s; {ids.Count} records in the cloud, {distinct.Count} distinct, {duplicates} duplicates");
        Assert.True(lost.Count == 0, $"{lost.Count} acknowledged events not in the cloud, e.g. {string.Join(", ", lost.Take(10))}");
        Assert.True(unexpected.Count == 0, $"{unexpected.Count} events in the cloud that no device sent, e.g. {string.Join(", ", unexpected.Take(10))}");

        // The fleet monitor reads every cloud topic of the store from the start and must arrive at the same figures.
        var storeRecords = cloudRecords.Values.Sum(records => records.Count);
        var data = Directory.CreateTempSubdirectory("lc-e2e-cloud-");
        try
        {
            var monitoring = Stopwatch.StartNew();
            await using (var fleet = CloudApplication.Create([], new Dictionary<string, string?>
            {
                ["Urls"] = "http://127.0.0.1:0",
                ["Kafka:BootstrapServers"] = cloud.BootstrapServers,
                ["Cloud:DataDirectory"] = data.FullName,
                ["Kafka:Client:session.timeout.ms"] = "6000",
                ["Logging:LogLevel:Default"] = "Warning",
            }))
            {
                await fleet.StartAsync();
                using var http = new HttpClient { BaseAddress = new Uri(fleet.Urls.First()) };
                long written = 0;
                try
                {
                    await Poll.UntilAsync(async () => (written = await RecordsWrittenAsync(http)) >= storeRecords, s_timeout,
                        $"the fleet monitor to write the {storeRecords} records of {StoreId}'s cloud topics");
                }
                catch (TimeoutException)
                {
                    output.WriteLine($"the fleet monitor wrote {written} records");
                    throw;
                }
                Assert.Equal(storeRecords, written);

                using var json = JsonDocument.Parse(await http.GetStringAsync(new Uri($"/stores/{StoreId}", UriKind.Relative)));
                var store = json.RootElement;
                output.WriteLine($"fleet monitor: {storeRecords} records counted in {monitoring.Elapsed.TotalSeconds:0.0} s: {store}");
                Assert.Equal(backlog, store.GetProperty("events").GetInt64());
                Assert.Equal(duplicates, store.GetProperty("duplicates").GetInt64());
                Assert.Equal(0, store.GetProperty("lost").GetInt64());
                Assert.Empty(store.GetProperty("lossReports").EnumerateArray());
                var topics = store.GetProperty("topics").EnumerateObject().ToDictionary(t => t.Name, t => t.Value.GetInt64());
                Assert.Equal(new Dictionary<string, long> { [Topics.PosSales] = SalesCount, [Topics.BeaconSightings] = SightingsCount }, topics);
                await fleet.StopAsync();
            }
        }
        finally
        {
            data.Delete(recursive: true);
        }
        output.WriteLine($"test run: {run.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>
    /// Publishes sequences 1..<paramref name="count"/> of one device over one MQTT 5 connection with QoS 1,
    /// <see cref="Window"/> publishes in flight, each of which must succeed; returns the acknowledged ce_ids.
    /// </summary>
    private static async Task<List<string>> PublishAsync(
        EdgeHostProcess edge, string deviceId, string secret, string topic, Func<long, string> payload, Func<long, string> eventId, int count)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        var connected = await client.ConnectAsync(edge.ClientOptions(MqttProtocolVersion.V500, deviceId, secret).Build());
        Assert.Equal(MqttClientConnectResultCode.Success, connected.ResultCode);
        var next = 0L;
        var acked = new ConcurrentQueue<string>();
        await Task.WhenAll(Enumerable.Range(0, Window).Select(async _ =>
        {
            for (var sequence = Interlocked.Increment(ref next); sequence <= count; sequence = Interlocked.Increment(ref next))
            {
                var message = new MqttApplicationMessageBuilder()
                    .WithTopic(topic)
                    .WithPayload(payload(sequence))
                    .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                    .Build();
                var result = await client.PublishAsync(message);
                Assert.True(result.IsSuccess, $"{deviceId} sequence {sequence}: {result.ReasonCode} {result.ReasonString}");
                acked.Enqueue(eventId(sequence));
            }
        }));
        await client.DisconnectAsync();
        return [.. acked];
    }

    /// <summary>The acknowledged events not (yet) in the cloud's sales and sightings topics.</summary>
    private static HashSet<string> Missing(KafkaProcess cloud, IReadOnlySet<string> acked)
    {
        var missing = new HashSet<string>(acked, StringComparer.Ordinal);
        foreach (var topic in (string[])[s_cloudSales, s_cloudSightings])
        {
            missing.ExceptWith(KafkaReader.ReadToEnd(cloud.BootstrapServers, topic).Select(r => r.Header(EnvelopeHeaders.Id)));
        }
        return missing;
    }

    /// <summary>Records the fleet monitor has written to its state since it started (from <c>/healthz</c>).</summary>
    private static async Task<long> RecordsWrittenAsync(HttpClient http)
    {
        using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("components").GetProperty("fleet").GetProperty("records").GetInt64();
    }
}
