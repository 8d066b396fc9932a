using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace LiveCommerce.Edge.Observability;

/// <summary>The gateway's counters, written in Prometheus text format at <c>/metrics</c>.</summary>
public sealed class GatewayMetrics
{
    private readonly ConcurrentDictionary<string, long> _rejected = new(StringComparer.Ordinal);
    private long _received;
    private long _accepted;
    private long _duplicates;
    private long _connected;

    public LatencyHistogram KafkaAckLatency { get; } = new("lc_gateway_kafka_ack_seconds", "Time from a publish arriving to local Kafka acknowledging it.");

    public long Received => Interlocked.Read(ref _received);

    public long Accepted => Interlocked.Read(ref _accepted);

    public long Duplicates => Interlocked.Read(ref _duplicates);

    public long Connected => Interlocked.Read(ref _connected);

    public IReadOnlyDictionary<string, long> Rejected => _rejected;

    public long RejectedBy(string reason) => _rejected.GetValueOrDefault(reason);

    public void OnReceived() => Interlocked.Increment(ref _received);

    public void OnAccepted() => Interlocked.Increment(ref _accepted);

    public void OnDuplicate() => Interlocked.Increment(ref _duplicates);

    public void OnRejected(string reason) => _rejected.AddOrUpdate(reason, 1, (_, n) => n + 1);

    public void OnConnected() => Interlocked.Increment(ref _connected);

    public void OnDisconnected() => Interlocked.Decrement(ref _connected);

    public void WriteTo(StringBuilder text)
    {
        Counter(text, "lc_gateway_messages_received_total", "MQTT publishes received from devices.", Received);
        Counter(text, "lc_gateway_messages_accepted_total", "Publishes written to local Kafka and acknowledged.", Accepted);
        Counter(text, "lc_gateway_messages_duplicate_total", "Redelivered publishes acknowledged without a second record.", Duplicates);
        text.Append("# HELP lc_gateway_rejected_total Connections and publishes refused, by reason.\n# TYPE lc_gateway_rejected_total counter\n");
        foreach (var (reason, count) in _rejected.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"lc_gateway_rejected_total{{reason=\"{reason}\"}} {count}\n");
        }
        text.Append(CultureInfo.InvariantCulture, $"# HELP lc_gateway_connected_devices Devices connected now.\n# TYPE lc_gateway_connected_devices gauge\nlc_gateway_connected_devices {Connected}\n");
        KafkaAckLatency.WriteTo(text);
    }

    private static void Counter(StringBuilder text, string name, string help, long value) =>
        text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} counter\n{name} {value}\n");
}
