namespace IcpAnalytics.Reports;

/// <summary>The kinds of chart a report draws as inline SVG.</summary>
public enum ReportChartKind
{
    /// <summary>Lines through (x, y) points, x and y as shares (the whale curve, the gain curve).</summary>
    Line,

    /// <summary>Horizontal bars, one per labelled point, with whiskers from lower to upper (segment yield with intervals).</summary>
    IntervalBars,

    /// <summary>A forest plot: one row per label, a dot and whisker per series side by side (adjusted beside naive effects).</summary>
    Forest,

    /// <summary>Small panels, one per label (a measure), each with a bar and whiskers per series (holdout fit vs non-fit).</summary>
    GroupedBars,
}

/// <summary>One point of a chart series. Which fields matter depends on the chart's kind.</summary>
/// <param name="Label">The category (a segment, an effort, a measure); null on line charts.</param>
/// <param name="X">The x value on line charts; unused elsewhere.</param>
/// <param name="Y">The value drawn (the bar's length, the dot's position, the line's height); null when not estimable.</param>
/// <param name="Lower">The lower end of the interval, or null.</param>
/// <param name="Upper">The upper end of the interval, or null.</param>
public sealed record ChartPoint(string? Label, double X, double? Y, double? Lower = null, double? Upper = null);

/// <summary>A named series of points (e.g. "adjusted" and "naive", or "ICP fit" and "not fit").</summary>
/// <param name="Name">The series name shown in the legend.</param>
/// <param name="Points">The points, in drawing order.</param>
public sealed record ChartSeries(string Name, IReadOnlyList<ChartPoint> Points);

/// <summary>A labelled mark on a line chart, such as where the whale curve peaks.</summary>
/// <param name="X">Where on the x axis.</param>
/// <param name="Y">Where on the y axis.</param>
/// <param name="Text">What it marks, in words.</param>
public sealed record ChartAnnotation(double X, double Y, string Text);

/// <summary>
/// A chart of a report section, as data: the renderers draw it as inline SVG (HTML), a compact table (Markdown) or points (CSV, JSON).
/// </summary>
/// <param name="Id">A stable name, unique within the report, such as "whale-curve".</param>
/// <param name="Title">The chart's title.</param>
/// <param name="Kind">How it is drawn.</param>
/// <param name="XLabel">The x axis's label (for bars and forest plots: the value axis).</param>
/// <param name="YLabel">The y axis's label (for line charts), or the category axis's label.</param>
/// <param name="ValueKind">How values are written on the axis and in labels. For grouped bars, one kind per label can be given in <see cref="GroupValueKinds"/>.</param>
/// <param name="Series">The data.</param>
public sealed record ReportChart(string Id, string Title, ReportChartKind Kind, string XLabel, string YLabel, ReportValueKind ValueKind, IReadOnlyList<ChartSeries> Series)
{
    /// <summary>A reference value drawn as a line: the whole set's value on bars, 0 on forest plots; null for none.</summary>
    public double? Reference { get; init; }

    /// <summary>What the reference line is, in words, e.g. "all deals".</summary>
    public string? ReferenceLabel { get; init; }

    /// <summary>On line charts, whether to draw the diagonal y = x (what a random ranking gives).</summary>
    public bool Diagonal { get; init; }

    /// <summary>Marks on a line chart.</summary>
    public IReadOnlyList<ChartAnnotation> Annotations { get; init; } = [];

    /// <summary>On line charts, how the x values are written.</summary>
    public ReportValueKind XValueKind { get; init; } = ReportValueKind.Percent;

    /// <summary>For grouped bars, the value kind of each group (label) in order; empty to use <see cref="ValueKind"/> for all.</summary>
    public IReadOnlyList<ReportValueKind> GroupValueKinds { get; init; } = [];

    /// <summary>A sentence under the chart saying how to read it.</summary>
    public string? Caption { get; init; }

    /// <summary>The distinct labels across the series, in first-seen order (the categories of bar and forest charts).</summary>
    public IReadOnlyList<string> Labels()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var labels = new List<string>();
        foreach (ChartSeries s in Series)
        {
            foreach (ChartPoint p in s.Points)
            {
                if (p.Label is not null && seen.Add(p.Label)) labels.Add(p.Label);
            }
        }
        return labels;
    }
}
