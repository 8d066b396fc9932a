using LiveCommerce.Kafka.Embedded;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LiveCommerce.Kafka;

public static class KafkaServiceCollectionExtensions
{
    /// <summary>Kafka options (validated at start), the cluster, the topic admin and the shared producer.</summary>
    public static IHostApplicationBuilder AddKafka(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<KafkaOptions>()
            .BindConfiguration(KafkaOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<KafkaCluster>();
        builder.Services.AddSingleton<ITopicAdmin>(sp =>
        {
            var cluster = sp.GetRequiredService<KafkaCluster>();
            return cluster.Embedded is EmbeddedKafka embedded
                ? new EmbeddedTopicAdmin(embedded)
                : new KafkaTopicAdmin(cluster.AdminConfig("lc-topic-admin"), sp.GetRequiredService<IOptions<KafkaOptions>>().Value.ReplicationFactor);
        });
        builder.Services.AddSingleton<KafkaProducerHandle>();
        return builder;
    }
}
