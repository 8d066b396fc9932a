using System.Net;
using System.Text.Json;
using LiveCommerce.Edge.Devices;
using LiveCommerce.Edge.Kiosk;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Protocol;

namespace LiveCommerce.Edge.Tests;

public sealed class KioskTests : IDisposable
{
    private const string Manager = "manager";
    private const string Password = "manager-test-password";
    private const string Kitchen = "beacon-gw-01";
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(15);
    private static readonly string s_hash = DeviceSecretHasher.Hash(Password);

    private static readonly (string Key, string Value)[] s_settings =
    [
        ("Kiosk:Staff:0:UserName", Manager),
        ("Kiosk:Staff:0:PasswordHash", s_hash),
        ("Analytics:Zones:0:Id", "kitchen"),
        ("Analytics:Zones:0:Name", "Kitchen"),
        ("Analytics:Zones:0:Gateways:0", Kitchen),
        ("Analytics:Zones:1:Id", "garden"),
        ("Analytics:Zones:1:Name", "Garden"),
        ("Analytics:Zones:1:Gateways:0", "beacon-gw-02"),
    ];

    private readonly string _data = Path.Combine(Path.GetTempPath(), "lc-kiosk-tests-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task In_a_browser_the_kiosk_redirects_to_sign_in_refuses_a_wrong_password_and_signs_in_and_out()
    {
        await using var edge = await EdgeUnderTest.StartAsync(s_settings);
        await using var browser = await Browser.StartAsync();
        var page = edge.HttpUrl + KioskEndpoints.PagePath;

        await browser.NavigateAsync(page);
        Assert.EndsWith(KioskEndpoints.SignInPath, await browser.UrlAsync(), StringComparison.Ordinal);

        await SignInAsync(browser, Manager, "not-the-password");
        await browser.WaitForTextAsync(Sel("sign-in-error"), t => t == KioskEndpoints.WrongCredentialsMessage, s_timeout, "the wrong-password message");
        Assert.EndsWith(KioskEndpoints.SignInPath, await browser.UrlAsync(), StringComparison.Ordinal);
        await browser.NavigateAsync(page);
        Assert.EndsWith(KioskEndpoints.SignInPath, await browser.UrlAsync(), StringComparison.Ordinal);

        await SignInAsync(browser, Manager, Password);
        await browser.WaitForUrlAsync(u => u.EndsWith(KioskEndpoints.PagePath, StringComparison.Ordinal), s_timeout, "the kiosk page after signing in");
        await browser.WaitForTextAsync(Sel("signed-in-as"), t => t == Manager, s_timeout, "the signed-in user's name");
        Assert.NotNull(await browser.TryFindAsync(Sel("zones-table")));

        await browser.ClickAsync(Sel("sign-out"));
        await browser.WaitForUrlAsync(u => u.EndsWith(KioskEndpoints.SignInPath, StringComparison.Ordinal), s_timeout, "the sign-in page after signing out");
        await browser.NavigateAsync(page);
        Assert.EndsWith(KioskEndpoints.SignInPath, await browser.UrlAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_a_browser_the_zones_table_shows_the_configured_zones_and_a_sighted_shopper()
    {
        await using var edge = await EdgeUnderTest.StartAsync(s_settings);
        await using var browser = await Browser.StartAsync();
        await browser.NavigateAsync(edge.HttpUrl + KioskEndpoints.PagePath);
        await SignInAsync(browser, Manager, Password);

        var kitchen = Sel("zone-row-kitchen");
        await browser.WaitForTextAsync($"{kitchen} {Sel("zone-name")}", t => t == "Kitchen", s_timeout, "the kitchen zone row");
        Assert.Equal("Garden", await browser.TextAsync($"{Sel("zone-row-garden")} {Sel("zone-name")}"));
        Assert.Equal("0", await browser.TextAsync($"{kitchen} {Sel("zone-occupancy")}"));

        using (var gateway = await edge.ConnectAsync(Kitchen))
        {
            var result = await gateway.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(EdgeUnderTest.Topic(Kitchen, "sighting"))
                .WithPayload(Samples.Sighting(Kitchen, 1)).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
            Assert.True(result.IsSuccess, $"{result.ReasonCode} {result.ReasonString}");
            await gateway.DisconnectAsync();
        }

        await browser.WaitForTextAsync($"{kitchen} {Sel("zone-occupancy")}", t => t == "1", s_timeout, "the sighted shopper in the kitchen");
        Assert.Equal("0", await browser.TextAsync($"{Sel("zone-row-garden")} {Sel("zone-occupancy")}"));
    }

    [Fact]
    public async Task In_a_browser_staff_feature_a_product_run_a_flash_deal_count_stock_and_stop()
    {
        await using var edge = await EdgeUnderTest.StartAsync(s_settings);
        await using var browser = await Browser.StartAsync();
        await browser.NavigateAsync(edge.HttpUrl + KioskEndpoints.PagePath);
        await SignInAsync(browser, Manager, Password);
        await browser.WaitForTextAsync(Sel("signed-in-as"), t => t.Contains(Manager, StringComparison.Ordinal), s_timeout, "the signed-in page");

        await browser.TypeAsync(Sel("feature-sku"), "sku-pan");
        await browser.TypeAsync(Sel("feature-minutes"), "10");
        await browser.ClickAsync(Sel("feature-submit"));
        await browser.WaitForTextAsync(Sel("onair-item-sku-pan"), t => t.Contains("sku-pan", StringComparison.Ordinal), s_timeout, "the featured pan on air");

        await browser.TypeAsync(Sel("flash-sku"), "sku-mug");
        await browser.TypeAsync(Sel("flash-discount"), "95");
        await browser.ClickAsync(Sel("flash-submit"));
        await browser.WaitForTextAsync(Sel("action-error"), t => t.Contains("discountPercent must be 1 to 90", StringComparison.Ordinal), s_timeout, "the server's reason for a 95% deal");
        await browser.TypeAsync(Sel("flash-discount"), "25");
        await browser.TypeAsync(Sel("flash-minutes"), "5");
        await browser.TypeAsync(Sel("flash-quantity"), "3");
        await browser.ClickAsync(Sel("flash-submit"));
        await browser.WaitForTextAsync(Sel("onair-item-sku-mug"), t => t.Contains("sku-mug", StringComparison.Ordinal), s_timeout, "the mug's flash deal on air");
        var deal = (await LiveAsync(edge)).GetProperty("flashDeals")[0].GetProperty("dealId").GetString();
        await browser.WaitForTextAsync(Sel($"flash-countdown-{deal}"), t => System.Text.RegularExpressions.Regex.IsMatch(t, @"^0[45]:\d\d$"), s_timeout, "the deal's countdown");

        await browser.TypeAsync(Sel("count-sku"), "sku-pan");
        await browser.TypeAsync(Sel("count-quantity"), "2");
        await browser.ClickAsync(Sel("count-submit"));
        await browser.WaitForTextAsync($"{Sel("stock-row-sku-pan")} {Sel("stock-quantity")}", t => t == "2", s_timeout, "the counted stock");

        await browser.ClickAsync(Sel("stop-submit"));
        await Poll.UntilAsync(async () => (await LiveAsync(edge)).GetProperty("onAir").GetArrayLength() == 0, s_timeout, "nothing on air after stop");
        await Poll.UntilAsync(async () => await browser.TryFindAsync(Sel("onair-item-sku-pan")) is null, s_timeout, "the page to show nothing on air");
    }

    private static async Task<System.Text.Json.JsonElement> LiveAsync(EdgeUnderTest edge)
    {
        using var http = new HttpClient();
        using var json = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(new Uri(new Uri(edge.HttpUrl), "/live")));
        return json.RootElement.Clone();
    }

    [Fact]
    public async Task Unauthenticated_staff_calls_get_401_and_only_the_page_redirects_to_the_sign_in_form()
    {
        await using var edge = await EdgeUnderTest.StartAsync(s_settings);
        using var http = Client(edge, out _);

        using var me = await http.GetAsync(KioskEndpoints.MePath);
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        Assert.Null(me.Headers.Location);

        using var page = await http.GetAsync(KioskEndpoints.PagePath);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal(KioskEndpoints.SignInPath, page.Headers.Location?.OriginalString);

        using var form = await http.GetAsync(KioskEndpoints.SignInPath);
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Contains("name=\"password\"", await form.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signing_in_sets_an_http_only_same_site_strict_session_cookie_for_the_page_and_me()
    {
        await using var edge = await EdgeUnderTest.StartAsync(s_settings);
        using var http = Client(edge, out var cookies);

        using var signIn = await PostSignInAsync(http, "MANAGER", Password);
        Assert.Equal(HttpStatusCode.SeeOther, signIn.StatusCode);
        Assert.Equal(KioskEndpoints.PagePath, signIn.Headers.Location?.OriginalString);
        var setCookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith(KioskAuthorization.CookieName + "=", StringComparison.Ordinal));
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", setCookie, StringComparison.OrdinalIgnoreCase);

        using var me = JsonDocument.Parse(await http.GetStringAsync(KioskEndpoints.MePath));
        Assert.Equal(Manager, me.RootElement.GetProperty("userName").GetString());

        using var page = await http.GetAsync(KioskEndpoints.PagePath);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var csp = string.Join(";", page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'nonce-", csp, StringComparison.Ordinal);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"zones-table\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("{{nonce}}", html, StringComparison.Ordinal);

        using var signOut = await http.PostAsync(KioskEndpoints.SignOutPath, null);
        Assert.Equal(HttpStatusCode.SeeOther, signOut.StatusCode);
        Assert.DoesNotContain(cookies.GetCookies(new Uri(edge.HttpUrl)), c => c.Name == KioskAuthorization.CookieName);
        using var after = await http.GetAsync(KioskEndpoints.MePath);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task A_wrong_password_answers_401_with_the_form_and_five_failures_lock_the_user_name_out()
    {
        await using var edge = await EdgeUnderTest.StartAsync(s_settings);
        using var http = Client(edge, out _);
        var staff = edge.App.Services.GetRequiredService<StaffAuthenticator>();

        for (var i = 0; i < StaffAuthenticator.MaxFailures; i++)
        {
            using var wrong = await PostSignInAsync(http, Manager, "wrong-" + i);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.Contains(KioskEndpoints.WrongCredentialsMessage, await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using var locked = await PostSignInAsync(http, Manager, Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.NotNull(locked.Headers.RetryAfter);
        Assert.Equal(StaffAuthenticator.MaxFailures + 1, staff.Failures);

        using var unknown = await PostSignInAsync(http, "nobody", Password);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        using var me = await http.GetAsync(KioskEndpoints.MePath);
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
    }

    [Fact]
    public async Task A_form_posted_from_another_site_is_refused()
    {
        await using var edge = await EdgeUnderTest.StartAsync(s_settings);
        using var http = Client(edge, out _);
        using var request = new HttpRequestMessage(HttpMethod.Post, KioskEndpoints.SignInPath) { Content = Form(Manager, Password) };
        request.Headers.Add("Origin", "http://evil.example");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain(response.Headers, h => h.Key == "Set-Cookie");
    }

    [Theory]
    [InlineData("Kiosk:Staff:0:PasswordHash", "sha1$abc", "Kiosk:Staff:0:PasswordHash is not a pbkdf2-sha256$iterations$salt$hash value")]
    [InlineData("Kiosk:Staff:0:PasswordHash", "pbkdf2-sha256$100000$not base64!$AAAA", "Kiosk:Staff:0:PasswordHash is not a pbkdf2-sha256")]
    [InlineData("Kiosk:Staff:0:UserName", "", "Kiosk:Staff:0:UserName is required")]
    [InlineData("Kiosk:Staff:1:UserName", "Manager", "Kiosk:Staff:1:UserName 'Manager' is used by another staff user")]
    [InlineData("Kiosk:SessionMinutes", "0", "Kiosk:SessionMinutes must be between 1 and 10080")]
    public async Task Bad_kiosk_configuration_stops_the_host_at_start_naming_the_key(string key, string value, string message)
    {
        var overrides = new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Mqtt:Port"] = "0",
            ["Mqtt:BindAddress"] = "127.0.0.1",
            ["Edge:StoreId"] = EdgeUnderTest.StoreId,
            ["Edge:DataDirectory"] = _data,
            ["Kafka:BootstrapServers"] = "127.0.0.1:9",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Kiosk:Staff:0:UserName"] = Manager,
            ["Kiosk:Staff:0:PasswordHash"] = s_hash,
            ["Kiosk:Staff:1:PasswordHash"] = s_hash,
            ["Kiosk:Staff:1:UserName"] = "supervisor",
            [key] = value,
        };
        await using var app = EdgeApplication.Create([], overrides);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(message, string.Join("; ", error.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void The_development_manager_in_the_host_appsettings_has_the_documented_password()
    {
        using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(ProductProcess.OutputFolder(ProductProcess.EdgeHost), "appsettings.json")));
        var manager = Assert.Single(settings.RootElement.GetProperty("Kiosk").GetProperty("Staff").EnumerateArray());
        Assert.Equal(Manager, manager.GetProperty("UserName").GetString());
        Assert.True(DeviceSecretHasher.Verify("manager-dev-password", manager.GetProperty("PasswordHash").GetString()!));
    }

    public void Dispose()
    {
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    private static string Sel(string testId) => $"[data-testid=\"{testId}\"]";

    private static async Task SignInAsync(Browser browser, string userName, string password)
    {
        await browser.TypeAsync(Sel("sign-in-user"), userName);
        await browser.TypeAsync(Sel("sign-in-password"), password);
        await browser.ClickAsync(Sel("sign-in-submit"));
    }

    private static HttpClient Client(EdgeUnderTest edge, out CookieContainer cookies)
    {
        cookies = new CookieContainer();
        var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = cookies };
        return new HttpClient(handler) { BaseAddress = new Uri(edge.HttpUrl) };
    }

    private static FormUrlEncodedContent Form(string userName, string password) =>
        new([new KeyValuePair<string, string>("userName", userName), new KeyValuePair<string, string>("password", password)]);

    private static Task<HttpResponseMessage> PostSignInAsync(HttpClient http, string userName, string password) =>
        http.PostAsync(KioskEndpoints.SignInPath, Form(userName, password));
}
