using LiveCommerce.Contracts;
using LiveCommerce.Kafka.Embedded;

namespace LiveCommerce.Kafka;

/// <summary>Topic creation on an embedded cluster, which has no CreateTopics API.</summary>
public sealed class EmbeddedTopicAdmin(EmbeddedKafka kafka) : ITopicAdmin
{
    public Task EnsureTopicsAsync(IEnumerable<TopicSpec> topics, CancellationToken cancellationToken)
    {
        foreach (var topic in topics)
        {
            cancellationToken.ThrowIfCancellationRequested();
            kafka.CreateTopic(topic.Name, topic.Partitions);
        }
        return Task.CompletedTask;
    }
}
