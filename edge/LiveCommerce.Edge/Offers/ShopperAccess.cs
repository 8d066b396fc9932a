using System.Security.Cryptography;
using System.Text;

namespace LiveCommerce.Edge.Offers;

/// <summary>
/// How a shopper's phone signs in: when the shopper opts in the edge hands out a random key once and keeps only
/// its SHA-256 (<see cref="ShopperProfile.KeyHash"/>). Over MQTT the phone connects with user name
/// <c>shopper:{token}</c> and the key as password, and may only subscribe to its own offers topic.
/// </summary>
public sealed class ShopperAccess(OfferStore offers)
{
    public const string UserNamePrefix = "shopper:";

    /// <summary>Where a shopper's offers are published: <c>lc/v1/{storeId}/shoppers/{token}/offers</c>.</summary>
    public static string OffersTopic(string storeId, string token) => $"lc/v1/{storeId}/shoppers/{token}/offers";

    /// <summary>A new random key (256 bits, base64url).</summary>
    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Lower-case hex SHA-256 of a key.</summary>
    public static string HashKey(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>Whether <paramref name="key"/> is the key of an opted-in shopper <paramref name="token"/>.</summary>
    public bool Verify(string token, string key)
    {
        if (offers.FindProfile(token) is not { OptedIn: true, KeyHash: { } stored })
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(HashKey(key)), Encoding.ASCII.GetBytes(stored));
    }
}
