using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using MQTTnet;
using MQTTnet.Formatter;

namespace LiveCommerce.EndToEnd.Tests;

/// <summary>
/// The edge host as a separate process, started from its build output folder (so its appsettings.json, with
/// the seeded development devices, applies) against an external Kafka, with a fixed MQTT port so that it can be
/// killed and started again at the same address.
/// </summary>
internal sealed class EdgeHostProcess : IDisposable
{
    public const string StoreId = "s001";
    public const string DeviceId = "pos-01";
    public const string Secret = "pos-01-dev-secret";

    // Readiness is probed as another seeded device, so that probing never takes over the session of pos-01.
    private const string ProbeDevice = "pos-02";
    private const string ProbeSecret = "pos-02-dev-secret";
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(90);

    private readonly string _data = Path.Combine(Path.GetTempPath(), "lc-e2e-edge-" + Guid.NewGuid().ToString("N"));
    private readonly List<string> _args;
    private ProductProcess? _process;

    private EdgeHostProcess(string bootstrapServers)
    {
        MqttPort = FreeTcpPort();
        HttpUrl = $"http://127.0.0.1:{FreeTcpPort()}";
        _args =
        [
            $"--Kafka:BootstrapServers={bootstrapServers}",
            $"--Mqtt:Port={MqttPort}",
            "--Mqtt:BindAddress=127.0.0.1",
            $"--Urls={HttpUrl}",
            $"--Edge:StoreId={StoreId}",
            $"--Edge:DataDirectory={_data}",
        ];
    }

    public int MqttPort { get; }

    /// <summary>The edge's web address (kiosk, analytics, offers).</summary>
    public string HttpUrl { get; }

    /// <summary>Starts an edge on <paramref name="bootstrapServers"/> with the host's appsettings and <paramref name="arguments"/> (<c>--Key=value</c>).</summary>
    public static async Task<EdgeHostProcess> StartAsync(string bootstrapServers, params string[] arguments)
    {
        var edge = new EdgeHostProcess(bootstrapServers);
        edge._args.AddRange(arguments);
        try
        {
            await edge.StartAsync();
            return edge;
        }
        catch
        {
            edge.Dispose();
            throw;
        }
    }

    /// <summary>Starts the process with the same arguments as before and waits until it accepts MQTT connections.</summary>
    public async Task StartAsync()
    {
        Start();
        var deadline = DateTime.UtcNow + s_startTimeout;
        while (!await CanConnectAsync())
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the edge host exited while starting:{Environment.NewLine}{_process.Log}");
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the edge host did not accept MQTT connections within {s_startTimeout}:{Environment.NewLine}{_process.Log}");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>Starts the process with the same arguments as before, without waiting for it to accept connections.</summary>
    [MemberNotNull(nameof(_process))]
    public void Start()
    {
        if (_process is not null)
        {
            throw new InvalidOperationException("the edge is running");
        }
        _process = ProductProcess.StartLogged(ProductProcess.EdgeHost, [.. _args]);
    }

    /// <summary>Arguments every later start passes too (e.g. turning the uplink on); the edge must not be running.</summary>
    public void AddArguments(params string[] arguments)
    {
        if (_process is not null)
        {
            throw new InvalidOperationException("the edge is running");
        }
        _args.AddRange(arguments);
    }

    /// <summary>SIGKILL: no shutdown code of the edge runs.</summary>
    public void Kill()
    {
        _process?.Dispose();
        _process = null;
    }

    public string Log => _process?.Log ?? "";

    /// <summary>Options of a seeded device's client, pos-01 unless another device is named.</summary>
    public MqttClientOptionsBuilder ClientOptions(MqttProtocolVersion version = MqttProtocolVersion.V500, string deviceId = DeviceId, string secret = Secret) =>
        new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", MqttPort)
            .WithClientId(deviceId)
            .WithCredentials(deviceId, secret)
            .WithProtocolVersion(version)
            .WithTimeout(TimeSpan.FromSeconds(10));

    private async Task<bool> CanConnectAsync()
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", MqttPort)
            .WithClientId(ProbeDevice)
            .WithCredentials(ProbeDevice, ProbeSecret)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithTimeout(TimeSpan.FromSeconds(5))
            .Build();
        try
        {
            var result = await client.ConnectAsync(options);
            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                return false;
            }
            await client.DisconnectAsync();
            return true;
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or SocketException or MQTTnet.Adapter.MqttConnectingFailedException)
        {
            return false;
        }
    }

    private static int FreeTcpPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public void Dispose()
    {
        Kill();
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }
}
