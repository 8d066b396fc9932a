using System.Text.Json.Serialization;

namespace LiveCommerce.Contracts;

/// <summary>
/// Source-generated System.Text.Json metadata for every contract (no reflection, trimming and
/// AOT safe). Use <c>ContractsJsonContext.Default.PosSale</c> and friends.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>camelCase property names, matched case-sensitively (<c>StoreId</c> is not <c>storeId</c>).</item>
/// <item>Enums as their kebab-case names only (see <see cref="PaymentMethod"/>, <see cref="DeviceState"/>).</item>
/// <item>Nulls are left out when writing.</item>
/// <item>Strict JSON: no trailing commas, no comments, no numbers in strings, no duplicate properties
/// (a duplicate could smuggle a second value past a reader that keeps the first).</item>
/// <item>Unknown properties are skipped, not rejected: a device with newer firmware may add fields
/// to a v1 event without being cut off; a breaking change gets a new type (<c>.v2</c>).</item>
/// </list>
/// </remarks>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = false,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowTrailingCommas = false,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow,
    NumberHandling = JsonNumberHandling.Strict,
    UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Skip,
    AllowDuplicateProperties = false)]
[JsonSerializable(typeof(PosSale))]
[JsonSerializable(typeof(PosHeartbeat))]
[JsonSerializable(typeof(BeaconSighting))]
[JsonSerializable(typeof(SensorReading))]
[JsonSerializable(typeof(DeviceStatus))]
[JsonSerializable(typeof(PosRedemption))]
[JsonSerializable(typeof(UplinkHeartbeat))]
[JsonSerializable(typeof(UplinkLossReport))]
[JsonSerializable(typeof(ValidationError))]
[JsonSerializable(typeof(IReadOnlyList<ValidationError>))]
[JsonSerializable(typeof(Product))]
[JsonSerializable(typeof(Price))]
[JsonSerializable(typeof(LiveShow))]
[JsonSerializable(typeof(IReadOnlyList<LiveShow>))]
[JsonSerializable(typeof(Campaign))]
[JsonSerializable(typeof(StoreConfig))]
[JsonSerializable(typeof(StockLevel))]
[JsonSerializable(typeof(StaffAction))]
[JsonSerializable(typeof(ShopperConsent))]
[JsonSerializable(typeof(StockAlert))]
[JsonSerializable(typeof(StoreOffer))]
public sealed partial class ContractsJsonContext : JsonSerializerContext;
