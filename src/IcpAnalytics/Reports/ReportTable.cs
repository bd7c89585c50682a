using System.Text.Json.Serialization;

namespace IcpAnalytics.Reports;

/// <summary>A column of a <see cref="ReportTable"/>: a stable key (used as the CSV header and JSON name), a label for people and what its values mean.</summary>
/// <param name="Key">A stable, machine-friendly name such as "win_rate"; the CSV header.</param>
/// <param name="Label">The heading people read, such as "Win rate".</param>
/// <param name="Kind">How the column's values are written.</param>
public sealed record ReportColumn(string Key, string Label, ReportValueKind Kind)
{
    /// <summary>
    /// Whether the column holds values, or the lower or upper end of the interval of the value column before it. People-facing outputs
    /// show a bound under its value ("34.2%, 31.0% to 37.5%"); CSV and JSON keep it as its own column.
    /// </summary>
    /// <value>The default is <see cref="ReportColumnRole.Value"/>.</value>
    public ReportColumnRole Role { get; init; }

    /// <summary>
    /// Whether the column holds differences (fit minus non-fit, after minus before): a difference of two rates (kind
    /// <see cref="ReportValueKind.Percent"/>) is written in percentage points ("+11.3 pp"), never as a percentage.
    /// </summary>
    /// <value>The default is false.</value>
    public bool IsDifference { get; init; }

    /// <summary>A column holding the lower end of the interval of the value column before it.</summary>
    /// <param name="key">The column's key, e.g. "win_rate_low".</param>
    /// <param name="kind">The kind of its value column.</param>
    public static ReportColumn LowerBound(string key, ReportValueKind kind) => new(key, "lower 95%", kind) { Role = ReportColumnRole.Lower };

    /// <summary>A column holding the upper end of the interval of the value column before it.</summary>
    /// <param name="key">The column's key, e.g. "win_rate_high".</param>
    /// <param name="kind">The kind of its value column.</param>
    public static ReportColumn UpperBound(string key, ReportValueKind kind) => new(key, "upper 95%", kind) { Role = ReportColumnRole.Upper };
}

/// <summary>What a <see cref="ReportColumn"/> holds.</summary>
public enum ReportColumnRole
{
    /// <summary>Values.</summary>
    Value,

    /// <summary>The lower end of the interval of the value column before it.</summary>
    Lower,

    /// <summary>The upper end of the interval of the value column before it.</summary>
    Upper,
}

/// <summary>
/// One cell of a <see cref="ReportTable"/>: words for a text or verdict column, a number for every other kind; both null when the value is absent
/// (written "–", never as zero).
/// </summary>
[JsonConverter(typeof(ReportCellJsonConverter))]
public readonly record struct ReportCell
{
    /// <summary>A cell holding words.</summary>
    /// <param name="text">The words; null for an absent value.</param>
    public ReportCell(string? text)
    {
        Text = text;
        Number = null;
    }

    /// <summary>A cell holding a number.</summary>
    /// <param name="number">The number; null or NaN for an absent value.</param>
    public ReportCell(double? number)
    {
        Text = null;
        Number = number is double v && double.IsFinite(v) ? v : null;
    }

    /// <summary>The words, for text and verdict cells.</summary>
    public string? Text { get; }

    /// <summary>The number, for every other cell.</summary>
    public double? Number { get; }

    /// <summary>Whether the cell holds no value.</summary>
    public bool IsEmpty => Text is null && Number is null;

    /// <summary>A text cell.</summary>
    /// <param name="text">The words.</param>
    public static implicit operator ReportCell(string? text) => new(text);

    /// <summary>A number cell.</summary>
    /// <param name="number">The number.</param>
    public static implicit operator ReportCell(double number) => new((double?)number);

    /// <summary>A number cell, absent when null.</summary>
    /// <param name="number">The number or null.</param>
    public static implicit operator ReportCell(double? number) => new(number);

    /// <summary>A text cell.</summary>
    /// <param name="text">The words.</param>
    public static ReportCell FromString(string? text) => new(text);

    /// <summary>A number cell.</summary>
    /// <param name="number">The number or null.</param>
    public static ReportCell FromDouble(double? number) => new(number);

    /// <summary>The raw value, invariant: the words, the number round-trip formatted, or empty.</summary>
    public override string ToString() =>
        Text ?? (Number is double v ? v.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : "");
}

