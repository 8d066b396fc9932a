namespace LiveCommerce.Contracts;

/// <summary>The unit and inclusive value range of a known sensor kind.</summary>
internal readonly record struct SensorKindLimits(string Unit, double Min, double Max);
