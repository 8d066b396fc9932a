using System.Buffers;
using System.Text.Json;
using LiveCommerce.Contracts;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace LiveCommerce.Provisioning.Simulation;

/// <summary>
/// Shoppers' phones: each opts in at the store's edge over HTTP, signs in to MQTT with its key, subscribes to
/// its offers and, for most offers, takes the coupon to the checkout.
/// </summary>
public sealed class ShopperPhones(string storeUrl, string mqttHost, int mqttPort, CouponCheckout checkout) : IAsyncDisposable
{
    private readonly List<IMqttClient> _phones = [];
    private readonly Random _random = new(42);
    private long _received;

    /// <summary>Offers that reached a phone.</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Opts <paramref name="tokens"/> in and connects their phones; one in <paramref name="acceptOneIn"/> offers is not taken to the till.</summary>
    public async Task ConnectAsync(IEnumerable<string> tokens, int acceptOneIn, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = new Uri(storeUrl), Timeout = TimeSpan.FromSeconds(10) };
        foreach (var token in tokens)
        {
            using var response = await http.PostAsync(new Uri($"/shoppers/{token}/opt-in", UriKind.Relative), null, cancellationToken).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            using var optIn = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
            var root = optIn.RootElement;
            var phone = new MqttClientFactory().CreateMqttClient();
            phone.ApplicationMessageReceivedAsync += e =>
            {
                Interlocked.Increment(ref _received);
                var offer = JsonSerializer.Deserialize(e.ApplicationMessage.Payload.ToArray(), ContractsJsonContext.Default.StoreOffer);
                bool take;
                lock (_random)
                {
                    take = _random.Next(acceptOneIn) != 0;
                }
                if (offer is not null && take)
                {
                    checkout.Bring(offer);
                }
                return Task.CompletedTask;
            };
            await phone.ConnectAsync(new MqttClientOptionsBuilder()
                .WithTcpServer(mqttHost, mqttPort).WithClientId(root.GetProperty("mqttUserName").GetString())
                .WithCredentials(root.GetProperty("mqttUserName").GetString(), root.GetProperty("key").GetString())
                .WithProtocolVersion(MqttProtocolVersion.V500).Build(), cancellationToken).ConfigureAwait(false);
            await phone.SubscribeAsync(root.GetProperty("offersTopic").GetString(), MqttQualityOfServiceLevel.AtLeastOnce, cancellationToken).ConfigureAwait(false);
            _phones.Add(phone);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var phone in _phones)
        {
            if (phone.IsConnected)
            {
                await phone.DisconnectAsync().ConfigureAwait(false);
            }
            phone.Dispose();
        }
    }
}
