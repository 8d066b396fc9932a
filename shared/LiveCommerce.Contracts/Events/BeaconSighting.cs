namespace LiveCommerce.Contracts;

/// <summary>
/// A BLE gateway saw a shopper's phone (opt-in, pseudonymous <see cref="ShopperToken"/>) or a
/// fixed/asset beacon (<see cref="BeaconId"/>); exactly one of the two is given.
/// MQTT <c>lc/v1/{storeId}/{gatewayId}/sighting</c>, CloudEvents type
/// <c>com.livecommerce.beacon.sighting.v1</c>, keyed by the shopper token or beacon id.
/// </summary>
public sealed record BeaconSighting : IValidatableEvent
{
    /// <summary>The lowest valid received signal strength, in dBm.</summary>
    public const int MinRssi = -120;

    /// <summary>The highest valid received signal strength, in dBm.</summary>
    public const int MaxRssi = 0;

    /// <summary>The lowest valid calibrated transmit power, in dBm.</summary>
    public const int MinTxPower = -100;

    /// <summary>The highest valid calibrated transmit power, in dBm.</summary>
    public const int MaxTxPower = 20;

    /// <summary>The BLE gateway that saw the signal (the MQTT device id).</summary>
    public string GatewayId { get; init; } = "";

    /// <summary>The shopper's pseudonymous token; exclusive with <see cref="BeaconId"/>.</summary>
    public string? ShopperToken { get; init; }

    /// <summary>The beacon's id; exclusive with <see cref="ShopperToken"/>.</summary>
    public string? BeaconId { get; init; }

    /// <summary>Received signal strength in dBm, -120 to 0. Nullable only to report a missing value.</summary>
    public int? Rssi { get; init; }

    /// <summary>Calibrated transmit power in dBm, -100 to 20. Nullable only to report a missing value.</summary>
    public int? TxPower { get; init; }

    /// <inheritdoc/>
    public long? Sequence { get; init; }

    /// <inheritdoc/>
    public DateTimeOffset Time { get; init; }

    string? IValidatableEvent.PartitionKey =>
        string.IsNullOrWhiteSpace(ShopperToken) ? BeaconId : ShopperToken;

    /// <inheritdoc/>
    public IReadOnlyList<ValidationError> Validate() => Collect(now: null);

    /// <inheritdoc/>
    public IReadOnlyList<ValidationError> Validate(DateTimeOffset now) => Collect(now);

    private IReadOnlyList<ValidationError> Collect(DateTimeOffset? now)
    {
        var errors = new ValidationErrorBuilder();
        errors.RequireText(GatewayId, "gatewayId");

        var hasShopper = !string.IsNullOrWhiteSpace(ShopperToken);
        var hasBeacon = !string.IsNullOrWhiteSpace(BeaconId);
        if (hasShopper == hasBeacon)
        {
            errors.Add("shopperToken|beaconId", ValidationReasons.ExactlyOne, hasShopper
                ? "Give either 'shopperToken' or 'beaconId', not both."
                : "One of 'shopperToken' or 'beaconId' is required.");
        }

        CheckRange(errors, Rssi, "rssi", MinRssi, MaxRssi);
        CheckRange(errors, TxPower, "txPower", MinTxPower, MaxTxPower);
        errors.CheckSequence(Sequence);
        errors.CheckTime(Time, now);
        return errors.ToList();
    }

    private static void CheckRange(ValidationErrorBuilder errors, int? value, string field, int min, int max)
    {
        if (value is null)
        {
            errors.Add(field, ValidationReasons.Required, $"'{field}' is required.");
        }
        else if (value < min || value > max)
        {
            errors.Add(field, ValidationReasons.OutOfRange, $"'{field}' must be between {min} and {max} dBm.");
        }
    }
}
