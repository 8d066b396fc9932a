using System.Text;
using Confluent.Kafka;

namespace LiveCommerce.Testing;

/// <summary>Reads a topic of a test cluster from the beginning.</summary>
public static class KafkaReader
{
    public static List<ConsumeResult<string?, string>> ReadAll(string bootstrap, string topic, int expected, TimeSpan timeout)
    {
        using var consumer = new ConsumerBuilder<string?, string>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "test-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        }).Build();
        consumer.Subscribe(topic);
        var results = new List<ConsumeResult<string?, string>>();
        var deadline = DateTime.UtcNow + timeout;
        while (results.Count < expected && DateTime.UtcNow < deadline)
        {
            var r = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (r is not null)
            {
                results.Add(r);
            }
        }
        return results;
    }

    /// <summary>Every record of a topic up to its current end.</summary>
    public static List<ConsumeResult<string?, string>> ReadToEnd(string bootstrap, string topic)
    {
        using var consumer = new ConsumerBuilder<string?, string>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "test-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
            EnablePartitionEof = true,
            FetchWaitMaxMs = 10,
        }).Build();
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build();
        var metadata = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single();
        var assignment = metadata.Partitions.Select(p => new TopicPartitionOffset(topic, p.PartitionId, Offset.Beginning)).ToList();
        consumer.Assign(assignment);
        var pending = assignment.Select(a => a.Partition.Value).ToHashSet();
        var results = new List<ConsumeResult<string?, string>>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (pending.Count > 0 && DateTime.UtcNow < deadline)
        {
            var r = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (r is null)
            {
                continue;
            }
            if (r.IsPartitionEOF)
            {
                pending.Remove(r.Partition.Value);
                continue;
            }
            results.Add(r);
        }
        return results;
    }

    /// <summary>Records currently in a topic (sum of high watermarks).</summary>
    public static long Count(string bootstrap, string topic, int partitions)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = "count" }).Build();
        return Enumerable.Range(0, partitions).Sum(p => consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(5)).High.Value);
    }

    public static string Header(this ConsumeResult<string?, string> record, string name) =>
        record.Message.Headers.TryGetLastBytes(name, out var value) ? Encoding.UTF8.GetString(value) : "";
}
