namespace IcpAnalytics.Statistics;

/// <summary>
/// The fitted shape of a design: its terms, the columns each produces, the categorical levels seen and reference levels,
/// and standardization constants. Immutable; pass it to <see cref="DesignMatrixBuilder.Build"/> to encode new deals
/// exactly as at fit time, or use <see cref="EncodeRow"/> for a single deal.
/// </summary>
public sealed class DesignSchema
{
    internal DesignSchema(List<TermSpec> terms)
    {
        Terms = terms;
        var names = new List<string>();
        var offsets = new int[terms.Count];
        for (int k = 0; k < terms.Count; k++)
        {
            offsets[k] = names.Count;
            names.AddRange(terms[k].ColumnNames);
        }
        Offsets = offsets;
        ColumnNames = names.AsReadOnly();
    }

    internal IReadOnlyList<TermSpec> Terms { get; }

    internal int[] Offsets { get; }

    /// <summary>The names of the design's columns, in order (no intercept).</summary>
    public IReadOnlyList<string> ColumnNames { get; }

    /// <summary>The number of columns.</summary>
    public int Columns => ColumnNames.Count;

    /// <summary>The names of the terms (a numeric column, a categorical column, or an interaction), in order.</summary>
    public IReadOnlyList<string> TermNames => Terms.Select(t => t.Name).ToArray();

    /// <summary>The terms and their columns, e.g. "industry (reference Software): industry=Healthcare, industry=Retail".</summary>
    /// <returns>One line per term.</returns>
    public override string ToString() => string.Join(Environment.NewLine, Terms.Select(t => t switch
    {
        CategoricalSpec c => $"{c.Name} (reference {c.Reference}): {string.Join(", ", c.ColumnNames)}",
        _ => $"{t.Name}: {string.Join(", ", t.ColumnNames)}",
    }));

    /// <summary>
    /// Encodes one new row (e.g. an account to score) by source column name, exactly as the fitted design encodes its rows.
    /// </summary>
    /// <param name="numeric">The value of every numeric source column the design uses.</param>
    /// <param name="categorical">The level of every categorical source column the design uses.</param>
    /// <param name="destination">A span of at least <see cref="Columns"/> values.</param>
    /// <exception cref="ArgumentException">A column is missing, a value is NaN or outside its transform's domain.</exception>
    /// <exception cref="ModelFitException">A level that was not seen when the model was fitted.</exception>
    public void EncodeRow(IReadOnlyDictionary<string, double> numeric, IReadOnlyDictionary<string, string> categorical, Span<double> destination)
    {
        ArgumentNullException.ThrowIfNull(numeric);
        ArgumentNullException.ThrowIfNull(categorical);
        if (destination.Length < Columns)
            throw new ArgumentException($"The destination holds {destination.Length} values; the design has {Columns} columns.", nameof(destination));
        for (int k = 0; k < Terms.Count; k++)
        {
            Span<double> slot = destination.Slice(Offsets[k], Terms[k].ColumnNames.Length);
            switch (Terms[k])
            {
                case NumericSpec n:
                    if (!numeric.TryGetValue(n.Source, out double v))
                        throw new ArgumentException($"The model needs numeric column '{n.Source}'.", nameof(numeric));
                    double t = n.Apply(v);
                    if (!double.IsFinite(t))
                        throw new ArgumentException($"Column '{n.Source}' is missing or outside the domain of its transform ({n.Transform}).", nameof(numeric));
                    slot[0] = t;
                    break;
                case CategoricalSpec c:
                    if (!categorical.TryGetValue(c.Source, out string? level) || level is null)
                        throw new ArgumentException($"The model needs categorical column '{c.Source}'.", nameof(categorical));
                    slot.Clear();
                    if (level == c.Reference) break;
                    int index = Array.IndexOf(c.Levels, level);
                    if (index < 0)
                        throw new ModelFitException($"Level '{level}' of '{c.Source}' was not seen when the model was fitted (known levels: '{c.Reference}', {string.Join(", ", c.Levels.Select(l => $"'{l}'"))}). Refit with deals of that level, or map it to a known level.");
                    slot[index] = 1;
                    break;
                case InteractionSpec i:
                    i.Combine(destination.Slice(Offsets[i.First], Terms[i.First].ColumnNames.Length), destination.Slice(Offsets[i.Second], Terms[i.Second].ColumnNames.Length), slot);
                    break;
            }
        }
    }
}

/// <summary>One term of a design and the columns it produces.</summary>
internal abstract class TermSpec
{
    public abstract string Name { get; }

    /// <summary>The source column's name (for interactions, the term name).</summary>
    public abstract string Source { get; }

    public abstract string[] ColumnNames { get; }
}

internal sealed class NumericSpec(string source, ColumnTransform transform, double mean, double sd) : TermSpec
{
    public override string Source { get; } = source;

    public ColumnTransform Transform { get; } = transform;

    public double Mean { get; } = mean;

    public double Sd { get; } = sd;

    public override string Name => TermName(Source, Transform);

    public override string[] ColumnNames => [Name];

    public static string TermName(string source, ColumnTransform transform) => transform switch
    {
        ColumnTransform.Log1p => $"log1p({source})",
        ColumnTransform.Log => $"log({source})",
        ColumnTransform.Sqrt => $"sqrt({source})",
        ColumnTransform.Square => $"{source}^2",
        ColumnTransform.Standardize => $"std({source})",
        _ => source,
    };

    /// <summary>The transformed value; NaN outside the transform's domain.</summary>
    public double Apply(double x) => Transform switch
    {
        ColumnTransform.Log1p => x > -1 ? Log1p(x) : double.NaN,
        ColumnTransform.Log => x > 0 ? Math.Log(x) : double.NaN,
        ColumnTransform.Sqrt => x >= 0 ? Math.Sqrt(x) : double.NaN,
        ColumnTransform.Square => x * x,
        ColumnTransform.Standardize => (x - Mean) / Sd,
        _ => x,
    };

    /// <summary>log(1 + x), accurate for small x (Goldberg's trick).</summary>
    public static double Log1p(double x)
    {
        double u = 1 + x;
        return u == 1 ? x : Math.Log(u) * x / (u - 1);
    }
}

internal sealed class CategoricalSpec(string source, string reference, string[] levels) : TermSpec
{
    public override string Source { get; } = source;

    public string Reference { get; } = reference;

    /// <summary>The levels that have a column, in column order.</summary>
    public string[] Levels { get; } = levels;

    public override string Name => Source;

    public override string[] ColumnNames { get; } = [.. levels.Select(l => $"{source}={l}")];
}

internal sealed class InteractionSpec : TermSpec
{
    public InteractionSpec(int first, int second, TermSpec a, TermSpec b)
    {
        First = first;
        Second = second;
        Name = $"{a.Name}:{b.Name}";
        var names = new List<string>();
        foreach (string x in a.ColumnNames)
            foreach (string y in b.ColumnNames) names.Add($"{x}:{y}");
        ColumnNames = [.. names];
        SecondWidth = b.ColumnNames.Length;
    }

    public int First { get; }

    public int Second { get; }

    public int SecondWidth { get; }

    public override string Name { get; }

    public override string Source => Name;

    public override string[] ColumnNames { get; }

    public void Combine(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> destination)
    {
        for (int i = 0; i < a.Length; i++)
            for (int j = 0; j < b.Length; j++) destination[i * b.Length + j] = a[i] * b[j];
    }
}
