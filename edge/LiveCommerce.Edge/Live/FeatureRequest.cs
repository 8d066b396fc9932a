namespace LiveCommerce.Edge.Live;

/// <summary>Body of <c>POST /live/feature</c>.</summary>
public sealed record FeatureRequest(string? Sku, int? Minutes);
