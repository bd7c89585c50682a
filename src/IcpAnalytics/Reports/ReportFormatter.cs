using System.Globalization;

namespace IcpAnalytics.Reports;

/// <summary>Writes numbers for people under the report's culture, and raw numbers for machines (invariant).</summary>
internal sealed class ReportFormatter
{
    private readonly NumberFormatInfo _numbers;
    private readonly string _currency;
    private readonly bool _symbolFirst;
    private readonly bool _winsNotMoney;

    /// <summary>A formatter under <paramref name="culture"/>; <paramref name="winsNotMoney"/> writes money-like figures as plain numbers (a deal set without revenue, where every "amount" counts wins).</summary>
    public ReportFormatter(CultureInfo culture, string? currencySymbol, bool winsNotMoney = false)
    {
        _winsNotMoney = winsNotMoney;
        Culture = culture;
        _numbers = culture.NumberFormat;
        bool invariant = culture.Name.Length == 0;
        _currency = currencySymbol ?? (invariant ? "$" : _numbers.CurrencySymbol);
        // Currency positive patterns 0 ("$n") and 2 ("$ n") put the symbol first.
        _symbolFirst = invariant || _numbers.CurrencyPositivePattern is 0 or 2;
    }

    public CultureInfo Culture { get; }

    public string CurrencySymbol => _currency;

    public const string Absent = "–";

    public string Format(ReportCell cell, ReportValueKind kind) =>
        cell.Text ?? (cell.Number is double v ? Format(v, kind) : Absent);

    public string Format(double? value, ReportValueKind kind)
    {
        if (value is not double v || !double.IsFinite(v)) return Absent;
        return kind switch
        {
            ReportValueKind.Count => Math.Round(v).ToString("N0", _numbers),
            ReportValueKind.Currency => Money(v),
            ReportValueKind.Percent => Percent(v),
            ReportValueKind.PercentagePoints => Points(v),
            ReportValueKind.Ratio => v.ToString("N2", _numbers) + "×",
            ReportValueKind.PValue => v < 0.0001 ? "< " + 0.0001.ToString("0.0000", _numbers) : v.ToString(v < 0.01 ? "0.0000" : "0.000", _numbers),
            ReportValueKind.Number => Math.Abs(v) >= 1000 ? v.ToString("N0", _numbers) : v.ToString("N2", _numbers),
            _ => v.ToString("N2", _numbers),
        };
    }

    /// <summary>A short form for axis ticks: $12k, $1.2M, 35%.</summary>
    public string Tick(double v, ReportValueKind kind)
    {
        if (Math.Abs(v) < 1e-12) v = 0;
        return kind switch
        {
            ReportValueKind.PercentagePoints => (v * 100).ToString("0.#", _numbers) + " pp",
            ReportValueKind.Percent => (v * 100).ToString(Math.Abs(v) < 0.1 && v != 0 && Math.Abs(v * 100 - Math.Round(v * 100)) > 1e-9 ? "0.#" : "0", _numbers) + "%",
            ReportValueKind.Currency => _winsNotMoney ? Compact(v) : WithSymbol(Compact(Math.Abs(v)), v < 0),
            ReportValueKind.Ratio => v.ToString("0.##", _numbers) + "×",
            ReportValueKind.Count => Compact(v),
            _ => Math.Abs(v) >= 1000 ? Compact(v) : v.ToString("0.##", _numbers),
        };
    }

    /// <summary>A value and its interval: "$1,234 ($1,100 to $1,380)".</summary>
    public string WithInterval(double? value, double? lower, double? upper, ReportValueKind kind)
    {
        string text = Format(value, kind);
        if (lower is double lo && upper is double hi && double.IsFinite(lo) && double.IsFinite(hi))
            text += " (" + Format(lo, kind) + " to " + Format(hi, kind) + ")";
        return text;
    }

    private string Money(double v)
    {
        double a = Math.Abs(v);
        if (_winsNotMoney)
        {
            // Wins, not money: no currency symbol, and small rates keep three significant digits ("0.0181 per effort hour").
            string plain = a >= 100 ? Math.Round(a).ToString("N0", _numbers) : a >= 1 || a == 0 ? a.ToString("0.##", _numbers) : a.ToString("0." + new string('#', Math.Min(15, 2 - (int)Math.Floor(Math.Log10(a)))), _numbers);
            return v < 0 && plain.Any(c => c is >= '1' and <= '9') ? _numbers.NegativeSign + plain : plain;
        }
        string digits = a >= 100 ? Math.Round(a).ToString("N0", _numbers) : a.ToString("N2", _numbers);
        return WithSymbol(digits, v < 0 && digits.Any(c => c is >= '1' and <= '9'));
    }

    private string WithSymbol(string digits, bool negative)
    {
        string body = _symbolFirst ? _currency + digits : digits + "\u00a0" + _currency;
        return negative ? _numbers.NegativeSign + body : body;
    }

    private string Percent(double v)
    {
        double p = v * 100;
        string format = Math.Abs(p) >= 10 || p == 0 ? "N1" : "N2";
        return p.ToString(format, _numbers) + "%";
    }

    /// <summary>"+11.3 pp", "−2.0 pp", "0.0 pp": a difference of rates in percentage points, signed.</summary>
    private string Points(double v)
    {
        double p = Math.Round(v * 100, 1);
        string digits = Math.Abs(p).ToString("N1", _numbers);
        return (p > 0 ? "+" : p < 0 ? _numbers.NegativeSign : "") + digits + " pp";
    }

    private string Compact(double v)
    {
        double a = Math.Abs(v);
        string sign = v < 0 ? _numbers.NegativeSign : "";
        if (a >= 1e9) return sign + (a / 1e9).ToString("0.#", _numbers) + "B";
        if (a >= 1e6) return sign + (a / 1e6).ToString("0.#", _numbers) + "M";
        if (a >= 1e3) return sign + (a / 1e3).ToString("0.#", _numbers) + "k";
        return sign + a.ToString("0.##", _numbers);
    }

    /// <summary>An SVG coordinate: invariant, at most two decimals, no exponent.</summary>
    public static string Coordinate(double v)
    {
        if (!double.IsFinite(v)) v = 0;
        double r = Math.Round(v, 2);
        if (r == 0) r = 0; // no "-0"
        return r.ToString("0.##", CultureInfo.InvariantCulture);
    }

    /// <summary>Evenly spaced "nice" axis ticks covering [min, max].</summary>
    public static double[] NiceTicks(double min, double max, int target = 5)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max)) return [0, 1];
        if (max - min < 1e-12)
        {
            double pad = Math.Abs(max) > 0 ? Math.Abs(max) * 0.1 : 1;
            min -= pad;
            max += pad;
        }
        double raw = (max - min) / target;
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double residual = raw / magnitude;
        double step = (residual < 1.5 ? 1 : residual < 3.5 ? 2 : residual < 7.5 ? 5 : 10) * magnitude;
        double start = Math.Floor(min / step + 1e-9) * step;
        double end = Math.Ceiling(max / step - 1e-9) * step;
        int count = (int)Math.Round((end - start) / step) + 1;
        var ticks = new double[count];
        for (int i = 0; i < count; i++) ticks[i] = Math.Round(start + i * step, 10);
        return ticks;
    }
}
