using IcpAnalytics.Statistics;

namespace IcpAnalytics.Tests.Statistics;

public class StatisticsHelpersTests
{
    // Newcombe, R. G. (1998). Two-sided confidence intervals for the single proportion: comparison of seven methods.
    // Statistics in Medicine 17, 857–872, Table II, method 3 (Wilson score without continuity correction).
    [Theory]
    [InlineData(81, 263, 0.2553, 0.3662)]
    [InlineData(15, 148, 0.0624, 0.1605)]
    [InlineData(0, 20, 0.0000, 0.1611)]
    [InlineData(1, 29, 0.0061, 0.1718)]
    public void Wilson_NewcombeExamples_MatchPublishedBounds(int successes, int trials, double lower, double upper)
    {
        Interval w = Proportion.Wilson(successes, trials);
        Assert.Equal(lower, w.Lower, 4);
        Assert.Equal(upper, w.Upper, 4);
    }

    // Newcombe, R. G. (1998). Interval estimation for the difference between independent proportions: comparison of
    // eleven methods. Statistics in Medicine 17, 873–890, Table II example (a), method 10: 56/70 − 48/80 → 0.0524 to 0.3339.
    [Fact]
    public void Difference_NewcombeExample_MatchesPublishedBounds()
    {
        ProportionDifference d = Proportion.Difference(56, 70, 48, 80);
        Assert.Equal(0.2, d.Difference, 12);
        Assert.Equal(0.0524, d.Interval.Lower, 4);
        Assert.Equal(0.3339, d.Interval.Upper, 4);
        Assert.InRange(d.PValue, 0.005, 0.02); // pooled z = 2.59
    }

    [Fact]
    public void Wilson_InvalidCounts_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Proportion.Wilson(5, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Proportion.Wilson(6, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => Proportion.Wilson(1, 5, level: 1.0));
    }

    [Fact]
    public void Holm_ClosedForm()
    {
        double[] adjusted = MultipleTesting.Holm([0.01, 0.04, 0.03, 0.02, 0.05]);
        Assert.Equal([0.05, 0.09, 0.09, 0.08, 0.09], adjusted, new Tolerance(1e-12));
    }

    [Fact]
    public void BenjaminiHochberg_ClosedForm()
    {
        double[] adjusted = MultipleTesting.BenjaminiHochberg([0.13, 0.005, 0.04, 0.011, 0.02]);
        Assert.Equal([0.13, 0.025, 0.05, 0.0275, 0.02 * 5 / 3], adjusted, new Tolerance(1e-12));
    }

    [Fact]
    public void DerSimonianLaird_TwoGroups_ClosedForm()
    {
        ShrinkageResult r = Shrinkage.DerSimonianLaird([0, 10], [1, 1]);
        Assert.Equal(49, r.BetweenGroupVariance, 12); // Q = 50, tau² = (50 − 1) / (2 − 1)
        Assert.Equal(5, r.PooledMean, 12);
        Assert.Equal(0.1, r.Shrunk[0], 12);            // B = 1/50: 0.02·5 + 0.98·0
        Assert.Equal(9.9, r.Shrunk[1], 12);
        Assert.Equal(1 * (1 - 0.02) + 0.02 * 0.02 * 25, r.ShrunkVariances[0], 12); // pooled variance 1/(2/50) = 25
    }

    [Fact]
    public void DerSimonianLaird_NoHeterogeneity_ShrinksAllTheWay()
    {
        ShrinkageResult r = Shrinkage.DerSimonianLaird([1, 2, 3], [1, 1, 1]);
        Assert.Equal(0, r.BetweenGroupVariance);
        Assert.All(r.Shrunk, s => Assert.Equal(2, s, 12));
    }

    [Fact]
    public void KFold_Ungrouped_BalancedAndDeterministic()
    {
        int[] a = KFold.Split(103, 5, seed: 9);
        int[] b = KFold.Split(103, 5, seed: 9);
        Assert.Equal(a, b);
        int[] sizes = new int[5];
        foreach (int f in a) sizes[f]++;
        Assert.All(sizes, s => Assert.InRange(s, 20, 21));
        Assert.NotEqual(a, KFold.Split(103, 5, seed: 10));
    }

    [Fact]
    public void KFold_Grouped_NeverSplitsAGroup()
    {
        var groups = new int[1000];
        for (int i = 0; i < groups.Length; i++) groups[i] = (i * 7919) % 137;
        int[] fold = KFold.Split(groups.Length, 5, seed: 1, groups);
        var foldOfGroup = new Dictionary<int, int>();
        for (int i = 0; i < groups.Length; i++)
        {
            if (foldOfGroup.TryGetValue(groups[i], out int f)) Assert.Equal(f, fold[i]);
            else foldOfGroup[groups[i]] = fold[i];
        }
        int[] sizes = new int[5];
        foreach (int f in fold) sizes[f]++;
        Assert.All(sizes, s => Assert.InRange(s, 180, 220));
    }

    [Fact]
    public void Bootstrap_MeanOfNormalData_MatchesCltInterval()
    {
        var rng = new Random(5);
        var x = new double[400];
        for (int i = 0; i < x.Length; i++) x[i] = 10 + 2 * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        double mean = x.Average();
        double sd = Math.Sqrt(x.Sum(v => (v - mean) * (v - mean)) / (x.Length - 1));
        BootstrapResult r = Bootstrap.PercentileInterval(x.Length, idx => { double s = 0; foreach (int i in idx) s += x[i]; return s / idx.Length; });
        Assert.Equal(mean, r.Estimate, 10);
        Assert.Equal(sd / Math.Sqrt(x.Length), r.StandardError, 0.15 * sd / Math.Sqrt(x.Length));
        Assert.Equal(mean - 1.96 * sd / 20, r.Interval.Lower, 0.05);
        Assert.Equal(mean + 1.96 * sd / 20, r.Interval.Upper, 0.05);
    }

    private sealed class Tolerance(double eps) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= eps;

        public int GetHashCode(double obj) => 0;
    }
}
