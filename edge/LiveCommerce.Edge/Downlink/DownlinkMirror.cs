using System.Globalization;
using System.Text;
using Confluent.Kafka;
using LiveCommerce.Contracts;
using LiveCommerce.Edge.Hosting;
using LiveCommerce.Edge.Uplink;
using LiveCommerce.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveCommerce.Edge.Downlink;

/// <summary>
/// Brings the cloud's catalog, prices, shows, campaigns, models and this store's configuration down
/// into the local <c>cloud.*</c> topics, keeping key, value, headers and timestamp (plus
/// <c>lc_src_partition</c>/<c>lc_src_offset</c>). A record for other stores only goes down as a deletion
/// of its key, so that a product taken off this store's range leaves its cache. Each batch and the
/// checkpoint of every cloud position are written in one local transaction; a restart resumes at the
/// last committed checkpoint. While the cloud is unreachable it retries with backoff.
/// </summary>
public sealed partial class DownlinkMirror(
    KafkaCluster local,
    LocalTopicsInitializer localTopics,
    DownlinkStatus status,
    IOptions<DownlinkOptions> downlinkOptions,
    IOptions<UplinkOptions> uplinkOptions,
    IOptions<EdgeOptions> edgeOptions,
    TimeProvider time,
    ILogger<DownlinkMirror> logger) : BackgroundService
{
    private static readonly TimeSpan s_operationTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan s_metadataTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan s_firstBackoff = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan s_maxBackoff = TimeSpan.FromSeconds(5);
    private readonly DownlinkOptions _options = downlinkOptions.Value;
    private readonly UplinkOptions _cloud = uplinkOptions.Value;
    private readonly string _storeId = edgeOptions.Value.StoreId;
    private readonly Dictionary<string, DownlinkRoute> _routes = DownlinkRoute.For(edgeOptions.Value.StoreId).ToDictionary(r => r.Source, StringComparer.Ordinal);
    private readonly Dictionary<TopicPartition, long> _committed = [];
    private readonly MirrorCheckpoint _checkpoint = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await localTopics.Ready.WaitAsync(stoppingToken).ConfigureAwait(false);
        await Task.Factory.StartNew(() => Run(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
    }

    private void Run(CancellationToken stoppingToken)
    {
        var backoff = s_firstBackoff;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var producer = OpenLocalProducer();
                ReadCheckpoint();
                using var consumer = BuildCloudConsumer();
                try
                {
                    Assign(consumer);
                    status.SetLink(up: true);
                    LogLinkUp(logger, consumer.Assignment.Count, _committed.Count);
                    backoff = s_firstBackoff;
                    Pump(producer, consumer, stoppingToken);
                }
                finally
                {
                    consumer.Close();
                }
            }
            catch (KafkaException e) when (!stoppingToken.IsCancellationRequested)
            {
                status.SetLink(up: false, $"{e.Error.Code}: {e.Error.Reason}");
                LogLinkDown(logger, e.Error.Code, e.Error.Reason, backoff);
                stoppingToken.WaitHandle.WaitOne(backoff);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, s_maxBackoff.Ticks));
            }
        }
    }

    /// <summary>A transactional producer on local Kafka; opening it fences and aborts a previous instance's open transaction.</summary>
    private IProducer<byte[]?, byte[]?> OpenLocalProducer()
    {
        var config = local.ProducerConfig($"lc-downlink-{_storeId}");
        config.TransactionalId = $"lc-downlink-{_storeId}";
        config.TransactionTimeoutMs = 60_000;
        config.LingerMs = 5;
        var producer = new ProducerBuilder<byte[]?, byte[]?>(config).SetLogHandler((_, _) => { }).Build();
        try
        {
            producer.InitTransactions(s_operationTimeout);
            return producer;
        }
        catch
        {
            producer.Dispose();
            throw;
        }
    }

    private IConsumer<byte[]?, byte[]?> BuildCloudConsumer()
    {
        var properties = new Dictionary<string, string>(_cloud.CloudClient, StringComparer.Ordinal)
        {
            ["bootstrap.servers"] = _cloud.CloudBootstrapServers,
            ["client.id"] = $"lc-downlink-{_storeId}",
        };
        var config = new ConsumerConfig(properties)
        {
            GroupId = $"lc-downlink-{_storeId}",
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            IsolationLevel = IsolationLevel.ReadCommitted,
            // The cloud may be a mock broker, which answers a fetch only after the full wait.
            FetchWaitMaxMs = _options.FetchWaitMs,
        };
        return new ConsumerBuilder<byte[]?, byte[]?>(config)
            .SetErrorHandler((_, e) =>
            {
                if (e.Code == ErrorCode.Local_AllBrokersDown)
                {
                    status.SetLink(up: false, $"{e.Code}: {e.Reason}");
                }
            })
            .SetLogHandler((_, _) => { })
            .Build();
    }

    /// <summary>The last committed checkpoint: the newest visible record of the local checkpoint topic.</summary>
    private void ReadCheckpoint()
    {
        var config = local.ConsumerConfig($"lc-downlink-{_storeId}-checkpoint", $"lc-downlink-{_storeId}-checkpoint");
        config.FetchWaitMaxMs = _options.FetchWaitMs;
        _committed.Clear();
        foreach (var (partition, next) in _checkpoint.Load(config, new TopicPartition(Topics.CloudDownlinkCheckpoints, 0), s_operationTimeout))
        {
            _committed[partition] = next;
        }
    }

    /// <summary>
    /// Assigns every partition of the cloud source topics that exists and is not assigned yet, at its
    /// checkpoint (or the oldest record). Throws <see cref="KafkaException"/> when the cloud does not answer.
    /// </summary>
    private void Assign(IConsumer<byte[]?, byte[]?> consumer)
    {
        using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
        var assigned = consumer.Assignment.ToHashSet();
        var added = new List<TopicPartitionOffset>();
        foreach (var source in _routes.Keys)
        {
            var metadata = admin.GetMetadata(source, s_metadataTimeout).Topics.SingleOrDefault(t => t.Topic == source);
            if (metadata is null || metadata.Error.Code != ErrorCode.NoError)
            {
                continue;
            }
            foreach (var partition in metadata.Partitions.Select(p => new TopicPartition(source, p.PartitionId)).Where(p => !assigned.Contains(p)))
            {
                added.Add(new TopicPartitionOffset(partition, _committed.TryGetValue(partition, out var next) ? new Offset(next) : Offset.Beginning));
            }
        }
        if (added.Count > 0)
        {
            consumer.IncrementalAssign(added);
            var topics = string.Join(", ", added.Select(a => a.Topic).Distinct());
            LogAssigned(logger, added.Count, topics);
        }
    }

    private void Pump(IProducer<byte[]?, byte[]?> producer, IConsumer<byte[]?, byte[]?> consumer, CancellationToken stoppingToken)
    {
        var refreshInterval = TimeSpan.FromSeconds(_options.MetadataRefreshSeconds);
        var refreshed = time.GetTimestamp();
        var batch = new List<ConsumeResult<byte[]?, byte[]?>>(_options.BatchRecords);
        while (!stoppingToken.IsCancellationRequested)
        {
            if (time.GetElapsedTime(refreshed) >= refreshInterval)
            {
                Assign(consumer);
                status.SetLink(up: true);
                refreshed = time.GetTimestamp();
            }
            batch.Clear();
            Fill(consumer, batch);
            if (batch.Count > 0 || _checkpoint.NeedsConfirmation)
            {
                Transfer(producer, batch);
            }
        }
        if (_checkpoint.NeedsConfirmation)
        {
            // Stopping: confirm the last transaction so that the next start resends nothing.
            batch.Clear();
            try
            {
                Transfer(producer, batch);
            }
            catch (KafkaException)
            {
                // Unreachable now: the next start resends the last batch, which consumers drop by ce_id.
            }
        }
    }

    /// <summary>Waits briefly for a record, then takes what has already been fetched, up to a batch.</summary>
    private void Fill(IConsumer<byte[]?, byte[]?> consumer, List<ConsumeResult<byte[]?, byte[]?>> batch) =>
        KafkaConsumerLoop.FillBatch(consumer, batch, _options.BatchRecords, TimeSpan.FromMilliseconds(100), logger);

    private void Transfer(IProducer<byte[]?, byte[]?> producer, List<ConsumeResult<byte[]?, byte[]?>> batch)
    {
        var next = new Dictionary<TopicPartition, long>(_committed);
        int forwarded = 0, notForStore = 0, rejected = 0;
        producer.BeginTransaction();
        foreach (var record in batch)
        {
            next[record.TopicPartition] = record.Offset.Value + 1;
            var route = _routes[record.Topic];
            if (!TryFilter(route, record, out var key, out var value, out var forStore))
            {
                rejected++;
                continue;
            }
            var headers = new Headers();
            if (record.Message.Headers is { } source)
            {
                foreach (var header in source)
                {
                    headers.Add(header.Key, header.GetValueBytes());
                }
            }
            headers.Add(EnvelopeHeaders.SourcePartition, Encoding.UTF8.GetBytes(record.Partition.Value.ToString(CultureInfo.InvariantCulture)));
            headers.Add(EnvelopeHeaders.SourceOffset, Encoding.UTF8.GetBytes(record.Offset.Value.ToString(CultureInfo.InvariantCulture)));
            // The same cloud partition always lands in the same local partition: per-key order is kept.
            producer.Produce(
                new TopicPartition(route.Local, record.Partition.Value % route.LocalPartitions),
                new Message<byte[]?, byte[]?> { Key = key, Value = value, Headers = headers, Timestamp = record.Message.Timestamp });
            if (forStore)
            {
                forwarded++;
            }
            else
            {
                notForStore++;
            }
        }
        producer.Produce(new TopicPartition(Topics.CloudDownlinkCheckpoints, 0), new Message<byte[]?, byte[]?>
        {
            Key = Encoding.UTF8.GetBytes(_storeId),
            Value = _checkpoint.Serialize(next),
        });
        producer.CommitTransaction(s_operationTimeout);
        _checkpoint.OnCommitted(carriedData: batch.Count > 0);
        foreach (var (partition, position) in next)
        {
            _committed[partition] = position;
        }
        status.OnTransferred(forwarded, notForStore, rejected);
    }

    /// <summary>
    /// What goes down for a cloud record: the record itself when it concerns this store, a deletion of
    /// its key when it is for other stores only, nothing (false) when it cannot be read.
    /// </summary>
    private bool TryFilter(DownlinkRoute route, ConsumeResult<byte[]?, byte[]?> record, out byte[]? key, out byte[]? value, out bool forStore)
    {
        key = record.Message.Key;
        value = record.Message.Value;
        forStore = true;
        string error;
        if (value is null)
        {
            if (key is { Length: > 0 })
            {
                return true;
            }
            error = "a deletion needs a key";
        }
        else if (DownlinkPayload.TryRead(route.Kind, key, value, out var entity, out var readError))
        {
            if (entity.ConfigStoreId is { } configStore && configStore != _storeId)
            {
                error = $"configuration for store '{configStore}' on this store's topic";
            }
            else
            {
                forStore = entity.Concerns(_storeId);
                if (!forStore)
                {
                    key ??= Encoding.UTF8.GetBytes(entity.Id);
                    value = null;
                }
                return true;
            }
        }
        else
        {
            error = readError;
        }
        LogRejected(logger, record.Topic, record.Partition.Value, record.Offset.Value, error);
        return false;
    }

    [LoggerMessage(EventId = 4501, Level = LogLevel.Information, Message = "Downlink connected; reading {Partitions} cloud partitions, {Checkpointed} from the local checkpoint")]
    private static partial void LogLinkUp(ILogger logger, int partitions, int checkpointed);

    [LoggerMessage(EventId = 4502, Level = LogLevel.Warning, Message = "Downlink down ({Code}: {Reason}); the store serves its last known catalog; retrying in {Backoff}")]
    private static partial void LogLinkDown(ILogger logger, ErrorCode code, string reason, TimeSpan backoff);

    [LoggerMessage(EventId = 4503, Level = LogLevel.Information, Message = "Downlink reads {Count} more cloud partitions ({Topics})")]
    private static partial void LogAssigned(ILogger logger, int count, string topics);

    [LoggerMessage(EventId = 4505, Level = LogLevel.Warning, Message = "Cloud record {Topic}[{Partition}]@{Offset} is not taken down: {Reason}")]
    private static partial void LogRejected(ILogger logger, string topic, int partition, long offset, string reason);
}
