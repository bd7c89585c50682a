using System.Text;

namespace IcpAnalytics.Reports;

/// <summary>
/// Draws a <see cref="ReportChart"/> as inline SVG by hand: no script, no external font or stylesheet. Coordinates are written
/// invariant with at most two decimals, so the same chart gives the same bytes on every machine and culture.
/// </summary>
internal static class SvgChartWriter
{
    private const double Width = 720;
    private static readonly string[] Palette = ["#2563eb", "#ea580c", "#16a34a", "#9333ea", "#0891b2", "#be123c"];
    private const string Grid = "#e5e7eb";
    private const string Axis = "#6b7280";
    private const string Ink = "#111827";

    public static string Color(int series) => Palette[series % Palette.Length];

    public static void Write(StringBuilder sb, ReportChart chart, ReportFormatter f)
    {
        switch (chart.Kind)
        {
            case ReportChartKind.Line: Line(sb, chart, f); break;
            case ReportChartKind.IntervalBars: Bars(sb, chart, f); break;
            case ReportChartKind.Forest: Forest(sb, chart, f); break;
            case ReportChartKind.GroupedBars: Grouped(sb, chart, f); break;
            default: throw new ArgumentOutOfRangeException(nameof(chart), chart.Kind, "Unknown chart kind.");
        }
    }

    /// <summary>Whether the chart has any value to draw.</summary>
    public static bool HasData(ReportChart chart)
    {
        foreach (ChartSeries s in chart.Series)
        {
            foreach (ChartPoint p in s.Points)
            {
                if (p.Y is double y && double.IsFinite(y)) return true;
            }
        }
        return false;
    }

    private static string C(double v) => ReportFormatter.Coordinate(v);

