using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using LiveCommerce.Contracts;
using Microsoft.Data.Sqlite;

namespace LiveCommerce.Cloud.Fleet;

/// <summary>Reads the stores' status from the fleet database, from one consistent snapshot per call.</summary>
public sealed class FleetStatusReader(FleetDatabase database)
{
    /// <summary>Loss reports returned per store (the most recent); <see cref="StoreStatus.Lost"/> always sums them all.</summary>
    public const int MaxLossReports = 100;

    public IReadOnlyList<StoreStatus> ReadAll() => Read(null);

    public bool TryRead(string storeId, [NotNullWhen(true)] out StoreStatus? store)
    {
        store = Read(storeId).SingleOrDefault();
        return store is not null;
    }

    private List<StoreStatus> Read(string? storeId)
    {
        using var connection = database.Open();
        // A deferred transaction is a read snapshot (WAL): counters, topics and reports agree with each other.
        using var transaction = connection.BeginTransaction(deferred: true);
        var topics = ReadTopics(transaction, storeId);
        var losses = ReadLosses(transaction, storeId);
        var stores = new List<StoreStatus>();
        using var command = Command(transaction, storeId);
        command.CommandText = """
            SELECT store_id, duplicates, last_seen_ms, heartbeat FROM stores
            WHERE $store IS NULL OR store_id = $store ORDER BY store_id
            """;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var id = reader.GetString(0);
            var storeTopics = topics.GetValueOrDefault(id) ?? [];
            var (lost, reports) = losses.GetValueOrDefault(id, (0L, []));
            var heartbeat = reader.IsDBNull(3) ? null : JsonSerializer.Deserialize(reader.GetString(3), ContractsJsonContext.Default.UplinkHeartbeat);
            stores.Add(new StoreStatus
            {
                StoreId = id,
                Events = storeTopics.Values.Sum(),
                Duplicates = reader.GetInt64(1),
                Lost = lost,
                LastSeen = reader.IsDBNull(2) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
                Topics = storeTopics,
                LastHeartbeat = heartbeat?.Time,
                Link = heartbeat is null ? null : new StoreLink(heartbeat.LinkState, heartbeat.LinkStateSince),
                Lag = heartbeat?.Classes ?? [],
                Mirrored = heartbeat?.MirroredRecords,
                LastError = heartbeat?.LastError,
                LossReports = reports,
            });
        }
        return stores;
    }

    private static SqliteCommand Command(SqliteTransaction transaction, string? storeId)
    {
        var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.Parameters.AddWithValue("$store", (object?)storeId ?? DBNull.Value);
        return command;
    }

    private static Dictionary<string, SortedDictionary<string, long>> ReadTopics(SqliteTransaction transaction, string? storeId)
    {
        using var command = Command(transaction, storeId);
        command.CommandText = "SELECT store_id, topic, events FROM topic_events WHERE $store IS NULL OR store_id = $store";
        using var reader = command.ExecuteReader();
        var topics = new Dictionary<string, SortedDictionary<string, long>>(StringComparer.Ordinal);
        while (reader.Read())
        {
            var id = reader.GetString(0);
            if (!topics.TryGetValue(id, out var storeTopics))
            {
                topics[id] = storeTopics = new SortedDictionary<string, long>(StringComparer.Ordinal);
            }
            storeTopics[reader.GetString(1)] = reader.GetInt64(2);
        }
        return topics;
    }

    private static Dictionary<string, (long Lost, List<UplinkLossReport> Reports)> ReadLosses(SqliteTransaction transaction, string? storeId)
    {
        using var command = Command(transaction, storeId);
        command.CommandText = """
            SELECT store_id, topic, partition, from_offset, to_offset, count, class, reason, time_ms, lost FROM (
                SELECT *, sum(count) OVER (PARTITION BY store_id) AS lost,
                       row_number() OVER (PARTITION BY store_id ORDER BY time_ms DESC, topic, partition, from_offset) AS recent
                FROM loss_reports WHERE $store IS NULL OR store_id = $store)
            WHERE recent <= $max
            ORDER BY store_id, time_ms, topic, partition, from_offset
            """;
        command.Parameters.AddWithValue("$max", MaxLossReports);
        using var reader = command.ExecuteReader();
        var losses = new Dictionary<string, (long Lost, List<UplinkLossReport> Reports)>(StringComparer.Ordinal);
        while (reader.Read())
        {
            var id = reader.GetString(0);
            if (!losses.TryGetValue(id, out var loss))
            {
                losses[id] = loss = (reader.GetInt64(9), []);
            }
            loss.Reports.Add(new UplinkLossReport
            {
                StoreId = id,
                Topic = reader.GetString(1),
                Partition = reader.GetInt32(2),
                FromOffset = reader.GetInt64(3),
                ToOffset = reader.GetInt64(4),
                Count = reader.GetInt64(5),
                Class = reader.GetString(6),
                Reason = reader.GetString(7),
                Time = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8)),
            });
        }
        return losses;
    }
}
