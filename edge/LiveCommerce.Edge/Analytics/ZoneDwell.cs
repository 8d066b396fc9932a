namespace LiveCommerce.Edge.Analytics;

/// <summary>Completed visits of a zone and their total dwell time.</summary>
public sealed record ZoneDwell(long Visits, long DwellMilliseconds)
{
    /// <summary>Average dwell per completed visit in seconds; 0 without visits.</summary>
    public double AverageSeconds => Visits == 0 ? 0 : DwellMilliseconds / 1000.0 / Visits;
}
