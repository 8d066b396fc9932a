using Confluent.Kafka;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LiveCommerce.Kafka;

/// <summary>Kafka is up when a broker answers a metadata request within a few seconds.</summary>
public sealed class KafkaHealthCheck : IHealthCheck, IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(3);
    private readonly KafkaCluster _cluster;
    private readonly Lazy<IAdminClient> _admin;

    public KafkaHealthCheck(KafkaCluster cluster)
    {
        _cluster = cluster;
        _admin = new Lazy<IAdminClient>(() => new AdminClientBuilder(cluster.AdminConfig("lc-health"))
            .SetLogHandler((_, _) => { })
            .Build());
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.Run(() =>
        {
            var data = new Dictionary<string, object> { ["bootstrap"] = _cluster.BootstrapServers, ["embedded"] = _cluster.Embedded is not null };
            try
            {
                var metadata = _admin.Value.GetMetadata(s_timeout);
                data["brokers"] = metadata.Brokers.Count;
                return metadata.Brokers.Count > 0
                    ? HealthCheckResult.Healthy(null, data)
                    : HealthCheckResult.Unhealthy("no brokers in the metadata", null, data);
            }
            catch (KafkaException e)
            {
                return HealthCheckResult.Unhealthy($"no broker answered within {s_timeout.TotalSeconds} s: {e.Error.Reason}", null, data);
            }
        }, cancellationToken);

    public void Dispose()
    {
        if (_admin.IsValueCreated)
        {
            _admin.Value.Dispose();
        }
    }
}
