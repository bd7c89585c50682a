using System.Globalization;
using IcpAnalytics.Statistics;

namespace IcpAnalytics.Tests.Statistics;

/// <summary>
/// CR2 (Bell–McCaffrey) with Satterthwaite degrees of freedom and Newey–West HAC against the values printed in R's
/// clubSandwich and sandwich documentation, on the published datasets in Statistics/Published (see its README).
/// Every tolerance is half a unit in the last printed digit.
/// </summary>
public class LinearRegressionPublishedInferenceTests
{
    private static readonly string[] DietNames = ["Diet2", "Diet3", "Diet4"];

    private static List<double[]> ReadCsv(string name)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Statistics", "Published", name);
        return [.. File.ReadLines(path).Skip(1).Where(l => l.Length > 0)
            .Select(l => l.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray())];
    }

    private static void AssertPrinted(double printed, double actual, double halfUnit, string what) =>
        Assert.True(Math.Abs(actual - printed) <= halfUnit, $"{what}: {actual:R} vs printed {printed} (± {halfUnit})");

    /// <summary>Half a unit in the 7th significant digit of a printed value (R prints 7 significant digits).</summary>
    private static double SevenDigits(double printed) => 0.5 * Math.Pow(10, Math.Floor(Math.Log10(Math.Abs(printed))) - 6);

    [Fact]
    public void Cr2_ChickWeightTimeByDiet_MatchesClubSandwichVcovCr()
    {
        // clubSandwich reference/vcovCR.lm.md:
        //   lm_fit <- lm(weight ~ Time + Diet:Time, data = ChickWeight)
        //   vcovCR(lm_fit, cluster = ChickWeight$Chick, type = "CR2")
        double[,] printed =
        {
            { 3.9317840, -0.7851508, -0.2560762, -0.0750498, 0.2695861 },
            { -0.7851508, 0.4360726, -0.3314209, -0.3436398, -0.3665016 },
            { -0.2560762, -0.3314209, 1.3680862, 0.3475327, 0.3482061 },
            { -0.0750498, -0.3436398, 0.3475327, 1.1195632, 0.3483146 },
            { 0.2695861, -0.3665016, 0.3482061, 0.3483146, 0.5416587 },
        };
        List<double[]> rows = ReadCsv("ChickWeight.csv");
        var x = new List<double>();
        foreach (double[] r in rows)
        {
            double time = r[1];
            int diet = (int)r[3];
            x.AddRange([time, diet == 2 ? time : 0, diet == 3 ? time : 0, diet == 4 ? time : 0]);
        }
        double[] y = [.. rows.Select(r => r[0])];
        int[] chick = [.. rows.Select(r => (int)r[2])];
        var options = new RegressionOptions { Covariance = CovarianceType.CR2 };

        RegressionFit materialized = LinearRegression.Fit(x.ToArray(), 4, y, options, clusters: chick);
        RegressionFit streaming = LinearRegression.Fit(new MatrixDesignRows(x.ToArray(), 4, y), options, clusters: chick);

        foreach (RegressionFit fit in new[] { materialized, streaming })
        {
            Assert.Equal(50, fit.Clusters);
            for (int i = 0; i < 5; i++)
                for (int j = 0; j < 5; j++)
                    AssertPrinted(printed[i, j], fit.Covariance(i, j), SevenDigits(printed[i, j]), $"V[{i},{j}]");
        }
    }

    [Fact]
    public void Cr2_ChickWeightDietTimesTime_MatchesClubSandwichCoefTestAndConfInt()
    {
        // clubSandwich reference/coef_test.md and reference/conf_int.md:
        //   lm_fit <- lm(weight ~ Diet * Time, data = ChickWeight)
        //   coef_test(lm_fit, vcov = "CR2", cluster = ChickWeight$Chick, coefs = diet_index)
        //     Diet2:Time 1.77 SE 1.49 t 1.19 d.f. 18.8 p 0.2497; Diet3:Time 4.58 1.35 3.39 18.8 0.0031; Diet4:Time 2.87 1.01 2.85 18.3 0.0105
        //   conf_int(...):           95% [-1.349, 4.88], [1.751, 7.41], [0.757, 4.99]
        //   conf_int(level = .99):   99% [-2.4946, 6.03], [0.7115, 8.45], [-0.0237, 5.77]
        double[] estimate = [1.77, 4.58, 2.87];
        double[] se = [1.49, 1.35, 1.01];
        double[] t = [1.19, 3.39, 2.85];
        double[] df = [18.8, 18.8, 18.3];
        double[] p = [0.2497, 0.0031, 0.0105];
        (double Value, double Half)[] lower95 = [(-1.349, 5e-4), (1.751, 5e-4), (0.757, 5e-4)];
        double[] upper95 = [4.88, 7.41, 4.99];
        (double Value, double Half)[] lower99 = [(-2.4946, 5e-5), (0.7115, 5e-5), (-0.0237, 5e-5)];
        double[] upper99 = [6.03, 8.45, 5.77];

        List<double[]> rows = ReadCsv("ChickWeight.csv");
        var x = new List<double>();
        foreach (double[] r in rows)
        {
            double time = r[1];
            int diet = (int)r[3];
            double d2 = diet == 2 ? 1 : 0, d3 = diet == 3 ? 1 : 0, d4 = diet == 4 ? 1 : 0;
            x.AddRange([d2, d3, d4, time, d2 * time, d3 * time, d4 * time]);
        }
        double[] y = [.. rows.Select(r => r[0])];
        int[] chick = [.. rows.Select(r => (int)r[2])];
        RegressionFit fit = LinearRegression.Fit(x.ToArray(), 7, y, new RegressionOptions { Covariance = CovarianceType.CR2 }, clusters: chick,
            names: ["Diet2", "Diet3", "Diet4", "Time", "Diet2:Time", "Diet3:Time", "Diet4:Time"]);

        for (int k = 0; k < 3; k++)
        {
            int j = fit.IndexOf(DietNames[k] + ":Time");
            string name = DietNames[k] + ":Time";
            AssertPrinted(estimate[k], fit.Coefficients[j], 5e-3, name + " estimate");
            AssertPrinted(se[k], fit.StandardErrors[j], 5e-3, name + " SE");
            AssertPrinted(t[k], fit.TStatistics[j], 5e-3, name + " t");
            AssertPrinted(df[k], fit.DegreesOfFreedom[j], 0.05, name + " Satterthwaite df");
            AssertPrinted(p[k], fit.PValues[j], 5e-5, name + " p");
            Interval ci95 = fit.ConfidenceInterval(j);
            AssertPrinted(lower95[k].Value, ci95.Lower, lower95[k].Half, name + " 95% lower");
            AssertPrinted(upper95[k], ci95.Upper, 5e-3, name + " 95% upper");
            Interval ci99 = fit.ConfidenceInterval(j, 0.99);
            AssertPrinted(lower99[k].Value, ci99.Lower, lower99[k].Half, name + " 99% lower");
            AssertPrinted(upper99[k], ci99.Upper, 5e-3, name + " 99% upper");
        }
        // The Satterthwaite df of these coefficients are far below the naive G − 1 = 49.
        Assert.Equal(49, fit.InferenceDegreesOfFreedom);
    }

    [Fact]
    public void NeweyWest_InvestmentLag4_MatchesSandwichDocumentation()
    {
        // sandwich NeweyWest help page:
        //   fm <- lm(RealInv ~ RealGNP + RealInt, data = Investment)
        //   NeweyWest(fm, lag = 4, prewhite = FALSE)
        double[,] printed =
        {
            { 359.4170681, -0.3115505035, -4.089319305 },
            { -0.3115505035, 0.0002805888, -0.005355931 },
            { -4.089319305, -0.005355931, 11.171472998 },
        };
        double[,] halfUnit =
        {
            { 5e-8, 5e-11, 5e-10 },
            { 5e-11, 5e-11, 5e-10 },
            { 5e-10, 5e-10, 5e-10 },
        };
        List<double[]> rows = ReadCsv("Investment.csv");
        double[] y = [.. rows.Select(r => r[0])];
        double[] x = [.. rows.SelectMany(r => new[] { r[1], r[2] })];
        var options = new RegressionOptions { Covariance = CovarianceType.NeweyWest, HacLag = 4 };

        RegressionFit materialized = LinearRegression.Fit(x, 2, y, options, names: ["RealGNP", "RealInt"]);
        RegressionFit streaming = LinearRegression.Fit(new MatrixDesignRows(x, 2, y, ["RealGNP", "RealInt"]), options);

        foreach (RegressionFit fit in new[] { materialized, streaming })
        {
            // summary(fm) on the same page: RealGNP 0.16914, RealInt −1.00144 on 16 residual df.
            AssertPrinted(0.16914, fit.Coefficients[1], 5e-6, "RealGNP");
            AssertPrinted(-1.00144, fit.Coefficients[2], 5e-6, "RealInt");
            Assert.Equal(16, fit.InferenceDegreesOfFreedom);
            Assert.Equal(4, fit.HacLag);
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < 3; j++)
                    AssertPrinted(printed[i, j], fit.Covariance(i, j), halfUnit[i, j], $"V[{i},{j}]");
        }
    }

    [Fact]
    public void NeweyWest_DefaultLag_IsNeweyWest1994RuleOfThumb()
    {
        List<double[]> rows = ReadCsv("Investment.csv");
        double[] y = [.. rows.Select(r => r[0])];
        double[] x = [.. rows.SelectMany(r => new[] { r[1], r[2] })];
        RegressionFit fit = LinearRegression.Fit(x, 2, y, new RegressionOptions { Covariance = CovarianceType.NeweyWest });
        // ⌊4 (19/100)^(2/9)⌋ = ⌊2.766⌋ = 2.
        Assert.Equal(2, fit.HacLag);
        RegressionFit zero = LinearRegression.Fit(x, 2, y, new RegressionOptions { Covariance = CovarianceType.NeweyWest, HacLag = 0 });
        RegressionFit hc0 = LinearRegression.Fit(x, 2, y, new RegressionOptions { Covariance = CovarianceType.HC0 });
        // With lag 0 the Bartlett sum has only the White term: Newey–West equals HC0.
        for (int j = 0; j < 3; j++) Assert.Equal(hc0.StandardErrors[j], zero.StandardErrors[j], hc0.StandardErrors[j] * 1e-12);
    }
}
