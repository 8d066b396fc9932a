using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LiveCommerce.Cloud.Fleet;

/// <summary>The fleet monitor is up while its consumer loop runs.</summary>
public sealed class FleetHealthCheck(FleetMonitor monitor) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>
        {
            ["group"] = FleetMonitor.GroupId,
            ["partitions"] = monitor.AssignedPartitions,
            ["records"] = monitor.RecordsWritten,
        };
        return Task.FromResult(monitor.IsRunning
            ? HealthCheckResult.Healthy(null, data)
            : HealthCheckResult.Unhealthy("the fleet consumer loop is not running", null, data));
    }
}
