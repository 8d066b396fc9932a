using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace LiveCommerce.Kafka;

/// <summary>
/// The one idempotent (acks=all) producer of this process; flushed on dispose so that nothing
/// handed to it is dropped at shutdown.
/// </summary>
public sealed partial class KafkaProducerHandle : IDisposable
{
    private static readonly TimeSpan s_flushTimeout = TimeSpan.FromSeconds(10);
    private readonly ILogger<KafkaProducerHandle> _logger;

    public KafkaProducerHandle(KafkaCluster cluster, ILogger<KafkaProducerHandle> logger)
    {
        _logger = logger;
        Producer = new ProducerBuilder<byte[]?, byte[]>(cluster.ProducerConfig($"lc-{Environment.MachineName}-producer"))
            .SetErrorHandler((_, e) => LogKafkaError(e.Code, e.Reason, e.IsFatal))
            .SetLogHandler((_, m) => LogKafkaLog(m.Facility, m.Message))
            .Build();
    }

    public IProducer<byte[]?, byte[]> Producer { get; }

    public void Dispose()
    {
        var left = Producer.Flush(s_flushTimeout);
        if (left > 0)
        {
            LogUnflushed(left);
        }
        Producer.Dispose();
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Kafka producer error {Code}: {Reason} (fatal: {IsFatal})")]
    private partial void LogKafkaError(ErrorCode code, string reason, bool isFatal);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Debug, Message = "librdkafka {Facility}: {Text}")]
    private partial void LogKafkaLog(string facility, string text);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Error, Message = "{Count} records were still unacknowledged when the producer closed")]
    private partial void LogUnflushed(int count);
}
