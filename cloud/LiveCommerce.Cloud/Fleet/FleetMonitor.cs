using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Channels;
using Confluent.Kafka;
using LiveCommerce.Contracts;
using LiveCommerce.Kafka;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LiveCommerce.Cloud.Fleet;

/// <summary>
/// Consumes every store's cloud topics (<see cref="Topics.AllStoresPattern"/>, new stores are picked up
/// within seconds) and keeps per-store state in <see cref="FleetDatabase"/>: distinct events by
/// <c>ce_id</c> per topic, duplicates, the latest uplink heartbeat and the loss reports.
/// </summary>
/// <remarks>
/// Exactly-once local state: records are written in batches, each batch in one SQLite transaction with the
/// offsets it came from, and the consumer starts every assigned partition at the offset SQLite holds, so a
/// record is applied once even across restarts. The consumer thread classifies records and queues them;
/// a writer task drains the queue, a batch being whatever has queued up (at most <see cref="MaxBatch"/>).
/// </remarks>
public sealed partial class FleetMonitor : BackgroundService
{
    public const string GroupId = "lc-cloud-fleet-monitor";
    private const string ClientId = "lc-cloud-fleet-monitor";
    private const int MaxBatch = 500;
    private const int QueueCapacity = 4 * MaxBatch;

    private readonly KafkaCluster _cluster;
    private readonly FleetDatabase _database;
    private readonly TimeProvider _time;
    private readonly ILogger<FleetMonitor> _logger;

    // Next offset per partition: what SQLite holds, advanced as records are queued. Consumer thread only.
    private readonly Dictionary<TopicPartition, long> _positions = [];
    private long _recordsWritten;
    private int _assignedPartitions;
    private volatile bool _running;

    public FleetMonitor(KafkaCluster cluster, FleetDatabase database, TimeProvider time, ILogger<FleetMonitor> logger)
    {
        _cluster = cluster;
        _database = database;
        _time = time;
        _logger = logger;
    }

    /// <summary>True while the consumer loop runs.</summary>
    public bool IsRunning => _running;

    /// <summary>Records written to the fleet state since this process started.</summary>
    public long RecordsWritten => Interlocked.Read(ref _recordsWritten);

