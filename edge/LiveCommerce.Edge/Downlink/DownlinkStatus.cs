using LiveCommerce.Edge.Hosting;

namespace LiveCommerce.Edge.Downlink;

/// <summary>What the downlink is doing, for health; written by the mirror and the cache, read anywhere.</summary>
public sealed class DownlinkStatus(TimeProvider time)
{
    private long _transferred;
    private long _notForStore;
    private long _rejected;
    private long _applied;
    private long _lastAppliedTicks;

    /// <summary>True when the mirror runs (<c>Uplink:CloudBootstrapServers</c> is set); the cache always runs.</summary>
    public bool Enabled { get; init; }

    private readonly CloudLink _link = new(time);

    public bool LinkUp => _link.Up;

    public DateTimeOffset LinkSince => _link.Since;

    public string? LastError => _link.LastError;

    /// <summary>Cloud records written to the local <c>cloud.*</c> topics (including deletions).</summary>
    public long Transferred => Interlocked.Read(ref _transferred);

    /// <summary>Cloud records for other stores only, passed down as deletions of their key.</summary>
    public long NotForStore => Interlocked.Read(ref _notForStore);

    /// <summary>Cloud records that could not be read (bad JSON, missing id or key, another store's config).</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>Local records applied to the SQLite caches.</summary>
    public long Applied => Interlocked.Read(ref _applied);

    public DateTimeOffset? LastApplied => Interlocked.Read(ref _lastAppliedTicks) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    public void SetLink(bool up, string? error = null) => _link.Set(up, error);

    public void OnTransferred(int forwarded, int notForStore, int rejected)
    {
        Interlocked.Add(ref _transferred, forwarded + notForStore);
        Interlocked.Add(ref _notForStore, notForStore);
        Interlocked.Add(ref _rejected, rejected);
    }

    public void OnApplied(int count)
    {
        Interlocked.Add(ref _applied, count);
        Interlocked.Exchange(ref _lastAppliedTicks, time.GetUtcNow().UtcTicks);
    }
}
