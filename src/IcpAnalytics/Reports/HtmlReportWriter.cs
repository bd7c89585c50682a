using System.Text;

namespace IcpAnalytics.Reports;

/// <summary>
/// Writes a report as one self-contained HTML file: inline CSS with the system font stack, charts as inline SVG, no script,
/// no external font, stylesheet or image, and a Content-Security-Policy that forbids any request.
/// </summary>
internal static class HtmlReportWriter
{
    private const string Css = """
.icp-report{--ink:#111827;--muted:#4b5563;--line:#e5e7eb;--accent:#2563eb;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans",sans-serif;color:var(--ink);line-height:1.5;max-width:1040px;margin:0 auto;padding:24px 20px 48px;font-size:15px}
.icp-report h1{font-size:1.9em;margin:0 0 4px}
.icp-report h2{font-size:1.35em;margin:40px 0 8px;padding-top:12px;border-top:2px solid var(--line)}
.icp-report h3{font-size:1.05em;margin:20px 0 6px}
.icp-report .meta{color:var(--muted);margin:0 0 16px}
.icp-report nav ol{columns:2;margin:8px 0 0;padding-left:22px}
.icp-report nav a{color:var(--accent);text-decoration:none}
.icp-report .missing{background:#fef9c3;border-left:4px solid #ca8a04;padding:8px 12px;margin:8px 0}
.icp-report ul.findings{padding-left:0;list-style:none}
.icp-report ul.findings li{margin:6px 0;padding-left:4px}
.icp-report .verdict{display:inline-block;min-width:58px;text-align:center;font-size:.8em;font-weight:600;border-radius:10px;padding:1px 8px;margin-right:6px;text-transform:uppercase;letter-spacing:.03em}
.icp-report .verdict.passed{background:#dcfce7;color:#166534}
.icp-report .verdict.caution{background:#fef3c7;color:#92400e}
.icp-report .verdict.failed{background:#fee2e2;color:#991b1b}
.icp-report .verdict.other{background:#e5e7eb;color:#374151}
.icp-report .table-wrap{overflow-x:auto;margin:8px 0 16px}
.icp-report table{border-collapse:collapse;font-size:.9em;min-width:40%}
.icp-report caption{text-align:left;font-weight:600;padding:4px 0}
.icp-report th,.icp-report td{border-bottom:1px solid var(--line);padding:4px 10px;vertical-align:top}
.icp-report th{background:#f3f4f6;text-align:left;font-weight:600}
.icp-report td.num,.icp-report th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.icp-report .figures{display:flex;flex-wrap:wrap;gap:8px 12px;margin:8px 0 16px}
.icp-report .figures-title{flex-basis:100%;margin:4px 0 0;font-weight:600;font-size:.9em}
.icp-report .figure{border:1px solid var(--line);border-radius:6px;padding:6px 12px;min-width:120px}
.icp-report .figure-value{font-size:1.2em;font-weight:600;font-variant-numeric:tabular-nums}
.icp-report .figure-label{color:var(--muted);font-size:.8em}
.icp-report small.ci{color:var(--muted);font-size:.8em}
.icp-report figure.chart{margin:12px 0 24px}
.icp-report figure.chart svg{max-width:100%;height:auto;font-family:inherit}
.icp-report figcaption{color:var(--muted);font-size:.9em}
.icp-report svg text{font-size:12px;fill:#374151}
.icp-report svg text.label{fill:var(--ink)}
.icp-report svg text.value{font-weight:600;fill:var(--ink)}
.icp-report svg text.note{fill:#6b7280;font-style:italic}
.icp-report svg text.axis-label{font-size:13px;fill:var(--muted)}
.icp-report svg text.panel-title{font-size:13px;font-weight:600;fill:var(--ink)}
.icp-report svg text.annotation{font-size:12px;font-weight:600;fill:var(--ink)}
.icp-report footer{margin-top:48px;color:var(--muted);font-size:.85em}
@media print{.icp-report nav{display:none}.icp-report h2{break-before:auto}}
""";

