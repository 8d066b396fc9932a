using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace LiveCommerce.Edge.Devices;

/// <summary>Device secrets are stored as PBKDF2-SHA256 hashes: <c>pbkdf2-sha256$iterations$salt$hash</c> (base64).</summary>
public static class DeviceSecretHasher
{
    private const string Scheme = "pbkdf2-sha256";
    private const int Iterations = 100_000;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    public static string Hash(string secret)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, Iterations, HashAlgorithmName.SHA256, HashBytes);
        return string.Join('$', Scheme, Iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    public static bool Verify(string secret, string stored)
    {
        if (!TryParse(stored, out var iterations, out var salt, out var expected))
        {
            return false;
        }
        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>Whether <paramref name="stored"/> is a hash in this format (scheme, iterations, base64 salt and hash), e.g. to check configuration.</summary>
    public static bool IsWellFormed(string stored) => TryParse(stored, out _, out _, out _);

    private static bool TryParse(string stored, out int iterations, out byte[] salt, out byte[] hash)
    {
        salt = [];
        hash = [];
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out iterations) || iterations < 1)
        {
            iterations = 0;
            return false;
        }
        var saltBuffer = new byte[parts[2].Length];
        var hashBuffer = new byte[parts[3].Length];
        if (!Convert.TryFromBase64String(parts[2], saltBuffer, out var saltLength) || saltLength == 0
            || !Convert.TryFromBase64String(parts[3], hashBuffer, out var hashLength) || hashLength == 0)
        {
            return false;
        }
        salt = saltBuffer[..saltLength];
        hash = hashBuffer[..hashLength];
        return true;
    }
}
