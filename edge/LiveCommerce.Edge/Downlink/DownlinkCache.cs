using Confluent.Kafka;
using LiveCommerce.Edge.Hosting;
using LiveCommerce.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveCommerce.Edge.Downlink;

/// <summary>
/// Applies the local <c>cloud.*</c> topics to the SQLite caches (<see cref="DownlinkStore"/>), storing the
/// offsets it applied in the same transaction and resuming from them: every record is applied exactly
/// once. It reads local Kafka only, so it works with the cloud down.
/// </summary>
public sealed partial class DownlinkCache(
    KafkaCluster local,
    LocalTopicsInitializer localTopics,
    DownlinkStore store,
    DownlinkStatus status,
    IOptions<DownlinkOptions> downlinkOptions,
    IOptions<EdgeOptions> edgeOptions,
    ILogger<DownlinkCache> logger) : BackgroundService
{
    private readonly DownlinkOptions _options = downlinkOptions.Value;
    private readonly string _storeId = edgeOptions.Value.StoreId;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await localTopics.Ready.WaitAsync(stoppingToken).ConfigureAwait(false);
        await Task.Factory.StartNew(() => Run(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
    }

    private void Run(CancellationToken stoppingToken)
    {
        var config = local.ConsumerConfig($"lc-downlink-cache-{_storeId}", $"lc-downlink-cache-{_storeId}");
        config.IsolationLevel = IsolationLevel.ReadCommitted;
        config.FetchWaitMaxMs = _options.FetchWaitMs;
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(config).SetLogHandler((_, _) => { }).Build();
        var offsets = store.ReadOffsets();
        var assignment = DownlinkRoute.CachedTopics
            .SelectMany(t => Enumerable.Range(0, t.Partitions).Select(p => new TopicPartition(t.Name, p)))
            .Select(p => new TopicPartitionOffset(p, offsets.TryGetValue(p, out var next) ? new Offset(next) : Offset.Beginning))
            .ToList();
        consumer.Assign(assignment);
        LogStarted(logger, assignment.Count, offsets.Count);
        var batch = new List<ConsumeResult<byte[]?, byte[]?>>(_options.BatchRecords);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                batch.Clear();
                Fill(consumer, batch);
                if (batch.Count == 0)
                {
                    continue;
                }
                store.Apply(batch, (record, reason) => LogUnreadable(logger, record.Topic, record.Partition.Value, record.Offset.Value, reason));
                status.OnApplied(batch.Count);
            }
        }
        catch (KafkaException e) when (e.Error.IsFatal)
        {
            LogFatal(logger, e, e.Error.Code);
            throw;
        }
        finally
        {
            consumer.Close();
        }
    }

    /// <summary>Waits briefly for a record, then takes what has already been fetched, up to a batch.</summary>
    private void Fill(IConsumer<byte[]?, byte[]?> consumer, List<ConsumeResult<byte[]?, byte[]?>> batch) =>
        KafkaConsumerLoop.FillBatch(consumer, batch, _options.BatchRecords, TimeSpan.FromMilliseconds(100), logger);

    [LoggerMessage(EventId = 4511, Level = LogLevel.Information, Message = "Downlink cache reads {Partitions} local partitions, {Resumed} resumed from SQLite")]
    private static partial void LogStarted(ILogger logger, int partitions, int resumed);

    [LoggerMessage(EventId = 4512, Level = LogLevel.Warning, Message = "Local record {Topic}[{Partition}]@{Offset} is not cached: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, string topic, int partition, long offset, string reason);

    [LoggerMessage(EventId = 4514, Level = LogLevel.Critical, Message = "Fatal Kafka error {Code} in the downlink cache; the host stops")]
    private static partial void LogFatal(ILogger logger, Exception exception, ErrorCode code);
}
