using System.Globalization;
using System.Text;

namespace LiveCommerce.Provisioning.Simulation;

/// <summary>A POS terminal ringing up realistic baskets; some paid with buy-now-pay-later.</summary>
public sealed class PosTerminalSimulator(DeviceCredentials credentials, string host, int port, double salesPerSecond)
    : SimulatedDevice(credentials, host, port, salesPerSecond)
{
    private static readonly (string Sku, decimal Price)[] s_catalog =
    [
        ("sku-headphones", 89.00m), ("sku-lipstick", 14.50m), ("sku-sneakers", 119.95m), ("sku-tshirt", 19.99m),
        ("sku-phone-case", 24.00m), ("sku-serum", 32.90m), ("sku-jacket", 149.00m), ("sku-socks", 4.99m),
    ];

    private static readonly string[] s_bnplProviders = ["klarna", "afterpay", "affirm"];

    protected override (string EventType, string Payload) NextMessage(long sequence, DateTimeOffset now)
    {
        var lines = new StringBuilder();
        var total = 0m;
        var count = Random.Next(1, 5);
        for (var i = 0; i < count; i++)
        {
            var (sku, price) = s_catalog[Random.Next(s_catalog.Length)];
            var quantity = Random.Next(1, 4);
            total += quantity * price;
            lines.Append(CultureInfo.InvariantCulture, $"{(i > 0 ? "," : "")}{{\"sku\":\"{sku}\",\"quantity\":{quantity},\"unitPrice\":{price}}}");
        }
        var roll = Random.Next(100);
        var payment = roll switch
        {
            < 15 => $"\"payment\":\"buy-now-pay-later\",\"bnplProvider\":\"{s_bnplProviders[Random.Next(s_bnplProviders.Length)]}\"",
            < 65 => $"\"payment\":\"card\",\"maskedCard\":\"************{Random.Next(1000, 9999)}\"",
            < 85 => "\"payment\":\"mobile\"",
            _ => "\"payment\":\"cash\"",
        };
        var id = Credentials.DeviceId;
        return ("sale", string.Create(CultureInfo.InvariantCulture,
            $"{{\"storeId\":\"{Credentials.StoreId}\",\"terminalId\":\"{id}\",\"receiptId\":\"{id}-{sequence}\",\"sequence\":{sequence},\"lines\":[{lines}],\"total\":{total},\"currency\":\"EUR\",{payment},\"time\":\"{now:O}\"}}"));
    }
}
