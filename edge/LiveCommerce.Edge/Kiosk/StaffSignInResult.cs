namespace LiveCommerce.Edge.Kiosk;

/// <summary>The outcome of a staff sign-in attempt.</summary>
public enum StaffSignInResult
{
    /// <summary>User name and password match a configured staff user.</summary>
    SignedIn,

    /// <summary>No staff user has this user name and password.</summary>
    WrongCredentials,

    /// <summary>Too many recent failures for this user name; refused whatever the password.</summary>
    LockedOut,
}
