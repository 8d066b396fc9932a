namespace LiveCommerce.Edge.Kiosk;

/// <summary>One staff user of the kiosk (<c>Kiosk:Staff:N</c>): a user name and a password hash made with <c>hash-password</c>.</summary>
public sealed class StaffUserOptions
{
    /// <summary>The name staff sign in with; unique, compared ignoring case.</summary>
    public string UserName { get; set; } = "";

    /// <summary>The password as <c>pbkdf2-sha256$iterations$salt$hash</c> (see <see cref="Devices.DeviceSecretHasher"/>).</summary>
    public string PasswordHash { get; set; } = "";
}
