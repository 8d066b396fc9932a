using System.Globalization;
using System.Text;

namespace LiveCommerce.Contracts;

/// <summary>
/// The CloudEvents attributes of one event. <see cref="Id"/> is the idempotency key everywhere.
/// </summary>
public sealed record EventEnvelope(string Id, string Source, string Type, DateTimeOffset Time)
{
    public const string CurrentSpecVersion = "1.0";
    public const string JsonContentType = "application/json";

    public string SpecVersion { get; init; } = CurrentSpecVersion;
    public string ContentType { get; init; } = JsonContentType;

    /// <summary>The <c>ce_source</c> of a device: <c>/stores/{storeId}/devices/{deviceId}</c>.</summary>
    public static string DeviceSource(string storeId, string deviceId) => $"/stores/{storeId}/devices/{deviceId}";

    /// <summary>The envelope as header name/value pairs, UTF-8 encoded.</summary>
    public IEnumerable<KeyValuePair<string, byte[]>> ToHeaders()
    {
        yield return new(EnvelopeHeaders.SpecVersion, Encoding.UTF8.GetBytes(SpecVersion));
        yield return new(EnvelopeHeaders.Id, Encoding.UTF8.GetBytes(Id));
        yield return new(EnvelopeHeaders.Source, Encoding.UTF8.GetBytes(Source));
        yield return new(EnvelopeHeaders.Type, Encoding.UTF8.GetBytes(Type));
        yield return new(EnvelopeHeaders.Time, Encoding.UTF8.GetBytes(Time.ToString("O", CultureInfo.InvariantCulture)));
        yield return new(EnvelopeHeaders.ContentType, Encoding.UTF8.GetBytes(ContentType));
    }

    /// <summary>Reads an envelope back from headers; false with the reason when a required attribute is missing or malformed.</summary>
    public static bool TryFromHeaders(IEnumerable<KeyValuePair<string, byte[]>> headers, out EventEnvelope? envelope, out string error)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in headers)
        {
            values[key] = Encoding.UTF8.GetString(value);
        }
        envelope = null;
        foreach (var required in (string[])[EnvelopeHeaders.SpecVersion, EnvelopeHeaders.Id, EnvelopeHeaders.Source, EnvelopeHeaders.Type, EnvelopeHeaders.Time])
        {
            if (!values.TryGetValue(required, out var v) || v.Length == 0)
            {
                error = $"header {required} is missing";
                return false;
            }
        }
        if (!DateTimeOffset.TryParse(values[EnvelopeHeaders.Time], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time))
        {
            error = $"header {EnvelopeHeaders.Time} is not an RFC 3339 time";
            return false;
        }
        envelope = new EventEnvelope(values[EnvelopeHeaders.Id], values[EnvelopeHeaders.Source], values[EnvelopeHeaders.Type], time)
        {
            SpecVersion = values[EnvelopeHeaders.SpecVersion],
            ContentType = values.GetValueOrDefault(EnvelopeHeaders.ContentType, JsonContentType),
        };
        error = "";
        return true;
    }
}
