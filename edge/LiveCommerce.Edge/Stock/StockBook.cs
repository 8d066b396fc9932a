using LiveCommerce.Contracts;

namespace LiveCommerce.Edge.Stock;

/// <summary>
/// Stock per sku (pure): a level from the cloud or a staff count sets it, a sale lowers it. A product whose
/// quantity falls to the low-stock threshold raises one <see cref="StockAlert"/>; it raises another only after
/// it was above the threshold again. A sku the store has no level for is unknown, and no offer is made for it.
/// </summary>
public sealed class StockBook(int lowStockThreshold)
{
    private readonly Dictionary<string, StockItem> _items = new(StringComparer.Ordinal);
    private readonly HashSet<string> _changed = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, StockItem> Items => _items;

    /// <summary>Puts back persisted items (at start).</summary>
    public void Restore(IEnumerable<StockItem> items)
    {
        foreach (var item in items)
        {
            _items[item.Sku] = item;
        }
    }

    /// <summary>Sets the level (a cloud level or a count), adding an alert when it is newly low.</summary>
    public void Set(string sku, int quantity, DateTimeOffset time, List<StockAlert> alerts) => Change(sku, quantity, time, alerts);

    /// <summary>Lowers a known sku's level by <paramref name="units"/> sold; an unknown sku stays unknown.</summary>
    public void Sell(string sku, int units, DateTimeOffset time, List<StockAlert> alerts)
    {
        if (_items.TryGetValue(sku, out var item))
        {
            Change(sku, item.Quantity - units, time, alerts);
        }
    }

    /// <summary>Units on hand, or null when the store has no level for the sku.</summary>
    public int? QuantityOf(string sku) => _items.TryGetValue(sku, out var item) ? item.Quantity : null;

    /// <summary>The skus whose stock changed since the last call.</summary>
    public IReadOnlyList<StockItem> TakeChanged()
    {
        var changed = _changed.Select(s => _items[s]).ToList();
        _changed.Clear();
        return changed;
    }

    private void Change(string sku, int quantity, DateTimeOffset time, List<StockAlert> alerts)
    {
        var low = quantity <= lowStockThreshold;
        var wasLow = _items.TryGetValue(sku, out var before) && before.Low;
        _items[sku] = new StockItem(sku, quantity, time, low);
        _changed.Add(sku);
        if (low && !wasLow)
        {
            alerts.Add(new StockAlert { Sku = sku, Quantity = quantity, Threshold = lowStockThreshold, Time = time });
        }
    }
}
