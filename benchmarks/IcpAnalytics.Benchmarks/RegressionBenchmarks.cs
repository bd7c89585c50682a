using BenchmarkDotNet.Attributes;
using IcpAnalytics.Statistics;

namespace IcpAnalytics.Benchmarks;

/// <summary>
/// Regression on 1M deals × 20 predictors through the streaming path (rows produced on the fly, never an n × p matrix):
/// OLS with HC3 standard errors (target under 300 ms) and ridge with the penalty chosen by 5-fold cross-validation over
/// 50 penalties (target under 1 s). The design is built from 20 columnar arrays, as deal columns are; the row-major
/// variant reads a materialized n × p array through <see cref="MatrixDesignRows"/>. Seeded data built once.
/// </summary>
[MemoryDiagnoser]
public class RegressionBenchmarks
{
    private const int Predictors = 20;
    private DesignMatrix _columnar = null!;
    private MatrixDesignRows _rowMajor = null!;

    /// <summary>Number of deals.</summary>
    [Params(1_000_000)]
    public int Deals { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(42);
        var columns = new double[Predictors][];
        for (int j = 0; j < Predictors; j++) columns[j] = new double[Deals];
        var rows = new double[Deals * Predictors];
        var y = new double[Deals];
        for (int i = 0; i < Deals; i++)
        {
            double signal = 1;
            for (int j = 0; j < Predictors; j++)
            {
                double v = rng.NextDouble() * (j + 1);
                columns[j][i] = v;
                rows[i * Predictors + j] = v;
                signal += 0.1 * (j % 5) * v;
            }
            y[i] = signal + (1 + columns[0][i]) * (rng.NextDouble() - 0.5);
        }
        var builder = new DesignMatrixBuilder(Deals);
        for (int j = 0; j < Predictors; j++) builder = builder.Numeric($"x{j + 1}", columns[j]);
        _columnar = builder.Response(y).Build();
        _rowMajor = new MatrixDesignRows(rows, Predictors, y);
    }

    [Benchmark(Baseline = true)]
    public double OlsHc3() => LinearRegression.Fit(_columnar, new RegressionOptions { Covariance = CovarianceType.HC3 }).StandardErrors[1];

    [Benchmark]
    public double OlsHc3RowMajor() => LinearRegression.Fit(_rowMajor, new RegressionOptions { Covariance = CovarianceType.HC3 }).StandardErrors[1];

    [Benchmark]
    public double RidgeCv5() => RidgeRegression.Fit(_columnar, new RidgeOptions { Folds = 5 }).Penalty;
}
