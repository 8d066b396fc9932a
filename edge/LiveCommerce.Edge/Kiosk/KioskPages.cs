using System.Security.Cryptography;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http;

namespace LiveCommerce.Edge.Kiosk;

/// <summary>
/// The HTML of the kiosk: the staff page (an embedded resource, inline CSS and script) and the sign-in form. Each answer
/// carries a Content-Security-Policy whose nonce alone lets the page's own style and script run.
/// </summary>
internal static class KioskPages
{
    public const string HtmlContentType = "text/html; charset=utf-8";
    private const string PageResource = "LiveCommerce.Edge.Kiosk.kiosk.html";
    private const string NoncePlaceholder = "{{nonce}}";

    private static readonly Lazy<string> s_page = new(() =>
    {
        using var stream = typeof(KioskPages).Assembly.GetManifestResourceStream(PageResource)
            ?? throw new InvalidOperationException($"embedded resource {PageResource} is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public static IResult Page(HttpContext context)
    {
        var nonce = Secure(context);
        return Results.Content(s_page.Value.Replace(NoncePlaceholder, nonce, StringComparison.Ordinal), HtmlContentType);
    }

    public static IResult SignIn(HttpContext context, int statusCode, string? error, string userName)
    {
        var nonce = Secure(context);
        var message = error is null ? "" : $"""<p class="error" role="alert" data-testid="sign-in-error">{HtmlEncoder.Default.Encode(error)}</p>""";
        var html = $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Staff sign-in · LiveCommerce kiosk</title>
            <link rel="icon" href="data:,">
            <style nonce="{{nonce}}">
            body { font-family: system-ui, sans-serif; background: #f3f4f6; margin: 0; display: flex; justify-content: center; }
            form { background: #fff; margin-top: 10vh; padding: 2rem; border-radius: 8px; box-shadow: 0 1px 4px #0002; width: 20rem; }
            label { display: block; margin-top: 1rem; font-weight: 600; }
            input { width: 100%; box-sizing: border-box; padding: .5rem; font-size: 1rem; margin-top: .25rem; }
            button { margin-top: 1.5rem; width: 100%; padding: .6rem; font-size: 1rem; background: #1d4ed8; color: #fff; border: 0; border-radius: 4px; }
            .error { color: #b91c1c; font-weight: 600; }
            </style>
            </head>
            <body>
            <form method="post" action="{{KioskEndpoints.SignInPath}}" data-testid="sign-in-form">
            <h1>Staff sign-in</h1>
            {{message}}
            <label for="userName">User name</label>
            <input id="userName" name="userName" data-testid="sign-in-user" autocomplete="username" required autofocus value="{{HtmlEncoder.Default.Encode(userName)}}">
            <label for="password">Password</label>
            <input id="password" name="password" type="password" data-testid="sign-in-password" autocomplete="current-password" required>
            <button type="submit" data-testid="sign-in-submit">Sign in</button>
            </form>
            </body>
            </html>
            """;
        return Results.Content(html, HtmlContentType, statusCode: statusCode);
    }

    /// <summary>Sets the security headers of an HTML answer and returns the nonce of its style and script.</summary>
    private static string Secure(HttpContext context)
    {
        var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy =
            $"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; connect-src 'self'; img-src 'self' data:; " +
            "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        headers.CacheControl = "no-store";
        headers.XContentTypeOptions = "nosniff";
        // "no-referrer" would make the browser send "Origin: null" with the forms, which the sign-in refuses.
        headers["Referrer-Policy"] = "same-origin";
        return nonce;
    }
}
