namespace LiveCommerce.Edge.Analytics;

/// <summary>A count for the hour starting at <paramref name="Hour"/> (UTC), e.g. footfall.</summary>
public sealed record HourlyCount(DateTimeOffset Hour, double Count);
