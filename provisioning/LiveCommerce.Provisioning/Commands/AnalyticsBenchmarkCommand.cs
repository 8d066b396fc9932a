using System.Diagnostics;
using System.Globalization;
using System.Text;
using Confluent.Kafka;
using LiveCommerce.Contracts;
using LiveCommerce.Kafka;
using LiveCommerce.Edge;
using LiveCommerce.Edge.Analytics;
using LiveCommerce.Kafka.Embedded;
using Microsoft.Extensions.DependencyInjection;

namespace LiveCommerce.Provisioning.Commands;

/// <summary>
/// <c>bench-analytics</c>: <c>beacon.sightings</c> pre-loaded with sightings as the gateway writes them (envelope
/// headers, keyed by shopper token, over every partition); the store state's apply rate against a raw consume
/// loop reading the same records, in the same run, each measured <c>--runs</c> times.
/// </summary>
public static class AnalyticsBenchmarkCommand
{
    private const int Shoppers = 5000;
    private static readonly string[] s_gateways = ["beacon-gw-01", "beacon-gw-02", "beacon-gw-03", "beacon-gw-04"];
    private static readonly int s_partitions = Topics.Local.Single(t => t.Name == Topics.BeaconSightings).Partitions;

    public sealed record Settings(int Records, int Runs, int? FetchWaitMs)
    {
        public static Settings From(CommandLineOptions options)
        {
            var settings = new Settings(options.Number("records", 200_000, 1000, 1_000_000), options.Number("runs", 2, 1, 10), options.OptionalInt("fetch-wait-ms", 1, 5000));
            options.RejectUnknown();
            return settings;
        }
    }

