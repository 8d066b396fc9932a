using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace LiveCommerce.Edge.Offers;

/// <summary>
/// The offer-propensity model the offer engine asks how likely a shopper is to accept an offer. It starts
/// with the model shipped in this assembly and can be swapped for a newer one (downlinked from the cloud)
/// without a restart. Scoring is thread-safe and never sees a half-swapped model.
/// </summary>
public sealed partial class OfferPropensityModel : IDisposable
{
    /// <summary>The version of the model built into the edge.</summary>
    public const string ShippedVersion = "shipped";

    private const string ShippedResource = "LiveCommerce.Edge.Offers.offer-propensity.onnx";

    private static readonly OfferFeatures s_probe = new(120, 3, true, 20, 1, 15);

    private readonly ILogger<OfferPropensityModel> _logger;
    private readonly ReaderWriterLockSlim _swap = new(LockRecursionPolicy.NoRecursion);
    private OfferModelSession _current;

    public OfferPropensityModel(ILogger<OfferPropensityModel> logger)
    {
        _logger = logger;
        _current = Validated(ReadShipped(), ShippedVersion);
        LogLoaded(_logger, ShippedVersion);
    }

    /// <summary>The version of the model that scores now.</summary>
    public string Version
    {
        get
        {
            _swap.EnterReadLock();
            try
            {
                return _current.Version;
            }
            finally
            {
                _swap.ExitReadLock();
            }
        }
    }

    /// <summary>The probability, from 0 to 1, that the shopper accepts the offer.</summary>
    public float Score(OfferFeatures features)
    {
        _swap.EnterReadLock();
        try
        {
            return _current.Score(features);
        }
        finally
        {
            _swap.ExitReadLock();
        }
    }

    /// <summary>
    /// Swaps in the model <paramref name="onnx"/> as <paramref name="version"/> once it has loaded and scored a
    /// probe input to a probability. Otherwise the current model stays, the reason is logged and the answer is false.
    /// </summary>
    public bool Replace(byte[] onnx, string version)
    {
        OfferModelSession candidate;
        try
        {
            candidate = Validated(onnx, version);
        }
        catch (InvalidDataException exception)
        {
            LogRejected(_logger, version, exception);
            return false;
        }

        OfferModelSession previous;
        _swap.EnterWriteLock();
        try
        {
            previous = _current;
            _current = candidate;
        }
        finally
        {
            _swap.ExitWriteLock();
        }
        previous.Dispose();
        LogReplaced(_logger, previous.Version, version);
        return true;
    }

    public void Dispose()
    {
        _current.Dispose();
        _swap.Dispose();
    }

    private static OfferModelSession Validated(byte[] onnx, string version)
    {
        var session = OfferModelSession.Load(onnx, version);
        try
        {
            var probability = session.Score(s_probe);
            if (!(probability is >= 0 and <= 1))
            {
                throw new InvalidDataException($"model scored the probe input {probability}, not a probability");
            }
            return session;
        }
        catch (OnnxRuntimeException exception)
        {
            session.Dispose();
            throw new InvalidDataException($"model failed on the probe input: {exception.Message}", exception);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    private static byte[] ReadShipped()
    {
        using var stream = typeof(OfferPropensityModel).Assembly.GetManifestResourceStream(ShippedResource)
            ?? throw new InvalidOperationException($"the shipped model resource {ShippedResource} is missing");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "Offer-propensity model {Version} loaded")]
    private static partial void LogLoaded(ILogger logger, string version);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Information, Message = "Offer-propensity model {Previous} replaced by {Version}")]
    private static partial void LogReplaced(ILogger logger, string previous, string version);

    [LoggerMessage(EventId = 6103, Level = LogLevel.Warning, Message = "Offer-propensity model {Version} rejected; the current model stays")]
    private static partial void LogRejected(ILogger logger, string version, Exception exception);
}
