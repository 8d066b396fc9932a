using System.Text.Json;
using Confluent.Kafka;
using LiveCommerce.Contracts;
using LiveCommerce.Edge.Storage;
using Microsoft.Data.Sqlite;

namespace LiveCommerce.Edge.Downlink;

/// <summary>
/// The SQLite caches of what came down from the cloud (products, prices, shows, campaigns, models,
/// store configuration) and the local Kafka offsets they were built from, written in one transaction.
/// </summary>
public sealed class DownlinkStore
{
    private static readonly AppliedOffsets s_offsets = new("downlink_offsets");

    private readonly EdgeDatabase _database;
    private long _version;

    public DownlinkStore(EdgeDatabase database)
    {
        _database = database;
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE IF NOT EXISTS products (sku TEXT PRIMARY KEY, json TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS prices (sku TEXT PRIMARY KEY, json TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS shows (show_id TEXT PRIMARY KEY, start_ms INTEGER NOT NULL, end_ms INTEGER NOT NULL, json TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS campaigns (campaign_id TEXT PRIMARY KEY, start_ms INTEGER NOT NULL, end_ms INTEGER NOT NULL, json TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS models (version TEXT PRIMARY KEY, onnx BLOB NOT NULL, received_ms INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS store_config (store_id TEXT PRIMARY KEY, json TEXT NOT NULL);
            """ + s_offsets.CreateSql;
        command.ExecuteNonQuery();
    }

    /// <summary>The next local offset to apply per partition of the <c>cloud.*</c> topics.</summary>
    public IReadOnlyDictionary<TopicPartition, long> ReadOffsets()
    {
        using var connection = _database.Open();
        return s_offsets.Read(connection);
    }

    /// <summary>
    /// Applies local records in order (upsert by key, delete on a null value) and stores the next offset
    /// of every partition seen, all in one transaction. Unreadable records are skipped and reported.
    /// </summary>
    public void Apply(IReadOnlyList<ConsumeResult<byte[]?, byte[]?>> batch, Action<ConsumeResult<byte[]?, byte[]?>, string> unreadable)
    {
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        var next = new Dictionary<TopicPartition, long>();
        foreach (var record in batch)
        {
            next[record.TopicPartition] = record.Offset.Value + 1;
            if (!DownlinkRoute.TryGetKind(record.Topic, out var kind))
            {
                unreadable(record, "not a downlinked topic");
                continue;
            }
            if (record.Message.Value is null)
            {
                if (record.Message.Key is not { Length: > 0 } key)
                {
                    unreadable(record, "a deletion needs a key");
                    continue;
                }
                Delete(connection, kind, System.Text.Encoding.UTF8.GetString(key));
                continue;
            }
            if (!DownlinkPayload.TryRead(kind, record.Message.Key, record.Message.Value, out var entity, out var error))
            {
                unreadable(record, error);
                continue;
            }
            Upsert(connection, entity, record.Message.Timestamp.UnixTimestampMs);
        }
        s_offsets.Write(connection, transaction, next);
        transaction.Commit();
        Interlocked.Increment(ref _version);
    }

    /// <summary>Grows with every applied batch: readers that keep a copy of the caches reload when it changed.</summary>
    public long Version => Interlocked.Read(ref _version);

    public Product? FindProduct(string sku) => Find(DownlinkKind.Products, sku, ContractsJsonContext.Default.Product);

    public Price? FindPrice(string sku) => Find(DownlinkKind.Prices, sku, ContractsJsonContext.Default.Price);

    public StoreConfig? FindConfig(string storeId) => Find(DownlinkKind.StoreConfig, storeId, ContractsJsonContext.Default.StoreConfig);

    /// <summary>Shows that have not ended at <paramref name="now"/>, by start time.</summary>
    public IReadOnlyList<LiveShow> CurrentAndUpcomingShows(DateTimeOffset now)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT json FROM shows WHERE end_ms > $now ORDER BY start_ms, show_id";
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        using var reader = command.ExecuteReader();
        var shows = new List<LiveShow>();
        while (reader.Read())
        {
            shows.Add(JsonSerializer.Deserialize(reader.GetString(0), ContractsJsonContext.Default.LiveShow)!);
        }
        return shows;
    }

    /// <summary>Campaigns that have not ended at <paramref name="now"/>, by start time.</summary>
    public IReadOnlyList<Campaign> CurrentAndUpcomingCampaigns(DateTimeOffset now)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT json FROM campaigns WHERE end_ms > $now ORDER BY start_ms, campaign_id";
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        using var reader = command.ExecuteReader();
        var campaigns = new List<Campaign>();
        while (reader.Read())
        {
            campaigns.Add(JsonSerializer.Deserialize(reader.GetString(0), ContractsJsonContext.Default.Campaign)!);
        }
        return campaigns;
    }

    /// <summary>Every cached product, by sku.</summary>
    public IReadOnlyDictionary<string, Product> Products()
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT json FROM products";
        using var reader = command.ExecuteReader();
        var products = new Dictionary<string, Product>(StringComparer.Ordinal);
        while (reader.Read())
        {
            var product = JsonSerializer.Deserialize(reader.GetString(0), ContractsJsonContext.Default.Product)!;
            products[product.Sku] = product;
        }
        return products;
    }

    /// <summary>Rows per cache.</summary>
    public IReadOnlyDictionary<string, long> Counts()
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT COUNT(*) FROM products), (SELECT COUNT(*) FROM prices), (SELECT COUNT(*) FROM shows),
                   (SELECT COUNT(*) FROM campaigns), (SELECT COUNT(*) FROM models), (SELECT COUNT(*) FROM store_config)
            """;
        using var reader = command.ExecuteReader();
        reader.Read();
        return new Dictionary<string, long>(StringComparer.Ordinal)
        {
            ["products"] = reader.GetInt64(0),
            ["prices"] = reader.GetInt64(1),
            ["shows"] = reader.GetInt64(2),
            ["campaigns"] = reader.GetInt64(3),
            ["models"] = reader.GetInt64(4),
            ["config"] = reader.GetInt64(5),
        };
    }

    private T? Find<T>(DownlinkKind kind, string id, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
        where T : class
    {
        var (table, keyColumn) = Table(kind);
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT json FROM {table} WHERE {keyColumn} = $id";
        command.Parameters.AddWithValue("$id", id);
        return command.ExecuteScalar() is string json ? JsonSerializer.Deserialize(json, type) : null;
    }

    private static void Upsert(SqliteConnection connection, DownlinkEntity entity, long timestampMs)
    {
        switch (entity.Kind)
        {
            case DownlinkKind.Shows or DownlinkKind.Campaigns:
                var (table, keyColumn) = Table(entity.Kind);
                connection.Execute($"""
                    INSERT INTO {table} ({keyColumn}, start_ms, end_ms, json) VALUES ($id, $start, $end, $json)
                    ON CONFLICT ({keyColumn}) DO UPDATE SET start_ms = excluded.start_ms, end_ms = excluded.end_ms, json = excluded.json
                    """, ("$id", entity.Id), ("$start", entity.Period.Start), ("$end", entity.Period.End), ("$json", entity.Json!));
                break;
            case DownlinkKind.Models:
                connection.Execute("""
                    INSERT INTO models (version, onnx, received_ms) VALUES ($id, $onnx, $received)
                    ON CONFLICT (version) DO UPDATE SET onnx = excluded.onnx, received_ms = excluded.received_ms
                    """, ("$id", entity.Id), ("$onnx", entity.Bytes!), ("$received", timestampMs));
                break;
            default:
                var (other, otherKey) = Table(entity.Kind);
                connection.Execute($"""
                    INSERT INTO {other} ({otherKey}, json) VALUES ($id, $json)
                    ON CONFLICT ({otherKey}) DO UPDATE SET json = excluded.json
                    """, ("$id", entity.Id), ("$json", entity.Json!));
                break;
        }
    }

    private static void Delete(SqliteConnection connection, DownlinkKind kind, string id)
    {
        var (table, keyColumn) = Table(kind);
        connection.Execute($"DELETE FROM {table} WHERE {keyColumn} = $id", ("$id", id));
    }

    private static (string Table, string KeyColumn) Table(DownlinkKind kind) => kind switch
    {
        DownlinkKind.Products => ("products", "sku"),
        DownlinkKind.Prices => ("prices", "sku"),
        DownlinkKind.Shows => ("shows", "show_id"),
        DownlinkKind.Campaigns => ("campaigns", "campaign_id"),
        DownlinkKind.Models => ("models", "version"),
        DownlinkKind.StoreConfig => ("store_config", "store_id"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not cached in SQLite"),
    };
}
