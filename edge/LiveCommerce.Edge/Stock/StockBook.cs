using LiveCommerce.Contracts;

namespace LiveCommerce.Edge.Stock;

/// <summary>
/// Stock per sku (pure), by event time so that the order in which levels and sales are read does not matter:
/// the stock is the latest level (a cloud level or a staff count, as of its time) minus the units of the sales
/// made after that time. A sale made before the level is in it already; a level older than the one held is
/// ignored. A product whose quantity falls to the low-stock threshold raises one <see cref="StockAlert"/>; it
/// raises another only after it was above the threshold again. A sku the store has no level for is unknown,
/// and no offer is made for it.
/// </summary>
public sealed class StockBook(int lowStockThreshold)
{
    private readonly Dictionary<string, StockLedger> _ledgers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StockItem> _items = new(StringComparer.Ordinal);
    private readonly HashSet<string> _changed = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, StockItem> Items => _items;

    /// <summary>Puts back persisted ledgers and items (at start).</summary>
    public void Restore(IEnumerable<StockLedger> ledgers, IEnumerable<StockItem> items)
    {
        foreach (var ledger in ledgers)
        {
            _ledgers[ledger.Sku] = ledger;
        }
        foreach (var item in items)
        {
            _items[item.Sku] = item;
        }
    }

    /// <summary>A level (a cloud level or a count) of <paramref name="quantity"/> units as of <paramref name="asOf"/>.</summary>
    public void Set(string sku, int quantity, DateTimeOffset asOf, List<StockAlert> alerts)
    {
        asOf = Milliseconds(asOf);
        var ledger = Ledger(sku);
        if (ledger.TrySetLevel(quantity, asOf))
        {
            Update(ledger, asOf, alerts);
        }
    }

    /// <summary>A sale of <paramref name="units"/> at <paramref name="time"/>; one made before the level held is in it already.</summary>
    public void Sell(string sku, int units, DateTimeOffset time, List<StockAlert> alerts)
    {
        time = Milliseconds(time);
        var ledger = Ledger(sku);
        if (ledger.TryAddSale(new StockSale(time, units)))
        {
            Update(ledger, time, alerts);
        }
    }

    /// <summary>Units on hand, or null when the store has no level for the sku.</summary>
    public int? QuantityOf(string sku) => _items.TryGetValue(sku, out var item) ? item.Quantity : null;

    /// <summary>The skus that changed since the last call: their ledger and, when they have a level, their stock.</summary>
    public IReadOnlyList<(StockLedger Ledger, StockItem? Item)> TakeChanged()
    {
        var changed = _changed.Select(s => (_ledgers[s], _items.GetValueOrDefault(s))).ToList();
        _changed.Clear();
        return changed;
    }

    /// <summary>Times are kept to the millisecond, as stored: a restart compares them as before it.</summary>
    private static DateTimeOffset Milliseconds(DateTimeOffset time) => DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds());

    private StockLedger Ledger(string sku)
    {
        if (!_ledgers.TryGetValue(sku, out var ledger))
        {
            _ledgers[sku] = ledger = new StockLedger(sku);
        }
        return ledger;
    }

    private void Update(StockLedger ledger, DateTimeOffset time, List<StockAlert> alerts)
    {
        _changed.Add(ledger.Sku);
        if (ledger.Level is not { } level)
        {
            return;
        }
        var quantity = level - ledger.SoldUnits;
        var low = quantity <= lowStockThreshold;
        var wasLow = _items.TryGetValue(ledger.Sku, out var before) && before.Low;
        var updated = before is not null && before.UpdatedAt > time ? before.UpdatedAt : time;
        _items[ledger.Sku] = new StockItem(ledger.Sku, quantity, updated, low);
        if (low && !wasLow)
        {
            alerts.Add(new StockAlert { Sku = ledger.Sku, Quantity = quantity, Threshold = lowStockThreshold, Time = time });
        }
    }
}
