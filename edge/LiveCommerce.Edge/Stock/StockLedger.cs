namespace LiveCommerce.Edge.Stock;

/// <summary>
/// What the stock of one sku is computed from: the latest level and when it was taken, and the sales made
/// after it; plus what changed since it was last written (new sales, sales the new level made obsolete).
/// </summary>
public sealed class StockLedger(string sku)
{
    public string Sku => sku;

    public int? Level { get; private set; }

    public DateTimeOffset? LevelAsOf { get; private set; }

    /// <summary>Units sold after <see cref="LevelAsOf"/>.</summary>
    public int SoldUnits { get; private set; }

    /// <summary>Sales after the level, oldest first by arrival.</summary>
    public List<StockSale> Sales { get; } = [];

    /// <summary>Sales added since the ledger was last written.</summary>
    public List<StockSale> NewSales { get; } = [];

    /// <summary>When set, the stored sales up to this time are obsolete.</summary>
    public DateTimeOffset? DropSalesUpTo { get; set; }

    /// <summary>Takes a level; false when it is older than the one held.</summary>
    public bool TrySetLevel(int quantity, DateTimeOffset asOf)
    {
        if (LevelAsOf is { } held && asOf < held)
        {
            return false;
        }
        (Level, LevelAsOf, DropSalesUpTo) = (quantity, asOf, asOf);
        Sales.RemoveAll(s => s.Time <= asOf);
        NewSales.RemoveAll(s => s.Time <= asOf);
        SoldUnits = Sales.Sum(s => s.Units);
        return true;
    }

    /// <summary>How long the sales of a sku without a level are kept, for a level taken before them that comes later.</summary>
    public static readonly TimeSpan KeepWithoutLevel = TimeSpan.FromDays(1);

    /// <summary>Takes a sale; false when it was made before the level held (the level counts it already).</summary>
    public bool TryAddSale(StockSale sale)
    {
        if (LevelAsOf is { } held && sale.Time <= held)
        {
            return false;
        }
        if (Level is null)
        {
            var before = sale.Time - KeepWithoutLevel;
            if (Sales.RemoveAll(s => s.Time <= before) + NewSales.RemoveAll(s => s.Time <= before) > 0)
            {
                DropSalesUpTo = before;
            }
        }
        Sales.Add(sale);
        SoldUnits = Sales.Sum(s => s.Units);
        NewSales.Add(sale);
        return true;
    }

    /// <summary>Puts back a stored sale (at start).</summary>
    public void RestoreSale(StockSale sale)
    {
        Sales.Add(sale);
        SoldUnits += sale.Units;
    }

    /// <summary>Puts back the stored level (at start).</summary>
    public void RestoreLevel(int? quantity, DateTimeOffset? asOf) => (Level, LevelAsOf) = (quantity, asOf);
}
