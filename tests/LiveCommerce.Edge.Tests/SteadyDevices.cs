using System.Collections.Concurrent;
using MQTTnet;
using MQTTnet.Protocol;

namespace LiveCommerce.Edge.Tests;

/// <summary>
/// Devices publishing at a steady rate, each redelivering a message until it is acknowledged (as real
/// devices do); records every acknowledged event id.
/// </summary>
internal sealed class SteadyDevices : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _running = [];
    private readonly List<IMqttClient> _clients = [];

    public ConcurrentBag<string> AckedSales { get; } = [];

    public ConcurrentBag<string> AckedSightings { get; } = [];

    public static async Task<SteadyDevices> StartAsync(EdgeUnderTest edge, double salesPerSecond, double sightingsPerSecond)
    {
        var devices = new SteadyDevices();
        var pos = await edge.ConnectAsync("pos-01");
        var beacon = await edge.ConnectAsync("beacon-gw-01");
        devices._clients.AddRange([pos, beacon]);
        devices._running.Add(devices.RunAsync(pos, salesPerSecond, seq => ("sale", Samples.Sale("pos-01", seq)), devices.AckedSales, "s042:pos-01:sale:"));
        devices._running.Add(devices.RunAsync(beacon, sightingsPerSecond, seq => ("sighting", Samples.Sighting("beacon-gw-01", seq)), devices.AckedSightings, "s042:beacon-gw-01:sighting:"));
        return devices;
    }

    private async Task RunAsync(IMqttClient client, double perSecond, Func<long, (string Type, string Payload)> next, ConcurrentBag<string> acked, string idPrefix)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1 / perSecond));
        long sequence = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                var (type, payload) = next(++sequence);
                var message = new MqttApplicationMessageBuilder()
                    .WithTopic(EdgeUnderTest.Topic(client.Options.ClientId, type)).WithPayload(payload)
                    .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
                while (!(await client.PublishAsync(message, CancellationToken.None)).IsSuccess)
                {
                    _stop.Token.ThrowIfCancellationRequested();
                }
                acked.Add(idPrefix + sequence);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Stopped.
        }
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_running);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        foreach (var client in _clients)
        {
            client.Dispose();
        }
        _stop.Dispose();
    }
}
