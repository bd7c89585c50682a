using IcpAnalytics.Data;
using IcpAnalytics.Segments;

namespace IcpAnalytics.Tests.Segments;

public class SegmentYieldTests
{
    private const double Z95 = 1.959963984540054;

    private static readonly SegmentYieldOptions Independent = new() { TreatDealsAsIndependent = true };

    [Fact]
    public void SegmentYield_TinyDeals_EveryMetricMatchesHandCalculation()
    {
        // Deals treated as independent here (the clustered intervals are hand-checked in ClusteredIntervalTests).
        SegmentYieldTable table = TinyDeals.Create().SegmentYield(["industry"], Independent);
        SegmentYield a = table.Find("industry = A")!;
        Assert.Equal(3, a.DealsPursued);
        Assert.Equal(2, a.DealsWon);
        Assert.Equal(2.0 / 3, a.WinRate, 12);
        // Wilson 2 of 3 at 95%: [0.2077, 0.9385] (published tables).
        Assert.Equal(0.20766, a.WinRateInterval.Lower, 5);
        Assert.Equal(0.93851, a.WinRateInterval.Upper, 5);
        Assert.Equal(600, a.Revenue, 9);
        Assert.Equal(150, a.GrossMargin, 9);
        Assert.Equal(0.25, a.MarginPercent!.Value, 12);
        // y = [100, 0, 50]: mean 50, sample variance 2,500, se = √(2500/3).
        Assert.Equal(50, a.MarginPerDealPursued, 12);
        Assert.Equal(50 - Z95 * Math.Sqrt(2500.0 / 3), a.MarginPerDealPursuedInterval!.Value.Lower, 6);
        Assert.Equal(50 + Z95 * Math.Sqrt(2500.0 / 3), a.MarginPerDealPursuedInterval!.Value.Upper, 6);
        // 150 margin / 20 hours of all three deals (the lost deal's 5 hours count).
        Assert.Equal(7.5, a.MarginPerEffortHour!.Value, 12);
        // Delta method: d = y − 7.5 h = [25, −37.5, 12.5], Σd² = 2,187.5, se = √(2187.5/2/3) / (20/3).
        double se = Math.Sqrt(2187.5 / 2 / 3) / (20.0 / 3);
        Assert.Equal(7.5 - Z95 * se, a.MarginPerEffortHourInterval!.Value.Lower, 6);
        Assert.Equal(7.5 + Z95 * se, a.MarginPerEffortHourInterval!.Value.Upper, 6);
        // Whole set: 200 margin / 54 hours.
        Assert.Equal(200.0 / 54, table.Whole.MarginPerEffortHour!.Value, 12);
        Assert.Equal(7.5 / (200.0 / 54), a.YieldIndex!.Value, 12);
        Assert.Equal(0.1, a.MeanDiscount!.Value, 12);
        Assert.Equal(30, a.MeanCycleDays!.Value, 12);
        Assert.Equal(20.0 / 3, a.EffortHoursPerDeal!.Value, 12);
        Assert.Equal(20, a.EffortHours!.Value, 12);
        Assert.True(a.IsSmall);
    }

    [Fact]
    public void SegmentYield_MissingAttribute_IsItsOwnUnknownSegment()
    {
        SegmentYieldTable table = TinyDeals.Create().SegmentYield("industry");
        SegmentYield unknown = table.Find("industry = unknown")!;
        Assert.Equal(1, unknown.DealsPursued);
        Assert.Equal(20, unknown.MarginPerDealPursued);
        Assert.Null(unknown.MarginPerDealPursuedInterval);
        Assert.Equal(["unknown"], unknown.Levels);
        Assert.Equal(3, table.Segments.Count);
        Assert.Equal(6, table.Segments.Sum(s => s.DealsPursued));
    }

