using System.Diagnostics;
using System.Globalization;
using System.Text;
using Confluent.Kafka;
using LiveCommerce.Contracts;
using LiveCommerce.Kafka;
using LiveCommerce.Edge;
using LiveCommerce.Edge.Uplink;
using LiveCommerce.Kafka.Embedded;
using Microsoft.Extensions.DependencyInjection;

namespace LiveCommerce.Provisioning.Commands;

/// <summary>
/// <c>bench-uplink</c>: a backlog waiting in the local topics, the uplink restored: the mirror's drain
/// rate (records/s, MB/s) against a minimal raw copy (plain consume → produce) between the same clusters.
/// </summary>
public static class UplinkBenchmarkCommand
{
    public sealed record Settings(int Records)
    {
        public static Settings From(CommandLineOptions options)
        {
            var settings = new Settings(options.Number("records", 200_000, 1000, 2_000_000));
            options.RejectUnknown();
            return settings;
        }
    }

    private sealed record Figures(string Name, long Records, long Bytes, double Seconds)
    {
        public double RecordsPerSecond => Records / Seconds;

        public double MegabytesPerSecond => Bytes / Seconds / 1_000_000;
    }

    private static readonly List<TopicSpec> s_topics = Topics.Local.Where(t => new UplinkOptions().Classes.ContainsKey(t.Name)).ToList();

    public static async Task<int> RunAsync(Settings settings, TextWriter output, CancellationToken cancellationToken)
    {
        const string storeId = Benchmark.StoreId;
        using var local = EmbeddedKafka.Start(1);
        using var cloud = EmbeddedKafka.Start(3);
        foreach (var topic in Topics.Local)
        {
            local.CreateTopic(topic.Name, topic.Partitions);
        }
        foreach (var topic in Topics.CloudTopicsFor(storeId))
        {
            cloud.CreateTopic(topic.Name, topic.Partitions);
            cloud.CreateTopic("raw." + topic.Name, topic.Partitions);
        }
        // Spread over every mirrored topic by partition count: each partition stays under the embedded cluster's ~5 MiB retention.
        var bytes = await FillBacklogAsync(local.BootstrapServers, storeId, settings.Records, cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"uplink drain benchmark: backlog of {settings.Records} records ({bytes / 1_000_000.0:F1} MB) in {s_topics.Count} local topics ({s_topics.Sum(t => t.Partitions)} partitions), cloud 3 brokers, lz4")).ConfigureAwait(false);

        var raw = RawCopy(local.BootstrapServers, cloud.BootstrapServers, storeId, settings.Records, bytes);
        var mirror = await MirrorAsync(local.BootstrapServers, cloud, settings.Records, bytes, cancellationToken).ConfigureAwait(false);

