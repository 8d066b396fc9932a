using System.Globalization;

namespace LiveCommerce.Contracts;

/// <summary>
/// A completed sale at a POS terminal. MQTT <c>lc/v1/{storeId}/{terminalId}/sale</c>,
/// CloudEvents type <c>com.livecommerce.pos.sale.v1</c>, keyed by <see cref="TerminalId"/>.
/// </summary>
/// <remarks>
/// Value-type fields that are required are nullable only so that a missing value is reported as
/// <c>required</c> instead of defaulting to zero; they are set on every valid sale.
/// </remarks>
public sealed record PosSale : IValidatableEvent
{
    /// <summary>The store the terminal belongs to.</summary>
    public string StoreId { get; init; } = "";

    /// <summary>The POS terminal (the MQTT device id).</summary>
    public string TerminalId { get; init; } = "";

    /// <summary>The receipt number printed for the shopper.</summary>
    public string ReceiptId { get; init; } = "";

    /// <inheritdoc/>
    public long? Sequence { get; init; }

    /// <summary>What was sold; at least one line.</summary>
    public IReadOnlyList<SaleLine> Lines { get; init; } = [];

    /// <summary>
    /// The amount paid: the sum of quantity × unit price over the lines, rounded half away from
    /// zero to the currency's minor units.
    /// </summary>
    public decimal? Total { get; init; }

    /// <summary>Active ISO 4217 code in upper case, e.g. <c>EUR</c>.</summary>
    public string Currency { get; init; } = "";

    /// <summary>How the sale was paid.</summary>
    public PaymentMethod? Payment { get; init; }

    /// <summary>The BNPL provider; required when <see cref="Payment"/> is <see cref="PaymentMethod.BuyNowPayLater"/>.</summary>
    public string? BnplProvider { get; init; }

    /// <summary>The coupon redeemed with this sale, if any.</summary>
    public string? CouponCode { get; init; }

    /// <summary>
    /// The card as printed on the receipt: at most the first 6 and last 4 digits visible, e.g.
    /// <c>************1234</c> or <c>411111******1111</c>. A full card number is never accepted.
    /// </summary>
    public string? MaskedCard { get; init; }

    /// <inheritdoc/>
    public DateTimeOffset Time { get; init; }

    string? IValidatableEvent.PartitionKey => TerminalId;

    /// <inheritdoc/>
    public IReadOnlyList<ValidationError> Validate() => Collect(now: null);

    /// <inheritdoc/>
    public IReadOnlyList<ValidationError> Validate(DateTimeOffset now) => Collect(now);

    private IReadOnlyList<ValidationError> Collect(DateTimeOffset? now)
    {
        var errors = new ValidationErrorBuilder();
        errors.RequireText(StoreId, "storeId");
        errors.RequireText(TerminalId, "terminalId");
        errors.RequireText(ReceiptId, "receiptId");
        errors.CheckSequence(Sequence);
        var linesComplete = CheckLines(errors);
        var currencyKnown = CheckCurrency(errors, out var minorUnits);

        if (Total is not { } total)
        {
            errors.Add("total", ValidationReasons.Required, "'total' is required.");
        }
        else if (linesComplete && currencyKnown)
        {
            CheckTotal(errors, total, minorUnits);
        }

        if (Payment is null)
        {
            errors.Add("payment", ValidationReasons.Required,
                "'payment' is required: cash, card, mobile, gift-card or buy-now-pay-later.");
        }
        else if (Payment == PaymentMethod.BuyNowPayLater && string.IsNullOrWhiteSpace(BnplProvider))
        {
            errors.Add("bnplProvider", ValidationReasons.Required,
                "'bnplProvider' is required when 'payment' is buy-now-pay-later.");
        }

        if (MaskedCard is not null)
        {
            if (CardNumberDetector.ContainsCardNumber(MaskedCard))
            {
                errors.Add("maskedCard", ValidationReasons.CardNumber,
                    "'maskedCard' holds a full card number; send at most the first 6 and last 4 digits.");
            }
            else if (!MaskedCardNumber.IsMasked(MaskedCard))
            {
                errors.Add("maskedCard", ValidationReasons.NotMasked,
                    "'maskedCard' must be 13-19 positions with at most the first 6 and last 4 digits visible and the rest '*' or 'X'.");
            }
        }

        errors.CheckTime(Time, now);
        return errors.ToList();
    }

    /// <summary>Checks every line; true when every line has a quantity and a unit price.</summary>
    private bool CheckLines(ValidationErrorBuilder errors)
    {
        if (Lines is null || Lines.Count == 0)
        {
            errors.Add("lines", ValidationReasons.Empty, "'lines' must hold at least one line.");
            return false;
        }

        var complete = true;
        for (var i = 0; i < Lines.Count; i++)
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"lines[{i}]");
            var line = Lines[i];
            if (line is null)
            {
                errors.Add(path, ValidationReasons.Required, $"'{path}' must be an object, not null.");
                complete = false;
                continue;
            }

            errors.RequireText(line.Sku, path + ".sku");
            switch (line.Quantity)
            {
                case null:
                    errors.Add(path + ".quantity", ValidationReasons.Required, $"'{path}.quantity' is required.");
                    complete = false;
                    break;
                case <= 0:
                    errors.Add(path + ".quantity", ValidationReasons.NonPositive,
                        $"'{path}.quantity' must be greater than zero.");
                    break;
            }

            switch (line.UnitPrice)
            {
                case null:
                    errors.Add(path + ".unitPrice", ValidationReasons.Required, $"'{path}.unitPrice' is required.");
                    complete = false;
                    break;
                case < 0m:
                    errors.Add(path + ".unitPrice", ValidationReasons.Negative,
                        $"'{path}.unitPrice' must not be negative (zero is allowed for free items).");
                    break;
            }
        }

        return complete;
    }

    private bool CheckCurrency(ValidationErrorBuilder errors, out int minorUnits)
    {
        minorUnits = 0;
        if (string.IsNullOrWhiteSpace(Currency))
        {
            errors.RequireText(Currency, "currency");
            return false;
        }

        if (!Iso4217Currencies.TryGetMinorUnits(Currency, out minorUnits))
        {
            errors.Add("currency", ValidationReasons.UnknownCurrency,
                "'currency' is not an active ISO 4217 code (upper case, e.g. EUR).");
            return false;
        }

        return true;
    }

    private void CheckTotal(ValidationErrorBuilder errors, decimal total, int minorUnits)
    {
        decimal expected;
        try
        {
            var sum = 0m;
            foreach (var line in Lines)
            {
                sum += line.Quantity!.Value * line.UnitPrice!.Value;
            }

            expected = Math.Round(sum, minorUnits, MidpointRounding.AwayFromZero);
        }
        catch (OverflowException)
        {
            errors.Add("lines", ValidationReasons.OutOfRange, "The sum of the lines is too large to represent.");
            return;
        }

        if (expected != total)
        {
            errors.Add("total", ValidationReasons.TotalMismatch, string.Create(CultureInfo.InvariantCulture,
                $"'total' {total} does not equal the sum of the lines {expected} ({Currency}, {minorUnits} decimals)."));
        }
    }
}
