using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace LiveCommerce.Edge.Storage;

/// <summary>The store's SQLite database (WAL mode): registry, caches, ledger and analytics state.</summary>
public sealed class EdgeDatabase
{
    public EdgeDatabase(IOptions<EdgeOptions> options)
    {
        var edge = options.Value;
        Directory.CreateDirectory(edge.DataDirectory);
        Path = System.IO.Path.GetFullPath(System.IO.Path.Combine(edge.DataDirectory, $"edge-{edge.StoreId}.db"));
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = Path, Pooling = true }.ToString();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = NORMAL;
            CREATE TABLE IF NOT EXISTS schema_info (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            INSERT OR IGNORE INTO schema_info (key, value) VALUES ('version', '1');
            """;
        command.ExecuteNonQuery();
    }

    public string Path { get; }

    public string ConnectionString { get; }

    /// <summary>An open connection; every connection waits up to 5 s on a lock instead of failing.</summary>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;";
        command.ExecuteNonQuery();
        return connection;
    }
}
