using System.Text.Json;
using LiveCommerce.Edge.Gateway;

namespace LiveCommerce.Edge.Coupons;

/// <summary>
/// Answers <c>lc/v1/{storeId}/{posId}/redeem</c>: <c>{"couponCode","sku","receiptId","terminalId"?}</c> →
/// <c>{"accepted","reason","discountPercent"?,"couponId"?}</c>. A request that cannot be read, lacks a field
/// or names another terminal is answered <c>malformed</c>.
/// </summary>
public sealed class CouponRedeemRequestHandler(CouponRedeemer redeemer) : IDeviceRequestHandler
{
    public const string Type = "redeem";

    public string RequestType => Type;

    public async Task<byte[]> HandleAsync(DeviceRequest request, CancellationToken cancellationToken)
    {
        var terminalId = request.Device.Id;
        var redeem = Read(request.Payload.Span);
        var verification = redeem is null || redeem.CouponCode.Length == 0 || redeem.Sku.Length == 0 || redeem.ReceiptId.Length == 0
            || (redeem.TerminalId is not null && redeem.TerminalId != terminalId)
            ? await redeemer.RefuseAsync(terminalId, redeem?.ReceiptId ?? "", redeem?.CouponCode, CouponReasons.Malformed, CouponRedeemer.RequestChannel, cancellationToken).ConfigureAwait(false)
            : await redeemer.RedeemAsync(terminalId, redeem.ReceiptId, redeem.CouponCode, [redeem.Sku], CouponRedeemer.RequestChannel, cancellationToken).ConfigureAwait(false);
        var reply = new RedeemReply
        {
            Accepted = verification.IsAccepted,
            Reason = verification.Reason,
            DiscountPercent = verification.IsAccepted ? verification.Coupon!.DiscountPercent : null,
            CouponId = verification.Coupon?.CouponId,
        };
        return JsonSerializer.SerializeToUtf8Bytes(reply, CouponsJsonContext.Default.RedeemReply);
    }

    private static RedeemRequest? Read(ReadOnlySpan<byte> payload)
    {
        try
        {
            return JsonSerializer.Deserialize(payload, CouponsJsonContext.Default.RedeemRequest);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
