using System.Text.Json;

namespace LiveCommerce.Contracts.Tests;

public class JsonAndCatalogTests
{
    [Theory]
    [InlineData("""{"storeId": "s001",""")]
    [InlineData("""{"storeId": "s001",}""")] // trailing comma
    [InlineData("""{"storeId": /* comment */ "s001"}""")]
    [InlineData("not json")]
    [InlineData("")]
    public void Invalid_json_is_rejected_with_its_position(string json)
    {
        var result = EventCatalog.Heartbeat.Parse(Payloads.Utf8(json));

        var error = Assert.Single(result.Errors);
        Assert.Equal(ValidationReasons.InvalidJson, error.Reason);
        Assert.Contains("BytePositionInLine", error.Message, StringComparison.Ordinal);
        Assert.Null(result.Event);
        Assert.Null(result.PartitionKey);
    }

    [Theory]
    [InlineData("""{"storeId": 17}""", "storeId")]
    [InlineData("""{"time": 1733328000001}""", "time")]
    [InlineData("""{"sequence": "7"}""", "sequence")]
    public void Value_of_the_wrong_json_type_is_rejected_as_wrong_type(string json, string field)
    {
        var error = Assert.Single(EventCatalog.Heartbeat.Parse(Payloads.Utf8(json)).Errors);

        Assert.Equal((field, ValidationReasons.WrongType), (error.Field, error.Reason));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"sale\"")]
    [InlineData("null")]
    public void Payload_that_is_not_an_object_is_rejected_as_wrong_type(string json)
    {
        var error = Assert.Single(EventCatalog.Status.Parse(Payloads.Utf8(json)).Errors);

        Assert.Equal(ValidationReasons.WrongType, error.Reason);
    }

    [Fact]
    public void Duplicate_property_is_rejected()
    {
        var json = Payloads.Heartbeat.Replace("\"status\":\"ok\"", "\"status\":\"ok\",\"status\":\"degraded\"", StringComparison.Ordinal);

        var result = EventCatalog.Heartbeat.Parse(Payloads.Utf8(json));

        var error = Assert.Single(result.Errors);
        Assert.Equal(("status", ValidationReasons.WrongType), (error.Field, error.Reason));
        Assert.Contains("status", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_properties_from_newer_firmware_are_ignored()
    {
        var json = Payloads.Heartbeat.Replace("\"status\":\"ok\"", "\"status\":\"ok\",\"batteryPercent\":88", StringComparison.Ordinal);

        Assert.True(EventCatalog.Heartbeat.Parse(Payloads.Utf8(json)).IsValid);
    }

    [Fact]
    public void Property_names_are_case_sensitive_camel_case()
    {
        var result = EventCatalog.Heartbeat.Parse(Payloads.Utf8(Payloads.Heartbeat.Replace("\"storeId\"", "\"StoreId\"", StringComparison.Ordinal)));

        var error = Assert.Single(result.Errors);
        Assert.Equal(("storeId", ValidationReasons.Required), (error.Field, error.Reason));
    }

    [Fact]
    public void Sale_serializes_camel_case_with_kebab_case_enum_and_without_nulls()
    {
        var sale = new PosSale
        {
            StoreId = "s001",
            TerminalId = "pos-01",
            ReceiptId = "R-1",
            Lines = [new SaleLine { Sku = "A", Quantity = 1, UnitPrice = 5m }],
            Total = 5m,
            Currency = "EUR",
            Payment = PaymentMethod.BuyNowPayLater,
            BnplProvider = "affirm",
            Time = new DateTimeOffset(2025, 1, 31, 10, 15, 0, TimeSpan.Zero),
        };

        var json = JsonSerializer.Serialize(sale, ContractsJsonContext.Default.PosSale);

        Assert.Equal(
            """{"storeId":"s001","terminalId":"pos-01","receiptId":"R-1","lines":[{"sku":"A","quantity":1,"unitPrice":5}],"total":5,"currency":"EUR","payment":"buy-now-pay-later","bnplProvider":"affirm","time":"2025-01-31T10:15:00+00:00"}""",
            json);
        var parsed = EventCatalog.Sale.Parse(Payloads.Utf8(json));
        Assert.True(parsed.IsValid);
        Assert.Equal(sale.Lines[0], Assert.IsType<PosSale>(parsed.Event).Lines[0]);
    }

    [Theory]
    [InlineData("sale", "com.livecommerce.pos.sale.v1", "pos.sales", typeof(PosSale))]
    [InlineData("heartbeat", "com.livecommerce.pos.heartbeat.v1", "pos.heartbeats", typeof(PosHeartbeat))]
    [InlineData("sighting", "com.livecommerce.beacon.sighting.v1", "beacon.sightings", typeof(BeaconSighting))]
    [InlineData("reading", "com.livecommerce.sensor.reading.v1", "sensor.readings", typeof(SensorReading))]
    [InlineData("status", "com.livecommerce.device.status.v1", "device.status", typeof(DeviceStatus))]
    public void Catalog_maps_each_event_type_name_to_its_cloud_event_type_topic_and_record(
        string name, string cloudEventType, string topic, Type eventType)
    {
        Assert.True(EventCatalog.TryGet(name, out var kind));
        Assert.Equal((name, cloudEventType, topic, eventType), (kind.Name, kind.CloudEventType, kind.Topic, kind.EventType));
        Assert.True(EventCatalog.TryGet(name.AsSpan(), out var bySpan));
        Assert.Same(kind, bySpan);
        Assert.True(EventCatalog.TryGetByCloudEventType(cloudEventType, out var byType));
        Assert.Same(kind, byType);
    }

    [Theory]
    [InlineData("sales")]
    [InlineData("Sale")]
    [InlineData("")]
    [InlineData(null)]
    public void Unknown_event_type_name_is_not_in_the_catalog(string? name)
    {
        Assert.False(EventCatalog.TryGet(name, out _));

        var result = EventCatalog.Parse(name, Payloads.Utf8(Payloads.Sale));

        var error = Assert.Single(result.Errors);
        Assert.Equal(ValidationReasons.UnknownEventType, error.Reason);
        Assert.Null(result.Kind);
        Assert.False(result.IsValid);
    }

    [Fact]
    public void Catalog_parse_by_name_uses_that_event_type()
    {
        var result = EventCatalog.Parse("reading", Payloads.Utf8(Payloads.Reading));

        Assert.True(result.IsValid);
        Assert.Same(EventCatalog.Reading, result.Kind);
        Assert.Equal(5, EventCatalog.All.Count);
    }

    [Fact]
    public void Validation_errors_serialize_for_dead_letter_headers()
    {
        IReadOnlyList<ValidationError> errors = [new("lines[1].quantity", ValidationReasons.NonPositive, "must be > 0")];

        var json = JsonSerializer.Serialize(errors, ContractsJsonContext.Default.IReadOnlyListValidationError);

        Assert.Equal("""[{"field":"lines[1].quantity","reason":"non-positive","message":"must be \u003E 0"}]""", json);
    }

    [Fact]
    public void Currency_list_holds_active_codes_with_their_minor_units()
    {
        Assert.True(Iso4217Currencies.TryGetMinorUnits("EUR", out var eur));
        Assert.True(Iso4217Currencies.TryGetMinorUnits("JPY", out var jpy));
        Assert.True(Iso4217Currencies.TryGetMinorUnits("KWD", out var kwd));
        Assert.Equal((2, 0, 3), (eur, jpy, kwd));
        Assert.False(Iso4217Currencies.IsActive("XYZ"));
        Assert.False(Iso4217Currencies.IsActive("HRK")); // withdrawn 2023
        Assert.False(Iso4217Currencies.IsActive("XAU")); // gold is not a sale currency
        Assert.True(Iso4217Currencies.Codes.Count > 150);
    }
}
