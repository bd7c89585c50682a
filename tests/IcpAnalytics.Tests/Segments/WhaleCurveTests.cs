using IcpAnalytics.Segments;

namespace IcpAnalytics.Tests.Segments;

public class WhaleCurveTests
{
    [Fact]
    public void WhaleCurve_HandMadeAccounts_PeakAndTailAsWorkedOut()
    {
        // Account contributions (margin of won deals): A1 100, A2 50, A3 30, A4 20; total 200.
        WhaleCurve plain = TinyDeals.Create().WhaleCurve();
        Assert.Equal(4, plain.Accounts);
        Assert.Equal(200, plain.TotalContribution, 12);
        Assert.Null(plain.TailStartsAtAccount);
        Assert.Equal(1.0, plain.PeakMarginShare, 12);

        // With 3 per effort hour: A1 100 − 45 = 55, A2 50 − 15 = 35, A3 30 − 90 = −60, A4 20 − 12 = 8; total 38.
        WhaleCurve costed = TinyDeals.Create().WhaleCurve(new WhaleCurveOptions { CostPerEffortHour = 3 });
        Assert.Equal(38, costed.TotalContribution, 9);
        Assert.Equal(3, costed.PeakAccounts);
        Assert.Equal(0.75, costed.PeakAccountShare, 12);
        Assert.Equal(98.0 / 38, costed.PeakMarginShare, 9);
        Assert.Equal(4, costed.TailStartsAtAccount);
        Assert.Equal(1, costed.UnprofitableAccounts);
        Assert.Equal(-60, costed.TailContribution, 9);
        // Ranked 55, 35, 8, −60: cumulative shares 55/38, 90/38, 98/38, 1.
        Assert.Equal([0, 55.0 / 38, 90.0 / 38, 98.0 / 38, 1.0], costed.Points.Select(p => Math.Round(p.MarginShare, 9)).ToArray(),
            new RoundedComparer());
    }

    [Fact]
    public void WhaleCurve_NegativeCost_Rejected()
    {
        var ex = Assert.Throws<InvalidOptionsException>(() => TinyDeals.Create().WhaleCurve(new WhaleCurveOptions { CostPerEffortHour = -1, MaxPoints = 1 }));
        Assert.Equal(2, ex.Problems.Count);
    }

    private sealed class RoundedComparer : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) < 1e-8;

        public int GetHashCode(double obj) => 0;
    }
}
