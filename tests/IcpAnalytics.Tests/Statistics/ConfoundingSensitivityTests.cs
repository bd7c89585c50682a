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
}
