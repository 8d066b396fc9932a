using LiveCommerce.Contracts;
using LiveCommerce.Edge.Downlink;

namespace LiveCommerce.Edge.Offers;

/// <summary>
/// The downlinked shows, campaigns and products the offer engine needs, kept in memory and reloaded from the
/// SQLite caches only when they changed (<see cref="DownlinkStore.Version"/>).
/// </summary>
public sealed class CatalogView(DownlinkStore downlink, TimeProvider time)
{
    private static readonly TimeSpan s_horizon = TimeSpan.FromDays(1);
    private long _version = -1;

    public IReadOnlyList<LiveShow> Shows { get; private set; } = [];

    public IReadOnlyList<Campaign> Campaigns { get; private set; } = [];

    public IReadOnlyDictionary<string, Product> Products { get; private set; } = new Dictionary<string, Product>();

    /// <summary>Reloads when the caches changed since the last call.</summary>
    public void Refresh()
    {
        var version = downlink.Version;
        if (version == _version)
        {
            return;
        }
        _version = version;
        // Shows and campaigns that ended a day ago are of no use even to a replay of yesterday's sightings.
        var since = time.GetUtcNow() - s_horizon;
        Shows = downlink.CurrentAndUpcomingShows(since);
        Campaigns = downlink.CurrentAndUpcomingCampaigns(since);
        Products = downlink.Products();
    }
}
