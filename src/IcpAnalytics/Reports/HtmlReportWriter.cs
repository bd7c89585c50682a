using System.Text;

namespace IcpAnalytics.Reports;

/// <summary>
/// Writes a report as one self-contained HTML file: inline CSS with the system font stack, charts as inline SVG, no script,
/// no external font, stylesheet or image, and a Content-Security-Policy that forbids any request.
/// </summary>
internal static class HtmlReportWriter
{
    private const string Css = """
.icp-report{--ink:#111827;--muted:#4b5563;--line:#e5e7eb;--accent:#1d4ed8;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans",sans-serif;color:var(--ink);line-height:1.45;max-width:1180px;margin:0 auto;padding:20px 20px 48px;font-size:15px;box-sizing:border-box;overflow-wrap:break-word}
.icp-report *{box-sizing:border-box}
.icp-report h1{font-size:1.7em;margin:0 0 2px}
.icp-report h2{font-size:1.3em;margin:36px 0 8px;padding-top:10px;border-top:2px solid var(--line)}
.icp-report h3{font-size:1.02em;margin:18px 0 6px}
.icp-report .meta{color:var(--muted);margin:0 0 10px}
.icp-report a{color:var(--accent)}
.icp-report nav{margin:14px 0 0;font-size:.9em;color:var(--muted)}
.icp-report nav ol{display:flex;flex-wrap:wrap;gap:2px 18px;margin:4px 0 0;padding:0;list-style:none}
.icp-report nav a{text-decoration:none}
.icp-report .missing{background:#fef9c3;border-left:4px solid #ca8a04;padding:8px 12px;margin:8px 0}
.icp-report ul.findings{padding-left:0;list-style:none}
.icp-report ul.findings li{margin:6px 0;padding-left:4px}
.icp-report .verdict{display:inline-block;min-width:58px;text-align:center;font-size:.78em;font-weight:600;border-radius:10px;padding:1px 8px;margin-right:6px;text-transform:uppercase;letter-spacing:.03em}
.icp-report .verdict.passed{background:#dcfce7;color:#166534}
.icp-report .verdict.caution{background:#fef3c7;color:#92400e}
.icp-report .verdict.failed{background:#fee2e2;color:#991b1b}
.icp-report .verdict.other{background:#e5e7eb;color:#374151}
.icp-report section.summary h2{border-top:0;margin-top:14px;padding-top:0}
.icp-report section.summary .lead{color:var(--muted);margin:0 0 10px;font-size:.9em}
.icp-report .answers{display:grid;grid-template-columns:1fr 1fr;gap:10px 14px}
.icp-report .answer{border:1px solid var(--line);border-left:4px solid var(--accent);border-radius:6px;padding:8px 12px}
.icp-report .answer.passed{border-left-color:#16a34a}
.icp-report .answer.caution{border-left-color:#d97706}
.icp-report .answer.failed{border-left-color:#dc2626}
.icp-report .answer h3{margin:0 0 4px;font-size:.95em}
.icp-report .answer p{margin:0}
.icp-report .caveats{margin:10px 0 0;padding:8px 12px 8px 30px;background:#fffbeb;border-radius:6px}
.icp-report .caveats li{margin:3px 0}
.icp-report .caveats .verdict{display:none}
.icp-report a.figure-link{color:inherit;font-weight:600;text-decoration:underline dotted var(--accent);text-underline-offset:2px}
.icp-report .table-wrap{max-width:100%;overflow-x:auto;margin:8px 0 16px}
.icp-report table{border-collapse:collapse;font-size:.85em;max-width:100%}
.icp-report caption{text-align:left;font-weight:600;padding:4px 0}
.icp-report th,.icp-report td{border-bottom:1px solid var(--line);padding:4px 8px;vertical-align:top}
.icp-report th{background:#f3f4f6;text-align:left;font-weight:600}
.icp-report td.num,.icp-report th.num{text-align:right;font-variant-numeric:tabular-nums}
.icp-report td.num{white-space:nowrap}
.icp-report td.num small.ci{white-space:normal;display:inline-block;min-width:6em}
.icp-report details{margin:8px 0 16px;border:1px solid var(--line);border-radius:6px;padding:4px 10px}
.icp-report details>summary{cursor:pointer;font-weight:600;font-size:.9em;padding:4px 0}
.icp-report details .table-wrap{margin:4px 0 8px}
.icp-report details table caption{display:none}
.icp-report .figures{display:flex;flex-wrap:wrap;gap:8px 12px;margin:8px 0 16px}
.icp-report .figures-title{flex-basis:100%;margin:4px 0 0;font-weight:600;font-size:.9em}
.icp-report .figure{border:1px solid var(--line);border-radius:6px;padding:6px 12px;min-width:120px}
.icp-report .figure-value{font-size:1.15em;font-weight:600;font-variant-numeric:tabular-nums}
.icp-report .figure-label{color:var(--muted);font-size:.8em}
.icp-report small.ci{color:var(--muted);font-size:.85em}
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
.icp-report footer{margin-top:40px;color:var(--muted);font-size:.85em}
@media (max-width:720px){.icp-report{padding:12px 10px 32px;font-size:14px}.icp-report .answers{grid-template-columns:1fr}
.icp-report table.cards,.icp-report table.cards tbody,.icp-report table.cards tr,.icp-report table.cards td{display:block;width:100%}
.icp-report table.cards thead{display:none}.icp-report table.cards caption{display:block}
.icp-report table.cards tr{border:1px solid var(--line);border-radius:6px;margin:0 0 8px;padding:4px 0}
.icp-report table.cards td{border:0;padding:2px 10px;text-align:left;white-space:normal}
.icp-report table.cards td::before{content:attr(data-label);display:block;color:var(--muted);font-size:.8em;font-weight:600}}
@media print{@page{margin:14mm 12mm}.icp-report{max-width:none;padding:0;font-size:10.5pt}.icp-report nav{display:none}
.icp-report main>section{break-before:page}.icp-report main>section:first-child{break-before:auto}.icp-report h2{border-top:0;margin-top:0}
.icp-report h2,.icp-report h3,.icp-report caption,.icp-report details>summary{break-after:avoid}
.icp-report tr,.icp-report figure.chart,.icp-report .answer,.icp-report .figure,.icp-report ul.findings li{break-inside:avoid}
.icp-report thead{display:table-header-group}.icp-report .table-wrap{overflow:visible}.icp-report a.figure-link{text-decoration:none}
.icp-report details{border:0;padding:0}.icp-report details>summary{list-style:none;color:var(--muted);font-weight:400}
.icp-report details>summary::after{content:" (full table in the HTML report and the CSV files)"}}
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
        sb.Append("</header>\n<main>\n");
        bool navWritten = false;
        foreach (ReportSection s in report.Sections)
        {
            if (!navWritten && s.Id != SummarySection.Id)
            {
                Nav(sb, report);
                navWritten = true;
            }
            if (s.Id == SummarySection.Id && s.IsPresent) Summary(sb, s, report);
            else Section(sb, s, f);
        }
        if (!navWritten) Nav(sb, report);
        sb.Append("</main>\n<footer>Made with IcpAnalytics. Every figure comes from the deals named above; ranges are 95% intervals unless stated.</footer>\n</div>\n");
        return sb.ToString();
    }

    private static void Nav(StringBuilder sb, ProfitYieldReport report)
    {
        sb.Append("<nav aria-label=\"Sections\">The evidence, section by section:<ol>");
        foreach (ReportSection s in report.Sections)
        {
            if (s.Id == SummarySection.Id) continue;
            sb.Append("<li><a href=\"#").Append(Html.Id(s.Id)).Append("\">").Append(Html.Text(s.Title)).Append("</a>");
            if (!s.IsPresent) sb.Append(" <small>(not in this report)</small>");
            sb.Append("</li>");
        }
        sb.Append("</ol></nav>\n");
    }

    /// <summary>The summary: one card per answer, then the caveats as one list; every number links to the section that proves it.</summary>
    private static void Summary(StringBuilder sb, ReportSection s, ProfitYieldReport report)
    {
        sb.Append("<section id=\"").Append(Html.Id(s.Id)).Append("\" class=\"summary\">\n<h2>").Append(Html.Text(s.Title)).Append("</h2>\n");
        foreach (string p in s.Paragraphs) sb.Append("<p class=\"lead\">").Append(Linked(p, report.FindSection(MethodSection.Id) is null ? null : MethodSection.Id, "glossary")).Append("</p>\n");
        sb.Append("<div class=\"answers\">\n");
        var caveats = new List<ReportFinding>();
        foreach (ReportFinding finding in s.Findings)
        {
            if (finding.Topic == SummarySection.CaveatTopic)
            {
                caveats.Add(finding);
                continue;
            }
            sb.Append("<div class=\"answer ").Append(VerdictClass(finding.Verdict)).Append("\">");
            if (finding.Topic is not null) sb.Append("<h3>").Append(Html.Text(finding.Topic)).Append("</h3>");
            sb.Append("<p>").Append(LinkedNumbers(finding.Text, finding.Link)).Append("</p></div>\n");
        }
        sb.Append("</div>\n");
        if (caveats.Count > 0)
        {
            sb.Append("<h3>What to keep in mind</h3><ul class=\"caveats\">");
            foreach (ReportFinding c in caveats)
            {
                sb.Append("<li>");
                if (c.Verdict is not null) Verdict(sb, c.Verdict);
                sb.Append(LinkedNumbers(c.Text, c.Link)).Append("</li>");
            }
            sb.Append("</ul>\n");
        }
        sb.Append("</section>\n");
    }

    /// <summary>The text with the word <paramref name="word"/> linked to the section <paramref name="target"/> (escaped).</summary>
    private static string Linked(string text, string? target, string word)
    {
        int at = target is null ? -1 : text.IndexOf(word, StringComparison.Ordinal);
        if (at < 0) return Html.Text(text);
        return Html.Text(text[..at]) + "<a href=\"#" + Html.Id(target!) + "\">" + Html.Text(word) + "</a>" + Html.Text(text[(at + word.Length)..]);
    }

    /// <summary>The text, escaped, with every number (money, share, count, date, percentage points) linked to the section <paramref name="target"/>.</summary>
    internal static string LinkedNumbers(string text, string? target)
    {
        if (target is null) return Html.Text(text);
        var sb = new StringBuilder(text.Length * 2);
        int last = 0;
        foreach (System.Text.RegularExpressions.ValueMatch m in ReportNumbers.Pattern().EnumerateMatches(text))
        {
            sb.Append(Html.Text(text[last..m.Index]));
            sb.Append("<a class=\"figure-link\" href=\"#").Append(Html.Id(target)).Append("\">").Append(Html.Text(text.Substring(m.Index, m.Length))).Append("</a>");
            last = m.Index + m.Length;
        }
        sb.Append(Html.Text(text[last..]));
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
                if (finding.Topic is not null) sb.Append("<strong>").Append(Html.Text(finding.Topic)).Append(".</strong> ");
                sb.Append(LinkedNumbers(finding.Text, finding.Link)).Append("</li>");
            }
            sb.Append("</ul>\n");
        }
        foreach (ReportChart chart in s.Charts) Chart(sb, chart, f);
        foreach (ReportTable table in s.Tables.Where(t => !t.IsDetail)) Table(sb, table, f);
        foreach (ReportTable table in s.Tables.Where(t => t.IsDetail))
        {
            sb.Append("<details id=\"details-").Append(Html.Id(table.Id)).Append("\"><summary>").Append(Html.Text(table.Title)).Append(" (")
              .Append(Html.Text(f.Format(table.Rows.Count, ReportValueKind.Count))).Append(table.Rows.Count == 1 ? " row)" : " rows)").Append("</summary>\n");
            Table(sb, table, f);
            sb.Append("</details>\n");
        }
        sb.Append("</section>\n");
    }

    private static string VerdictClass(string? verdict) => verdict?.ToUpperInvariant() switch
    {
        "PASSED" => "passed",
        "CAUTION" => "caution",
        "FAILED" => "failed",
        _ => "plain",
    };

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
        shown = [.. shown.Where(d => table.Rows.Count == 0 || table.Rows.Any(r => !ReportTable.At(r, d.Value).IsEmpty && ReportTable.At(r, d.Value).Text is not ""))];
        sb.Append("<div class=\"table-wrap\"><table class=\"cards\" id=\"table-").Append(Html.Id(table.Id)).Append("\"><caption>").Append(Html.Text(table.Title)).Append("</caption>\n<thead><tr>");
        foreach ((int v, int lo, int hi) in shown)
        {
            ReportColumn c = table.Columns[v];
            sb.Append(IsNumeric(c.Kind) ? "<th class=\"num\" scope=\"col\"" : "<th scope=\"col\"").Append(" title=\"").Append(Html.Attribute(c.Label)).Append("\">").Append(Html.Text(c.Label));
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
                    sb.Append("<td data-label=\"").Append(Html.Attribute(c.Label)).Append("\">");
                    Verdict(sb, cell.Text);
                    sb.Append("</td>");
                    continue;
                }
                sb.Append(IsNumeric(c.Kind) ? "<td class=\"num\" data-label=\"" : "<td data-label=\"").Append(Html.Attribute(c.Label)).Append("\">").Append(Html.Text(f.Format(cell, c.Kind)));
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
