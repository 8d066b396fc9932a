using System.Diagnostics.CodeAnalysis;

namespace LiveCommerce.Contracts;

/// <summary>The outcome of <see cref="EventKind.Parse(ReadOnlySpan{byte})"/>.</summary>
public sealed class ParseResult
{
    private ParseResult(EventKind? kind, IValidatableEvent? @event, IReadOnlyList<ValidationError> errors)
    {
        Kind = kind;
        Event = @event;
        Errors = errors;
    }

    /// <summary>The event type; null only when the event-type name was unknown.</summary>
    public EventKind? Kind { get; }

    /// <summary>
    /// The deserialized event. Set whenever the JSON had the right shape, even when
    /// <see cref="Errors"/> is not empty (so a rejection can still name its key and sequence);
    /// null when the payload was not readable or held a card number. Trust it only when
    /// <see cref="IsValid"/>.
    /// </summary>
    public IValidatableEvent? Event { get; }

    /// <summary>Every reason the payload was rejected; empty when valid.</summary>
    public IReadOnlyList<ValidationError> Errors { get; }

    /// <summary>Whether the payload is a valid event.</summary>
    [MemberNotNullWhen(true, nameof(Event), nameof(Kind))]
    public bool IsValid => Event is not null && Kind is not null && Errors.Count == 0;

    /// <summary>
    /// The Kafka key: terminal id (sales, heartbeats), shopper token or beacon id (sightings),
    /// sensor id (readings), device id (status). Null when the event could not be read.
    /// </summary>
    public string? PartitionKey => Event?.PartitionKey;

    /// <summary>The device's sequence number, when it sent one.</summary>
    public long? Sequence => Event?.Sequence;

    internal static ParseResult FromEvent(EventKind kind, IValidatableEvent @event, IReadOnlyList<ValidationError> errors) =>
        new(kind, @event, errors);

    internal static ParseResult Rejected(EventKind? kind, ValidationError error) =>
        new(kind, null, [error]);
}
