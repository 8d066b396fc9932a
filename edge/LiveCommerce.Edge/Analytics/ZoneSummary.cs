namespace LiveCommerce.Edge.Analytics;

/// <summary>A zone now: shoppers in it and its completed visits with their average dwell.</summary>
public sealed record ZoneSummary(string Id, string Name, int Occupancy, long Visits, double AverageDwellSeconds);
