using LiveCommerce.Contracts;

namespace LiveCommerce.Edge.Live;

/// <summary>What <c>GET /live</c> shows the kiosk: what is on air now, the flash deals, the shows and campaigns.</summary>
public sealed record LiveView(
    DateTimeOffset Now,
    IReadOnlyList<OnAirView> OnAir,
    IReadOnlyList<FlashDeal> FlashDeals,
    IReadOnlyList<LiveShow> Shows,
    IReadOnlyList<Campaign> Campaigns);
