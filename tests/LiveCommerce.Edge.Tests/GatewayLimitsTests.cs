using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using LiveCommerce.Edge.Gateway;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Formatter;

namespace LiveCommerce.Edge.Tests;

public sealed class GatewayLimitsTests
{
    [Fact]
    public async Task Connections_over_the_limit_are_refused_as_server_busy()
    {
        await using var edge = await EdgeUnderTest.StartAsync(("Mqtt:MaxConnections", "1"));
        using var first = await edge.ConnectAsync("pos-01");
        using var second = new MqttClientFactory().CreateMqttClient();

        var result = await second.ConnectAsync(edge.ClientOptions("pos-02").Build());

        Assert.Equal(MqttClientConnectResultCode.ServerBusy, result.ResultCode);
        Assert.Equal(1, edge.Metrics.RejectedBy(RejectReasons.TooManyConnections));
        Assert.True(first.IsConnected);
    }

    [Fact]
    public async Task A_connection_that_never_sends_connect_is_closed_after_the_timeout()
    {
        await using var edge = await EdgeUnderTest.StartAsync(("Mqtt:ConnectTimeoutSeconds", "1"));
        using var socket = new TcpClient();
        await socket.ConnectAsync("127.0.0.1", edge.MqttPort);
        var buffer = new byte[16];

        // Closed by the server: either an orderly end of stream or a reset, never data and never a hang.
        int read;
        try
        {
            read = await socket.GetStream().ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(15));
        }
        catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset })
        {
            read = 0;
        }

        Assert.Equal(0, read);
    }

    [Fact]
    public async Task Devices_publish_over_tls_when_it_is_enabled()
    {
        var pfx = Path.Combine(Path.GetTempPath(), $"lc-mqtt-{Guid.NewGuid():N}.pfx");
        using (var key = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        {
            var request = new CertificateRequest("CN=edge-s042", key, HashAlgorithmName.SHA256);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
            await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "pfx-password"));
        }
        try
        {
            await using var edge = await EdgeUnderTest.StartAsync(
                ("Mqtt:Tls:Enabled", "true"), ("Mqtt:Tls:Port", "0"), ("Mqtt:Tls:CertificatePath", pfx), ("Mqtt:Tls:CertificatePassword", "pfx-password"));
            var tlsPort = edge.App.Services.GetRequiredService<MqttEndpoints>().TlsPort;
            Assert.NotEqual(0, tlsPort);
            using var client = new MqttClientFactory().CreateMqttClient();
            var options = new MqttClientOptionsBuilder()
                .WithTcpServer("127.0.0.1", tlsPort)
                .WithTlsOptions(tls => tls.UseTls().WithCertificateValidationHandler(e => e.Certificate?.Subject == "CN=edge-s042"))
                .WithClientId("pos-01").WithCredentials("pos-01", "pos-01-secret")
                .WithProtocolVersion(MqttProtocolVersion.V500)
                .Build();

            await client.ConnectAsync(options);
            var result = await client.PublishAsync(new MqttApplicationMessageBuilder()
                .WithTopic(EdgeUnderTest.Topic("pos-01", "sale")).WithPayload(Samples.Sale("pos-01", 1))
                .WithQualityOfServiceLevel(MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce).Build());

            Assert.True(result.IsSuccess, result.ReasonString);
            Assert.Equal(1, edge.Metrics.Accepted);
        }
        finally
        {
            File.Delete(pfx);
        }
    }

    [Fact]
    public async Task Tls_enabled_without_a_certificate_file_stops_the_host_naming_the_key()
    {
        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(
            () => EdgeUnderTest.StartAsync(("Mqtt:Tls:Enabled", "true"), ("Mqtt:Tls:CertificatePath", "/nonexistent/edge.pfx")));
        Assert.Contains("Mqtt:Tls:CertificatePath", string.Join(";", error.Failures), StringComparison.Ordinal);
    }
}
