using System.Text.Json.Serialization;

namespace LiveCommerce.Contracts;

/// <summary>
/// Enums travel as their <see cref="JsonStringEnumMemberNameAttribute"/> names only: numbers
/// (<c>"payment": 1</c>) and unknown names are rejected as wrong type instead of being accepted
/// as an undefined enum value.
/// </summary>
internal sealed class StrictStringEnumConverter<TEnum> : JsonStringEnumConverter<TEnum>
    where TEnum : struct, Enum
{
    public StrictStringEnumConverter()
        : base(namingPolicy: null, allowIntegerValues: false)
    {
    }
}
