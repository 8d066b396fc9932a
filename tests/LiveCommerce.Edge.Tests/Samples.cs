using System.Globalization;

namespace LiveCommerce.Edge.Tests;

/// <summary>Valid and invalid device payloads.</summary>
internal static class Samples
{
    public static string Now => DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);

    public static string Sale(string terminal, long sequence, int quantity = 2, decimal total = 19.90m, string extra = "") =>
        $$"""{"storeId":"{{EdgeUnderTest.StoreId}}","terminalId":"{{terminal}}","receiptId":"r-{{sequence}}","sequence":{{sequence}},"lines":[{"sku":"sku-1","quantity":{{quantity}},"unitPrice":9.95}],"total":{{total.ToString(CultureInfo.InvariantCulture)}},"currency":"EUR","payment":"buy-now-pay-later","bnplProvider":"klarna","time":"{{Now}}"{{extra}}}""";

    public static string Sighting(string gateway, long sequence) =>
        $$"""{"gatewayId":"{{gateway}}","shopperToken":"shopper-{{sequence % 8}}","rssi":-60,"txPower":-59,"sequence":{{sequence}},"time":"{{Now}}"}""";
}
