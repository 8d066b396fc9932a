namespace LiveCommerce.Contracts.Tests;

public class PosSaleTests
{
    private static ParseResult Parse(string json) => EventCatalog.Sale.Parse(Payloads.Utf8(json));

    private static ValidationError Single(ParseResult result)
    {
        Assert.False(result.IsValid);
        return Assert.Single(result.Errors);
    }

    [Fact]
    public void Valid_card_sale_parses_with_terminal_as_partition_key_and_its_sequence()
    {
        var result = Parse(Payloads.Sale);

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        var sale = Assert.IsType<PosSale>(result.Event);
        Assert.Equal("pos-01", result.PartitionKey);
        Assert.Equal(42, result.Sequence);
        Assert.Equal(PaymentMethod.Card, sale.Payment);
        Assert.Equal(2, sale.Lines.Count);
        Assert.Equal(9.99m, sale.Lines[0].UnitPrice);
        Assert.Equal(19.98m, sale.Total);
        Assert.Equal(new DateTimeOffset(2025, 1, 31, 10, 15, 0, TimeSpan.Zero), sale.Time);
        Assert.Same(EventCatalog.Sale, result.Kind);
    }

    [Fact]
    public void Bnpl_sale_with_coupon_parses_and_rounds_the_total_half_away_from_zero()
    {
        // 3 x 33.335 = 100.005, rounded to cents = 100.01
        var result = Parse(Payloads.BnplSaleWithCoupon);

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        var sale = Assert.IsType<PosSale>(result.Event);
        Assert.Equal(PaymentMethod.BuyNowPayLater, sale.Payment);
        Assert.Equal("klarna", sale.BnplProvider);
        Assert.Equal("LIVE-SHOW-10", sale.CouponCode);
        Assert.Null(result.Sequence);
    }

    [Fact]
    public void Zero_decimal_currency_total_is_compared_in_whole_units()
    {
        var json = Payloads.Sale
            .Replace("\"EUR\"", "\"JPY\"", StringComparison.Ordinal)
            .Replace("19.98", "20", StringComparison.Ordinal);

        Assert.True(Parse(json).IsValid);
    }

    [Fact]
    public void Sale_with_every_required_field_missing_reports_each_one_at_once()
    {
        var result = Parse("""{ "lines": [ {} ] }""");

        Assert.False(result.IsValid);
        Assert.NotNull(result.Event);
        var missing = result.Errors.Where(e => e.Reason == ValidationReasons.Required).Select(e => e.Field).ToHashSet();
        Assert.Equal(
            new HashSet<string>
            {
                "storeId", "terminalId", "receiptId", "lines[0].sku", "lines[0].quantity", "lines[0].unitPrice",
                "total", "currency", "payment", "time",
            },
            missing);
        Assert.Equal(missing.Count, result.Errors.Count);
    }

    [Fact]
    public void Sale_without_lines_is_rejected_as_empty()
    {
        var error = Single(Parse("""
            {"storeId":"s001","terminalId":"pos-01","receiptId":"R-1","lines":[],"total":0,"currency":"EUR",
             "payment":"cash","time":"2025-01-31T10:15:00Z"}
            """));

        Assert.Equal(("lines", ValidationReasons.Empty), (error.Field, error.Reason));
    }

    [Fact]
    public void Sale_with_zero_quantity_is_rejected_as_non_positive()
    {
        var json = Payloads.Sale
            .Replace("\"quantity\": 2", "\"quantity\": 0", StringComparison.Ordinal)
            .Replace("19.98", "0.00", StringComparison.Ordinal);

        var error = Single(Parse(json));

        Assert.Equal(("lines[0].quantity", ValidationReasons.NonPositive), (error.Field, error.Reason));
    }

    [Fact]
    public void Sale_with_negative_quantity_is_rejected_as_non_positive()
    {
        var json = Payloads.Sale
            .Replace("\"quantity\": 1", "\"quantity\": -1", StringComparison.Ordinal);

        var error = Single(Parse(json));

        Assert.Equal(("lines[1].quantity", ValidationReasons.NonPositive), (error.Field, error.Reason));
    }

    [Fact]
    public void Sale_with_negative_unit_price_is_rejected_but_zero_price_is_a_free_item()
    {
        var json = Payloads.Sale
            .Replace("\"unitPrice\": 0", "\"unitPrice\": -0.01", StringComparison.Ordinal)
            .Replace("19.98", "19.97", StringComparison.Ordinal);

        var error = Single(Parse(json));

        Assert.Equal(("lines[1].unitPrice", ValidationReasons.Negative), (error.Field, error.Reason));
    }

