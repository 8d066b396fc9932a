namespace LiveCommerce.Edge.Kiosk;

/// <summary>
/// Names of the staff sign-in: the authentication scheme, its cookie and the policy that staff endpoints require
/// (<c>.RequireAuthorization(KioskAuthorization.StaffPolicy)</c>). Unauthenticated calls to such an endpoint get 401;
/// only the kiosk page itself redirects to the sign-in page.
/// </summary>
public static class KioskAuthorization
{
    /// <summary>The authorization policy of staff endpoints: a signed-in staff user.</summary>
    public const string StaffPolicy = "staff";

    /// <summary>The cookie authentication scheme of staff sessions.</summary>
    public const string Scheme = "kiosk-staff";

    /// <summary>The session cookie: HttpOnly, SameSite=Strict.</summary>
    public const string CookieName = "lc_staff";

    /// <summary>The role claim every signed-in staff user has.</summary>
    public const string StaffRole = "staff";
}
