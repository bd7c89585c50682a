using System.Globalization;
using System.Text;
using IcpAnalytics.Data;

namespace IcpAnalytics.Execution;

/// <summary>
/// Builds the <see cref="DealDataException"/> the sales-execution loaders throw (activity counts, goal survey, rep-to-manager
/// map, maturity answers): file, line, column, reason and fix; raw cell values stay in the report, out of the message.
/// </summary>
internal static class ExecutionDataErrors
{
    /// <summary>The load report of a sales-execution load (none sets rows aside as open); a strict load with any reject throws instead.</summary>
    public static LoadReport Report(string what, string source, long read, long loaded, List<RejectedRow> rejected, IReadOnlyList<string> notes, bool strict)
    {
        var report = new LoadReport(source, read, loaded, 0, rejected, notes);
        if (strict && rejected.Count > 0) throw FromRejects(what, report);
        return report;
    }

    private static DealDataException FromRejects(string what, LoadReport report)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{report.RowsRejected:N0} of {report.RowsRead:N0} rows of the {what} in {report.Source} are invalid; a strict load stops on any.");
        int shown = 0;
        foreach (RejectedRow r in report.Rejected)
        {
            if (shown++ == 10)
            {
                sb.Append(CultureInfo.InvariantCulture, $" … and {report.RowsRejected - 10:N0} more.");
                break;
            }
            sb.AppendLine().Append(CultureInfo.InvariantCulture, $"- line {r.Line}{(r.Column is null ? "" : ", column '" + r.Column + "'")}: {r.Reason} {r.Fix}");
        }
        sb.AppendLine().Append("Fix these rows, or load leniently (Strict = false) to keep the good rows and list the rejects.");
        RejectedRow first = report.Rejected[0];
        return new DealDataException(sb.ToString(), report, report.Source, first.Line, first.Column);
    }

    public static DealDataException MissingColumns(string what, string source, IReadOnlyList<string> missing, IReadOnlyList<string> header) =>
        new($"The {what} in {source} has no column{(missing.Count == 1 ? "" : "s")} {string.Join(", ", missing.Select(m => "'" + m + "'"))}. " +
            $"Columns found: {(header.Count == 0 ? "(none)" : string.Join(", ", header))}. Rename the column{(missing.Count == 1 ? "" : "s")} in the file or set the column name in the load options.",
            LoadReport.NothingRead(source), source, 1, missing[0]);

    public static DealDataException Empty(string what, string source) =>
        new($"The {what} in {source} is empty: it has no header row. Export it with a header row naming the columns.", LoadReport.NothingRead(source), source, 0, null);
}
