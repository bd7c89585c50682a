using IcpAnalytics.Statistics;

namespace IcpAnalytics.Tests.Statistics;

/// <summary>
/// Two-way clustering, frequency weights, CR2 identities and the collinearity warning, each against ground truth outside
/// the code under test: the expanded dataset (frequency weights), Thompson's (2011) identity V_firm + V_time − V_HC1
/// (two-way with one deal per account-rep pair), clubSandwich's property that CR2 with one row per cluster is HC2.
/// </summary>
public class LinearRegressionOptionsTests
{
    private static (double[] X, double[] Y, int[] Accounts, int[] Reps, double[] Counts) Deals(int n, int seed)
    {
        var rng = new Random(seed);
        var x = new double[n * 2];
        var y = new double[n];
        var accounts = new int[n];
        var reps = new int[n];
        var counts = new double[n];
        for (int i = 0; i < n; i++)
        {
            accounts[i] = i / 6;
            reps[i] = (i * 7) % 11;
            x[2 * i] = rng.NextDouble() * 10 + accounts[i] % 3;
            x[2 * i + 1] = rng.NextDouble() + 0.1 * reps[i];
            y[i] = 1 + 0.4 * x[2 * i] - 2 * x[2 * i + 1] + 0.3 * (accounts[i] % 5) + 0.2 * reps[i] % 3 + rng.NextDouble() * (1 + x[2 * i] / 5);
            counts[i] = 1 + rng.Next(4);
        }
        return (x, y, accounts, reps, counts);
    }

    [Theory]
    [InlineData(CovarianceType.Classical)]
    [InlineData(CovarianceType.HC0)]
    [InlineData(CovarianceType.HC1)]
    [InlineData(CovarianceType.HC2)]
    [InlineData(CovarianceType.HC3)]
    [InlineData(CovarianceType.Cluster)]
    [InlineData(CovarianceType.CR2)]
    [InlineData(CovarianceType.TwoWayCluster)]
    public void FrequencyWeights_EqualTheFitOnTheExpandedRows(CovarianceType type)
    {
        (double[] x, double[] y, int[] accounts, int[] reps, double[] counts) = Deals(120, 3);
        var ex = new List<double>();
        var ey = new List<double>();
        var ea = new List<int>();
        var er = new List<int>();
        for (int i = 0; i < y.Length; i++)
            for (int k = 0; k < counts[i]; k++)
            {
                ex.AddRange([x[2 * i], x[2 * i + 1]]);
                ey.Add(y[i]);
                ea.Add(accounts[i]);
                er.Add(reps[i]);
            }
        RegressionFit expanded = LinearRegression.Fit(ex.ToArray(), 2, ey.ToArray(), new RegressionOptions { Covariance = type },
            clusters: ea.ToArray(), secondClusters: er.ToArray());
        var options = new RegressionOptions { Covariance = type, WeightKind = WeightKind.Frequency };
        RegressionFit weighted = LinearRegression.Fit(x, 2, y, options, counts, accounts, secondClusters: reps);
        RegressionFit streamed = LinearRegression.Fit(new MatrixDesignRows(x, 2, y), options, counts, accounts, reps);

        foreach (RegressionFit fit in new[] { weighted, streamed })
        {
            Assert.Equal(expanded.Observations, fit.Observations);
            Assert.Equal(expanded.ResidualDegreesOfFreedom, fit.ResidualDegreesOfFreedom);
            Assert.Equal(expanded.InferenceDegreesOfFreedom, fit.InferenceDegreesOfFreedom);
            for (int j = 0; j < 3; j++)
            {
                Assert.Equal(expanded.Coefficients[j], fit.Coefficients[j], Math.Abs(expanded.Coefficients[j]) * 1e-10);
                Assert.Equal(expanded.StandardErrors[j], fit.StandardErrors[j], expanded.StandardErrors[j] * 1e-9);
                Assert.Equal(expanded.DegreesOfFreedom[j], fit.DegreesOfFreedom[j], expanded.DegreesOfFreedom[j] * 1e-8);
                Assert.Equal(expanded.PValues[j], fit.PValues[j], 1e-9);
            }
        }
    }

