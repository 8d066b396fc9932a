using System.ComponentModel.DataAnnotations;
using LiveCommerce.Contracts;

namespace LiveCommerce.Edge.Uplink;

/// <summary>
/// The <c>Uplink</c> configuration section: the cloud cluster the store mirrors to, topic classes,
/// bandwidth, compression and retention budgets. Empty <see cref="CloudBootstrapServers"/> turns the uplink off.
/// </summary>
public sealed class UplinkOptions : IValidatableObject
{
    public const string Section = "Uplink";

    public string CloudBootstrapServers { get; set; } = "";

    /// <summary>librdkafka properties for the cloud clients (SASL, TLS, ...).</summary>
    public Dictionary<string, string> CloudClient { get; set; } = [];

    /// <summary>Local topic → class (<c>critical</c>, <c>normal</c>, <c>bulk</c>).</summary>
    public Dictionary<string, string> Classes { get; set; } = new(StringComparer.Ordinal)
    {
        [Topics.PosSales] = "critical",
        [Topics.PosRedemptions] = "critical",
        [Topics.StoreOffers] = "critical",
        [Topics.PosHeartbeats] = "normal",
        [Topics.DeviceStatus] = "normal",
        [Topics.GatewayDeadLetter] = "normal",
        [Topics.StoreZoneEvents] = "normal",
        [Topics.StoreStaffActions] = "normal",
        [Topics.ShopperConsents] = "normal",
        [Topics.StoreStockAlerts] = "normal",
        [Topics.BeaconSightings] = "bulk",
        [Topics.SensorReadings] = "bulk",
    };

    /// <summary>Uplink bandwidth limit in bytes/s; 0 = unlimited.</summary>
    [Range(0, long.MaxValue, ErrorMessage = "Uplink:BandwidthBytesPerSecond must not be negative")]
    public long BandwidthBytesPerSecond { get; set; }

    /// <summary>When the bandwidth is limited, the share (percent) each class is guaranteed while it has a backlog.</summary>
    public Dictionary<string, int> Shares { get; set; } = new(StringComparer.Ordinal) { ["critical"] = 70, ["normal"] = 20, ["bulk"] = 10 };

    /// <summary>Most records of a class waiting for the cloud; older ones are given up and reported as lost. 0 = no budget.</summary>
    public Dictionary<string, long> RetentionBudgetRecords { get; set; } = new(StringComparer.Ordinal);

    /// <summary><c>zstd</c>, <c>lz4</c>, <c>gzip</c>, <c>snappy</c> or <c>none</c>.</summary>
    [RegularExpression("^(zstd|lz4|gzip|snappy|none)$", ErrorMessage = "Uplink:Compression must be zstd, lz4, gzip, snappy or none")]
    public string Compression { get; set; } = "lz4";

    [Range(1, 100_000, ErrorMessage = "Uplink:BatchRecords must be between 1 and 100000")]
    public int BatchRecords { get; set; } = 5000;

    /// <summary>How long a fetch from local Kafka waits for data (librdkafka <c>fetch.wait.max.ms</c>).</summary>
    [Range(1, 5000, ErrorMessage = "Uplink:SourceFetchWaitMs must be between 1 and 5000")]
    public int SourceFetchWaitMs { get; set; } = 10;

    [Range(1, 3600, ErrorMessage = "Uplink:HeartbeatSeconds must be between 1 and 3600")]
    public int HeartbeatSeconds { get; set; } = 5;

    public bool Enabled => !string.IsNullOrWhiteSpace(CloudBootstrapServers);

    public PriorityClass ClassOf(string topic) =>
        Classes.TryGetValue(topic, out var name) && TryParseClass(name, out var c) ? c : PriorityClass.Normal;

    public static bool TryParseClass(string? name, out PriorityClass priority)
    {
        (var ok, priority) = name switch
        {
            "critical" => (true, PriorityClass.Critical),
            "normal" => (true, PriorityClass.Normal),
            "bulk" => (true, PriorityClass.Bulk),
            _ => (false, PriorityClass.Normal),
        };
        return ok;
    }

    public static string Name(PriorityClass priority) => priority.ToString().ToLowerInvariant();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (topic, name) in Classes)
        {
            if (!TryParseClass(name, out _))
            {
                yield return new ValidationResult($"Uplink:Classes:{topic} '{name}' must be critical, normal or bulk");
            }
        }
        foreach (var (name, share) in Shares)
        {
            if (!TryParseClass(name, out _) || share is < 0 or > 100)
            {
                yield return new ValidationResult($"Uplink:Shares:{name} must name a class and be 0-100");
            }
        }
        foreach (var (name, budget) in RetentionBudgetRecords)
        {
            if (!TryParseClass(name, out _) || budget < 0)
            {
                yield return new ValidationResult($"Uplink:RetentionBudgetRecords:{name} must name a class and not be negative");
            }
        }
        foreach (var key in CloudClient.Keys)
        {
            if (key is "bootstrap.servers" or "transactional.id")
            {
                yield return new ValidationResult($"Uplink:CloudClient:{key} is set by the uplink itself");
            }
        }
    }
}
