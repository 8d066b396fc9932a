using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using LiveCommerce.Contracts;
using LiveCommerce.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveCommerce.Edge.Uplink;

/// <summary>
/// Measures the uplink backlog per class (records, age of the oldest unmirrored record) against the
/// mirror's committed positions, and sends a heartbeat with these figures to
/// <c>stores.{storeId}.heartbeat</c> every few seconds.
/// </summary>
public sealed partial class UplinkMonitor(
    KafkaCluster local,
    UplinkStatus status,
    UplinkProgress progress,
    IOptions<UplinkOptions> uplinkOptions,
    IOptions<EdgeOptions> edgeOptions,
    TimeProvider time,
    ILogger<UplinkMonitor> logger) : BackgroundService
{
    private readonly UplinkOptions _options = uplinkOptions.Value;
    private readonly string _storeId = edgeOptions.Value.StoreId;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Run(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken stoppingToken)
    {
        var config = local.ConsumerConfig($"lc-uplink-{_storeId}-monitor", "lc-uplink-monitor");
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(config).SetLogHandler((_, _) => { }).Build();
        using var heartbeats = new ProducerBuilder<byte[]?, byte[]>(new ProducerConfig(new Dictionary<string, string>(_options.CloudClient))
        {
            BootstrapServers = _options.CloudBootstrapServers,
            ClientId = $"lc-uplink-{_storeId}-heartbeat",
            Acks = Acks.All,
            MessageTimeoutMs = _options.HeartbeatSeconds * 2000,
        }).SetLogHandler((_, _) => { }).Build();
        var interval = TimeSpan.FromSeconds(_options.HeartbeatSeconds);
        while (!stoppingToken.WaitHandle.WaitOne(interval))
        {
            try
            {
                Measure(consumer);
            }
            catch (KafkaException e)
            {
                LogMeasureFailed(logger, e.Error.Code);
            }
            var heartbeat = status.Heartbeat(_storeId);
            var headers = new EventEnvelope($"{_storeId}:uplink-heartbeat:{Guid.CreateVersion7()}", $"/stores/{_storeId}/uplink", UplinkHeartbeat.CloudEventType, heartbeat.Time).ToKafkaHeaders();
            heartbeats.Produce(Topics.StoreHeartbeat(_storeId), new Message<byte[]?, byte[]>
            {
                Key = Encoding.UTF8.GetBytes(_storeId),
                Value = JsonSerializer.SerializeToUtf8Bytes(heartbeat, ContractsJsonContext.Default.UplinkHeartbeat),
                Headers = headers,
            });
        }
    }

    private void Measure(IConsumer<Ignore, Ignore> consumer)
    {
        if (!progress.Known)
        {
            return;
        }
        var committed = progress.Committed;
        var lagging = new Dictionary<TopicPartition, long>();
        var lagByClass = Enum.GetValues<PriorityClass>().ToDictionary(p => p, _ => 0L);
        foreach (var (partition, position) in committed)
        {
            var high = consumer.QueryWatermarkOffsets(partition, TimeSpan.FromSeconds(5)).High.Value;
            if (high > position)
            {
                lagByClass[_options.ClassOf(partition.Topic)] += high - position;
                lagging[partition] = position;
            }
        }
        var oldest = OldestTimestamps(consumer, lagging);
        var now = time.GetUtcNow();
        foreach (var (priority, lag) in lagByClass)
        {
            var ages = oldest.Where(o => _options.ClassOf(o.Key.Topic) == priority).Select(o => (now - o.Value).TotalSeconds).ToList();
            status.SetLag(priority, lag, ages.Count == 0 ? 0 : Math.Max(0, ages.Max()));
        }
    }

    /// <summary>The timestamp of the first unmirrored record of each lagging partition.</summary>
    private static Dictionary<TopicPartition, DateTimeOffset> OldestTimestamps(IConsumer<Ignore, Ignore> consumer, Dictionary<TopicPartition, long> lagging)
    {
        var result = new Dictionary<TopicPartition, DateTimeOffset>();
        if (lagging.Count == 0)
        {
            return result;
        }
        consumer.Assign(lagging.Select(l => new TopicPartitionOffset(l.Key, l.Value)));
        var deadline = DateTime.UtcNow.AddSeconds(1);
        while (result.Count < lagging.Count && DateTime.UtcNow < deadline)
        {
            var record = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (record is not null && !result.ContainsKey(record.TopicPartition))
            {
                result[record.TopicPartition] = record.Message.Timestamp.UtcDateTime;
                consumer.Pause([record.TopicPartition]);
            }
        }
        consumer.Unassign();
        return result;
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Debug, Message = "Measuring the uplink backlog failed: {Code}")]
    private static partial void LogMeasureFailed(ILogger logger, ErrorCode code);
}
