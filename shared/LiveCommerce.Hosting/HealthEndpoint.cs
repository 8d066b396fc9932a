using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LiveCommerce.Hosting;

/// <summary><c>GET /healthz</c>: JSON with one entry per component; HTTP 503 when any component is unhealthy.</summary>
public static class HealthEndpoint
{
    public const string Path = "/healthz";

    public static WebApplication MapHealth(this WebApplication app)
    {
        app.MapHealthChecks(Path, new HealthCheckOptions
        {
            ResponseWriter = WriteAsync,
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        });
        return app;
    }

    private static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.Body, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("status", Status(report.Status));
        json.WriteStartObject("components");
        foreach (var (name, entry) in report.Entries)
        {
            json.WriteStartObject(name);
            json.WriteString("status", Status(entry.Status));
            if (entry.Description is not null)
            {
                json.WriteString("description", entry.Description);
            }
            foreach (var (key, value) in entry.Data)
            {
                WriteValue(json, key, value);
            }
            json.WriteEndObject();
        }
        json.WriteEndObject();
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private static void WriteValue(Utf8JsonWriter json, string key, object value)
    {
        switch (value)
        {
            case bool b:
                json.WriteBoolean(key, b);
                break;
            case int or long or double or decimal:
                json.WritePropertyName(key);
                json.WriteRawValue(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!);
                break;
            default:
                json.WriteString(key, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
        }
    }

    private static string Status(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "up",
        HealthStatus.Degraded => "degraded",
        _ => "down",
    };
}
