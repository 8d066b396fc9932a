namespace LiveCommerce.Contracts;

/// <summary>Validation limits shared by all event types.</summary>
public static class EventValidation
{
    /// <summary>How far in the future an event time may be (device clock skew) before it is rejected.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);
}