/// <summary>A table of a report section: columns with their meaning and rows of cells. Immutable once built.</summary>
/// <param name="Id">A stable name, unique within the report, such as "segment-yield"; the CSV file is named after it.</param>
/// <param name="Title">The caption people read.</param>
/// <param name="Columns">The columns, in order.</param>
/// <param name="Rows">The rows, each with one cell per column, in display order.</param>
public sealed record ReportTable(string Id, string Title, IReadOnlyList<ReportColumn> Columns, IReadOnlyList<IReadOnlyList<ReportCell>> Rows)
{
    /// <summary>For columns of kind <see cref="ReportValueKind.ByRow"/>: how each row's values are written, one kind per row.</summary>
    /// <value>The default is empty (no column is written by row).</value>
    public IReadOnlyList<ReportValueKind> RowKinds { get; init; } = [];

    /// <summary>
    /// Whether the table is supporting detail behind the section's findings and charts: the HTML report shows it collapsed (a
    /// <c>&lt;details&gt;</c> element the reader opens), Markdown inside <c>&lt;details&gt;</c>, and the text form leaves it out. CSV and JSON keep it whole.
    /// </summary>
    /// <value>The default is false (shown open).</value>
    public bool IsDetail { get; init; }

    /// <summary>How the value at <paramref name="row"/>, <paramref name="column"/> is written.</summary>
    internal ReportValueKind KindAt(int row, int column)
    {
        ReportValueKind kind = Columns[column].Kind;
        if (kind == ReportValueKind.ByRow) kind = row < RowKinds.Count ? RowKinds[row] : ReportValueKind.Number;
        return kind == ReportValueKind.Percent && Columns[column].IsDifference ? ReportValueKind.PercentagePoints : kind;
    }

    /// <summary>A table of two text columns, term and meaning, as the method section uses.</summary>
    /// <param name="id">The table's id.</param>
    /// <param name="title">The caption.</param>
    /// <param name="pairs">The terms and their meanings, in order.</param>
    public static ReportTable Definitions(string id, string title, IEnumerable<(string Term, string Meaning)> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        return new ReportTable(id, title,
            [new ReportColumn("term", "Term", ReportValueKind.Text), new ReportColumn("meaning", "Meaning", ReportValueKind.Text)],
            [.. pairs.Select(p => (IReadOnlyList<ReportCell>)[p.Term, p.Meaning])]);
    }

    /// <summary>The value columns people see, each with the positions of its interval bounds (-1 when none).</summary>
    internal IReadOnlyList<(int Value, int Lower, int Upper)> DisplayColumns()
    {
        var result = new List<(int Value, int Lower, int Upper)>();
        for (int i = 0; i < Columns.Count; i++)
        {
            if (Columns[i].Role != ReportColumnRole.Value) continue;
            int lower = -1, upper = -1;
            for (int j = i + 1; j < Columns.Count && Columns[j].Role != ReportColumnRole.Value; j++)
            {
                if (Columns[j].Role == ReportColumnRole.Lower) lower = j;
                else upper = j;
            }
            result.Add((i, lower, upper));
        }
        return result;
    }

    internal static ReportCell At(IReadOnlyList<ReportCell> row, int column) => column >= 0 && column < row.Count ? row[column] : default;

    internal void Validate(List<string> problems)
    {
        if (RowKinds.Count > 0 && RowKinds.Count != Rows.Count)
            problems.Add($"Table '{Id}' has {RowKinds.Count} row kinds for {Rows.Count} rows.");
        for (int r = 0; r < Rows.Count; r++)
        {
            if (Rows[r].Count != Columns.Count)
                problems.Add($"Table '{Id}' row {r + 1} has {Rows[r].Count} cells; the table has {Columns.Count} columns.");
        }
    }
}
