using System.Globalization;
using System.Text.Json;
using Confluent.Kafka;

namespace LiveCommerce.Kafka;

/// <summary>
/// A mirror's checkpoint: the next source offset of every partition, written as one record in the same
/// transaction as the mirrored records and read back as the newest visible record of its partition, so
/// that it is visible exactly when the records are.
/// </summary>
public static class MirrorCheckpoint
{
    /// <summary>How many records back from the end a reader looks for the newest visible checkpoint.</summary>
    private const int LookBack = 50;

    public static byte[] Serialize(IReadOnlyDictionary<TopicPartition, long> positions) =>
        JsonSerializer.SerializeToUtf8Bytes(
            positions.ToDictionary(p => $"{p.Key.Topic}:{p.Key.Partition.Value}", p => p.Value),
            CheckpointJsonContext.Default.DictionaryStringInt64);

    /// <summary>
    /// The newest checkpoint in <paramref name="partition"/> (read_committed), empty when there is none.
    /// Throws <see cref="KafkaException"/> when the cluster does not answer within <paramref name="timeout"/>.
    /// </summary>
    public static Dictionary<TopicPartition, long> ReadLatest(ConsumerConfig config, TopicPartition partition, TimeSpan timeout)
    {
        var reader = new ConsumerConfig(config.ToDictionary(p => p.Key, p => p.Value))
        {
            IsolationLevel = IsolationLevel.ReadCommitted,
            EnablePartitionEof = true,
            EnableAutoCommit = false,
        };
        using var consumer = new ConsumerBuilder<Ignore, byte[]>(reader).SetLogHandler((_, _) => { }).Build();
        var marks = consumer.QueryWatermarkOffsets(partition, timeout);
        var positions = new Dictionary<TopicPartition, long>();
        if (marks.High.Value <= marks.Low.Value)
        {
            return positions;
        }
        consumer.Assign(new TopicPartitionOffset(partition, Math.Max(marks.Low.Value, marks.High.Value - LookBack)));
        Dictionary<string, long>? latest = null;
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is null)
            {
                continue;
            }
            if (!result.IsPartitionEOF)
            {
                latest = JsonSerializer.Deserialize(result.Message.Value, CheckpointJsonContext.Default.DictionaryStringInt64) ?? latest;
                continue;
            }
            consumer.Close();
            foreach (var (key, next) in latest ?? [])
            {
                var colon = key.LastIndexOf(':');
                positions[new TopicPartition(key[..colon], int.Parse(key.AsSpan(colon + 1), CultureInfo.InvariantCulture))] = next;
            }
            return positions;
        }
        throw new KafkaException(new Error(ErrorCode.Local_TimedOut, $"reading the checkpoint in {partition} timed out"));
    }
}
