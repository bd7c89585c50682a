using IcpAnalytics.CauseEffect;
using IcpAnalytics.Data;
using IcpAnalytics.Statistics;

namespace IcpAnalytics.Tests.CauseEffect;

/// <summary>The sparse sufficient-statistics engine against the statistics core's dense LinearRegression on the same design.</summary>
public class RegressionCrossCheckTests
{
    [Theory]
    [InlineData(EffortCovariance.Robust)]
    [InlineData(EffortCovariance.ClusterByRep)]
    [InlineData(EffortCovariance.ClusterByAccount)]
    public void Fit_SegmentEstimateAndStandardError_MatchLinearRegression(EffortCovariance covariance)
    {
        DealSet deals = SampleDeals.Generate(4_000, seed: 8);
        EffortEffects effects = deals.EffortEffects().Of("meetings", "demos").Controlling("linear(revenue)", "linear(discount)", "region", "employees")
            .PerAttribute("industry").Using(Estimator.Regression(covariance)).Configure(o => o with { RunChecks = false }).Build();

        // The same model for Software, built densely: revenue, discount, region and employees indicators (reference = most
        // frequent level in the segment), log1p(meetings), log1p(demos); intercept added by LinearRegression.
        CategoricalColumn industry = deals.Categorical("industry");
        DealSet software = deals.Where(i => industry[i] == "Software");
        int n = software.Count;
        CategoricalColumn region = software.Categorical("region"), employees = software.Categorical("employees");
        int[] regionLevels = PresentNonReference(region), employeeLevels = PresentNonReference(employees);
        int p = 2 + regionLevels.Length + employeeLevels.Length + 2;
        var x = new double[n * p];
        var y = new double[n];
        var clusters = new int[n];
        for (int i = 0; i < n; i++)
        {
            int o = i * p;
            x[o++] = software.Revenue[i];
            x[o++] = software.Discount![i];
            foreach (int l in regionLevels) x[o++] = region.GetCode(i) == l ? 1 : 0;
            foreach (int l in employeeLevels) x[o++] = employees.GetCode(i) == l ? 1 : 0;
            x[o++] = Math.Log(1 + software.Effort("meetings")[i]);
            x[o] = Math.Log(1 + software.Effort("demos")[i]);
            y[i] = software.IsWon(i) ? software.GrossMargin![i] : 0;
            clusters[i] = covariance == EffortCovariance.ClusterByRep ? software.Reps.GetCode(i) : software.Accounts.GetCode(i);
        }
        var options = new RegressionOptions { Covariance = covariance == EffortCovariance.Robust ? CovarianceType.HC3 : CovarianceType.Cluster };
        RegressionFit dense = LinearRegression.Fit(x, p, y, options, clusters: covariance == EffortCovariance.Robust ? default : clusters);

        SegmentEffects segment = effects.Segment("Software");
        Assert.Equal(n, segment.Deals);
        Assert.Equal(dense.Parameters, segment.Parameters);
        for (int j = 0; j < 2; j++)
        {
            EffortEffect e = segment.Effects[j];
            int c = p - 2 + j + 1;
            Assert.Equal(dense.Coefficients[c], e.Estimate, 1e-6 * Math.Abs(dense.Coefficients[c]) + 1e-6);
            Assert.Equal(dense.StandardErrors[c], e.StandardError, 1e-6 * dense.StandardErrors[c]);
            Assert.Equal(dense.ConfidenceInterval(c).Lower, e.Lower, 1e-6 * dense.StandardErrors[c]);
        }
    }

    private static int[] PresentNonReference(CategoricalColumn column)
    {
        int[] counts = column.CountByLevel();
        int reference = 0;
        for (int l = 1; l < counts.Length; l++)
        {
            if (counts[l] > counts[reference]) reference = l;
        }
        return [.. Enumerable.Range(0, counts.Length).Where(l => counts[l] > 0 && l != reference)];
    }
}
