using LiveCommerce.Edge.Downlink;
using LiveCommerce.Edge.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveCommerce.Edge.Offers;

/// <summary>
/// Brings a downlinked offer-propensity model into use: polls the <c>models</c> cache (filled from the cloud
/// topic <c>models.offer-propensity</c> by the downlink) for the most recently received version and, when it
/// is not the one scoring, hands it to <see cref="OfferPropensityModel.Replace"/>. A version that was
/// rejected is not tried again.
/// </summary>
public sealed partial class OfferModelUpdater : BackgroundService
{
    private readonly OfferPropensityModel _model;
    private readonly EdgeDatabase _database;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly ILogger<OfferModelUpdater> _logger;
    private string? _lastTried;

    /// <param name="store">Only required so that the <c>models</c> table exists; it owns that table.</param>
    public OfferModelUpdater(
        OfferPropensityModel model,
        DownlinkStore store,
        EdgeDatabase database,
        TimeProvider time,
        IOptions<OffersOptions> options,
        ILogger<OfferModelUpdater> logger)
    {
        ArgumentNullException.ThrowIfNull(store);
        _model = model;
        _database = database;
        _time = time;
        _interval = TimeSpan.FromMilliseconds(options.Value.ModelPollMs);
        _logger = logger;
    }

    /// <summary>Checks the cache once; true when a newer model was swapped in.</summary>
    public bool CheckOnce()
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT version, onnx FROM models ORDER BY received_ms DESC, version DESC LIMIT 1";
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return false;
        }
        var version = reader.GetString(0);
        if (version == _model.Version || version == _lastTried)
        {
            return false;
        }
        _lastTried = version;
        var onnx = (byte[])reader.GetValue(1);
        LogFound(_logger, version, onnx.Length);
        return _model.Replace(onnx, version);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_interval, _time);
        try
        {
            do
            {
                CheckOnce();
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    [LoggerMessage(EventId = 6111, Level = LogLevel.Information, Message = "Downlinked offer-propensity model {Version} ({Bytes} bytes) found; trying it")]
    private static partial void LogFound(ILogger logger, string version, int bytes);
}
