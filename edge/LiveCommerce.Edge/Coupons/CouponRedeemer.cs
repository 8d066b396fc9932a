using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using LiveCommerce.Contracts;
using LiveCommerce.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveCommerce.Edge.Coupons;

/// <summary>
/// Redeems coupons at the store: verification and the ledger entry in one SQLite transaction, then every
/// attempt, accepted or refused, as a <see cref="PosRedemption"/> event on local <c>pos.redemptions</c>
/// (critical class, mirrored to the cloud). Works offline: nothing here needs the cloud.
/// </summary>
/// <remarks>
/// The ledger decides. When local Kafka does not take the event the ledger keeps the redemption and a
/// <see cref="KafkaException"/> goes to the caller (the device gets no answer and sends again); asking again
/// for the same terminal and receipt gets the same answer and writes the event again with the same
/// <c>ce_id</c>, which cloud consumers deduplicate.
/// </remarks>
public sealed partial class CouponRedeemer(
    CouponVerifier verifier,
    CouponLedger ledger,
    KafkaProducerHandle producer,
    IOptions<EdgeOptions> edgeOptions,
    TimeProvider time,
    ILogger<CouponRedeemer> logger)
{
    /// <summary>The coupon came in a redeem request.</summary>
    public const string RequestChannel = "request";

    /// <summary>The coupon came as the <c>couponCode</c> of a sale.</summary>
    public const string SaleChannel = "sale";

    private readonly string _storeId = edgeOptions.Value.StoreId;

    /// <summary>Redeems <paramref name="token"/> for a receipt of <paramref name="terminalId"/> with lines of <paramref name="skus"/>.</summary>
    public async Task<CouponVerification> RedeemAsync(string terminalId, string receiptId, string token, IReadOnlyCollection<string> skus, string channel, CancellationToken cancellationToken)
    {
        var verification = ledger.Redeem(() => verifier.Check(token, skus), terminalId, receiptId, time.GetUtcNow());
        await RecordAsync(terminalId, receiptId, token, verification, channel, cancellationToken).ConfigureAwait(false);
        return verification;
    }

    /// <summary>Records an attempt refused before the coupon was looked at (e.g. an unreadable request).</summary>
    public async Task<CouponVerification> RefuseAsync(string terminalId, string receiptId, string? token, string reason, string channel, CancellationToken cancellationToken)
    {
        var verification = new CouponVerification(reason, null);
        await RecordAsync(terminalId, receiptId, token, verification, channel, cancellationToken).ConfigureAwait(false);
        return verification;
    }

    private async Task RecordAsync(string terminalId, string receiptId, string? token, CouponVerification verification, string channel, CancellationToken cancellationToken)
    {
        var coupon = verification.Coupon;
        var now = time.GetUtcNow();
        var attempt = new PosRedemption
        {
            StoreId = _storeId,
            TerminalId = terminalId,
            ReceiptId = receiptId,
            CouponId = coupon?.CouponId,
            CouponStoreId = coupon?.StoreId,
            Sku = coupon?.Sku,
            Accepted = verification.IsAccepted,
            Reason = verification.Reason,
            DiscountPercent = verification.IsAccepted ? coupon!.DiscountPercent : null,
            Channel = channel,
            Time = now,
        };
        // One attempt, one id: the same coupon presented again for the same receipt with the same outcome is the same event.
        var couponKey = coupon?.CouponId.ToString() ?? (string.IsNullOrEmpty(token) ? "-" : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)).AsSpan(0, 8)));
        var envelope = new EventEnvelope(
            $"{_storeId}:{terminalId}:redemption:{(receiptId.Length == 0 ? "-" : receiptId)}:{couponKey}:{verification.Reason}",
            EventEnvelope.DeviceSource(_storeId, terminalId),
            PosRedemption.CloudEventType,
            now);
        await producer.Producer.ProduceEventAsync(Topics.PosRedemptions, coupon?.CouponId.ToString() ?? terminalId, envelope, attempt,
            ContractsJsonContext.Default.PosRedemption, cancellationToken).ConfigureAwait(false);
        LogAttempt(logger, coupon?.CouponId, verification.Reason, terminalId, receiptId, channel);
    }

    [LoggerMessage(EventId = 5020, Level = LogLevel.Information, Message = "Coupon {CouponId} presented by {TerminalId} for receipt {ReceiptId} ({Channel}): {Reason}")]
    private static partial void LogAttempt(ILogger logger, Guid? couponId, string reason, string terminalId, string receiptId, string channel);
}
