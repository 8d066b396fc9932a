namespace LiveCommerce.Edge.Tests;

/// <summary>The system clock moved by a fixed offset (e.g. to issue a coupon that has already expired).</summary>
internal sealed class ShiftedClock(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
}
