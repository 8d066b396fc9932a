namespace LiveCommerce.Edge.Hosting;

/// <summary>The state of a link to the cloud: up or down, since when, and the last error seen.</summary>
public sealed class CloudLink(TimeProvider time)
{
    private readonly Lock _gate = new();

    public bool Up { get; private set; }

    public DateTimeOffset Since { get; private set; } = time.GetUtcNow();

    public string? LastError { get; private set; }

    /// <summary>Records the link as up or down; <see cref="Since"/> moves only when the state changes.</summary>
    public void Set(bool up, string? error = null)
    {
        lock (_gate)
        {
            if (up != Up)
            {
                Up = up;
                Since = time.GetUtcNow();
            }
            if (error is not null)
            {
                LastError = error;
            }
        }
    }
}
