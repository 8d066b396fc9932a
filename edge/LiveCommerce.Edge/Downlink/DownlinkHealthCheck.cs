using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LiveCommerce.Edge.Downlink;

/// <summary>
/// The downlink component of /healthz: link state, records transferred and applied, when the caches
/// last changed and their row counts; degraded (not down) while the cloud is unreachable, since the
/// store serves its last known catalog.
/// </summary>
public sealed class DownlinkHealthCheck(DownlinkStatus status, DownlinkStore store) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>
        {
            ["link"] = !status.Enabled ? "disabled" : status.LinkUp ? "up" : "down",
            ["since"] = status.LinkSince.ToString("O", CultureInfo.InvariantCulture),
            ["transferred"] = status.Transferred,
            ["notForStore"] = status.NotForStore,
            ["rejected"] = status.Rejected,
            ["applied"] = status.Applied,
        };
        if (status.LastApplied is { } lastApplied)
        {
            data["lastApplied"] = lastApplied.ToString("O", CultureInfo.InvariantCulture);
        }
        if (status.LastError is not null)
        {
            data["lastError"] = status.LastError;
        }
        try
        {
            foreach (var (cache, rows) in store.Counts())
            {
                data[cache] = rows;
            }
        }
        catch (SqliteException e)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"SQLite error {e.SqliteErrorCode} reading the caches", e, data));
        }
        if (!status.Enabled)
        {
            return Task.FromResult(HealthCheckResult.Healthy("downlink disabled (Uplink:CloudBootstrapServers is empty); serving the cached values", data));
        }
        return Task.FromResult(status.LinkUp
            ? HealthCheckResult.Healthy(null, data)
            : HealthCheckResult.Degraded("the cloud is unreachable; the store serves its last known catalog, prices, shows and config", null, data));
    }
}
