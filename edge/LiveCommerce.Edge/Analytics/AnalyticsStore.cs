using System.Text.Json;
using Confluent.Kafka;
using LiveCommerce.Edge.Storage;
using LiveCommerce.Edge.StoreState;
using Microsoft.Data.Sqlite;

namespace LiveCommerce.Edge.Analytics;

/// <summary>
/// The analytics state in the edge database (presence per shopper token, dwell per zone, footfall and sales
/// per hour) and the local Kafka offsets it was built from, written in one transaction.
/// </summary>
public sealed class AnalyticsStore
{
    private static readonly AppliedOffsets s_offsets = new("analytics_offsets");

    private const long RevenueScale = 10_000;
    private readonly EdgeDatabase _database;

    public AnalyticsStore(EdgeDatabase database)
    {
        _database = database;
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE IF NOT EXISTS analytics_presence (token TEXT PRIMARY KEY, zone TEXT NOT NULL, since_ms INTEGER NOT NULL, json TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS analytics_presence_zone ON analytics_presence (zone);
            CREATE TABLE IF NOT EXISTS analytics_zone_dwell (zone TEXT PRIMARY KEY, visits INTEGER NOT NULL, dwell_ms INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS analytics_footfall (hour_ms INTEGER PRIMARY KEY, count REAL NOT NULL);
            CREATE TABLE IF NOT EXISTS analytics_sales (hour_ms INTEGER NOT NULL, sku TEXT NOT NULL, currency TEXT NOT NULL, quantity INTEGER NOT NULL, revenue_e4 INTEGER NOT NULL, PRIMARY KEY (hour_ms, sku, currency));
            CREATE TABLE IF NOT EXISTS analytics_clock (id INTEGER PRIMARY KEY CHECK (id = 1), clock_ms INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS analytics_zone_map (id INTEGER PRIMARY KEY CHECK (id = 1), json TEXT NOT NULL);
            """ + s_offsets.CreateSql;
        command.ExecuteNonQuery();
    }

    /// <summary>The next local offset to apply per partition.</summary>
    public IReadOnlyDictionary<TopicPartition, long> ReadOffsets()
    {
        using var connection = _database.Open();
        return s_offsets.Read(connection);
    }

    /// <summary>Puts the persisted presence, dwell and clock into <paramref name="tracker"/>.</summary>
    public void LoadInto(PresenceTracker tracker)
    {
        using var connection = _database.Open();
        var shoppers = new List<KeyValuePair<string, ShopperPresence>>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT token, json FROM analytics_presence";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                shoppers.Add(new(reader.GetString(0), JsonSerializer.Deserialize(reader.GetString(1), AnalyticsJsonContext.Default.ShopperPresence)!));
            }
        }
        var dwell = ReadDwell(connection);
        using var clock = connection.CreateCommand();
        clock.CommandText = "SELECT clock_ms FROM analytics_clock WHERE id = 1";
        var clockMs = clock.ExecuteScalar() is long ms ? ms : 0;
        tracker.Restore(DateTimeOffset.FromUnixTimeMilliseconds(clockMs), shoppers, dwell);
    }

    /// <summary>The zone map from the cloud's store configuration, when one came down.</summary>
    public IReadOnlyList<ZoneOptions>? ReadZoneMap()
    {
        using var connection = _database.Open();
        return connection.Query("SELECT json FROM analytics_zone_map WHERE id = 1",
            r => JsonSerializer.Deserialize(r.GetString(0), AnalyticsJsonContext.Default.ListZoneOptions)!).FirstOrDefault();
    }

    /// <summary>
    /// Writes the tracker's changes, the batch's footfall, sales and zone map, what <paramref name="alsoWrite"/>
    /// writes and the next offsets, in one transaction.
    /// </summary>
    public void Commit(PresenceTracker tracker, StoreStateBatch batch, Action<SqliteConnection> alsoWrite)
    {
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        if (batch.ZoneMap is { } zoneMap)
        {
            connection.Execute("INSERT INTO analytics_zone_map (id, json) VALUES (1, $json) ON CONFLICT (id) DO UPDATE SET json = excluded.json",
                ("$json", JsonSerializer.Serialize(zoneMap, AnalyticsJsonContext.Default.ListZoneOptions)));
        }
        alsoWrite(connection);
        // One prepared statement per kind for the whole batch: a busy store changes thousands of shoppers a second.
        using var upsert = connection.CreateCommand();
        upsert.CommandText = """
            INSERT INTO analytics_presence (token, zone, since_ms, json) VALUES ($token, $zone, $since, $json)
            ON CONFLICT (token) DO UPDATE SET zone = excluded.zone, since_ms = excluded.since_ms, json = excluded.json
            """;
        var (upsertToken, zone, since, json) = (upsert.Parameters.Add("$token", SqliteType.Text), upsert.Parameters.Add("$zone", SqliteType.Text),
            upsert.Parameters.Add("$since", SqliteType.Integer), upsert.Parameters.Add("$json", SqliteType.Text));
        using var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM analytics_presence WHERE token = $token";
        var deleteToken = delete.Parameters.Add("$token", SqliteType.Text);
        foreach (var token in tracker.TakeChanged())
        {
            if (tracker.Shoppers.TryGetValue(token, out var shopper))
            {
                (upsertToken.Value, zone.Value, since.Value) = (token, shopper.Zone, shopper.Since.ToUnixTimeMilliseconds());
                json.Value = JsonSerializer.Serialize(shopper, AnalyticsJsonContext.Default.ShopperPresence);
                upsert.ExecuteNonQuery();
            }
            else
            {
                deleteToken.Value = token;
                delete.ExecuteNonQuery();
            }
        }
        foreach (var (zoneId, dwell) in tracker.Dwell)
        {
            connection.Execute("""
                INSERT INTO analytics_zone_dwell (zone, visits, dwell_ms) VALUES ($zone, $visits, $dwell)
                ON CONFLICT (zone) DO UPDATE SET visits = excluded.visits, dwell_ms = excluded.dwell_ms
                """, ("$zone", zoneId), ("$visits", dwell.Visits), ("$dwell", dwell.DwellMilliseconds));
        }
        connection.Execute("""
            INSERT INTO analytics_clock (id, clock_ms) VALUES (1, $clock) ON CONFLICT (id) DO UPDATE SET clock_ms = excluded.clock_ms
            """, ("$clock", tracker.Clock.ToUnixTimeMilliseconds()));
        foreach (var (hour, count) in batch.Footfall)
        {
            connection.Execute("""
                INSERT INTO analytics_footfall (hour_ms, count) VALUES ($hour, $count)
                ON CONFLICT (hour_ms) DO UPDATE SET count = count + excluded.count
                """, ("$hour", hour), ("$count", count));
        }
        foreach (var ((hour, sku, currency), (quantity, revenue)) in batch.Sales)
        {
            connection.Execute("""
                INSERT INTO analytics_sales (hour_ms, sku, currency, quantity, revenue_e4) VALUES ($hour, $sku, $currency, $quantity, $revenue)
                ON CONFLICT (hour_ms, sku, currency) DO UPDATE SET quantity = quantity + excluded.quantity, revenue_e4 = revenue_e4 + excluded.revenue_e4
                """, ("$hour", hour), ("$sku", sku), ("$currency", currency), ("$quantity", quantity),
                ("$revenue", (long)decimal.Round(revenue * RevenueScale, MidpointRounding.AwayFromZero)));
        }
        s_offsets.Write(connection, transaction, batch.NextOffsets);
        transaction.Commit();
    }

    /// <summary>Occupancy, visits and average dwell of each configured zone.</summary>
    public IReadOnlyList<ZoneSummary> Zones(IReadOnlyList<ZoneOptions> zones)
    {
        using var connection = _database.Open();
        var occupancy = new Dictionary<string, int>(StringComparer.Ordinal);
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT zone, COUNT(*) FROM analytics_presence GROUP BY zone";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                occupancy[reader.GetString(0)] = reader.GetInt32(1);
            }
        }
        var dwell = ReadDwell(connection).ToDictionary(d => d.Key, d => d.Value, StringComparer.Ordinal);
        return zones.Select(z =>
        {
            var totals = dwell.GetValueOrDefault(z.Id, new ZoneDwell(0, 0));
            return new ZoneSummary(z.Id, string.IsNullOrWhiteSpace(z.Name) ? z.Id : z.Name, occupancy.GetValueOrDefault(z.Id), totals.Visits, totals.AverageSeconds);
        }).ToList();
    }

    /// <summary>Completed visits and dwell per zone id.</summary>
    public IReadOnlyDictionary<string, ZoneDwell> Dwell()
    {
        using var connection = _database.Open();
        return ReadDwell(connection).ToDictionary(d => d.Key, d => d.Value, StringComparer.Ordinal);
    }

    /// <summary>The zone of a shopper token, if it is in the store.</summary>
    public ShopperZone? FindShopper(string token)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT zone, since_ms FROM analytics_presence WHERE token = $token";
        command.Parameters.AddWithValue("$token", token);
        using var reader = command.ExecuteReader();
        return reader.Read() ? new ShopperZone(token, reader.GetString(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1))) : null;
    }

    /// <summary>Door-motion counts per hour, oldest first.</summary>
    public IReadOnlyList<HourlyCount> Footfall()
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT hour_ms, count FROM analytics_footfall ORDER BY hour_ms";
        using var reader = command.ExecuteReader();
        var hours = new List<HourlyCount>();
        while (reader.Read())
        {
            hours.Add(new HourlyCount(DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)), reader.GetDouble(1)));
        }
        return hours;
    }

    /// <summary>Units and revenue per hour and sku, oldest first.</summary>
    public IReadOnlyList<HourlySales> Sales()
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT hour_ms, sku, currency, quantity, revenue_e4 FROM analytics_sales ORDER BY hour_ms, sku, currency";
        using var reader = command.ExecuteReader();
        var sales = new List<HourlySales>();
        while (reader.Read())
        {
            sales.Add(new HourlySales(DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)), reader.GetString(1), reader.GetString(2),
                reader.GetInt64(3), (decimal)reader.GetInt64(4) / RevenueScale));
        }
        return sales;
    }

    private static List<KeyValuePair<string, ZoneDwell>> ReadDwell(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT zone, visits, dwell_ms FROM analytics_zone_dwell";
        using var reader = command.ExecuteReader();
        var dwell = new List<KeyValuePair<string, ZoneDwell>>();
        while (reader.Read())
        {
            dwell.Add(new(reader.GetString(0), new ZoneDwell(reader.GetInt64(1), reader.GetInt64(2))));
        }
        return dwell;
    }
}
