using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace LiveCommerce.Provisioning.Simulation;

/// <summary>
/// A device with its own credentials publishing over MQTT at QoS 1. Like a real device it numbers its
/// messages and redelivers one until the edge acknowledges it.
/// </summary>
public abstract class SimulatedDevice(DeviceCredentials credentials, string host, int port, double messagesPerSecond) : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private long _sequence;
    private long _accepted;
    private long _refused;

    public DeviceCredentials Credentials => credentials;

    public long Accepted => Interlocked.Read(ref _accepted);

    public long Refused => Interlocked.Read(ref _refused);

    protected Random Random { get; } = new(credentials.DeviceId.GetHashCode(StringComparison.Ordinal));

    /// <summary>The next message: its event type (last topic segment) and JSON payload for this sequence number.</summary>
    protected abstract (string EventType, string Payload) NextMessage(long sequence, DateTimeOffset now);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var interval = TimeSpan.FromSeconds(1 / messagesPerSecond);
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                var (eventType, payload) = NextMessage(++_sequence, DateTimeOffset.UtcNow);
                await DeliverAsync(eventType, payload, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped.
        }
    }

    private async Task DeliverAsync(string eventType, string payload, CancellationToken cancellationToken)
    {
        var message = new MqttApplicationMessageBuilder()
            .WithTopic($"lc/v1/{credentials.StoreId}/{credentials.DeviceId}/{eventType}")
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        while (true)
        {
            try
            {
                if (!_client.IsConnected)
                {
                    await _client.ConnectAsync(new MqttClientOptionsBuilder()
                        .WithTcpServer(host, port)
                        .WithClientId(credentials.DeviceId)
                        .WithCredentials(credentials.DeviceId, credentials.Secret)
                        .WithProtocolVersion(MqttProtocolVersion.V500)
                        .WithCleanStart(false)
                        .WithSessionExpiryInterval(3600)
                        .Build(), cancellationToken).ConfigureAwait(false);
                }
                // An in-flight delivery is finished even when stopping, so that what the edge took is counted here too.
                var result = await _client.PublishAsync(message, CancellationToken.None).ConfigureAwait(false);
                if (result.IsSuccess)
                {
                    Interlocked.Increment(ref _accepted);
                    return;
                }
                Interlocked.Increment(ref _refused);
                if (result.ReasonCode != MqttClientPublishReasonCode.UnspecifiedError)
                {
                    // Refused for what it is (invalid, not allowed): redelivering would not help.
                    return;
                }
            }
            catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or MQTTnet.Adapter.MqttConnectingFailedException or InvalidOperationException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync().ConfigureAwait(false);
        }
        _client.Dispose();
        GC.SuppressFinalize(this);
    }
}
