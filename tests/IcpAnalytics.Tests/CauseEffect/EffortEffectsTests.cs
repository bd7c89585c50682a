using System.Text.Json;
using IcpAnalytics.CauseEffect;
using IcpAnalytics.Data;
using Xunit.Abstractions;

namespace IcpAnalytics.Tests.CauseEffect;

public class EffortEffectsTests(ITestOutputHelper output)
{
    private static readonly string[] Efforts = ["meetings", "demos"];

    private static EffortEffects FitSample(DealSet deals, Estimator? estimator = null, bool checks = true, int seed = 1) =>
        deals.EffortEffects()
            .Of(Efforts)
            .Controlling("revenue", "rep", "region", "employees")
            .PerAttribute("industry")
            .Using(estimator ?? Estimator.Regression())
            .Configure(o => o with { RunChecks = checks })
            .Seed(seed)
            .Build();

    /// <summary>The true effect per industry, deal-weighted over the estimable industry segments of a fit.</summary>
    private static double WeightedTruth(EffortEffects effects, string effort)
    {
        double sum = 0;
        int n = 0;
        foreach (SegmentEffects s in effects.Segments)
        {
            if (!s.IsEstimable) continue;
            string? industry = s.Segment.StartsWith("(no ", StringComparison.Ordinal) ? null : s.Segment;
            sum += s.Deals * SampleDealsTruth.Effect(effort, industry);
            n += s.Deals;
        }
        return sum / n;
    }

    [Fact]
    public void Fit_ManySeededReplications_IntervalsCoverTrueSegmentEffectsAtNominalRate()
    {
        int covered = 0, total = 0;
        for (int rep = 0; rep < 150; rep++)
        {
            DealSet deals = SampleDeals.Generate(2_400, seed: 1_000 + rep);
            EffortEffects effects = deals.EffortEffects().Of(Efforts).Controlling("revenue", "rep", "region", "employees")
                .PerAttribute("industry").Configure(o => o with { RunChecks = false }).Seed(rep).Build();
            CountCoverage(effects, ref covered, ref total);
        }
        double coverage = (double)covered / total;
        output.WriteLine($"coverage {coverage:P1} of {total} intervals");
        Assert.True(total >= 1_500, $"only {total} intervals");
        Assert.InRange(coverage, 0.88, 0.99);
    }

    /// <summary>Counts the estimable segments' effort intervals and how many of them cover the true effect.</summary>
    private static void CountCoverage(EffortEffects effects, ref int covered, ref int total)
    {
        foreach (string industry in SampleDealsTruth.Industries)
        {
            SegmentEffects segment = effects.Segment(industry);
            if (!segment.IsEstimable) continue;
            foreach (string effort in Efforts)
            {
                EffortEffect e = segment.Effect(effort)!;
                double truth = SampleDealsTruth.Effect(effort, industry);
                total++;
                if (e.Lower <= truth && truth <= e.Upper) covered++;
            }
        }
    }

    [Fact]
    public void Fit_DoubleMlRidge_IntervalsCoverTrueSegmentEffects()
    {
        int covered = 0, total = 0;
        for (int rep = 0; rep < 30; rep++)
        {
            EffortEffects effects = FitSample(SampleDeals.Generate(3_000, seed: 900 + rep), Estimator.DoubleMl(folds: 5, learner: NuisanceLearners.Ridge()), checks: false, seed: rep);
            CountCoverage(effects, ref covered, ref total);
        }
        double coverage = (double)covered / total;
        output.WriteLine($"double ML coverage {coverage:P1} of {total} intervals");
        Assert.True(total >= 300);
        Assert.InRange(coverage, 0.86, 0.99);
    }

    [Fact]
    public void Fit_SampleDeals_NaiveEstimateVisiblyBiasedAdjustedCoversTruth()
    {
        EffortEffects effects = FitSample(SampleDeals.Generate(20_000, seed: 11));
        foreach (string effort in Efforts)
        {
            EffortEffect overall = effects.Overall.Effect(effort)!;
            double truth = WeightedTruth(effects, effort);
            output.WriteLine($"{effort}: truth {truth:F0}, adjusted {overall.Estimate:F0} [{overall.Lower:F0}, {overall.Upper:F0}], naive {overall.NaiveEstimate:F0} ± {overall.NaiveStandardError:F0}");
            // Big deals get more effort and more margin: the naive estimate is far above the truth.
            Assert.True(overall.NaiveEstimate > 1.5 * truth, $"naive {overall.NaiveEstimate:F0} vs truth {truth:F0}");
            Assert.True(overall.NaiveEstimate - truth > 5 * overall.NaiveStandardError);
            Assert.InRange(truth, overall.Lower, overall.Upper);
            HonestyCheck naive = effects.Overall.Checks.Single(c => c.Kind == HonestyCheckKind.NaiveVersusAdjusted && c.Effort == effort);
            Assert.Equal(CheckVerdict.Caution, naive.Verdict);
        }
    }

