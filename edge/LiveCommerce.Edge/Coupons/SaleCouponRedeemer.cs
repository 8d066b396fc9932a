using LiveCommerce.Contracts;
using LiveCommerce.Edge.Devices;
using LiveCommerce.Edge.Gateway;

namespace LiveCommerce.Edge.Coupons;

/// <summary>
/// Redeems the <c>couponCode</c> of a sale before the gateway writes the sale. The sale is written whatever
/// the outcome (it happened at the till); a refusal is recorded on <c>pos.redemptions</c> with its reason,
/// for the store and the cloud to follow up. A coupon redeemed by a request for the same terminal and receipt
/// is accepted again, not counted twice.
/// </summary>
public sealed class SaleCouponRedeemer(CouponRedeemer redeemer) : IIngestHook
{
    public async Task BeforeWriteAsync(Device device, IValidatableEvent deviceEvent, CancellationToken cancellationToken)
    {
        if (deviceEvent is not PosSale { CouponCode: { Length: > 0 } couponCode } sale)
        {
            return;
        }
        var skus = sale.Lines.Select(l => l.Sku).ToArray();
        await redeemer.RedeemAsync(device.Id, sale.ReceiptId, couponCode, skus, CouponRedeemer.SaleChannel, cancellationToken).ConfigureAwait(false);
    }
}
