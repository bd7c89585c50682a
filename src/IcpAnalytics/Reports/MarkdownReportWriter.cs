using System.Globalization;
using System.Text;

namespace IcpAnalytics.Reports;

/// <summary>
/// Writes a report as GitHub-flavoured Markdown: headings, findings with verdicts and the key tables in the report itself;
/// the full (detail) tables and each chart's values, as compact pipe tables, in a companion details document that the
/// report names section by section (a Markdown file has no collapsed text: inlined, the evidence would double its length).
/// </summary>
internal static class MarkdownReportWriter
{
    private const int LineChartRows = 11;

    /// <summary>The companion details file's name for a report saved as <paramref name="path"/>: "profit-yield.md" → "profit-yield-details.md".</summary>
    public static string DetailsPath(string path)
    {
        string directory = Path.GetDirectoryName(path) ?? "";
        string stem = Path.GetFileNameWithoutExtension(path);
        string extension = Path.GetExtension(path);
        return Path.Combine(directory, stem + "-details" + (extension.Length == 0 ? ".md" : extension));
    }

    /// <summary>The report; <paramref name="detailsName"/> is the details file it names (null: "the details").</summary>
    public static void Write(TextWriter w, ProfitYieldReport report, string? detailsName)
    {
        ReportFormatter f = report.Formatter;
        Header(w, report, report.Title);
        Body(w, report, f, detailsName);
    }

    /// <summary>The details document: per section with evidence, its full tables and its charts' values.</summary>
    public static void WriteDetails(TextWriter w, ProfitYieldReport report)
    {
        ReportFormatter f = report.Formatter;
        Header(w, report, report.Title + ": full tables");
        w.Write("\nThe full tables and chart values behind each section of the report, in the report's order.\n");
        foreach (ReportSection s in report.Sections)
        {
            if (!s.IsPresent || (s.Charts.Count == 0 && !s.Tables.Any(t => t.IsDetail))) continue;
            w.Write("\n<a id=\"");
            w.Write(Html.Id(s.Id));
            w.Write("\"></a>\n\n## ");
            w.Write(s.Title);
            w.Write("\n\n");
            foreach (ReportChart chart in s.Charts) Chart(w, chart, f);
            foreach (ReportTable table in s.Tables.Where(t => t.IsDetail)) Table(w, table, f);
        }
    }

    private static void Header(TextWriter w, ProfitYieldReport report, string title)
    {
        w.Write("# ");
        w.Write(title);
        w.Write('\n');
        if (report.Subtitle is not null || report.GeneratedAt is not null)
        {
            w.Write('\n');
            var meta = new List<string>();
            if (report.Subtitle is not null) meta.Add(report.Subtitle);
            if (report.GeneratedAt is DateTimeOffset at) meta.Add("generated " + at.ToString("yyyy-MM-dd HH:mm 'UTC'zzz", CultureInfo.InvariantCulture));
            w.Write('_');
            w.Write(Escape(string.Join(" · ", meta)));
            w.Write("_\n");
        }
    }

    private static void Body(TextWriter w, ProfitYieldReport report, ReportFormatter f, string? detailsName)
    {
        foreach (ReportSection s in report.Sections)
        {
            w.Write("\n<a id=\"");
            w.Write(Html.Id(s.Id));
            w.Write("\"></a>\n\n## ");
            w.Write(s.Title);
            w.Write("\n\n");
            if (!s.IsPresent)
            {
                w.Write("> **Not in this report.** ");
                w.Write(Escape(s.MissingReason!));
                w.Write('\n');
                continue;
            }
            foreach (string p in s.Paragraphs)
            {
                w.Write(Escape(p));
                w.Write("\n\n");
            }
            foreach (ReportFinding finding in s.Findings)
            {
                w.Write("- ");
                if (finding.Verdict is not null)
                {
                    w.Write("**");
                    w.Write(finding.Verdict.ToUpperInvariant());
                    w.Write("** ");
                }
                if (finding.Topic is not null)
                {
                    w.Write("**");
                    w.Write(Escape(finding.Topic));
                    w.Write(".** ");
                }
                w.Write(Linked(finding.Text, finding.Link));
                w.Write('\n');
            }
            if (s.Findings.Count > 0) w.Write('\n');
            foreach (ReportTable table in s.Tables.Where(t => !t.IsDetail)) Table(w, table, f);
            // The evidence a browser would collapse: named here, written in full in the details document.
            var evidence = new List<string>();
            foreach (ReportTable table in s.Tables.Where(t => t.IsDetail))
                evidence.Add(Escape(table.Title) + " (" + f.Format(table.Rows.Count, ReportValueKind.Count) + (table.Rows.Count == 1 ? " row)" : " rows)"));
            foreach (ReportChart chart in s.Charts) evidence.Add(Escape(chart.Title) + " (chart values)");
            if (evidence.Count > 0)
            {
                w.Write(evidence.Count == 1 ? "_Full table in " : "_Full tables in ");
                w.Write(detailsName is null ? "the details" : "[" + Escape(detailsName) + "](" + Uri.EscapeDataString(detailsName) + "#" + Html.Id(s.Id) + ")");
                w.Write(": ");
                w.Write(string.Join("; ", evidence));
                w.Write("._\n\n");
            }
        }
    }

