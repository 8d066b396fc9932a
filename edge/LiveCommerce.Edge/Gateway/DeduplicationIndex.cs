using System.Collections.Concurrent;

namespace LiveCommerce.Edge.Gateway;

/// <summary>
/// Event ids (<c>ce_id</c>) recently written to local Kafka, and those being written. A device that
/// redelivers a message (same device, type and sequence) gets its acknowledgement without a second
/// record. Bounded: the oldest ids are forgotten first.
/// </summary>
public sealed class DeduplicationIndex(int capacity = 500_000)
{
    private readonly ConcurrentDictionary<string, Task<bool>> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();

    public int Count => _entries.Count;

    /// <summary>
    /// Claims <paramref name="eventId"/> for writing. False when it is written already or being written;
    /// <paramref name="existing"/> then completes with true once that write is in Kafka, false if it failed.
    /// </summary>
    public bool TryBegin(string eventId, out TaskCompletionSource<bool> claim, out Task<bool> existing)
    {
        claim = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var winner = _entries.GetOrAdd(eventId, claim.Task);
        existing = winner;
        if (winner != claim.Task)
        {
            return false;
        }
        Remember(eventId);
        return true;
    }

    /// <summary>The write of a claimed id ended; a failed one is forgotten so that a redelivery writes it.</summary>
    public void Complete(string eventId, TaskCompletionSource<bool> claim, bool persisted)
    {
        if (!persisted)
        {
            _entries.TryRemove(new KeyValuePair<string, Task<bool>>(eventId, claim.Task));
        }
        claim.TrySetResult(persisted);
    }

    /// <summary>Marks an id found in Kafka (at start) as written.</summary>
    public void AddPersisted(string eventId)
    {
        if (_entries.TryAdd(eventId, Task.FromResult(true)))
        {
            Remember(eventId);
        }
    }

    private void Remember(string eventId)
    {
        _order.Enqueue(eventId);
        while (_order.Count > capacity && _order.TryDequeue(out var oldest))
        {
            if (_entries.TryGetValue(oldest, out var task) && task.IsCompleted)
            {
                _entries.TryRemove(oldest, out _);
            }
        }
    }
}
