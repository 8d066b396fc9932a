using System.ComponentModel.DataAnnotations;

namespace LiveCommerce.Edge.Downlink;

/// <summary>
/// The <c>Downlink</c> configuration section. The cloud cluster and its client properties are the
/// uplink's (<c>Uplink:CloudBootstrapServers</c>, <c>Uplink:CloudClient</c>); the downlink runs when the uplink does.
/// </summary>
public sealed class DownlinkOptions
{
    public const string Section = "Downlink";

    /// <summary>How long a fetch from the cloud and from local Kafka waits for data (librdkafka <c>fetch.wait.max.ms</c>).</summary>
    [Range(1, 5000, ErrorMessage = "Downlink:FetchWaitMs must be between 1 and 5000")]
    public int FetchWaitMs { get; set; } = 10;

    /// <summary>Most records per local transaction (mirror) and per SQLite transaction (cache).</summary>
    [Range(1, 100_000, ErrorMessage = "Downlink:BatchRecords must be between 1 and 100000")]
    public int BatchRecords { get; set; } = 1000;

    /// <summary>How often the mirror checks the cloud for new topics and partitions (and that it still answers).</summary>
    [Range(1, 3600, ErrorMessage = "Downlink:MetadataRefreshSeconds must be between 1 and 3600")]
    public int MetadataRefreshSeconds { get; set; } = 5;
}
