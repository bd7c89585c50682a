using System.Globalization;

namespace IcpAnalytics.CauseEffect;

/// <summary>The shape with which a numeric control enters the model.</summary>
internal enum ControlForm
{
    /// <summary>One column on the given (or automatic) scale.</summary>
    Plain,

    /// <summary>Quantile bands of the control, entering as categories.</summary>
    Bands,

    /// <summary>A natural (restricted) cubic spline of the control.</summary>
    Spline,

    /// <summary>A slope of the control per level of a categorical attribute.</summary>
    By,

    /// <summary>A slope per segment: the segments are fitted separately, so this is the control itself in each segment.</summary>
    BySegment,
}

/// <summary>One numeric control term of <c>Controlling(...)</c>: the column, its scale, and its shape.</summary>
/// <param name="Given">The text as given, e.g. "spline(revenue, 4)".</param>
/// <param name="Column">The numeric column, as the deals spell it.</param>
/// <param name="Scale">The scale the column is taken on before the shape is applied.</param>
/// <param name="Form">The shape.</param>
/// <param name="Parameter">Bands: how many; spline: degrees of freedom; otherwise 0.</param>
/// <param name="ByAttribute">By: the categorical attribute whose levels get their own slope.</param>
internal sealed record ControlTerm(string Given, string Column, EffortData.ControlScale Scale, ControlForm Form, int Parameter = 0, string? ByAttribute = null)
{
    internal const int MaxBands = 20;
    internal const int MaxSplineDegreesOfFreedom = 10;

    /// <summary>The forms <c>Controlling(...)</c> accepts, for error messages and documentation.</summary>
    internal const string Forms =
        "\"revenue\" (linear, or logged when skewed like money), \"log(revenue)\", \"log1p(discount)\", \"linear(revenue)\", " +
        "\"bands(employees, 5)\" (5 quantile bands entering as categories), \"spline(revenue, 4)\" (a natural cubic spline with 4 degrees of freedom; also spline(log(revenue), 4)), " +
        "\"by(revenue, region)\" (a slope of revenue per level of region) and \"by_segment(revenue)\" (a slope per segment)";

    /// <summary>The name under which the term is listed among the result's controls.</summary>
    internal string Display(string enteredName) => Form switch
    {
        ControlForm.Bands => string.Create(CultureInfo.InvariantCulture, $"bands({Column}, {Parameter})"),
        ControlForm.Spline => string.Create(CultureInfo.InvariantCulture, $"spline({enteredName}, {Parameter})"),
        ControlForm.By => $"by({enteredName}, {ByAttribute})",
        ControlForm.BySegment => $"by_segment({enteredName})",
        _ => enteredName,
    };

    /// <summary>A key that identifies the term (two terms with the same key are the same control).</summary>
    internal string Key => string.Create(CultureInfo.InvariantCulture, $"{Form}|{Column.ToUpperInvariant()}|{Scale}|{Parameter}|{ByAttribute?.ToUpperInvariant()}");

