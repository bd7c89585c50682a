using IcpAnalytics.CauseEffect;
using IcpAnalytics.Statistics;

namespace IcpAnalytics.Tests.Statistics;

/// <summary>
/// Against R's sensemakr (Cinelli and Hazlett 2020, Section 5, Darfur): the effect of directlyharmed on peacefactor,
/// estimate 0.09731582, SE 0.02325654, 783 degrees of freedom; sensemakr's own tests (tests/testthat/test-02-darfur.R)
/// assert partial R² 0.02187309, RV 0.1387764 and RV at α = 0.05 0.07625797.
/// </summary>
public class ConfoundingSensitivityTests
{
    private const double T = 0.09731582 / 0.02325654;

    [Fact]
    public void Darfur_PartialR2AndRobustnessValues_MatchSensemakr()
    {
        Assert.Equal(0.02187309, ConfoundingSensitivity.PartialR2(T, 783), 7);
        Assert.Equal(0.1387764, ConfoundingSensitivity.RobustnessValue(T, 783), 6);
        Assert.Equal(0.07625797, ConfoundingSensitivity.RobustnessValue(T, 783, q: 1, alpha: 0.05), 6);
        Assert.Equal(0.1387764, ConfoundingSensitivity.RobustnessValue(-T, 783), 6);
    }

    [Fact]
    public void NotSignificant_RobustnessValueAtAlphaIsZero_AndTheSentenceSaysSo()
    {
        Assert.Equal(0, ConfoundingSensitivity.RobustnessValue(1.2, 500, alpha: 0.05));
        ConfoundingSensitivityResult s = EffortEffectsAssembler.Sensitivity("meetings", 120, 100, 500, 0.95)!;
        Assert.Equal(0, s.RobustnessValueSignificance);
        Assert.Contains("not significant", s.Sentence);
        ConfoundingSensitivityResult d = EffortEffectsAssembler.Sensitivity("meetings", 0.09731582, 0.02325654, 783, 0.95)!;
        Assert.Contains("13.9%", d.Sentence.Replace(" %", "%", StringComparison.Ordinal));
        Assert.Contains("7.6%", d.Sentence.Replace(" %", "%", StringComparison.Ordinal));
    }

    /// <summary>
    /// sensemakr's published bounds for Darfur with female as benchmark, <c>sensemakr(model, treatment = "directlyharmed",
    /// benchmark_covariates = "female", kd = 1:3)</c> (tests/testthat/test-02-darfur.R and test-07-bounds.R of
    /// carloscinelli/sensemakr): r2dz.x 0.00916428667504862 / 0.0183285733500972 / 0.0274928600251459, r2yz.dx 0.12464092303637 /
    /// 0.249324064199975 / 0.374050471038094, adjusted estimates 0.0752202712144491 / 0.0529151723844518 / 0.0303960234641548,
    /// adjusted SEs 0.0218733277437572 / 0.0203500620779637 / 0.0186700648170924, adjusted t 3.43890386024675 / 2.60024623913809 /
    /// 1.62806202131271 (from the full-precision lm fit). The same call from the rounded summary (estimate 0.09731582, SE
    /// 0.02325654, 783 df; "testing darfur sensemakr manually" in test-02-darfur.R), which is what is checked here to 10 digits:
    /// adjusted estimates 0.0752202698486415 / 0.0529151689180575 / 0.0303960178770157, SEs 0.0218733298036818 /
    /// 0.0203500639944344 / 0.0186700665753491, t 3.43890347394571 / 2.60024582392121 / 1.62806156873318, intervals
    /// [0.0322829603180086, 0.118157579379274], [0.0129680276030601, 0.092862310233055], [−0.00625329133645187, 0.0670453270904833].
    /// The benchmark's own partial R²s (with the treatment and with the outcome) are not printed there, so they are recovered
    /// from the kd = 1 row by inverting the bound's first two formulas; the kd = 2 and 3 rows and every adjusted figure then
    /// check the bound independently.
    /// </summary>
    [Fact]
    public void Darfur_BoundsBenchmarkedOnFemale_MatchSensemakr_ForKd1To3()
    {
        const double Estimate = 0.09731582, Se = 0.02325654, Df = 783;
        double r2dz1 = 0.00916428667504862, r2yz1 = 0.12464092303637;
        double r2dxj = r2dz1 / (1 + r2dz1);
        double r2zxj = r2dxj * r2dxj / ((1 - r2dxj) * (1 - r2dxj));
        double root = (1 + Math.Sqrt(r2zxj)) / Math.Sqrt(1 - r2zxj);
        double odds = r2yz1 / (root * root);
        double r2yxj = odds / (1 + odds);

        ConfoundingBound one = ConfoundingSensitivity.BenchmarkBound(Estimate, Se, Df, r2dxj, r2yxj);
        Assert.Equal(0.00916428667504862, one.PartialR2WithEffort, 12);
        Assert.Equal(0.12464092303637, one.PartialR2WithOutcome, 12);
        Assert.Equal(0.0752202698486415, one.AdjustedEstimate, 10);
        Assert.Equal(0.0218733298036818, one.AdjustedStandardError, 10);
        Assert.Equal(3.43890347394571, one.AdjustedT, 8);
        Assert.Equal(0.0322829603180086, one.Lower, 10);
        Assert.Equal(0.118157579379274, one.Upper, 10);

        ConfoundingBound two = ConfoundingSensitivity.BenchmarkBound(Estimate, Se, Df, r2dxj, r2yxj, kd: 2);
        Assert.Equal(0.0183285733500972, two.PartialR2WithEffort, 10);
        Assert.Equal(0.249324064199975, two.PartialR2WithOutcome, 8);
        Assert.Equal(0.0529151689180575, two.AdjustedEstimate, 10);
        Assert.Equal(0.0203500639944344, two.AdjustedStandardError, 10);
        Assert.Equal(2.60024582392121, two.AdjustedT, 8);
        Assert.Equal(0.0129680276030601, two.Lower, 10);
        Assert.Equal(0.092862310233055, two.Upper, 10);

        ConfoundingBound three = ConfoundingSensitivity.BenchmarkBound(Estimate, Se, Df, r2dxj, r2yxj, kd: 3);
        Assert.Equal(0.0274928600251459, three.PartialR2WithEffort, 10);
        Assert.Equal(0.374050471038094, three.PartialR2WithOutcome, 8);
        Assert.Equal(0.0303960178770157, three.AdjustedEstimate, 10);
        Assert.Equal(0.0186700665753491, three.AdjustedStandardError, 10);
        Assert.Equal(1.62806156873318, three.AdjustedT, 8);
        Assert.Equal(-0.00625329133645187, three.Lower, 10);
        Assert.Equal(0.0670453270904833, three.Upper, 10);

        // A negative effect is bounded toward zero from below (sensemakr's "darfur but negative" test).
        ConfoundingBound negative = ConfoundingSensitivity.BenchmarkBound(-Estimate, Se, Df, r2dxj, r2yxj);
        Assert.Equal(-0.0752202698486415, negative.AdjustedEstimate, 10);
        Assert.Equal(-0.118157579379274, negative.Lower, 10);
    }
}
