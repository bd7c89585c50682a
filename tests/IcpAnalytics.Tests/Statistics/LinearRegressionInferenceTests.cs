using IcpAnalytics.Statistics;

namespace IcpAnalytics.Tests.Statistics;

/// <summary>
/// Robust covariance against the textbook sandwich formulas, computed here by hand with explicit small matrices
/// (White 1980; MacKinnon and White 1985 for HC1–HC3; Cameron and Miller 2015, eq. 11, for CR1 with Stata's factor).
/// </summary>
public class LinearRegressionInferenceTests
{
    // Eight deals, two predictors: hand-checkable sizes.
    private static readonly double[] X1 = [1, 2, 3, 4, 5, 6, 7, 8];
    private static readonly double[] X2 = [2, 1, 4, 3, 7, 5, 8, 12];
    private static readonly double[] Y = [3.1, 3.9, 7.2, 7.8, 12.5, 11.0, 15.9, 21.3];
    private static readonly int[] Accounts = [10, 10, 20, 20, 20, 30, 30, 40];

    private static double[] Rows()
    {
        var x = new double[X1.Length * 2];
        for (int i = 0; i < X1.Length; i++)
        {
            x[2 * i] = X1[i];
            x[2 * i + 1] = X2[i];
        }
        return x;
    }

    /// <summary>The design with the intercept column, as plain arrays.</summary>
    private static double[][] DesignWithIntercept() => [.. X1.Select((v, i) => new[] { 1.0, v, X2[i] })];

    [Theory]
    [InlineData(CovarianceType.Classical)]
    [InlineData(CovarianceType.HC0)]
    [InlineData(CovarianceType.HC1)]
    [InlineData(CovarianceType.HC2)]
    [InlineData(CovarianceType.HC3)]
    [InlineData(CovarianceType.Cluster)]
    public void Fit_SmallDesign_StandardErrorsEqualTextbookSandwich(CovarianceType type)
    {
        double[][] x = DesignWithIntercept();
        double[,] expected = HandCovariance(x, Y, type, Accounts);
        var options = new RegressionOptions { Covariance = type };

        RegressionFit materialized = LinearRegression.Fit(Rows(), 2, Y, options, clusters: Accounts);
        RegressionFit streaming = LinearRegression.Fit(new MatrixDesignRows(Rows(), 2, Y), options, clusters: Accounts);

        foreach (RegressionFit fit in new[] { materialized, streaming })
        {
            for (int i = 0; i < 3; i++)
            {
                for (int j = 0; j < 3; j++)
                    Assert.Equal(expected[i, j], fit.Covariance(i, j), Math.Abs(expected[i, j]) * 1e-10 + 1e-14);
                Assert.Equal(Math.Sqrt(expected[i, i]), fit.StandardErrors[i], Math.Sqrt(expected[i, i]) * 1e-10);
            }
        }
    }

    [Fact]
    public void Fit_Cluster_UsesGMinusOneDegreesOfFreedom()
    {
        RegressionFit fit = LinearRegression.Fit(Rows(), 2, Y, new RegressionOptions { Covariance = CovarianceType.Cluster }, clusters: Accounts);
        Assert.Equal(4, fit.Clusters);
        Assert.Equal(3, fit.InferenceDegreesOfFreedom);
        // Two-sided p from t with G − 1 = 3 df: for |t| = 3.182446305 (the 97.5% quantile of t(3)) p = 0.05.
        double t = fit.TStatistics[1];
        double p = 2 * MathNet.Numerics.Distributions.StudentT.CDF(0, 1, 3, -Math.Abs(t));
        Assert.Equal(p, fit.PValues[1], 1e-12);
        Interval ci = fit.ConfidenceInterval(1);
        Assert.Equal(fit.Coefficients[1] + 3.182446305284263 * fit.StandardErrors[1], ci.Upper, 1e-8);
    }

