using System.Text;

namespace LiveCommerce.Contracts.Tests;

public class CardNumberDetectorTests
{
    [Theory]
    [InlineData("4111111111111111")]
    [InlineData("4111 1111 1111 1111")]
    [InlineData("4111-1111-1111-1111")]
    [InlineData("4111-1111 1111-1111")]
    [InlineData("card:5500005555555559.")]
    [InlineData("378282246310005")] // 15-digit Amex
    [InlineData("6011111111111117")]
    public void Luhn_valid_card_number_is_found_in_text(string text)
    {
        Assert.True(CardNumberDetector.ContainsCardNumber(text));
        Assert.True(CardNumberDetector.ContainsCardNumber(Encoding.UTF8.GetBytes(text)));
    }

    [Theory]
    [InlineData("4111111111111112")] // fails Luhn
    [InlineData("4111 1111 1111 1112")]
    [InlineData("1234567890")] // 10-digit receipt id
    [InlineData("1733328000001")] // Unix ms timestamp, not Luhn valid
    [InlineData("411111******1111")]
    [InlineData("4111  1111 1111 1111")] // two separators end the run
    [InlineData("41111111111111110000")] // 20 digits is longer than any card number
    [InlineData("2025-01-31T10:15:00Z")]
    [InlineData("")]
    public void Text_without_a_card_number_is_not_flagged(string text)
    {
        Assert.False(CardNumberDetector.ContainsCardNumber(text));
        Assert.False(CardNumberDetector.ContainsCardNumber(Encoding.UTF8.GetBytes(text)));
    }

    [Fact]
    public void Luhn_valid_timestamp_is_flagged_by_chance_as_documented()
    {
        // One in ten 13-digit numbers passes Luhn; this millisecond timestamp does.
        Assert.True(CardNumberDetector.ContainsCardNumber("1733328000000"));
    }

    [Fact]
    public void Null_text_has_no_card_number()
    {
        Assert.False(CardNumberDetector.ContainsCardNumber((string?)null));
    }

    [Theory]
    [InlineData("""{"storeId":"s001","couponCode":"4111111111111111"}""")]
    [InlineData("""{"storeId":"s001","note":{"deep":["x","pan 4111 1111 1111 1111"]}}""")]
    [InlineData("""{"4111-1111-1111-1111":"key"}""")]
    [InlineData("""{"sequence":4111111111111111}""")]
    public void Sale_with_a_full_card_number_anywhere_is_rejected_without_echoing_it(string json)
    {
        var result = EventCatalog.Sale.Parse(Payloads.Utf8(json));

        var error = Assert.Single(result.Errors);
        Assert.Equal(("", ValidationReasons.CardNumber), (error.Field, error.Reason));
        Assert.Null(result.Event);
        Assert.DoesNotContain("4111", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("1111", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Card_number_in_a_valid_sale_is_rejected_before_any_other_check()
    {
        var json = Payloads.Sale.Replace("\"411111******1111\"", "\"4111111111111111\"", StringComparison.Ordinal);

        var error = Assert.Single(EventCatalog.Sale.Parse(Payloads.Utf8(json)).Errors);

        Assert.Equal(ValidationReasons.CardNumber, error.Reason);
    }

    [Fact]
    public void Sale_with_long_receipt_id_and_non_luhn_16_digits_is_not_flagged()
    {
        var json = Payloads.Sale
            .Replace("\"R-0001234567\"", "\"1234567890\"", StringComparison.Ordinal)
            .Replace("\"411111******1111\"", "\"************1111\", \"loyalty\": \"4111111111111112\"", StringComparison.Ordinal);

        var result = EventCatalog.Sale.Parse(Payloads.Utf8(json));

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
    }
}
