using LiveCommerce.Contracts;

namespace LiveCommerce.EndToEnd.Tests;

/// <summary>
/// An embedded Kafka cluster in its own process (the provisioning CLI's <c>kafka</c> command), with its topics
/// created up front: the embedded cluster has no CreateTopics API, and it must outlive edge restarts.
/// </summary>
internal sealed class KafkaProcess : IDisposable
{
    private readonly ProductProcess _process;
    private readonly IReadOnlyList<TopicSpec> _topics;

    private KafkaProcess(ProductProcess process, string bootstrapServers, IReadOnlyList<TopicSpec> topics)
    {
        _process = process;
        BootstrapServers = bootstrapServers;
        _topics = topics;
    }

    public string BootstrapServers { get; }

    /// <summary>A store's local Kafka: one broker with every local topic.</summary>
    public static Task<KafkaProcess> StartAsync() => StartAsync(1, Topics.Local);

    /// <summary>A cluster of <paramref name="brokers"/> brokers with <paramref name="topics"/>.</summary>
    public static async Task<KafkaProcess> StartAsync(int brokers, IReadOnlyList<TopicSpec> topics)
    {
        var process = ProductProcess.Start(
            ProductProcess.Provisioning,
            "kafka",
            "--brokers", brokers.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--topics", string.Join(',', topics.Select(t => $"{t.Name}:{t.Partitions}")));
        try
        {
            var first = await process.ReadLineAsync(TimeSpan.FromSeconds(60));
            Assert.StartsWith("BOOTSTRAP=", first, StringComparison.Ordinal);
            return new KafkaProcess(process, first["BOOTSTRAP=".Length..], topics);
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    /// <summary>Sends a control line (<c>down all</c>, <c>rtt all 20</c>, ...) and checks that it was carried out.</summary>
    public async Task CommandAsync(string line) => Assert.Equal("ok", await _process.CommandAsync(line));

    public int Partitions(string topic) => _topics.First(t => t.Name == topic).Partitions;

    public long Count(string topic) => KafkaReader.Count(BootstrapServers, topic, Partitions(topic));

    /// <summary>Every record currently in <paramref name="topic"/>.</summary>
    public List<Confluent.Kafka.ConsumeResult<string?, string>> ReadAll(string topic)
    {
        var expected = Count(topic);
        var records = KafkaReader.ReadAll(BootstrapServers, topic, checked((int)expected), TimeSpan.FromSeconds(60));
        Assert.True(records.Count == expected, $"read {records.Count} of the {expected} records in {topic}");
        return records;
    }

    public void Dispose() => _process.Dispose();
}
