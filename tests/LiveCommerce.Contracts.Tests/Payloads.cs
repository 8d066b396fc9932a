using System.Text;

namespace LiveCommerce.Contracts.Tests;

/// <summary>Valid sample payloads, as devices send them.</summary>
internal static class Payloads
{
    public const string Sale = """
        {
          "storeId": "s001",
          "terminalId": "pos-01",
          "receiptId": "R-0001234567",
          "sequence": 42,
          "lines": [
            { "sku": "SKU-1", "quantity": 2, "unitPrice": 9.99 },
            { "sku": "SKU-2", "quantity": 1, "unitPrice": 0 }
          ],
          "total": 19.98,
          "currency": "EUR",
          "payment": "card",
          "maskedCard": "411111******1111",
          "time": "2025-01-31T10:15:00Z"
        }
        """;

    public const string BnplSaleWithCoupon = """
        {
          "storeId": "s001",
          "terminalId": "pos-02",
          "receiptId": "R-2",
          "lines": [ { "sku": "SKU-9", "quantity": 3, "unitPrice": 33.335 } ],
          "total": 100.01,
          "currency": "USD",
          "payment": "buy-now-pay-later",
          "bnplProvider": "klarna",
          "couponCode": "LIVE-SHOW-10",
          "time": "2025-01-31T10:15:00+01:00"
        }
        """;

    public const string Heartbeat = """
        {"storeId":"s001","terminalId":"pos-01","sequence":7,"time":"2025-01-31T10:15:00Z","softwareVersion":"4.2.1","status":"ok"}
        """;

    public const string ShopperSighting = """
        {"gatewayId":"gw-01","shopperToken":"shp_8f3a","rssi":-67,"txPower":-59,"sequence":1,"time":"2025-01-31T10:15:00Z"}
        """;

    public const string BeaconSighting = """
        {"gatewayId":"gw-01","beaconId":"shelf-12","rssi":-80,"txPower":4,"time":"2025-01-31T10:15:00Z"}
        """;

    public const string Reading = """
        {"sensorId":"fridge-3","kind":"temperature","value":4.5,"unit":"Cel","sequence":9,"time":"2025-01-31T10:15:00Z"}
        """;

    public const string Status = """
        {"deviceId":"pos-01","kind":"pos","state":"degraded","detail":"printer out of paper","time":"2025-01-31T10:15:00Z"}
        """;

    public static byte[] Utf8(string json) => Encoding.UTF8.GetBytes(json);

    /// <summary>The sample sale with one top-level property replaced (raw JSON value).</summary>
    public static byte[] SaleWith(string property, string rawValue) =>
        Utf8(Sale.Replace(ValueOf(Sale, property), $"\"{property}\": {rawValue}", StringComparison.Ordinal));

    private static string ValueOf(string json, string property)
    {
        var start = json.IndexOf($"\"{property}\": ", StringComparison.Ordinal);
        var end = json.IndexOfAny([',', '\n'], start + property.Length + 4);
        return json[start..end].TrimEnd();
    }
}
