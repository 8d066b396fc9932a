using System.Globalization;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using LiveCommerce.Contracts;
using LiveCommerce.Edge.Hosting;
using LiveCommerce.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveCommerce.Edge.Uplink;

/// <summary>
/// Mirrors the store's local topics to the cloud as <c>stores.{storeId}.{topic}</c>, same partition,
/// key, value, headers and timestamp, plus <c>lc_src_partition</c>/<c>lc_src_offset</c>. Each batch,
/// its loss reports and the checkpoint of every source position are written in one cloud transaction,
/// so the checkpoint is visible exactly when the records are: a restart (even after kill -9) resumes
/// where the cloud's last committed batch ended. Critical topics drain before normal before bulk.
/// </summary>
public sealed partial class UplinkMirror(
    KafkaCluster local,
    LocalTopicsInitializer localTopics,
    UplinkStatus status,
    UplinkProgress progress,
    IOptions<UplinkOptions> uplinkOptions,
    IOptions<EdgeOptions> edgeOptions,
    IOptions<KafkaOptions> kafkaOptions,
    TimeProvider time,
    ILogger<UplinkMirror> logger) : BackgroundService
{
    private static readonly TimeSpan s_operationTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan s_budgetInterval = TimeSpan.FromSeconds(5);
    private readonly UplinkOptions _options = uplinkOptions.Value;
    private readonly string _storeId = edgeOptions.Value.StoreId;
    private readonly Dictionary<PriorityClass, ClassSource> _sources = [];
    private readonly Dictionary<TopicPartition, long> _committed = [];
    private readonly Dictionary<PriorityClass, long> _bytesSent = Enum.GetValues<PriorityClass>().ToDictionary(p => p, _ => 0L);
    private readonly List<UplinkLossReport> _pendingLoss = [];
    private readonly MirrorCheckpoint _checkpoint = new();
    private ByteRateLimiter? _limiter;
    private long _lastBudgetCheck;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await localTopics.Ready.WaitAsync(stoppingToken).ConfigureAwait(false);
        await Task.Factory.StartNew(() => Run(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
    }

    private void Run(CancellationToken stoppingToken)
    {
        _limiter = _options.BandwidthBytesPerSecond > 0 ? new ByteRateLimiter(_options.BandwidthBytesPerSecond, time) : null;
        CreateSources();
        var backoff = TimeSpan.FromMilliseconds(250);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    using var session = CloudSession.Open(CloudProducerConfig(), s_operationTimeout);
                    EnsureCloudTopics();
                    var checkpoint = ReadCheckpoint();
                    Resume(checkpoint);
                    // The link is back: what exceeds a retention budget is given up before anything is sent,
                    // not only at the next periodic check (by then a short backlog may have drained past it).
                    AccountForRetention();
                    _lastBudgetCheck = time.GetTimestamp();
                    status.SetLink(up: true);
                    LogLinkUp(logger, _committed.Count);
                    backoff = TimeSpan.FromMilliseconds(250);
                    Pump(session, stoppingToken);
                }
                catch (KafkaException e) when (!stoppingToken.IsCancellationRequested)
                {
                    status.SetLink(up: false, $"{e.Error.Code}: {e.Error.Reason}");
                    LogLinkDown(logger, e.Error.Code, e.Error.Reason, backoff);
                    RewindToCommitted();
                    stoppingToken.WaitHandle.WaitOne(backoff);
                    backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
                }
            }
        }
        finally
        {
            foreach (var source in _sources.Values)
            {
                source.Consumer.Close();
                source.Consumer.Dispose();
            }
        }
    }

    /// <summary>One consumer per class, assigned to every partition of the class's local topics (the topics named in <c>Uplink:Classes</c>).</summary>
    private void CreateSources()
    {
        foreach (var priority in Enum.GetValues<PriorityClass>())
        {
            var config = local.ConsumerConfig($"lc-uplink-{_storeId}", $"lc-uplink-{UplinkOptions.Name(priority)}");
            config.EnableAutoOffsetStore = false;
            // A short fetch wait keeps the mirror close behind the gateway (and a mock broker, which answers
            // a fetch with one batch per partition only after the full wait, draining at a usable rate).
            config.FetchWaitMaxMs = _options.SourceFetchWaitMs;
            var consumer = new ConsumerBuilder<byte[]?, byte[]>(config).SetLogHandler((_, _) => { }).Build();
            var partitions = Topics.Local
                .Where(t => _options.Classes.ContainsKey(t.Name) && _options.ClassOf(t.Name) == priority)
                .SelectMany(t => Enumerable.Range(0, t.Partitions).Select(p => new TopicPartition(t.Name, p)))
                .ToList();
            _sources[priority] = new ClassSource(priority, consumer, partitions);
        }
    }

    private ProducerConfig CloudProducerConfig()
    {
        var properties = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["linger.ms"] = "5",
            ["socket.nagle.disable"] = "true",
        };
        foreach (var (key, value) in _options.CloudClient)
        {
            properties[key] = value;
        }
        return new ProducerConfig(properties)
        {
            BootstrapServers = _options.CloudBootstrapServers,
            ClientId = $"lc-uplink-{_storeId}",
            TransactionalId = $"lc-uplink-{_storeId}",
            EnableIdempotence = true,
            Acks = Acks.All,
            CompressionType = _options.Compression switch
            {
                "zstd" => CompressionType.Zstd,
                "gzip" => CompressionType.Gzip,
                "snappy" => CompressionType.Snappy,
                "none" => CompressionType.None,
                _ => CompressionType.Lz4,
            },
            TransactionTimeoutMs = 60_000,
            MessageTimeoutMs = 30_000,
        };
    }

    private Dictionary<string, string> CloudProperties(string clientId)
    {
        var properties = new Dictionary<string, string>(_options.CloudClient, StringComparer.Ordinal)
        {
            ["bootstrap.servers"] = _options.CloudBootstrapServers,
            ["client.id"] = clientId,
        };
        return properties;
    }

    private void EnsureCloudTopics()
    {
        var admin = new KafkaTopicAdmin(new AdminClientConfig(CloudProperties($"lc-uplink-{_storeId}-admin")), kafkaOptions.Value.ReplicationFactor);
        try
        {
            admin.EnsureTopicsAsync(Topics.CloudTopicsFor(_storeId), CancellationToken.None).WaitAsync(s_operationTimeout).GetAwaiter().GetResult();
        }
        catch (TimeoutException e)
        {
            throw new KafkaException(new Error(ErrorCode.Local_TimedOut, $"creating the cloud topics of {_storeId} timed out"), e);
        }
    }

    /// <summary>The last committed checkpoint in the cloud: the newest visible record of the checkpoint topic.</summary>
    private Dictionary<TopicPartition, long> ReadCheckpoint() =>
        _checkpoint.Load(
            new ConsumerConfig(CloudProperties($"lc-uplink-{_storeId}-checkpoint")) { GroupId = $"lc-uplink-{_storeId}-checkpoint", FetchWaitMaxMs = _options.SourceFetchWaitMs },
            new TopicPartition(Topics.StoreUplinkCheckpoints(_storeId), 0),
            s_operationTimeout);

    /// <summary>Positions every source partition at its checkpoint (or the oldest record when it has none).</summary>
    private void Resume(Dictionary<TopicPartition, long> checkpoint)
    {
        _committed.Clear();
        foreach (var source in _sources.Values)
        {
            var assignment = new List<TopicPartitionOffset>();
            foreach (var partition in source.Partitions)
            {
                var offset = checkpoint.TryGetValue(partition, out var next)
                    ? next
                    : source.Consumer.QueryWatermarkOffsets(partition, s_operationTimeout).Low.Value;
                _committed[partition] = offset;
                source.Positions[partition] = offset;
                assignment.Add(new TopicPartitionOffset(partition, offset));
            }
            source.Consumer.Assign(assignment);
        }
        progress.Publish(_committed);
    }

    /// <summary>After a failed batch, every partition goes back to its committed position.</summary>
    private void RewindToCommitted()
    {
        _pendingLoss.Clear();
        foreach (var source in _sources.Values)
        {
            if (source.Consumer.Assignment.Count == 0)
            {
                continue;
            }
            foreach (var partition in source.Partitions)
            {
                if (_committed.TryGetValue(partition, out var offset))
                {
                    source.Positions[partition] = offset;
                    source.Consumer.Seek(new TopicPartitionOffset(partition, offset));
                }
            }
        }
    }

    private void Pump(CloudSession session, CancellationToken stoppingToken)
    {
        var batch = new List<(PriorityClass Class, ConsumeResult<byte[]?, byte[]> Record)>(_options.BatchRecords);
        while (!stoppingToken.IsCancellationRequested)
        {
            if (time.GetElapsedTime(_lastBudgetCheck) >= s_budgetInterval)
            {
                AccountForRetention();
                _lastBudgetCheck = time.GetTimestamp();
            }
            batch.Clear();
            var bytes = Fill(batch);
            if (batch.Count == 0 && _pendingLoss.Count == 0 && !_checkpoint.NeedsConfirmation)
            {
                continue;
            }
            // When idle, one transaction with only the checkpoint confirms the last one, so that even a
            // kill -9 now resumes there instead of re-sending the last batch.
            _limiter?.Take(bytes, stoppingToken);
            Send(session, batch);
        }
        if (_checkpoint.NeedsConfirmation)
        {
            // Stopping: confirm the last transaction so that the next start resends nothing.
            batch.Clear();
            try
            {
                Send(session, batch);
            }
            catch (KafkaException)
            {
                // Unreachable now: the next start resends the last batch, which consumers drop by ce_id.
            }
        }
    }

    /// <summary>Takes the next batch from one class: the highest class with a backlog, or by shares when the bandwidth is limited.</summary>
    private long Fill(List<(PriorityClass Class, ConsumeResult<byte[]?, byte[]> Record)> batch)
    {
        long bytes = 0;
        var candidates = _sources.Values.Where(s => s.HasBacklog()).ToList();
        ClassSource? chosen = null;
        if (candidates.Count == 0)
        {
            // Idle: wait briefly for new records on any class, critical first, then batch what follows.
            foreach (var source in _sources.Values.OrderBy(s => s.Class))
            {
                var waited = source.Consumer.Consume(TimeSpan.FromMilliseconds(20));
                if (waited is not null)
                {
                    bytes += Add(batch, source, waited);
                    chosen = source;
                    break;
                }
            }
            if (chosen is null)
            {
                return 0;
            }
        }
        chosen ??= _limiter is null
            ? candidates.MinBy(s => s.Class)!
            : candidates.MinBy(s => _bytesSent[s.Class] / (double)Math.Max(1, _options.Shares.GetValueOrDefault(UplinkOptions.Name(s.Class), 1)))!;
        var idleSince = time.GetTimestamp();
        while (batch.Count < _options.BatchRecords && (batch.Count > 0 || chosen.HasBacklog()))
        {
            var record = chosen.Consumer.Consume(TimeSpan.FromMilliseconds(10));
            if (record is null)
            {
                if (batch.Count > 0 || time.GetElapsedTime(idleSince) > TimeSpan.FromSeconds(1))
                {
                    break;
                }
                continue;
            }
            bytes += Add(batch, chosen, record);
        }
        return bytes;
    }

    private static long Add(List<(PriorityClass Class, ConsumeResult<byte[]?, byte[]> Record)> batch, ClassSource source, ConsumeResult<byte[]?, byte[]> record)
    {
        batch.Add((source.Class, record));
        source.Positions[record.TopicPartition] = record.Offset.Value + 1;
        return (record.Message.Key?.Length ?? 0) + (record.Message.Value?.Length ?? 0);
    }

    private void Send(CloudSession session, List<(PriorityClass Class, ConsumeResult<byte[]?, byte[]> Record)> batch)
    {
        var producer = session.Producer;
        producer.BeginTransaction();
        var counts = new Dictionary<PriorityClass, int>();
        var mirroredAt = Encoding.UTF8.GetBytes(time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        foreach (var (priority, record) in batch)
        {
            var headers = new Headers();
            foreach (var header in record.Message.Headers)
            {
                headers.Add(header.Key, header.GetValueBytes());
            }
            headers.Add(EnvelopeHeaders.SourcePartition, Encoding.UTF8.GetBytes(record.Partition.Value.ToString(CultureInfo.InvariantCulture)));
            headers.Add(EnvelopeHeaders.SourceOffset, Encoding.UTF8.GetBytes(record.Offset.Value.ToString(CultureInfo.InvariantCulture)));
            headers.Add(EnvelopeHeaders.MirroredAt, mirroredAt);
            producer.Produce(
                new TopicPartition(Topics.Mirrored(_storeId, record.Topic), record.Partition),
                new Message<byte[]?, byte[]> { Key = record.Message.Key, Value = record.Message.Value, Headers = headers, Timestamp = record.Message.Timestamp });
            counts[priority] = counts.GetValueOrDefault(priority) + 1;
            _bytesSent[priority] += (record.Message.Key?.Length ?? 0) + (record.Message.Value?.Length ?? 0);
        }
        foreach (var loss in _pendingLoss)
        {
            producer.Produce(Topics.StoreUplinkLoss(_storeId), new Message<byte[]?, byte[]>
            {
                Key = Encoding.UTF8.GetBytes($"{loss.Topic}:{loss.Partition}"),
                Value = JsonSerializer.SerializeToUtf8Bytes(loss, ContractsJsonContext.Default.UplinkLossReport),
                Headers = Envelope($"{_storeId}:uplink-loss:{loss.Topic}:{loss.Partition}:{loss.FromOffset}", UplinkLossReport.CloudEventType),
            });
        }
        var next = new Dictionary<TopicPartition, long>(_committed);
        foreach (var source in _sources.Values)
        {
            foreach (var (partition, position) in source.Positions)
            {
                next[partition] = position;
            }
        }
        producer.Produce(Topics.StoreUplinkCheckpoints(_storeId), new Message<byte[]?, byte[]>
        {
            Key = Encoding.UTF8.GetBytes(_storeId),
            Value = _checkpoint.Serialize(next),
        });
        producer.CommitTransaction(s_operationTimeout);
        _checkpoint.OnCommitted(carriedData: batch.Count > 0 || _pendingLoss.Count > 0);

        foreach (var (partition, position) in next)
        {
            _committed[partition] = position;
        }
        progress.Publish(_committed);
        status.OnCommitted(counts);
        foreach (var loss in _pendingLoss)
        {
            status.OnLost(loss.Count);
            LogLoss(logger, loss.Count, loss.Topic, loss.Partition, loss.FromOffset, loss.ToOffset, loss.Reason);
        }
        _pendingLoss.Clear();
    }

    /// <summary>
    /// Records the local log no longer has (retention) and records beyond a class's retention budget are
    /// given up: the positions move past them and a loss report with the exact range goes up in the next batch.
    /// </summary>
    private void AccountForRetention()
    {
        foreach (var source in _sources.Values)
        {
            var marks = source.Partitions.ToDictionary(p => p, p => source.Consumer.QueryWatermarkOffsets(p, s_operationTimeout));
            foreach (var (partition, mark) in marks)
            {
                var position = source.Positions[partition];
                if (mark.Low.Value > position)
                {
                    GiveUp(source, partition, position, mark.Low.Value, "local-retention");
                }
            }
            var budget = _options.RetentionBudgetRecords.GetValueOrDefault(UplinkOptions.Name(source.Class));
            if (budget <= 0)
            {
                continue;
            }
            var lags = marks.ToDictionary(m => m.Key, m => Math.Max(0, m.Value.High.Value - source.Positions[m.Key]));
            var total = lags.Values.Sum();
            if (total <= budget)
            {
                continue;
            }
            var excess = total - budget;
            var shares = lags.Where(l => l.Value > 0).ToDictionary(l => l.Key, l => excess * l.Value / total);
            var remainder = excess - shares.Values.Sum();
            foreach (var partition in shares.Keys.OrderByDescending(p => lags[p]).ThenBy(p => p.Topic, StringComparer.Ordinal).ThenBy(p => p.Partition.Value))
            {
                var extra = Math.Min(remainder, lags[partition] - shares[partition]);
                shares[partition] += extra;
                remainder -= extra;
            }
            foreach (var (partition, drop) in shares.Where(s => s.Value > 0))
            {
                var position = source.Positions[partition];
                GiveUp(source, partition, position, position + drop, "retention-budget");
            }
        }
    }

    private void GiveUp(ClassSource source, TopicPartition partition, long from, long to, string reason)
    {
        _pendingLoss.Add(new UplinkLossReport
        {
            StoreId = _storeId,
            Topic = partition.Topic,
            Partition = partition.Partition.Value,
            FromOffset = from,
            ToOffset = to,
            Count = to - from,
            Class = UplinkOptions.Name(source.Class),
            Reason = reason,
            Time = time.GetUtcNow(),
        });
        source.Positions[partition] = to;
        source.Consumer.Seek(new TopicPartitionOffset(partition, to));
    }

    private Headers Envelope(string id, string type)
    {
        var headers = new EventEnvelope(id, $"/stores/{_storeId}/uplink", type, time.GetUtcNow()).ToKafkaHeaders();
        return headers;
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Uplink connected; resuming {Partitions} partitions from the cloud checkpoint")]
    private static partial void LogLinkUp(ILogger logger, int partitions);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Uplink down ({Code}: {Reason}); retrying in {Backoff}")]
    private static partial void LogLinkDown(ILogger logger, ErrorCode code, string reason, TimeSpan backoff);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Error, Message = "{Count} records of {Topic}[{Partition}] offsets {From}-{To} left the store before reaching the cloud ({Reason})")]
    private static partial void LogLoss(ILogger logger, long count, string topic, int partition, long from, long to, string reason);

    /// <summary>The consumer and positions of one priority class.</summary>
    private sealed class ClassSource(PriorityClass priority, IConsumer<byte[]?, byte[]> consumer, List<TopicPartition> partitions)
    {
        public PriorityClass Class => priority;

        public IConsumer<byte[]?, byte[]> Consumer => consumer;

        public List<TopicPartition> Partitions => partitions;

        public Dictionary<TopicPartition, long> Positions { get; } = [];

        /// <summary>True while a partition's high watermark (as last fetched) is beyond its position.</summary>
        public bool HasBacklog() => partitions.Any(p =>
        {
            var high = consumer.GetWatermarkOffsets(p).High;
            return high != Offset.Unset && Positions.TryGetValue(p, out var position) && high.Value > position;
        });
    }
}
