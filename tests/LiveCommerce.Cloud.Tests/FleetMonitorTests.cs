using System.Net;
using System.Text.Json;
using Confluent.Kafka;
using LiveCommerce.Cloud;
using LiveCommerce.Contracts;
using LiveCommerce.Kafka;
using LiveCommerce.Kafka.Embedded;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Options;

namespace LiveCommerce.Cloud.Tests;

public sealed class FleetMonitorTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset s_t0 = new(2026, 12, 4, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Stores_count_distinct_events_duplicates_and_losses_exactly_also_across_a_restart()
    {
        using var kafka = EmbeddedKafka.Start(1);
        kafka.CreateTopic("stores.s001.pos.sales", 6);
        kafka.CreateTopic("stores.s001.device.status", 3);
        kafka.CreateTopic(Topics.StoreHeartbeat("s001"), 1);
        kafka.CreateTopic(Topics.StoreUplinkLoss("s001"), 1);
        kafka.CreateTopic(Topics.StoreUplinkCheckpoints("s001"), 1);
        kafka.CreateTopic("stores.s002.pos.sales", 6);
        kafka.CreateTopic(Topics.StoreHeartbeat("s002"), 1);
        var data = Directory.CreateTempSubdirectory("lc-fleet-");
        try
        {
            using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers, Acks = Acks.All }).Build();
            var lossA = Loss("s001", "beacon.sightings", 4, 100, 117, "bulk");

            await using (var cloud = await StartCloudAsync(kafka, data.FullName))
            {
                using var http = new HttpClient { BaseAddress = new Uri(cloud.Urls.First()) };
                var records = 0;
                for (var i = 1; i <= 40; i++)
                {
                    records += Event(producer, "stores.s001.pos.sales", i % 6, $"s001:pos-01:{i}");
                }
                for (var i = 1; i <= 10; i++)
                {
                    records += Event(producer, "stores.s001.pos.sales", i % 6, $"s001:pos-01:{i}");
                }
                for (var i = 1; i <= 6; i++)
                {
                    records += Event(producer, "stores.s001.device.status", i % 3, $"s001:sensor-door-01:{i}");
                }
                records += Raw(producer, Topics.StoreUplinkCheckpoints("s001"), "{\"checkpoint\":1}");
                records += Raw(producer, Topics.StoreUplinkCheckpoints("s001"), "{\"checkpoint\":2}");
                records += Raw(producer, Topics.StoreUplinkLoss("s001"), lossA);
                records += Raw(producer, Topics.StoreUplinkLoss("s001"), lossA);
                records += Raw(producer, Topics.StoreHeartbeat("s001"), Heartbeat("s001", s_t0, "down", s_t0.AddMinutes(-5), mirrored: 10));
                records += Raw(producer, Topics.StoreHeartbeat("s001"), Heartbeat("s001", s_t0.AddSeconds(10), "up", s_t0.AddSeconds(8), mirrored: 56));
                // Late and older than the one before it: it must not win.
                records += Raw(producer, Topics.StoreHeartbeat("s001"), Heartbeat("s001", s_t0.AddSeconds(5), "down", s_t0.AddMinutes(-5), mirrored: 30));
                // The other store uses the same ce_ids: dedupe is per store.
                for (var i = 1; i <= 20; i++)
                {
                    records += Event(producer, "stores.s002.pos.sales", i % 6, $"s001:pos-01:{i}");
                }
                for (var i = 1; i <= 3; i++)
                {
                    records += Event(producer, "stores.s002.pos.sales", i % 6, $"s001:pos-01:{i}");
                }
                records += Raw(producer, Topics.StoreHeartbeat("s002"), Heartbeat("s002", s_t0, "down", s_t0.AddMinutes(-1), mirrored: 23, lastError: "cloud unreachable"));
                Assert.Equal(0, producer.Flush(s_timeout));

                await WaitForRecordsAsync(http, records);
                var stores = await GetStoresAsync(http);
                Assert.Equal(["s001", "s002"], stores.Keys.Order());

                var s001 = stores["s001"];
                Assert.Equal(46, s001.GetProperty("events").GetInt64());
                Assert.Equal(10, s001.GetProperty("duplicates").GetInt64());
                Assert.Equal(17, s001.GetProperty("lost").GetInt64());
                Assert.Equal(40, s001.GetProperty("topics").GetProperty("pos.sales").GetInt64());
                Assert.Equal(6, s001.GetProperty("topics").GetProperty("device.status").GetInt64());
                Assert.Equal(2, s001.GetProperty("topics").EnumerateObject().Count());
                Assert.Equal("up", s001.GetProperty("link").GetProperty("state").GetString());
                Assert.Equal(s_t0.AddSeconds(8), s001.GetProperty("link").GetProperty("since").GetDateTimeOffset());
                Assert.Equal(56, s001.GetProperty("mirrored").GetInt64());
                Assert.Equal(JsonValueKind.Null, s001.GetProperty("lastError").ValueKind);
                var lag = s001.GetProperty("lag").EnumerateArray().ToList();
                Assert.Equal(["critical", "bulk"], lag.Select(c => c.GetProperty("class").GetString()));
                Assert.Equal(12, lag[0].GetProperty("lagRecords").GetInt64());
                Assert.Equal(0.3, lag[0].GetProperty("estimatedDrainSeconds").GetDouble());
                Assert.Equal(JsonValueKind.Null, lag[1].GetProperty("estimatedDrainSeconds").ValueKind);
                var reports = s001.GetProperty("lossReports").EnumerateArray().ToList();
                var report = Assert.Single(reports);
                Assert.Equal("beacon.sightings", report.GetProperty("topic").GetString());
                Assert.Equal(100, report.GetProperty("fromOffset").GetInt64());
                var lastSeen = s001.GetProperty("lastSeen").GetDateTimeOffset();
                Assert.InRange(lastSeen, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));

                var s002 = stores["s002"];
                Assert.Equal(20, s002.GetProperty("events").GetInt64());
                Assert.Equal(3, s002.GetProperty("duplicates").GetInt64());
                Assert.Equal(0, s002.GetProperty("lost").GetInt64());
                Assert.Equal("down", s002.GetProperty("link").GetProperty("state").GetString());
                Assert.Equal("cloud unreachable", s002.GetProperty("lastError").GetString());
                Assert.Empty(s002.GetProperty("lossReports").EnumerateArray());

                using (var one = await http.GetAsync(new Uri("/stores/s002", UriKind.Relative)))
                {
                    Assert.Equal(HttpStatusCode.OK, one.StatusCode);
                    using var json = JsonDocument.Parse(await one.Content.ReadAsStringAsync());
                    Assert.Equal("s002", json.RootElement.GetProperty("storeId").GetString());
                    Assert.Equal(20, json.RootElement.GetProperty("topics").GetProperty("pos.sales").GetInt64());
                }
                using (var missing = await http.GetAsync(new Uri("/stores/s999", UriKind.Relative)))
                {
                    Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
                }
                await cloud.StopAsync();
            }

            await using (var cloud = await StartCloudAsync(kafka, data.FullName))
            {
                using var http = new HttpClient { BaseAddress = new Uri(cloud.Urls.First()) };
                var records = 0;
                for (var i = 41; i <= 50; i++)
                {
                    records += Event(producer, "stores.s001.pos.sales", i % 6, $"s001:pos-01:{i}");
                }
                // Re-sends of events counted before the restart.
                for (var i = 1; i <= 5; i++)
                {
                    records += Event(producer, "stores.s001.pos.sales", i % 6, $"s001:pos-01:{i}");
                }
                records += Raw(producer, Topics.StoreUplinkLoss("s001"), lossA);
                records += Raw(producer, Topics.StoreUplinkLoss("s001"), Loss("s001", "sensor.readings", 1, 7, 12, "bulk"));
                records += Raw(producer, Topics.StoreHeartbeat("s001"), Heartbeat("s001", s_t0.AddSeconds(20), "up", s_t0.AddSeconds(8), mirrored: 71));
                // A store that appears while the monitor runs.
                kafka.CreateTopic("stores.s003.pos.sales", 3);
                for (var i = 1; i <= 4; i++)
                {
                    records += Event(producer, "stores.s003.pos.sales", i % 3, $"s003:pos-01:{i}");
                }
                Assert.Equal(0, producer.Flush(s_timeout));

                await WaitForRecordsAsync(http, records);
                var stores = await GetStoresAsync(http);
                Assert.Equal(["s001", "s002", "s003"], stores.Keys.Order());
                var s001 = stores["s001"];
                Assert.Equal(56, s001.GetProperty("events").GetInt64());
                Assert.Equal(50, s001.GetProperty("topics").GetProperty("pos.sales").GetInt64());
                Assert.Equal(15, s001.GetProperty("duplicates").GetInt64());
                Assert.Equal(22, s001.GetProperty("lost").GetInt64());
                Assert.Equal(2, s001.GetProperty("lossReports").GetArrayLength());
                Assert.Equal(71, s001.GetProperty("mirrored").GetInt64());
                Assert.Equal(20, stores["s002"].GetProperty("events").GetInt64());
                Assert.Equal(3, stores["s002"].GetProperty("duplicates").GetInt64());
                Assert.Equal(4, stores["s003"].GetProperty("events").GetInt64());
                Assert.Equal(JsonValueKind.Null, stores["s003"].GetProperty("link").ValueKind);
                // Nothing from before the restart was read again.
                Assert.Equal(records, await RecordsWrittenAsync(http));
                await cloud.StopAsync();
            }
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("a file")]
    public async Task A_bad_data_directory_stops_the_host_naming_the_key(string value)
    {
        var file = Path.GetTempFileName();
        try
        {
            await using var cloud = CloudApplication.Create([], new Dictionary<string, string?>
            {
                ["Urls"] = "http://127.0.0.1:0",
                ["Kafka:BootstrapServers"] = "127.0.0.1:9",
                ["Cloud:DataDirectory"] = value.Length == 0 ? "" : file,
                ["Logging:LogLevel:Default"] = "Warning",
            });
            var e = await Assert.ThrowsAsync<OptionsValidationException>(() => cloud.StartAsync());
            Assert.Contains("Cloud:DataDirectory", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<WebApplication> StartCloudAsync(EmbeddedKafka kafka, string dataDirectory)
    {
        var cloud = CloudApplication.Create([], new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Kafka:BootstrapServers"] = kafka.BootstrapServers,
            ["Cloud:DataDirectory"] = dataDirectory,
            ["Logging:LogLevel:Default"] = "Warning",
            // The mock cluster holds every JoinGroup for session.timeout.ms - 1 s when the group is not
            // empty or has just been left (45 s by default); real brokers answer once all members joined.
            ["Kafka:Client:session.timeout.ms"] = "4000",
            ["Kafka:Client:heartbeat.interval.ms"] = "500",
        });
        await cloud.StartAsync();
        return cloud;
    }

    private static async Task WaitForRecordsAsync(HttpClient http, long expected)
    {
        long written = 0;
        await Poll.UntilAsync(async () => (written = await RecordsWrittenAsync(http)) >= expected, s_timeout,
            $"the fleet monitor to write {expected} records (has {written})");
        Assert.Equal(expected, written);
    }

    private static async Task<long> RecordsWrittenAsync(HttpClient http)
    {
        using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var fleet = json.RootElement.GetProperty("components").GetProperty("fleet");
        Assert.Equal("up", fleet.GetProperty("status").GetString());
        return fleet.GetProperty("records").GetInt64();
    }

    private static async Task<Dictionary<string, JsonElement>> GetStoresAsync(HttpClient http)
    {
        using var json = JsonDocument.Parse(await http.GetStringAsync(new Uri("/stores", UriKind.Relative)));
        return json.RootElement.EnumerateArray().ToDictionary(s => s.GetProperty("storeId").GetString()!, s => s.Clone());
    }

    private static int Event(IProducer<string, string> producer, string topic, int partition, string eventId)
    {
        var headers = new EventEnvelope(eventId, EventEnvelope.DeviceSource("s001", "pos-01"), "com.livecommerce.pos.sale.v1", s_t0).ToKafkaHeaders();
        headers.Add(EnvelopeHeaders.SourcePartition, "0"u8.ToArray());
        headers.Add(EnvelopeHeaders.SourceOffset, "0"u8.ToArray());
        producer.Produce(new TopicPartition(topic, partition), new Message<string, string> { Key = "pos-01", Value = "{}", Headers = headers });
        return 1;
    }

    private static int Raw(IProducer<string, string> producer, string topic, string value)
    {
        producer.Produce(topic, new Message<string, string> { Key = "store", Value = value });
        return 1;
    }

    private static string Heartbeat(string storeId, DateTimeOffset time, string state, DateTimeOffset since, long mirrored, string? lastError = null) =>
        JsonSerializer.Serialize(new UplinkHeartbeat
        {
            StoreId = storeId,
            Time = time,
            LinkState = state,
            LinkStateSince = since,
            MirroredRecords = mirrored,
            LastError = lastError,
            Classes =
            [
                new UplinkClassLag { Class = "critical", LagRecords = 12, OldestUnmirroredAgeSeconds = 3.5, DrainRatePerSecond = 40, EstimatedDrainSeconds = 0.3 },
                new UplinkClassLag { Class = "bulk", LagRecords = 0, DrainRatePerSecond = 0 },
            ],
        }, ContractsJsonContext.Default.UplinkHeartbeat);

    private static string Loss(string storeId, string topic, int partition, long from, long to, string priorityClass) =>
        JsonSerializer.Serialize(new UplinkLossReport
        {
            StoreId = storeId,
            Topic = topic,
            Partition = partition,
            FromOffset = from,
            ToOffset = to,
            Count = to - from,
            Class = priorityClass,
            Reason = "retention budget",
            Time = s_t0,
        }, ContractsJsonContext.Default.UplinkLossReport);
}
