using System.Globalization;

namespace LiveCommerce.EndToEnd.Tests;

/// <summary>Device payloads of the seeded POS terminal pos-01 of store s001.</summary>
internal static class Sales
{
    public static string Sale(long sequence) =>
        $$"""{"storeId":"{{EdgeHostProcess.StoreId}}","terminalId":"{{EdgeHostProcess.DeviceId}}","receiptId":"r-{{sequence}}","sequence":{{sequence}},"lines":[{"sku":"sku-1","quantity":2,"unitPrice":9.95}],"total":19.90,"currency":"EUR","payment":"buy-now-pay-later","bnplProvider":"klarna","time":"{{DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture)}}"}""";

    public static string EventId(long sequence) => $"{EdgeHostProcess.StoreId}:{EdgeHostProcess.DeviceId}:sale:{sequence}";

    public const string Topic = "lc/v1/s001/pos-01/sale";
}
