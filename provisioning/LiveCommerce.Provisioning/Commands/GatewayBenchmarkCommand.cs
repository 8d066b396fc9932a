using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using LiveCommerce.Edge;
using LiveCommerce.Edge.Gateway;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Protocol;

namespace LiveCommerce.Provisioning.Commands;

/// <summary>
/// <c>bench-gateway</c>: N concurrent QoS 1 publishers (valid sale events, each its own device) against
/// the edge gateway (PUBACK after local Kafka) and against a plain Debian mosquitto in the same run.
/// </summary>
public static class GatewayBenchmarkCommand
{
    public sealed record Settings(int Publishers, int Seconds, int Window)
    {
        public static Settings From(CommandLineOptions options)
        {
            var settings = new Settings(options.Number("publishers", 10, 1, 1000), options.Number("seconds", 10, 1, 600), options.Number("window", 16, 1, 1000));
            options.RejectUnknown();
            return settings;
        }
    }

    public sealed record Figures(string Broker, long Messages, double Seconds, double P50Ms, double P99Ms, long Failures)
    {
        public double Rate => Messages / Seconds;
    }

    private static long s_sequence;

    public static async Task<int> RunAsync(Settings settings, TextWriter output, CancellationToken cancellationToken)
    {
        var devices = Enumerable.Range(1, settings.Publishers).Select(i => ($"bench-{i:000}", $"bench-secret-{i:000}")).ToList();
        var payloadBytes = Sale("bench-001", 1).Length;
        await output.WriteLineAsync($"gateway benchmark: {settings.Publishers} publishers x window {settings.Window}, {settings.Seconds} s each, QoS 1, sale payload ~{payloadBytes} B").ConfigureAwait(false);

        Figures edge;
        var data = Benchmark.DataDirectory("gateway");
        var overrides = Benchmark.EdgeSettings(data, "embedded");
        overrides["Mqtt:MaxMessagesPerSecondPerDevice"] = "1000000";
        for (var i = 0; i < devices.Count; i++)
        {
            overrides[$"Devices:Seed:{i}:Id"] = devices[i].Item1;
            overrides[$"Devices:Seed:{i}:Kind"] = "pos";
            overrides[$"Devices:Seed:{i}:Secret"] = devices[i].Item2;
        }
        await using (var app = EdgeApplication.Create([], overrides))
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var port = app.Services.GetRequiredService<MqttEndpoints>().Port;
            edge = await MeasureAsync("edge gateway (PUBACK after Kafka acks=all)", port, devices, settings, cancellationToken).ConfigureAwait(false);
            await app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
        Directory.Delete(data, recursive: true);

        Figures mosquitto;
        using (var broker = Mosquitto.Start())
        {
            await broker.WaitUntilListeningAsync(cancellationToken).ConfigureAwait(false);
            mosquitto = await MeasureAsync("mosquitto (plain, no persistence)", broker.Port, devices, settings, cancellationToken).ConfigureAwait(false);
        }

        await output.WriteLineAsync($"{"broker",-45}{"msg/s",10}{"p50 ms",9}{"p99 ms",9}{"failed",8}").ConfigureAwait(false);
        foreach (var f in new[] { edge, mosquitto })
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{f.Broker,-45}{f.Rate,10:F0}{f.P50Ms,9:F2}{f.P99Ms,9:F2}{f.Failures,8}")).ConfigureAwait(false);
        }
        var ratio = edge.Rate / mosquitto.Rate;
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"ratio edge/mosquitto: {ratio:F2}")).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"targets: >=0.5x mosquitto {Benchmark.Verdict(ratio >= 0.5)}; >=20000 msg/s {Benchmark.Verdict(edge.Rate >= 20_000)}; p99 <=20 ms {Benchmark.Verdict(edge.P99Ms <= 20)}")).ConfigureAwait(false);
        return 0;
    }

    internal static string Sale(string deviceId, long sequence) => string.Create(CultureInfo.InvariantCulture,
        $"{{\"storeId\":\"s001\",\"terminalId\":\"{deviceId}\",\"receiptId\":\"{sequence}\",\"sequence\":{sequence},\"lines\":[{{\"sku\":\"a\",\"quantity\":1,\"unitPrice\":1}}],\"total\":1,\"currency\":\"EUR\",\"payment\":\"cash\",\"time\":\"{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ssZ}\"}}");

    private static async Task<Figures> MeasureAsync(string name, int port, IReadOnlyList<(string Id, string Secret)> devices, Settings settings, CancellationToken cancellationToken)
    {
        var clients = new List<IMqttClient>();
        try
        {
            foreach (var (id, secret) in devices)
            {
                clients.Add(await Benchmark.ConnectAsync(port, id, id, secret, cancellationToken).ConfigureAwait(false));
            }
            // Warm up (JIT, connections, producer batches), then measure.
            await RunLoadAsync(clients, devices, settings.Window, TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
            var watch = Stopwatch.StartNew();
            var (latencies, failures) = await RunLoadAsync(clients, devices, settings.Window, TimeSpan.FromSeconds(settings.Seconds), cancellationToken).ConfigureAwait(false);
            var seconds = watch.Elapsed.TotalSeconds;
            latencies.Sort();
            return new Figures(name, latencies.Count, seconds, Benchmark.Percentile(latencies, 0.50), Benchmark.Percentile(latencies, 0.99), failures);
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisconnectAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
                client.Dispose();
            }
        }
    }

    private static async Task<(List<double> LatenciesMs, long Failures)> RunLoadAsync(List<IMqttClient> clients, IReadOnlyList<(string Id, string Secret)> devices, int window, TimeSpan duration, CancellationToken cancellationToken)
    {
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var perWorker = new List<double>[clients.Count * window];
        long failures = 0;
        var workers = Enumerable.Range(0, clients.Count * window).Select(w => Task.Run(async () =>
        {
            var client = clients[w % clients.Count];
            var id = devices[w % clients.Count].Id;
            var latencies = new List<double>(100_000);
            perWorker[w] = latencies;
            while (Stopwatch.GetTimestamp() < end && !cancellationToken.IsCancellationRequested)
            {
                var message = new MqttApplicationMessageBuilder()
                    .WithTopic($"lc/v1/s001/{id}/sale")
                    .WithPayload(Sale(id, Interlocked.Increment(ref s_sequence)))
                    .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                    .Build();
                var started = Stopwatch.GetTimestamp();
                var result = await client.PublishAsync(message, cancellationToken).ConfigureAwait(false);
                if (result.IsSuccess)
                {
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                else
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }, cancellationToken)).ToArray();
        await Task.WhenAll(workers).ConfigureAwait(false);
        return (perWorker.SelectMany(l => l).ToList(), failures);
    }

    /// <summary>A plain Debian mosquitto on a free loopback port, anonymous, in memory.</summary>
    private sealed class Mosquitto : IDisposable
    {
        private static readonly string[] s_binaries = ["/usr/sbin/mosquitto", "/usr/bin/mosquitto"];
        private readonly Process _process;
        private readonly string _config;

        private Mosquitto(Process process, string config, int port)
        {
            _process = process;
            _config = config;
            Port = port;
        }

        public int Port { get; }

        public static Mosquitto Start()
        {
            var port = FreePort();
            var config = Path.Combine(Path.GetTempPath(), $"lc-bench-mosquitto-{Environment.ProcessId}.conf");
            File.WriteAllText(config, $"listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\nmax_queued_messages 100000\n");
            var binary = s_binaries.FirstOrDefault(File.Exists)
                ?? throw new FileNotFoundException("mosquitto is not installed (Debian package mosquitto)");
            var info = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add(config);
            return new Mosquitto(Process.Start(info) ?? throw new InvalidOperationException("mosquitto did not start"), config, port);
        }

        public async Task WaitUntilListeningAsync(CancellationToken cancellationToken)
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (true)
            {
                using var socket = new TcpClient();
                try
                {
                    await socket.ConnectAsync(IPAddress.Loopback, Port, cancellationToken).ConfigureAwait(false);
                    return;
                }
                catch (SocketException) when (DateTime.UtcNow < deadline && !_process.HasExited)
                {
                    await Task.Delay(50, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        private static int FreePort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit();
            }
            _process.Dispose();
            File.Delete(_config);
        }
    }
}
