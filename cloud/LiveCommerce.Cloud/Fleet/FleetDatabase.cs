using Confluent.Kafka;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace LiveCommerce.Cloud.Fleet;

/// <summary>
/// The fleet monitor's SQLite database (<c>fleet-monitor.db</c> in <c>Cloud:DataDirectory</c>, WAL mode):
/// the <c>ce_id</c>s seen per store, the counters, the latest heartbeats, the loss reports, and the
/// Kafka offsets all of it was built from. One transaction changes state and offsets together.
/// </summary>
public sealed class FleetDatabase
{
    public const string FileName = "fleet-monitor.db";

    public FleetDatabase(IOptions<CloudOptions> options)
    {
        var directory = options.Value.DataDirectory;
        Directory.CreateDirectory(directory);
        Path = System.IO.Path.GetFullPath(System.IO.Path.Combine(directory, FileName));
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = Path, Pooling = true }.ToString();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS seen_events (
                store_id TEXT NOT NULL,
                ce_id    TEXT NOT NULL,
                PRIMARY KEY (store_id, ce_id)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS stores (
                store_id          TEXT PRIMARY KEY,
                duplicates        INTEGER NOT NULL DEFAULT 0,
                last_seen_ms      INTEGER,
                heartbeat_time_ms INTEGER,
                heartbeat         TEXT);
            CREATE TABLE IF NOT EXISTS topic_events (
                store_id TEXT NOT NULL,
                topic    TEXT NOT NULL,
                events   INTEGER NOT NULL,
                PRIMARY KEY (store_id, topic)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS loss_reports (
                store_id    TEXT NOT NULL,
                topic       TEXT NOT NULL,
                partition   INTEGER NOT NULL,
                from_offset INTEGER NOT NULL,
                to_offset   INTEGER NOT NULL,
                count       INTEGER NOT NULL,
                class       TEXT NOT NULL,
                reason      TEXT NOT NULL,
                time_ms     INTEGER NOT NULL,
                PRIMARY KEY (store_id, topic, partition, from_offset, to_offset));
            CREATE TABLE IF NOT EXISTS consumer_offsets (
                topic       TEXT NOT NULL,
                partition   INTEGER NOT NULL,
                next_offset INTEGER NOT NULL,
                PRIMARY KEY (topic, partition)) WITHOUT ROWID;
            """;
        command.ExecuteNonQuery();
    }

    public string Path { get; }

    public string ConnectionString { get; }

    /// <summary>An open connection that waits up to 5 s on a lock instead of failing.</summary>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;";
        command.ExecuteNonQuery();
        return connection;
    }

    /// <summary>The next offset to consume of every partition the stored state was built from.</summary>
    public IReadOnlyDictionary<TopicPartition, long> ReadOffsets()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT topic, partition, next_offset FROM consumer_offsets";
        using var reader = command.ExecuteReader();
        var offsets = new Dictionary<TopicPartition, long>();
        while (reader.Read())
        {
            offsets[new TopicPartition(reader.GetString(0), reader.GetInt32(1))] = reader.GetInt64(2);
        }
        return offsets;
    }
}
