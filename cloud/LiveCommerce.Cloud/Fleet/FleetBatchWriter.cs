using System.Text.Json;
using Confluent.Kafka;
using LiveCommerce.Contracts;
using Microsoft.Data.Sqlite;

namespace LiveCommerce.Cloud.Fleet;

/// <summary>
/// Applies a batch of records to the fleet state in one SQLite transaction, together with the
/// offsets they came from: after a crash the state and the position to resume from always agree.
/// </summary>
internal sealed class FleetBatchWriter : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insertSeen;
    private readonly SqliteCommand _insertLoss;
    private readonly SqliteCommand _upsertStore;
    private readonly SqliteCommand _updateHeartbeat;
    private readonly SqliteCommand _upsertTopic;
    private readonly SqliteCommand _upsertOffset;

    public FleetBatchWriter(FleetDatabase database)
    {
        _connection = database.Open();
        _insertSeen = Command(
            "INSERT OR IGNORE INTO seen_events (store_id, ce_id) VALUES ($store, $id)",
            "$store", "$id");
        _insertLoss = Command(
            """
            INSERT OR IGNORE INTO loss_reports (store_id, topic, partition, from_offset, to_offset, count, class, reason, time_ms)
            VALUES ($store, $topic, $partition, $from, $to, $count, $class, $reason, $time)
            """,
            "$store", "$topic", "$partition", "$from", "$to", "$count", "$class", "$reason", "$time");
        _upsertStore = Command(
            """
            INSERT INTO stores (store_id, duplicates, last_seen_ms) VALUES ($store, $duplicates, $lastSeen)
            ON CONFLICT (store_id) DO UPDATE SET
                duplicates = duplicates + excluded.duplicates,
                last_seen_ms = max(coalesce(last_seen_ms, excluded.last_seen_ms), excluded.last_seen_ms)
            """,
            "$store", "$duplicates", "$lastSeen");
        _updateHeartbeat = Command(
            """
            UPDATE stores SET heartbeat = $heartbeat, heartbeat_time_ms = $time
            WHERE store_id = $store AND (heartbeat_time_ms IS NULL OR heartbeat_time_ms <= $time)
            """,
            "$store", "$heartbeat", "$time");
        _upsertTopic = Command(
            """
            INSERT INTO topic_events (store_id, topic, events) VALUES ($store, $topic, $events)
            ON CONFLICT (store_id, topic) DO UPDATE SET events = events + excluded.events
            """,
            "$store", "$topic", "$events");
        _upsertOffset = Command(
            """
            INSERT INTO consumer_offsets (topic, partition, next_offset) VALUES ($topic, $partition, $next)
            ON CONFLICT (topic, partition) DO UPDATE SET next_offset = excluded.next_offset
            """,
            "$topic", "$partition", "$next");
    }

    public void Apply(IReadOnlyList<FleetRecord> batch)
    {
        var stores = new Dictionary<string, StoreChanges>(StringComparer.Ordinal);
        var topics = new Dictionary<(string Store, string Topic), long>();
        var offsets = new Dictionary<TopicPartition, long>();
        using var transaction = _connection.BeginTransaction();
        foreach (var command in (SqliteCommand[])[_insertSeen, _insertLoss, _upsertStore, _updateHeartbeat, _upsertTopic, _upsertOffset])
        {
            command.Transaction = transaction;
        }
        foreach (var record in batch)
        {
            offsets[record.Position.TopicPartition] = record.Position.Offset.Value + 1;
            if (record.Kind == FleetRecordKind.Ignored)
            {
                continue;
            }
            if (!stores.TryGetValue(record.StoreId, out var store))
            {
                store = new StoreChanges { LastSeen = record.Timestamp };
                stores.Add(record.StoreId, store);
            }
            if (record.Timestamp > store.LastSeen)
            {
                store.LastSeen = record.Timestamp;
            }
            switch (record.Kind)
            {
                case FleetRecordKind.Event when Execute(_insertSeen, record.StoreId, record.EventId) == 1:
                    topics[(record.StoreId, record.LocalTopic)] = topics.GetValueOrDefault((record.StoreId, record.LocalTopic)) + 1;
                    break;
                case FleetRecordKind.Event:
                    store.Duplicates++;
                    break;
                case FleetRecordKind.Heartbeat when record.Heartbeat is { } heartbeat:
                    if (store.Heartbeat is null || heartbeat.Time >= store.Heartbeat.Time)
                    {
                        store.Heartbeat = heartbeat;
                    }
                    break;
                case FleetRecordKind.Loss when record.Loss is { } loss:
                    Execute(_insertLoss, record.StoreId, loss.Topic, loss.Partition, loss.FromOffset, loss.ToOffset,
                        loss.Count, loss.Class, loss.Reason, loss.Time.ToUnixTimeMilliseconds());
                    break;
            }
        }
        foreach (var (storeId, store) in stores)
        {
            Execute(_upsertStore, storeId, store.Duplicates, store.LastSeen.ToUnixTimeMilliseconds());
            if (store.Heartbeat is { } heartbeat)
            {
                Execute(_updateHeartbeat, storeId,
                    JsonSerializer.Serialize(heartbeat, ContractsJsonContext.Default.UplinkHeartbeat),
                    heartbeat.Time.ToUnixTimeMilliseconds());
            }
        }
        foreach (var ((storeId, topic), events) in topics)
        {
            Execute(_upsertTopic, storeId, topic, events);
        }
        foreach (var (partition, next) in offsets)
        {
            Execute(_upsertOffset, partition.Topic, partition.Partition.Value, next);
        }
        transaction.Commit();
    }

    public void Dispose()
    {
        foreach (var command in (SqliteCommand[])[_insertSeen, _insertLoss, _upsertStore, _updateHeartbeat, _upsertTopic, _upsertOffset])
        {
            command.Dispose();
        }
        _connection.Dispose();
    }

    private SqliteCommand Command(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }
        command.Prepare();
        return command;
    }

    private static int Execute(SqliteCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }
        return command.ExecuteNonQuery();
    }

    private sealed class StoreChanges
    {
        public long Duplicates { get; set; }

        public DateTimeOffset LastSeen { get; set; }

        public UplinkHeartbeat? Heartbeat { get; set; }
    }
}
