namespace LiveCommerce.Contracts;

/// <summary>
/// A device reports its state (also used as the MQTT last-will message).
/// MQTT <c>lc/v1/{storeId}/{deviceId}/status</c>, CloudEvents type
/// <c>com.livecommerce.device.status.v1</c>, keyed by <see cref="DeviceId"/>.
/// </summary>
public sealed record DeviceStatus : IValidatableEvent
{
    /// <summary>The device (the MQTT device id).</summary>
    public string DeviceId { get; init; } = "";

    /// <summary>What kind of device it is, e.g. <c>pos</c>, <c>beacon-gateway</c>, <c>sensor</c>.</summary>
    public string Kind { get; init; } = "";

    /// <summary>The reported state. Nullable only to report a missing value.</summary>
    public DeviceState? State { get; init; }

    /// <summary>Free-text detail, e.g. the error.</summary>
    public string? Detail { get; init; }

    /// <inheritdoc/>
    public long? Sequence { get; init; }

    /// <inheritdoc/>
    public DateTimeOffset Time { get; init; }

    string? IValidatableEvent.PartitionKey => DeviceId;

    /// <inheritdoc/>
    public IReadOnlyList<ValidationError> Validate() => Collect(now: null);

    /// <inheritdoc/>
    public IReadOnlyList<ValidationError> Validate(DateTimeOffset now) => Collect(now);

    private IReadOnlyList<ValidationError> Collect(DateTimeOffset? now)
    {
        var errors = new ValidationErrorBuilder();
        errors.RequireText(DeviceId, "deviceId");
        errors.RequireText(Kind, "kind");
        if (State is null)
        {
            errors.Add("state", ValidationReasons.Required, "'state' is required: online, offline, degraded or error.");
        }

        errors.CheckSequence(Sequence);
        errors.CheckTime(Time, now);
        return errors.ToList();
    }
}
