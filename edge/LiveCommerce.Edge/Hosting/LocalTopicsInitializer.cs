using Confluent.Kafka;
using LiveCommerce.Contracts;
using LiveCommerce.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LiveCommerce.Edge.Hosting;

/// <summary>Creates the store's local topics when the edge starts, retrying while Kafka is unreachable.</summary>
public sealed partial class LocalTopicsInitializer(ITopicAdmin admin, ILogger<LocalTopicsInitializer> logger) : BackgroundService
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once every local topic exists.</summary>
    public Task Ready => _ready.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(500);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await admin.EnsureTopicsAsync(Topics.Local, stoppingToken).ConfigureAwait(false);
                _ready.TrySetResult();
                LogReady(logger, Topics.Local.Count);
                return;
            }
            catch (KafkaException e)
            {
                LogRetry(logger, e, delay);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            await Task.Delay(delay, stoppingToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
        }
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "{Count} local topics are in place")]
    private static partial void LogReady(ILogger logger, int count);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Creating the local topics failed; retrying in {Delay}")]
    private static partial void LogRetry(ILogger logger, Exception exception, TimeSpan delay);
}
