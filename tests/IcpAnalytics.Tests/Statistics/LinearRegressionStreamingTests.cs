using IcpAnalytics.Statistics;

namespace IcpAnalytics.Tests.Statistics;

/// <summary>The streaming path across several 65,536-row chunks (parallel partial results merged in order).</summary>
public class LinearRegressionStreamingTests
{
    private const int Rows = 150_000;   // three chunks

    private static (double[] X, double[] Y, int[] Clusters) WellConditioned()
    {
        var rng = new Random(21);
        var x = new double[Rows * 3];
        var y = new double[Rows];
        var clusters = new int[Rows];
        for (int i = 0; i < Rows; i++)
        {
            double a = rng.NextDouble(), b = rng.NextDouble() * 5, c = 1000 + rng.NextDouble();
            x[3 * i] = a;
            x[3 * i + 1] = b;
            x[3 * i + 2] = c;
            clusters[i] = i % 997;
            y[i] = 1 + 2 * a - 0.3 * b + 0.5 * (c - 1000) + (0.5 + a) * (rng.NextDouble() - 0.5);
        }
        return (x, y, clusters);
    }

    [Theory]
    [InlineData(CovarianceType.Classical)]
    [InlineData(CovarianceType.HC3)]
    [InlineData(CovarianceType.Cluster)]
    public void Fit_SeveralChunks_MatchesMaterializedQr(CovarianceType type)
    {
        (double[] x, double[] y, int[] clusters) = WellConditioned();
        var options = new RegressionOptions { Covariance = type };
        RegressionFit streaming = LinearRegression.Fit(new MatrixDesignRows(x, 3, y), options, clusters: clusters);
        RegressionFit materialized = LinearRegression.Fit(x, 3, y, options, clusters: clusters);
        Assert.Equal(LeastSquaresMethod.Cholesky, streaming.Method);
        for (int j = 0; j < 4; j++)
        {
            Assert.Equal(materialized.Coefficients[j], streaming.Coefficients[j], Math.Abs(materialized.Coefficients[j]) * 1e-9);
            Assert.Equal(materialized.StandardErrors[j], streaming.StandardErrors[j], materialized.StandardErrors[j] * 1e-9);
        }
        Assert.Equal(materialized.ResidualSumOfSquares, streaming.ResidualSumOfSquares, materialized.ResidualSumOfSquares * 1e-10);
    }

    [Fact]
    public void Fit_SeveralChunksIllConditioned_UsesBlockedQrAndMatchesMaterialized()
    {
        // A cubic in x ∈ [10, 11]: the centred, scaled cross-products have a condition number far above 10⁶.
        var rng = new Random(22);
        var x = new double[Rows * 3];
        var y = new double[Rows];
        for (int i = 0; i < Rows; i++)
        {
            double t = 10 + rng.NextDouble();
            x[3 * i] = t;
            x[3 * i + 1] = t * t;
            x[3 * i + 2] = t * t * t;
            y[i] = 3 - 2 * t + 0.5 * t * t - 0.01 * t * t * t + 0.1 * (rng.NextDouble() - 0.5);
        }
        RegressionFit streaming = LinearRegression.Fit(new MatrixDesignRows(x, 3, y), new RegressionOptions { Covariance = CovarianceType.HC3 });
        RegressionFit materialized = LinearRegression.Fit(x, 3, y, new RegressionOptions { Covariance = CovarianceType.HC3 });
        Assert.Equal(LeastSquaresMethod.BlockedQR, streaming.Method);
        Assert.True(streaming.ConditionNumber > 1e3, $"condition {streaming.ConditionNumber}");
        for (int j = 0; j < 4; j++)
        {
            Assert.Equal(materialized.Coefficients[j], streaming.Coefficients[j], Math.Abs(materialized.StandardErrors[j]) * 1e-6);
            Assert.Equal(materialized.StandardErrors[j], streaming.StandardErrors[j], materialized.StandardErrors[j] * 1e-6);
        }
    }

    [Fact]
    public void Fit_RepeatedOnSameData_IsBitIdentical()
    {
        (double[] x, double[] y, _) = WellConditioned();
        var design = new MatrixDesignRows(x, 3, y);
        var options = new RegressionOptions { Covariance = CovarianceType.HC3 };
        RegressionFit first = LinearRegression.Fit(design, options);
        RegressionFit second = LinearRegression.Fit(design, options);
        Assert.Equal(first.Coefficients, second.Coefficients);
        Assert.Equal(first.StandardErrors, second.StandardErrors);
    }

    [Fact]
    public void CrossProducts_PartitionedAndMerged_SolveMatchesRowFit()
    {
        // Sufficient statistics per partition (as a database GROUP BY would return), merged, then solved.
        (double[] x, double[] y, _) = WellConditioned();
        var parts = new CrossProducts[4];
        for (int k = 0; k < 4; k++) parts[k] = new CrossProducts(3);
        for (int i = 0; i < Rows; i++) parts[i % 4].Add(x.AsSpan(3 * i, 3), y[i]);
        CrossProducts total = parts[0];
        for (int k = 1; k < 4; k++) total.Merge(parts[k]);
        RegressionFit fromStats = total.Solve();
        RegressionFit fromRows = LinearRegression.Fit(x, 3, y);
        Assert.Equal(Rows, total.Count);
        for (int j = 0; j < 4; j++)
        {
            Assert.Equal(fromRows.Coefficients[j], fromStats.Coefficients[j], Math.Abs(fromRows.StandardErrors[j]) * 1e-7);
            Assert.Equal(fromRows.StandardErrors[j], fromStats.StandardErrors[j], fromRows.StandardErrors[j] * 1e-7);
        }
    }
}
