using Confluent.Kafka;

namespace LiveCommerce.Edge.Uplink;

/// <summary>A transactional producer on the cloud cluster; opening it fences and aborts a previous instance's open transaction.</summary>
internal sealed class CloudSession : IDisposable
{
    private CloudSession(IProducer<byte[]?, byte[]> producer) => Producer = producer;

    public IProducer<byte[]?, byte[]> Producer { get; }

    public static CloudSession Open(ProducerConfig config, TimeSpan timeout)
    {
        var producer = new ProducerBuilder<byte[]?, byte[]>(config).SetLogHandler((_, _) => { }).Build();
        try
        {
            producer.InitTransactions(timeout);
            return new CloudSession(producer);
        }
        catch
        {
            producer.Dispose();
            throw;
        }
    }

    public void Dispose() => Producer.Dispose();
}
