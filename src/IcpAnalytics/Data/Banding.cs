using System.Globalization;

namespace IcpAnalytics.Data;

/// <summary>Cuts a numeric attribute (such as employees) into readable bands: explicit edges or quantiles.</summary>
public static class Banding
{
    /// <summary>
    /// The band that holds <paramref name="value"/> given ascending <paramref name="edges"/>:
    /// 0 below the first edge, k for values in [edge k-1, edge k), edges.Count at or above the last edge.
    /// </summary>
    /// <param name="edges">Ascending band edges.</param>
    /// <param name="value">A finite value.</param>
    public static int BandIndex(IReadOnlyList<double> edges, double value)
    {
        ArgumentNullException.ThrowIfNull(edges);
        int lo = 0, hi = edges.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (value >= edges[mid]) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /// <summary>
    /// Readable labels for the bands defined by <paramref name="edges"/>, e.g. "&lt; 50", "50–200", "200–1,000", "≥ 5,000"
    /// (a band from a to b holds a and values up to, not including, b). Year edges (whole numbers from 1800 to 2100, not
    /// all whole hundreds) read as years: "&lt; 1970", "1970–1979", "2000–2009", "≥ 2010".
    /// </summary>
    /// <param name="edges">Ascending band edges.</param>
    public static string[] Labels(IReadOnlyList<double> edges)
    {
        ArgumentNullException.ThrowIfNull(edges);
        var labels = new string[edges.Count + 1];
        if (edges.Count == 0)
        {
            labels[0] = "all";
            return labels;
        }
        if (AreYears(edges))
        {
            // Years are whole numbers: a band [2000, 2010) holds the years 2000 to 2009, written without a thousands separator.
            labels[0] = "< " + Year(edges[0]);
            for (int i = 1; i < edges.Count; i++)
                labels[i] = edges[i] - edges[i - 1] == 1 ? Year(edges[i - 1]) : Year(edges[i - 1]) + "–" + Year(edges[i] - 1);
            labels[edges.Count] = "≥ " + Year(edges[^1]);
            return labels;
        }
        labels[0] = "< " + Format(edges[0]);
        for (int i = 1; i < edges.Count; i++) labels[i] = Format(edges[i - 1]) + "–" + Format(edges[i]);
        labels[edges.Count] = "≥ " + Format(edges[^1]);
        return labels;
    }

    /// <summary>The earliest and latest year an attribute of whole numbers in this range is read as (a year founded, a fiscal year).</summary>
    private const double FirstYear = 1800, LastYear = 2100;

    /// <summary>
    /// Whether the values are years: whole numbers, all from 1800 to 2100, not all equal (then quantile edges are whole
    /// years, 5- or 10-year steps, instead of two significant digits, which would make 1950–2024 one edge at "2,000").
    /// </summary>
    private static bool AreYearValues(List<double> sorted)
    {
        if (sorted.Count == 0 || sorted[0] < FirstYear || sorted[^1] > LastYear || sorted[^1] == sorted[0]) return false;
        foreach (double v in sorted)
        {
            if (v != Math.Floor(v)) return false;
        }
        return true;
    }

    /// <summary>
    /// Whether band edges are year edges: whole numbers from 1800 to 2100, not all whole hundreds (quantile edges of money
    /// and counts are rounded to two significant digits, so in that range they are whole hundreds: 1,900, 2,000).
    /// </summary>
    private static bool AreYears(IReadOnlyList<double> edges)
    {
        bool notHundreds = false;
        foreach (double e in edges)
        {
            if (e != Math.Floor(e) || e < FirstYear || e > LastYear) return false;
            if (e % 100 != 0) notHundreds = true;
        }
        return notHundreds;
    }

    private static string Year(double value) => value.ToString("0", CultureInfo.InvariantCulture);

    /// <summary>Validates band edges: finite, strictly ascending, at least one.</summary>
    /// <param name="attribute">The attribute the edges are for, named in the error.</param>
    /// <param name="edges">The edges to check.</param>
    /// <exception cref="InvalidOptionsException">The edges are empty, not finite or not strictly ascending.</exception>
    public static void ValidateEdges(string attribute, IReadOnlyList<double> edges)
    {
        ArgumentNullException.ThrowIfNull(edges);
        if (edges.Count == 0)
            throw new InvalidOptionsException([$"Bands for '{attribute}' need at least one edge, e.g. [50, 200, 1000]."]);
        for (int i = 0; i < edges.Count; i++)
        {
            if (!double.IsFinite(edges[i]))
                throw new InvalidOptionsException([$"Band edge {i + 1} for '{attribute}' is not a finite number; give finite ascending edges."]);
            if (i > 0 && edges[i] <= edges[i - 1])
                throw new InvalidOptionsException([string.Create(CultureInfo.InvariantCulture, $"Band edges for '{attribute}' must be strictly ascending; edge {i + 1} ({edges[i]}) is not above edge {i} ({edges[i - 1]}).")]);
        }
    }

    /// <summary>
    /// Edges that cut the non-missing values into <paramref name="bands"/> groups of about equal size (quantiles),
    /// rounded to two significant digits so the labels read well (years — whole numbers from 1800 to 2100 — to whole decades,
    /// or 5 or 1 years over a short span); ties collapse, so fewer bands may result.
    /// </summary>
    /// <param name="values">The attribute's values; NaN values are ignored.</param>
    /// <param name="bands">The number of bands wanted, at least 2.</param>
    public static double[] QuantileEdges(ReadOnlySpan<double> values, int bands)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bands, 2);
        var finite = new List<double>(values.Length);
        foreach (double v in values)
        {
            if (!double.IsNaN(v)) finite.Add(v);
        }
        if (finite.Count == 0) return [];
        finite.Sort();
        // Years round to whole decades (5 years over a span under 30 years, single years under 10); money and counts to
        // two significant digits.
        double yearStep = 0;
        if (AreYearValues(finite))
        {
            double span = finite[^1] - finite[0];
            yearStep = span >= 30 ? 10 : span >= 10 ? 5 : 1;
        }
        var edges = new List<double>(bands - 1);
        for (int k = 1; k < bands; k++)
        {
            double q = finite[(int)Math.Min(finite.Count - 1, Math.Floor((double)k * finite.Count / bands))];
            double rounded = yearStep > 0 ? Math.Round(q / yearStep) * yearStep : RoundToSignificant(q, 2);
            if (rounded > finite[0] && (edges.Count == 0 || rounded > edges[^1])) edges.Add(rounded);
        }
        return [.. edges];
    }

    private static double RoundToSignificant(double value, int digits)
    {
        if (value == 0 || !double.IsFinite(value)) return value;
        double scale = Math.Pow(10, Math.Floor(Math.Log10(Math.Abs(value))) - digits + 1);
        return Math.Round(value / scale) * scale;
    }

    private static string Format(double value) =>
        value == Math.Floor(value) && Math.Abs(value) < 1e15
            ? value.ToString("N0", CultureInfo.InvariantCulture)
            : value.ToString("G4", CultureInfo.InvariantCulture);
}
