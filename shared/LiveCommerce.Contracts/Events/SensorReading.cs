using System.Globalization;

namespace LiveCommerce.Contracts;

/// <summary>
/// A measurement from an in-store sensor. MQTT <c>lc/v1/{storeId}/{sensorId}/reading</c>,
/// CloudEvents type <c>com.livecommerce.sensor.reading.v1</c>, keyed by <see cref="SensorId"/>.
/// </summary>
/// <remarks>
/// Known kinds are checked against their unit and range: <c>temperature</c> in <c>Cel</c>
/// (-100 to 200), <c>humidity</c> in <c>%</c> (0 to 100), <c>door-motion</c> in <c>count</c>
/// (0 or more). Other kinds need a finite value and a non-blank unit.
/// </remarks>
public sealed record SensorReading : IValidatableEvent
{
    /// <summary>The sensor (the MQTT device id).</summary>
    public string SensorId { get; init; } = "";

    /// <summary>What is measured, e.g. <c>temperature</c>, <c>door-motion</c>, <c>humidity</c>.</summary>
    public string Kind { get; init; } = "";

    /// <summary>The measured value; finite. Nullable only to report a missing value.</summary>
    public double? Value { get; init; }

    /// <summary>UCUM unit code, e.g. <c>Cel</c>, <c>count</c>, <c>%</c>.</summary>
    public string Unit { get; init; } = "";

    /// <inheritdoc/>
    public long? Sequence { get; init; }

    /// <inheritdoc/>
    public DateTimeOffset Time { get; init; }

    string? IValidatableEvent.PartitionKey => SensorId;

    /// <inheritdoc/>
    public IReadOnlyList<ValidationError> Validate() => Collect(now: null);

    /// <inheritdoc/>
    public IReadOnlyList<ValidationError> Validate(DateTimeOffset now) => Collect(now);

    private IReadOnlyList<ValidationError> Collect(DateTimeOffset? now)
    {
        var errors = new ValidationErrorBuilder();
        errors.RequireText(SensorId, "sensorId");
        errors.RequireText(Kind, "kind");
        errors.RequireText(Unit, "unit");

        var known = KnownSensorKinds.TryGet(Kind, out var limits);
        if (known && !string.IsNullOrWhiteSpace(Unit) && !string.Equals(Unit, limits.Unit, StringComparison.Ordinal))
        {
            errors.Add("unit", ValidationReasons.UnexpectedUnit, $"A '{Kind}' reading must be in '{limits.Unit}'.");
        }

        if (Value is not { } value)
        {
            errors.Add("value", ValidationReasons.Required, "'value' is required.");
        }
        else if (!double.IsFinite(value))
        {
            errors.Add("value", ValidationReasons.NotFinite, "'value' must be a finite number.");
        }
        else if (known && (value < limits.Min || value > limits.Max))
        {
            errors.Add("value", ValidationReasons.OutOfRange, string.Create(CultureInfo.InvariantCulture,
                $"A '{Kind}' reading must be between {limits.Min} and {limits.Max} {limits.Unit}."));
        }

        errors.CheckSequence(Sequence);
        errors.CheckTime(Time, now);
        return errors.ToList();
    }
}