    /// <summary>The text, escaped, with every number linked to the section <paramref name="target"/>.</summary>
    private static string Linked(string text, string? target)
    {
        if (target is null) return Escape(text);
        var sb = new StringBuilder(text.Length * 2);
        int last = 0;
        foreach (System.Text.RegularExpressions.ValueMatch m in ReportNumbers.Pattern().EnumerateMatches(text))
        {
            sb.Append(Escape(text[last..m.Index])).Append('[').Append(Escape(text.Substring(m.Index, m.Length))).Append("](#").Append(Html.Id(target)).Append(')');
            last = m.Index + m.Length;
        }
        return sb.Append(Escape(text[last..])).ToString();
    }

    private static void Table(TextWriter w, ReportTable table, ReportFormatter f)
    {
        IReadOnlyList<(int Value, int Lower, int Upper)> shown = table.DisplayColumns();
        if (HtmlReportWriter.IsKeyFigures(table, shown.Count))
        {
            // One wide row reads better turned on its side: one line per figure.
            var figures = new List<IReadOnlyList<ReportCell>>();
            foreach ((int v, int lo, int hi) in shown)
            {
                ReportValueKind kind = table.KindAt(0, v);
                IReadOnlyList<ReportCell> row = table.Rows[0];
                ReportCell cell = ReportTable.At(row, v);
                string value = cell.Text ?? f.WithInterval(cell.Number, ReportTable.At(row, lo).Number, ReportTable.At(row, hi).Number, kind);
                figures.Add([table.Columns[v].Label, value]);
            }
            Table(w, table.Title, [new ReportColumn("figure", "Figure", ReportValueKind.Text), new ReportColumn("value", "Value", ReportValueKind.Text)], figures, f);
            return;
        }
        var columns = new List<ReportColumn>(shown.Count);
        foreach ((int v, int lo, int hi) in shown)
        {
            ReportColumn c = table.Columns[v];
            columns.Add(lo >= 0 && hi >= 0 ? c with { Label = c.Label + " (95% interval)" } : c);
        }
        var rows = new List<IReadOnlyList<ReportCell>>(table.Rows.Count);
        for (int r = 0; r < table.Rows.Count; r++)
        {
            IReadOnlyList<ReportCell> row = table.Rows[r];
            var cells = new List<ReportCell>(shown.Count);
            foreach ((int v, int lo, int hi) in shown)
            {
                ReportCell cell = ReportTable.At(row, v);
                ReportCell lower = ReportTable.At(row, lo), upper = ReportTable.At(row, hi);
                ReportValueKind kind = table.KindAt(r, v);
                cells.Add(lower.Number is not null && upper.Number is not null
                    ? new ReportCell(f.WithInterval(cell.Number, lower.Number, upper.Number, kind))
                    : cell.Number is double number && kind != table.Columns[v].Kind ? new ReportCell(f.Format(number, kind)) : cell);
            }
            rows.Add(cells);
        }
        Table(w, table.Title, columns, rows, f);
    }

    private static void Table(TextWriter w, string title, IReadOnlyList<ReportColumn> columns, IReadOnlyList<IReadOnlyList<ReportCell>> rows, ReportFormatter f)
    {
        w.Write("**");
        w.Write(Escape(title));
        w.Write("**\n\n|");
        foreach (ReportColumn c in columns)
        {
            w.Write(' ');
            w.Write(Cell(c.Label));
            w.Write(" |");
        }
        w.Write("\n|");
        foreach (ReportColumn c in columns) w.Write(HtmlReportWriter.IsNumeric(c.Kind) ? "---:|" : "---|");
        w.Write('\n');
        foreach (IReadOnlyList<ReportCell> row in rows)
        {
            w.Write('|');
            for (int i = 0; i < columns.Count; i++)
            {
                w.Write(' ');
                w.Write(Cell(f.Format(i < row.Count ? row[i] : default, columns[i].Kind)));
                w.Write(" |");
            }
            w.Write('\n');
        }
        if (rows.Count == 0) w.Write("| none |" + string.Concat(Enumerable.Repeat(" |", columns.Count - 1)) + "\n");
        w.Write('\n');
    }