    [Fact]
    public void SegmentYield_Shrinkage_PoolsTowardWholeWhenSegmentsDoNotDiffer()
    {
        // Segment means 50 (n 3), 15 (n 2), 20 (n 1); pooled within variance (5000 + 450 + 0) / 3, so each variance is that / n.
        // Cochran's Q = 0.927 < k − 1 = 2, so τ² = 0 and every segment shrinks fully to the fixed-effect mean 200 / 6.
        // (Deals treated as independent: clustered by account, every account score of this table is 0.)
        SegmentYieldTable table = TinyDeals.Create().SegmentYield(["industry"], Independent);
        Assert.Equal(0, table.BetweenSegmentVariance);
        foreach (SegmentYield s in table.Segments) Assert.Equal(200.0 / 6, s.ShrunkMarginPerDealPursued, 9);
        Assert.Equal(200.0 / 6, table.Whole.ShrunkMarginPerDealPursued, 12);
    }

    [Fact]
    public void SegmentYield_NoEffortHours_PerHourMeasuresAreAbsentNotZero()
    {
        SegmentYieldTable table = TinyDeals.Create(withHours: false).SegmentYield("industry");
        Assert.False(table.HasEffortHours);
        foreach (SegmentYield s in table.Segments)
        {
            Assert.Null(s.MarginPerEffortHour);
            Assert.Null(s.MarginPerEffortHourInterval);
            Assert.Null(s.YieldIndex);
            Assert.Null(s.EffortHoursPerDeal);
        }
        Assert.Contains("per-hour measures absent", table.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void SegmentYield_NoMargin_UsesRevenueAndSaysSo()
    {
        SegmentYieldTable table = TinyDeals.Create(withMargin: false).SegmentYield("industry");
        Assert.True(table.YieldOnRevenue);
        SegmentYield a = table.Find("industry = A")!;
        Assert.Equal(600, a.GrossMargin);
        Assert.Equal(200, a.MarginPerDealPursued, 12);
        Assert.Equal(30, a.MarginPerEffortHour!.Value, 12);
        Assert.Contains("revenue", table.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void SegmentYield_SegmentWithZeroEffortHours_PerHourIsAbsent()
    {
        SegmentYieldTable table = TinyDeals.Create(hours: [10, 5, 5, 0, 0, 4]).SegmentYield("industry");
        SegmentYield b = table.Find("industry = B")!;
        Assert.Null(b.MarginPerEffortHour);
        Assert.Equal(0, b.EffortHours);
        Assert.Equal(15, b.MarginPerDealPursued, 12);
    }

    [Fact]
    public void SegmentYield_NoWonDeals_ZeroWinRateWithWilsonUpperBound()
    {
        DealSet lost = TinyDeals.Create().Select([1, 3]);
        SegmentYieldTable table = lost.SegmentYield("industry");
        Assert.Equal(0, table.Whole.WinRate);
        Assert.Equal(0, table.Whole.WinRateInterval.Lower);
        // Wilson upper bound for 0 of 2: z² / (n + z²).
        Assert.Equal(Z95 * Z95 / (2 + Z95 * Z95), table.Whole.WinRateInterval.Upper, 9);
        Assert.Equal(0, table.Whole.MarginPerEffortHour!.Value);
        Assert.Null(table.Whole.MarginPercent);
    }

    [Fact]
    public void SegmentYield_SeveralAttributes_SegmentsPartitionTheDeals()
    {
        DealSet deals = SampleDeals.Generate(20_000, seed: 3);
        SegmentYieldTable table = deals.SegmentYield("industry", "employees", "region");
        Assert.Equal(deals.Count, table.Segments.Sum(s => s.DealsPursued));
        Assert.Equal(deals.WonCount, table.Segments.Sum(s => s.DealsWon));
        Assert.Equal(deals.GrossMargin!.Sum() / deals.Count, table.Whole.MarginPerDealPursued, 6);
        SegmentYield icp = table.Segments.First(s => s.Levels[0] == "Software" && s.Levels[1] == "200–1,000" && s.Levels[2] == "EMEA");
        Assert.True(icp.YieldIndex > 1.5, icp.ToString());
    }

    [Fact]
    public void SegmentYield_InvalidOptions_AllReportedTogether()
    {
        var ex = Assert.Throws<InvalidOptionsException>(() =>
            TinyDeals.Create().SegmentYield(["industry", "nosuch"], new SegmentYieldOptions { MinDeals = 0, ConfidenceLevel = 1.5 }));
        Assert.Equal(3, ex.Problems.Count);
    }
}
