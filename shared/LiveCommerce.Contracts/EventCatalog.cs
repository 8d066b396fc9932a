using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace LiveCommerce.Contracts;

/// <summary>
/// The event types devices may publish, by MQTT event-type segment
/// (<c>lc/v1/{storeId}/{deviceId}/{eventType}</c>).
/// </summary>
public static class EventCatalog
{
    /// <summary>POS sale: <c>sale</c>.</summary>
    public static readonly EventKind Sale = new(
        "sale", "com.livecommerce.pos.sale.v1", Topics.PosSales, ContractsJsonContext.Default.PosSale);

    /// <summary>POS heartbeat: <c>heartbeat</c>.</summary>
    public static readonly EventKind Heartbeat = new(
        "heartbeat", "com.livecommerce.pos.heartbeat.v1", Topics.PosHeartbeats, ContractsJsonContext.Default.PosHeartbeat);

    /// <summary>Beacon sighting: <c>sighting</c>.</summary>
    public static readonly EventKind Sighting = new(
        "sighting", "com.livecommerce.beacon.sighting.v1", Topics.BeaconSightings, ContractsJsonContext.Default.BeaconSighting);

    /// <summary>Sensor reading: <c>reading</c>.</summary>
    public static readonly EventKind Reading = new(
        "reading", "com.livecommerce.sensor.reading.v1", Topics.SensorReadings, ContractsJsonContext.Default.SensorReading);

    /// <summary>Device status: <c>status</c>.</summary>
    public static readonly EventKind Status = new(
        "status", "com.livecommerce.device.status.v1", Topics.DeviceStatus, ContractsJsonContext.Default.DeviceStatus);

    private static readonly FrozenDictionary<string, EventKind> s_byName =
        new[] { Sale, Heartbeat, Sighting, Reading, Status }.ToFrozenDictionary(k => k.Name, StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, EventKind>.AlternateLookup<ReadOnlySpan<char>> s_byNameSpan =
        s_byName.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly FrozenDictionary<string, EventKind> s_byCloudEventType =
        s_byName.Values.ToFrozenDictionary(k => k.CloudEventType, StringComparer.Ordinal);

    /// <summary>Every event type.</summary>
    public static IReadOnlyCollection<EventKind> All => s_byName.Values;

    /// <summary>Finds an event type by its MQTT event-type segment (case-sensitive, e.g. <c>sale</c>).</summary>
    public static bool TryGet([NotNullWhen(true)] string? name, [NotNullWhen(true)] out EventKind? kind)
    {
        if (name is null)
        {
            kind = null;
            return false;
        }

        return s_byName.TryGetValue(name, out kind);
    }

    /// <summary>Finds an event type by a topic segment without allocating a string.</summary>
    public static bool TryGet(ReadOnlySpan<char> name, [NotNullWhen(true)] out EventKind? kind) =>
        s_byNameSpan.TryGetValue(name, out kind);

    /// <summary>Finds an event type by its CloudEvents type (the <c>ce_type</c> header).</summary>
    public static bool TryGetByCloudEventType([NotNullWhen(true)] string? cloudEventType, [NotNullWhen(true)] out EventKind? kind)
    {
        if (cloudEventType is null)
        {
            kind = null;
            return false;
        }

        return s_byCloudEventType.TryGetValue(cloudEventType, out kind);
    }

    /// <summary>
    /// Looks up <paramref name="eventType"/> and parses the payload with it; an unknown name gives
    /// a result with the single reason <c>unknown-event-type</c> and a null <see cref="ParseResult.Kind"/>.
    /// </summary>
    public static ParseResult Parse(string? eventType, ReadOnlySpan<byte> utf8Json) =>
        TryGet(eventType, out var kind)
            ? kind.Parse(utf8Json)
            : ParseResult.Rejected(null, UnknownEventType());

    /// <summary>Like <see cref="Parse(string?, ReadOnlySpan{byte})"/> with a clock check on the event time.</summary>
    public static ParseResult Parse(string? eventType, ReadOnlySpan<byte> utf8Json, TimeProvider clock) =>
        TryGet(eventType, out var kind)
            ? kind.Parse(utf8Json, clock)
            : ParseResult.Rejected(null, UnknownEventType());

    private static ValidationError UnknownEventType() =>
        new("", ValidationReasons.UnknownEventType,
            "Unknown event type; expected one of: " + string.Join(", ", s_byName.Keys.Order(StringComparer.Ordinal)) + ".");
}
