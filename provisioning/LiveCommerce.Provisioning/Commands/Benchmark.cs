using System.Globalization;
using Confluent.Kafka;
using LiveCommerce.Contracts;
using MQTTnet;
using MQTTnet.Formatter;

namespace LiveCommerce.Provisioning.Commands;

/// <summary>
/// What the benchmark commands share: the settings of an edge run in process, MQTT 5 clients, sighting
/// payloads, producing past a full queue, percentiles and how a target is reported.
/// </summary>
internal static class Benchmark
{
    public const string StoreId = "s001";

    /// <summary>A fresh data directory for an edge of this process.</summary>
    public static string DataDirectory(string name) => Path.Combine(Path.GetTempPath(), $"lc-bench-{name}-{Environment.ProcessId}");

    /// <summary>An edge on loopback with free ports, store <see cref="StoreId"/>, warnings only.</summary>
    public static Dictionary<string, string?> EdgeSettings(string dataDirectory, string kafkaBootstrap) => new()
    {
        ["Urls"] = "http://127.0.0.1:0",
        ["Mqtt:Port"] = "0",
        ["Mqtt:BindAddress"] = "127.0.0.1",
        ["Edge:StoreId"] = StoreId,
        ["Edge:DataDirectory"] = dataDirectory,
        ["Kafka:BootstrapServers"] = kafkaBootstrap,
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:Microsoft.AspNetCore.DataProtection"] = "Error",
    };

    /// <summary>A connected MQTT 5 client on loopback.</summary>
    public static async Task<IMqttClient> ConnectAsync(int port, string clientId, string userName, string password, CancellationToken cancellationToken)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        try
        {
            var result = await client.ConnectAsync(new MqttClientOptionsBuilder()
                .WithTcpServer("127.0.0.1", port).WithClientId(clientId).WithCredentials(userName, password)
                .WithProtocolVersion(MqttProtocolVersion.V500).WithTimeout(TimeSpan.FromSeconds(30)).Build(), cancellationToken).ConfigureAwait(false);
            return result.ResultCode == MqttClientConnectResultCode.Success
                ? client
                : throw new InvalidOperationException($"{clientId} could not connect: {result.ResultCode} {result.ReasonString}");
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>A beacon sighting as a gateway publishes it.</summary>
    public static string Sighting(string gatewayId, string shopperToken, int rssi, long sequence, DateTimeOffset time) => string.Create(CultureInfo.InvariantCulture,
        $"{{\"gatewayId\":\"{gatewayId}\",\"shopperToken\":\"{shopperToken}\",\"rssi\":{rssi},\"txPower\":-59,\"sequence\":{sequence},\"time\":\"{time:O}\"}}");

    /// <summary>Produces, waiting for room while the producer's queue is full.</summary>
    public static void Produce(IProducer<byte[]?, byte[]> producer, TopicPartition target, Message<byte[]?, byte[]> message)
    {
        while (true)
        {
            try
            {
                producer.Produce(target, message);
                return;
            }
            catch (ProduceException<byte[]?, byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
            {
                producer.Poll(TimeSpan.FromMilliseconds(10));
            }
        }
    }

    /// <summary>The <paramref name="p"/> quantile of <paramref name="sorted"/> (nearest rank); NaN when empty.</summary>
    public static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, Math.Max(0, (int)Math.Ceiling(p * sorted.Count) - 1))];

    public static string Verdict(bool met) => met ? "met" : "MISSED";
}
