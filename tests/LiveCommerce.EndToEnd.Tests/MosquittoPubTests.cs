using LiveCommerce.Contracts;

namespace LiveCommerce.EndToEnd.Tests;

/// <summary>A device nobody here wrote: the Debian mosquitto_pub client against the edge host process.</summary>
public sealed class MosquittoPubTests
{
    private const string MosquittoPub = "/usr/bin/mosquitto_pub";
    private static readonly TimeSpan s_toolTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Mosquitto_pub_v5_valid_sale_lands_once_and_malformed_gets_a_failure_reason_code()
    {
        using var kafka = await KafkaProcess.StartAsync();
        using var edge = await EdgeHostProcess.StartAsync(kafka.BootstrapServers);

        var valid = await PublishAsync(edge, "mqttv5", EdgeHostProcess.Secret, Sales.Sale(1));
        Assert.True(valid.ExitCode == 0, valid.Text);
        Assert.Contains("received PUBACK", valid.Text, StringComparison.Ordinal);
        Assert.Contains("RC:0)", valid.Text, StringComparison.Ordinal);
        var sale = Assert.Single(kafka.ReadAll(Topics.PosSales));
        Assert.Equal(Sales.EventId(1), sale.Header(EnvelopeHeaders.Id));

        const string malformed = """{"storeId":""";
        var refused = await PublishAsync(edge, "mqttv5", EdgeHostProcess.Secret, malformed);
        Assert.Contains("RC:153", refused.Text, StringComparison.Ordinal);
        Assert.Contains("Publish 1 failed", refused.Text, StringComparison.Ordinal);
        Assert.Equal(1, kafka.Count(Topics.PosSales));
        var dead = Assert.Single(kafka.ReadAll(Topics.GatewayDeadLetter));
        Assert.Equal(malformed, dead.Message.Value);

        var wrongSecret = await PublishAsync(edge, "mqttv5", "not-the-secret", Sales.Sale(2));
        Assert.NotEqual(0, wrongSecret.ExitCode);
        Assert.Contains("bad user name or password", wrongSecret.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, kafka.Count(Topics.PosSales));
    }

    [Fact]
    public async Task Mosquitto_pub_v311_sale_lands()
    {
        using var kafka = await KafkaProcess.StartAsync();
        using var edge = await EdgeHostProcess.StartAsync(kafka.BootstrapServers);

        var valid = await PublishAsync(edge, "mqttv311", EdgeHostProcess.Secret, Sales.Sale(1));

        Assert.True(valid.ExitCode == 0, valid.Text);
        Assert.Contains("received PUBACK", valid.Text, StringComparison.Ordinal);
        var sale = Assert.Single(kafka.ReadAll(Topics.PosSales));
        Assert.Equal(Sales.EventId(1), sale.Header(EnvelopeHeaders.Id));
        Assert.Equal(EdgeHostProcess.DeviceId, sale.Message.Key);
    }

    /// <summary>One QoS 1 publish of pos-01 with debug output; <c>Text</c> is standard output and error together.</summary>
    private static async Task<(int ExitCode, string Text)> PublishAsync(EdgeHostProcess edge, string version, string secret, string payload)
    {
        var (exitCode, output, error) = await Tool.RunAsync(
            MosquittoPub, null, s_toolTimeout,
            "-V", version,
            "-h", "127.0.0.1",
            "-p", edge.MqttPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-i", EdgeHostProcess.DeviceId,
            "-u", EdgeHostProcess.DeviceId,
            "-P", secret,
            "-t", Sales.Topic,
            "-q", "1",
            "-m", payload,
            "-d");
        return (exitCode, $"exit {exitCode}{Environment.NewLine}{output}{error}");
    }
}