    [Fact]
    public void Fit_Weighted_EqualsOlsOnRowsScaledBySqrtWeight()
    {
        double[] w = [1, 2, 0.5, 3, 1, 4, 2, 1];
        RegressionFit weighted = LinearRegression.Fit(Rows(), 2, Y, weights: w);
        // Textbook equivalence: WLS = OLS of √w·y on √w·[1, x1, x2] without an intercept.
        var xs = new double[X1.Length * 3];
        var ys = new double[X1.Length];
        for (int i = 0; i < X1.Length; i++)
        {
            double r = Math.Sqrt(w[i]);
            xs[3 * i] = r;
            xs[3 * i + 1] = r * X1[i];
            xs[3 * i + 2] = r * X2[i];
            ys[i] = r * Y[i];
        }
        RegressionFit transformed = LinearRegression.Fit(xs, 3, ys, new RegressionOptions { Intercept = false });
        for (int j = 0; j < 3; j++)
        {
            Assert.Equal(transformed.Coefficients[j], weighted.Coefficients[j], 1e-11);
            Assert.Equal(transformed.StandardErrors[j], weighted.StandardErrors[j], 1e-11);
        }
        Assert.Equal(transformed.ResidualSumOfSquares, weighted.ResidualSumOfSquares, 1e-10);
    }

    [Fact]
    public void Fit_WeightedHc0_EqualsSandwichWithSquaredWeights()
    {
        double[] w = [1, 2, 0.5, 3, 1, 4, 2, 1];
        double[][] x = DesignWithIntercept();
        // Bread (X'WX)^-1, residuals from WLS, meat Σ w² e² x x'.
        var xtwx = new double[3, 3];
        var xtwy = new double[3];
        for (int i = 0; i < x.Length; i++)
            for (int a = 0; a < 3; a++)
            {
                xtwy[a] += w[i] * x[i][a] * Y[i];
                for (int b = 0; b < 3; b++) xtwx[a, b] += w[i] * x[i][a] * x[i][b];
            }
        double[,] bread = Invert(xtwx);
        double[] beta = Multiply(bread, xtwy);
        var meat = new double[3, 3];
        for (int i = 0; i < x.Length; i++)
        {
            double e = Y[i] - Dot(x[i], beta);
            for (int a = 0; a < 3; a++)
                for (int b = 0; b < 3; b++) meat[a, b] += w[i] * w[i] * e * e * x[i][a] * x[i][b];
        }
        double[,] expected = Sandwich(bread, meat, 1);

        RegressionFit fit = LinearRegression.Fit(Rows(), 2, Y, new RegressionOptions { Covariance = CovarianceType.HC0 }, weights: w);
        for (int j = 0; j < 3; j++)
        {
            Assert.Equal(beta[j], fit.Coefficients[j], 1e-10);
            Assert.Equal(Math.Sqrt(expected[j, j]), fit.StandardErrors[j], 1e-10);
        }
    }

