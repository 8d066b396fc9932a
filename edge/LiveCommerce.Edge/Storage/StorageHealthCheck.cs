using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LiveCommerce.Edge.Storage;

/// <summary>Storage is up when the database answers a query and its disk is not nearly full.</summary>
public sealed class StorageHealthCheck(EdgeDatabase database) : IHealthCheck
{
    private const long MinimumFreeBytes = 100L * 1024 * 1024;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object> { ["path"] = database.Path };
        try
        {
            using var connection = database.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT value FROM schema_info WHERE key = 'version'";
            data["schema"] = command.ExecuteScalar() ?? "none";
            var free = new DriveInfo(Path.GetPathRoot(database.Path) ?? "/").AvailableFreeSpace;
            data["freeBytes"] = free;
            return Task.FromResult(free < MinimumFreeBytes
                ? HealthCheckResult.Degraded($"only {free / (1024 * 1024)} MiB free on the data disk", null, data)
                : HealthCheckResult.Healthy(null, data));
        }
        catch (SqliteException e)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"SQLite error {e.SqliteErrorCode}: {e.Message}", e, data));
        }
    }
}
