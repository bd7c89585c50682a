using System.Globalization;
using System.Text;

namespace IcpAnalytics.Data;

/// <summary>One input row that was not loaded, with where it is and why.</summary>
/// <param name="Line">The 1-based line in the file (or the 1-based row/record number for objects and database readers).</param>
/// <param name="Column">The column at fault, or null when the whole row is at fault.</param>
/// <param name="RawValue">The raw cell value as read (kept here always; shown in exception messages only when the caller opts in).</param>
/// <param name="Reason">What is wrong, in words.</param>
/// <param name="Fix">How to fix it, in words.</param>
public sealed record RejectedRow(long Line, string? Column, string? RawValue, string Reason, string Fix)
{
    private readonly long _lastLine;

    /// <summary>
    /// The last line the rejected record spans: equal to <see cref="Line"/> for a one-line row, later when an unbalanced quote made
    /// the record run on over the following lines (each of those lines is part of this one reject and is not loaded).
    /// </summary>
    public long LastLine
    {
        get => _lastLine < Line ? Line : _lastLine;
        init => _lastLine = value;
    }

    /// <summary>The lines the reject spans, e.g. "7" or "7-12".</summary>
    public string Lines => LastLine == Line
        ? Line.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{Line}-{LastLine}");
}

/// <summary>
/// What a load did: rows read, loaded, set aside as still open, and rejected, each reject with its line, column, raw value and reason.
/// <see cref="RowsLoaded"/> + <see cref="OpenDealsSetAside"/> + <see cref="RowsRejected"/> = <see cref="RowsRead"/>, always.
/// </summary>
public sealed class LoadReport
{
    /// <summary>Creates a report.</summary>
    /// <param name="source">Where the deals came from (a file path, "objects", "database reader", "sample").</param>
    /// <param name="rowsRead">Data rows read (not counting the header).</param>
    /// <param name="rowsLoaded">Rows loaded as closed deals.</param>
    /// <param name="openDealsSetAside">Rows whose deal is still open (e.g. stage "Negotiation"): neither loaded nor an error.</param>
    /// <param name="rejected">Every rejected row.</param>
    /// <param name="notes">Notes on the load as a whole, such as "no gross margin column: yields use revenue".</param>
    /// <param name="dealsWithoutAccountRow">Loaded deals whose account has no row in the separate accounts data (their account attributes are missing).</param>
    /// <param name="warnings">Implausible values of loaded rows, each with its line, column and why.</param>
    public LoadReport(string source, long rowsRead, long rowsLoaded, long openDealsSetAside, IReadOnlyList<RejectedRow> rejected, IReadOnlyList<string> notes, long dealsWithoutAccountRow = 0, IReadOnlyList<LoadWarning>? warnings = null)
    {
        Warnings = warnings ?? [];
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(rejected);
        ArgumentNullException.ThrowIfNull(notes);
        if (rowsLoaded + openDealsSetAside + rejected.Count != rowsRead)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"Counts do not add up: {rowsLoaded} loaded + {openDealsSetAside} open + {rejected.Count} rejected != {rowsRead} read."));
        Source = source;
        RowsRead = rowsRead;
        RowsLoaded = rowsLoaded;
        OpenDealsSetAside = openDealsSetAside;
        Rejected = rejected;
        Notes = notes;
        DealsWithoutAccountRow = dealsWithoutAccountRow;
    }

    /// <summary>The report of a load that stopped before reading any data row (no header, missing columns, a malformed file).</summary>
    internal static LoadReport NothingRead(string source) => new(source, 0, 0, 0, [], []);

    /// <summary>
    /// Loaded deals whose account has no row in the separate accounts data (see <see cref="DealColumnMap.WithAccounts(string, string)"/>):
    /// they are loaded, with missing account attributes, and counted here and in a note. 0 when no accounts data was joined.
    /// </summary>
    public long DealsWithoutAccountRow { get; }

    /// <summary>Where the deals came from.</summary>
    public string Source { get; }

    /// <summary>Data rows read, not counting the header.</summary>
    public long RowsRead { get; }

    /// <summary>Rows loaded as closed (won or lost) deals.</summary>
    public long RowsLoaded { get; }

    /// <summary>Rows whose deal is still open, set aside and counted, not loaded.</summary>
    public long OpenDealsSetAside { get; }

    /// <summary>The number of rejected rows.</summary>
    public long RowsRejected => Rejected.Count;

    /// <summary>Every rejected row, in input order.</summary>
    public IReadOnlyList<RejectedRow> Rejected { get; }

    /// <summary>Implausible values in loaded rows (margin above revenue, revenue 0, a close date in the future …), in input order.</summary>
    public IReadOnlyList<LoadWarning> Warnings { get; }

    /// <summary>Notes on the load as a whole.</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>A report for deals that were built in memory and never rejected anything.</summary>
    /// <param name="source">Where the deals came from.</param>
    /// <param name="rows">The number of deals.</param>
    /// <param name="notes">Notes on the data.</param>
    public static LoadReport Clean(string source, long rows, IReadOnlyList<string>? notes = null) =>
        new(source, rows, rows, 0, [], notes ?? []);

    /// <summary>The counts, the notes, the first 10 rejects and the first 10 warnings, readable in a console or notebook.</summary>
    public override string ToString() => ToString(DefaultListed);

    /// <summary>How many rejects and warnings <see cref="ToString()"/> lists.</summary>
    public const int DefaultListed = 10;

    /// <summary>The counts, the notes, the first <paramref name="maxListed"/> rejects and the first <paramref name="maxListed"/> warnings; no cell value.</summary>
    /// <param name="maxListed">How many rejects (and warnings) to list; 0 lists none, <see cref="int.MaxValue"/> lists all.</param>
    public string ToString(int maxListed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxListed);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{Source}: {RowsRead:N0} rows read, {RowsLoaded:N0} loaded, {OpenDealsSetAside:N0} open deals set aside, {RowsRejected:N0} rejected");
        foreach (string note in Notes) sb.AppendLine().Append("  note: ").Append(note);
        int shown = 0;
        foreach (RejectedRow r in Rejected)
        {
            if (shown++ == maxListed)
            {
                sb.AppendLine().Append(CultureInfo.InvariantCulture, $"  … and {Rejected.Count - maxListed:N0} more rejected rows");
                break;
            }
            sb.AppendLine().Append(CultureInfo.InvariantCulture, $"  line{(r.LastLine == r.Line ? " " : "s ")}{r.Lines}{(r.Column is null ? "" : ", column '" + r.Column + "'")}: {r.Reason} {r.Fix}");
        }
        shown = 0;
        foreach (LoadWarning w in Warnings)
        {
            if (shown++ == maxListed)
            {
                sb.AppendLine().Append(CultureInfo.InvariantCulture, $"  … and {Warnings.Count - maxListed:N0} more warnings");
                break;
            }
            sb.AppendLine().Append(CultureInfo.InvariantCulture, $"  warning, line {w.Line}, column '{w.Column}': {w.Reason} {w.Fix}");
        }
        return sb.ToString();
    }
}
