using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Confluent.Kafka;
using LiveCommerce.Contracts;
using LiveCommerce.Edge.Analytics;
using LiveCommerce.Edge.Coupons;
using LiveCommerce.Edge.Gateway;
using LiveCommerce.Edge.Hosting;
using LiveCommerce.Edge.Live;
using LiveCommerce.Edge.Offers;
using LiveCommerce.Edge.Stock;
using LiveCommerce.Kafka;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveCommerce.Edge.StoreState;

/// <summary>
/// The store's state, built from local topics in one loop: presence per shopper, dwell, footfall and sales
/// (<c>beacon.sightings</c>, <c>sensor.readings</c>, <c>pos.sales</c>), stock (cloud levels, sales, staff
/// counts), the staff's live actions, shopper opt-ins, the zone map from the store configuration, and the
/// offer engine, which runs on the sighting that places an opted-in shopper. The state is committed with the
/// offsets it was built from in one SQLite transaction and resumed from them: every record is applied
/// exactly once. What it publishes (offers, zone events, stock alerts) goes out before that commit, with
/// deterministic ids: after a crash a record applied again publishes the same ids, which consumers drop.
/// </summary>
public sealed partial class StoreStateApplier(
    KafkaCluster local,
    KafkaProducerHandle producer,
    LocalTopicsInitializer localTopics,
    AnalyticsStore store,
    StockStore stockTables,
    OfferStore offerTables,
    AppliedPositions positions,
    CatalogView catalog,
    OfferPropensityModel model,
    CouponIssuer coupons,
    MqttGateway gateway,
    IOptions<AnalyticsOptions> analyticsOptions,
    IOptions<OffersOptions> offersOptions,
    IOptions<StockOptions> stockOptions,
    IOptions<EdgeOptions> edgeOptions,
    ILogger<StoreStateApplier> logger) : BackgroundService
{
    public const string ZoneEventType = "com.livecommerce.store.zone-event.v1";
    private const string DoorMotion = "door-motion";

    private static readonly string[] s_sources =
    [
        Topics.BeaconSightings, Topics.SensorReadings, Topics.PosSales, Topics.PosRedemptions, Topics.StoreStaffActions,
        Topics.ShopperConsents, Topics.CloudStoreStock, Topics.CloudStoreConfig,
    ];

    private readonly AnalyticsOptions _options = analyticsOptions.Value;
    private readonly OffersOptions _offers = offersOptions.Value;
    private readonly string _storeId = edgeOptions.Value.StoreId;
    private readonly string _source = $"/stores/{edgeOptions.Value.StoreId}/analytics";
    private readonly OfferEngine _engine = new(model, offersOptions.Value, stockOptions.Value);
    private readonly StockBook _stock = new(stockOptions.Value.LowStockThreshold);
    private readonly LiveState _live = new();
    private readonly Dictionary<string, ShopperProfile> _profiles = new(StringComparer.Ordinal);
    private readonly HashSet<string> _changedProfiles = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Token, string Sku), DateTimeOffset> _offered = [];
    private PresenceTracker _tracker = null!;
    private CancellationToken _stopping;
    private DateTimeOffset _forgotAt;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await localTopics.Ready.WaitAsync(stoppingToken).ConfigureAwait(false);
        await Task.Factory.StartNew(() => Run(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap().ConfigureAwait(false);
    }

    private async Task Run(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        var config = local.ConsumerConfig($"lc-store-state-{_storeId}", $"lc-store-state-{_storeId}");
        config.FetchWaitMaxMs = _options.FetchWaitMs;
        config.IsolationLevel = IsolationLevel.ReadCommitted;
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(config).SetLogHandler((_, _) => { }).Build();
        var offsets = Load();
        positions.Advance(offsets);
        var partitions = Topics.Local.Where(t => s_sources.Contains(t.Name))
            .SelectMany(t => Enumerable.Range(0, t.Partitions).Select(p => new TopicPartition(t.Name, p)))
            .Select(p => new TopicPartitionOffset(p, offsets.TryGetValue(p, out var next) ? new Offset(next) : Offset.Beginning))
            .ToList();
        consumer.Assign(partitions);
        LogStarted(logger, partitions.Count, offsets.Count, _tracker.Shoppers.Count);
        var records = new List<ConsumeResult<byte[]?, byte[]?>>(_options.BatchRecords);
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
                catalog.Refresh();
                var batch = new StoreStateBatch();
                foreach (var record in records)
                {
                    batch.NextOffsets[record.TopicPartition] = record.Offset.Value + 1;
                    Apply(record, batch);
                }
                _tracker.Expire(_tracker.Clock, batch.ZoneEvents);
                await PublishAsync(batch, stoppingToken).ConfigureAwait(false);
                store.Commit(_tracker, batch, connection => WriteState(connection, batch));
                foreach (var token in batch.ConsentsChanged)
                {
                    await gateway.DisconnectShopperAsync(token).ConfigureAwait(false);
                }
                positions.Advance(batch.NextOffsets);
                ForgetOldOffers();
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

    /// <summary>Once an hour (sighting time), forgets offers older than the repeat window: they no longer hold back another one.</summary>
    private void ForgetOldOffers()
    {
        var now = _tracker.Clock;
        if (now - _forgotAt < TimeSpan.FromHours(1))
        {
            return;
        }
        _forgotAt = now;
        var repeat = TimeSpan.FromHours(_offers.RepeatAfterHours);
        foreach (var old in _offered.Where(o => now - o.Value >= repeat).Select(o => o.Key).ToList())
        {
            _offered.Remove(old);
        }
    }

    /// <summary>Puts the committed state back in memory; the next offsets to apply.</summary>
    private IReadOnlyDictionary<TopicPartition, long> Load()
    {
        _tracker = new PresenceTracker(_options);
        if (store.ReadZoneMap() is { } zones)
        {
            _tracker.SetZones(zones);
        }
        store.LoadInto(_tracker);
        _stock.Restore(stockTables.Ledgers(), stockTables.All());
        var (features, deals) = offerTables.ReadLive();
        _live.Restore(features, deals);
        foreach (var profile in offerTables.Profiles())
        {
            _profiles[profile.Token] = profile;
        }
        foreach (var (token, sku, issuedAt) in offerTables.Offered(_tracker.Clock.AddHours(-_offers.RepeatAfterHours)))
        {
            _offered[(token, sku)] = issuedAt;
        }
        return store.ReadOffsets();
    }

    private void Apply(ConsumeResult<byte[]?, byte[]?> record, StoreStateBatch batch)
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
                    ApplySighting(JsonSerializer.Deserialize(value, ContractsJsonContext.Default.BeaconSighting), record, batch);
                    break;
                case Topics.SensorReadings:
                    var reading = JsonSerializer.Deserialize(value, ContractsJsonContext.Default.SensorReading);
                    if (reading is { Kind: DoorMotion, Unit: "count", Value: { } count })
                    {
                        var hour = StoreStateBatch.HourOf(reading.Time);
                        batch.Footfall[hour] = batch.Footfall.GetValueOrDefault(hour) + count;
                    }
                    break;
                case Topics.PosSales:
                    ApplySale(JsonSerializer.Deserialize(value, ContractsJsonContext.Default.PosSale), batch);
                    break;
                case Topics.PosRedemptions:
                    if (JsonSerializer.Deserialize(value, ContractsJsonContext.Default.PosRedemption) is { Accepted: true, CouponId: { } coupon })
                    {
                        batch.Redeemed.Add(coupon);
                    }
                    break;
                case Topics.StoreStaffActions:
                    ApplyStaffAction(JsonSerializer.Deserialize(value, ContractsJsonContext.Default.StaffAction), batch);
                    break;
                case Topics.ShopperConsents:
                    ApplyConsent(JsonSerializer.Deserialize(value, ContractsJsonContext.Default.ShopperConsent), batch);
                    break;
                case Topics.CloudStoreStock:
                    if (JsonSerializer.Deserialize(value, ContractsJsonContext.Default.StockLevel) is { Sku.Length: > 0, Quantity: >= 0 } level)
                    {
                        _stock.Set(level.Sku, level.Quantity, level.AsOf, batch.Alerts);
                    }
                    else
                    {
                        LogRefused(logger, record.Topic, record.Partition.Value, record.Offset.Value, "a stock level needs a sku and a quantity of 0 or more");
                    }
                    break;
                case Topics.CloudStoreConfig:
                    ApplyConfig(JsonSerializer.Deserialize(value, ContractsJsonContext.Default.StoreConfig), record, batch);
                    break;
            }
        }
        catch (JsonException e)
        {
            LogUnreadable(logger, e, record.Topic, record.Partition.Value, record.Offset.Value);
        }
    }

    private void ApplySighting(BeaconSighting? sighting, ConsumeResult<byte[]?, byte[]?> record, StoreStateBatch batch)
    {
        if (sighting is not { ShopperToken: { Length: > 0 } token, Rssi: { } rssi })
        {
            return;
        }
        if (!_tracker.Observe(sighting.GatewayId, token, rssi, sighting.Time, batch.ZoneEvents, out var arrived))
        {
            LogUnknownGateway(logger, sighting.GatewayId);
            return;
        }
        if (!_profiles.TryGetValue(token, out var profile) || !profile.OptedIn)
        {
            return;
        }
        if (arrived)
        {
            _profiles[token] = profile = profile with { Visits = profile.Visits + 1 };
            _changedProfiles.Add(token);
        }
        if (_tracker.Shoppers.TryGetValue(token, out var shopper))
        {
            Offer(token, shopper, profile, sighting.Time, Header(record, EnvelopeHeaders.Id) ?? $"{record.Topic}:{record.Partition.Value}:{record.Offset.Value}", batch);
        }
    }

    private void Offer(string token, ShopperPresence shopper, ShopperProfile profile, DateTimeOffset now, string triggerId, StoreStateBatch batch)
    {
        var zone = _tracker.Zones.FirstOrDefault(z => z.Id == shopper.Zone);
        if (zone is null)
        {
            return;
        }
        var repeat = TimeSpan.FromHours(_offers.RepeatAfterHours);
        var decision = _engine.Decide(shopper, profile, zone, _live.OnAir(now, catalog.Shows, catalog.Campaigns), catalog.Products, _stock,
            sku => _offered.TryGetValue((token, sku), out var at) && now - at < repeat, now);
        if (decision is null)
        {
            return;
        }
        var sku = decision.Product.Sku;
        var offerId = $"{_storeId}:{token}:{sku}:{now.ToUnixTimeMilliseconds()}";
        var coupon = coupons.ForOffer(offerId, sku, decision.DiscountPercent, token, now, decision.ExpiresAt);
        batch.Offers.Add(new StoreOffer
        {
            OfferId = offerId,
            StoreId = _storeId,
            ShopperToken = token,
            Sku = sku,
            ProductName = catalog.Products.TryGetValue(sku, out var product) ? product.Name : null,
            ZoneId = decision.ZoneId,
            Source = decision.Product.Source,
            SourceId = decision.Product.SourceId,
            DiscountPercent = decision.DiscountPercent,
            MaxQuantity = _offers.MaxQuantity,
            Score = Math.Round(decision.Score, 4),
            IssuedAt = coupon.Payload.IssuedAt,
            ExpiresAt = coupon.Payload.ExpiresAt,
            CouponId = coupon.Payload.CouponId,
            Coupon = coupon.Token,
            TriggerId = triggerId,
        });
        batch.Coupons.Add(coupon);
        batch.Deliveries.Add(DeliverAsync(batch.Offers[^1], _stopping));
        _offered[(token, sku)] = now;
        if (decision.Product is { Source: StoreOffer.FromFlashDeal, SourceId: { } dealId })
        {
            _live.CountIssued(dealId);
        }
    }

    private void ApplySale(PosSale? sale, StoreStateBatch batch)
    {
        if (sale is null)
        {
            return;
        }
        var hour = StoreStateBatch.HourOf(sale.Time);
        foreach (var line in sale.Lines)
        {
            var key = (hour, line.Sku, sale.Currency);
            var (quantity, revenue) = batch.Sales.GetValueOrDefault(key);
            var q = line.Quantity ?? 0;
            batch.Sales[key] = (quantity + q, revenue + (q * (line.UnitPrice ?? 0)));
            _stock.Sell(line.Sku, q, sale.Time, batch.Alerts);
        }
    }

    private void ApplyStaffAction(StaffAction? action, StoreStateBatch batch)
    {
        if (action is { Kind: StaffAction.StockCount, Sku: { } sku, Quantity: { } quantity })
        {
            _stock.Set(sku, quantity, action.Time, batch.Alerts);
        }
        else if (action is not null)
        {
            _live.Apply(action);
        }
    }

    private void ApplyConsent(ShopperConsent? consent, StoreStateBatch batch)
    {
        if (consent is not { ShopperToken.Length: > 0 } c)
        {
            return;
        }
        batch.ConsentsChanged.Add(c.ShopperToken);
        // Opting out forgets what was kept about the shopper.
        _profiles[c.ShopperToken] = c.OptedIn
            ? (_profiles.TryGetValue(c.ShopperToken, out var known) ? known : new ShopperProfile(c.ShopperToken, true, null, 0, 0)) with { OptedIn = true, KeyHash = c.KeyHash }
            : new ShopperProfile(c.ShopperToken, false, null, 0, 0);
        _changedProfiles.Add(c.ShopperToken);
    }

    private void ApplyConfig(StoreConfig? config, ConsumeResult<byte[]?, byte[]?> record, StoreStateBatch batch)
    {
        if (config?.Zones is not { } zones || config.StoreId != _storeId)
        {
            return;
        }
        var map = ZoneMap.From(zones);
        var errors = ZoneMap.Errors(map, "zones").ToList();
        if (errors.Count > 0)
        {
            LogRefused(logger, record.Topic, record.Partition.Value, record.Offset.Value, "zone map: " + string.Join("; ", errors));
            return;
        }
        _tracker.SetZones(map);
        batch.ZoneMap = map;
        LogZoneMap(logger, map.Count);
    }

    /// <summary>
    /// An offer goes to <c>store.offers</c> as soon as it is decided, and to the shopper's phone as soon as Kafka
    /// has it; the batch waits for every delivery before it commits.
    /// </summary>
    private async Task DeliverAsync(StoreOffer offer, CancellationToken stoppingToken)
    {
        await Produce(Topics.StoreOffers, offer.ShopperToken, offer.OfferId, StoreOffer.CloudEventType, offer.IssuedAt, offer, ContractsJsonContext.Default.StoreOffer, stoppingToken).ConfigureAwait(false);
        await gateway.PublishAsync(ShopperAccess.OffersTopic(_storeId, offer.ShopperToken), JsonSerializer.SerializeToUtf8Bytes(offer, ContractsJsonContext.Default.StoreOffer), stoppingToken).ConfigureAwait(false);
    }

    /// <summary>The batch's offers (already on their way), zone events and stock alerts, all in Kafka.</summary>
    private async Task PublishAsync(StoreStateBatch batch, CancellationToken stoppingToken)
    {
        var rest = batch.ZoneEvents.Select(e => Produce(Topics.StoreZoneEvents, e.ShopperToken, e.IdempotencyKey(), ZoneEventType, e.Time, e, AnalyticsJsonContext.Default.ZoneEvent, stoppingToken))
            .Concat(batch.Alerts.Select(a => Produce(Topics.StoreStockAlerts, a.Sku, $"{a.Sku}:low:{a.Time.ToUnixTimeMilliseconds()}", StockAlert.CloudEventType, a.Time, a, ContractsJsonContext.Default.StockAlert, stoppingToken)));
        await Task.WhenAll(batch.Deliveries.Concat(rest)).ConfigureAwait(false);
        if (batch.Offers.Count > 0)
        {
            LogOffers(logger, batch.Offers.Count);
        }
    }

    private Task<DeliveryResult<byte[]?, byte[]>> Produce<T>(string topic, string key, string id, string type, DateTimeOffset at, T value, JsonTypeInfo<T> json, CancellationToken stoppingToken) =>
        producer.Producer.ProduceEventAsync(topic, key, new EventEnvelope(id, _source, type, at), value, json, stoppingToken);

    private void WriteState(SqliteConnection connection, StoreStateBatch batch)
    {
        StockStore.Write(connection, _stock.TakeChanged());
        if (_live.TakeChanged())
        {
            OfferStore.WriteLive(connection, _live);
        }
        foreach (var offer in batch.Offers)
        {
            OfferStore.WriteOffer(connection, offer);
        }
        foreach (var coupon in batch.Coupons)
        {
            CouponLedger.RecordIssued(connection, coupon);
        }
        foreach (var coupon in batch.Redeemed)
        {
            if (OfferStore.MarkRedeemed(connection, coupon) is { } token && _profiles.TryGetValue(token, out var profile) && profile.OptedIn)
            {
                _profiles[token] = profile with { Purchases = profile.Purchases + 1 };
                _changedProfiles.Add(token);
            }
        }
        OfferStore.WriteProfiles(connection, _changedProfiles.Select(t => _profiles[t]));
        _changedProfiles.Clear();
    }

    private static string? Header(ConsumeResult<byte[]?, byte[]?> record, string name) =>
        record.Message.Headers?.TryGetLastBytes(name, out var bytes) == true ? Encoding.UTF8.GetString(bytes) : null;

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Store state reads {Partitions} local partitions, {Resumed} resumed from SQLite, {Shoppers} shoppers present")]
    private static partial void LogStarted(ILogger logger, int partitions, int resumed, int shoppers);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Debug, Message = "Sighting from gateway {GatewayId}, which is in no zone")]
    private static partial void LogUnknownGateway(ILogger logger, string gatewayId);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Warning, Message = "Local record {Topic}[{Partition}]@{Offset} is not readable; the store state skips it")]
    private static partial void LogUnreadable(ILogger logger, Exception exception, string topic, int partition, long offset);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Critical, Message = "Fatal Kafka error {Code} in the store state; the host stops")]
    private static partial void LogFatal(ILogger logger, Exception exception, ErrorCode code);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Warning, Message = "Local record {Topic}[{Partition}]@{Offset} is refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string topic, int partition, long offset, string reason);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Information, Message = "Zone map from the store configuration: {Zones} zones")]
    private static partial void LogZoneMap(ILogger logger, int zones);

    [LoggerMessage(EventId = 6007, Level = LogLevel.Debug, Message = "{Count} offers made and delivered")]
    private static partial void LogOffers(ILogger logger, int count);
}
