using IcpAnalytics.CauseEffect;
using IcpAnalytics.Data;
using IcpAnalytics.Icp;
using IcpAnalytics.Reports;

namespace IcpAnalytics.Tests.Reports;

public class ReportSectionsTests
{
    private static double Number(ReportTable table, int row, string key) =>
        table.Rows[row][table.Columns.ToList().FindIndex(c => c.Key == key)].Number ?? double.NaN;

    private static string? Text(ReportTable table, int row, string key) =>
        table.Rows[row][table.Columns.ToList().FindIndex(c => c.Key == key)].Text;

    [Fact]
    public void WithHoldoutValidation_RendersFitAgainstNonFitAsGiven()
    {
        DealSet deals = SampleDeals.Generate(6_000, seed: 21);
        HoldoutValidation validation = deals.Icp().ValidateOnDealsClosedAfter(new DateOnly(2025, 7, 1));
        ProfitYieldReport report = ProfitYieldReport.For(deals).WithHoldoutValidation(validation).Build();

        ReportTable groups = report.FindTable("holdout-groups")!;
        Assert.Equal(validation.Fit.DealsPursued, Number(groups, 0, "deals"));
        Assert.Equal(validation.NonFit.MarginPerDealPursued, Number(groups, 1, "margin_per_deal"));
        ReportTable comparison = report.FindTable("holdout-comparison")!;
        Assert.Equal(validation.MarginPerEffortHour!.Difference, Number(comparison, 2, "difference"));
        Assert.Equal(validation.MarginPerEffortHour.DifferenceInterval.Lower, Number(comparison, 2, "difference_low"));
        // The generator's ICP is real, so fit deals yield more per effort hour on later deals, beyond chance.
        Assert.Equal("passed", Text(comparison, 2, "verdict"));
        ReportChart gain = report.FindChart("gain-curve-chart")!;
        Assert.True(gain.Diagonal);
        Assert.Equal(validation.Profile.Rules.Count, report.FindTable("icp-rules")!.Rows.Count(r => r[^1].Text == "passed"));
    }

    [Fact]
    public void WithIcpBuiltOnAllDeals_HoldoutWarnsThatItMayHaveSeenLaterDeals()
    {
        DealSet deals = SampleDeals.Generate(4_000, seed: 8);
        IdealCustomerProfile icp = deals.Icp().Build();
        ProfitYieldReport report = ProfitYieldReport.For(deals).WithIcp(icp).ValidateOnDealsClosedAfter(new DateOnly(2025, 7, 1)).Build();
        ReportSection holdout = report.FindSection("holdout")!;
        Assert.True(holdout.IsPresent);
        ReportFinding caveat = holdout.Findings[0];
        Assert.Equal("caution", caveat.Verdict);
        Assert.Contains("built on 4,000 deals", caveat.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void NoSegmentDifferences_IcpSectionSaysThereIsNoProfile()
    {
        DealSet deals = SampleDeals.Generate(new SampleDealsOptions { Count = 4_000, Seed = 5, NoSegmentDifferences = true });
        // Without segment differences region changes nothing (employees still does, through deal size).
        ProfitYieldReport report = ProfitYieldReport.For(deals).SegmentBy("region").Build();
        ReportSection icp = report.FindSection("icp")!;
        Assert.True(icp.IsPresent);
        Assert.Contains(icp.Findings, f => f.Verdict == "caution" && f.Text.StartsWith("No rule lifts", StringComparison.Ordinal));
    }

    [Fact]
    public void WithEffects_RendersAdjustedBesideNaiveWithIntervalsAndChecks()
    {
        DealSet deals = SampleDeals.Generate(5_000, seed: 13);
        EffortEffects effects = deals.EffortEffects().Of("meetings", "demos").Controlling("revenue", "rep", "region", "employees").PerAttribute("industry").Build();
        ProfitYieldReport report = ProfitYieldReport.For(deals).WithEffects(effects).Build();

        ReportTable table = report.FindTable("effort-effects")!;
        int row = table.Rows.ToList().FindIndex(r => r[0].Text == "Software" && r[1].Text == "demos");
        EffortEffect demos = effects.Segment("Software").Effect("demos")!;
        Assert.Equal(demos.Estimate, Number(table, row, "adjusted"));
        Assert.Equal(demos.Lower, Number(table, row, "adjusted_low"));
        Assert.Equal(demos.Upper, Number(table, row, "adjusted_high"));
        Assert.Equal(demos.NaiveEstimate, Number(table, row, "naive"));
        Assert.Equal(demos.NaiveEstimate - 1.959963984540054 * demos.NaiveStandardError, Number(table, row, "naive_low"), 6);
        Assert.Equal(demos.ShrunkEstimate, Number(table, row, "shrunk"));

        ReportChart forest = report.FindChart("effects-chart-demos")!;
        Assert.Equal(ReportChartKind.Forest, forest.Kind);
        Assert.Equal(["adjusted (controls)", "naive (no controls)"], forest.Series.Select(s => s.Name));
        Assert.Equal(effects.Segments.Count + 1, forest.Series[0].Points.Count);

        int checks = effects.Segments.Sum(s => s.Checks.Count) + effects.Overall.Checks.Count;
        Assert.Equal(checks, report.FindTable("honesty-checks")!.Rows.Count);
        Assert.All(report.FindTable("honesty-checks")!.Rows, r => Assert.Contains(r[0].Text, (string[])["passed", "caution", "failed"]));

        ReportSection allocation = report.FindSection("allocation")!;
        Assert.True(allocation.IsPresent);
        EffortAllocation plan = effects.Allocate(effects.TodaysSpend());
        Assert.Equal(plan.Lines.Count, report.FindTable("effort-allocation")!.Rows.Count);
        Assert.Equal(plan.ExpectedGain, Number(report.FindTable("effort-allocation")!, 0, "expected_gain") + plan.Lines.Skip(1).Sum(l => l.ExpectedGain), 6);
    }

    [Fact]
    public void Build_NoEffortsInTheData_EffectsAndAllocationSayWhy()
    {
        ProfitYieldReport report = ProfitYieldReport.For(ReportDeals.Tiny()).Build();
        Assert.Contains("no effort counts", report.FindSection("effects")!.MissingReason, StringComparison.Ordinal);
        Assert.Contains("needs effort effects", report.FindSection("allocation")!.MissingReason, StringComparison.Ordinal);
        Assert.Equal(["summary", "data", "icp", "segment-yield", "whale-curve", "holdout", "effects", "allocation", "method"], report.Sections.Select(s => s.Id));
    }

    [Fact]
    public void Build_UnknownEffortOrHoldoutOutsideTheDates_ListsBothProblems()
    {
        var ex = Assert.Throws<InvalidOptionsException>(() => ProfitYieldReport.For(SampleDeals.Generate(500, seed: 1))
            .ForEfforts("emails").ValidateOnDealsClosedAfter(new DateOnly(2030, 1, 1)).Build());
        Assert.Equal(2, ex.Problems.Count);
        Assert.Contains(ex.Problems, p => p.Contains("'emails'", StringComparison.Ordinal) && p.Contains("meetings", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.Contains("2030-01-01", StringComparison.Ordinal));
    }
}
