using IcpAnalytics.CauseEffect;
using IcpAnalytics.Data;
using Xunit.Abstractions;

namespace IcpAnalytics.Tests.CauseEffect;

/// <summary>Interactive double ML (AIPW) of 0/1 efforts against simulated truth.</summary>
public class InteractiveDoubleMlTests(ITestOutputHelper output)
{
    private static EffortEffects Fit(DealSet deals, int seed, Func<EffortEffectsOptions, EffortEffectsOptions>? configure = null) =>
        deals.EffortEffects().Of("exec_meeting").Controlling("x1", "x2", "region")
            .Using(Estimator.DoubleMl(folds: 5, learner: NuisanceLearners.Ridge()))
            .Configure(o => (configure ?? (x => x))(o with { RunChecks = false }))
            .Seed(seed).Fit();

    [Fact]
    public void BinaryEffort_ChoosesInteractiveModel_WithAteAttAndOverlap()
    {
        var world = new BinaryEffortWorld();
        EffortEffects effects = Fit(BinaryEffortWorld.Load(world.Generate(2_000, 3)), 3, o => o with { RunChecks = true });
        output.WriteLine(effects.ToString());
        Assert.Contains("interactive, AIPW", effects.Estimator);
        EffortEffect e = effects.Overall.Effect("exec_meeting")!;
        Assert.NotNull(e.EffectOnTreated);
        Assert.NotNull(e.Overlap);
        Assert.Equal(CheckVerdict.Passed, e.Overlap!.Verdict);
        Assert.False(e.Overlap.RestrictedToCommonSupport);
        // Balance: x1 drives assignment, so it is unbalanced before weighting and balanced after.
        BalanceRow x1 = e.Overlap.Balance.Single(b => b.Control == "x1");
        Assert.True(x1.Before > 0.4, $"x1 before {x1.Before}");
        Assert.True(Math.Abs(x1.After) < 0.1, $"x1 after {x1.After}");
        Assert.Contains(effects.Overall.Checks, c => c.Kind == HonestyCheckKind.Overlap && c.Verdict == CheckVerdict.Passed);
        Assert.DoesNotContain(effects.Overall.Checks, c => c.Kind == HonestyCheckKind.ExtremeLeverage);
        Assert.Equal(1.0, e.MarginalPerUnit / e.Estimate, 12);
    }

    [Fact]
    public void HeterogeneousConfoundedEffort_AteAndAttCoverAtNominalRate_200Datasets()
    {
        var world = new BinaryEffortWorld();
        double ate = world.Effect;
        double att = world.EffectOnTreated();
        const int Datasets = 200;
        int ateCovered = 0, attCovered = 0;
        double ateBias = 0, attBias = 0, ateSe = 0, attSe = 0, naiveBias = 0;
        for (int rep = 0; rep < Datasets; rep++)
        {
            EffortEffects effects = Fit(BinaryEffortWorld.Load(world.Generate(1_000, 40_000 + rep)), rep, o => o with { CommonSupport = CommonSupportPolicy.Never });
            EffortEffect e = effects.Overall.Effect("exec_meeting")!;
            TreatedEffect t = e.EffectOnTreated!;
            if (e.Lower <= ate && ate <= e.Upper) ateCovered++;
            if (t.Lower <= att && att <= t.Upper) attCovered++;
            ateBias += e.Estimate - ate;
            attBias += t.Estimate - att;
            ateSe += e.StandardError;
            attSe += t.StandardError;
            naiveBias += e.NaiveEstimate - ate;
        }
        double ateCoverage = (double)ateCovered / Datasets, attCoverage = (double)attCovered / Datasets;
        ateBias /= Datasets; attBias /= Datasets; ateSe /= Datasets; attSe /= Datasets; naiveBias /= Datasets;
        output.WriteLine($"ATE truth {ate:F0}: coverage {ateCoverage:P1}, bias {ateBias:F1} ({ateBias / ateSe:P1} of mean SE {ateSe:F0}); naive bias {naiveBias:F0}");
        output.WriteLine($"ATT truth {att:F0}: coverage {attCoverage:P1}, bias {attBias:F1} ({attBias / attSe:P1} of mean SE {attSe:F0})");
        Assert.True(naiveBias > 3 * ateSe, "the design must be confounded: the naive difference is biased");
        Assert.True(att - ate > 1.5 * attSe, "the design must be heterogeneous: ATT differs from ATE");
        Assert.InRange(ateCoverage, 0.92, 0.97);
        Assert.InRange(attCoverage, 0.92, 0.97);
        Assert.True(Math.Abs(ateBias) < 0.1 * ateSe, $"ATE bias {ateBias:F1} vs SE {ateSe:F0}");
        Assert.True(Math.Abs(attBias) < 0.1 * attSe, $"ATT bias {attBias:F1} vs SE {attSe:F0}");
    }
}
