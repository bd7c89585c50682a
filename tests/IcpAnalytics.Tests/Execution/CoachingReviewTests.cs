using IcpAnalytics.Data;
using IcpAnalytics.Execution.Coaching;
using IcpAnalytics.Reports;
using IcpAnalytics.Statistics;

namespace IcpAnalytics.Tests.Execution;

public class CoachingReviewTests
{
    private sealed record Deal(string Id, string Rep, DateOnly Closed, bool Won, double Revenue, double Margin, double? Discount, double Cycle);

    // Rep A, 2024 (baseline): won 100 / 200 / 300 (discount 0.2, 0.2, 0.3; cycle 30, 40, 50), lost 150.
    // Rep A, 2025 (current):  won 300 / 400 / 500 (discount 0.05 each; cycle 20, 25, 30), lost 100.
    // Rep B: 2024 only: won 100, 120, lost 80 — no deals at all in the current period.
    private static DealSet Deals()
    {
        DateOnly b = new(2024, 6, 1), c = new(2025, 6, 1);
        Deal[] deals =
        [
            new("A1", "A", b, true, 100, 30, 0.2, 30), new("A2", "A", b, true, 200, 60, 0.2, 40), new("A3", "A", b, true, 300, 90, 0.3, 50), new("A4", "A", b, false, 150, 0, 0.1, 60),
            new("A5", "A", c, true, 300, 90, 0.05, 20), new("A6", "A", c, true, 400, 120, 0.05, 25), new("A7", "A", c, true, 500, 150, 0.05, 30), new("A8", "A", c, false, 100, 0, 0.1, 70),
            new("B1", "B", b, true, 100, 20, 0.1, 30), new("B2", "B", b, true, 120, 25, 0.1, 35), new("B3", "B", b, false, 80, 0, 0.1, 40),
        ];
        return DealSet.FromObjects(deals, m => m.DealId(d => d.Id).Account(d => "Acct " + d.Id).Rep(d => d.Rep).ClosedOn(d => d.Closed).Won(d => d.Won)
            .Revenue(d => d.Revenue).Margin(d => d.Margin).Discount(d => d.Discount).CycleDays(d => d.Cycle));
    }

    private static readonly CoachingTeams Teams = CoachingTeams.FromPairs(new Dictionary<string, string> { ["A"] = "Mia", ["B"] = "Mia", ["Z"] = "Mia" });

    private static MeasureChange Measure(CoachingReviewResult r, string subject, string competency, OutcomeMeasure measure) =>
        r.ByRep.Concat(r.ByManager).Concat(r.Team).Single(p => p.Subject == subject && p.Competency == competency).Measures.Single(m => m.Measure == measure);

    [Fact]
    public void Compare_AverageOrderValue_HandCheckedWelchInterval()
    {
        CoachingReviewResult r = CoachingReview.Analyze(Deals(), Teams, new CoachingReviewOptions());
        MeasureChange aov = Measure(r, "A", "Negotiating", OutcomeMeasure.AverageOrderValue);
        // Means 200 → 400; variances 10,000 and 10,000; SE = √(10,000/3 + 10,000/3) = 81.650; Welch df = 4; t(0.975, 4) = 2.7764.
        Assert.Equal(200, aov.Baseline!.Value, 9);
        Assert.Equal(400, aov.Current!.Value, 9);
        Assert.Equal(200, aov.Change!.Value, 9);
        Assert.Equal(200 - 2.776445 * 81.649658, aov.Interval!.Value.Lower, 3);
        Assert.Equal(200 + 2.776445 * 81.649658, aov.Interval!.Value.Upper, 3);
        Assert.Equal(ChangeVerdict.NoClearChange, aov.Verdict);
        Assert.Equal(3, aov.BaselineDeals);
    }

    [Fact]
    public void Compare_DiscountDown_ImprovedAndCompetencyImproved()
    {
        CoachingReviewResult r = CoachingReview.Analyze(Deals(), Teams, new CoachingReviewOptions());
        MeasureChange discount = Measure(r, "A", "Negotiating", OutcomeMeasure.MeanDiscount);
        // 0.2333 → 0.05: change −0.18333; variances 0.003333 and 0; SE = 0.033333, df = 2, t(0.975, 2) = 4.302653.
        Assert.Equal(-0.55 / 3, discount.Change!.Value, 9);
        Assert.Equal(-0.55 / 3 - 4.302653 * 0.0333333, discount.Interval!.Value.Lower, 4);
        Assert.Equal(-0.55 / 3 + 4.302653 * 0.0333333, discount.Interval!.Value.Upper, 4);
        Assert.Equal(ChangeVerdict.Improved, discount.Verdict); // down is the desired direction
        Assert.Equal(ChangeVerdict.Improved, r.ByRep.Single(p => p.Subject == "A" && p.Competency == "Negotiating").Verdict);
        Assert.Contains("A", r.Improved);
    }

    [Fact]
    public void Compare_WinRate_NewcombeInterval()
    {
        CoachingReviewResult r = CoachingReview.Analyze(Deals(), Teams, new CoachingReviewOptions());
        MeasureChange win = Measure(r, "A", "Qualifying", OutcomeMeasure.WinRate);
        ProportionDifference expected = Proportion.Difference(3, 4, 3, 4);
        Assert.Equal(0.75, win.Baseline!.Value, 12);
        Assert.Equal(0, win.Change!.Value, 12);
        Assert.Equal(expected.Interval, win.Interval!.Value);
        Assert.Equal(ChangeVerdict.NoClearChange, win.Verdict);
        // Margin per deal pursued: (30 + 60 + 90 + 0) / 4 = 45 → (90 + 120 + 150 + 0) / 4 = 90.
        MeasureChange margin = Measure(r, "A", "Closing", OutcomeMeasure.MarginPerDeal);
        Assert.Equal(45, margin.Baseline!.Value, 9);
        Assert.Equal(90, margin.Current!.Value, 9);
    }

