using LiveCommerce.Edge.Storage;
using Microsoft.Data.Sqlite;

namespace LiveCommerce.Edge.Stock;

/// <summary>The <c>stock</c> table: units per sku, written in the store state's transaction.</summary>
public sealed class StockStore
{
    private readonly EdgeDatabase _database;

    public StockStore(EdgeDatabase database)
    {
        _database = database;
        using var connection = database.Open();
        connection.Execute("CREATE TABLE IF NOT EXISTS stock (sku TEXT PRIMARY KEY, quantity INTEGER NOT NULL, updated_ms INTEGER NOT NULL, low INTEGER NOT NULL)");
    }

    /// <summary>Every sku the store has a level for, by sku.</summary>
    public IReadOnlyList<StockItem> All()
    {
        using var connection = _database.Open();
        return Read(connection);
    }

    /// <summary>The stock of one sku, if known.</summary>
    public StockItem? Find(string sku)
    {
        using var connection = _database.Open();
        return connection.Query("SELECT sku, quantity, updated_ms, low FROM stock WHERE sku = $sku", Map, ("$sku", sku)).FirstOrDefault();
    }

    internal static IReadOnlyList<StockItem> Read(SqliteConnection connection) =>
        connection.Query("SELECT sku, quantity, updated_ms, low FROM stock ORDER BY sku", Map);

    internal static void Write(SqliteConnection connection, IEnumerable<StockItem> changed)
    {
        foreach (var item in changed)
        {
            connection.Execute("""
                INSERT INTO stock (sku, quantity, updated_ms, low) VALUES ($sku, $quantity, $updated, $low)
                ON CONFLICT (sku) DO UPDATE SET quantity = excluded.quantity, updated_ms = excluded.updated_ms, low = excluded.low
                """, ("$sku", item.Sku), ("$quantity", item.Quantity), ("$updated", item.UpdatedAt.ToUnixTimeMilliseconds()), ("$low", item.Low ? 1 : 0));
        }
    }

    private static StockItem Map(SqliteDataReader r) =>
        new(r.GetString(0), r.GetInt32(1), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(2)), r.GetInt64(3) != 0);
}
