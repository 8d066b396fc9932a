using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace LiveCommerce.Edge.Kiosk;

/// <summary>
/// The staff kiosk: <c>GET /kiosk</c> (the page, staff only), <c>GET|POST /kiosk/sign-in</c>, <c>POST /kiosk/sign-out</c>
/// and <c>GET /kiosk/me</c> (the signed-in user as JSON, staff only).
/// </summary>
public static class KioskEndpoints
{
    public const string PagePath = "/kiosk";
    public const string SignInPath = "/kiosk/sign-in";
    public const string SignOutPath = "/kiosk/sign-out";
    public const string MePath = "/kiosk/me";
    public const string WrongCredentialsMessage = "Wrong user name or password";
    public const string LockedOutMessage = "Too many failed sign-ins for this user name; try again in a few minutes";

    public static WebApplication MapKiosk(this WebApplication app)
    {
        app.MapGet(PagePath, KioskPages.Page).RequireAuthorization(KioskAuthorization.StaffPolicy);
        app.MapGet(SignInPath, (HttpContext context) =>
            IsStaff(context.User) ? SeeOther(context, PagePath) : KioskPages.SignIn(context, StatusCodes.Status200OK, null, ""));
        app.MapPost(SignInPath, SignInAsync);
        app.MapPost(SignOutPath, SignOutAsync);
        app.MapGet(MePath, (ClaimsPrincipal user) =>
                Results.Json(new StaffIdentity(user.Identity?.Name ?? ""), KioskJsonContext.Default.StaffIdentity))
            .RequireAuthorization(KioskAuthorization.StaffPolicy);
        return app;
    }

    internal static bool IsStaff(ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true && user.IsInRole(KioskAuthorization.StaffRole);

    private static async Task<IResult> SignInAsync(HttpContext context, StaffAuthenticator staff)
    {
        if (!FromThisSite(context.Request))
        {
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }
        if (!context.Request.HasFormContentType)
        {
            return Results.StatusCode(StatusCodes.Status415UnsupportedMediaType);
        }
        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        var userName = form["userName"].ToString();
        var password = form["password"].ToString();
        switch (staff.SignIn(userName, password, out var staffUserName))
        {
            case StaffSignInResult.SignedIn:
                var identity = new ClaimsIdentity(
                    [new Claim(ClaimTypes.Name, staffUserName), new Claim(ClaimTypes.Role, KioskAuthorization.StaffRole)],
                    KioskAuthorization.Scheme);
                await context.SignInAsync(KioskAuthorization.Scheme, new ClaimsPrincipal(identity)).ConfigureAwait(false);
                return SeeOther(context, PagePath);
            case StaffSignInResult.LockedOut:
                context.Response.Headers.RetryAfter = ((int)StaffAuthenticator.FailureWindow.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return KioskPages.SignIn(context, StatusCodes.Status429TooManyRequests, LockedOutMessage, userName);
            default:
                return KioskPages.SignIn(context, StatusCodes.Status401Unauthorized, WrongCredentialsMessage, userName);
        }
    }

    private static async Task<IResult> SignOutAsync(HttpContext context, StaffAuthenticator staff)
    {
        if (!FromThisSite(context.Request))
        {
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }
        if (IsStaff(context.User))
        {
            staff.SignedOut(context.User.Identity!.Name!);
        }
        await context.SignOutAsync(KioskAuthorization.Scheme).ConfigureAwait(false);
        return SeeOther(context, SignInPath);
    }

    /// <summary>Refuses a form posted from another site: a browser sends <c>Origin</c> with every POST.</summary>
    private static bool FromThisSite(HttpRequest request) =>
        request.Headers.Origin.Count == 0 || string.Equals(request.Headers.Origin.ToString(), $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase);

    /// <summary>303: the browser follows with a GET, so a reload does not post the form again.</summary>
    private static IResult SeeOther(HttpContext context, string path)
    {
        context.Response.Headers.Location = path;
        return Results.StatusCode(StatusCodes.Status303SeeOther);
    }
}
