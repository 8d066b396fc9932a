namespace LiveCommerce.Kafka;

/// <summary>
/// One checkpoint as written: its sequence number, the sequence of the last checkpoint known committed
/// when it was written, and the next source offset per <c>topic:partition</c>.
/// </summary>
public sealed record CheckpointRecord(long Sequence, long Confirms, Dictionary<string, long> Positions);
