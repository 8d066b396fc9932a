using System.Text.Json;
using Confluent.Kafka;
using LiveCommerce.Contracts;
using LiveCommerce.Edge.Hosting;
using LiveCommerce.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveCommerce.Edge.Analytics;

/// <summary>
/// Applies local <c>beacon.sightings</c>, <c>sensor.readings</c> and <c>pos.sales</c> to the presence tracker,
/// footfall and sales per hour, and stores that state with the offsets it was built from in one SQLite
/// transaction (<see cref="AnalyticsStore"/>), resuming from them: every record is applied exactly once.
/// Zone enter/exit events go to <c>store.zone-events</c> before the transaction commits (at least once, with a
/// deterministic <c>ce_id</c> for consumers to deduplicate on).
/// </summary>
public sealed partial class AnalyticsApplier(
    KafkaCluster local,
    KafkaProducerHandle producer,
    LocalTopicsInitializer localTopics,
    AnalyticsStore store,
    IOptions<AnalyticsOptions> analyticsOptions,
    IOptions<EdgeOptions> edgeOptions,
    ILogger<AnalyticsApplier> logger) : BackgroundService
{
    public const string ZoneEventType = "com.livecommerce.store.zone-event.v1";
    private const string DoorMotion = "door-motion";
    private static readonly string[] s_sources = [Topics.BeaconSightings, Topics.SensorReadings, Topics.PosSales];
    private readonly AnalyticsOptions _options = analyticsOptions.Value;
    private readonly string _storeId = edgeOptions.Value.StoreId;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await localTopics.Ready.WaitAsync(stoppingToken).ConfigureAwait(false);
        await Task.Factory.StartNew(() => Run(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
    }

    private void Run(CancellationToken stoppingToken)
    {
        var config = local.ConsumerConfig($"lc-analytics-{_storeId}", $"lc-analytics-{_storeId}");
        config.FetchWaitMaxMs = _options.FetchWaitMs;
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(config).SetLogHandler((_, _) => { }).Build();
        var tracker = new PresenceTracker(_options);
        store.LoadInto(tracker);
        var offsets = store.ReadOffsets();
        var partitions = Topics.Local.Where(t => s_sources.Contains(t.Name))
            .SelectMany(t => Enumerable.Range(0, t.Partitions).Select(p => new TopicPartition(t.Name, p)))
            .Select(p => new TopicPartitionOffset(p, offsets.TryGetValue(p, out var next) ? new Offset(next) : Offset.Beginning))
            .ToList();
        consumer.Assign(partitions);
        LogStarted(logger, partitions.Count, offsets.Count, tracker.Shoppers.Count);
        var records = new List<ConsumeResult<byte[]?, byte[]?>>(_options.BatchRecords);
        var events = new List<ZoneEvent>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                records.Clear();
                KafkaConsumerLoop.FillBatch(consumer, records, _options.BatchRecords, TimeSpan.FromMilliseconds(100), logger);
                if (records.Count == 0)
                {
                    continue;
                }
                events.Clear();
                var batch = new AnalyticsBatch();
                foreach (var record in records)
                {
                    batch.NextOffsets[record.TopicPartition] = record.Offset.Value + 1;
                    Apply(record, tracker, batch, events);
                }
                tracker.Expire(tracker.Clock, events);
                Publish(events, stoppingToken);
                store.Commit(tracker, batch);
            }
        }
        catch (KafkaException e) when (e.Error.IsFatal)
        {
            LogFatal(logger, e, e.Error.Code);
            throw;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown: what was not committed is applied again from the stored offsets.
        }
        finally
        {
            consumer.Close();
        }
    }

    private void Apply(ConsumeResult<byte[]?, byte[]?> record, PresenceTracker tracker, AnalyticsBatch batch, List<ZoneEvent> events)
    {
        if (record.Message.Value is not { } value)
        {
            return;
        }
        try
        {
            switch (record.Topic)
            {
                case Topics.BeaconSightings:
                    var sighting = JsonSerializer.Deserialize(value, ContractsJsonContext.Default.BeaconSighting);
                    if (sighting is { ShopperToken: { Length: > 0 } token, Rssi: { } rssi }
                        && !tracker.Observe(sighting.GatewayId, token, rssi, sighting.Time, events))
                    {
                        LogUnknownGateway(logger, sighting.GatewayId);
                    }
                    break;
                case Topics.SensorReadings:
                    var reading = JsonSerializer.Deserialize(value, ContractsJsonContext.Default.SensorReading);
                    if (reading is { Kind: DoorMotion, Unit: "count", Value: { } count })
                    {
                        var hour = AnalyticsBatch.HourOf(reading.Time);
                        batch.Footfall[hour] = batch.Footfall.GetValueOrDefault(hour) + count;
                    }
                    break;
                case Topics.PosSales:
                    var sale = JsonSerializer.Deserialize(value, ContractsJsonContext.Default.PosSale);
                    if (sale is not null)
                    {
                        var hour = AnalyticsBatch.HourOf(sale.Time);
                        foreach (var line in sale.Lines)
                        {
                            var key = (hour, line.Sku, sale.Currency);
                            var (quantity, revenue) = batch.Sales.GetValueOrDefault(key);
                            var q = line.Quantity ?? 0;
                            batch.Sales[key] = (quantity + q, revenue + (q * (line.UnitPrice ?? 0)));
                        }
                    }
                    break;
            }
        }
        catch (JsonException e)
        {
            LogUnreadable(logger, e, record.Topic, record.Partition.Value, record.Offset.Value);
        }
    }

    private void Publish(List<ZoneEvent> events, CancellationToken stoppingToken)
    {
        if (events.Count == 0)
        {
            return;
        }
        var source = $"/stores/{_storeId}/analytics";
        var deliveries = events.Select(e =>
        {
            var headers = new Headers();
            foreach (var (key, value) in new EventEnvelope(e.IdempotencyKey(), source, ZoneEventType, e.Time).ToHeaders())
            {
                headers.Add(key, value);
            }
            return producer.Producer.ProduceAsync(Topics.StoreZoneEvents, new Message<byte[]?, byte[]>
            {
                Key = System.Text.Encoding.UTF8.GetBytes(e.ShopperToken),
                Value = JsonSerializer.SerializeToUtf8Bytes(e, AnalyticsJsonContext.Default.ZoneEvent),
                Headers = headers,
            }, stoppingToken);
        }).ToList();
        Task.WhenAll(deliveries).GetAwaiter().GetResult();
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Analytics reads {Partitions} local partitions, {Resumed} resumed from SQLite, {Shoppers} shoppers present")]
    private static partial void LogStarted(ILogger logger, int partitions, int resumed, int shoppers);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Debug, Message = "Sighting from gateway {GatewayId}, which is in no zone (Analytics:Zones:N:Gateways)")]
    private static partial void LogUnknownGateway(ILogger logger, string gatewayId);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Warning, Message = "Local record {Topic}[{Partition}]@{Offset} is not readable; analytics skip it")]
    private static partial void LogUnreadable(ILogger logger, Exception exception, string topic, int partition, long offset);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Critical, Message = "Fatal Kafka error {Code} in analytics; the host stops")]
    private static partial void LogFatal(ILogger logger, Exception exception, ErrorCode code);
}
