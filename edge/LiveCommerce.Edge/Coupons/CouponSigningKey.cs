using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveCommerce.Edge.Coupons;

/// <summary>
/// The store's ECDSA P-256 coupon key: created on first start and kept as PKCS#8 DER in a file only the
/// edge's user may read (mode 600), so that coupons issued before a restart verify after it. The public
/// key (SPKI) is what a POS needs to verify a coupon offline.
/// </summary>
public sealed partial class CouponSigningKey : IDisposable
{
    private readonly ECDsa _key;
    private readonly Lock _lock = new();

    public CouponSigningKey(IOptions<EdgeOptions> edgeOptions, IOptions<CouponsOptions> couponsOptions, ILogger<CouponSigningKey> logger)
    {
        var edge = edgeOptions.Value;
        var configured = couponsOptions.Value.KeyPath;
        KeyPath = Path.GetFullPath(string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(edge.DataDirectory, $"coupon-signing-key-{edge.StoreId}.p8")
            : configured);
        _key = LoadOrCreate(KeyPath, logger);
        PublicKeyPem = _key.ExportSubjectPublicKeyInfoPem();
    }

    /// <summary>Where the private key is kept.</summary>
    public string KeyPath { get; }

    /// <summary>The public key as SubjectPublicKeyInfo PEM (<c>-----BEGIN PUBLIC KEY-----</c>).</summary>
    public string PublicKeyPem { get; }

    /// <summary>An IEEE P1363 signature (r‖s, 64 bytes) over SHA-256 of <paramref name="data"/>.</summary>
    public byte[] Sign(ReadOnlySpan<byte> data)
    {
        lock (_lock)
        {
            return _key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
    }

    /// <summary>Whether <paramref name="signature"/> (IEEE P1363) is this key's signature of <paramref name="data"/>.</summary>
    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        lock (_lock)
        {
            return _key.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
    }

    public void Dispose() => _key.Dispose();

    private static ECDsa LoadOrCreate(string path, ILogger logger)
    {
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var created = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var pkcs8 = created.ExportPkcs8PrivateKey();
            var temp = $"{path}.{Guid.NewGuid():N}.tmp";
            try
            {
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                {
                    options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }
                using (var stream = new FileStream(temp, options))
                {
                    stream.Write(pkcs8);
                    stream.Flush(flushToDisk: true);
                }
                // No overwrite: when another process created the key first, its key is the store's key.
                File.Move(temp, path, overwrite: false);
                LogKeyCreated(logger, path);
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(temp);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(pkcs8);
            }
        }
        return Import(path);
    }

    private static ECDsa Import(string path)
    {
        var key = ECDsa.Create();
        var pkcs8 = File.ReadAllBytes(path);
        try
        {
            key.ImportPkcs8PrivateKey(pkcs8, out _);
            if (key.KeySize != 256)
            {
                throw new CryptographicException($"the key is {key.KeySize} bits, not P-256");
            }
            return key;
        }
        catch (CryptographicException e)
        {
            key.Dispose();
            throw new InvalidOperationException($"Coupons:KeyPath: {path} is not an ECDSA P-256 PKCS#8 key ({e.Message})", e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Created the store's coupon signing key in {KeyPath}")]
    private static partial void LogKeyCreated(ILogger logger, string keyPath);
}
