namespace LiveCommerce.Contracts;

/// <summary>
/// Checks the masked card numbers a POS may send: at most the first 6 and the last 4 digits are
/// visible, every other position is masked with <c>*</c>, <c>X</c> or <c>x</c>
/// (e.g. <c>************1234</c>, <c>411111******1111</c>, <c>4111 11XX XXXX 1111</c>).
/// </summary>
public static class MaskedCardNumber
{
    private const int VisibleFirst = 6;
    private const int VisibleLast = 4;

    /// <summary>
    /// Whether <paramref name="value"/> is a properly masked card number: 13–19 positions (digits
    /// or mask characters, optionally grouped with single spaces or dashes) where no position other
    /// than the first 6 and last 4 shows a digit.
    /// </summary>
    public static bool IsMasked(ReadOnlySpan<char> value)
    {
        Span<bool> isDigit = stackalloc bool[CardNumberDetector.MaxDigits];
        var count = 0;
        var afterSeparator = true; // no leading separator
        foreach (var c in value)
        {
            if (c is ' ' or '-')
            {
                if (afterSeparator)
                {
                    return false;
                }

                afterSeparator = true;
                continue;
            }

            var digit = c is >= '0' and <= '9';
            if (!digit && c is not ('*' or 'X' or 'x'))
            {
                return false;
            }

            if (count == CardNumberDetector.MaxDigits)
            {
                return false;
            }

            isDigit[count++] = digit;
            afterSeparator = false;
        }

        if (count < CardNumberDetector.MinDigits || afterSeparator)
        {
            return false;
        }

        for (var i = VisibleFirst; i < count - VisibleLast; i++)
        {
            if (isDigit[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>String overload of <see cref="IsMasked(ReadOnlySpan{char})"/>; false for null.</summary>
    public static bool IsMasked(string? value) => value is not null && IsMasked(value.AsSpan());
}
