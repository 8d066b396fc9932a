using System.ComponentModel.DataAnnotations;

namespace LiveCommerce.Edge.Analytics;

/// <summary>
/// The <c>Analytics</c> configuration section: the zone map and how presence is smoothed. Presence runs on
/// the sightings' own times, so replaying the same sightings always gives the same zones and dwell.
/// </summary>
public sealed class AnalyticsOptions : IValidatableObject
{
    public const string Section = "Analytics";

    /// <summary>The store's zones.</summary>
    public List<ZoneOptions> Zones { get; set; } = [];

    /// <summary>By how many dB another zone's smoothed signal has to beat the current zone's before a shopper moves.</summary>
    [Range(0.0, 60.0, ErrorMessage = "Analytics:HysteresisDb must be between 0 and 60")]
    public double HysteresisDb { get; set; } = 6;

    /// <summary>Weight of a new sighting in the moving average of a shopper's signal at a gateway (1 = no smoothing).</summary>
    [Range(0.01, 1.0, ErrorMessage = "Analytics:SmoothingAlpha must be between 0.01 and 1")]
    public double SmoothingAlpha { get; set; } = 0.3;

    /// <summary>Consecutive sightings in which another zone has to win before the shopper moves there.</summary>
    [Range(1, 1000, ErrorMessage = "Analytics:SwitchSightings must be between 1 and 1000")]
    public int SwitchSightings { get; set; } = 3;

    /// <summary>For how long (seconds) another zone has to keep winning before the shopper moves there.</summary>
    [Range(0, 3600, ErrorMessage = "Analytics:SwitchSeconds must be between 0 and 3600")]
    public int SwitchSeconds { get; set; } = 2;

    /// <summary>A shopper not heard for this long (seconds, sighting time) leaves the store; also how long a gateway's signal counts.</summary>
    [Range(1, 86_400, ErrorMessage = "Analytics:AbsenceSeconds must be between 1 and 86400")]
    public int AbsenceSeconds { get; set; } = 30;

    /// <summary>Most records per SQLite transaction.</summary>
    [Range(1, 100_000, ErrorMessage = "Analytics:BatchRecords must be between 1 and 100000")]
    public int BatchRecords { get; set; } = 1000;

    /// <summary>How long a fetch from local Kafka waits for data (librdkafka <c>fetch.wait.max.ms</c>).</summary>
    [Range(1, 5000, ErrorMessage = "Analytics:FetchWaitMs must be between 1 and 5000")]
    public int FetchWaitMs { get; set; } = 10;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        ZoneMap.Errors(Zones, $"{Section}:Zones").Select(e => new ValidationResult(e));
}
