using IcpAnalytics.Statistics;

namespace IcpAnalytics.Tests.Statistics;

public class CrossProductsTests
{
    private static (double[] X, double[] Y) Data(int n, int seed)
    {
        var rng = new Random(seed);
        var x = new double[n * 2];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[2 * i] = 1e6 + rng.NextDouble();          // large mean, small spread: the case centring exists for
            x[2 * i + 1] = rng.NextDouble() * 10;
            y[i] = 3 + 2 * (x[2 * i] - 1e6) - x[2 * i + 1] + rng.NextDouble();
        }
        return (x, y);
    }

    [Fact]
    public void Merge_TwoPartitions_EqualsOnePass()
    {
        (double[] x, double[] y) = Data(1000, 1);
        var all = new CrossProducts(2);
        all.AddRows(x, y);
        var first = new CrossProducts(2);
        var second = new CrossProducts(2);
        first.AddRows(x.AsSpan(0, 600), y.AsSpan(0, 300));
        for (int i = 300; i < 1000; i++) second.Add(x.AsSpan(2 * i, 2), y[i]);
        first.Merge(second);

        Assert.Equal(1000, first.Count);
        Assert.Equal(all.SumOfWeights, first.SumOfWeights);
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(all.Mean(i), first.Mean(i), Math.Abs(all.Mean(i)) * 1e-14);
            Assert.Equal(all.ResponseCoMoment(i), first.ResponseCoMoment(i), Math.Abs(all.ResponseCoMoment(i)) * 1e-10);
            // Relative to the natural scale √(Mii·Mjj): the means of values near 1e6 carry absolute rounding of ~1e-10.
            for (int j = 0; j < 2; j++) Assert.Equal(all.CoMoment(i, j), first.CoMoment(i, j), Math.Sqrt(all.CoMoment(i, i) * all.CoMoment(j, j)) * 1e-10);
        }
        Assert.Equal(all.ResponseSumOfSquares, first.ResponseSumOfSquares, all.ResponseSumOfSquares * 1e-10);
    }

    [Fact]
    public void CoMoment_LargeMeanSmallSpread_MatchesTwoPassVariance()
    {
        (double[] x, double[] y) = Data(1000, 2);
        var cp = new CrossProducts(2);
        cp.AddRows(x, y);
        double mean = 0;
        for (int i = 0; i < 1000; i++) mean += x[2 * i];
        mean /= 1000;
        double m2 = 0;
        for (int i = 0; i < 1000; i++) m2 += (x[2 * i] - mean) * (x[2 * i] - mean);
        Assert.Equal(m2, cp.CoMoment(0, 0), m2 * 1e-9);
    }

    [Fact]
    public void Solve_EqualsLinearRegressionClassical()
    {
        (double[] x, double[] y) = Data(500, 3);
        var w = Enumerable.Range(0, 500).Select(i => 1 + (i % 3)).Select(v => (double)v).ToArray();
        var cp = new CrossProducts(2);
        cp.AddRows(x, y, w);
        RegressionFit fromStats = cp.Solve(names: ["a", "b"]);
        RegressionFit fromRows = LinearRegression.Fit(x, 2, y, weights: w, names: ["a", "b"]);
        for (int j = 0; j < 3; j++)
        {
            Assert.Equal(fromRows.Coefficients[j], fromStats.Coefficients[j], Math.Abs(fromRows.Coefficients[j]) * 1e-8);
            Assert.Equal(fromRows.StandardErrors[j], fromStats.StandardErrors[j], fromRows.StandardErrors[j] * 1e-7);
        }
        Assert.Equal(fromRows.RSquared, fromStats.RSquared, 1e-10);
        Assert.Equal("a", fromStats.Names[1]);
    }

    [Fact]
    public void Solve_RobustCovariance_ThrowsExplainingWhy()
    {
        var cp = new CrossProducts(1);
        var ex = Assert.Throws<ArgumentException>(() => cp.Solve(new RegressionOptions { Covariance = CovarianceType.HC3 }));
        Assert.Contains("Classical", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Add_NaN_Throws()
    {
        var cp = new CrossProducts(2);
        Assert.Throws<ArgumentException>(() => cp.Add([1, double.NaN], 2));
    }
}
