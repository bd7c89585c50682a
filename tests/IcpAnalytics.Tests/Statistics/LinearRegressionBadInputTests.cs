using IcpAnalytics.Statistics;

namespace IcpAnalytics.Tests.Statistics;

public class LinearRegressionBadInputTests
{
    private static readonly string[] Names = ["meetings", "demos", "calls"];

    private static (double[] X, double[] Y) Data(int n, Func<int, double>? third = null)
    {
        var rng = new Random(3);
        var x = new double[n * 3];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[3 * i] = rng.NextDouble();
            x[3 * i + 1] = rng.NextDouble();
            x[3 * i + 2] = third?.Invoke(i) ?? rng.NextDouble();
            y[i] = x[3 * i] + rng.NextDouble();
        }
        return (x, y);
    }

    public static TheoryData<bool> Paths => new() { true, false };

    private static RegressionFit Fit(bool materialized, double[] x, double[] y, RegressionOptions? options = null, double[]? weights = null)
        => materialized
            ? LinearRegression.Fit(x, 3, y, options, weights, names: Names)
            : LinearRegression.Fit(new MatrixDesignRows(x, 3, y, Names), options, weights);

    [Theory]
    [MemberData(nameof(Paths))]
    public void Fit_NaNPredictor_ThrowsNamingColumnAndRow(bool materialized)
    {
        (double[] x, double[] y) = Data(20);
        x[3 * 7 + 1] = double.NaN;
        var ex = Assert.Throws<ArgumentException>(() => Fit(materialized, x, y));
        Assert.Contains("'demos'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("row 7", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Fit_InfiniteResponse_Throws(bool materialized)
    {
        (double[] x, double[] y) = Data(20);
        y[4] = double.PositiveInfinity;
        var ex = Assert.Throws<ArgumentException>(() => Fit(materialized, x, y));
        Assert.Contains("response", ex.Message, StringComparison.Ordinal);
        Assert.Contains("row 4", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Fit_FewerRowsThanParameters_ThrowsModelFitException(bool materialized)
    {
        (double[] x, double[] y) = Data(4);
        var ex = Assert.Throws<ModelFitException>(() => Fit(materialized, x, y));
        Assert.Contains("4 rows", ex.Message, StringComparison.Ordinal);
        Assert.Contains("4 parameters", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Fit_ConstantColumn_ThrowsNamingIt(bool materialized)
    {
        (double[] x, double[] y) = Data(30, _ => 4.2);
        var ex = Assert.Throws<ModelFitException>(() => Fit(materialized, x, y));
        Assert.Contains("'calls'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("constant", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Fit_ZeroColumnWithoutIntercept_ThrowsNamingIt(bool materialized)
    {
        (double[] x, double[] y) = Data(30, _ => 0);
        var ex = Assert.Throws<ModelFitException>(() => Fit(materialized, x, y, new RegressionOptions { Intercept = false }));
        Assert.Contains("'calls'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Fit_CollinearColumns_ThrowsNamingAllOfThem(bool materialized)
    {
        (double[] x, double[] y) = Data(30);
        for (int i = 0; i < 30; i++) x[3 * i + 2] = 2 * x[3 * i] - x[3 * i + 1];
        var ex = Assert.Throws<ModelFitException>(() => Fit(materialized, x, y));
        Assert.Contains("'meetings'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'demos'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'calls'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("collinear", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Fit_TwoCollinearColumnsAndAnIndependentOne_NamesOnlyTheCollinearPair(bool materialized)
    {
        (double[] x, double[] y) = Data(30);
        for (int i = 0; i < 30; i++) x[3 * i + 2] = 3 * x[3 * i + 1] + 1;
        var ex = Assert.Throws<ModelFitException>(() => Fit(materialized, x, y));
        Assert.DoesNotContain("'meetings'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'demos'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'calls'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Fit_ConstantResponse_Throws(bool materialized)
    {
        (double[] x, _) = Data(30);
        var y = Enumerable.Repeat(5.0, 30).ToArray();
        var ex = Assert.Throws<ModelFitException>(() => Fit(materialized, x, y));
        Assert.Contains("response", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Fit_Hc3WithRowOfLeverageOne_Throws(bool materialized)
    {
        // A dummy that is 1 for a single deal fits that deal exactly: leverage 1.
        (double[] x, double[] y) = Data(30, i => i == 11 ? 1 : 0);
        var ex = Assert.Throws<ModelFitException>(() => Fit(materialized, x, y, new RegressionOptions { Covariance = CovarianceType.HC3 }));
        Assert.Contains("Row 11", ex.Message, StringComparison.Ordinal);
        Assert.Contains("leverage 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_NegativeWeight_Throws()
    {
        (double[] x, double[] y) = Data(20);
        var w = Enumerable.Repeat(1.0, 20).ToArray();
        w[2] = -1;
        Assert.Throws<ArgumentException>(() => Fit(true, x, y, weights: w));
    }

    [Fact]
    public void Fit_ZeroWeights_RowsLeaveTheFit()
    {
        (double[] x, double[] y) = Data(20);
        var w = Enumerable.Repeat(1.0, 20).ToArray();
        w[0] = w[5] = 0;
        y[0] = 1e6;   // an outlier with weight 0 must not matter
        RegressionFit fit = Fit(true, x, y, weights: w);
        var keep = Enumerable.Range(0, 20).Where(i => i != 0 && i != 5).ToArray();
        RegressionFit reduced = LinearRegression.Fit(keep.SelectMany(i => x.Skip(3 * i).Take(3)).ToArray(), 3, keep.Select(i => y[i]).ToArray());
        Assert.Equal(18, fit.Observations);
        Assert.Equal(reduced.Coefficients[1], fit.Coefficients[1], 1e-10);
        Assert.Equal(reduced.StandardErrors[1], fit.StandardErrors[1], 1e-10);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Fit_MissingValuesInZeroWeightRows_AreIgnored(bool materialized)
    {
        // Callers exclude incomplete deals with weight 0; their NaN cells must not reach any sum.
        (double[] x, double[] y) = Data(40);
        var w = Enumerable.Repeat(1.0, 40).ToArray();
        x[3 * 5 + 1] = double.NaN;
        y[9] = double.NaN;
        w[5] = w[9] = 0;
        var options = new RegressionOptions { Covariance = CovarianceType.HC3 };
        RegressionFit fit = Fit(materialized, x, y, options, w);
        var keep = Enumerable.Range(0, 40).Where(i => i != 5 && i != 9).ToArray();
        RegressionFit reduced = LinearRegression.Fit(keep.SelectMany(i => x.Skip(3 * i).Take(3)).ToArray(), 3, keep.Select(i => y[i]).ToArray(), options);
        Assert.Equal(38, fit.Observations);
        for (int j = 0; j < 4; j++)
        {
            Assert.Equal(reduced.Coefficients[j], fit.Coefficients[j], 1e-10);
            Assert.Equal(reduced.StandardErrors[j], fit.StandardErrors[j], 1e-10);
        }
        RidgeFit ridge = RidgeRegression.Fit(new MatrixDesignRows(x, 3, y), new RidgeOptions { Penalties = [0.1] }, w);
        RidgeFit ridgeReduced = RidgeRegression.Fit(new MatrixDesignRows(keep.SelectMany(i => x.Skip(3 * i).Take(3)).ToArray(), 3, keep.Select(i => y[i]).ToArray()), new RidgeOptions { Penalties = [0.1] });
        Assert.Equal(ridgeReduced.Coefficients[1], ridge.Coefficients[1], 1e-10);
    }

    [Fact]
    public void Fit_InvalidOptions_ReportsEveryProblem()
    {
        (double[] x, double[] y) = Data(20);
        var ex = Assert.Throws<InvalidOptionsException>(() => Fit(true, x, y, new RegressionOptions { ConfidenceLevel = 1.5, Covariance = (CovarianceType)42 }));
        Assert.Equal(2, ex.Problems.Count);
    }

    [Fact]
    public void Fit_ClusterWithoutClusterIds_Throws()
    {
        (double[] x, double[] y) = Data(20);
        Assert.Throws<ArgumentException>(() => Fit(true, x, y, new RegressionOptions { Covariance = CovarianceType.Cluster }));
    }
}
