namespace LiveCommerce.Edge.Downlink;

/// <summary>
/// A readable downlinked record: its cache key, the stores it is for (null = all) and its value:
/// the normalised JSON of a contract, or the bytes of a model.
/// </summary>
internal sealed record DownlinkEntity(DownlinkKind Kind, string Id, IReadOnlyList<string>? StoreIds, string? Json, byte[]? Bytes)
{
    /// <summary>Start and end (Unix ms) of a show or campaign.</summary>
    public (long Start, long End) Period { get; init; }

    /// <summary>The store a configuration record is for.</summary>
    public string? ConfigStoreId { get; init; }

    public bool Concerns(string storeId) => StoreIds is not { Count: > 0 } ids || ids.Contains(storeId, StringComparer.Ordinal);
}