    public static void WriteDocument(TextWriter writer, ProfitYieldReport report)
    {
        writer.Write("<!DOCTYPE html>\n<html lang=\"");
        writer.Write(Html.Attribute(string.IsNullOrEmpty(report.Formatter.Culture.Name) ? "en" : report.Formatter.Culture.Name));
        writer.Write("\">\n<head>\n<meta charset=\"utf-8\">\n");
        writer.Write("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n");
        writer.Write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        writer.Write("<meta name=\"generator\" content=\"IcpAnalytics\">\n<link rel=\"icon\" href=\"data:,\">\n<title>");
        writer.Write(Html.Text(report.Title));
        writer.Write("</title>\n</head>\n<body style=\"margin:0;background:#fff\">\n");
        writer.Write(Fragment(report));
        writer.Write("</body>\n</html>\n");
    }

    /// <summary>The report as an HTML fragment with its own scoped style: what a notebook displays.</summary>
    public static string Fragment(ProfitYieldReport report)
    {
        ReportFormatter f = report.Formatter;
        var sb = new StringBuilder(64 * 1024);
        sb.Append("<div class=\"icp-report\">\n<style>").Append(Css).Append("</style>\n");
        sb.Append("<header><h1>").Append(Html.Text(report.Title)).Append("</h1>");
        if (report.Subtitle is not null || report.GeneratedAt is not null)
        {
            sb.Append("<p class=\"meta\">");
            if (report.Subtitle is not null) sb.Append(Html.Text(report.Subtitle));
            if (report.GeneratedAt is DateTimeOffset at)
            {
                if (report.Subtitle is not null) sb.Append(" · ");
                sb.Append("generated ").Append(Html.Text(at.ToString("yyyy-MM-dd HH:mm 'UTC'zzz", System.Globalization.CultureInfo.InvariantCulture)));
            }
            sb.Append("</p>");
        }
        sb.Append("</header>\n<nav aria-label=\"Sections\"><ol>");
        foreach (ReportSection s in report.Sections)
        {
            sb.Append("<li><a href=\"#").Append(Html.Id(s.Id)).Append("\">").Append(Html.Text(s.Title)).Append("</a>");
            if (!s.IsPresent) sb.Append(" <small>(not in this report)</small>");
            sb.Append("</li>");
        }
        sb.Append("</ol></nav>\n<main>\n");
        foreach (ReportSection s in report.Sections) Section(sb, s, f);
        sb.Append("</main>\n<footer>Made with IcpAnalytics. Every figure comes from the deals named above; intervals are 95% unless stated.</footer>\n</div>\n");
        return sb.ToString();
    }

    private static void Section(StringBuilder sb, ReportSection s, ReportFormatter f)
    {
        sb.Append("<section id=\"").Append(Html.Id(s.Id)).Append("\">\n<h2>").Append(Html.Text(s.Title)).Append("</h2>\n");
        if (!s.IsPresent)
        {
            sb.Append("<p class=\"missing\">").Append(Html.Text(s.MissingReason)).Append("</p>\n</section>\n");
            return;
        }
        foreach (string p in s.Paragraphs) sb.Append("<p>").Append(Html.Text(p)).Append("</p>\n");
        if (s.Findings.Count > 0)
        {
            sb.Append("<ul class=\"findings\">");
            foreach (ReportFinding finding in s.Findings)
            {
                sb.Append("<li>");
                if (finding.Verdict is not null) Verdict(sb, finding.Verdict);
                sb.Append(Html.Text(finding.Text)).Append("</li>");
            }
            sb.Append("</ul>\n");
        }
        foreach (ReportChart chart in s.Charts) Chart(sb, chart, f);
        foreach (ReportTable table in s.Tables) Table(sb, table, f);
        sb.Append("</section>\n");
    }

    private static void Verdict(StringBuilder sb, string verdict)
    {
        string v = verdict.ToUpperInvariant() switch
        {
            "PASSED" => "passed",
            "CAUTION" => "caution",
            "FAILED" => "failed",
            _ => "other",
        };
        sb.Append("<span class=\"verdict ").Append(v).Append("\">").Append(Html.Text(verdict)).Append("</span>");
    }

