using Confluent.Kafka;
using Confluent.Kafka.Admin;
using LiveCommerce.Contracts;

namespace LiveCommerce.Kafka;

/// <summary>Topic creation on a real cluster through the CreateTopics admin API.</summary>
public sealed class KafkaTopicAdmin(AdminClientConfig config, short replicationFactor) : ITopicAdmin
{
    public async Task EnsureTopicsAsync(IEnumerable<TopicSpec> topics, CancellationToken cancellationToken)
    {
        using var admin = new AdminClientBuilder(config).Build();
        var existing = (await Task.Run(() => admin.GetMetadata(TimeSpan.FromSeconds(30)), cancellationToken).ConfigureAwait(false))
            .Topics.Where(t => t.Error.Code == ErrorCode.NoError).Select(t => t.Topic).ToHashSet(StringComparer.Ordinal);
        var specifications = topics
            .Where(t => !existing.Contains(t.Name))
            .Select(t => new TopicSpecification { Name = t.Name, NumPartitions = t.Partitions, ReplicationFactor = replicationFactor })
            .ToList();
        if (specifications.Count == 0)
        {
            return;
        }
        try
        {
            await admin.CreateTopicsAsync(specifications, new CreateTopicsOptions { RequestTimeout = TimeSpan.FromSeconds(30) }).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (CreateTopicsException e) when (e.Results.All(r => r.Error.Code is ErrorCode.NoError or ErrorCode.TopicAlreadyExists))
        {
            // Every topic that failed exists already: that is the state we want.
        }
    }
}