    [Fact]
    public void Fit_PlaceboEffort_IntervalCoversZeroAtNominalRate()
    {
        int covered = 0, total = 0, overallCovered = 0, overallTotal = 0;
        for (int rep = 0; rep < 25; rep++)
        {
            EffortEffects effects = FitSample(SampleDeals.Generate(5_000, seed: 500 + rep), seed: rep);
            foreach (SegmentEffects s in effects.Segments.Append(effects.Overall))
            {
                foreach (HonestyCheck c in s.Checks.Where(c => c.Kind == HonestyCheckKind.PlaceboEffort))
                {
                    bool covers = c.Lower <= 0 && 0 <= c.Upper;
                    Assert.Equal(covers, c.Verdict == CheckVerdict.Passed);
                    total++;
                    if (covers) covered++;
                    if (s == effects.Overall) { overallTotal++; if (covers) overallCovered++; }
                }
            }
        }
        output.WriteLine($"placebo intervals covering 0: {covered} of {total}; overall {overallCovered} of {overallTotal}");
        Assert.Equal(50, overallTotal);
        Assert.InRange((double)covered / total, 0.90, 0.99);
        Assert.True(overallCovered >= 45, $"overall placebo covered 0 in {overallCovered} of 50");
    }

    [Fact]
    public void Fit_RandomCommonCauseAndHalves_Pass()
    {
        EffortEffects effects = FitSample(SampleDeals.Generate(20_000, seed: 13));
        HonestyCheck[] rcc = [.. effects.Overall.Checks.Where(c => c.Kind == HonestyCheckKind.RandomCommonCause)];
        Assert.Equal(2, rcc.Length);
        Assert.All(rcc, c => Assert.Equal(CheckVerdict.Passed, c.Verdict));
        Assert.Contains(effects.Overall.Checks, c => c.Kind == HonestyCheckKind.SubsetStability);
        Assert.All(effects.Segments.Where(s => s.IsEstimable), s => Assert.Contains(s.Checks, c => c.Kind == HonestyCheckKind.EffortVariation));
    }

    [Fact]
    public void Fit_ShrunkEstimates_LieBetweenRawAndPooledMean()
    {
        EffortEffects effects = FitSample(SampleDeals.Generate(8_000, seed: 14), checks: false);
        foreach (string effort in Efforts)
        {
            EffortEffect[] e = [.. effects.Segments.Where(s => s.IsEstimable).Select(s => s.Effect(effort)!)];
            double pooled = e.Sum(x => x.Estimate / (x.StandardError * x.StandardError)) / e.Sum(x => 1 / (x.StandardError * x.StandardError));
            foreach (EffortEffect x in e)
            {
                Assert.InRange(x.ShrinkageFactor, 0, 1);
                Assert.True(Math.Abs(x.ShrunkEstimate - x.Estimate) <= Math.Abs(x.Estimate - pooled) + Math.Abs(x.Estimate) * 0.5 + 1);
                Assert.True(x.ShrunkStandardError <= x.StandardError * 1.01);
            }
        }
    }

    [Fact]
    public void Fit_MarginalPerUnitAndPerHour_FollowFromTheTransform()
    {
        EffortEffects effects = FitSample(SampleDeals.Generate(8_000, seed: 15), checks: false);
        // Hours per unit: the generator spends 1.5 hours per meeting and 3 per demo.
        Assert.Equal(1.5, effects.HoursPerUnit[0].Hours!.Value, 1);
        Assert.Equal(3.0, effects.HoursPerUnit[1].Hours!.Value, 1);
        EffortEffect e = effects.Segment("Software").Effect("meetings")!;
        Assert.Equal(e.Estimate / (1 + e.MeanEffort), e.MarginalPerUnit, 6);
        Assert.Equal(e.MarginalPerUnit / e.HoursPerUnit!.Value, e.MarginalPerHour!.Value, 6);
    }

