using LiveCommerce.Contracts;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Xunit.Abstractions;

namespace LiveCommerce.EndToEnd.Tests;

public sealed class EdgeCrashTests(ITestOutputHelper output)
{
    private const int Target = 1000;
    private static readonly int[] s_killAfterAcked = [300, 700];
    private static readonly TimeSpan s_runTimeout = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task Kill_9_of_the_edge_while_a_persistent_session_publisher_sends_loses_and_doubles_nothing()
    {
        using var kafka = await KafkaProcess.StartAsync();
        using var edge = await EdgeHostProcess.StartAsync(kafka.BootstrapServers);
        var deadline = DateTime.UtcNow + s_runTimeout;
        var acked = new List<long>();
        var ackedCount = 0;
        var interrupted = 0;
        var ackedAtKill = new List<int>();
        using var stop = new CancellationTokenSource();

        // Kills the edge with SIGKILL while the publisher is sending, and starts it again with the same arguments.
        var killer = Task.Run(async () =>
        {
            foreach (var after in s_killAfterAcked)
            {
                await Poll.UntilAsync(() => Volatile.Read(ref ackedCount) >= after || stop.IsCancellationRequested, s_runTimeout, $"{after} acknowledged sales");
                if (stop.IsCancellationRequested)
                {
                    return;
                }
                ackedAtKill.Add(Volatile.Read(ref ackedCount));
                edge.Kill();
                var restart = System.Diagnostics.Stopwatch.StartNew();
                await edge.StartAsync();
                output.WriteLine($"killed after {ackedAtKill[^1]} acknowledged sales; accepting connections again after {restart.Elapsed.TotalSeconds:0.0} s");
            }
        });

        using var client = new MqttClientFactory().CreateMqttClient();
        var options = edge.ClientOptions(MqttProtocolVersion.V500)
            .WithCleanStart(false)
            .WithSessionExpiryInterval(300)
            .Build();
        try
        {
            // Like a device with a persistent session: a sequence is sent again, after reconnecting if need be,
            // until the edge acknowledges it with success; only then the next one is sent.
            var sequence = 1L;
            while (acked.Count < Target)
            {
                Assert.True(DateTime.UtcNow < deadline, $"only {acked.Count} of {Target} sales acknowledged within {s_runTimeout}{Environment.NewLine}{edge.Log}");
                if (killer.IsFaulted)
                {
                    await killer;
                }
                if (!client.IsConnected && !await TryConnectAsync(client, options))
                {
                    await Task.Delay(50);
                    continue;
                }
                var message = new MqttApplicationMessageBuilder()
                    .WithTopic(Sales.Topic)
                    .WithPayload(Sales.Sale(sequence))
                    .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                    .Build();
                try
                {
                    var result = await client.PublishAsync(message);
                    if (result.IsSuccess)
                    {
                        acked.Add(sequence);
                        Volatile.Write(ref ackedCount, acked.Count);
                        sequence++;
                    }
                    else
                    {
                        interrupted++;
                        output.WriteLine($"sequence {sequence}: {result.ReasonCode} {result.ReasonString}");
                    }
                }
                catch (Exception e) when (e is MqttCommunicationException or OperationCanceledException or ObjectDisposedException)
                {
                    interrupted++;
                    output.WriteLine($"sequence {sequence}: {e.GetType().Name}: {e.Message}");
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
        }
        await killer;
        await client.DisconnectAsync();

        Assert.Equal(s_killAfterAcked.Length, ackedAtKill.Count);
        Assert.All(ackedAtKill, at => Assert.InRange(at, 1, Target - 1));
        Assert.True(interrupted > 0, "no publish was interrupted by a kill");
        var ids = kafka.ReadAll(Topics.PosSales).Select(r => r.Header(EnvelopeHeaders.Id)).ToList();
        var doubled = ids.GroupBy(id => id, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => $"{g.Key} x{g.Count()}").ToList();
        var lost = acked.Select(Sales.EventId).Except(ids, StringComparer.Ordinal).ToList();
        output.WriteLine($"kills after {string.Join(", ", ackedAtKill)} acknowledged sales; {interrupted} interrupted publishes; {ids.Count} records in {Topics.PosSales}");
        Assert.True(lost.Count == 0, $"acknowledged but not in Kafka: {string.Join(", ", lost)}");
        Assert.True(doubled.Count == 0, $"in Kafka more than once: {string.Join(", ", doubled)}");
        Assert.Equal(Target, ids.Count);
    }

    private static async Task<bool> TryConnectAsync(IMqttClient client, MqttClientOptions options)
    {
        try
        {
            var result = await client.ConnectAsync(options);
            return result.ResultCode == MqttClientConnectResultCode.Success;
        }
        catch (Exception e) when (e is MqttCommunicationException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            return false;
        }
    }
}
