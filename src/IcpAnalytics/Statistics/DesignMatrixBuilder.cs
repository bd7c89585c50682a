using System.Globalization;

namespace IcpAnalytics.Statistics;

/// <summary>How a numeric column is transformed before it enters a design.</summary>
public enum ColumnTransform
{
    /// <summary>The value as is; column named "name".</summary>
    None,

    /// <summary>log(1 + x), computed accurately near 0, for counts with diminishing returns (meetings, demos); needs x &gt; −1; column "log1p(name)".</summary>
    Log1p,

    /// <summary>The natural logarithm; needs x &gt; 0; column "log(name)".</summary>
    Log,

    /// <summary>The square root; needs x ≥ 0; column "sqrt(name)".</summary>
    Sqrt,

    /// <summary>x²; column "name^2".</summary>
    Square,

    /// <summary>(x − mean) / SD with the mean and population SD of the data the design is built from (kept for new data); column "std(name)".</summary>
    Standardize,
}

/// <summary>
/// Builds a regression design from named columns: numeric (optionally transformed), categorical (one-hot against a
/// reference level) and interactions. Rows are produced on the fly from the source columns, so the design holds no n × p
/// matrix. Use <see cref="Build"/> for fitting and <c>Build(fittedSchema)</c> to encode new deals exactly as at fit time.
/// Immutable: every method returns a new builder and leaves this one as it was.
/// </summary>
/// <example>
/// <code>
/// DesignMatrix design = new DesignMatrixBuilder(deals)
///     .Log1p("meetings", meetings)
///     .Numeric("amount", amounts)
///     .Categorical("industry", industryCodes, industryLevels, referenceLevel: "Software")
///     .Interaction("log1p(meetings)", "industry")
///     .Response(margin)
///     .Build();
/// RegressionFit fit = LinearRegression.Fit(design, new RegressionOptions { Covariance = CovarianceType.HC3 });
/// </code>
/// </example>
public sealed class DesignMatrixBuilder
{
    private readonly List<TermDeclaration> _terms;
    private readonly ReadOnlyMemory<double>? _response;

