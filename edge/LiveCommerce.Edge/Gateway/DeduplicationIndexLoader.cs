using System.Text;
using Confluent.Kafka;
using LiveCommerce.Contracts;
using LiveCommerce.Edge.Hosting;
using LiveCommerce.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveCommerce.Edge.Gateway;

/// <summary>
/// Before the broker accepts devices, reads the newest records of the event topics back from local
/// Kafka into the <see cref="DeduplicationIndex"/>: a message Kafka took just before a crash, whose
/// PUBACK never left, is recognised when the device redelivers it.
/// </summary>
public sealed partial class DeduplicationIndexLoader(
    KafkaCluster cluster,
    LocalTopicsInitializer topics,
    DeduplicationIndex index,
    IOptions<MqttOptions> options,
    ILogger<DeduplicationIndexLoader> logger) : IHostedService
{
    private static readonly TimeSpan s_topicsTimeout = TimeSpan.FromSeconds(30);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var perPartition = options.Value.DedupeRecordsPerPartition;
        if (perPartition == 0)
        {
            return;
        }
        try
        {
            await topics.Ready.WaitAsync(s_topicsTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            LogTopicsNotReady(logger, s_topicsTimeout);
            return;
        }
        var loaded = await Task.Run(() => Load(perPartition, cancellationToken), cancellationToken).ConfigureAwait(false);
        LogLoaded(logger, loaded);
    }

    private int Load(int perPartition, CancellationToken cancellationToken)
    {
        var config = cluster.ConsumerConfig("lc-gateway-dedupe", "lc-gateway-dedupe");
        config.EnablePartitionEof = true;
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(config).SetLogHandler((_, _) => { }).Build();
        var assignments = new List<TopicPartitionOffset>();
        foreach (var kind in EventCatalog.All)
        {
            var spec = Topics.Local.First(t => t.Name == kind.Topic);
            for (var p = 0; p < spec.Partitions; p++)
            {
                var partition = new TopicPartition(kind.Topic, p);
                var marks = consumer.QueryWatermarkOffsets(partition, TimeSpan.FromSeconds(10));
                if (marks.High.Value > marks.Low.Value)
                {
                    assignments.Add(new TopicPartitionOffset(partition, Math.Max(marks.Low.Value, marks.High.Value - perPartition)));
                }
            }
        }
        if (assignments.Count == 0)
        {
            return 0;
        }
        consumer.Assign(assignments);
        var pending = assignments.Select(a => a.TopicPartition).ToHashSet();
        var loaded = 0;
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = consumer.Consume(TimeSpan.FromSeconds(1));
            if (result is null)
            {
                continue;
            }
            if (result.IsPartitionEOF)
            {
                pending.Remove(result.TopicPartition);
                continue;
            }
            if (result.Message.Headers.TryGetLastBytes(EnvelopeHeaders.Id, out var id))
            {
                index.AddPersisted(Encoding.UTF8.GetString(id));
                loaded++;
            }
        }
        consumer.Close();
        return loaded;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 3201, Level = LogLevel.Information, Message = "{Count} recent event ids loaded from local Kafka for redelivery detection")]
    private static partial void LogLoaded(ILogger logger, int count);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Warning, Message = "Local topics not ready after {Timeout}; redelivery detection starts empty")]
    private static partial void LogTopicsNotReady(ILogger logger, TimeSpan timeout);
}
