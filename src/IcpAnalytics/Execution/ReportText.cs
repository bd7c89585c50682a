using System.Globalization;
using System.Net;
using System.Text;

namespace IcpAnalytics.Execution;

/// <summary>Small Markdown and HTML table writers shared by the sales-execution result types (invariant culture).</summary>
internal static class ReportText
{
    public static string Html(string? text) => WebUtility.HtmlEncode(text ?? "");

    public static string Md(string? text) => (text ?? "").Replace("|", "\\|", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    public static string Num(double value, string format = "N0") =>
        double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "—";

    public static string Pct(double value, int decimals = 1) =>
        double.IsFinite(value) ? (value * 100).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) + "%" : "—";

    public static void MdTable(StringBuilder sb, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        sb.Append("| ").Append(string.Join(" | ", header.Select(Md))).Append(" |\n");
        sb.Append('|').Append(string.Concat(header.Select(_ => "---|"))).Append('\n');
        foreach (IReadOnlyList<string> row in rows) sb.Append("| ").Append(string.Join(" | ", row.Select(Md))).Append(" |\n");
    }

    public static void HtmlTable(StringBuilder sb, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, string? caption = null)
    {
        sb.Append("<table class=\"icp-table\" style=\"border-collapse:collapse;margin:0.5em 0\">");
        if (caption is not null) sb.Append("<caption style=\"text-align:left;font-weight:bold\">").Append(Html(caption)).Append("</caption>");
        sb.Append("<thead><tr>");
        foreach (string h in header) sb.Append("<th style=\"border-bottom:1px solid #888;padding:2px 8px;text-align:left\">").Append(Html(h)).Append("</th>");
        sb.Append("</tr></thead><tbody>");
        foreach (IReadOnlyList<string> row in rows)
        {
            sb.Append("<tr>");
            foreach (string cell in row) sb.Append("<td style=\"border-bottom:1px solid #ddd;padding:2px 8px\">").Append(Html(cell)).Append("</td>");
            sb.Append("</tr>");
        }
        sb.Append("</tbody></table>\n");
    }

    public static void HtmlList(StringBuilder sb, IEnumerable<string> items)
    {
        sb.Append("<ul>");
        foreach (string item in items) sb.Append("<li>").Append(Html(item)).Append("</li>");
        sb.Append("</ul>\n");
    }

    /// <summary>A Markdown bullet list, one escaped item a line.</summary>
    public static void MdList(StringBuilder sb, IEnumerable<string> items)
    {
        foreach (string item in items) sb.Append("- ").Append(Md(item)).Append('\n');
    }

    /// <summary>The "Data notes" subsection of a Markdown result, when there are notes.</summary>
    public static void MdNotes(StringBuilder sb, IReadOnlyList<string> issues)
    {
        if (issues.Count == 0) return;
        sb.Append("\n### Data notes\n\n");
        MdList(sb, issues);
    }

    /// <summary>The "Data notes" of an HTML result fragment, when there are notes, then the end of its section.</summary>
    public static void EndHtmlSection(StringBuilder sb, IReadOnlyList<string> issues)
    {
        if (issues.Count > 0)
        {
            sb.Append("<h3>Data notes</h3>");
            HtmlList(sb, issues);
        }
        sb.Append("</section>\n");
    }

    /// <summary>The notes of a result's plain text, one "note: " line each.</summary>
    public static void PlainNotes(StringBuilder sb, IEnumerable<string> issues)
    {
        foreach (string issue in issues) sb.Append("note: ").AppendLine(issue);
    }

    public static void PlainTable(StringBuilder sb, IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var widths = new int[header.Count];
        for (int c = 0; c < header.Count; c++)
        {
            widths[c] = header[c].Length;
            foreach (IReadOnlyList<string> row in rows) widths[c] = Math.Max(widths[c], row[c].Length);
        }
        sb.Append("  ").Append(string.Join("  ", header.Select((h, c) => h.PadRight(widths[c])))).AppendLine();
        foreach (IReadOnlyList<string> row in rows) sb.Append("  ").Append(string.Join("  ", row.Select((v, c) => v.PadRight(widths[c])))).AppendLine();
    }
}
