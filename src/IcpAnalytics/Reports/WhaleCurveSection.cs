using IcpAnalytics.Segments;

namespace IcpAnalytics.Reports;

/// <summary>Renders a <see cref="WhaleCurve"/> as the "Whale curve" section.</summary>
internal static class WhaleCurveSection
{
    public const string Id = "whale-curve";
    public const string Title = "Whale curve";

    public static ReportSection Build(WhaleCurve curve, ReportFormatter f, int maxPoints)
    {
        string margin = curve.YieldOnRevenue ? "revenue" : "margin";
        var points = new List<ChartPoint>(curve.Points.Count);
        foreach (WhaleCurvePoint p in curve.Points) points.Add(new ChartPoint(null, p.AccountShare, p.MarginShare));
        points = Thin(points, maxPoints, curve.PeakAccountShare);

        var findings = new List<ReportFinding>
        {
            new($"The top {f.Format(curve.PeakAccounts, ReportValueKind.Count)} of {f.Format(curve.Accounts, ReportValueKind.Count)} accounts ({f.Format(curve.PeakAccountShare, ReportValueKind.Percent)}) "
                + $"bring {f.Format(curve.PeakMarginShare, ReportValueKind.Percent)} of the total {margin} contribution of {f.Format(curve.TotalContribution, ReportValueKind.Currency)}."),
        };
        if (curve.TailStartsAtAccount is int tail)
        {
            findings.Add(new ReportFinding($"From account #{f.Format(tail, ReportValueKind.Count)} on, {f.Format(curve.UnprofitableAccounts, ReportValueKind.Count)} accounts lose money: "
                + $"{f.Format(curve.TailContribution, ReportValueKind.Currency)} in all, which the profitable accounts pay for."));
        }
        else
        {
            findings.Add(new ReportFinding(curve.CostPerEffortHour > 0
                ? "No account loses money after the cost of effort."
                : $"No account has a negative {margin} contribution before the cost of sales time; give a cost per effort hour (--cost-per-hour on icp report, WithCostPerEffortHour in code) to see which accounts do not pay back the time spent on them."));
        }
        var annotations = new List<ChartAnnotation>
        {
            new(curve.PeakAccountShare, curve.PeakMarginShare, $"peak {f.Format(curve.PeakMarginShare, ReportValueKind.Percent)} at {f.Format(curve.PeakAccountShare, ReportValueKind.Percent)} of accounts"),
        };
        var chart = new ReportChart("whale-curve-chart", "Cumulative share of " + margin + " by account", ReportChartKind.Line,
            "Share of accounts, ranked from most to least " + margin, "Cumulative share of total " + margin, ReportValueKind.Percent,
            [new ChartSeries("Accounts ranked by " + margin + " contribution", points)])
        {
            Reference = 1,
            ReferenceLabel = "100% of total " + margin,
            Annotations = annotations,
            Caption = "Where the curve rises above 100%, the accounts so far earn more than the whole business; the fall after the peak is the unprofitable tail.",
        };
        bool costed = curve.CostPerEffortHour > 0;
        var columns = new List<ReportColumn>
        {
            new("accounts", "Accounts", ReportValueKind.Count),
            new("total_contribution", costed ? "Total contribution after sales time" : "Total contribution", ReportValueKind.Currency),
        };
        var cells = new List<ReportCell> { curve.Accounts, curve.TotalContribution };
        if (costed)
        {
            // A cost of zero is no cost given: the tile would read "$0.00", as if sales time were free.
            columns.Add(new ReportColumn("cost_per_effort_hour", "Cost per effort hour", ReportValueKind.Currency));
            cells.Add(curve.CostPerEffortHour);
        }
        columns.AddRange(
        [
            new("peak_accounts", "Profitable accounts", ReportValueKind.Count),
            new("peak_account_share", "Share of accounts", ReportValueKind.Percent),
            new("peak_margin_share", "Peak share of total", ReportValueKind.Percent),
            new("unprofitable_accounts", "Unprofitable accounts", ReportValueKind.Count),
            new("tail_contribution", "Tail contribution", ReportValueKind.Currency),
        ]);
        cells.AddRange([curve.PeakAccounts, curve.PeakAccountShare, curve.PeakMarginShare, curve.UnprofitableAccounts, curve.TailContribution]);
        var summary = new ReportTable("whale-curve-summary", "Whale curve in figures", columns, [cells]);
        return new ReportSection(Id, Title)
        {
            Paragraphs = [$"Accounts ranked from the most to the least {margin} they brought"
                + (costed ? $", after {f.Format(curve.CostPerEffortHour, ReportValueKind.Currency)} per effort hour spent on them" : " (before the cost of sales time: give it with --cost-per-hour, or WithCostPerEffortHour in code)")
                + $"; the curve shows the running share of total {margin} as more accounts are added."],
            Findings = findings,
            Charts = [chart],
            Tables = [summary],
        };
    }

    /// <summary>Keeps at most <paramref name="max"/> points evenly spread, always the ends and the point nearest <paramref name="keepX"/>.</summary>
    internal static List<ChartPoint> Thin(List<ChartPoint> points, int max, double keepX)
    {
        if (points.Count <= max) return points;
        var keep = new SortedSet<int> { 0, points.Count - 1 };
        int nearest = 0;
        for (int i = 1; i < points.Count; i++)
        {
            if (Math.Abs(points[i].X - keepX) < Math.Abs(points[nearest].X - keepX)) nearest = i;
        }
        keep.Add(nearest);
        for (int k = 0; k < max - 3; k++) keep.Add((int)Math.Round((double)k * (points.Count - 1) / (max - 4)));
        return [.. keep.Select(i => points[i])];
    }
}