    /// <summary>Starts a design over <paramref name="rows"/> rows (deals); every column given must have that many values.</summary>
    /// <param name="rows">The number of rows, 0 or more.</param>
    public DesignMatrixBuilder(int rows)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        Rows = rows;
        _terms = [];
    }

    // Immutable like every builder of the library: each call copies the declarations and returns a new builder (the list is
    // never changed after construction).
    private DesignMatrixBuilder(int rows, List<TermDeclaration> terms, ReadOnlyMemory<double>? response)
    {
        Rows = rows;
        _terms = terms;
        _response = response;
    }

    private DesignMatrixBuilder Adding(TermDeclaration term) => new(Rows, [.. _terms, term], _response);

    /// <summary>The number of rows.</summary>
    public int Rows { get; }

    /// <summary>Adds a numeric column, optionally transformed.</summary>
    /// <param name="name">The source column's name (e.g. "amount").</param>
    /// <param name="values">One value per row; NaN (missing) is reported by <see cref="Build"/>.</param>
    /// <param name="transform">The transform. The default is <see cref="ColumnTransform.None"/>.</param>
    /// <returns>A new builder with the column added; this one is unchanged.</returns>
    public DesignMatrixBuilder Numeric(string name, ReadOnlyMemory<double> values, ColumnTransform transform = ColumnTransform.None)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Adding(new TermDeclaration(TermKind.Numeric, name, values, default, null, null, transform, null, null));
    }

    /// <summary>Adds log(1 + x) of a numeric column (column "log1p(name)"), the usual shape for effort counts.</summary>
    /// <param name="name">The source column's name (e.g. "meetings").</param>
    /// <param name="values">One value per row, each above −1.</param>
    /// <returns>A new builder with the column added; this one is unchanged.</returns>
    public DesignMatrixBuilder Log1p(string name, ReadOnlyMemory<double> values) => Numeric(name, values, ColumnTransform.Log1p);

    /// <summary>Adds a categorical column as one-hot indicators of every level seen in the data except the reference level.</summary>
    /// <param name="name">The source column's name (e.g. "industry").</param>
    /// <param name="codes">One level code per row, indexing <paramref name="levels"/>; negative codes (missing) are reported by <see cref="Build"/>.</param>
    /// <param name="levels">The level names, indexed by code.</param>
    /// <param name="referenceLevel">The baseline level that gets no column; the default (null) is the most frequent level (ties: the first in <paramref name="levels"/>).</param>
    /// <returns>A new builder with the column added; this one is unchanged.</returns>
    public DesignMatrixBuilder Categorical(string name, ReadOnlyMemory<int> codes, IReadOnlyList<string> levels, string? referenceLevel = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(levels);
        return Adding(new TermDeclaration(TermKind.Categorical, name, default, codes, [.. levels], referenceLevel, ColumnTransform.None, null, null));
    }

    /// <summary>Adds the interaction (products of columns) of two terms added before, by term name ("log1p(meetings)") or source name ("meetings").</summary>
    /// <param name="first">The first term.</param>
    /// <param name="second">The second term.</param>
    /// <returns>A new builder with the column added; this one is unchanged.</returns>
    public DesignMatrixBuilder Interaction(string first, string second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        return Adding(new TermDeclaration(TermKind.Interaction, $"{first}:{second}", default, default, null, null, ColumnTransform.None, first, second));
    }

    /// <summary>Sets the response (outcome) column, e.g. margin per opportunity.</summary>
    /// <param name="values">One value per row.</param>
    /// <returns>A new builder with the column added; this one is unchanged.</returns>
    public DesignMatrixBuilder Response(ReadOnlyMemory<double> values)
    {
        return new DesignMatrixBuilder(Rows, _terms, values);
    }

    /// <summary>
    /// Validates every column and option at once and builds the design. Without <paramref name="fittedSchema"/>, the terms
    /// declared here define the columns (levels seen, reference levels, standardization constants). With it, the schema
    /// defines the columns and this builder only supplies data by source name, so new deals are encoded exactly as at fit time.
    /// </summary>
    /// <param name="fittedSchema">The <see cref="DesignMatrix.Schema"/> of the design a model was fitted on, or null.</param>
    /// <returns>The design (an <see cref="IDesignRows"/>).</returns>
    /// <exception cref="InvalidOptionsException">Every problem found: unknown or duplicate names, wrong lengths, missing values, values outside a transform's domain, unknown reference level.</exception>
    /// <exception cref="ModelFitException">With a fitted schema: a categorical level that was not seen when the model was fitted.</exception>
    public DesignMatrix Build(DesignSchema? fittedSchema = null)
    {
        var problems = new List<string>();
        if (_response is { } r && r.Length != Rows)
            problems.Add($"The response has {r.Length} values for {Rows} rows.");
        if (_response is { } resp) CheckFinite("The response", resp.Span, problems);
        DesignMatrix design = fittedSchema is null ? BuildNew(problems) : BuildWith(fittedSchema, problems);
        return design;
    }

    private DesignMatrix BuildNew(List<string> problems)
    {
        var specs = new List<TermSpec>();
        var data = new List<TermData>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (TermDeclaration t in _terms)
        {
            switch (t.Kind)
            {
                case TermKind.Numeric:
                    {
                        string term = NumericSpec.TermName(t.Name, t.Transform);
                        if (!seen.Add(term)) problems.Add($"The term '{term}' is added twice.");
                        if (!CheckLength(t.Name, t.Values.Length, problems)) break;
                        ReadOnlySpan<double> v = t.Values.Span;
                        CheckFinite($"Column '{t.Name}'", v, problems);
                        CheckDomain(t.Name, t.Transform, v, problems);
                        double mean = 0, sd = 1;
                        if (t.Transform == ColumnTransform.Standardize)
                        {
                            (mean, sd) = MeanSd(v);
                            if (!(sd > 0)) problems.Add($"Column '{t.Name}' is constant, so it cannot be standardized; drop it.");
                        }
                        specs.Add(new NumericSpec(t.Name, t.Transform, mean, sd));
                        data.Add(new TermData(t.Values, null));
                        break;
                    }
                case TermKind.Categorical:
                    {
                        if (!seen.Add(t.Name)) problems.Add($"The term '{t.Name}' is added twice.");
                        if (!CheckLength(t.Name, t.Codes.Length, problems)) break;
                        string[] levels = t.Levels!;
                        var counts = new long[levels.Length];
                        ReadOnlySpan<int> codes = t.Codes.Span;
                        int bad = 0, firstBad = -1;
                        for (int i = 0; i < codes.Length; i++)
                        {
                            int code = codes[i];
                            if (code < 0 || code >= levels.Length)
                            {
                                if (bad++ == 0) firstBad = i;
                                continue;
                            }
                            counts[code]++;
                        }
                        if (bad > 0)
                        {
                            problems.Add($"Categorical '{t.Name}' has {bad} rows with a missing or out-of-range level code (first row {firstBad}); give missing values a level of their own (e.g. \"(missing)\") or drop the rows.");
                            break;
                        }
                        int reference = -1;
                        if (t.Reference is not null)
                        {
                            reference = Array.IndexOf(levels, t.Reference);
                            if (reference < 0) problems.Add($"The reference level '{t.Reference}' of '{t.Name}' is not one of its {levels.Length} levels.");
                            else if (counts[reference] == 0) problems.Add($"The reference level '{t.Reference}' of '{t.Name}' has no rows; choose a level present in the data.");
                        }
                        else
                        {
                            for (int k = 0; k < levels.Length; k++)
                                if (counts[k] > 0 && (reference < 0 || counts[k] > counts[reference])) reference = k;
                        }
                        int observed = counts.Count(c => c > 0);
                        if (observed < 2 && Rows > 0)
                            problems.Add($"Categorical '{t.Name}' has only {observed} level in the data, so it cannot explain anything; drop it.");
                        if (reference < 0) break;
                        var columnLevels = new List<string>();
                        var map = new int[levels.Length];
                        for (int k = 0; k < levels.Length; k++)
                        {
                            if (k == reference) map[k] = -1;
                            else if (counts[k] == 0) map[k] = -2;
                            else
                            {
                                map[k] = columnLevels.Count;
                                columnLevels.Add(levels[k]);
                            }
                        }
                        specs.Add(new CategoricalSpec(t.Name, levels[reference], [.. columnLevels]));
                        data.Add(new TermData(default, map) { Codes = t.Codes });
                        break;
                    }
                case TermKind.Interaction:
                    {
                        int a = FindTerm(specs, t.First!), b = FindTerm(specs, t.Second!);
                        if (a < 0) problems.Add($"The interaction '{t.Name}' refers to '{t.First}', which is not a term added before it.");
                        if (b < 0) problems.Add($"The interaction '{t.Name}' refers to '{t.Second}', which is not a term added before it.");
                        if (a < 0 || b < 0) break;
                        if (a == b) problems.Add($"The interaction '{t.Name}' multiplies a term by itself; use ColumnTransform.Square instead.");
                        var spec = new InteractionSpec(a, b, specs[a], specs[b]);
                        if (!seen.Add(spec.Name)) problems.Add($"The term '{spec.Name}' is added twice.");
                        specs.Add(spec);
                        data.Add(new TermData(default, null));
                        break;
                    }
            }
        }
        Throw.IfAny(problems);
        var schema = new DesignSchema(specs);
        return new DesignMatrix(schema, data, Rows, _response);
    }

    private DesignMatrix BuildWith(DesignSchema schema, List<string> problems)
    {
        var data = new List<TermData>();
        foreach (TermSpec spec in schema.Terms)
        {
            switch (spec)
            {
                case NumericSpec numeric:
                    {
                        TermDeclaration? t = _terms.Find(d => d.Kind == TermKind.Numeric && d.Name == numeric.Source);
                        if (t is null)
                        {
                            problems.Add($"The model uses numeric column '{numeric.Source}'; add it with Numeric(\"{numeric.Source}\", …).");
                            data.Add(new TermData(default, null));
                            break;
                        }
                        if (!CheckLength(t.Name, t.Values.Length, problems)) break;
                        CheckFinite($"Column '{t.Name}'", t.Values.Span, problems);
                        CheckDomain(t.Name, numeric.Transform, t.Values.Span, problems);
                        data.Add(new TermData(t.Values, null));
                        break;
                    }
                case CategoricalSpec categorical:
                    {
                        TermDeclaration? t = _terms.Find(d => d.Kind == TermKind.Categorical && d.Name == categorical.Source);
                        if (t is null)
                        {
                            problems.Add($"The model uses categorical column '{categorical.Source}'; add it with Categorical(\"{categorical.Source}\", …).");
                            data.Add(new TermData(default, null));
                            break;
                        }
                        if (!CheckLength(t.Name, t.Codes.Length, problems)) break;
                        string[] levels = t.Levels!;
                        var map = new int[levels.Length];
                        for (int k = 0; k < levels.Length; k++)
                            map[k] = levels[k] == categorical.Reference ? -1 : Array.IndexOf(categorical.Levels, levels[k]) is int c && c >= 0 ? c : -2;
                        ReadOnlySpan<int> codes = t.Codes.Span;
                        for (int i = 0; i < codes.Length; i++)
                        {
                            int code = codes[i];
                            if (code < 0 || code >= levels.Length)
                            {
                                problems.Add($"Categorical '{t.Name}' has a missing or out-of-range level code in row {i}.");
                                break;
                            }
                            if (map[code] == -2)
                                throw new ModelFitException($"Row {i} has level '{levels[code]}' of '{t.Name}', which was not seen when the model was fitted (known levels: '{categorical.Reference}', {string.Join(", ", categorical.Levels.Select(l => $"'{l}'"))}). Refit with deals of that level, or map it to a known level.");
                        }
                        data.Add(new TermData(default, map) { Codes = t.Codes });
                        break;
                    }
                default:
                    data.Add(new TermData(default, null));
                    break;
            }
        }
        Throw.IfAny(problems);
        return new DesignMatrix(schema, data, Rows, _response);
    }

    private static int FindTerm(List<TermSpec> specs, string name)
    {
        for (int k = 0; k < specs.Count; k++)
            if (specs[k].Name == name) return k;
        int found = -1;
        for (int k = 0; k < specs.Count; k++)
        {
            if (specs[k].Source == name)
            {
                if (found >= 0) return -1;   // ambiguous: two terms from one source
                found = k;
            }
        }
        return found;
    }

    private bool CheckLength(string name, int length, List<string> problems)
    {
        if (length == Rows) return true;
        problems.Add($"Column '{name}' has {length} values for {Rows} rows.");
        return false;
    }

    private static void CheckFinite(string what, ReadOnlySpan<double> values, List<string> problems)
    {
        int bad = 0, first = -1;
        for (int i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]) && bad++ == 0) first = i;
        }
        if (bad > 0) problems.Add($"{what} has {bad} missing or infinite values (first in row {first}); remove or impute them before building the design.");
    }

    private static void CheckDomain(string name, ColumnTransform transform, ReadOnlySpan<double> values, List<string> problems)
    {
        (Func<double, bool>? ok, string rule) = transform switch
        {
            ColumnTransform.Log1p => ((Func<double, bool>?)(v => v > -1), "log1p needs values above −1"),
            ColumnTransform.Log => (v => v > 0, "log needs values above 0"),
            ColumnTransform.Sqrt => (v => v >= 0, "sqrt needs values of 0 or more"),
            _ => (null, ""),
        };
        if (ok is null) return;
        int bad = 0, first = -1;
        for (int i = 0; i < values.Length; i++)
        {
            double v = values[i];
            if (double.IsFinite(v) && !ok(v) && bad++ == 0) first = i;
        }
        if (bad > 0) problems.Add($"Column '{name}': {rule}; {bad} rows are outside (first row {first}).");
    }

    private static (double Mean, double Sd) MeanSd(ReadOnlySpan<double> v)
    {
        if (v.Length == 0) return (0, 0);
        double mean = 0;
        foreach (double x in v) mean += x;
        mean /= v.Length;
        double ss = 0, c = 0;
        foreach (double x in v)
        {
            ss += (x - mean) * (x - mean);
            c += x - mean;
        }
        mean += c / v.Length;
        return (mean, Math.Sqrt(Math.Max(0, ss - c * c / v.Length) / v.Length));
    }

    private enum TermKind
    {
        Numeric,
        Categorical,
        Interaction,
    }

    private sealed record TermDeclaration(TermKind Kind, string Name, ReadOnlyMemory<double> Values, ReadOnlyMemory<int> Codes, string[]? Levels,
        string? Reference, ColumnTransform Transform, string? First, string? Second);

    internal static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}

/// <summary>The data behind one term of a built design.</summary>
internal sealed record TermData(ReadOnlyMemory<double> Values, int[]? CodeToColumn)
{
    public ReadOnlyMemory<int> Codes { get; init; }
}
