namespace LiveCommerce.Edge.Analytics;

/// <summary>Where one shopper token is, and what the tracker needs to decide whether it moves (persisted as is).</summary>
public sealed class ShopperPresence
{
    /// <summary>The zone the shopper is in.</summary>
    public string Zone { get; set; } = "";

    /// <summary>When the shopper entered <see cref="Zone"/>.</summary>
    public DateTimeOffset Since { get; set; }

    /// <summary>When any gateway last heard the shopper.</summary>
    public DateTimeOffset LastHeard { get; set; }

    /// <summary>The zone that has been beating the current one, if any.</summary>
    public string? Candidate { get; set; }

    /// <summary>Consecutive sightings in which <see cref="Candidate"/> won.</summary>
    public int CandidateCount { get; set; }

    /// <summary>When <see cref="Candidate"/> started winning.</summary>
    public DateTimeOffset CandidateSince { get; set; }

    /// <summary>Smoothed signal per gateway id.</summary>
    public Dictionary<string, GatewaySignal> Gateways { get; set; } = new(StringComparer.Ordinal);
}
