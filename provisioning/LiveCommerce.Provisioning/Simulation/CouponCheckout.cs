using System.Globalization;
using System.Threading.Channels;
using LiveCommerce.Contracts;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace LiveCommerce.Provisioning.Simulation;

/// <summary>
/// A POS terminal where shoppers bring the offers they accepted: it rings up the offered product with the
/// coupon code on the sale, and the edge redeems it.
/// </summary>
public sealed class CouponCheckout(DeviceCredentials credentials, string host, int port) : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly Channel<StoreOffer> _offers = Channel.CreateUnbounded<StoreOffer>();
    private long _sequence;
    private long _accepted;

    /// <summary>Sales the edge acknowledged.</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>A shopper comes to the till with this offer.</summary>
    public void Bring(StoreOffer offer) => _offers.Writer.TryWrite(offer);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await _client.ConnectAsync(new MqttClientOptionsBuilder()
            .WithTcpServer(host, port).WithClientId(credentials.DeviceId).WithCredentials(credentials.DeviceId, credentials.Secret)
            .WithProtocolVersion(MqttProtocolVersion.V500).Build(), cancellationToken).ConfigureAwait(false);
        try
        {
            await foreach (var offer in _offers.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                var sequence = ++_sequence;
                // The till applies the coupon's discount to the line: the line sums to the total, as the edge checks.
                var total = decimal.Round(SandboxCatalog.PriceOf(offer.Sku) * (100 - offer.DiscountPercent) / 100, 2);
                var id = credentials.DeviceId;
                var sale = string.Create(CultureInfo.InvariantCulture,
                    $"{{\"storeId\":\"{credentials.StoreId}\",\"terminalId\":\"{id}\",\"receiptId\":\"{id}-{sequence}\",\"sequence\":{sequence},\"lines\":[{{\"sku\":\"{offer.Sku}\",\"quantity\":1,\"unitPrice\":{total}}}],\"total\":{total},\"currency\":\"EUR\",\"payment\":\"mobile\",\"couponCode\":\"{offer.Coupon}\",\"time\":\"{DateTimeOffset.UtcNow:O}\"}}");
                var result = await _client.PublishAsync(new MqttApplicationMessageBuilder()
                    .WithTopic($"lc/v1/{credentials.StoreId}/{id}/sale").WithPayload(sale).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(),
                    CancellationToken.None).ConfigureAwait(false);
                if (result.IsSuccess)
                {
                    Interlocked.Increment(ref _accepted);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Closed.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync().ConfigureAwait(false);
        }
        _client.Dispose();
    }
}