    [Fact]
    public void Sale_whose_total_does_not_add_up_is_rejected_as_total_mismatch()
    {
        var error = Single(EventCatalog.Sale.Parse(Payloads.SaleWith("total", "19.99")));

        Assert.Equal(("total", ValidationReasons.TotalMismatch), (error.Field, error.Reason));
        Assert.Contains("19.98", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Total_with_more_decimals_than_the_currency_has_is_a_mismatch()
    {
        var error = Single(EventCatalog.Sale.Parse(Payloads.SaleWith("total", "19.981")));

        Assert.Equal(ValidationReasons.TotalMismatch, error.Reason);
    }

    [Fact]
    public void Sale_in_unknown_currency_is_rejected()
    {
        var error = Single(EventCatalog.Sale.Parse(Payloads.SaleWith("currency", "\"XYZ\"")));

        Assert.Equal(("currency", ValidationReasons.UnknownCurrency), (error.Field, error.Reason));
    }

    [Fact]
    public void Lower_case_currency_code_is_not_accepted()
    {
        var error = Single(EventCatalog.Sale.Parse(Payloads.SaleWith("currency", "\"eur\"")));

        Assert.Equal(ValidationReasons.UnknownCurrency, error.Reason);
    }

    [Fact]
    public void Bnpl_sale_without_provider_is_rejected()
    {
        var json = Payloads.BnplSaleWithCoupon.Replace("\"bnplProvider\": \"klarna\",", "", StringComparison.Ordinal);

        var error = Single(Parse(json));

        Assert.Equal(("bnplProvider", ValidationReasons.Required), (error.Field, error.Reason));
    }

    [Theory]
    [InlineData("************1234")]
    [InlineData("411111******1111")]
    [InlineData("4111 11XX XXXX 1111")]
    [InlineData("XXXXXXXXXXXX1111")]
    public void Masked_card_is_allowed(string masked)
    {
        Assert.True(EventCatalog.Sale.Parse(Payloads.SaleWith("maskedCard", $"\"{masked}\"")).IsValid);
    }

    [Theory]
    [InlineData("4111111*****1111")] // seven leading digits
    [InlineData("411111******11111")] // five trailing digits, 17 positions: position 12 visible
    [InlineData("1234")]
    [InlineData("card ending 1234")]
    public void Badly_masked_card_is_rejected_as_not_masked(string masked)
    {
        var error = Single(EventCatalog.Sale.Parse(Payloads.SaleWith("maskedCard", $"\"{masked}\"")));

        Assert.Equal(("maskedCard", ValidationReasons.NotMasked), (error.Field, error.Reason));
    }

    [Fact]
    public void Unknown_payment_method_is_rejected_as_wrong_type()
    {
        var error = Single(EventCatalog.Sale.Parse(Payloads.SaleWith("payment", "\"cheque\"")));

        Assert.Equal(("payment", ValidationReasons.WrongType), (error.Field, error.Reason));
    }

    [Fact]
    public void Payment_method_as_a_number_is_rejected_as_wrong_type()
    {
        var error = Single(EventCatalog.Sale.Parse(Payloads.SaleWith("payment", "1")));

        Assert.Equal(("payment", ValidationReasons.WrongType), (error.Field, error.Reason));
    }

    [Fact]
    public void Quantity_as_a_string_is_rejected_as_wrong_type_with_its_path()
    {
        var json = Payloads.Sale.Replace("\"quantity\": 1", "\"quantity\": \"1\"", StringComparison.Ordinal);

        var error = Single(Parse(json));

        Assert.Equal(("lines[1].quantity", ValidationReasons.WrongType), (error.Field, error.Reason));
        Assert.Null(Parse(json).Event);
    }

    [Fact]
    public void Multiple_reasons_are_reported_together()
    {
        var json = Payloads.Sale
            .Replace("\"quantity\": 2", "\"quantity\": 0", StringComparison.Ordinal)
            .Replace("\"EUR\"", "\"XYZ\"", StringComparison.Ordinal)
            .Replace("\"storeId\": \"s001\"", "\"storeId\": \" \"", StringComparison.Ordinal)
            .Replace("\"411111******1111\"", "\"4111111*****1111\"", StringComparison.Ordinal);

        var result = Parse(json);

        Assert.False(result.IsValid);
        Assert.Equal(
            new[]
            {
                ("storeId", ValidationReasons.Required),
                ("lines[0].quantity", ValidationReasons.NonPositive),
                ("currency", ValidationReasons.UnknownCurrency),
                ("maskedCard", ValidationReasons.NotMasked),
            },
            result.Errors.Select(e => (e.Field, e.Reason)));
    }

    [Fact]
    public void Sale_too_far_in_the_future_is_rejected_when_a_clock_is_given()
    {
        var clock = new FixedClock(new DateTimeOffset(2025, 1, 31, 10, 9, 59, TimeSpan.Zero));

        var result = EventCatalog.Sale.Parse(Payloads.Utf8(Payloads.Sale), clock);

        var error = Assert.Single(result.Errors);
        Assert.Equal(("time", ValidationReasons.InFuture), (error.Field, error.Reason));
        Assert.True(EventCatalog.Sale.Parse(Payloads.Utf8(Payloads.Sale), new FixedClock(clock.Now.AddSeconds(1))).IsValid);
    }

    [Fact]
    public void Sale_record_validates_without_parsing_and_flags_a_full_card_number()
    {
        var sale = new PosSale
        {
            StoreId = "s001",
            TerminalId = "pos-01",
            ReceiptId = "R-1",
            Lines = [new SaleLine { Sku = "A", Quantity = 1, UnitPrice = 5m }],
            Total = 5m,
            Currency = "GBP",
            Payment = PaymentMethod.Card,
            MaskedCard = "4111111111111111",
            Time = DateTimeOffset.UnixEpoch,
        };

        var error = Assert.Single(sale.Validate());

        Assert.Equal(("maskedCard", ValidationReasons.CardNumber), (error.Field, error.Reason));
        Assert.DoesNotContain("4111", error.Message, StringComparison.Ordinal);
        Assert.Empty((sale with { MaskedCard = "************1111" }).Validate());
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
