namespace LiveCommerce.Contracts.Tests;

public class OtherEventTests
{
    private static ValidationError SingleError(EventKind kind, string json)
    {
        var result = kind.Parse(Payloads.Utf8(json));
        Assert.False(result.IsValid);
        return Assert.Single(result.Errors);
    }

    [Fact]
    public void Valid_heartbeat_parses_keyed_by_terminal()
    {
        var result = EventCatalog.Heartbeat.Parse(Payloads.Utf8(Payloads.Heartbeat));

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        var heartbeat = Assert.IsType<PosHeartbeat>(result.Event);
        Assert.Equal(("pos-01", 7L, "4.2.1", "ok"), (result.PartitionKey, result.Sequence, heartbeat.SoftwareVersion, heartbeat.Status));
    }

    [Fact]
    public void Heartbeat_without_status_and_time_reports_both()
    {
        var result = EventCatalog.Heartbeat.Parse(Payloads.Utf8("""{"storeId":"s001","terminalId":"pos-01"}"""));

        Assert.Equal(
            new[] { ("status", ValidationReasons.Required), ("time", ValidationReasons.Required) },
            result.Errors.Select(e => (e.Field, e.Reason)));
    }

    [Fact]
    public void Shopper_sighting_parses_keyed_by_shopper_token()
    {
        var result = EventCatalog.Sighting.Parse(Payloads.Utf8(Payloads.ShopperSighting));

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal(("shp_8f3a", 1L), (result.PartitionKey, result.Sequence));
        Assert.Equal(-67, Assert.IsType<BeaconSighting>(result.Event).Rssi);
    }

    [Fact]
    public void Beacon_sighting_parses_keyed_by_beacon_id()
    {
        var result = EventCatalog.Sighting.Parse(Payloads.Utf8(Payloads.BeaconSighting));

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal("shelf-12", result.PartitionKey);
    }

    [Theory]
    [InlineData(-121)]
    [InlineData(1)]
    public void Sighting_with_rssi_out_of_range_is_rejected(int rssi)
    {
        var error = SingleError(EventCatalog.Sighting, Payloads.ShopperSighting.Replace("-67", rssi.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

        Assert.Equal(("rssi", ValidationReasons.OutOfRange), (error.Field, error.Reason));
    }

    [Fact]
    public void Sighting_with_tx_power_out_of_range_is_rejected()
    {
        var error = SingleError(EventCatalog.Sighting, Payloads.ShopperSighting.Replace("-59", "21", StringComparison.Ordinal));

        Assert.Equal(("txPower", ValidationReasons.OutOfRange), (error.Field, error.Reason));
    }

    [Fact]
    public void Sighting_with_neither_shopper_token_nor_beacon_id_is_rejected()
    {
        var error = SingleError(EventCatalog.Sighting, """{"gatewayId":"gw-01","rssi":-67,"txPower":-59,"time":"2025-01-31T10:15:00Z"}""");

        Assert.Equal(("shopperToken|beaconId", ValidationReasons.ExactlyOne), (error.Field, error.Reason));
    }

    [Fact]
    public void Sighting_with_both_shopper_token_and_beacon_id_is_rejected()
    {
        var error = SingleError(EventCatalog.Sighting, Payloads.ShopperSighting.Replace("\"rssi\"", "\"beaconId\":\"shelf-12\",\"rssi\"", StringComparison.Ordinal));

        Assert.Equal(("shopperToken|beaconId", ValidationReasons.ExactlyOne), (error.Field, error.Reason));
    }

    [Fact]
    public void Sighting_without_rssi_is_rejected_as_required_not_defaulted_to_zero()
    {
        var error = SingleError(EventCatalog.Sighting, Payloads.ShopperSighting.Replace("\"rssi\":-67,", "", StringComparison.Ordinal));

        Assert.Equal(("rssi", ValidationReasons.Required), (error.Field, error.Reason));
    }

    [Fact]
    public void Valid_sensor_reading_parses_keyed_by_sensor()
    {
        var result = EventCatalog.Reading.Parse(Payloads.Utf8(Payloads.Reading));

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal(4.5, Assert.IsType<SensorReading>(result.Event).Value);
        Assert.Equal("fridge-3", result.PartitionKey);
    }

    [Fact]
    public void Reading_of_an_unlisted_kind_needs_only_a_finite_value_and_a_unit()
    {
        var json = """{"sensorId":"co2-1","kind":"co2","value":612,"unit":"ppm","time":"2025-01-31T10:15:00Z"}""";

        Assert.True(EventCatalog.Reading.Parse(Payloads.Utf8(json)).IsValid);
    }

    [Fact]
    public void Humidity_above_100_percent_is_rejected_as_out_of_range()
    {
        var json = """{"sensorId":"h-1","kind":"humidity","value":100.5,"unit":"%","time":"2025-01-31T10:15:00Z"}""";

        var error = SingleError(EventCatalog.Reading, json);

        Assert.Equal(("value", ValidationReasons.OutOfRange), (error.Field, error.Reason));
    }

    [Fact]
    public void Reading_with_blank_unit_is_rejected()
    {
        var error = SingleError(EventCatalog.Reading, Payloads.Reading.Replace("\"Cel\"", "\"  \"", StringComparison.Ordinal));

        Assert.Equal(("unit", ValidationReasons.Required), (error.Field, error.Reason));
    }

    [Fact]
    public void Temperature_in_fahrenheit_is_rejected_as_unexpected_unit()
    {
        var error = SingleError(EventCatalog.Reading, Payloads.Reading.Replace("\"Cel\"", "\"[degF]\"", StringComparison.Ordinal));

        Assert.Equal(("unit", ValidationReasons.UnexpectedUnit), (error.Field, error.Reason));
    }

    [Fact]
    public void Non_finite_value_of_a_constructed_reading_is_rejected()
    {
        var reading = new SensorReading { SensorId = "s", Kind = "vibration", Value = double.NaN, Unit = "g", Time = DateTimeOffset.UnixEpoch };

        var error = Assert.Single(reading.Validate());

        Assert.Equal(("value", ValidationReasons.NotFinite), (error.Field, error.Reason));
    }

    [Fact]
    public void Valid_device_status_parses_keyed_by_device()
    {
        var result = EventCatalog.Status.Parse(Payloads.Utf8(Payloads.Status));

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal(DeviceState.Degraded, Assert.IsType<DeviceStatus>(result.Event).State);
        Assert.Equal("pos-01", result.PartitionKey);
    }

    [Fact]
    public void Status_with_unknown_state_is_rejected_as_wrong_type()
    {
        var error = SingleError(EventCatalog.Status, Payloads.Status.Replace("\"degraded\"", "\"sleepy\"", StringComparison.Ordinal));

        Assert.Equal(("state", ValidationReasons.WrongType), (error.Field, error.Reason));
    }

    [Fact]
    public void Negative_sequence_is_rejected()
    {
        var error = SingleError(EventCatalog.Heartbeat, Payloads.Heartbeat.Replace("\"sequence\":7", "\"sequence\":-1", StringComparison.Ordinal));

        Assert.Equal(("sequence", ValidationReasons.Negative), (error.Field, error.Reason));
    }
}