    private static void Chart(StringBuilder sb, ReportChart chart, ReportFormatter f)
    {
        sb.Append("<figure class=\"chart\" id=\"chart-").Append(Html.Id(chart.Id)).Append("\">\n<h3>").Append(Html.Text(chart.Title)).Append("</h3>\n");
        if (SvgChartWriter.HasData(chart)) SvgChartWriter.Write(sb, chart, f);
        else sb.Append("<p class=\"missing\">Nothing to draw: no value in this chart could be estimated.</p>");
        if (chart.Caption is not null) sb.Append("\n<figcaption>").Append(Html.Text(chart.Caption)).Append("</figcaption>");
        sb.Append("\n</figure>\n");
    }

    private static void Table(StringBuilder sb, ReportTable table, ReportFormatter f)
    {
        IReadOnlyList<(int Value, int Lower, int Upper)> shown = table.DisplayColumns();
        if (IsKeyFigures(table, shown.Count))
        {
            // One wide row reads better as a row of labelled figures.
            sb.Append("<div class=\"figures\" id=\"table-").Append(Html.Id(table.Id)).Append("\"><p class=\"figures-title\">").Append(Html.Text(table.Title)).Append("</p>");
            IReadOnlyList<ReportCell> row = table.Rows[0];
            foreach ((int v, int lo, int hi) in shown)
            {
                ReportValueKind kind = table.KindAt(0, v);
                sb.Append("<div class=\"figure\"><div class=\"figure-value\">").Append(Html.Text(f.Format(ReportTable.At(row, v), kind))).Append("</div><div class=\"figure-label\">")
                  .Append(Html.Text(table.Columns[v].Label)).Append("</div>");
                if (ReportTable.At(row, lo).Number is double l && ReportTable.At(row, hi).Number is double u)
                    sb.Append("<div class=\"figure-label\">").Append(Html.Text(f.Format(l, kind))).Append(" to ").Append(Html.Text(f.Format(u, kind))).Append("</div>");
                sb.Append("</div>");
            }
            sb.Append("</div>\n");
            return;
        }
        sb.Append("<div class=\"table-wrap\"><table id=\"table-").Append(Html.Id(table.Id)).Append("\"><caption>").Append(Html.Text(table.Title)).Append("</caption>\n<thead><tr>");
        foreach ((int v, int lo, int hi) in shown)
        {
            ReportColumn c = table.Columns[v];
            sb.Append(IsNumeric(c.Kind) ? "<th class=\"num\" scope=\"col\">" : "<th scope=\"col\">").Append(Html.Text(c.Label));
            if (lo >= 0 && hi >= 0) sb.Append("<br><small>95% interval</small>");
            sb.Append("</th>");
        }
        sb.Append("</tr></thead>\n<tbody>\n");
        if (table.Rows.Count == 0)
            sb.Append("<tr><td colspan=\"").Append(shown.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append("\">none</td></tr>\n");
        for (int r = 0; r < table.Rows.Count; r++)
        {
            IReadOnlyList<ReportCell> row = table.Rows[r];
            sb.Append("<tr>");
            foreach ((int v, int lo, int hi) in shown)
            {
                ReportColumn c = table.Columns[v] with { Kind = table.KindAt(r, v) };
                ReportCell cell = ReportTable.At(row, v);
                if (c.Kind == ReportValueKind.Verdict && cell.Text is not null)
                {
                    sb.Append("<td>");
                    Verdict(sb, cell.Text);
                    sb.Append("</td>");
                    continue;
                }
                sb.Append(IsNumeric(c.Kind) ? "<td class=\"num\">" : "<td>").Append(Html.Text(f.Format(cell, c.Kind)));
                ReportCell lower = ReportTable.At(row, lo), upper = ReportTable.At(row, hi);
                if (lower.Number is double l && upper.Number is double u)
                    sb.Append("<br><small class=\"ci\">").Append(Html.Text(f.Format(l, c.Kind))).Append(" to ").Append(Html.Text(f.Format(u, c.Kind))).Append("</small>");
                sb.Append("</td>");
            }
            sb.Append("</tr>\n");
        }
        sb.Append("</tbody></table></div>\n");
    }

    /// <summary>A table of one row and more than four columns, none of them long text.</summary>
    internal static bool IsKeyFigures(ReportTable table, int shownColumns) =>
        table.Rows.Count == 1 && shownColumns > 4 && table.Rows[0].All(c => c.Text is null || c.Text.Length <= 40);

    internal static bool IsNumeric(ReportValueKind kind) => kind is not (ReportValueKind.Text or ReportValueKind.Verdict);
}
