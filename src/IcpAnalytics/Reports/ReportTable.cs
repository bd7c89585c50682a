using System.Text.Json.Serialization;

namespace IcpAnalytics.Reports;

/// <summary>A column of a <see cref="ReportTable"/>: a stable key (used as the CSV header and JSON name), a label for people and what its values mean.</summary>
/// <param name="Key">A stable, machine-friendly name such as "win_rate"; the CSV header.</param>
/// <param name="Label">The heading people read, such as "Win rate".</param>
/// <param name="Kind">How the column's values are written.</param>
public sealed record ReportColumn(string Key, string Label, ReportValueKind Kind);

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

    internal void Validate(List<string> problems)
    {
        for (int r = 0; r < Rows.Count; r++)
        {
            if (Rows[r].Count != Columns.Count)
                problems.Add($"Table '{Id}' row {r + 1} has {Rows[r].Count} cells; the table has {Columns.Count} columns.");
        }
    }
}