    public static async Task<int> RunAsync(Settings settings, TextWriter output, CancellationToken cancellationToken)
    {
        using var kafka = EmbeddedKafka.Start(1);
        foreach (var topic in Topics.Local)
        {
            kafka.CreateTopic(topic.Name, topic.Partitions);
        }
        var bytes = await Task.Run(() => Fill(kafka.BootstrapServers, settings.Records), cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"analytics benchmark: {settings.Records} sightings ({bytes / 1_000_000.0:F1} MB with headers) of {Math.Min(Shoppers, settings.Records)} shoppers from {s_gateways.Length} gateways in 2 zones, {Topics.BeaconSightings} ({s_partitions} partitions), Analytics:FetchWaitMs={settings.FetchWaitMs?.ToString(CultureInfo.InvariantCulture) ?? "default"}")).ConfigureAwait(false);
        await output.WriteLineAsync($"{"run",-5}{"raw consume ev/s",18}{"store state ev/s",18}{"store state s",15}{"ratio state/raw",17}").ConfigureAwait(false);
        var ratios = new List<double>();
        for (var run = 1; run <= settings.Runs; run++)
        {
            var raw = RawConsume(kafka.BootstrapServers, settings.Records, run, cancellationToken);
            var state = await StoreStateAsync(kafka.BootstrapServers, settings, run, cancellationToken).ConfigureAwait(false);
            ratios.Add(raw / state);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{run,-5}{settings.Records / raw,18:F0}{settings.Records / state,18:F0}{state,15:F2}{raw / state,17:F3}")).ConfigureAwait(false);
        }
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"ratio store state/raw: mean {ratios.Average():F3}, min {ratios.Min():F3}, max {ratios.Max():F3} over {ratios.Count} runs")).ConfigureAwait(false);
        return 0;
    }

    /// <summary>The sightings, one ms apart and ending now, keyed by shopper token like the gateway writes them; their bytes.</summary>
    private static long Fill(string bootstrap, int records)
    {
        // lz4 keeps every partition under the embedded cluster's ~5 MiB retention; consumers see the same records.
        using var producer = new ProducerBuilder<byte[]?, byte[]>(new ProducerConfig
        {
            BootstrapServers = bootstrap,
            LingerMs = 20,
            BatchSize = 512 * 1024,
            EnableIdempotence = true,
            CompressionType = CompressionType.Lz4,
        }).Build();
        var start = DateTimeOffset.UtcNow.AddMilliseconds(-records);
        long bytes = 0;
        for (var i = 0; i < records; i++)
        {
            var gateway = s_gateways[i % s_gateways.Length];
            var token = string.Create(CultureInfo.InvariantCulture, $"shopper-{(long)i * 7919 % Shoppers:00000}");
            var time = start.AddMilliseconds(i);
            var headers = new EventEnvelope($"{Benchmark.StoreId}:{gateway}:sighting:{i + 1}", EventEnvelope.DeviceSource(Benchmark.StoreId, gateway), EventCatalog.Sighting.CloudEventType, time).ToKafkaHeaders();
            var message = new Message<byte[]?, byte[]>
            {
                Key = Encoding.UTF8.GetBytes(token),
                Value = Encoding.UTF8.GetBytes(Benchmark.Sighting(gateway, token, -50 - (i % 40), i + 1, time)),
                Headers = headers,
            };
            bytes += message.Key.Length + message.Value.Length + headers.Sum(h => h.Key.Length + h.GetValueBytes().Length);
            Benchmark.Produce(producer, new TopicPartition(Topics.BeaconSightings, Partition.Any), message);
        }
        producer.Flush(TimeSpan.FromMinutes(5));
        using var admin = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = "bench-analytics-check" }).Build();
        var kept = Enumerable.Range(0, s_partitions)
            .Select(p => admin.QueryWatermarkOffsets(new TopicPartition(Topics.BeaconSightings, p), TimeSpan.FromSeconds(10)))
            .Sum(w => w.High.Value - w.Low.Value);
        return kept == records ? bytes : throw new InvalidOperationException($"local Kafka kept {kept} of {records} sightings (retention); use fewer --records");
    }

    /// <summary>Seconds for one consumer assigned every partition from the beginning to read all records (just the bytes).</summary>
    private static double RawConsume(string bootstrap, int records, int run, CancellationToken cancellationToken)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = $"bench-analytics-raw-{run}",
            EnableAutoCommit = false,
            FetchWaitMaxMs = 10,
        }).Build();
        var watch = Stopwatch.StartNew();
        consumer.Assign(Enumerable.Range(0, s_partitions).Select(p => new TopicPartitionOffset(Topics.BeaconSightings, p, Offset.Beginning)));
        long read = 0;
        long bytes = 0;
        while (read < records)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var record = consumer.Consume(TimeSpan.FromSeconds(10)) ?? throw new TimeoutException($"the raw consumer stalled after {read} of {records} records");
            bytes += record.Message.Value?.Length ?? 0;
            read++;
        }
        var seconds = watch.Elapsed.TotalSeconds;
        consumer.Close();
        return bytes > 0 ? seconds : throw new InvalidOperationException("the raw consumer read empty records");
    }

    /// <summary>Seconds from the start of an edge with a fresh data directory until its store state has applied every record.</summary>
    private static async Task<double> StoreStateAsync(string bootstrap, Settings settings, int run, CancellationToken cancellationToken)
    {
        var data = Benchmark.DataDirectory($"analytics-{run}");
        var overrides = Benchmark.EdgeSettings(data, bootstrap);
        for (var i = 0; i < s_gateways.Length; i++)
        {
            overrides[$"Analytics:Zones:{i / 2}:Id"] = i < 2 ? "entrance" : "kitchen";
            overrides[$"Analytics:Zones:{i / 2}:Gateways:{i % 2}"] = s_gateways[i];
        }
        if (settings.FetchWaitMs is { } fetchWait)
        {
            overrides["Analytics:FetchWaitMs"] = fetchWait.ToString(CultureInfo.InvariantCulture);
        }
        double seconds;
        await using (var app = EdgeApplication.Create([], overrides))
        {
            var store = app.Services.GetRequiredService<AnalyticsStore>();
            var deadline = TimeSpan.FromMinutes(10);
            var watch = Stopwatch.StartNew();
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            long applied;
            while ((applied = store.ReadOffsets().Where(o => o.Key.Topic == Topics.BeaconSightings).Sum(o => o.Value)) < settings.Records)
            {
                if (watch.Elapsed > deadline)
                {
                    throw new TimeoutException($"the store state applied {applied} of {settings.Records} sightings in {deadline.TotalMinutes} minutes");
                }
                await Task.Delay(TimeSpan.FromMilliseconds(10), cancellationToken).ConfigureAwait(false);
            }
            seconds = watch.Elapsed.TotalSeconds;
            await app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
        Directory.Delete(data, recursive: true);
        return seconds;
    }
}
