using LiveCommerce.Edge.Storage;
using Microsoft.Data.Sqlite;

namespace LiveCommerce.Edge.Stock;

/// <summary>
/// The <c>stock</c> tables, written in the store state's transaction: per sku the level and when it was taken,
/// the stock computed from it (null while the store has no level), and the sales made after the level.
/// </summary>
public sealed class StockStore
{
    private readonly EdgeDatabase _database;

    public StockStore(EdgeDatabase database)
    {
        _database = database;
        using var connection = database.Open();
        connection.Execute("""
            CREATE TABLE IF NOT EXISTS stock (sku TEXT PRIMARY KEY, level INTEGER, level_asof_ms INTEGER, quantity INTEGER, updated_ms INTEGER, low INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS stock_sales (sku TEXT NOT NULL, time_ms INTEGER NOT NULL, units INTEGER NOT NULL);
            CREATE INDEX IF NOT EXISTS stock_sales_sku ON stock_sales (sku, time_ms);
            """);
    }

    /// <summary>Every sku the store has a level for, by sku.</summary>
    public IReadOnlyList<StockItem> All()
    {
        using var connection = _database.Open();
        return connection.Query("SELECT sku, quantity, updated_ms, low FROM stock WHERE quantity IS NOT NULL ORDER BY sku", MapItem);
    }

    /// <summary>The ledgers (levels and sales after them), for the store state at start.</summary>
    public IReadOnlyList<StockLedger> Ledgers()
    {
        using var connection = _database.Open();
        var ledgers = connection.Query("SELECT sku, level, level_asof_ms FROM stock", r =>
        {
            var ledger = new StockLedger(r.GetString(0));
            ledger.RestoreLevel(r.IsDBNull(1) ? null : r.GetInt32(1), r.IsDBNull(2) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(2)));
            return ledger;
        }).ToDictionary(l => l.Sku, StringComparer.Ordinal);
        foreach (var (sku, sale) in connection.Query("SELECT sku, time_ms, units FROM stock_sales ORDER BY rowid",
            r => (r.GetString(0), new StockSale(DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(1)), r.GetInt32(2)))))
        {
            ledgers[sku].RestoreSale(sale);
        }
        return [.. ledgers.Values];
    }

    internal static void Write(SqliteConnection connection, IEnumerable<(StockLedger Ledger, StockItem? Item)> changed)
    {
        foreach (var (ledger, item) in changed)
        {
            connection.Execute("""
                INSERT INTO stock (sku, level, level_asof_ms, quantity, updated_ms, low) VALUES ($sku, $level, $asof, $quantity, $updated, $low)
                ON CONFLICT (sku) DO UPDATE SET level = excluded.level, level_asof_ms = excluded.level_asof_ms, quantity = excluded.quantity,
                    updated_ms = excluded.updated_ms, low = excluded.low
                """, ("$sku", ledger.Sku), ("$level", ledger.Level), ("$asof", ledger.LevelAsOf?.ToUnixTimeMilliseconds()),
                ("$quantity", item?.Quantity), ("$updated", item?.UpdatedAt.ToUnixTimeMilliseconds()), ("$low", item is { Low: true } ? 1 : 0));
            if (ledger.DropSalesUpTo is { } upTo)
            {
                connection.Execute("DELETE FROM stock_sales WHERE sku = $sku AND time_ms <= $upTo", ("$sku", ledger.Sku), ("$upTo", upTo.ToUnixTimeMilliseconds()));
                ledger.DropSalesUpTo = null;
            }
            foreach (var sale in ledger.NewSales)
            {
                connection.Execute("INSERT INTO stock_sales (sku, time_ms, units) VALUES ($sku, $time, $units)",
                    ("$sku", ledger.Sku), ("$time", sale.Time.ToUnixTimeMilliseconds()), ("$units", sale.Units));
            }
            ledger.NewSales.Clear();
        }
    }

    private static StockItem MapItem(SqliteDataReader r) =>
        new(r.GetString(0), r.GetInt32(1), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(2)), r.GetInt64(3) != 0);
}
