using IcpAnalytics.Statistics;

namespace IcpAnalytics.Tests.Statistics;

public class RidgeRegressionTests
{
    private static (double[] X, double[] Y) Simulate(int n, int p, double noise, int seed)
    {
        var rng = new Random(seed);
        var x = new double[n * p];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            double shared = rng.NextDouble();
            double signal = 5;
            for (int j = 0; j < p; j++)
            {
                double v = (j + 1) * (0.6 * shared + 0.4 * rng.NextDouble());   // correlated predictors on different scales
                x[i * p + j] = v;
                if (j < 3) signal += (j + 1) * 0.5 * v / (j + 1);
            }
            y[i] = signal + noise * (rng.NextDouble() - 0.5);
        }
        return (x, y);
    }

    /// <summary>The textbook ridge solution on standardized predictors, by explicit matrices: (Z'Z/n + λI) b = Z'(y − ȳ)/n.</summary>
    private static double[] HandRidge(double[] x, double[] y, int p, int[] rows, double lambda)
    {
        int n = rows.Length;
        var mean = new double[p];
        var sd = new double[p];
        double ym = rows.Average(i => y[i]);
        for (int j = 0; j < p; j++)
        {
            mean[j] = rows.Average(i => x[i * p + j]);
            sd[j] = Math.Sqrt(rows.Average(i => Math.Pow(x[i * p + j] - mean[j], 2)));
        }
        var a = new double[p, p + 1];
        foreach (int i in rows)
        {
            for (int j = 0; j < p; j++)
            {
                double zj = (x[i * p + j] - mean[j]) / sd[j];
                a[j, p] += zj * (y[i] - ym) / n;
                for (int k = 0; k < p; k++) a[j, k] += zj * (x[i * p + k] - mean[k]) / sd[k] / n;
            }
        }
        for (int j = 0; j < p; j++) a[j, j] += lambda;
        // Gauss–Jordan on the augmented system.
        for (int col = 0; col < p; col++)
        {
            double d = a[col, col];
            for (int k = 0; k <= p; k++) a[col, k] /= d;
            for (int r = 0; r < p; r++)
            {
                if (r == col) continue;
                double f = a[r, col];
                for (int k = 0; k <= p; k++) a[r, k] -= f * a[col, k];
            }
        }
        var beta = new double[p + 1];
        beta[0] = ym;
        for (int j = 0; j < p; j++)
        {
            beta[j + 1] = a[j, p] / sd[j];
            beta[0] -= mean[j] * beta[j + 1];
        }
        return beta;
    }

    [Fact]
    public void Fit_ZeroPenalty_EqualsOrdinaryLeastSquares()
    {
        (double[] x, double[] y) = Simulate(400, 4, 1, 1);
        RidgeFit ridge = RidgeRegression.Fit(x, 4, y, new RidgeOptions { Penalties = [0] });
        RegressionFit ols = LinearRegression.Fit(x, 4, y);
        for (int j = 0; j < 5; j++) Assert.Equal(ols.Coefficients[j], ridge.Coefficients[j], Math.Abs(ols.Coefficients[j]) * 1e-8 + 1e-10);
    }

    [Fact]
    public void Fit_ZeroPenaltyWithDuplicatedColumn_RefusesNamingTheColumns()
    {
        var rng = new Random(4);
        int n = 60;
        var x = new double[n * 3];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            double meetings = rng.Next(10);
            x[3 * i] = meetings;
            x[3 * i + 1] = rng.NextDouble();
            x[3 * i + 2] = meetings;   // the same column exported twice
            y[i] = 2 * meetings + x[3 * i + 1] + rng.NextDouble();
        }
        var ex = Assert.Throws<ModelFitException>(() => RidgeRegression.Fit(x, 3, y, new RidgeOptions { Penalties = [0] }, names: ["meetings", "demo", "meetings (copy)"]));
        Assert.Contains("'meetings', 'meetings (copy)'", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("'demo'", ex.Message, StringComparison.Ordinal);
        // A positive penalty is well defined and splits the effect evenly by construction.
        RidgeFit ridge = RidgeRegression.Fit(x, 3, y, new RidgeOptions { Penalties = [0.1] }, names: ["meetings", "demo", "meetings (copy)"]);
        Assert.Equal(ridge.Coefficients[1], ridge.Coefficients[3], 1e-9);
    }

    [Fact]
    public void Fit_FixedPenalty_EqualsTextbookSolution()
    {
        (double[] x, double[] y) = Simulate(300, 4, 1, 2);
        RidgeFit ridge = RidgeRegression.Fit(x, 4, y, new RidgeOptions { Penalties = [0.3] });
        double[] expected = HandRidge(x, y, 4, [.. Enumerable.Range(0, 300)], 0.3);
        for (int j = 0; j < 5; j++) Assert.Equal(expected[j], ridge.Coefficients[j], Math.Abs(expected[j]) * 1e-9 + 1e-12);
        Assert.Equal(0.3, ridge.Penalty);
    }

    [Fact]
    public void Fit_CrossValidationErrors_EqualBruteForceRefits()
    {
        (double[] x, double[] y) = Simulate(250, 3, 2, 3);
        double[] grid = [0.001, 0.1, 10];
        var options = new RidgeOptions { Penalties = grid, Folds = 5, Seed = 99 };
        RidgeFit ridge = RidgeRegression.Fit(x, 3, y, options);
        int[] fold = KFold.Split(250, 5, 99);
        for (int g = 0; g < grid.Length; g++)
        {
            double sse = 0;
            for (int k = 0; k < 5; k++)
            {
                int[] train = [.. Enumerable.Range(0, 250).Where(i => fold[i] != k)];
                double[] beta = HandRidge(x, y, 3, train, grid[g]);
                foreach (int i in Enumerable.Range(0, 250).Where(i => fold[i] == k))
                {
                    double e = y[i] - beta[0] - beta[1] * x[3 * i] - beta[2] * x[3 * i + 1] - beta[3] * x[3 * i + 2];
                    sse += e * e;
                }
            }
            Assert.Equal(sse / 250, ridge.CrossValidationErrors[g], sse / 250 * 1e-9);
        }
    }

    [Fact]
    public void Fit_NoisyIrrelevantPredictors_ChoosesRealShrinkage()
    {
        // 3 useful predictors among 30, few rows, heavy noise: cross-validation must prefer a penalty well above the smallest.
        (double[] x, double[] y) = Simulate(80, 30, 20, 4);
        RidgeFit ridge = RidgeRegression.Fit(x, 30, y);
        Assert.True(ridge.Penalty > 1e-3, $"penalty {ridge.Penalty}");
        Assert.True(ridge.CrossValidationError <= ridge.CrossValidationErrors[0]);
        Assert.Equal(50, ridge.Penalties.Count);
    }

    [Fact]
    public void Fit_StrongSignal_ChoosesSmallPenaltyAndPredictsWell()
    {
        (double[] x, double[] y) = Simulate(2000, 5, 0.01, 5);
        RidgeFit ridge = RidgeRegression.Fit(new MatrixDesignRows(x, 5, y));
        Assert.True(ridge.Penalty < 1e-3, $"penalty {ridge.Penalty}");
        Assert.Equal(y[7], ridge.Predict(x.AsSpan(35, 5)), 0.02);
    }

    [Fact]
    public void Fit_SameSeed_IsDeterministic_AndGroupsStayTogether()
    {
        (double[] x, double[] y) = Simulate(300, 4, 1, 6);
        int[] accounts = [.. Enumerable.Range(0, 300).Select(i => i / 7)];
        RidgeFit a = RidgeRegression.Fit(x, 4, y, groups: accounts);
        RidgeFit b = RidgeRegression.Fit(x, 4, y, groups: accounts);
        Assert.Equal(a.Coefficients, b.Coefficients);
        Assert.Equal(a.CrossValidationErrors, b.CrossValidationErrors);
    }

    [Fact]
    public void Fit_InvalidOptions_ReportsAll()
    {
        (double[] x, double[] y) = Simulate(50, 2, 1, 7);
        var ex = Assert.Throws<InvalidOptionsException>(() => RidgeRegression.Fit(x, 2, y, new RidgeOptions { Folds = 1, Penalties = [-1] }));
        Assert.Equal(2, ex.Problems.Count);
    }

    [Fact]
    public void Fit_NaN_Throws()
    {
        (double[] x, double[] y) = Simulate(50, 2, 1, 8);
        x[9] = double.NaN;
        Assert.Throws<ArgumentException>(() => RidgeRegression.Fit(x, 2, y));
    }
}
