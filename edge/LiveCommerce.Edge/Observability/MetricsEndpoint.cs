using System.Globalization;
using System.Text;
using LiveCommerce.Edge.Offers;
using LiveCommerce.Edge.Uplink;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace LiveCommerce.Edge.Observability;

/// <summary><c>GET /metrics</c> in Prometheus text format.</summary>
public static class MetricsEndpoint
{
    public const string Path = "/metrics";

    public static WebApplication MapMetrics(this WebApplication app)
    {
        app.MapGet(Path, (HttpContext context) =>
        {
            var text = new StringBuilder();
            context.RequestServices.GetRequiredService<GatewayMetrics>().WriteTo(text);
            context.RequestServices.GetRequiredService<UplinkStatus>().WriteMetrics(text);
            var offers = context.RequestServices.GetRequiredService<OfferStore>().Summary();
            text.Append(CultureInfo.InvariantCulture, $"# HELP lc_offers_issued_total Offers made to shoppers.\n# TYPE lc_offers_issued_total counter\nlc_offers_issued_total {offers.Issued}\n");
            text.Append(CultureInfo.InvariantCulture, $"# HELP lc_offers_redeemed_total Offers whose coupon a POS redeemed.\n# TYPE lc_offers_redeemed_total counter\nlc_offers_redeemed_total {offers.Redeemed}\n");
            return Results.Text(text.ToString(), "text/plain; version=0.0.4", Encoding.UTF8);
        });
        return app;
    }
}
