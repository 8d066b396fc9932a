namespace LiveCommerce.Contracts;

/// <summary>
/// An event record that can check itself. Records are deserialized leniently (every field is
/// optional at the JSON level) so that <see cref="Validate()"/> can report every missing or bad
/// field at once; an event is trustworthy only after <see cref="Validate()"/> returned no errors.
/// </summary>
public interface IValidatableEvent
{
    /// <summary>The device's sequence number, when the device sends one.</summary>
    long? Sequence { get; }

    /// <summary>When the event happened on the device. <c>default</c> means it was missing.</summary>
    DateTimeOffset Time { get; }

    /// <summary>
    /// The Kafka key that keeps related events in order (terminal id, shopper token or beacon id,
    /// sensor id, device id); null or empty when the event lacks it.
    /// </summary>
    string? PartitionKey { get; }

    /// <summary>Every reason this event is invalid; empty when it is valid. No clock checks.</summary>
    IReadOnlyList<ValidationError> Validate();

    /// <summary>
    /// Like <see cref="Validate()"/>, and also rejects a <see cref="Time"/> more than
    /// <see cref="EventValidation.MaxClockSkew"/> after <paramref name="now"/>.
    /// </summary>
    IReadOnlyList<ValidationError> Validate(DateTimeOffset now);
}
