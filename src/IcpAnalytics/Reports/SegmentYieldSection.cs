using IcpAnalytics.Data;
using IcpAnalytics.Segments;
using IcpAnalytics.Statistics;

namespace IcpAnalytics.Reports;

/// <summary>Renders a <see cref="SegmentYieldTable"/> as the "Segment yield" section: a bar chart with intervals and the full table.</summary>
internal static class SegmentYieldSection
{
    public const string Id = "segment-yield";
    public const string Title = "Segment yield";
    private const int MaxBars = 25;

    /// <summary>The segment's name in the report's wording: a missing level as "(no industry)" (see <see cref="MissingValueLabel"/>).</summary>
    internal static string Label(SegmentYield s, IReadOnlyList<string> attributes, DealSet? deals) => MissingValueLabel.Segment(s, attributes, deals);

    public static ReportSection Build(SegmentYieldTable table, ReportFormatter f, DealSet? deals = null)
    {
        bool perHour = table.HasEffortHours;
        string grouping = table.Attributes.Count == 0 ? "rule" : string.Join(", ", table.Attributes);
        string measure = perHour ? "Margin per effort hour" : "Margin per deal pursued";
        SegmentYield whole = table.Whole;

        var paragraphs = new List<string>
        {
            $"Deals grouped by {grouping}: {f.Format(table.Segments.Count, ReportValueKind.Count)} segments, ranked by {measure.ToLowerInvariant()}"
            + $" (all deals: {f.Format(perHour ? whole.MarginPerEffortHour : whole.MarginPerDealPursued, ReportValueKind.Currency)}).",
            $"Segments with fewer than {f.Format(table.MinDeals, ReportValueKind.Count)} deals are marked small: their figures are noisy, and the shrunk estimate pulls them toward the whole set.",
            table.DealsTreatedAsIndependent
                ? "Intervals treat every deal as independent evidence."
                : "Ranges count deals of one account together: an account with many deals is one piece of evidence, not many, so the ranges are wider when few accounts make up a segment (see \"Accounts as the evidence\" in the glossary).",
        };
        if (table.YieldOnRevenue) paragraphs.Add("The data has no gross margin: \"margin\" in this table is revenue.");
        if (!perHour) paragraphs.Add("The data has no effort hours, so margin per effort hour and the yield index are absent; segments are ranked by margin per deal pursued.");

        var findings = new List<ReportFinding>();
        SegmentYield? best = table.Segments.FirstOrDefault(s => !s.IsSmall);
        if (best is not null)
        {
            findings.Add(new ReportFinding($"Best-yielding segment with enough deals: {Label(best, table.Attributes, deals)}, {f.Format(perHour ? best.MarginPerEffortHour : best.MarginPerDealPursued, ReportValueKind.Currency)} "
                + (perHour ? "per effort hour" : "per deal pursued") + (best.YieldIndex is double yi ? $" ({f.Format(yi, ReportValueKind.Ratio)} the average)." : ".")));
        }
        SegmentYield? worst = table.Segments.LastOrDefault(s => !s.IsSmall);
        if (worst is not null && !ReferenceEquals(worst, best))
        {
            findings.Add(new ReportFinding($"Lowest-yielding segment with enough deals: {Label(worst, table.Attributes, deals)}, {f.Format(perHour ? worst.MarginPerEffortHour : worst.MarginPerDealPursued, ReportValueKind.Currency)} "
                + (perHour ? "per effort hour" : "per deal pursued") + (worst.YieldIndex is double wi ? $" ({f.Format(wi, ReportValueKind.Ratio)} the average)." : ".")));
        }
        if (table.BetweenSegmentVariance <= 0 && table.Segments.Count > 1)
            findings.Add(new ReportFinding("Margin per deal pursued differs between these segments no more than chance would make it: read the ranking with care.", "caution"));

        ReportColumn[] columns =
        [
            new("segment", "Segment", ReportValueKind.Text),
            new("deals_pursued", "Deals pursued", ReportValueKind.Count),
            new("deals_won", "Won", ReportValueKind.Count),
            new("win_rate", "Win rate", ReportValueKind.Percent),
            ReportColumn.LowerBound("win_rate_low", ReportValueKind.Percent),
            ReportColumn.UpperBound("win_rate_high", ReportValueKind.Percent),
            new("revenue", "Revenue won", ReportValueKind.Currency),
            new("gross_margin", table.YieldOnRevenue ? "Revenue (as margin)" : "Gross margin", ReportValueKind.Currency),
            new("margin_percent", "Margin %", ReportValueKind.Percent),
            new("margin_per_deal", "Margin per deal pursued", ReportValueKind.Currency),
            ReportColumn.LowerBound("margin_per_deal_low", ReportValueKind.Currency),
            ReportColumn.UpperBound("margin_per_deal_high", ReportValueKind.Currency),
            new("margin_per_deal_shrunk", "Shrunk margin per deal", ReportValueKind.Currency),
            new("margin_per_hour", "Margin per effort hour", ReportValueKind.Currency),
            ReportColumn.LowerBound("margin_per_hour_low", ReportValueKind.Currency),
            ReportColumn.UpperBound("margin_per_hour_high", ReportValueKind.Currency),
            new("yield_index", "Yield index", ReportValueKind.Ratio),
            new("effort_hours_per_deal", "Effort hours per deal", ReportValueKind.Number),
            new("mean_discount", "Mean discount", ReportValueKind.Percent),
            new("mean_cycle_days", "Mean cycle days", ReportValueKind.Number),
            new("small", "Small?", ReportValueKind.Text),
        ];
        var rows = new List<IReadOnlyList<ReportCell>>(table.Segments.Count + 1) { Row(whole, whole.Segment) };
        foreach (SegmentYield s in table.Segments) rows.Add(Row(s, Label(s, table.Attributes, deals)));

        var bars = new List<ChartPoint>();
        foreach (SegmentYield s in table.Segments)
        {
            if (bars.Count == MaxBars) break;
            Interval? interval = perHour ? s.MarginPerEffortHourInterval : s.MarginPerDealPursuedInterval;
            string label = Label(s, table.Attributes, deals);
            bars.Add(new ChartPoint(s.IsSmall ? label + " (small)" : label, 0, perHour ? s.MarginPerEffortHour : s.MarginPerDealPursued, interval?.Lower, interval?.Upper));
        }
        var chart = new ReportChart("segment-yield-chart", measure + " by segment", ReportChartKind.IntervalBars, measure, "Segment", ReportValueKind.Currency,
            [new ChartSeries(measure, bars)])
        {
            Reference = perHour ? whole.MarginPerEffortHour : whole.MarginPerDealPursued,
            ReferenceLabel = "all deals",
            Caption = (table.Segments.Count > MaxBars ? $"The {MaxBars} best of {f.Format(table.Segments.Count, ReportValueKind.Count)} segments. " : "")
                + "Bars show each segment's value; whiskers its 95% interval; the dashed line is all deals. A whisker that crosses the line means the difference may be chance.",
        };

        return new ReportSection(Id, Title)
        {
            Paragraphs = paragraphs,
            Findings = findings,
            Charts = [chart],
            Tables = [new ReportTable("segment-yield", $"Profit yield by {grouping}", columns, rows) { IsDetail = true }],
        };
    }

    private static ReportCell[] Row(SegmentYield s, string label) =>
    [
        label, s.DealsPursued, s.DealsWon,
        s.WinRate, s.WinRateInterval.Lower, s.WinRateInterval.Upper,
        s.Revenue, s.GrossMargin, s.MarginPercent,
        s.MarginPerDealPursued, s.MarginPerDealPursuedInterval?.Lower, s.MarginPerDealPursuedInterval?.Upper,
        s.ShrunkMarginPerDealPursued,
        s.MarginPerEffortHour, s.MarginPerEffortHourInterval?.Lower, s.MarginPerEffortHourInterval?.Upper,
        s.YieldIndex, s.EffortHoursPerDeal, s.MeanDiscount, s.MeanCycleDays,
        s.IsSmall ? "small" : "",
    ];
}