        await output.WriteLineAsync($"{"copy",-50}{"records/s",12}{"MB/s",8}{"seconds",9}").ConfigureAwait(false);
        foreach (var f in new[] { mirror, raw })
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{f.Name,-50}{f.RecordsPerSecond,12:F0}{f.MegabytesPerSecond,8:F1}{f.Seconds,9:F1}")).ConfigureAwait(false);
        }
        var ratio = mirror.RecordsPerSecond / raw.RecordsPerSecond;
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"ratio mirror/raw: {ratio:F2} (target >= 0.8: {(ratio >= 0.8 ? "met" : "MISSED")})")).ConfigureAwait(false);
        return 0;
    }

    private static async Task<long> FillBacklogAsync(string bootstrap, string storeId, int records, CancellationToken cancellationToken)
    {
        using var producer = new ProducerBuilder<byte[]?, byte[]>(new ProducerConfig
        {
            BootstrapServers = bootstrap,
            LingerMs = 20,
            BatchSize = 512 * 1024,
            EnableIdempotence = true,
        }).Build();
        long bytes = 0;
        var now = DateTimeOffset.UtcNow;
        var slots = s_topics.SelectMany(t => Enumerable.Repeat(t.Name, t.Partitions)).ToArray();
        for (var i = 0; i < records; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var topic = slots[i % slots.Length];
            var sale = topic is Topics.PosSales or Topics.PosRedemptions or Topics.StoreOffers;
            var device = sale ? $"pos-{i % 10:00}" : "beacon-gw-01";
            var key = $"key-{i % 997}";
            var type = sale ? "sale" : "sighting";
            var payload = sale
                ? $"{{\"storeId\":\"{storeId}\",\"terminalId\":\"{device}\",\"receiptId\":\"r-{i}\",\"sequence\":{i},\"lines\":[{{\"sku\":\"sku-{i % 50}\",\"quantity\":1,\"unitPrice\":9.95}}],\"total\":9.95,\"currency\":\"EUR\",\"payment\":\"card\",\"time\":\"{now:O}\"}}"
                : Benchmark.Sighting(device, key, -61, i, now);
            var headers = new EventEnvelope($"{storeId}:{device}:{type}:{i}", EventEnvelope.DeviceSource(storeId, device), $"com.livecommerce.{type}.v1", now).ToKafkaHeaders();
            var message = new Message<byte[]?, byte[]> { Key = Encoding.UTF8.GetBytes(key), Value = Encoding.UTF8.GetBytes(payload), Headers = headers };
            bytes += message.Key.Length + message.Value.Length;
            Benchmark.Produce(producer, new TopicPartition(topic, Partition.Any), message);
        }
        await Task.Run(() => producer.Flush(TimeSpan.FromMinutes(5)), cancellationToken).ConfigureAwait(false);
        return bytes;
    }

    /// <summary>The minimal copy: one consumer over every backlog partition, one idempotent lz4 producer, same partition.</summary>
    private static Figures RawCopy(string localBootstrap, string cloudBootstrap, string storeId, int records, long bytes)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]>(new ConsumerConfig
        {
            BootstrapServers = localBootstrap,
            GroupId = "raw-copy",
            EnableAutoCommit = false,
            FetchWaitMaxMs = 10,
        }).Build();
        using var producer = new ProducerBuilder<byte[]?, byte[]>(new ProducerConfig
        {
            BootstrapServers = cloudBootstrap,
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = 5,
            CompressionType = CompressionType.Lz4,
        }).Build();
        consumer.Assign(s_topics
            .SelectMany(t => Enumerable.Range(0, t.Partitions).Select(p => new TopicPartitionOffset(t.Name, p, Offset.Beginning))));
        var watch = Stopwatch.StartNew();
        var copied = 0;
        while (copied < records)
        {
            var record = consumer.Consume(TimeSpan.FromSeconds(10)) ?? throw new TimeoutException($"the raw copy stalled after {copied} of {records} records");
            var target = new TopicPartition("raw." + Topics.Mirrored(storeId, record.Topic), record.Partition);
            Benchmark.Produce(producer, target, new Message<byte[]?, byte[]> { Key = record.Message.Key, Value = record.Message.Value, Headers = record.Message.Headers, Timestamp = record.Message.Timestamp });
            copied++;
        }
        producer.Flush(TimeSpan.FromMinutes(5));
        return new Figures("raw copy (consume → produce, no transactions)", records, bytes, watch.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// The edge's uplink mirror: the edge starts with the cloud down and the backlog waiting; timed from
    /// the moment the mirror has its cloud session again until every record is committed in the cloud.
    /// </summary>
    private static async Task<Figures> MirrorAsync(string localBootstrap, EmbeddedKafka cloud, int records, long bytes, CancellationToken cancellationToken)
    {
        var data = Benchmark.DataDirectory("uplink");
        var settings = Benchmark.EdgeSettings(data, localBootstrap);
        settings["Uplink:CloudBootstrapServers"] = cloud.BootstrapServers;
        await using var app = EdgeApplication.Create([], settings);
        cloud.SetBrokerDown(EmbeddedKafka.AllBrokers);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var status = app.Services.GetRequiredService<UplinkStatus>();
        cloud.SetBrokerUp(EmbeddedKafka.AllBrokers);
        while (!status.LinkUp)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(5), cancellationToken).ConfigureAwait(false);
        }
        var watch = Stopwatch.StartNew();
        while (status.Mirrored < records)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken).ConfigureAwait(false);
        }
        var seconds = watch.Elapsed.TotalSeconds;
        await app.StopAsync(cancellationToken).ConfigureAwait(false);
        Directory.Delete(data, recursive: true);
        return new Figures($"uplink mirror (transactions, {status.Batches} batches)", records, bytes, seconds);
    }
}
