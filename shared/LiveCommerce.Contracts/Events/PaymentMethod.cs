using System.Text.Json.Serialization;

namespace LiveCommerce.Contracts;

/// <summary>
/// How a sale was paid. On the wire: lower-case kebab-case names
/// (<c>cash</c>, <c>card</c>, <c>mobile</c>, <c>gift-card</c>, <c>buy-now-pay-later</c>);
/// numbers are not accepted.
/// </summary>
[JsonConverter(typeof(StrictStringEnumConverter<PaymentMethod>))]
public enum PaymentMethod
{
    /// <summary>Cash.</summary>
    [JsonStringEnumMemberName("cash")]
    Cash,

    /// <summary>Debit or credit card.</summary>
    [JsonStringEnumMemberName("card")]
    Card,

    /// <summary>Mobile wallet.</summary>
    [JsonStringEnumMemberName("mobile")]
    Mobile,

    /// <summary>Gift card.</summary>
    [JsonStringEnumMemberName("gift-card")]
    GiftCard,

    /// <summary>Buy now, pay later; the sale then names its <c>bnplProvider</c>.</summary>
    [JsonStringEnumMemberName("buy-now-pay-later")]
    BuyNowPayLater,
}