    [Fact]
    public void Fit_DoubleMlAndRegression_AgreeOnLinearData()
    {
        // On correctly specified linear data both estimators are unbiased: their difference is centred on 0 and small
        // next to the standard error, and their standard errors are alike.
        var differences = new List<double>();
        for (int rep = 0; rep < 12; rep++)
        {
            DealSet deals = SampleDeals.Generate(6_000, seed: 300 + rep);
            EffortEffects regression = FitSample(deals, checks: false);
            EffortEffects dml = FitSample(deals, Estimator.DoubleMl(folds: 5, learner: NuisanceLearners.Ridge()), checks: false);
            foreach (string effort in Efforts)
            {
                EffortEffect r = regression.Overall.Effect(effort)!, d = dml.Overall.Effect(effort)!;
                differences.Add((d.Estimate - r.Estimate) / r.StandardError);
                Assert.InRange(d.StandardError / r.StandardError, 0.75, 1.33);
            }
        }
        double mean = differences.Average(), rms = Math.Sqrt(differences.Average(x => x * x));
        output.WriteLine($"(DML − regression) / SE: mean {mean:F2}, root mean square {rms:F2}");
        Assert.InRange(mean, -0.3, 0.3);
        Assert.True(rms < 0.8, $"root mean square difference {rms:F2} standard errors");
    }

    [Fact]
    public void Fit_NonlinearConfounding_DoubleMlBeatsRegression()
    {
        // Deal size confounds effort and margin through a squared log-size term that a linear revenue control cannot remove.
        double regressionError = 0, dmlError = 0;
        for (int rep = 0; rep < 2; rep++)
        {
            DealSet deals = SampleDeals.Generate(new SampleDealsOptions { Count = 12_000, Seed = 31 + rep, NonlinearConfounding = true });
            EffortEffects regression = FitSample(deals, checks: false);
            EffortEffects dml = FitSample(deals, Estimator.DoubleMl(folds: 5, learner: NuisanceLearners.BoostedTrees(new BoostedTreesOptions { Trees = 60, LearningRate = 0.15 })), checks: false);
            foreach (string effort in Efforts)
            {
                double truth = WeightedTruth(regression, effort);
                EffortEffect r = regression.Overall.Effect(effort)!, d = dml.Overall.Effect(effort)!;
                output.WriteLine($"{effort}: truth {truth:F0}, regression {r.Estimate:F0} ± {r.StandardError:F0}, DML {d.Estimate:F0} ± {d.StandardError:F0}");
                regressionError += Math.Pow(r.Estimate - truth, 2);
                dmlError += Math.Pow(d.Estimate - truth, 2);
            }
        }
        double regressionRmse = Math.Sqrt(regressionError / 4), dmlRmse = Math.Sqrt(dmlError / 4);
        output.WriteLine($"RMSE vs truth: regression {regressionRmse:F0}, DML {dmlRmse:F0}");
        Assert.True(dmlRmse < 0.8 * regressionRmse, $"DML {dmlRmse:F0} vs regression {regressionRmse:F0}");
    }