    public int AssignedPartitions => Volatile.Read(ref _assignedPartitions);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var (partition, next) in _database.ReadOffsets())
        {
            _positions[partition] = next;
        }
        var queue = Channel.CreateBounded<FleetRecord>(new BoundedChannelOptions(QueueCapacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var writer = Task.Run(() => WriteBatchesAsync(queue.Reader, stop), CancellationToken.None);
        _running = true;
        try
        {
            using var consumer = BuildConsumer();
            consumer.Subscribe(Topics.AllStoresPattern);
            LogStarted(_logger, Topics.AllStoresPattern, GroupId, _database.Path, _positions.Count);
            await KafkaConsumerLoop.RunAsync(consumer, (result, token) => EnqueueAsync(queue.Writer, result, token), _logger, stop.Token)
                .ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Shutdown, or the writer failed (it rethrows below).
        }
        finally
        {
            _running = false;
            queue.Writer.TryComplete();
            await writer.ConfigureAwait(false);
        }
    }

    private IConsumer<Ignore, byte[]?> BuildConsumer()
    {
        var config = _cluster.ConsumerConfig(GroupId, ClientId);
        // New stores' topics must show up in the regex subscription quickly. Each new topic means a
        // rebalance, which a coordinator may hold for up to the session timeout (the embedded cluster
        // always does): keep that short too. Kafka:Client overrides both.
        config.TopicMetadataRefreshIntervalMs ??= 2000;
        config.SessionTimeoutMs ??= 10000;
        config.HeartbeatIntervalMs ??= 1000;
        return new ConsumerBuilder<Ignore, byte[]?>(config)
            .SetPartitionsAssignedHandler((_, partitions) =>
            {
                Volatile.Write(ref _assignedPartitions, partitions.Count);
                return partitions
                    .Select(p => new TopicPartitionOffset(p, _positions.TryGetValue(p, out var next) ? new Offset(next) : Offset.Unset))
                    .ToList();
            })
            .SetPartitionsRevokedHandler((_, _) => Volatile.Write(ref _assignedPartitions, 0))
            .SetErrorHandler((_, error) => LogKafkaError(_logger, error.Code, error.Reason))
            .SetLogHandler((_, message) => LogKafkaMessage(_logger, message.Facility, message.Message))
            .Build();
    }

    private ValueTask EnqueueAsync(ChannelWriter<FleetRecord> queue, ConsumeResult<Ignore, byte[]?> result, CancellationToken cancellationToken)
    {
        var partition = result.TopicPartition;
        var offset = result.Offset.Value;
        if (_positions.TryGetValue(partition, out var expected) && offset < expected)
        {
            // Only a reset log (a new cluster, truncation) hands out an offset below the position sought.
            LogOffsetWentBack(_logger, partition.Topic, partition.Partition.Value, expected, offset);
        }
        _positions[partition] = offset + 1;
        return queue.WriteAsync(Classify(result), cancellationToken);
    }

    private FleetRecord Classify(ConsumeResult<Ignore, byte[]?> result)
    {
        var timestamp = result.Message.Timestamp.Type == TimestampType.NotAvailable
            ? _time.GetUtcNow()
            : new DateTimeOffset(result.Message.Timestamp.UtcDateTime, TimeSpan.Zero);
        if (!Topics.TryParseMirrored(result.Topic, out var storeId, out var localTopic))
        {
            return new FleetRecord(result.TopicPartitionOffset, FleetRecordKind.Ignored, "", result.Topic, timestamp);
        }
        var record = new FleetRecord(result.TopicPartitionOffset, FleetRecordKind.Ignored, storeId, localTopic, timestamp);
        // The mirror's checkpoints and the store's configuration and stock levels (cloud → store) are not store traffic.
        if (result.Topic == Topics.StoreUplinkCheckpoints(storeId) || result.Topic == Topics.StoreConfigTopic(storeId) || result.Topic == Topics.StoreStockTopic(storeId))
        {
            return record;
        }
        if (result.Topic == Topics.StoreHeartbeat(storeId))
        {
            return TryParse(result, ContractsJsonContext.Default.UplinkHeartbeat, out var heartbeat)
                ? record with { Kind = FleetRecordKind.Heartbeat, Heartbeat = heartbeat }
                : record;
        }
        if (result.Topic == Topics.StoreUplinkLoss(storeId))
        {
            return TryParse(result, ContractsJsonContext.Default.UplinkLossReport, out var loss)
                ? record with { Kind = FleetRecordKind.Loss, Loss = loss }
                : record;
        }
        if (result.Message.Headers is { } headers && headers.TryGetLastBytes(EnvelopeHeaders.Id, out var id) && id.Length > 0)
        {
            return record with { Kind = FleetRecordKind.Event, EventId = Encoding.UTF8.GetString(id) };
        }
        LogNoEventId(_logger, result.Topic, result.Partition.Value, result.Offset.Value);
        return record;
    }

    private bool TryParse<T>(ConsumeResult<Ignore, byte[]?> result, JsonTypeInfo<T> type, out T? value)
        where T : class
    {
        value = null;
        try
        {
            value = result.Message.Value is { } bytes ? JsonSerializer.Deserialize(bytes, type) : null;
        }
        catch (JsonException e)
        {
            LogUnreadable(_logger, e, result.Topic, result.Partition.Value, result.Offset.Value);
            return false;
        }
        if (value is null)
        {
            LogUnreadable(_logger, null, result.Topic, result.Partition.Value, result.Offset.Value);
        }
        return value is not null;
    }

    private async Task WriteBatchesAsync(ChannelReader<FleetRecord> queue, CancellationTokenSource stop)
    {
        var completed = false;
        try
        {
            using var writer = new FleetBatchWriter(_database);
            var batch = new List<FleetRecord>(MaxBatch);
            while (await queue.WaitToReadAsync().ConfigureAwait(false))
            {
                while (batch.Count < MaxBatch && queue.TryRead(out var record))
                {
                    batch.Add(record);
                }
                writer.Apply(batch);
                Interlocked.Add(ref _recordsWritten, batch.Count);
                batch.Clear();
            }
            completed = true;
        }
        catch (SqliteException e)
        {
            LogWriteFailed(_logger, e, e.SqliteErrorCode);
            throw;
        }
        finally
        {
            if (!completed)
            {
                await stop.CancelAsync().ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Fleet monitor consuming {Pattern} as group {GroupId}; state in {Database} ({Partitions} partitions known)")]
    private static partial void LogStarted(ILogger logger, string pattern, string groupId, string database, int partitions);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Record {Topic}[{Partition}]@{Offset} has no ce_id header; it is not counted")]
    private static partial void LogNoEventId(ILogger logger, string topic, int partition, long offset);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Record {Topic}[{Partition}]@{Offset} is not readable JSON of its kind; it is skipped")]
    private static partial void LogUnreadable(ILogger logger, Exception? exception, string topic, int partition, long offset);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "Partition {Topic}[{Partition}] went back from offset {Expected} to {Offset} (log reset or truncated); continuing from {Offset}")]
    private static partial void LogOffsetWentBack(ILogger logger, string topic, int partition, long expected, long offset);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Critical, Message = "Fleet state could not be written (SQLite error {Code}); the fleet monitor stops")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, int code);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning, Message = "Kafka error {Code}: {Reason}")]
    private static partial void LogKafkaError(ILogger logger, ErrorCode code, string reason);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Debug, Message = "librdkafka {Facility}: {Message}")]
    private static partial void LogKafkaMessage(ILogger logger, string facility, string message);
}
