namespace LiveCommerce.Contracts;

/// <summary>Header names of the CloudEvents Kafka protocol binding (binary content mode).</summary>
public static class EnvelopeHeaders
{
    public const string SpecVersion = "ce_specversion";
    public const string Id = "ce_id";
    public const string Source = "ce_source";
    public const string Type = "ce_type";
    public const string Time = "ce_time";
    public const string ContentType = "content-type";
    public const string SourcePartition = "lc_src_partition";
    public const string SourceOffset = "lc_src_offset";

    /// <summary>When the store's uplink sent the record to the cloud (Unix milliseconds): how long it waited at the store.</summary>
    public const string MirroredAt = "lc_mirrored_at";
}
