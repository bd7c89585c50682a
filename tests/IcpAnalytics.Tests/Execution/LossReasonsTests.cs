using IcpAnalytics.Data;
using IcpAnalytics.Execution.Losses;
using IcpAnalytics.Reports;
using IcpAnalytics.Statistics;

namespace IcpAnalytics.Tests.Execution;

public class LossReasonsTests
{
    /// <summary>
    /// 14 deals, revenue 100 each. Won: 2 in industry A (margin 40 each, rate 0.4), 2 in B (margin 20, rate 0.2); all won: 120/400 = 0.3.
    /// Lost: A — price ×3, competitor X ×1; B — price ×1, competitor X ×4, no reason ×1.
    /// </summary>
    private static DealSet Deals()
    {
        int[] industry = [0, 0, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1];
        byte[] won = [1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        double[] margin = [40, 40, 20, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        int[] reason = [-1, -1, -1, -1, 0, 0, 0, 1, 0, 1, 1, 1, 1, -1];
        int n = industry.Length;
        return new DealSet(
            [.. Enumerable.Range(1, n).Select(i => "D" + i)],
            new CategoricalColumn("account_id", [.. Enumerable.Range(0, n)], [.. Enumerable.Range(0, n).Select(i => "A" + i)], null),
            new CategoricalColumn("rep", new int[n], ["Rep 1"], null),
            [.. Enumerable.Range(0, n).Select(i => new DateOnly(2025, 1, 1).DayNumber + i)],
            won,
            new NumericColumn("revenue", [.. Enumerable.Repeat(100.0, n)], null),
            new NumericColumn("gross_margin", margin, null),
            null, null, null, [],
            [new CategoricalColumn("industry", industry, ["A", "B"], null), new CategoricalColumn("loss_reason", reason, ["price", "competitor X"], null)],
            [], LoadReport.Clean("hand", n));
    }

    [Fact]
    public void Analyze_BySegmentAndFit_SharesMarginLostAndDifferencesByHand()
    {
        DealSet deals = Deals();
        bool[] fit = [.. Enumerable.Range(0, deals.Count).Select(i => deals.Categorical("industry").GetCode(i) == 0)];
        LossReasonsResult r = LossReasons.Analyze(deals, fit, new LossReasonOptions { SegmentBy = "industry" });
        Assert.Equal(10, r.LostDeals);
        LossReasonShare all = r.Shares.Single(s => s.Group == LossReasons.AllDeals && s.Reason == "competitor X");
        Assert.Equal(5, all.Losses);
        Assert.Equal(0.5, all.Share, 12);
        Assert.Equal(Proportion.Wilson(5, 10), all.ShareInterval);
        Assert.Equal(5 * 100 * 0.3, all.MarginLost, 9);          // lost revenue × the margin rate on all won deals
        Assert.InRange(all.MarginLost, all.MarginLostInterval.Lower, all.MarginLostInterval.Upper);
        Assert.Equal("competitor X", r.Shares.First(s => s.Group == LossReasons.AllDeals).Reason);   // most losses first
        LossReasonShare priceA = r.Shares.Single(s => s.Group == "industry = A" && s.Reason == "price");
        Assert.Equal(0.75, priceA.Share, 12);
        Assert.Equal(3 * 100 * 0.4, priceA.MarginLost, 9);      // industry A's own margin rate
        Assert.Equal(1 * 100 * 0.2, r.Shares.Single(s => s.Group == "industry = B" && s.Reason == "price").MarginLost, 9);
        Assert.Equal(1, r.Shares.Single(s => s.Group == LossReasons.AllDeals && s.Reason == "(no reason given)").Losses);
        Assert.Contains(r.Issues, i => i.StartsWith("1 of 10 lost deals have no loss_reason", StringComparison.Ordinal));
        LossReasonFitDifference price = r.FitDifferences.Single(d => d.Reason == "price");
        Assert.Equal(0.75, price.FitShare, 12);
        Assert.Equal(1 / 6.0, price.NonFitShare, 12);
        Assert.Equal(Proportion.Difference(3, 4, 1, 6).Interval, price.Difference.Interval);
        // Same data and seed: the same bootstrap intervals.
        Assert.Equal(all.MarginLostInterval, LossReasons.Analyze(deals, fit, new LossReasonOptions { SegmentBy = "industry" }).Shares.Single(s => s.Group == LossReasons.AllDeals && s.Reason == "competitor X").MarginLostInterval);
        ProfitYieldReport report = SalesExecutionReport.Of(r);
        foreach (string text in (string[])[report.ToHtml(), report.ToMarkdown(), report.ToText()])
            Assert.Contains("Why we lose", text, StringComparison.Ordinal);
        Assert.NotNull(report.FindTable("loss-reasons-fit"));
    }

    [Fact]
    public void Analyze_NoReasonColumn_ClearError()
    {
        var e = Assert.Throws<InvalidOptionsException>(() => LossReasons.Analyze(Deals(), options: new LossReasonOptions { ReasonColumn = "competitor" }));
        Assert.Contains("There is no categorical column 'competitor'", e.Message, StringComparison.Ordinal);
        Assert.Contains("loss_reason", e.Message, StringComparison.Ordinal);
    }
}
