using LiveCommerce.Edge.Storage;
using Microsoft.Data.Sqlite;

namespace LiveCommerce.Edge.Coupons;

/// <summary>
/// The store's coupon tables: <c>coupons</c> (issued) and <c>coupon_redemptions</c> (the ledger, one row per
/// redeemed coupon: the coupon id is the primary key, so two redemptions of one coupon cannot both be written).
/// </summary>
public sealed class CouponLedger
{
    private readonly EdgeDatabase _database;

    public CouponLedger(EdgeDatabase database)
    {
        _database = database;
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE IF NOT EXISTS coupons (
                id TEXT PRIMARY KEY, token TEXT NOT NULL, sku TEXT NOT NULL, expires INTEGER NOT NULL,
                shopper TEXT NOT NULL, issued_at INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS coupon_redemptions (
                coupon_id TEXT PRIMARY KEY, terminal_id TEXT NOT NULL, receipt_id TEXT NOT NULL, sku TEXT NOT NULL,
                discount_percent INTEGER NOT NULL, redeemed_at INTEGER NOT NULL);
            """;
        command.ExecuteNonQuery();
    }

    public void RecordIssued(IssuedCoupon coupon)
    {
        using var connection = _database.Open();
        RecordIssued(connection, coupon);
    }

    /// <summary>Records an issued coupon on <paramref name="connection"/> (inside the caller's transaction); a coupon recorded before is left as it is.</summary>
    public static void RecordIssued(SqliteConnection connection, IssuedCoupon coupon)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO coupons (id, token, sku, expires, shopper, issued_at) VALUES ($id, $token, $sku, $expires, $shopper, $issued) ON CONFLICT (id) DO NOTHING";
        command.Parameters.AddWithValue("$id", coupon.Payload.CouponId.ToString());
        command.Parameters.AddWithValue("$token", coupon.Token);
        command.Parameters.AddWithValue("$sku", coupon.Payload.Sku);
        command.Parameters.AddWithValue("$expires", coupon.Payload.ExpiresAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$shopper", coupon.Payload.ShopperToken);
        command.Parameters.AddWithValue("$issued", coupon.Payload.IssuedAt.ToUnixTimeMilliseconds());
        command.ExecuteNonQuery();
    }

    /// <summary>Whether the ledger holds a redemption of the coupon, and by which terminal and receipt.</summary>
    public bool TryFindRedemption(Guid couponId, out string terminalId, out string receiptId)
    {
        using var connection = _database.Open();
        return TryFindRedemption(connection, null, couponId, out terminalId, out receiptId);
    }

    /// <summary>
    /// Runs <paramref name="verify"/> and, when it accepts, marks the coupon used, in one transaction
    /// (<c>BEGIN IMMEDIATE</c>): the first redemption wins, a later one for the same terminal and receipt gets
    /// the same answer (a retry), any other one <c>already-redeemed</c>.
    /// </summary>
    public CouponVerification Redeem(Func<CouponVerification> verify, string terminalId, string receiptId, DateTimeOffset now)
    {
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        var verification = verify();
        if (!verification.IsAccepted || verification.Coupon is not { } coupon)
        {
            return verification;
        }
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO coupon_redemptions (coupon_id, terminal_id, receipt_id, sku, discount_percent, redeemed_at)
            VALUES ($id, $terminal, $receipt, $sku, $discount, $at) ON CONFLICT (coupon_id) DO NOTHING
            """;
        insert.Parameters.AddWithValue("$id", coupon.CouponId.ToString());
        insert.Parameters.AddWithValue("$terminal", terminalId);
        insert.Parameters.AddWithValue("$receipt", receiptId);
        insert.Parameters.AddWithValue("$sku", coupon.Sku);
        insert.Parameters.AddWithValue("$discount", coupon.DiscountPercent);
        insert.Parameters.AddWithValue("$at", now.ToUnixTimeMilliseconds());
        if (insert.ExecuteNonQuery() == 1)
        {
            transaction.Commit();
            return verification;
        }
        TryFindRedemption(connection, transaction, coupon.CouponId, out var byTerminal, out var forReceipt);
        var retry = byTerminal == terminalId && forReceipt == receiptId;
        return retry ? verification : verification with { Reason = CouponReasons.AlreadyRedeemed };
    }

    private static bool TryFindRedemption(SqliteConnection connection, SqliteTransaction? transaction, Guid couponId, out string terminalId, out string receiptId)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT terminal_id, receipt_id FROM coupon_redemptions WHERE coupon_id = $id";
        command.Parameters.AddWithValue("$id", couponId.ToString());
        using var reader = command.ExecuteReader();
        if (reader.Read())
        {
            (terminalId, receiptId) = (reader.GetString(0), reader.GetString(1));
            return true;
        }
        (terminalId, receiptId) = ("", "");
        return false;
    }
}
