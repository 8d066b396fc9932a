using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using LiveCommerce.Contracts;

namespace LiveCommerce.Edge.Downlink;

/// <summary>Reads the value of a downlinked record into a <see cref="DownlinkEntity"/>.</summary>
internal static class DownlinkPayload
{
    public static bool TryRead(DownlinkKind kind, byte[]? key, byte[] value, [NotNullWhen(true)] out DownlinkEntity? entity, out string error)
    {
        entity = null;
        error = "";
        try
        {
            entity = kind switch
            {
                DownlinkKind.Products => Read(value, ContractsJsonContext.Default.Product, p => p.Sku, p => new(kind, p.Sku, p.StoreIds, Json(p, ContractsJsonContext.Default.Product), null)),
                DownlinkKind.Prices => Read(value, ContractsJsonContext.Default.Price, p => p.Sku, p => new(kind, p.Sku, p.StoreIds, Json(p, ContractsJsonContext.Default.Price), null)),
                DownlinkKind.Shows => Read(value, ContractsJsonContext.Default.LiveShow, s => s.ShowId, s => new(kind, s.ShowId, s.StoreIds, Json(s, ContractsJsonContext.Default.LiveShow), null)
                {
                    Period = (s.Start.ToUnixTimeMilliseconds(), s.End.ToUnixTimeMilliseconds()),
                }),
                DownlinkKind.Campaigns => Read(value, ContractsJsonContext.Default.Campaign, c => c.CampaignId, c => new(kind, c.CampaignId, c.StoreIds, Json(c, ContractsJsonContext.Default.Campaign), null)
                {
                    Period = (c.Start.ToUnixTimeMilliseconds(), c.End.ToUnixTimeMilliseconds()),
                }),
                DownlinkKind.StoreConfig => Read(value, ContractsJsonContext.Default.StoreConfig, c => c.StoreId, c => new(kind, c.StoreId, null, Json(c, ContractsJsonContext.Default.StoreConfig), null)
                {
                    ConfigStoreId = c.StoreId,
                }),
                DownlinkKind.Stock => Read(value, ContractsJsonContext.Default.StockLevel, l => l.Sku, l => new(kind, l.Sku, null, Json(l, ContractsJsonContext.Default.StockLevel), null)),
                _ => key is { Length: > 0 } ? new DownlinkEntity(kind, Encoding.UTF8.GetString(key), null, null, value) : null,
            };
        }
        catch (JsonException e)
        {
            error = e.Message;
            return false;
        }
        if (entity is null)
        {
            error = kind == DownlinkKind.Models ? "a model record needs its version as the key" : "the value is null or its id is missing";
        }
        return entity is not null;
    }

    private static DownlinkEntity? Read<T>(byte[] value, JsonTypeInfo<T> type, Func<T, string> id, Func<T, DownlinkEntity> entity)
        where T : class =>
        JsonSerializer.Deserialize(value, type) is { } record && !string.IsNullOrWhiteSpace(id(record)) ? entity(record) : null;

    private static string Json<T>(T value, JsonTypeInfo<T> type) => JsonSerializer.Serialize(value, type);
}
