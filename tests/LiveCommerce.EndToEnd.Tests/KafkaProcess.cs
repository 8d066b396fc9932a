using LiveCommerce.Contracts;

namespace LiveCommerce.EndToEnd.Tests;

/// <summary>
/// A one-broker embedded Kafka cluster in its own process (the provisioning CLI's <c>kafka</c> command), with
/// every local topic created up front: the embedded cluster has no CreateTopics API, and it must outlive edge restarts.
/// </summary>
internal sealed class KafkaProcess : IDisposable
{
    private readonly ProductProcess _process;

    private KafkaProcess(ProductProcess process, string bootstrapServers)
    {
        _process = process;
        BootstrapServers = bootstrapServers;
    }

    public string BootstrapServers { get; }

    public static async Task<KafkaProcess> StartAsync()
    {
        var topics = string.Join(',', Topics.Local.Select(t => $"{t.Name}:{t.Partitions}"));
        var process = ProductProcess.Start(ProductProcess.Provisioning, "kafka", "--brokers", "1", "--topics", topics);
        try
        {
            var first = await process.ReadLineAsync(TimeSpan.FromSeconds(60));
            Assert.StartsWith("BOOTSTRAP=", first, StringComparison.Ordinal);
            return new KafkaProcess(process, first["BOOTSTRAP=".Length..]);
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    public long Count(string topic) => KafkaReader.Count(BootstrapServers, topic, Topics.Local.First(t => t.Name == topic).Partitions);

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
