using IcpAnalytics.CauseEffect;

namespace IcpAnalytics.Reports;

/// <summary>Renders an <see cref="EffortAllocation"/> as the "Effort allocation" section.</summary>
internal static class EffortAllocationSection
{
    public const string Id = "allocation";
    public const string Title = "Effort allocation";

    public static ReportSection Build(EffortAllocation a, ReportFormatter f, string? budgetOrigin = null, double? costPerEffortHour = null)
    {
        bool hours = a.Unit == EffortBudgetUnit.Hours;
        string unit = hours ? "effort hours" : "effort units";
        var paragraphs = new List<string>
        {
            $"How to spread a budget of {f.Format(a.Budget, ReportValueKind.Count)} {unit} (today's spend is {f.Format(a.TodaySpend, ReportValueKind.Count)}) across segments and efforts to maximise expected margin, "
            + $"using each segment's fitted diminishing-returns curve{(a.UsedShrunkEffects ? " with the pooled (shrunk) effects, so small segments are not over-read" : "")}. "
            + $"The range of the gain comes from {f.Format(a.Draws, ReportValueKind.Count)} simulated draws of the effects.",
        };
        if (budgetOrigin is not null) paragraphs.Add(budgetOrigin);
        bool sure = a.GainLower > 0;
        var findings = new List<ReportFinding>
        {
            new($"Expected gain over today's allocation: {f.WithInterval(a.ExpectedGain, a.GainLower, a.GainUpper, ReportValueKind.Currency)} in margin.",
                sure ? "passed" : "caution"),
        };
        double added = a.Budget - a.TodaySpend;
        if (hours && costPerEffortHour is double cost && cost > 0)
        {
            double net = a.ExpectedGain - cost * added;
            findings.Add(new ReportFinding(Math.Abs(added) < 0.5
                ? $"At {f.Format(cost, ReportValueKind.Currency)} per effort hour the plan costs nothing extra: it moves hours, it does not add them, so the gain above is also the net gain."
                : $"At {f.Format(cost, ReportValueKind.Currency)} per effort hour the {f.Format(Math.Abs(added), ReportValueKind.Count)} hours the plan {(added > 0 ? "adds cost" : "saves are worth")} {f.Format(cost * Math.Abs(added), ReportValueKind.Currency)}: "
                  + $"net of that, the expected gain is {f.WithInterval(net, a.GainLower - cost * added, a.GainUpper - cost * added, ReportValueKind.Currency)}.",
                a.GainLower - cost * added > 0 ? "passed" : "caution"));
        }
        else if (hours)
        {
            findings.Add(new ReportFinding("The gain is in margin before the cost of sales time; give a cost per effort hour (--cost-per-hour, WithCostPerEffortHour) to see it net."));
        }
        if (!sure) findings.Add(new ReportFinding("The interval of the gain includes zero: the reallocation may not pay. Treat it as a hypothesis to test on a few teams first."));
        if (a.Unallocated >= 0.5)
            findings.Add(new ReportFinding($"{f.Format(a.Unallocated, ReportValueKind.Count)} {unit} were left unallocated: every line reached its ceiling (the segment's 95th-percentile effort) or has no positive effect."));

        var rows = new List<IReadOnlyList<ReportCell>>();
        var bars = new List<ChartPoint>();
        foreach (AllocationLine l in a.Lines)
        {
            rows.Add([l.Segment, l.Effort, l.Deals, l.Effect, l.TodayPerDeal, l.RecommendedPerDeal, l.TodaySpend, l.RecommendedSpend, l.RecommendedSpend - l.TodaySpend, l.ExpectedGain]);
            bars.Add(new ChartPoint(l.Segment + " · " + l.Effort, 0, l.RecommendedSpend - l.TodaySpend));
        }
        var chart = new ReportChart("allocation-chart", "Change in " + unit + ", recommended minus today", ReportChartKind.IntervalBars,
            "Change in " + unit + " (positive: spend more here)", "Segment and effort", ReportValueKind.Count, [new ChartSeries("change", bars)])
        {
            Reference = 0,
            ReferenceLabel = "no change",
            Caption = "Bars to the right: put more effort here; to the left: take effort away.",
        };
        return new ReportSection(Id, Title)
        {
            Paragraphs = paragraphs,
            Findings = findings,
            Charts = [chart],
            Tables =
            [
                new ReportTable("effort-allocation", "Recommended allocation, every segment and effort",
                    [
                        new ReportColumn("segment", "Segment", ReportValueKind.Text),
                        new ReportColumn("effort", "Effort", ReportValueKind.Text),
                        new ReportColumn("deals", "Deals", ReportValueKind.Count),
                        new ReportColumn("effect", "Effect used", ReportValueKind.Currency),
                        new ReportColumn("today_per_deal", "Today per deal", ReportValueKind.Number),
                        new ReportColumn("recommended_per_deal", "Recommended per deal", ReportValueKind.Number),
                        new ReportColumn("today_spend", "Today's spend (" + unit + ")", ReportValueKind.Count),
                        new ReportColumn("recommended_spend", "Recommended spend", ReportValueKind.Count),
                        new ReportColumn("change", "Change", ReportValueKind.Count),
                        new ReportColumn("expected_gain", "Expected gain", ReportValueKind.Currency),
                    ], rows) { IsDetail = true },
            ],
        };
    }
}
