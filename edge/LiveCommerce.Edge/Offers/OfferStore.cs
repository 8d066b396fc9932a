using System.Text.Json;
using LiveCommerce.Contracts;
using LiveCommerce.Edge.Live;
using LiveCommerce.Edge.Storage;
using Microsoft.Data.Sqlite;

namespace LiveCommerce.Edge.Offers;

/// <summary>
/// The offer engine's tables: shopper profiles (opt-in, key hash, visits, purchases), offers made (with their
/// coupon and whether it was redeemed) and the staff's live actions; written in the store state's transaction.
/// </summary>
public sealed class OfferStore
{
    private readonly EdgeDatabase _database;

    public OfferStore(EdgeDatabase database)
    {
        _database = database;
        using var connection = database.Open();
        connection.Execute("""
            CREATE TABLE IF NOT EXISTS shopper_profiles (token TEXT PRIMARY KEY, opted_in INTEGER NOT NULL, key_hash TEXT, visits INTEGER NOT NULL, purchases INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS offers (
                offer_id TEXT PRIMARY KEY, token TEXT NOT NULL, sku TEXT NOT NULL, zone TEXT NOT NULL, source TEXT NOT NULL,
                discount INTEGER NOT NULL, issued_ms INTEGER NOT NULL, expires_ms INTEGER NOT NULL, coupon_id TEXT NOT NULL UNIQUE,
                redeemed INTEGER NOT NULL DEFAULT 0);
            CREATE INDEX IF NOT EXISTS offers_token_sku ON offers (token, sku, issued_ms);
            CREATE TABLE IF NOT EXISTS live_actions (id INTEGER PRIMARY KEY CHECK (id = 1), features TEXT NOT NULL, deals TEXT NOT NULL);
            """);
    }

    /// <summary>The profile of a shopper token, if it ever opted in.</summary>
    public ShopperProfile? FindProfile(string token)
    {
        using var connection = _database.Open();
        return connection.Query("SELECT token, opted_in, key_hash, visits, purchases FROM shopper_profiles WHERE token = $token", MapProfile, ("$token", token)).FirstOrDefault();
    }

    /// <summary>The latest offers, newest first.</summary>
    public IReadOnlyList<OfferRecord> Recent(int limit)
    {
        using var connection = _database.Open();
        return connection.Query(
            "SELECT offer_id, token, sku, zone, source, discount, issued_ms, expires_ms, redeemed FROM offers ORDER BY issued_ms DESC, offer_id LIMIT $limit",
            MapOffer, ("$limit", limit));
    }

    /// <summary>The offers of one shopper that have not expired at <paramref name="now"/>, newest first.</summary>
    public IReadOnlyList<OfferRecord> ForShopper(string token, DateTimeOffset now)
    {
        using var connection = _database.Open();
        return connection.Query(
            "SELECT offer_id, token, sku, zone, source, discount, issued_ms, expires_ms, redeemed FROM offers WHERE token = $token AND expires_ms > $now ORDER BY issued_ms DESC",
            MapOffer, ("$token", token), ("$now", now.ToUnixTimeMilliseconds()));
    }

    public OfferSummary Summary()
    {
        using var connection = _database.Open();
        return connection.Query("SELECT COUNT(*), COALESCE(SUM(redeemed), 0) FROM offers", r => new OfferSummary(r.GetInt64(0), r.GetInt64(1)))[0];
    }

    /// <summary>The staff's live actions as last committed.</summary>
    public (IReadOnlyList<StaffFeature> Features, IReadOnlyList<FlashDeal> Deals) ReadLive()
    {
        using var connection = _database.Open();
        return connection.Query("SELECT features, deals FROM live_actions WHERE id = 1", r => (
            (IReadOnlyList<StaffFeature>)JsonSerializer.Deserialize(r.GetString(0), OffersJsonContext.Default.IReadOnlyListStaffFeature)!,
            (IReadOnlyList<FlashDeal>)JsonSerializer.Deserialize(r.GetString(1), OffersJsonContext.Default.IReadOnlyListFlashDeal)!))
        .DefaultIfEmpty(([], [])).First();
    }

