using IcpAnalytics.Execution.Funnel;

namespace IcpAnalytics.Reports;

public static partial class SalesExecutionSections
{
    /// <summary>The section id of the funnel over time.</summary>
    public const string FunnelChangeId = "activity-funnel-over-time";

    /// <summary>The funnel over time: leak closed / still open / new leak around each rep's coaching date, each rep's trend per step, and every period's ratio.</summary>
    /// <param name="result">The funnel over time.</param>
    /// <param name="options">The culture and currency of the words; null for invariant.</param>
    public static ReportSection FunnelChange(FunnelChangeResult result, ProfitYieldReportOptions? options = null) =>
        Section(result, options, FunnelChange);

    internal static ReportSection FunnelChange(FunnelChangeResult r, ReportFormatter f)
    {
        double level = r.Options.ConfidenceLevel;
        static string Status(LeakStatus s) => s switch
        {
            LeakStatus.Closed => "leak closed",
            LeakStatus.StillOpen => "still open",
            LeakStatus.NewLeak => "new leak",
            LeakStatus.NoLeak => "no leak",
            _ => "not tested",
        };
        var findings = new List<ReportFinding>();
        foreach (LeakChange c in r.Changes.Where(c => c.Status is LeakStatus.Closed or LeakStatus.StillOpen or LeakStatus.NewLeak))
        {
            string text = $"{c.Rep}, {c.StepName}: {Status(c.Status)} — {f.Format(c.BeforeRatio, ReportValueKind.Percent)} before {c.CoachedFrom}, {f.Format(c.AfterRatio, ReportValueKind.Percent)} from then on "
                + $"(change {f.WithInterval(c.Change!.Difference, c.Change.Interval.Lower, c.Change.Interval.Upper, ReportValueKind.Percent)}).";
            findings.Add(new ReportFinding(text, c.Status == LeakStatus.Closed ? "passed" : "caution"));
        }
        if (findings.Count == 0) findings.Add(new ReportFinding("No rep leaked before or after coaching at any tested step.", "passed"));
        var paragraphs = new List<string>
        {
            $"Before and after each rep's coaching date, the rep's pooled ratio at each step is tested against the rest of the team over the same periods (two-proportion test, Holm-adjusted across rep × step within each half, alpha {r.Options.Alpha.ToString("0.###", f.Culture)}). "
                + "Leak closed: a leak before and none after; still open: a leak in both; new leak: none before, a leak after. Trends are least-squares slopes of the period ratios.",
        };
        paragraphs.AddRange(r.Issues);
        var status = new ReportTable("funnel-leak-status", $"Leaks before and after coaching ({Level(f, level)} intervals)",
        [
            new ReportColumn("rep", "Rep", ReportValueKind.Text), new ReportColumn("step", "Step", ReportValueKind.Text), new ReportColumn("coached_from", "Coached from", ReportValueKind.Text),
            new ReportColumn("before", "Before", ReportValueKind.Percent), new ReportColumn("after", "After", ReportValueKind.Percent),
            new ReportColumn("change", "Change", ReportValueKind.Percent), Lower("change_low", ReportValueKind.Percent, f, level), Upper("change_high", ReportValueKind.Percent, f, level),
            new ReportColumn("vs_team_before", "Vs rest of team before", ReportValueKind.Percent), new ReportColumn("vs_team_after", "Vs rest of team after", ReportValueKind.Percent),
            new ReportColumn("status", "Status", ReportValueKind.Text),
        ], [.. r.Changes.Select(c => (IReadOnlyList<ReportCell>)[c.Rep, c.StepName, c.CoachedFrom, c.BeforeRatio, c.AfterRatio, c.Change?.Difference, c.Change?.Interval.Lower, c.Change?.Interval.Upper,
            c.BeforeVsTeam?.Difference, c.AfterVsTeam?.Difference, Status(c.Status)])]);
        var trends = new ReportTable("funnel-trends", $"Trend of each rep's ratio per step (change per period, {Level(f, level)} intervals)",
        [
            new ReportColumn("rep", "Rep", ReportValueKind.Text), new ReportColumn("step", "Step", ReportValueKind.Text), new ReportColumn("periods", "Periods", ReportValueKind.Count),
            new ReportColumn("slope", "Change per period", ReportValueKind.Percent), Lower("slope_low", ReportValueKind.Percent, f, level), Upper("slope_high", ReportValueKind.Percent, f, level),
            new ReportColumn("p", "p", ReportValueKind.PValue),
        ], [.. r.Trends.Select(t => (IReadOnlyList<ReportCell>)[t.Rep, t.StepName, (double)t.Periods, t.SlopePerPeriod, t.Interval?.Lower, t.Interval?.Upper, t.PValue])]);
        var periods = new ReportTable("funnel-period-ratios", "Every rep's ratio per step and period",
        [
            new ReportColumn("rep", "Rep", ReportValueKind.Text), new ReportColumn("step", "Step", ReportValueKind.Text), new ReportColumn("period", "Period", ReportValueKind.Text),
            new ReportColumn("entered", "Entered", ReportValueKind.Count), new ReportColumn("converted", "Converted", ReportValueKind.Count), new ReportColumn("ratio", "Ratio", ReportValueKind.Percent),
        ], [.. r.PeriodRatios.Select(p => (IReadOnlyList<ReportCell>)[p.Rep, p.StepName, p.Period, (double)p.Entered, (double)p.Converted, p.Ratio])]);
        return new ReportSection(FunnelChangeId, "Activity funnel over time: did the leak close?") { Paragraphs = paragraphs, Findings = findings, Tables = [status, trends, periods] };
    }
}
