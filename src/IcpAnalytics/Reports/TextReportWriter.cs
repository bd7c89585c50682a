using System.Text;

namespace IcpAnalytics.Reports;

/// <summary>The plain-text form of a report for consoles and notebooks: sections, findings and the first rows of each table, in aligned columns.</summary>
internal static class TextReportWriter
{
    private const int RowsShown = 12;
    private const int MaxCellWidth = 48;

    public static string Write(ProfitYieldReport report, int rowsShown = RowsShown)
    {
        ReportFormatter f = report.Formatter;
        var sb = new StringBuilder();
        sb.Append(report.Title).Append('\n');
        if (report.Subtitle is not null) sb.Append(report.Subtitle).Append('\n');
        foreach (ReportSection s in report.Sections)
        {
            sb.Append('\n').Append("== ").Append(s.Title).Append(" ==\n");
            if (!s.IsPresent)
            {
                sb.Append("  Not in this report: ").Append(s.MissingReason).Append('\n');
                continue;
            }
            foreach (ReportFinding finding in s.Findings)
            {
                sb.Append("  ");
                if (finding.Verdict is not null) sb.Append('[').Append(finding.Verdict.ToUpperInvariant()).Append("] ");
                if (finding.Topic is not null) sb.Append(finding.Topic).Append(": ");
                sb.Append(finding.Text);
                if (finding.Link is not null && report.FindSection(finding.Link) is ReportSection proof && !ReferenceEquals(proof, s)) sb.Append(" (see ").Append(proof.Title).Append(')');
                sb.Append('\n');
            }
            foreach (ReportTable t in s.Tables.Where(t => !t.IsDetail))
            {
                if (t.Columns.Count == 2 && t.Columns.All(c => c.Kind == ReportValueKind.Text) && s.Id == "method") continue;
                Table(sb, t, f, rowsShown);
            }
            int details = s.Tables.Count(t => t.IsDetail);
            if (details > 0) sb.Append("  (").Append(details.ToString(f.Culture)).Append(details == 1 ? " full table" : " full tables").Append(" in the HTML, Markdown, JSON and CSV outputs)\n");
            foreach (ReportChart c in s.Charts)
            {
                sb.Append("  chart: ").Append(c.Title).Append(" (").Append(c.Series.Sum(x => x.Points.Count).ToString(f.Culture)).Append(" points; drawn in the HTML report)\n");
            }
        }
        return sb.ToString();
    }

    private static void Table(StringBuilder sb, ReportTable t, ReportFormatter f, int rowsShown)
    {
        sb.Append("  ").Append(t.Title).Append('\n');
        int shown = Math.Min(rowsShown, t.Rows.Count);
        ReportColumn[] columns = [.. t.DisplayColumns().Select(d => t.Columns[d.Value])];
        int[] positions = [.. t.DisplayColumns().Select(d => d.Value)];
        var cells = new string[shown + 1][];
        cells[0] = [.. columns.Select(c => c.Label)];
        for (int r = 0; r < shown; r++)
        {
            cells[r + 1] = new string[columns.Length];
            for (int c = 0; c < columns.Length; c++)
            {
                string text = f.Format(ReportTable.At(t.Rows[r], positions[c]), t.KindAt(r, positions[c]));
                cells[r + 1][c] = text.Length > MaxCellWidth ? string.Concat(text.AsSpan(0, MaxCellWidth - 1), "…") : text;
            }
        }
        var widths = new int[columns.Length];
        foreach (string[] row in cells)
        {
            for (int c = 0; c < row.Length; c++) widths[c] = Math.Max(widths[c], Math.Min(MaxCellWidth, row[c].Length));
        }
        foreach (string[] row in cells)
        {
            sb.Append("   ");
            for (int c = 0; c < row.Length; c++)
            {
                string text = row[c].Length > MaxCellWidth ? row[c][..MaxCellWidth] : row[c];
                sb.Append(' ');
                sb.Append(HtmlReportWriter.IsNumeric(columns[c].Kind) ? text.PadLeft(widths[c]) : text.PadRight(widths[c]));
            }
            sb.Append('\n');
        }
        if (t.Rows.Count > shown) sb.Append("    … ").Append((t.Rows.Count - shown).ToString("N0", f.Culture)).Append(" more rows\n");
    }
}
