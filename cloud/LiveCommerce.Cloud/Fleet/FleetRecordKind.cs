namespace LiveCommerce.Cloud.Fleet;

/// <summary>What a record on a store's cloud topic means to the fleet monitor.</summary>
internal enum FleetRecordKind
{
    /// <summary>Only its offset counts (mirror checkpoints, records that cannot be identified).</summary>
    Ignored,
    Event,
    Heartbeat,
    Loss,
}
