using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace LiveCommerce.Contracts;

/// <summary>
/// The active ISO 4217 currency codes a sale can be in, with their minor units (decimal places).
/// </summary>
/// <remarks>
/// Snapshot of ISO 4217 list one as amended up to 2025 (HRK, SLL, ZWL, ANG withdrawn; VED, SLE,
/// ZWG, XCG added). Codes whose minor units are "N.A." are left out because nothing is sold in
/// them: precious metals (XAU, XAG, XPD, XPT), bond-market units (XBA–XBD), XDR, XSU, XUA and the
/// testing/no-currency codes XTS and XXX. Fund codes that have minor units (BOV, CHE, CHW, CLF,
/// COU, MXV, USN, UYI, UYW) are kept. Codes are upper case; lower case is not accepted.
/// </remarks>
public static class Iso4217Currencies
{
    private static readonly FrozenDictionary<string, int> s_minorUnits = Build();

    /// <summary>All known codes.</summary>
    public static IReadOnlyCollection<string> Codes => s_minorUnits.Keys;

    /// <summary>Whether <paramref name="code"/> is an active ISO 4217 code (upper case).</summary>
    public static bool IsActive([NotNullWhen(true)] string? code) =>
        code is not null && s_minorUnits.ContainsKey(code);

    /// <summary>The number of decimal places of <paramref name="code"/> (2 for USD, 0 for JPY, 3 for KWD).</summary>
    public static bool TryGetMinorUnits([NotNullWhen(true)] string? code, out int minorUnits)
    {
        if (code is null)
        {
            minorUnits = 0;
            return false;
        }

        return s_minorUnits.TryGetValue(code, out minorUnits);
    }

    private static FrozenDictionary<string, int> Build()
    {
        const string twoDecimals =
            "AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP BYN BZD " +
            "CAD CDF CHE CHF CHW CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP " +
            "GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT " +
            "LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN " +
            "NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD " +
            "SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS " +
            "VED VES WST XCD XCG YER ZAR ZMW ZWG";
        const string zeroDecimals = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF";
        const string threeDecimals = "BHD IQD JOD KWD LYD OMR TND";
        const string fourDecimals = "CLF UYW";

        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        Add(map, twoDecimals, 2);
        Add(map, zeroDecimals, 0);
        Add(map, threeDecimals, 3);
        Add(map, fourDecimals, 4);
        return map.ToFrozenDictionary(StringComparer.Ordinal);

        static void Add(Dictionary<string, int> map, string codes, int minorUnits)
        {
            foreach (var code in codes.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                map.Add(code, minorUnits);
            }
        }
    }
}
