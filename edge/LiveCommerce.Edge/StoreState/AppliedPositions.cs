using Confluent.Kafka;

namespace LiveCommerce.Edge.StoreState;

/// <summary>
/// How far the store state has committed each local partition, so that a request that wrote a record (a staff
/// action, an opt-in) can answer once its effect is visible.
/// </summary>
public sealed class AppliedPositions
{
    private readonly Lock _lock = new();
    private readonly Dictionary<TopicPartition, long> _next = [];
    private readonly List<(TopicPartition Partition, long Offset, TaskCompletionSource Done)> _waiters = [];

    /// <summary>Records the next offsets committed and wakes the waiters they cover.</summary>
    public void Advance(IReadOnlyDictionary<TopicPartition, long> next)
    {
        lock (_lock)
        {
            foreach (var (partition, offset) in next)
            {
                _next[partition] = Math.Max(offset, _next.GetValueOrDefault(partition));
            }
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                var waiter = _waiters[i];
                if (_next.GetValueOrDefault(waiter.Partition) > waiter.Offset)
                {
                    waiter.Done.TrySetResult();
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    /// <summary>Completes when the record at <paramref name="position"/> has been applied and committed; false after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitAsync(TopicPartitionOffset position, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (_next.GetValueOrDefault(position.TopicPartition) > position.Offset.Value)
            {
                return true;
            }
            _waiters.Add((position.TopicPartition, position.Offset.Value, done));
        }
        try
        {
            await done.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
        finally
        {
            // Applied, timed out or the request was cancelled: nobody waits any more.
            lock (_lock)
            {
                _waiters.RemoveAll(w => w.Done == done);
            }
        }
    }
}