    [Fact]
    public void Fit_SimpleRegression_MatchesClosedForm()
    {
        // y = a + b x: b = Sxy / Sxx, SE(b) = s / √Sxx, R² = Sxy² / (Sxx Syy).
        double xm = X1.Average(), ym = Y.Average();
        double sxx = X1.Sum(v => (v - xm) * (v - xm));
        double sxy = X1.Select((v, i) => (v - xm) * (Y[i] - ym)).Sum();
        double syy = Y.Sum(v => (v - ym) * (v - ym));
        double b = sxy / sxx, a = ym - b * xm;
        double rss = Y.Select((v, i) => Math.Pow(v - a - b * X1[i], 2)).Sum();
        double s = Math.Sqrt(rss / (Y.Length - 2));

        RegressionFit fit = LinearRegression.Fit(X1, 1, Y, names: ["meetings"]);

        Assert.Equal(a, fit.Coefficients[0], 1e-12);
        Assert.Equal(b, fit.Coefficients[1], 1e-12);
        Assert.Equal(s / Math.Sqrt(sxx), fit.StandardErrors[1], 1e-12);
        Assert.Equal(sxy * sxy / (sxx * syy), fit.RSquared, 1e-12);
        Assert.Equal(s, fit.ResidualStandardError, 1e-12);
        Assert.Equal(1, fit.IndexOf("meetings"));
        Assert.Equal(0, fit.IndexOf(RegressionFit.InterceptName));
        Assert.Equal(-1, fit.IndexOf("demos"));
        Assert.Equal(a + b * 2.5, fit.Predict([2.5]), 1e-12);
        double f = (syy - rss) / (rss / (Y.Length - 2));
        Assert.Equal(f, fit.FStatistic, f * 1e-11);
        Assert.Contains("meetings", fit.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_StreamingAndMaterialized_AgreeOnSimulatedDeals()
    {
        const int n = 5_000;
        var rng = new Random(7);
        var x = new double[n * 3];
        var y = new double[n];
        var clusters = new int[n];
        for (int i = 0; i < n; i++)
        {
            double a = rng.NextDouble() * 10, b = rng.NextDouble(), c = rng.NextDouble() * 100;
            x[3 * i] = a;
            x[3 * i + 1] = b;
            x[3 * i + 2] = c;
            clusters[i] = rng.Next(50);
            y[i] = 2 + 0.5 * a - 3 * b + 0.01 * c + (1 + a) * (rng.NextDouble() - 0.5);
        }
        foreach (CovarianceType type in Enum.GetValues<CovarianceType>())
        {
            var options = new RegressionOptions { Covariance = type };
            int[] reps = [.. clusters.Select((g, i) => (g * 7 + i) % 13)];
            RegressionFit m = LinearRegression.Fit(x, 3, y, options, clusters: clusters, secondClusters: reps);
            RegressionFit s = LinearRegression.Fit(new MatrixDesignRows(x, 3, y), options, clusters: clusters, secondClusters: reps);
            Assert.Equal(LeastSquaresMethod.Cholesky, s.Method);
            for (int j = 0; j < 4; j++)
            {
                Assert.Equal(m.Coefficients[j], s.Coefficients[j], Math.Abs(m.Coefficients[j]) * 1e-10);
                Assert.Equal(m.StandardErrors[j], s.StandardErrors[j], m.StandardErrors[j] * 1e-9);
            }
            // True coefficients lie within a few standard errors.
            Assert.InRange((m.Coefficients[1] - 0.5) / m.StandardErrors[1], -5, 5);
        }
    }

    [Fact]
    public void Fit_ResidualsAndPredictions_AreConsistent()
    {
        var design = new MatrixDesignRows(Rows(), 2, Y);
        RegressionFit fit = LinearRegression.Fit(design);
        var fitted = new double[Y.Length];
        var residuals = new double[Y.Length];
        fit.Predict(design, fitted);
        fit.Residuals(design, residuals);
        double rss = 0;
        for (int i = 0; i < Y.Length; i++)
        {
            Assert.Equal(Y[i], fitted[i] + residuals[i], 1e-12);
            rss += residuals[i] * residuals[i];
        }
        Assert.Equal(fit.ResidualSumOfSquares, rss, 1e-10);
        Assert.Equal(0, residuals.Sum(), 1e-10);
    }

    /// <summary>The covariance by the textbook formulas with explicit matrices.</summary>
    private static double[,] HandCovariance(double[][] x, double[] y, CovarianceType type, int[] clusters)
    {
        int n = x.Length, p = x[0].Length;
        var xtx = new double[p, p];
        var xty = new double[p];
        foreach (var (row, i) in x.Select((r, i) => (r, i)))
            for (int a = 0; a < p; a++)
            {
                xty[a] += row[a] * y[i];
                for (int b = 0; b < p; b++) xtx[a, b] += row[a] * row[b];
            }
        double[,] bread = Invert(xtx);
        double[] beta = Multiply(bread, xty);
        var e = new double[n];
        var h = new double[n];
        for (int i = 0; i < n; i++)
        {
            e[i] = y[i] - Dot(x[i], beta);
            h[i] = Dot(x[i], Multiply(bread, x[i]));
        }
        double rss = e.Sum(v => v * v);
        var meat = new double[p, p];
        double factor = 1;
        switch (type)
        {
            case CovarianceType.Classical:
                var classical = new double[p, p];
                for (int a = 0; a < p; a++)
                    for (int b = 0; b < p; b++) classical[a, b] = bread[a, b] * rss / (n - p);
                return classical;
            case CovarianceType.Cluster:
                var groups = clusters.Distinct().ToArray();
                foreach (int g in groups)
                {
                    var s = new double[p];
                    for (int i = 0; i < n; i++)
                        if (clusters[i] == g)
                            for (int a = 0; a < p; a++) s[a] += x[i][a] * e[i];
                    for (int a = 0; a < p; a++)
                        for (int b = 0; b < p; b++) meat[a, b] += s[a] * s[b];
                }
                int G = groups.Length;
                factor = G / (G - 1.0) * (n - 1.0) / (n - p);
                break;
            default:
                for (int i = 0; i < n; i++)
                {
                    double omega = type switch
                    {
                        CovarianceType.HC2 => e[i] * e[i] / (1 - h[i]),
                        CovarianceType.HC3 => e[i] * e[i] / ((1 - h[i]) * (1 - h[i])),
                        _ => e[i] * e[i],
                    };
                    for (int a = 0; a < p; a++)
                        for (int b = 0; b < p; b++) meat[a, b] += omega * x[i][a] * x[i][b];
                }
                if (type == CovarianceType.HC1) factor = (double)n / (n - p);
                break;
        }
        return Sandwich(bread, meat, factor);
    }

    private static double[,] Sandwich(double[,] bread, double[,] meat, double factor)
    {
        int p = bread.GetLength(0);
        var result = new double[p, p];
        for (int a = 0; a < p; a++)
            for (int b = 0; b < p; b++)
            {
                double sum = 0;
                for (int k = 0; k < p; k++)
                    for (int l = 0; l < p; l++) sum += bread[a, k] * meat[k, l] * bread[l, b];
                result[a, b] = sum * factor;
            }
        return result;
    }

    private static double Dot(double[] a, double[] b) => a.Select((v, i) => v * b[i]).Sum();

    private static double[] Multiply(double[,] m, double[] v)
    {
        int p = v.Length;
        var r = new double[p];
        for (int a = 0; a < p; a++)
            for (int b = 0; b < p; b++) r[a] += m[a, b] * v[b];
        return r;
    }

    /// <summary>Gauss–Jordan inverse with partial pivoting, for the tiny matrices of these tests.</summary>
    private static double[,] Invert(double[,] m)
    {
        int p = m.GetLength(0);
        var a = new double[p, 2 * p];
        for (int i = 0; i < p; i++)
        {
            for (int j = 0; j < p; j++) a[i, j] = m[i, j];
            a[i, p + i] = 1;
        }
        for (int col = 0; col < p; col++)
        {
            int pivot = col;
            for (int r = col + 1; r < p; r++)
                if (Math.Abs(a[r, col]) > Math.Abs(a[pivot, col])) pivot = r;
            for (int j = 0; j < 2 * p; j++) (a[col, j], a[pivot, j]) = (a[pivot, j], a[col, j]);
            double d = a[col, col];
            for (int j = 0; j < 2 * p; j++) a[col, j] /= d;
            for (int r = 0; r < p; r++)
            {
                if (r == col) continue;
                double f = a[r, col];
                for (int j = 0; j < 2 * p; j++) a[r, j] -= f * a[col, j];
            }
        }
        var inv = new double[p, p];
        for (int i = 0; i < p; i++)
            for (int j = 0; j < p; j++) inv[i, j] = a[i, p + j];
        return inv;
    }
}
