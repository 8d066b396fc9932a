using System.Globalization;
using System.Text.Json;
using Confluent.Kafka;

namespace LiveCommerce.Kafka;

/// <summary>
/// A mirror's checkpoint: the next source offset of every partition, written as one record in the same
/// transaction as the mirrored records. Each checkpoint names the last one known committed when it was
/// written (transaction n starts only after n-1 committed). On load, the newest checkpoint is trusted only
/// when a later one confirms it; otherwise the one it confirms is used. A cluster that shows records of
/// aborted transactions (as librdkafka's mock does for read_committed) therefore costs a re-sent batch
/// (duplicates, which consumers drop by <c>ce_id</c>), never a skipped one. A mirror that goes idle or
/// stops writes one more transaction with only the checkpoint (<see cref="NeedsConfirmation"/>), so that
/// a restart after it resends nothing.
/// </summary>
public sealed class MirrorCheckpoint
{
    private const int LookBack = 200;
    private long _next = 1;
    private long _committed;

    /// <summary>True while the last committed transaction carried data and no later checkpoint confirms it.</summary>
    public bool NeedsConfirmation { get; private set; }

    /// <summary>The checkpoint of the next transaction; call <see cref="OnCommitted"/> once that transaction committed.</summary>
    public byte[] Serialize(IReadOnlyDictionary<TopicPartition, long> positions) =>
        JsonSerializer.SerializeToUtf8Bytes(
            new CheckpointRecord(_next, _committed, positions.ToDictionary(p => $"{p.Key.Topic}:{p.Key.Partition.Value}", p => p.Value)),
            CheckpointJsonContext.Default.CheckpointRecord);

    /// <summary>The transaction with the checkpoint of <see cref="Serialize"/> committed; <paramref name="carriedData"/> when it held more than the checkpoint.</summary>
    public void OnCommitted(bool carriedData)
    {
        _committed = _next;
        _next++;
        NeedsConfirmation = carriedData;
    }

    /// <summary>
    /// The positions of the newest checkpoint known to be committed in <paramref name="partition"/>, empty
    /// when there is none. Throws <see cref="KafkaException"/> when the cluster does not answer in time.
    /// </summary>
    public Dictionary<TopicPartition, long> Load(ConsumerConfig config, TopicPartition partition, TimeSpan timeout)
    {
        var records = ReadTail(config, partition, timeout);
        _next = records.Count == 0 ? 1 : records.Max(r => r.Sequence) + 1;
        var newest = records.LastOrDefault();
        var trusted = newest is null ? null
            : records.Any(r => r.Confirms == newest.Sequence) ? newest
            : records.LastOrDefault(r => r.Sequence == newest.Confirms);
        _committed = trusted?.Sequence ?? 0;
        NeedsConfirmation = false;
        var positions = new Dictionary<TopicPartition, long>();
        foreach (var (key, next) in trusted?.Positions ?? [])
        {
            var colon = key.LastIndexOf(':');
            positions[new TopicPartition(key[..colon], int.Parse(key.AsSpan(colon + 1), CultureInfo.InvariantCulture))] = next;
        }
        return positions;
    }

    private static List<CheckpointRecord> ReadTail(ConsumerConfig config, TopicPartition partition, TimeSpan timeout)
    {
        var reader = new ConsumerConfig(config.ToDictionary(p => p.Key, p => p.Value))
        {
            IsolationLevel = IsolationLevel.ReadCommitted,
            EnablePartitionEof = true,
            EnableAutoCommit = false,
        };
        using var consumer = new ConsumerBuilder<Ignore, byte[]>(reader).SetLogHandler((_, _) => { }).Build();
        var marks = consumer.QueryWatermarkOffsets(partition, timeout);
        var records = new List<CheckpointRecord>();
        if (marks.High.Value <= marks.Low.Value)
        {
            return records;
        }
        consumer.Assign(new TopicPartitionOffset(partition, Math.Max(marks.Low.Value, marks.High.Value - LookBack)));
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is null)
            {
                continue;
            }
            if (result.IsPartitionEOF)
            {
                consumer.Close();
                return records;
            }
            if (JsonSerializer.Deserialize(result.Message.Value, CheckpointJsonContext.Default.CheckpointRecord) is { } record)
            {
                records.Add(record);
            }
        }
        throw new KafkaException(new Error(ErrorCode.Local_TimedOut, $"reading the checkpoint in {partition} timed out"));
    }
}