    [Fact]
    public void Compare_RepWithNoDealsInCurrentPeriod_NoDataReportedNotDropped()
    {
        CoachingReviewResult r = CoachingReview.Analyze(Deals(), Teams, new CoachingReviewOptions());
        var b = r.ByRep.Where(p => p.Subject == "B").ToList();
        Assert.Equal(Competency.Defaults.Count, b.Count);
        Assert.All(b, p => Assert.Equal(ChangeVerdict.NoData, p.Verdict));
        MeasureChange win = Measure(r, "B", "Qualifying", OutcomeMeasure.WinRate);
        Assert.Null(win.Change);
        Assert.Equal("B has no closed deals in the current period (2025-01-01 onwards), so win rate cannot be compared.", win.Reason);
        MeasureChange aov = Measure(r, "B", "Negotiating", OutcomeMeasure.AverageOrderValue);
        Assert.Equal("B has no won deals in the current period (2025-01-01 onwards); average order value needs at least 2 in each period to compare.", aov.Reason);
        Assert.Contains(r.Issues, i => i.StartsWith("B, Negotiating: B has no won deals", StringComparison.Ordinal));
        Assert.Contains("B", r.NotImproved);
        Assert.Contains("no data", SalesExecutionReport.Of(r).ToMarkdown(), StringComparison.Ordinal);
        Assert.Contains(r.Issues, i => i.Contains("in the manager map have no closed deal in either period: Z", StringComparison.Ordinal));
    }

    [Fact]
    public void Compare_Manager_PoolsTheirReps()
    {
        CoachingReviewResult r = CoachingReview.Analyze(Deals(), Teams, new CoachingReviewOptions());
        MeasureChange win = Measure(r, "Mia", "Qualifying", OutcomeMeasure.WinRate);
        // Baseline: A 3/4 and B 2/3 → 5/7; current: A 3/4 only.
        Assert.Equal(5.0 / 7, win.Baseline!.Value, 12);
        Assert.Equal(0.75, win.Current!.Value, 12);
        Assert.Equal(7, win.BaselineDeals);
        Assert.Equal(Proportion.Difference(3, 4, 5, 7).Interval, win.Interval!.Value);
    }

    [Fact]
    public void Compare_MissingDiscountColumn_NoDataWithReason()
    {
        DealSet deals = DealSet.FromObjects(
            [new Deal("X1", "A", new(2024, 3, 1), true, 100, 10, null, 10), new Deal("X2", "A", new(2025, 3, 1), true, 120, 12, null, 12)],
            m => m.DealId(d => d.Id).Account(d => "Acct").Rep(d => d.Rep).ClosedOn(d => d.Closed).Won(d => d.Won).Revenue(d => d.Revenue).Margin(d => d.Margin));
        CoachingReviewResult r = CoachingReview.Analyze(deals);
        Assert.Contains(r.Issues, i => i.Contains("no discount column", StringComparison.Ordinal));
        Assert.Equal(ChangeVerdict.NoData, Measure(r, "A", "Negotiating", OutcomeMeasure.MeanDiscount).Verdict);
    }

    [Fact]
    public void Compare_SampleDeals_RendersAllFormats()
    {
        CoachingReviewResult r = CoachingReview.Analyze(SampleDeals.Generate(2_000, seed: 5), null, new CoachingReviewOptions());
        Assert.NotEmpty(r.ByRep);
        Assert.Empty(r.ByManager);
        Assert.Contains("## Coaching competencies", SalesExecutionReport.Of(r).ToMarkdown(), StringComparison.Ordinal);
        Assert.Contains("<section id=\"coaching\">", SalesExecutionReport.Of(r).ToHtml(), StringComparison.Ordinal);
        Assert.Contains("Coach next: ", SalesExecutionReport.Of(r).ToText(), StringComparison.Ordinal);
        Assert.Contains("Coaching review, baseline", r.ToString(), StringComparison.Ordinal);
        Assert.Contains(r.Issues, i => i.Contains("by chance alone", StringComparison.Ordinal));
    }

    [Fact]
    public void Options_Invalid_AllReported()
    {
        var e = Assert.Throws<InvalidOptionsException>(() => CoachingReview.Analyze(Deals(), options: new CoachingReviewOptions
        {
            BaselineStart = new(2025, 1, 1), CurrentStart = new(2024, 1, 1), Competencies = [], ConfidenceLevel = 2,
        }));
        Assert.Equal(3, e.Problems.Count);
    }

    [Fact]
    public void CoachingTeams_FromCsv_BadRowsRejected()
    {
        CoachingTeams t = CoachingTeams.FromCsv(new StringReader("rep,manager\nA,Mia\nB,\nA,Noah\nC,Noah\n"));
        Assert.Equal("Mia", t.ManagerOf("A"));
        Assert.Equal("Noah", t.ManagerOf("c"));
        Assert.Equal(2, t.LoadReport.RowsRejected);
        Assert.Equal("The manager is missing.", t.LoadReport.Rejected[0].Reason);
        Assert.Contains("already has a different manager", t.LoadReport.Rejected[1].Reason, StringComparison.Ordinal);
        Assert.Throws<DealDataException>(() => CoachingTeams.FromCsv(new StringReader("rep,manager\nB,\n"), strict: true));
    }
}
