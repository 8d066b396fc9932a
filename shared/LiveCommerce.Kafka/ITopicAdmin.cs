using LiveCommerce.Contracts;

namespace LiveCommerce.Kafka;

/// <summary>Creates topics: AdminClient on a real cluster, the mock API on an embedded one.</summary>
public interface ITopicAdmin
{
    /// <summary>Creates the topics that do not exist yet; existing ones are left as they are.</summary>
    Task EnsureTopicsAsync(IEnumerable<TopicSpec> topics, CancellationToken cancellationToken);
}
