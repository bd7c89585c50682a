using System.Globalization;
using System.Text;
using IcpAnalytics.Data;

namespace IcpAnalytics.Execution;

/// <summary>
/// Sales-execution data (activity counts, a goal survey, a rep-to-manager map, maturity answers) could not be loaded
/// as asked: a strict load met a bad row, or a required column is missing. The <see cref="Report"/> holds every
/// problem with its line, column and reason; raw cell values stay in the report and out of the message.
/// </summary>
public sealed class ExecutionDataException : IcpAnalyticsException
{
    /// <summary>Creates the exception from the load report that holds the problems.</summary>
    /// <param name="message">What went wrong and how to fix it.</param>
    /// <param name="report">The load report with every rejected row.</param>
    public ExecutionDataException(string message, LoadReport report) : base(message)
    {
        ArgumentNullException.ThrowIfNull(report);
        Report = report;
    }

    /// <summary>The load report: rows read, loaded and rejected, each reject with line, column, raw value, reason and fix.</summary>
    public LoadReport Report { get; }

    internal static ExecutionDataException FromRejects(string what, LoadReport report)
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
        return new ExecutionDataException(sb.ToString(), report);
    }

    internal static ExecutionDataException MissingColumns(string what, string source, IReadOnlyList<string> missing, IReadOnlyList<string> header) =>
        new($"The {what} in {source} has no column{(missing.Count == 1 ? "" : "s")} {string.Join(", ", missing.Select(m => "'" + m + "'"))}. " +
            $"Columns found: {(header.Count == 0 ? "(none)" : string.Join(", ", header))}. Rename the column{(missing.Count == 1 ? "" : "s")} in the file or set the column name in the load options.",
            new LoadReport(source, 0, 0, 0, [], []));
}
