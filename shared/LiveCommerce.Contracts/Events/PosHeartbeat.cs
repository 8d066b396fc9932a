namespace LiveCommerce.Contracts;

/// <summary>
/// A POS terminal's periodic sign of life. MQTT <c>lc/v1/{storeId}/{terminalId}/heartbeat</c>,
/// CloudEvents type <c>com.livecommerce.pos.heartbeat.v1</c>, keyed by <see cref="TerminalId"/>.
/// </summary>
public sealed record PosHeartbeat : IValidatableEvent
{
    /// <summary>The store the terminal belongs to.</summary>
    public string StoreId { get; init; } = "";

    /// <summary>The POS terminal (the MQTT device id).</summary>
    public string TerminalId { get; init; } = "";

    /// <inheritdoc/>
    public long? Sequence { get; init; }

    /// <inheritdoc/>
    public DateTimeOffset Time { get; init; }

    /// <summary>The POS software version, if the terminal reports it.</summary>
    public string? SoftwareVersion { get; init; }

    /// <summary>The terminal's own health, free text such as <c>ok</c> or <c>degraded</c>.</summary>
    public string Status { get; init; } = "";

    string? IValidatableEvent.PartitionKey => TerminalId;

    /// <inheritdoc/>
    public IReadOnlyList<ValidationError> Validate() => Collect(now: null);

    /// <inheritdoc/>
    public IReadOnlyList<ValidationError> Validate(DateTimeOffset now) => Collect(now);

    private IReadOnlyList<ValidationError> Collect(DateTimeOffset? now)
    {
        var errors = new ValidationErrorBuilder();
        errors.RequireText(StoreId, "storeId");
        errors.RequireText(TerminalId, "terminalId");
        errors.CheckSequence(Sequence);
        errors.RequireText(Status, "status");
        errors.CheckTime(Time, now);
        return errors.ToList();
    }
}