    [Fact]
    public void Fit_MissingEffortColumn_ListsTheEffortsThereAre()
    {
        DealSet deals = SampleDeals.Generate(500, seed: 1);
        var ex = Assert.Throws<InvalidOptionsException>(() => deals.EffortEffects().Of("emails").Controlling("revenue", "colour").Build());
        Assert.Equal(2, ex.Problems.Count);
        Assert.Contains("no effort column 'emails'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("calls, meetings, demos", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'colour'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_EffortWithoutVariation_ThrowsModelFitException()
    {
        DealSet deals = SampleDeals.Generate(500, seed: 1);
        DealSet noDemos = deals.Where(i => deals.Effort("demos")[i] == 0);
        var ex = Assert.Throws<ModelFitException>(() => noDemos.EffortEffects().Of("meetings", "demos").Controlling("revenue").Build());
        Assert.Contains("'demos' does not vary", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_SegmentWithFewerDealsThanParameters_ReportedNotEstimable()
    {
        DealSet deals = SampleDeals.Generate(3_000, seed: 2);
        EffortEffects effects = FitSample(deals, checks: false);
        SegmentEffects missing = effects.Segment("(no industry)");
        output.WriteLine(missing.ToString());
        // About 2% of accounts have no industry: ~60 deals for ~50 parameters with rep dummies.
        Assert.Equal(7, effects.Segments.Count);
        DealSet small = deals.Where(i => deals.Categorical("industry")[i] != "Logistics" || i % 20 == 0);
        EffortEffects fitted = FitSample(small, checks: false);
        SegmentEffects logistics = fitted.Segment("Logistics");
        Assert.False(logistics.IsEstimable);
        Assert.Contains("fewer deals than parameters", logistics.NotEstimableReason, StringComparison.Ordinal);
        Assert.Empty(logistics.Effects);
        Assert.Contains(fitted.Warnings, w => w.Contains("Logistics", StringComparison.Ordinal));
        Assert.True(fitted.Segment("Software").IsEstimable);
    }

    [Fact]
    public void Fit_InvalidOptions_ReportedAllAtOnce()
    {
        DealSet deals = SampleDeals.Generate(500, seed: 1);
        var ex = Assert.Throws<InvalidOptionsException>(() => deals.EffortEffects().Of("meetings")
            .Configure(o => o with { ConfidenceLevel = 1.5, ExtremeLeverage = 0 }).Using(Estimator.DoubleMl(folds: 1)).Build());
        Assert.Equal(3, ex.Problems.Count);
    }

    [Fact]
    public void Allocate_SpendsTheBudgetWhereTheCurveIsSteepest()
    {
        EffortEffects effects = FitSample(SampleDeals.Generate(20_000, seed: 41), checks: false);
        double today = effects.TodaysSpend();
        EffortAllocation plan = effects.Allocate(today);
        output.WriteLine(plan.ToString());
        Assert.Equal(today, plan.Lines.Sum(l => l.RecommendedSpend) + plan.Unallocated, 6);
        Assert.True(plan.ExpectedGain > 0);
        Assert.True(plan.GainLower < plan.ExpectedGain && plan.ExpectedGain < plan.GainUpper);
        // Equal marginal returns per hour across lines that got effort and are below their ceiling.
        var active = plan.Lines.Where(l => l.RecommendedPerDeal > 0.05 && l.RecommendedPerDeal < effects.Segment(l.Segment).Effect(l.Effort)!.HighEffort - 1e-6).ToList();
        double[] marginal = [.. active.Select(l => l.Effect / (1 + l.RecommendedPerDeal) / effects.HoursPerUnit.Single(h => h.Effort == l.Effort).Hours!.Value)];
        Assert.True(marginal.Length >= 2);
        Assert.True(marginal.Max() / marginal.Min() < 1.05, string.Join(", ", marginal));
        // Lines with effects at or below zero get nothing.
        Assert.All(plan.Lines.Where(l => l.Effect <= 0), l => Assert.Equal(0, l.RecommendedPerDeal));
    }

    [Fact]
    public void Fit_SameSeed_SameResult()
    {
        DealSet deals = SampleDeals.Generate(4_000, seed: 6);
        Estimator dml = Estimator.DoubleMl(folds: 3, learner: NuisanceLearners.BoostedTrees(new BoostedTreesOptions { Trees = 10 }));
        string a = JsonSerializer.Serialize(FitSample(deals, dml, seed: 9));
        string b = JsonSerializer.Serialize(FitSample(deals, dml, seed: 9));
        Assert.Equal(a, b);
        Assert.NotEqual(a, JsonSerializer.Serialize(FitSample(deals, dml, seed: 10)));
    }

    [Fact]
    public void Fit_Result_SerializesToJson()
    {
        EffortEffects effects = FitSample(SampleDeals.Generate(3_000, seed: 5));
        string json = JsonSerializer.Serialize(effects);
        using JsonDocument doc = JsonDocument.Parse(json);
        Assert.Equal(7, doc.RootElement.GetProperty("Segments").GetArrayLength());
        Assert.Contains("\"Verdict\"", json, StringComparison.Ordinal);
        EffortEffects back = JsonSerializer.Deserialize<EffortEffects>(json)!;
        Assert.Equal(effects.Segment("Software").Effect("demos")!.Estimate, back.Segment("Software").Effect("demos")!.Estimate);
        Assert.Equal(effects.Overall.Checks.Count, back.Overall.Checks.Count);
        Assert.Equal(json, JsonSerializer.Serialize(back));
        EffortAllocation plan = effects.Allocate(effects.TodaysSpend());
        Assert.Equal(plan.ExpectedGain, JsonSerializer.Deserialize<EffortAllocation>(JsonSerializer.Serialize(plan))!.ExpectedGain);
    }
}
