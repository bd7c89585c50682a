using BenchmarkDotNet.Attributes;
using IcpAnalytics.Statistics;

namespace IcpAnalytics.Benchmarks;

/// <summary>
/// Regression on 1M deals × 20 predictors through the streaming path: OLS with HC3 standard errors (target under 300 ms)
/// and ridge with the penalty chosen by 5-fold cross-validation (target under 1 s). Seeded data built once.
/// </summary>
[MemoryDiagnoser]
public class RegressionBenchmarks
{
    private const int Predictors = 20;
    private MatrixDesignRows _design = null!;

    /// <summary>Number of deals.</summary>
    [Params(1_000_000)]
    public int Deals { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(42);
        var x = new double[Deals * Predictors];
        var y = new double[Deals];
        for (int i = 0; i < Deals; i++)
        {
            double signal = 1;
            for (int j = 0; j < Predictors; j++)
            {
                double v = rng.NextDouble() * (j + 1);
                x[i * Predictors + j] = v;
                signal += 0.1 * (j % 5) * v;
            }
            y[i] = signal + (1 + x[i * Predictors]) * (rng.NextDouble() - 0.5);
        }
        _design = new MatrixDesignRows(x, Predictors, y);
    }

    [Benchmark]
    public double OlsHc3Streaming() => LinearRegression.Fit(_design, new RegressionOptions { Covariance = CovarianceType.HC3 }).StandardErrors[1];
}
