using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;

namespace LiveCommerce.Edge.Coupons;

/// <summary>The compact coupon format: <c>base64url(payload JSON) + "." + base64url(IEEE P1363 signature)</c>, no padding.</summary>
public static class CouponToken
{
    public static string Encode(ReadOnlySpan<byte> payload, ReadOnlySpan<byte> signature) =>
        $"{Base64Url.EncodeToString(payload)}.{Base64Url.EncodeToString(signature)}";

    /// <summary>Splits a token into its payload and signature bytes; false when it is not two base64url parts.</summary>
    public static bool TryDecode(string? token, [NotNullWhen(true)] out byte[]? payload, [NotNullWhen(true)] out byte[]? signature)
    {
        payload = signature = null;
        if (string.IsNullOrEmpty(token))
        {
            return false;
        }
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot == token.Length - 1 || token.IndexOf('.', dot + 1) >= 0)
        {
            return false;
        }
        var first = token.AsSpan(0, dot);
        var second = token.AsSpan(dot + 1);
        if (!Base64Url.IsValid(first) || !Base64Url.IsValid(second))
        {
            return false;
        }
        var decodedPayload = Base64Url.DecodeFromChars(first);
        var decodedSignature = Base64Url.DecodeFromChars(second);
        // Only the canonical spelling: a token is one exact string, not several that decode alike.
        if (!first.SequenceEqual(Base64Url.EncodeToString(decodedPayload)) || !second.SequenceEqual(Base64Url.EncodeToString(decodedSignature)))
        {
            return false;
        }
        (payload, signature) = (decodedPayload, decodedSignature);
        return true;
    }
}
