using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace LiveCommerce.Kafka;

/// <summary>
/// Runs a consumer on its own thread: hands each record to a handler, stops on a fatal error
/// (throwing <see cref="KafkaException"/>, so the host stops instead of running half alive) and
/// closes the consumer, leaving its group cleanly, on shutdown.
/// </summary>
public static partial class KafkaConsumerLoop
{
    public static Task RunAsync<TKey, TValue>(
        IConsumer<TKey, TValue> consumer,
        Func<ConsumeResult<TKey, TValue>, CancellationToken, ValueTask> handle,
        ILogger logger,
        CancellationToken stoppingToken) =>
        Task.Factory.StartNew(
            () => Run(consumer, handle, logger, stoppingToken),
            stoppingToken,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

    private static void Run<TKey, TValue>(
        IConsumer<TKey, TValue> consumer,
        Func<ConsumeResult<TKey, TValue>, CancellationToken, ValueTask> handle,
        ILogger logger,
        CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                ConsumeResult<TKey, TValue>? result;
                try
                {
                    result = consumer.Consume(stoppingToken);
                }
                catch (ConsumeException e) when (!e.Error.IsFatal)
                {
                    LogConsumeError(logger, e.Error.Code, e.Error.Reason);
                    continue;
                }
                if (result is null || result.IsPartitionEOF)
                {
                    continue;
                }
                handle(result, stoppingToken).AsTask().GetAwaiter().GetResult();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown.
        }
        catch (KafkaException e) when (e.Error.IsFatal)
        {
            LogFatal(logger, e, e.Error.Code);
            throw;
        }
        finally
        {
            consumer.Close();
        }
    }

    /// <summary>
    /// Waits up to <paramref name="firstWait"/> for a record, then takes what has already been fetched, up
    /// to <paramref name="max"/> records in all. A non-fatal consume error ends the batch (logged).
    /// </summary>
    public static void FillBatch<TKey, TValue>(IConsumer<TKey, TValue> consumer, List<ConsumeResult<TKey, TValue>> batch, int max, TimeSpan firstWait, ILogger logger)
    {
        var wait = firstWait;
        while (batch.Count < max)
        {
            ConsumeResult<TKey, TValue>? record;
            try
            {
                record = consumer.Consume(wait);
            }
            catch (ConsumeException e) when (!e.Error.IsFatal)
            {
                LogConsumeError(logger, e.Error.Code, e.Error.Reason);
                return;
            }
            if (record is null)
            {
                return;
            }
            batch.Add(record);
            wait = TimeSpan.Zero;
        }
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Kafka consume error {Code}: {Reason}")]
    private static partial void LogConsumeError(ILogger logger, ErrorCode code, string reason);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Critical, Message = "Fatal Kafka consumer error {Code}; the consumer stops")]
    private static partial void LogFatal(ILogger logger, Exception exception, ErrorCode code);
}