    [Fact]
    public void FrequencyWeights_MustBeWholeNumbers()
    {
        (double[] x, double[] y, _, _, _) = Deals(30, 1);
        double[] w = [.. Enumerable.Repeat(1.5, 30)];
        var ex = Assert.Throws<ArgumentException>(() => LinearRegression.Fit(x, 2, y, new RegressionOptions { WeightKind = WeightKind.Frequency }, w));
        Assert.Contains("row 0", ex.Message, StringComparison.Ordinal);
        Assert.Contains("whole number", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TwoWay_OneDealPerPair_IsFirmPlusTimeMinusHc1()
    {
        // With every (account, rep) pair holding one deal the intersection clusters are single rows, whose CR1 factor
        // n/(n−1)·(n−1)/(n−p) is HC1's: V = V_account + V_rep − V_HC1 (Thompson 2011, eq. 6; Cameron, Gelbach and Miller 2011).
        var rng = new Random(11);
        int accounts = 24, reps = 9, n = accounts * reps;
        var x = new double[n];
        var y = new double[n];
        var a = new int[n];
        var r = new int[n];
        var accountEffect = Enumerable.Range(0, accounts).Select(_ => rng.NextDouble()).ToArray();
        var repEffect = Enumerable.Range(0, reps).Select(_ => rng.NextDouble()).ToArray();
        for (int i = 0; i < n; i++)
        {
            a[i] = i / reps;
            r[i] = i % reps;
            x[i] = accountEffect[a[i]] + repEffect[r[i]] + rng.NextDouble();
            y[i] = 2 * x[i] + accountEffect[a[i]] + repEffect[r[i]] + rng.NextDouble();
        }
        RegressionFit twoWay = LinearRegression.Fit(x, 1, y, new RegressionOptions { Covariance = CovarianceType.TwoWayCluster }, clusters: a, secondClusters: r);
        RegressionFit byAccount = LinearRegression.Fit(x, 1, y, new RegressionOptions { Covariance = CovarianceType.Cluster }, clusters: a);
        RegressionFit byRep = LinearRegression.Fit(x, 1, y, new RegressionOptions { Covariance = CovarianceType.Cluster }, clusters: r);
        RegressionFit hc1 = LinearRegression.Fit(x, 1, y, new RegressionOptions { Covariance = CovarianceType.HC1 });
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 2; j++)
            {
                double expected = byAccount.Covariance(i, j) + byRep.Covariance(i, j) - hc1.Covariance(i, j);
                Assert.Equal(expected, twoWay.Covariance(i, j), Math.Abs(expected) * 1e-10 + 1e-15);
            }
        Assert.Equal(24, twoWay.Clusters);
        Assert.Equal(9, twoWay.SecondClusters);
        Assert.Equal(8, twoWay.InferenceDegreesOfFreedom);   // min(G_A, G_B) − 1
        Assert.Empty(twoWay.Warnings);
    }

    [Fact]
    public void Cr2_OneRowPerCluster_IsHc2()
    {
        (double[] x, double[] y, _, _, _) = Deals(80, 5);
        int[] own = [.. Enumerable.Range(0, 80)];
        RegressionFit cr2 = LinearRegression.Fit(x, 2, y, new RegressionOptions { Covariance = CovarianceType.CR2 }, clusters: own);
        RegressionFit hc2 = LinearRegression.Fit(x, 2, y, new RegressionOptions { Covariance = CovarianceType.HC2 });
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                Assert.Equal(hc2.Covariance(i, j), cr2.Covariance(i, j), Math.Abs(hc2.Covariance(i, j)) * 1e-9 + 1e-15);
    }

    [Fact]
    public void Cr2_Weighted_EqualsUnweightedFitOfWhitenedRows()
    {
        // Inverse-variance working model: WLS with weights w is OLS of √w·y on √w·[1, x] (no separate intercept).
        (double[] x, double[] y, int[] accounts, _, double[] w) = Deals(90, 8);
        RegressionFit weighted = LinearRegression.Fit(x, 2, y, new RegressionOptions { Covariance = CovarianceType.CR2 }, w, accounts);
        var xs = new double[90 * 3];
        var ys = new double[90];
        for (int i = 0; i < 90; i++)
        {
            double s = Math.Sqrt(w[i]);
            xs[3 * i] = s;
            xs[3 * i + 1] = s * x[2 * i];
            xs[3 * i + 2] = s * x[2 * i + 1];
            ys[i] = s * y[i];
        }
        RegressionFit whitened = LinearRegression.Fit(xs, 3, ys, new RegressionOptions { Covariance = CovarianceType.CR2, Intercept = false }, clusters: accounts);
        for (int j = 0; j < 3; j++)
        {
            Assert.Equal(whitened.StandardErrors[j], weighted.StandardErrors[j], whitened.StandardErrors[j] * 1e-8);
            Assert.Equal(whitened.DegreesOfFreedom[j], weighted.DegreesOfFreedom[j], whitened.DegreesOfFreedom[j] * 1e-7);
        }
    }

    [Fact]
    public void NearlyCollinearDesign_CarriesAWarningNamingTheColumns()
    {
        var rng = new Random(2);
        int n = 200;
        var x = new double[n * 3];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            double revenue = rng.NextDouble() * 100;
            x[3 * i] = revenue;
            x[3 * i + 1] = revenue + 1e-7 * (rng.NextDouble() - 0.5);   // a copy up to rounding noise: condition number ~ 1e9
            x[3 * i + 2] = rng.NextDouble();
            y[i] = 3 + 0.2 * revenue + x[3 * i + 2] + rng.NextDouble();
        }
        RegressionFit fit = LinearRegression.Fit(x, 3, y, names: ["revenue", "revenue copy", "meetings"]);
        Assert.True(fit.ConditionNumber > 1e8, $"condition {fit.ConditionNumber}");
        string warning = Assert.Single(fit.Warnings);
        Assert.Contains("'revenue', 'revenue copy'", warning, StringComparison.Ordinal);
        Assert.DoesNotContain("meetings", warning, StringComparison.Ordinal);
        Assert.Contains("Warning: The design is nearly collinear", fit.ToString(), StringComparison.Ordinal);

        RegressionFit clean = LinearRegression.Fit(x, 3, y, new RegressionOptions { CollinearityWarningCondition = 1e12 }, names: ["revenue", "revenue copy", "meetings"]);
        Assert.Empty(clean.Warnings);
    }

    [Fact]
    public void NeweyWest_WithFrequencyWeights_IsRefusedWithTheFix()
    {
        (double[] x, double[] y, _, _, double[] w) = Deals(30, 1);
        var ex = Assert.Throws<InvalidOptionsException>(() => LinearRegression.Fit(x, 2, y,
            new RegressionOptions { Covariance = CovarianceType.NeweyWest, WeightKind = WeightKind.Frequency }, w));
        Assert.Contains("Expand the rows", ex.Message, StringComparison.Ordinal);
    }
}
