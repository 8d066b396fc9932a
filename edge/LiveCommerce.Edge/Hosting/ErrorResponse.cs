namespace LiveCommerce.Edge.Hosting;

/// <summary>The body of a 4xx/5xx answer: <c>{ "error": "why" }</c>.</summary>
public sealed record ErrorResponse(string Error);
