using System.Globalization;

namespace IcpAnalytics.Data;

/// <summary>
/// Parses numbers from spans in a given culture. Plain decimals ("-1234.56", up to 15 significant digits) take an exact fast
/// path: the digits as an integer divided by a power of ten, both exact in a double, so the one rounding is the correct one
/// (Clinger's fast path) and the result equals <see cref="double.Parse(string, IFormatProvider)"/>. Anything else (exponents,
/// more digits, culture symbols) goes to <see cref="double.TryParse(ReadOnlySpan{char}, NumberStyles, IFormatProvider, out double)"/>.
/// </summary>
internal sealed class NumberReader
{
    private static readonly double[] PowersOfTen = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];
    private readonly CultureInfo _culture;
    private readonly char _decimal;
    private readonly bool _fastPath;

    public NumberReader(CultureInfo culture)
    {
        _culture = culture;
        NumberFormatInfo nf = culture.NumberFormat;
        _fastPath = nf.NumberDecimalSeparator.Length == 1 && nf.NegativeSign == "-" && nf.PositiveSign == "+";
        _decimal = _fastPath ? nf.NumberDecimalSeparator[0] : '.';
    }

    public CultureInfo Culture => _culture;

    public bool TryParse(ReadOnlySpan<char> text, out double value)
    {
        if (_fastPath && TryParsePlain(text, out value)) return true;
        return double.TryParse(text, NumberStyles.Float, _culture, out value);
    }

    private bool TryParsePlain(ReadOnlySpan<char> text, out double value)
    {
        value = 0;
        int i = 0, n = text.Length;
        if (n == 0 || n > 20) return false;
        bool negative = false;
        if (text[0] == '-')
        {
            negative = true;
            i = 1;
        }
        ulong mantissa = 0;
        int digits = 0, fraction = 0;
        bool seenDecimal = false, anyDigit = false;
        for (; i < n; i++)
        {
            char c = text[i];
            uint d = (uint)(c - '0');
            if (d <= 9)
            {
                anyDigit = true;
                if (mantissa != 0 || d != 0) digits++;
                if (digits > 15) return false;
                mantissa = mantissa * 10 + d;
                if (seenDecimal) fraction++;
            }
            else if (c == _decimal && !seenDecimal)
            {
                seenDecimal = true;
            }
            else
            {
                return false;
            }
        }
        if (!anyDigit) return false;
        double v = mantissa;
        if (fraction > 0) v /= PowersOfTen[fraction];
        value = negative ? -v : v;
        return true;
    }
}
