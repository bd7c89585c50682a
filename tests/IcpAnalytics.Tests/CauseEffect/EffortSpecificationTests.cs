using IcpAnalytics.CauseEffect;
using IcpAnalytics.Data;
using IcpAnalytics.Icp;

namespace IcpAnalytics.Tests.CauseEffect;

public class EffortSpecificationTests
{
    private static readonly string[] Controls = ["revenue", "rep", "region", "employees"];

    [Fact]
    public void Per_IdealCustomerProfile_SplitsFitAndNonFitDeals()
    {
        DealSet deals = SampleDeals.Generate(6_000, seed: 11);
        IdealCustomerProfile icp = deals.Icp().SegmentBy("industry", "employees", "region").MinDeals(30).MaxConditions(3).Build();
        EffortEffects effects = deals.EffortEffects().Of("meetings", "demos").Controlling(Controls).Per(icp)
            .Configure(o => o with { RunChecks = false }).Build();
        int fit = icp.MatchDeals(deals).Count(m => m);
        Assert.Equal("ICP fit", effects.SegmentedBy);
        Assert.Equal(["ICP fit", "not ICP fit"], effects.Segments.Select(s => s.Segment));
        Assert.Equal(fit, effects.Segment("ICP fit").Deals);
        Assert.Equal(deals.Count - fit, effects.Segment("not ICP fit").Deals);
    }

    [Fact]
    public void Per_CustomSegmentationLeavingDealsOut_ReportsThemLeftOut()
    {
        DealSet deals = SampleDeals.Generate(3_000, seed: 4);
        CategoricalColumn region = deals.Categorical("region");
        EffortEffects effects = deals.EffortEffects().Of("meetings").Controlling("revenue")
            .Per("Americas vs EMEA", ["North America", "EMEA"], (d, i) => region[i] switch { "North America" => 0, "EMEA" => 1, _ => -1 })
            .Configure(o => o with { RunChecks = false }).Build();
        int outside = Enumerable.Range(0, deals.Count).Count(i => region[i] is not ("North America" or "EMEA"));
        Assert.Equal(deals.Count - outside, effects.Deals);
        Assert.Contains(effects.LeftOut, l => l.StartsWith(outside.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " deals in no segment", StringComparison.Ordinal));
    }

    [Fact]
    public void Outcome_WinProbability_EffortsThatDoNotChangeWinningShowNoEffect()
    {
        // The generator's win probability depends on the ICP and rep skill only, never on effort.
        int covered = 0, total = 0;
        double sumZ = 0;
        for (int rep = 0; rep < 100; rep++)
        {
            EffortEffects effects = SampleDeals.Generate(3_000, seed: 700 + rep).EffortEffects().Of("meetings", "demos").Controlling(Controls)
                .Outcome(EffortOutcome.WinProbability).Configure(o => o with { RunChecks = false }).Build();
            foreach (EffortEffect e in effects.Overall.Effects)
            {
                total++;
                sumZ += e.Estimate / e.StandardError;
                if (e.Lower <= 0 && 0 <= e.Upper) covered++;
                Assert.InRange(e.Estimate, -0.1, 0.1);
            }
        }
        Assert.InRange((double)covered / total, 0.9, 0.99);
        Assert.InRange(sumZ / total, -0.3, 0.3);
    }

    [Fact]
    public void Outcome_MarginOnWonDeals_LeavesLostDealsOut()
    {
        DealSet deals = SampleDeals.Generate(3_000, seed: 5);
        EffortEffects effects = deals.EffortEffects().Of("meetings").Controlling("revenue").Outcome(EffortOutcome.MarginOnWonDeals)
            .Configure(o => o with { RunChecks = false }).Build();
        Assert.Equal(deals.WonCount, effects.Deals);
        Assert.Contains(effects.LeftOut, l => l.Contains("lost deals", StringComparison.Ordinal));
        Assert.Equal(EffortOutcome.MarginOnWonDeals, effects.Outcome);
    }

    [Fact]
    public void Transform_Custom_MarginalUsesItsDerivative()
    {
        EffortTransform sqrt = EffortTransform.Custom("sqrt", Math.Sqrt, e => e > 0 ? 0.5 / Math.Sqrt(e) : 0);
        EffortEffects effects = SampleDeals.Generate(4_000, seed: 6).EffortEffects().Of("meetings").Controlling(Controls)
            .Transform(sqrt).Configure(o => o with { RunChecks = false }).Build();
        EffortEffect e = effects.Overall.Effect("meetings")!;
        Assert.Equal("sqrt", effects.Transform);
        Assert.Equal(e.Estimate * 0.5 / Math.Sqrt(e.MeanEffort), e.MarginalPerUnit, 6);
    }

    [Fact]
    public void DoubleMl_ClusteredByAccount_CoversTheTruth()
    {
        DealSet deals = SampleDeals.Generate(12_000, seed: 9);
        EffortEffects robust = deals.EffortEffects().Of("meetings", "demos").Controlling(Controls)
            .Using(Estimator.DoubleMl(folds: 5, learner: NuisanceLearners.Ridge())).Configure(o => o with { RunChecks = false }).Build();
        EffortEffects clustered = deals.EffortEffects().Of("meetings", "demos").Controlling(Controls)
            .Using(Estimator.DoubleMl(folds: 5, learner: NuisanceLearners.Ridge(), covariance: EffortCovariance.ClusterByAccount))
            .Configure(o => o with { RunChecks = false }).Build();
        Assert.Contains("clustered by account", clustered.Estimator, StringComparison.Ordinal);
        foreach (string effort in new[] { "meetings", "demos" })
        {
            // One segment of all deals: the truth is the deal-weighted mean of the industries' effects.
            double truth = 0;
            CategoricalColumn industry = deals.Categorical("industry");
            for (int i = 0; i < deals.Count; i++) truth += SampleDealsTruth.Effect(effort, industry[i]);
            truth /= deals.Count;
            EffortEffect c = clustered.Overall.Effect(effort)!, r = robust.Overall.Effect(effort)!;
            Assert.InRange(truth, c.Lower, c.Upper);
            Assert.InRange(c.StandardError / r.StandardError, 0.8, 2.0);
        }
    }

    [Fact]
    public void Estimator_ToString_NamesTheMethod()
    {
        Assert.Equal("regression, HC3 standard errors", Estimator.Regression().ToString());
        Assert.Equal("regression, standard errors clustered by rep", Estimator.Regression(EffortCovariance.ClusterByRep).ToString());
        Assert.StartsWith("double ML (partialling-out), 5 folds, boosted trees", Estimator.DoubleMl().ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void BoostedTrees_InvalidOptions_AllReported()
    {
        var ex = Assert.Throws<InvalidOptionsException>(() => NuisanceLearners.BoostedTrees(new BoostedTreesOptions { Trees = 0, Depth = 9, Bins = 1 }));
        Assert.Equal(3, ex.Problems.Count);
    }
}