    private static void Open(StringBuilder sb, ReportChart chart, double height)
    {
        string id = Html.Attribute(chart.Id);
        sb.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart-svg\" data-chart=\"").Append(id)
          .Append("\" viewBox=\"0 0 ").Append(C(Width)).Append(' ').Append(C(height))
          .Append("\" width=\"").Append(C(Width)).Append("\" height=\"").Append(C(height))
          .Append("\" role=\"img\" aria-labelledby=\"").Append(id).Append("-title\">")
          .Append("<title id=\"").Append(id).Append("-title\">").Append(Html.Text(chart.Title)).Append("</title>");
    }

    private static void Text(StringBuilder sb, double x, double y, string text, string anchor = "start", string? cls = null, string? fill = null)
    {
        sb.Append("<text x=\"").Append(C(x)).Append("\" y=\"").Append(C(y)).Append('"');
        if (anchor != "start") sb.Append(" text-anchor=\"").Append(anchor).Append('"');
        if (cls is not null) sb.Append(" class=\"").Append(cls).Append('"');
        if (fill is not null) sb.Append(" fill=\"").Append(fill).Append('"');
        sb.Append('>').Append(Html.Text(text)).Append("</text>");
    }

    private static void LineSeg(StringBuilder sb, double x1, double y1, double x2, double y2, string stroke, double width = 1, string? dash = null)
    {
        sb.Append("<line x1=\"").Append(C(x1)).Append("\" y1=\"").Append(C(y1)).Append("\" x2=\"").Append(C(x2)).Append("\" y2=\"").Append(C(y2))
          .Append("\" stroke=\"").Append(stroke).Append("\" stroke-width=\"").Append(C(width)).Append('"');
        if (dash is not null) sb.Append(" stroke-dasharray=\"").Append(dash).Append('"');
        sb.Append("/>");
    }

    private static void Legend(StringBuilder sb, ReportChart chart, double x, double y, bool squares)
    {
        for (int s = 0; s < chart.Series.Count; s++)
        {
            string color = Color(s);
            if (squares) sb.Append("<rect x=\"").Append(C(x)).Append("\" y=\"").Append(C(y - 9)).Append("\" width=\"10\" height=\"10\" fill=\"").Append(color).Append("\"/>");
            else LineSeg(sb, x, y - 4, x + 18, y - 4, color, 2.5);
            Text(sb, x + (squares ? 14 : 22), y, chart.Series[s].Name, cls: "legend");
            x += (squares ? 14 : 22) + 7.2 * chart.Series[s].Name.Length + 18;
        }
    }

    private static (double Min, double Max) Range(IEnumerable<double> values, bool includeZero)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (double v in values)
        {
            if (!double.IsFinite(v)) continue;
            if (v < min) min = v;
            if (v > max) max = v;
        }
        if (double.IsPositiveInfinity(min)) return (0, 1);
        if (includeZero)
        {
            min = Math.Min(min, 0);
            max = Math.Max(max, 0);
        }
        return (min, max);
    }

    private static IEnumerable<double> Values(ReportChart chart, bool withInterval)
    {
        foreach (ChartSeries s in chart.Series)
        {
            foreach (ChartPoint p in s.Points)
            {
                if (p.Y is double y) yield return y;
                if (!withInterval) continue;
                if (p.Lower is double lo) yield return lo;
                if (p.Upper is double hi) yield return hi;
            }
        }
        if (chart.Reference is double r) yield return r;
    }

    private static void Line(StringBuilder sb, ReportChart chart, ReportFormatter f)
    {
        const double height = 400, left = 72, right = 24, top = 40, bottom = 56;
        double plotW = Width - left - right, plotH = height - top - bottom;
        var xs = new List<double>();
        foreach (ChartSeries s in chart.Series)
        {
            foreach (ChartPoint p in s.Points) xs.Add(p.X);
        }
        (double xMin, double xMax) = Range(xs, includeZero: true);
        IEnumerable<double> yValues = Values(chart, withInterval: false).Concat(chart.Annotations.Select(a => a.Y));
        if (chart.Diagonal) yValues = yValues.Concat([xMin, xMax]);
        (double yMin, double yMax) = Range(yValues, includeZero: true);
        double[] xt = ReportFormatter.NiceTicks(xMin, xMax);
        double[] yt = ReportFormatter.NiceTicks(yMin, yMax);
        double x0 = xt[0], x1 = xt[^1], y0 = yt[0], y1 = yt[^1];
        double Px(double v) => left + (v - x0) / (x1 - x0) * plotW;
        double Py(double v) => top + plotH - (v - y0) / (y1 - y0) * plotH;

        Open(sb, chart, height);
        foreach (double t in yt)
        {
            LineSeg(sb, left, Py(t), left + plotW, Py(t), Grid);
            Text(sb, left - 8, Py(t) + 4, f.Tick(t, chart.ValueKind), "end", "tick");
        }
        foreach (double t in xt)
        {
            LineSeg(sb, Px(t), top, Px(t), top + plotH, Grid);
            Text(sb, Px(t), top + plotH + 18, f.Tick(t, chart.XValueKind), "middle", "tick");
        }
        LineSeg(sb, left, top + plotH, left + plotW, top + plotH, Axis);
        LineSeg(sb, left, top, left, top + plotH, Axis);
        if (chart.Diagonal)
        {
            double lo = Math.Max(x0, y0), hi = Math.Min(x1, y1);
            LineSeg(sb, Px(lo), Py(lo), Px(hi), Py(hi), Axis, 1, "5 4");
            Text(sb, Px(hi) - 4, Py(hi) + 14, "random order", "end", "note");
        }
        if (chart.Reference is double reference)
        {
            LineSeg(sb, left, Py(reference), left + plotW, Py(reference), Axis, 1, "2 3");
            if (chart.ReferenceLabel is not null) Text(sb, left + 6, Py(reference) - 5, chart.ReferenceLabel, cls: "note");
        }
        for (int s = 0; s < chart.Series.Count; s++)
        {
            sb.Append("<polyline class=\"series\" fill=\"none\" stroke=\"").Append(Color(s)).Append("\" stroke-width=\"2.5\" stroke-linejoin=\"round\" points=\"");
            bool first = true;
            foreach (ChartPoint p in chart.Series[s].Points)
            {
                if (p.Y is not double y || !double.IsFinite(y)) continue;
                if (!first) sb.Append(' ');
                sb.Append(C(Px(p.X))).Append(',').Append(C(Py(y)));
                first = false;
            }
            sb.Append("\"/>");
        }
        foreach (ChartAnnotation a in chart.Annotations)
        {
            sb.Append("<circle cx=\"").Append(C(Px(a.X))).Append("\" cy=\"").Append(C(Py(a.Y))).Append("\" r=\"4.5\" fill=\"").Append(Ink).Append("\"/>");
            bool rightHalf = Px(a.X) > left + plotW * 0.6;
            Text(sb, Px(a.X) + (rightHalf ? -8 : 8), Py(a.Y) - 8, a.Text, rightHalf ? "end" : "start", "annotation");
        }
        Text(sb, left + plotW / 2, height - 14, chart.XLabel, "middle", "axis-label");
        sb.Append("<text class=\"axis-label\" text-anchor=\"middle\" transform=\"translate(16 ").Append(C(top + plotH / 2)).Append(") rotate(-90)\">")
          .Append(Html.Text(chart.YLabel)).Append("</text>");
        Legend(sb, chart, left, 22, squares: false);
        sb.Append("</svg>");
    }

    private static string Clip(string label, int max) => label.Length <= max ? label : string.Concat(label.AsSpan(0, max - 1), "…");

    private static void Bars(StringBuilder sb, ReportChart chart, ReportFormatter f)
    {
        ChartSeries series = chart.Series[0];
        const double left = 250, right = 150, top = 34, rowH = 28, bottom = 48;
        double height = top + rowH * series.Points.Count + bottom;
        double plotW = Width - left - right;
        (double vMin, double vMax) = Range(Values(chart, withInterval: true), includeZero: true);
        // Room for the labels of bars that point left, only when a bar does: a whisker below zero needs no label room,
        // and padding for it drew a −$200 axis under a chart of positive bars.
        bool negativeBar = series.Points.Any(p => p.Y is double y && y < 0);
        if (negativeBar) vMin -= 0.2 * (vMax - vMin);
        double[] ticks = ReportFormatter.NiceTicks(vMin, vMax);
        double t0 = ticks[0], t1 = ticks[^1];
        if (!negativeBar && vMin < 0)
        {
            // The axis starts where the lowest whisker does, not a whole tick step further.
            t0 = vMin - 0.02 * (t1 - vMin);
            ticks = [.. ticks.Where(t => t >= t0)];
        }
        double Px(double v) => left + (v - t0) / (t1 - t0) * plotW;
        double plotBottom = top + rowH * series.Points.Count;

        Open(sb, chart, height);
        foreach (double t in ticks)
        {
            LineSeg(sb, Px(t), top, Px(t), plotBottom, Grid);
            Text(sb, Px(t), plotBottom + 16, f.Tick(t, chart.ValueKind), "middle", "tick");
        }
        double zero = Px(Math.Clamp(0, t0, t1));
        for (int i = 0; i < series.Points.Count; i++)
        {
            ChartPoint p = series.Points[i];
            double cy = top + rowH * i + rowH / 2;
            string label = p.Label ?? "";
            sb.Append("<g class=\"row\"><title>").Append(Html.Text(label)).Append(": ")
              .Append(Html.Text(f.WithInterval(p.Y, p.Lower, p.Upper, chart.ValueKind))).Append("</title>");
            Text(sb, left - 10, cy + 4, Clip(label, 34), "end", "label");
            if (p.Y is double y && double.IsFinite(y))
            {
                double x = Px(y);
                sb.Append("<rect class=\"bar\" x=\"").Append(C(Math.Min(zero, x))).Append("\" y=\"").Append(C(cy - 8))
                  .Append("\" width=\"").Append(C(Math.Max(1, Math.Abs(x - zero)))).Append("\" height=\"16\" fill=\"").Append(Color(0)).Append("\" fill-opacity=\"0.8\"/>");
                double end = x, start = x;
                if (p.Lower is double lo && p.Upper is double hi)
                {
                    LineSeg(sb, Px(lo), cy, Px(hi), cy, Ink, 1.5);
                    LineSeg(sb, Px(lo), cy - 6, Px(lo), cy + 6, Ink, 1.5);
                    LineSeg(sb, Px(hi), cy - 6, Px(hi), cy + 6, Ink, 1.5);
                    end = Math.Max(end, Px(hi));
                    start = Math.Min(start, Px(lo));
                }
                if (x < zero) Text(sb, Math.Min(start, zero) - 6, cy + 4, f.Format(y, chart.ValueKind), "end", "value");
                else Text(sb, Math.Max(end, zero) + 6, cy + 4, f.Format(y, chart.ValueKind), cls: "value");
            }
            else
            {
                Text(sb, zero + 6, cy + 4, "not estimable", cls: "note");
            }
            sb.Append("</g>");
        }
        LineSeg(sb, zero, top, zero, plotBottom, Axis);
        if (chart.Reference is double reference)
        {
            LineSeg(sb, Px(reference), top - 6, Px(reference), plotBottom, Ink, 1.2, "4 3");
            Text(sb, Px(reference), top - 10, (chart.ReferenceLabel ?? "reference") + (reference == 0 ? "" : " " + f.Format(reference, chart.ValueKind)), "middle", "note");
        }
        Text(sb, left + plotW / 2, height - 10, chart.XLabel, "middle", "axis-label");
        sb.Append("</svg>");
    }

    private static void Forest(StringBuilder sb, ReportChart chart, ReportFormatter f)
    {
        IReadOnlyList<string> labels = chart.Labels();
        int nSeries = chart.Series.Count;
        const double left = 200, right = 240, top = 40, bottom = 48;
        double rowH = Math.Max(28, 12 * nSeries + 12);
        double height = top + rowH * labels.Count + bottom;
        double plotW = Width - left - right;
        (double vMin, double vMax) = Range(Values(chart, withInterval: true), includeZero: true);
        double[] ticks = ReportFormatter.NiceTicks(vMin, vMax);
        double t0 = ticks[0], t1 = ticks[^1];
        double Px(double v) => left + (v - t0) / (t1 - t0) * plotW;
        double plotBottom = top + rowH * labels.Count;

        Open(sb, chart, height);
        foreach (double t in ticks)
        {
            LineSeg(sb, Px(t), top, Px(t), plotBottom, Grid);
            Text(sb, Px(t), plotBottom + 16, f.Tick(t, chart.ValueKind), "middle", "tick");
        }
        for (int i = 0; i < labels.Count; i++)
        {
            if (i % 2 == 1)
                sb.Append("<rect x=\"0\" y=\"").Append(C(top + rowH * i)).Append("\" width=\"").Append(C(Width)).Append("\" height=\"").Append(C(rowH)).Append("\" fill=\"#f9fafb\"/>");
        }
        double reference = chart.Reference ?? 0;
        LineSeg(sb, Px(Math.Clamp(reference, t0, t1)), top, Px(Math.Clamp(reference, t0, t1)), plotBottom, Axis, 1.2, "4 3");
        for (int i = 0; i < labels.Count; i++)
        {
            double rowTop = top + rowH * i;
            Text(sb, left - 10, rowTop + rowH / 2 + 4, Clip(labels[i], 28), "end", "label");
            for (int s = 0; s < nSeries; s++)
            {
                ChartPoint? p = chart.Series[s].Points.FirstOrDefault(q => string.Equals(q.Label, labels[i], StringComparison.Ordinal));
                if (p is null) continue;
                double cy = rowTop + rowH / 2 + (s - (nSeries - 1) / 2.0) * 12;
                string color = Color(s);
                sb.Append("<g class=\"estimate\"><title>").Append(Html.Text(labels[i])).Append(", ").Append(Html.Text(chart.Series[s].Name)).Append(": ")
                  .Append(Html.Text(f.WithInterval(p.Y, p.Lower, p.Upper, chart.ValueKind))).Append("</title>");
                if (p.Y is double y && double.IsFinite(y))
                {
                    if (p.Lower is double lo && p.Upper is double hi) LineSeg(sb, Px(lo), cy, Px(hi), cy, color, 2);
                    if (s == 0) sb.Append("<circle cx=\"").Append(C(Px(y))).Append("\" cy=\"").Append(C(cy)).Append("\" r=\"5\" fill=\"").Append(color).Append("\"/>");
                    else sb.Append("<rect x=\"").Append(C(Px(y) - 4)).Append("\" y=\"").Append(C(cy - 4)).Append("\" width=\"8\" height=\"8\" fill=\"").Append(color).Append("\"/>");
                    if (s == 0) Text(sb, left + plotW + 10, cy + 4, f.WithInterval(y, p.Lower, p.Upper, chart.ValueKind), cls: "value");
                }
                else if (s == 0)
                {
                    Text(sb, left + plotW + 10, cy + 4, "not estimable", cls: "note");
                }
                sb.Append("</g>");
            }
        }
        LineSeg(sb, left, plotBottom, left + plotW, plotBottom, Axis);
        Text(sb, left + plotW / 2, height - 10, chart.XLabel, "middle", "axis-label");
        Legend(sb, chart, left, 22, squares: true);
        sb.Append("</svg>");
    }

    private static void Grouped(StringBuilder sb, ReportChart chart, ReportFormatter f)
    {
        IReadOnlyList<string> groups = chart.Labels();
        int nSeries = chart.Series.Count;
        const double height = 320, top = 62, bottom = 40, gap = 24;
        double panelW = (Width - gap * (groups.Count + 1)) / Math.Max(1, groups.Count);
        double plotH = height - top - bottom;

        Open(sb, chart, height);
        Legend(sb, chart, gap, 18, squares: true);
        for (int g = 0; g < groups.Count; g++)
        {
            ReportValueKind kind = g < chart.GroupValueKinds.Count ? chart.GroupValueKinds[g] : chart.ValueKind;
            var points = new ChartPoint?[nSeries];
            var values = new List<double>();
            for (int s = 0; s < nSeries; s++)
            {
                points[s] = chart.Series[s].Points.FirstOrDefault(q => string.Equals(q.Label, groups[g], StringComparison.Ordinal));
                if (points[s] is { } p)
                {
                    if (p.Y is double y) values.Add(y);
                    if (p.Lower is double lo) values.Add(lo);
                    if (p.Upper is double hi) values.Add(hi);
                }
            }
            (double vMin, double vMax) = Range(values, includeZero: true);
            double[] ticks = ReportFormatter.NiceTicks(vMin, vMax, 4);
            double t0 = ticks[0], t1 = ticks[^1];
            double x0 = gap + g * (panelW + gap);
            double axisX = x0 + 44;
            double Py(double v) => top + plotH - (v - t0) / (t1 - t0) * plotH;

            sb.Append("<g class=\"panel\">");
            Text(sb, x0 + panelW / 2, top - 16, Clip(groups[g], 36), "middle", "panel-title");
            foreach (double t in ticks)
            {
                LineSeg(sb, axisX, Py(t), x0 + panelW, Py(t), Grid);
                Text(sb, axisX - 6, Py(t) + 4, f.Tick(t, kind), "end", "tick");
            }
            double zero = Py(Math.Clamp(0, t0, t1));
            LineSeg(sb, axisX, zero, x0 + panelW, zero, Axis);
            double slot = (x0 + panelW - axisX) / Math.Max(1, nSeries);
            for (int s = 0; s < nSeries; s++)
            {
                double cx = axisX + slot * s + slot / 2;
                double barW = Math.Min(44, slot * 0.6);
                if (points[s] is not { } p || p.Y is not double y || !double.IsFinite(y))
                {
                    Text(sb, cx, zero - 6, "n/a", "middle", "note");
                    continue;
                }
                double py = Py(y);
                sb.Append("<g class=\"bar-group\"><title>").Append(Html.Text(groups[g])).Append(", ").Append(Html.Text(chart.Series[s].Name)).Append(": ")
                  .Append(Html.Text(f.WithInterval(y, p.Lower, p.Upper, kind))).Append("</title>");
                sb.Append("<rect class=\"bar\" x=\"").Append(C(cx - barW / 2)).Append("\" y=\"").Append(C(Math.Min(py, zero)))
                  .Append("\" width=\"").Append(C(barW)).Append("\" height=\"").Append(C(Math.Max(1, Math.Abs(zero - py))))
                  .Append("\" fill=\"").Append(Color(s)).Append("\" fill-opacity=\"0.85\"/>");
                double labelY = py;
                if (p.Lower is double lo && p.Upper is double hi)
                {
                    LineSeg(sb, cx, Py(lo), cx, Py(hi), Ink, 1.5);
                    LineSeg(sb, cx - 6, Py(lo), cx + 6, Py(lo), Ink, 1.5);
                    LineSeg(sb, cx - 6, Py(hi), cx + 6, Py(hi), Ink, 1.5);
                    labelY = Math.Min(labelY, Py(hi));
                }
                Text(sb, cx, labelY - 6, f.Format(y, kind), "middle", "value");
                sb.Append("</g>");
            }
            sb.Append("</g>");
        }
        Text(sb, Width / 2, height - 10, chart.XLabel, "middle", "axis-label");
        sb.Append("</svg>");
    }
}
