namespace LiveCommerce.Edge.Uplink;

/// <summary>A blocking token bucket in bytes per second (one second of burst).</summary>
public sealed class ByteRateLimiter(long bytesPerSecond, TimeProvider time)
{
    private double _tokens = bytesPerSecond;
    private long _last = time.GetTimestamp();

    public void Take(long bytes, CancellationToken cancellationToken)
    {
        while (true)
        {
            var now = time.GetTimestamp();
            _tokens = Math.Min(bytesPerSecond, _tokens + (time.GetElapsedTime(_last, now).TotalSeconds * bytesPerSecond));
            _last = now;
            if (_tokens >= Math.Min(bytes, bytesPerSecond))
            {
                _tokens -= bytes;
                return;
            }
            var wait = TimeSpan.FromSeconds((Math.Min(bytes, bytesPerSecond) - _tokens) / bytesPerSecond);
            cancellationToken.WaitHandle.WaitOne(wait);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }
}
