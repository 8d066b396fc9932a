using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LiveCommerce.Edge.Uplink;

/// <summary>
/// The uplink component of /healthz: degraded (not down) while the link is down, since the store
/// keeps working offline; reports link state, lag per class and the records lost.
/// </summary>
public sealed class UplinkHealthCheck(UplinkStatus status) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!status.Enabled)
        {
            return Task.FromResult(HealthCheckResult.Healthy("uplink disabled (Uplink:CloudBootstrapServers is empty)"));
        }
        var data = new Dictionary<string, object>
        {
            ["link"] = status.LinkUp ? "up" : "down",
            ["since"] = status.LinkSince.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["mirrored"] = status.Mirrored,
            ["lost"] = status.Lost,
        };
        foreach (var lag in status.Lags())
        {
            data[$"lag.{lag.Class}"] = lag.LagRecords;
            data[$"oldestAgeSeconds.{lag.Class}"] = lag.OldestUnmirroredAgeSeconds;
        }
        if (status.LastError is not null)
        {
            data["lastError"] = status.LastError;
        }
        return Task.FromResult(status.LinkUp
            ? HealthCheckResult.Healthy(null, data)
            : HealthCheckResult.Degraded("the cloud is unreachable; the store keeps working and mirrors when it returns", null, data));
    }
}
