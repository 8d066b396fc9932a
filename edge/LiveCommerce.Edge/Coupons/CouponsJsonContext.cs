using System.Text.Json.Serialization;

namespace LiveCommerce.Edge.Coupons;

/// <summary>JSON of coupon payloads and of the redeem request and reply: camelCase, strict, nulls left out.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.Strict,
    AllowDuplicateProperties = false)]
[JsonSerializable(typeof(CouponPayload))]
[JsonSerializable(typeof(RedeemRequest))]
[JsonSerializable(typeof(RedeemReply))]
internal sealed partial class CouponsJsonContext : JsonSerializerContext;