    /// <summary>
    /// Parses one control: a plain name, a scale (log, log1p, linear) or a shape (bands, spline, by, by_segment).
    /// Returns null and a problem when the text is not a known form.
    /// </summary>
    internal static ControlTerm? Parse(string given, out string? problem)
    {
        problem = null;
        string c = given.Trim();
        int open = c.IndexOf('(', StringComparison.Ordinal);
        if (open < 0) return new ControlTerm(given, c, EffortData.ControlScale.Auto, ControlForm.Plain);
        if (!c.EndsWith(')'))
        {
            problem = Unknown(given);
            return null;
        }
        string function = c[..open].Trim().ToLowerInvariant();
        List<string> args = SplitArguments(c[(open + 1)..^1]);
        switch (function)
        {
            case "log" or "log1p" or "linear" when args.Count == 1 && !args[0].Contains('(', StringComparison.Ordinal):
                return new ControlTerm(given, args[0], ScaleOf(function), ControlForm.Plain);
            case "bands" when args.Count == 2 && !args[0].Contains('(', StringComparison.Ordinal):
                if (!int.TryParse(args[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int bands) || bands < 2 || bands > MaxBands)
                {
                    problem = string.Create(CultureInfo.InvariantCulture, $"In '{given}' the number of bands must be a whole number from 2 to {MaxBands}, e.g. bands({args[0]}, 5).");
                    return null;
                }
                return new ControlTerm(given, args[0], EffortData.ControlScale.Linear, ControlForm.Bands, bands);
            case "spline" when args.Count == 2:
                if (!int.TryParse(args[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int df) || df < 2 || df > MaxSplineDegreesOfFreedom)
                {
                    problem = string.Create(CultureInfo.InvariantCulture, $"In '{given}' the spline's degrees of freedom must be a whole number from 2 to {MaxSplineDegreesOfFreedom} (1 would be a straight line: use linear(...)), e.g. spline(revenue, 4).");
                    return null;
                }
                return Inner(given, args[0], EffortData.ControlScale.Linear, out problem) is (string column, EffortData.ControlScale scale)
                    ? new ControlTerm(given, column, scale, ControlForm.Spline, df)
                    : null;
            case "by" when args.Count == 2 && !args[1].Contains('(', StringComparison.Ordinal):
                return Inner(given, args[0], EffortData.ControlScale.Auto, out problem) is (string byColumn, EffortData.ControlScale byScale)
                    ? new ControlTerm(given, byColumn, byScale, ControlForm.By, 0, args[1])
                    : null;
            case "by_segment" when args.Count == 1:
                return Inner(given, args[0], EffortData.ControlScale.Auto, out problem) is (string segColumn, EffortData.ControlScale segScale)
                    ? new ControlTerm(given, segColumn, segScale, ControlForm.BySegment)
                    : null;
            default:
                problem = Unknown(given);
                return null;
        }
    }

    private static string Unknown(string given) => $"The control '{given}' is not a form Controlling(...) knows. Give one of: {Forms}.";

    private static EffortData.ControlScale ScaleOf(string function) => function switch
    {
        "log" => EffortData.ControlScale.Log,
        "log1p" => EffortData.ControlScale.Log1p,
        _ => EffortData.ControlScale.Linear,
    };

    /// <summary>The column inside a shape: a name or log/log1p/linear of a name.</summary>
    private static (string Column, EffortData.ControlScale Scale)? Inner(string given, string inner, EffortData.ControlScale plain, out string? problem)
    {
        problem = null;
        int open = inner.IndexOf('(', StringComparison.Ordinal);
        if (open < 0) return (inner, plain);
        string function = inner[..open].Trim().ToLowerInvariant();
        if (function is "log" or "log1p" or "linear" && inner.EndsWith(')'))
        {
            string column = inner[(open + 1)..^1].Trim();
            if (!column.Contains('(', StringComparison.Ordinal) && column.Length > 0) return (column, ScaleOf(function));
        }
        problem = $"In the control '{given}', '{inner}' is not a column or log(...), log1p(...) or linear(...) of one. Give one of: {Forms}.";
        return null;
    }

    private static List<string> SplitArguments(string text)
    {
        var args = new List<string>();
        int depth = 0, from = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '(') depth++;
            else if (text[i] == ')') depth--;
            else if (text[i] == ',' && depth == 0)
            {
                args.Add(text[from..i].Trim());
                from = i + 1;
            }
        }
        args.Add(text[from..].Trim());
        return args;
    }

    /// <summary>Quantile bands of <paramref name="values"/>: band b holds values above the b-th edge and up to the next; ties keep bands whole, so there may be fewer than asked.</summary>
    internal static (int[] Codes, int Bands) Band(double[] values, int bands)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        var edges = new List<double>();
        for (int b = 1; b < bands; b++)
        {
            double edge = sorted[Math.Max(0, (int)Math.Floor((double)b * sorted.Length / bands) - 1)];
            if (edge < sorted[^1] && (edges.Count == 0 || edge > edges[^1])) edges.Add(edge);
        }
        var codes = new int[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            int code = 0;
            while (code < edges.Count && values[i] > edges[code]) code++;
            codes[i] = code;
        }
        return (codes, edges.Count + 1);
    }

    /// <summary>
    /// The restricted (natural) cubic spline basis of Stone and Koo (1985) in Harrell's form: <paramref name="df"/> + 1 knots
    /// at equally spaced quantiles from the 5th to the 95th percentile, linear beyond the outer knots; <paramref name="df"/>
    /// columns (the control itself and <paramref name="df"/> − 1 cubic terms), on the scale (x − t₁)/(t_K − t₁) for conditioning.
    /// Tied knots are merged, so heavily tied data may give fewer columns.
    /// </summary>
    internal static double[][] SplineBasis(double[] values, int df)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        int knotsWanted = df + 1;
        var knots = new List<double>();
        for (int i = 0; i < knotsWanted; i++)
        {
            double p = 0.05 + 0.9 * i / (knotsWanted - 1);
            double knot = Quantile(sorted, p);
            if (knots.Count == 0 || knot > knots[^1]) knots.Add(knot);
        }
        double t1 = knots[0], scale = knots[^1] - knots[0];
        if (!(scale > 0)) scale = 1;
        var tau = knots.Select(t => (t - t1) / scale).ToArray();
        int kk = tau.Length;
        int columns = kk >= 3 ? kk - 1 : 1;
        var basis = new double[columns][];
        for (int c = 0; c < columns; c++) basis[c] = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            double u = (values[i] - t1) / scale;
            basis[0][i] = u;
            if (kk < 3) continue;
            double last = tau[kk - 1], beforeLast = tau[kk - 2];
            for (int j = 0; j < kk - 2; j++)
            {
                basis[j + 1][i] = Cube(u - tau[j])
                    - Cube(u - beforeLast) * (last - tau[j]) / (last - beforeLast)
                    + Cube(u - last) * (beforeLast - tau[j]) / (last - beforeLast);
            }
        }
        return basis;
    }

    private static double Cube(double v) => v > 0 ? v * v * v : 0;

    private static double Quantile(double[] sorted, double p)
    {
        double h = (sorted.Length - 1) * p;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(sorted.Length - 1, lo + 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
