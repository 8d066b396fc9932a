using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveCommerce.Edge.Kiosk;

public static class KioskServiceCollectionExtensions
{
    /// <summary>
    /// Staff sign-in for the kiosk (<c>Kiosk:Staff</c>): a cookie session (<see cref="KioskAuthorization.CookieName"/>,
    /// HttpOnly, SameSite=Strict, <c>Kiosk:SessionMinutes</c> from sign-in) and the <see cref="KioskAuthorization.StaffPolicy"/>
    /// policy. The keys that protect the cookie are kept in <c>Edge:DataDirectory</c>, so sessions survive a restart.
    /// </summary>
    public static IHostApplicationBuilder AddKiosk(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<KioskOptions>()
            .BindConfiguration(KioskOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<StaffAuthenticator>();
        builder.Services.AddDataProtection().SetApplicationName("LiveCommerce.Edge");
        builder.Services.AddOptions<KeyManagementOptions>()
            .Configure<IOptions<EdgeOptions>, ILoggerFactory>((keys, edge, logging) =>
                keys.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(Path.Combine(edge.Value.DataDirectory, "keys")), logging));
        builder.Services.AddAuthentication(KioskAuthorization.Scheme)
            .AddCookie(KioskAuthorization.Scheme, cookie =>
            {
                cookie.Cookie.Name = KioskAuthorization.CookieName;
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.Cookie.Path = "/";
                cookie.SlidingExpiration = false;
                cookie.LoginPath = KioskEndpoints.SignInPath;
                cookie.LogoutPath = KioskEndpoints.SignOutPath;
                cookie.Events = new CookieAuthenticationEvents
                {
                    OnRedirectToLogin = context =>
                    {
                        // Only a browser opening the page is sent to the sign-in form; an API call gets a plain 401.
                        if (HttpMethods.IsGet(context.Request.Method) && IsPage(context.Request.Path))
                        {
                            context.Response.Redirect(KioskEndpoints.SignInPath);
                        }
                        else
                        {
                            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                        }
                        return Task.CompletedTask;
                    },
                    OnRedirectToAccessDenied = context =>
                    {
                        context.Response.StatusCode = StatusCodes.Status403Forbidden;
                        return Task.CompletedTask;
                    },
                    OnValidatePrincipal = context =>
                    {
                        var name = context.Principal?.Identity?.Name;
                        if (name is null || !context.HttpContext.RequestServices.GetRequiredService<StaffAuthenticator>().IsStaff(name))
                        {
                            context.RejectPrincipal();
                        }
                        return Task.CompletedTask;
                    },
                };
            });
        builder.Services.AddOptions<CookieAuthenticationOptions>(KioskAuthorization.Scheme)
            .Configure<IOptions<KioskOptions>>((cookie, kiosk) => cookie.ExpireTimeSpan = TimeSpan.FromMinutes(kiosk.Value.SessionMinutes));
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(KioskAuthorization.StaffPolicy, policy => policy
                .AddAuthenticationSchemes(KioskAuthorization.Scheme)
                .RequireAuthenticatedUser()
                .RequireRole(KioskAuthorization.StaffRole));
        return builder;
    }

    private static bool IsPage(PathString path) =>
        string.Equals(path.Value?.TrimEnd('/'), KioskEndpoints.PagePath, StringComparison.OrdinalIgnoreCase);
}
