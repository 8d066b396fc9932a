using Confluent.Kafka;
using Microsoft.Data.Sqlite;

namespace LiveCommerce.Edge.Storage;

/// <summary>
/// A table of the Kafka offsets a piece of local state was built from (<c>topic, partition, next_offset</c>),
/// written in the same SQLite transaction as the state: exactly-once local state.
/// </summary>
public sealed class AppliedOffsets(string table)
{
    public string CreateSql => $"CREATE TABLE IF NOT EXISTS {table} (topic TEXT NOT NULL, partition INTEGER NOT NULL, next_offset INTEGER NOT NULL, PRIMARY KEY (topic, partition));";

    /// <summary>The next offset to apply per partition.</summary>
    public IReadOnlyDictionary<TopicPartition, long> Read(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT topic, partition, next_offset FROM {table}";
        using var reader = command.ExecuteReader();
        var offsets = new Dictionary<TopicPartition, long>();
        while (reader.Read())
        {
            offsets[new TopicPartition(reader.GetString(0), reader.GetInt32(1))] = reader.GetInt64(2);
        }
        return offsets;
    }

    /// <summary>Stores next offsets inside the caller's open transaction.</summary>
    public void Write(SqliteConnection connection, SqliteTransaction transaction, IEnumerable<KeyValuePair<TopicPartition, long>> next)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"""
            INSERT INTO {table} (topic, partition, next_offset) VALUES ($topic, $partition, $offset)
            ON CONFLICT (topic, partition) DO UPDATE SET next_offset = excluded.next_offset
            """;
        var topic = command.Parameters.Add("$topic", SqliteType.Text);
        var partition = command.Parameters.Add("$partition", SqliteType.Integer);
        var offset = command.Parameters.Add("$offset", SqliteType.Integer);
        foreach (var (tp, value) in next)
        {
            topic.Value = tp.Topic;
            partition.Value = tp.Partition.Value;
            offset.Value = value;
            command.ExecuteNonQuery();
        }
    }
}
