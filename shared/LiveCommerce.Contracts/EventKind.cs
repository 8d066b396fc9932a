using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace LiveCommerce.Contracts;

/// <summary>
/// Describes one event type: its MQTT event-type name, CloudEvents type, Kafka topic and how to
/// parse and validate its payload. The instances live in <see cref="EventCatalog"/>.
/// </summary>
public sealed record EventKind
{
    private readonly JsonTypeInfo _typeInfo;

    internal EventKind(string name, string cloudEventType, string topic, JsonTypeInfo typeInfo)
    {
        Name = name;
        CloudEventType = cloudEventType;
        Topic = topic;
        _typeInfo = typeInfo;
    }

    /// <summary>The last MQTT topic segment, e.g. <c>sale</c>.</summary>
    public string Name { get; }

    /// <summary>The <c>ce_type</c> header value, e.g. <c>com.livecommerce.pos.sale.v1</c>.</summary>
    public string CloudEventType { get; }

    /// <summary>The local Kafka topic, e.g. <c>pos.sales</c>.</summary>
    public string Topic { get; }

    /// <summary>The event record type, e.g. <see cref="PosSale"/>.</summary>
    public Type EventType => _typeInfo.Type;

    /// <summary>
    /// Parses and validates a payload, without a clock check on the event time.
    /// </summary>
    /// <remarks>
    /// In order: a payload containing a full card number is rejected with <c>card-number</c>
    /// before it is read (and the digits never appear in a message); unreadable JSON with
    /// <c>invalid-json</c>; a value of the wrong type (or an unknown enum name, a duplicate property,
    /// a top-level non-object) with <c>wrong-type</c>, reporting only the first such problem; then every <see cref="IValidatableEvent.Validate()"/> reason.
    /// Payload size is the caller's concern.
    /// </remarks>
    public ParseResult Parse(ReadOnlySpan<byte> utf8Json) => ParseCore(utf8Json, now: null);

    /// <summary>
    /// Like <see cref="Parse(ReadOnlySpan{byte})"/>, and also rejects an event time more than
    /// <see cref="EventValidation.MaxClockSkew"/> in the future of <paramref name="clock"/>.
    /// </summary>
    public ParseResult Parse(ReadOnlySpan<byte> utf8Json, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return ParseCore(utf8Json, clock.GetUtcNow());
    }

    /// <inheritdoc/>
    public override string ToString() => Name;

    private ParseResult ParseCore(ReadOnlySpan<byte> utf8Json, DateTimeOffset? now)
    {
        if (CardNumberDetector.ContainsCardNumber(utf8Json))
        {
            return ParseResult.Rejected(this, new ValidationError("", ValidationReasons.CardNumber,
                "The payload contains what looks like a full card number (a Luhn-valid run of 13-19 digits); it was not read. Send card numbers masked."));
        }

        object? value;
        try
        {
            value = JsonSerializer.Deserialize(utf8Json, _typeInfo);
        }
        catch (JsonException ex)
        {
            return ParseResult.Rejected(this, FromJsonException(ex));
        }

        if (value is not IValidatableEvent @event)
        {
            return ParseResult.Rejected(this, new ValidationError("", ValidationReasons.WrongType,
                $"The payload must be a JSON object describing a {Name} event, not null."));
        }

        var errors = now is { } clock ? @event.Validate(clock) : @event.Validate();
        return ParseResult.FromEvent(this, @event, errors);
    }

    private static ValidationError FromJsonException(JsonException ex)
    {
        // Syntax errors come from Utf8JsonReader and are wrapped with the reader's exception (a
        // JsonException) as the inner one; conversion errors have no inner or a non-JSON inner one.
        var reason = ex.InnerException is JsonException ? ValidationReasons.InvalidJson : ValidationReasons.WrongType;
        return new ValidationError(ToFieldPath(ex.Path), reason, ex.Message);
    }

    private static string ToFieldPath(string? jsonPath) => jsonPath switch
    {
        null or "$" => "",
        _ when jsonPath.StartsWith("$.", StringComparison.Ordinal) => jsonPath[2..],
        _ when jsonPath.StartsWith('$') => jsonPath[1..],
        _ => jsonPath,
    };
}
