namespace LiveCommerce.Contracts;

/// <summary>
/// Finds full payment card numbers (PANs) in raw text, so that they are rejected before they are
/// parsed, logged or stored (PCI DSS 3.3.1/3.4.1).
/// </summary>
/// <remarks>
/// <para>
/// A candidate is a run of 13 to 19 digits, where consecutive digits may be separated by one
/// space or one dash as people type card numbers (<c>4111 1111 1111 1111</c>,
/// <c>4111-1111-1111-1111</c>). Two separators in a row, or any other character, end the run.
/// A candidate is reported when it passes the Luhn check. The scan covers the raw bytes, so it
/// finds numbers in string values, property names, JSON numbers and nested objects alike.
/// </para>
/// <para>
/// Known limits, accepted on purpose: a run of more than 19 digits is not a card number and is
/// not searched for one inside it (every long identifier would otherwise match by chance); digits
/// written as JSON <c>\u00XX</c> escapes are not decoded; and one in ten of all other 13–19 digit
/// numbers passes the Luhn check by chance, so an unlucky 13-digit Unix millisecond timestamp or
/// a long numeric id is rejected as a card number. Devices send times as ISO 8601 strings, whose
/// digit groups are short, so this affects only ids that devices should not send as long digit runs.
/// </para>
/// <para>The scan allocates nothing and skips non-digit stretches with a vectorized search.</para>
/// </remarks>
public static class CardNumberDetector
{
    /// <summary>The fewest digits a card number has.</summary>
    public const int MinDigits = 13;

    /// <summary>The most digits a card number has.</summary>
    public const int MaxDigits = 19;

    /// <summary>Whether UTF-8 text contains a Luhn-valid run of 13–19 digits.</summary>
    public static bool ContainsCardNumber(ReadOnlySpan<byte> utf8)
    {
        var run = new DigitRun();
        var i = 0;
        while (i < utf8.Length)
        {
            if (run.IsIdle)
            {
                var next = utf8[i..].IndexOfAnyInRange((byte)'0', (byte)'9');
                if (next < 0)
                {
                    return false;
                }

                i += next;
            }

            if (run.Next(utf8[i]))
            {
                return true;
            }

            i++;
        }

        return run.End();
    }

    /// <summary>Whether text contains a Luhn-valid run of 13–19 digits.</summary>
    public static bool ContainsCardNumber(ReadOnlySpan<char> text)
    {
        var run = new DigitRun();
        var i = 0;
        while (i < text.Length)
        {
            if (run.IsIdle)
            {
                var next = text[i..].IndexOfAnyInRange('0', '9');
                if (next < 0)
                {
                    return false;
                }

                i += next;
            }

            if (run.Next(text[i]))
            {
                return true;
            }

            i++;
        }

        return run.End();
    }

    /// <summary>Whether text contains a Luhn-valid run of 13–19 digits; false for null.</summary>
    public static bool ContainsCardNumber(string? text) =>
        text is not null && ContainsCardNumber(text.AsSpan());

    /// <summary>
    /// Tracks one run of digits. The Luhn sum is kept for both parities because which digits are
    /// doubled depends on the run's length, known only at its end.
    /// </summary>
    private struct DigitRun
    {
        private int _count;
        private int _sumDoublingEven;
        private int _sumDoublingOdd;
        private bool _afterSeparator;

        public readonly bool IsIdle => _count == 0;

        /// <summary>Feeds one character; true when it ended a run that is a card number.</summary>
        public bool Next(int c)
        {
            if (c is >= '0' and <= '9')
            {
                if (_count < MaxDigits)
                {
                    var digit = c - '0';
                    var doubled = digit * 2;
                    if (doubled > 9)
                    {
                        doubled -= 9;
                    }

                    if ((_count & 1) == 0)
                    {
                        _sumDoublingEven += doubled;
                        _sumDoublingOdd += digit;
                    }
                    else
                    {
                        _sumDoublingEven += digit;
                        _sumDoublingOdd += doubled;
                    }
                }

                // Counting continues past MaxDigits (without sums) so that a too-long run is not a candidate.
                if (_count <= MaxDigits)
                {
                    _count++;
                }

                _afterSeparator = false;
                return false;
            }

            if (c is ' ' or '-' && _count > 0 && !_afterSeparator)
            {
                _afterSeparator = true;
                return false;
            }

            return End();
        }

        /// <summary>Ends the current run; true when it is a card number.</summary>
        public bool End()
        {
            var count = _count;
            // The rightmost digit (index count - 1) is not doubled, so the doubled ones have the other parity.
            var sum = ((count - 1) & 1) == 0 ? _sumDoublingOdd : _sumDoublingEven;
            this = default;
            return count is >= MinDigits and <= MaxDigits && sum % 10 == 0;
        }
    }
}
