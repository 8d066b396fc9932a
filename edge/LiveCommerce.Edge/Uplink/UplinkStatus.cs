using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using LiveCommerce.Contracts;
using LiveCommerce.Edge.Hosting;

namespace LiveCommerce.Edge.Uplink;

/// <summary>What the uplink is doing, for health, metrics and the heartbeat; written by the mirror, read anywhere.</summary>
public sealed class UplinkStatus(TimeProvider time)
{
    private readonly ConcurrentDictionary<PriorityClass, ClassFigures> _classes = new();
    private long _mirrored;
    private long _lost;
    private long _batches;

    public bool Enabled { get; set; }

    private readonly CloudLink _link = new(time);

    public bool LinkUp => _link.Up;

    public DateTimeOffset LinkSince => _link.Since;

    public string? LastError => _link.LastError;

    public long Mirrored => Interlocked.Read(ref _mirrored);

    public long Lost => Interlocked.Read(ref _lost);

    public long Batches => Interlocked.Read(ref _batches);

    public void SetLink(bool up, string? error = null) => _link.Set(up, error);

    public void OnCommitted(IReadOnlyDictionary<PriorityClass, int> counts)
    {
        Interlocked.Increment(ref _batches);
        var now = time.GetTimestamp();
        foreach (var (priority, count) in counts)
        {
            Interlocked.Add(ref _mirrored, count);
            Figures(priority).Drained(now, count, time);
        }
    }

    public void OnLost(long count) => Interlocked.Add(ref _lost, count);

    public void SetLag(PriorityClass priority, long records, double oldestAgeSeconds)
    {
        var figures = Figures(priority);
        figures.LagRecords = records;
        figures.OldestAgeSeconds = oldestAgeSeconds;
    }

    public IReadOnlyList<UplinkClassLag> Lags() =>
        Enum.GetValues<PriorityClass>().Select(p =>
        {
            var f = Figures(p);
            var rate = f.Rate(time);
            return new UplinkClassLag
            {
                Class = UplinkOptions.Name(p),
                LagRecords = f.LagRecords,
                OldestUnmirroredAgeSeconds = Math.Round(f.OldestAgeSeconds, 3),
                DrainRatePerSecond = Math.Round(rate, 1),
                EstimatedDrainSeconds = f.LagRecords == 0 ? 0 : rate > 0 ? Math.Round(f.LagRecords / rate, 1) : null,
            };
        }).ToList();

    public UplinkHeartbeat Heartbeat(string storeId) => new()
    {
        StoreId = storeId,
        Time = time.GetUtcNow(),
        LinkState = LinkUp ? "up" : "down",
        LinkStateSince = LinkSince,
        MirroredRecords = Mirrored,
        LostRecords = Lost,
        Classes = Lags(),
        LastError = LastError,
    };

    public void WriteMetrics(StringBuilder text)
    {
        text.Append(CultureInfo.InvariantCulture, $"# TYPE lc_uplink_link_up gauge\nlc_uplink_link_up {(LinkUp ? 1 : 0)}\n");
        text.Append(CultureInfo.InvariantCulture, $"# TYPE lc_uplink_mirrored_total counter\nlc_uplink_mirrored_total {Mirrored}\n");
        text.Append(CultureInfo.InvariantCulture, $"# TYPE lc_uplink_lost_total counter\nlc_uplink_lost_total {Lost}\n");
        text.Append("# TYPE lc_uplink_lag_records gauge\n# TYPE lc_uplink_oldest_unmirrored_seconds gauge\n# TYPE lc_uplink_drain_rate gauge\n# TYPE lc_uplink_drain_eta_seconds gauge\n");
        foreach (var lag in Lags())
        {
            text.Append(CultureInfo.InvariantCulture, $"lc_uplink_lag_records{{class=\"{lag.Class}\"}} {lag.LagRecords}\n");
            text.Append(CultureInfo.InvariantCulture, $"lc_uplink_oldest_unmirrored_seconds{{class=\"{lag.Class}\"}} {lag.OldestUnmirroredAgeSeconds}\n");
            text.Append(CultureInfo.InvariantCulture, $"lc_uplink_drain_rate{{class=\"{lag.Class}\"}} {lag.DrainRatePerSecond}\n");
            if (lag.EstimatedDrainSeconds is double eta)
            {
                text.Append(CultureInfo.InvariantCulture, $"lc_uplink_drain_eta_seconds{{class=\"{lag.Class}\"}} {eta}\n");
            }
        }
    }

    private ClassFigures Figures(PriorityClass priority) => _classes.GetOrAdd(priority, _ => new ClassFigures());

    /// <summary>Lag and a drain rate over the last 10 s.</summary>
    private sealed class ClassFigures
    {
        private static readonly TimeSpan s_window = TimeSpan.FromSeconds(10);
        private readonly Queue<(long At, int Count)> _drained = new();

        public long LagRecords { get; set; }

        public double OldestAgeSeconds { get; set; }

        public void Drained(long now, int count, TimeProvider time)
        {
            lock (_drained)
            {
                _drained.Enqueue((now, count));
                Trim(time);
            }
        }

        public double Rate(TimeProvider time)
        {
            lock (_drained)
            {
                Trim(time);
                return _drained.Sum(d => d.Count) / s_window.TotalSeconds;
            }
        }

        private void Trim(TimeProvider time)
        {
            while (_drained.Count > 0 && time.GetElapsedTime(_drained.Peek().At) > s_window)
            {
                _drained.Dequeue();
            }
        }
    }
}