    /// <summary>Every shopper profile.</summary>
    public IReadOnlyList<ShopperProfile> Profiles()
    {
        using var connection = _database.Open();
        return connection.Query("SELECT token, opted_in, key_hash, visits, purchases FROM shopper_profiles", MapProfile);
    }

    /// <summary>(token, sku) → when the latest offer was made, for offers made since <paramref name="since"/>.</summary>
    public IReadOnlyList<(string Token, string Sku, DateTimeOffset IssuedAt)> Offered(DateTimeOffset since)
    {
        using var connection = _database.Open();
        return connection.Query("SELECT token, sku, MAX(issued_ms) FROM offers WHERE issued_ms >= $since GROUP BY token, sku",
            r => (r.GetString(0), r.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(2))), ("$since", since.ToUnixTimeMilliseconds()));
    }

    internal static void WriteProfiles(SqliteConnection connection, IEnumerable<ShopperProfile> profiles)
    {
        foreach (var p in profiles)
        {
            connection.Execute("""
                INSERT INTO shopper_profiles (token, opted_in, key_hash, visits, purchases) VALUES ($token, $in, $hash, $visits, $purchases)
                ON CONFLICT (token) DO UPDATE SET opted_in = excluded.opted_in, key_hash = excluded.key_hash, visits = excluded.visits, purchases = excluded.purchases
                """, ("$token", p.Token), ("$in", p.OptedIn ? 1 : 0), ("$hash", p.KeyHash), ("$visits", p.Visits), ("$purchases", p.Purchases));
        }
    }

    internal static void WriteOffer(SqliteConnection connection, StoreOffer offer) =>
        connection.Execute("""
            INSERT INTO offers (offer_id, token, sku, zone, source, discount, issued_ms, expires_ms, coupon_id)
            VALUES ($id, $token, $sku, $zone, $source, $discount, $issued, $expires, $coupon) ON CONFLICT (offer_id) DO NOTHING
            """, ("$id", offer.OfferId), ("$token", offer.ShopperToken), ("$sku", offer.Sku), ("$zone", offer.ZoneId), ("$source", offer.Source),
            ("$discount", offer.DiscountPercent), ("$issued", offer.IssuedAt.ToUnixTimeMilliseconds()), ("$expires", offer.ExpiresAt.ToUnixTimeMilliseconds()),
            ("$coupon", offer.CouponId.ToString()));

    /// <summary>Marks the offer of a redeemed coupon; the shopper token of that offer, if the coupon came from one.</summary>
    internal static string? MarkRedeemed(SqliteConnection connection, Guid couponId)
    {
        var token = connection.Query("SELECT token FROM offers WHERE coupon_id = $coupon AND redeemed = 0", r => r.GetString(0), ("$coupon", couponId.ToString())).FirstOrDefault();
        if (token is not null)
        {
            connection.Execute("UPDATE offers SET redeemed = 1 WHERE coupon_id = $coupon", ("$coupon", couponId.ToString()));
        }
        return token;
    }

    internal static void WriteLive(SqliteConnection connection, LiveState live) =>
        connection.Execute("""
            INSERT INTO live_actions (id, features, deals) VALUES (1, $features, $deals)
            ON CONFLICT (id) DO UPDATE SET features = excluded.features, deals = excluded.deals
            """,
            ("$features", JsonSerializer.Serialize(live.Features, OffersJsonContext.Default.IReadOnlyListStaffFeature)),
            ("$deals", JsonSerializer.Serialize(live.Deals, OffersJsonContext.Default.IReadOnlyListFlashDeal)));

    private static ShopperProfile MapProfile(SqliteDataReader r) =>
        new(r.GetString(0), r.GetInt64(1) != 0, r.IsDBNull(2) ? null : r.GetString(2), r.GetInt32(3), r.GetInt32(4));

    private static OfferRecord MapOffer(SqliteDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetInt32(5),
            DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(6)), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(7)), r.GetInt64(8) != 0);
}