    private static void Chart(TextWriter w, ReportChart chart, ReportFormatter f)
    {
        if (chart.Kind == ReportChartKind.Line)
        {
            var columns = new List<ReportColumn> { new("x", chart.XLabel, chart.XValueKind) };
            columns.AddRange(chart.Series.Select((s, i) => new ReportColumn("s" + i.ToString(CultureInfo.InvariantCulture), s.Name, chart.ValueKind)));
            var rows = new List<IReadOnlyList<ReportCell>>();
            foreach (double x in SampleXs(chart))
            {
                var row = new List<ReportCell> { x };
                foreach (ChartSeries s in chart.Series) row.Add(YAt(s, x));
                rows.Add(row);
            }
            Table(w, chart.Title + " (chart values)", columns, rows, f);
            foreach (ChartAnnotation a in chart.Annotations)
            {
                w.Write("- ");
                w.Write(Escape(a.Text));
                w.Write(" at ");
                w.Write(f.Format(a.X, chart.XValueKind));
                w.Write(", ");
                w.Write(f.Format(a.Y, chart.ValueKind));
                w.Write('\n');
            }
            if (chart.Annotations.Count > 0) w.Write('\n');
        }
        else
        {
            var columns = new List<ReportColumn> { new("label", chart.YLabel, ReportValueKind.Text) };
            foreach (ChartSeries s in chart.Series) columns.Add(new ReportColumn(s.Name, chart.Series.Count == 1 ? "Value (95% interval)" : s.Name + " (95% interval)", ReportValueKind.Text));
            var rows = new List<IReadOnlyList<ReportCell>>();
            IReadOnlyList<string> labels = chart.Labels();
            for (int g = 0; g < labels.Count; g++)
            {
                ReportValueKind kind = chart.Kind == ReportChartKind.GroupedBars && g < chart.GroupValueKinds.Count ? chart.GroupValueKinds[g] : chart.ValueKind;
                var row = new List<ReportCell> { labels[g] };
                foreach (ChartSeries s in chart.Series)
                {
                    ChartPoint? p = s.Points.FirstOrDefault(q => string.Equals(q.Label, labels[g], StringComparison.Ordinal));
                    row.Add(p is null ? null : f.WithInterval(p.Y, p.Lower, p.Upper, kind));
                }
                rows.Add(row);
            }
            Table(w, chart.Title + " (chart values)", columns, rows, f);
        }
        if (chart.Caption is not null)
        {
            w.Write('_');
            w.Write(Escape(chart.Caption));
            w.Write("_\n\n");
        }
    }

    private static IEnumerable<double> SampleXs(ReportChart chart)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (ChartSeries s in chart.Series)
        {
            foreach (ChartPoint p in s.Points)
            {
                min = Math.Min(min, p.X);
                max = Math.Max(max, p.X);
            }
        }
        if (double.IsPositiveInfinity(min)) yield break;
        for (int i = 0; i < LineChartRows; i++) yield return min + (max - min) * i / (LineChartRows - 1);
    }

    /// <summary>The series' y at x, interpolated linearly between its points.</summary>
    internal static double? YAt(ChartSeries s, double x)
    {
        ChartPoint? previous = null;
        foreach (ChartPoint p in s.Points)
        {
            if (p.Y is not double y) continue;
            if (p.X >= x)
            {
                if (previous is null || p.X == previous.X) return y;
                double t = (x - previous.X) / (p.X - previous.X);
                return previous.Y!.Value + t * (y - previous.Y!.Value);
            }
            previous = p;
        }
        return previous?.Y;
    }

    private static string Cell(string text) => Escape(text).Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    private static string Escape(string text)
    {
        if (text.AsSpan().IndexOfAny("*_`<>[]") < 0) return text;
        var sb = new StringBuilder(text.Length + 8);
        foreach (char c in text)
        {
            if (c is '*' or '_' or '`' or '<' or '>' or '[' or ']') sb.Append('\\');
            sb.Append(c);
        }
        return sb.ToString();
    }
}
