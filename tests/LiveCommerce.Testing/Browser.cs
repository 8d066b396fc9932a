using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LiveCommerce.Testing;

/// <summary>
/// Headless Debian Chromium driven by its chromedriver over the W3C WebDriver HTTP protocol: one session on a fresh
/// profile, elements found by CSS selector. Disposing ends the session, the driver and the browser, and deletes the profile.
/// </summary>
public sealed class Browser : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string ChromeDriverPath = "/usr/bin/chromedriver";
    private const string ElementKey = "element-6066-11e4-a52e-4f735466cecf";
    private const int LogLines = 100;
    private static readonly TimeSpan s_start = TimeSpan.FromSeconds(20);

    private readonly Process _driver;
    private readonly HttpClient _http;
    private readonly string _profile;
    private readonly OutputTail _log;
    private string _session = "";

    private Browser(Process driver, HttpClient http, string profile, OutputTail log)
    {
        _driver = driver;
        _http = http;
        _profile = profile;
        _log = log;
    }

    /// <summary>The last lines chromedriver wrote, for failure messages.</summary>
    public string DriverLog => _log.Text;

    /// <summary>Starts chromedriver on a free loopback port and opens a headless Chromium session.</summary>
    public static async Task<Browser> StartAsync()
    {
        var port = FreePort();
        var profile = Path.Combine(Path.GetTempPath(), "lc-chromium-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(profile);
        var info = new ProcessStartInfo(ChromeDriverPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add($"--port={port}");
        var driver = new Process { StartInfo = info };
        if (!driver.Start())
        {
            driver.Dispose();
            throw new WebDriverException($"{ChromeDriverPath} did not start");
        }
        var log = new OutputTail(LogLines);
        log.Follow(driver);
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(60) };
        var browser = new Browser(driver, http, profile, log);
        try
        {
            await Poll.UntilAsync(browser.IsReadyAsync, s_start, $"chromedriver on port {port} to be ready");
            var session = await browser.SendAsync(HttpMethod.Post, "session", new JsonObject
            {
                ["capabilities"] = new JsonObject
                {
                    ["alwaysMatch"] = new JsonObject
                    {
                        ["browserName"] = "chrome",
                        ["pageLoadStrategy"] = "normal",
                        ["timeouts"] = new JsonObject { ["pageLoad"] = 20_000, ["script"] = 10_000, ["implicit"] = 0 },
                        ["goog:chromeOptions"] = new JsonObject
                        {
                            ["binary"] = ChromiumPath,
                            ["args"] = new JsonArray(
                                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                                "--disable-dev-shm-usage", "--window-size=1280,1024", $"--user-data-dir={profile}"),
                        },
                    },
                },
            });
            browser._session = session.GetProperty("sessionId").GetString() ?? throw new WebDriverException("the new session has no id");
            return browser;
        }
        catch (Exception e) when (e is WebDriverException or TimeoutException or HttpRequestException)
        {
            var driverLog = browser.DriverLog;
            await browser.DisposeAsync();
            throw new WebDriverException($"no browser session: {e.Message}{Environment.NewLine}{driverLog}", e);
        }
    }

    /// <summary>Opens <paramref name="url"/> and waits for the page to load (redirects followed).</summary>
    public Task NavigateAsync(string url) => SendAsync(HttpMethod.Post, Session("url"), new JsonObject { ["url"] = url });

    public async Task<string> UrlAsync() => (await SendAsync(HttpMethod.Get, Session("url"))).GetString() ?? "";

    /// <summary>The first element matching the CSS selector, or null when there is none.</summary>
    public async Task<string?> TryFindAsync(string css)
    {
        try
        {
            return await FindAsync(css);
        }
        catch (WebDriverException e) when (e.Error == "no such element")
        {
            return null;
        }
    }

    /// <summary>The first element matching the CSS selector (its WebDriver reference).</summary>
    public async Task<string> FindAsync(string css)
    {
        var element = await SendAsync(HttpMethod.Post, Session("element"), new JsonObject { ["using"] = "css selector", ["value"] = css });
        return element.GetProperty(ElementKey).GetString() ?? throw new WebDriverException($"no element reference for {css}");
    }

    public async Task ClickAsync(string css) => await SendAsync(HttpMethod.Post, Session($"element/{await FindAsync(css)}/click"), []);

    /// <summary>Clears the input matching the CSS selector and types <paramref name="text"/> into it.</summary>
    public async Task TypeAsync(string css, string text)
    {
        var element = await FindAsync(css);
        await SendAsync(HttpMethod.Post, Session($"element/{element}/clear"), []);
        await SendAsync(HttpMethod.Post, Session($"element/{element}/value"), new JsonObject { ["text"] = text });
    }

    /// <summary>The rendered text of the element matching the CSS selector.</summary>
    public async Task<string> TextAsync(string css) =>
        (await SendAsync(HttpMethod.Get, Session($"element/{await FindAsync(css)}/text"))).GetString() ?? "";

    /// <summary>Polls the text of the element matching the CSS selector (absent or replaced elements count as not yet) until it satisfies <paramref name="condition"/>.</summary>
    public async Task<string> WaitForTextAsync(string css, Func<string, bool> condition, TimeSpan timeout, string what)
    {
        var text = "";
        var waiting = Poll.UntilAsync(
            async () =>
            {
                try
                {
                    text = await TextAsync(css);
                    return condition(text);
                }
                catch (WebDriverException e) when (e.Error is "no such element" or "stale element reference")
                {
                    return false;
                }
            },
            timeout,
            what);
        try
        {
            await waiting;
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}; the last text of {css} was '{text}' on {await UrlAsync()}", e);
        }
        return text;
    }

    /// <summary>Polls the current URL until it satisfies <paramref name="condition"/>.</summary>
    public async Task<string> WaitForUrlAsync(Func<string, bool> condition, TimeSpan timeout, string what)
    {
        var url = "";
        try
        {
            await Poll.UntilAsync(async () => condition(url = await UrlAsync()), timeout, what);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}; the last URL was {url}", e);
        }
        return url;
    }

    public async ValueTask DisposeAsync()
    {
        if (_session.Length > 0)
        {
            try
            {
                await SendAsync(HttpMethod.Delete, $"session/{_session}");
            }
            catch (Exception e) when (e is WebDriverException or HttpRequestException or TaskCanceledException)
            {
                // The driver is killed below either way.
            }
            _session = "";
        }
        if (!_driver.HasExited)
        {
            _driver.Kill(entireProcessTree: true);
        }
        await _driver.WaitForExitAsync();
        _driver.Dispose();
        _http.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // A browser process still writing its profile; the folder is in the temp directory.
        }
    }

    private async Task<bool> IsReadyAsync()
    {
        if (_driver.HasExited)
        {
            throw new WebDriverException($"chromedriver exited with code {_driver.ExitCode}: {DriverLog}");
        }
        try
        {
            var status = await SendAsync(HttpMethod.Get, "status");
            return status.TryGetProperty("ready", out var ready) && ready.GetBoolean();
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private string Session(string command) => $"session/{_session}/{command}";

    /// <summary>Sends a command; returns its <c>value</c>, or throws the protocol error.</summary>
    private async Task<JsonElement> SendAsync(HttpMethod method, string path, JsonObject? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonElement value;
        try
        {
            using var document = JsonDocument.Parse(text);
            value = document.RootElement.GetProperty("value").Clone();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException)
        {
            throw new WebDriverException($"{method} /{path}: HTTP {(int)response.StatusCode} without a WebDriver answer: {text}", e);
        }
        if (!response.IsSuccessStatusCode)
        {
            var error = value.TryGetProperty("error", out var code) ? code.GetString() ?? "" : "";
            var message = value.TryGetProperty("message", out var said) ? said.GetString() ?? "" : text;
            throw new WebDriverException(error, $"{method} /{path}: {message}");
        }
        return value;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
