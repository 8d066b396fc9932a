namespace LiveCommerce.Edge.Devices;

/// <summary>What the registry says about a device's credentials.</summary>
public enum AuthenticationResult
{
    Accepted,
    UnknownDevice,
    WrongSecret,
    Disabled,
}
