using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using LiveCommerce.Edge.Storage;

namespace LiveCommerce.Edge.Devices;

/// <summary>
/// Devices and their hashed secrets, in SQLite. A secret verified once is remembered (as a SHA-256
/// of it, in memory) so that reconnects do not pay the PBKDF2 cost again.
/// </summary>
public sealed class DeviceRegistry
{
    private readonly EdgeDatabase _database;
    private readonly ConcurrentDictionary<string, (string StoredHash, byte[] SecretDigest)> _verified = new(StringComparer.Ordinal);

    public DeviceRegistry(EdgeDatabase database)
    {
        _database = database;
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE IF NOT EXISTS devices (
                device_id   TEXT PRIMARY KEY,
                kind        TEXT NOT NULL,
                secret_hash TEXT NOT NULL,
                enabled     INTEGER NOT NULL DEFAULT 1,
                created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
            );
            """;
        command.ExecuteNonQuery();
    }

    /// <summary>Registers a device or updates its kind, secret and enabled flag.</summary>
    public void Upsert(string deviceId, DeviceKind kind, string secret, bool enabled)
    {
        using var connection = _database.Open();
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT secret_hash FROM devices WHERE device_id = $id";
        select.Parameters.AddWithValue("$id", deviceId);
        var existing = select.ExecuteScalar() as string;
        var hash = existing is not null && DeviceSecretHasher.Verify(secret, existing) ? existing : DeviceSecretHasher.Hash(secret);

        using var upsert = connection.CreateCommand();
        upsert.CommandText = """
            INSERT INTO devices (device_id, kind, secret_hash, enabled) VALUES ($id, $kind, $hash, $enabled)
            ON CONFLICT (device_id) DO UPDATE SET kind = excluded.kind, secret_hash = excluded.secret_hash, enabled = excluded.enabled
            """;
        upsert.Parameters.AddWithValue("$id", deviceId);
        upsert.Parameters.AddWithValue("$kind", DeviceKinds.Name(kind));
        upsert.Parameters.AddWithValue("$hash", hash);
        upsert.Parameters.AddWithValue("$enabled", enabled ? 1 : 0);
        upsert.ExecuteNonQuery();
    }

    public void SetEnabled(string deviceId, bool enabled)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE devices SET enabled = $enabled WHERE device_id = $id";
        command.Parameters.AddWithValue("$id", deviceId);
        command.Parameters.AddWithValue("$enabled", enabled ? 1 : 0);
        command.ExecuteNonQuery();
    }

    public AuthenticationResult Authenticate(string deviceId, string secret, out Device? device)
    {
        device = null;
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT kind, secret_hash, enabled FROM devices WHERE device_id = $id";
        command.Parameters.AddWithValue("$id", deviceId);
        using var reader = command.ExecuteReader();
        if (!reader.Read() || !DeviceKinds.TryParse(reader.GetString(0), out var kind))
        {
            return AuthenticationResult.UnknownDevice;
        }
        var storedHash = reader.GetString(1);
        var enabled = reader.GetInt64(2) != 0;
        if (!SecretMatches(deviceId, secret, storedHash))
        {
            return AuthenticationResult.WrongSecret;
        }
        device = new Device(deviceId, kind, enabled);
        return enabled ? AuthenticationResult.Accepted : AuthenticationResult.Disabled;
    }

    private bool SecretMatches(string deviceId, string secret, string storedHash)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(secret));
        if (_verified.TryGetValue(deviceId, out var known) && known.StoredHash == storedHash && CryptographicOperations.FixedTimeEquals(known.SecretDigest, digest))
        {
            return true;
        }
        if (!DeviceSecretHasher.Verify(secret, storedHash))
        {
            return false;
        }
        _verified[deviceId] = (storedHash, digest);
        return true;
    }
}
