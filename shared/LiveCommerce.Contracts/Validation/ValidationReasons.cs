namespace LiveCommerce.Contracts;

/// <summary>
/// The stable reason codes of <see cref="ValidationError.Reason"/>. They are used as metric
/// labels and dead-letter headers, so they never change once published.
/// </summary>
public static class ValidationReasons
{
    /// <summary>A required value is missing, null or blank.</summary>
    public const string Required = "required";

    /// <summary>A list that must have at least one element is empty.</summary>
    public const string Empty = "empty";

    /// <summary>A value that must be greater than zero is zero or negative.</summary>
    public const string NonPositive = "non-positive";

    /// <summary>A value that must be zero or more is negative.</summary>
    public const string Negative = "negative";

    /// <summary>The total does not equal the sum of the lines rounded to the currency's minor units.</summary>
    public const string TotalMismatch = "total-mismatch";

    /// <summary>The currency is not an active ISO 4217 code.</summary>
    public const string UnknownCurrency = "unknown-currency";

    /// <summary>The payload contains what looks like a full card number (PAN).</summary>
    public const string CardNumber = "card-number";

    /// <summary>A masked card shows more than the first 6 and last 4 digits, or is not a card mask at all.</summary>
    public const string NotMasked = "not-masked";

    /// <summary>A number is outside its allowed range.</summary>
    public const string OutOfRange = "out-of-range";

    /// <summary>A floating-point value is NaN or infinite.</summary>
    public const string NotFinite = "not-finite";

    /// <summary>A sensor of a known kind reports in a unit other than that kind's unit.</summary>
    public const string UnexpectedUnit = "unexpected-unit";

    /// <summary>Exactly one of two alternative values must be given; none or both were.</summary>
    public const string ExactlyOne = "exactly-one";

    /// <summary>The event time is further in the future than the allowed clock skew.</summary>
    public const string InFuture = "in-future";

    /// <summary>The payload is not syntactically valid JSON (including trailing commas and comments, which are not allowed).</summary>
    public const string InvalidJson = "invalid-json";

    /// <summary>
    /// The payload is JSON but not of the event's shape: a value of the wrong type, an unknown enum
    /// name, a property given twice, or a payload that is not an object.
    /// </summary>
    public const string WrongType = "wrong-type";

    /// <summary>The MQTT event-type segment is not in <see cref="EventCatalog"/>.</summary>
    public const string UnknownEventType = "unknown-event-type";
}
