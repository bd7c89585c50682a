using IcpAnalytics.CauseEffect;

namespace IcpAnalytics.Tests.CauseEffect;

/// <summary>The naive-vs-adjusted check judges the size of the change and reports its significance separately; its words follow both numbers.</summary>
public class NaiveVersusAdjustedTests
{
    [Fact]
    public void LargeChangeWithinNoise_IsCautionAndSaysSo()
    {
        // The case: 2,258 without controls, 755 with (+199 %), gap within noise. It used to pass with "the controls change little".
        HonestyCheck c = EffortEffectsAssembler.NaiveVersusAdjusted("All deals", "meetings", naive: 2_258, naiveSe: 900, est: 755, se: 1_000, level: 0.95);
        Assert.Equal(CheckVerdict.Caution, c.Verdict);
        Assert.Equal(1_503 / Math.Sqrt(900.0 * 900 + 1_000.0 * 1_000), c.Statistic!.Value, 12);
        Assert.Contains("+1,503", c.Finding);
        Assert.Contains("199% above", c.Finding);
        Assert.Contains("a material change", c.Finding);
        Assert.Contains("within what chance explains", c.Finding);
        Assert.Contains("within noise", c.Meaning);
        Assert.DoesNotContain("change little", c.Meaning);
    }

    [Fact]
    public void LargeSignificantChange_IsCautionNaiveBiased()
    {
        HonestyCheck c = EffortEffectsAssembler.NaiveVersusAdjusted("Software", "demos", naive: 3_638, naiveSe: 100, est: 1_934, se: 288, level: 0.95);
        Assert.Equal(CheckVerdict.Caution, c.Verdict);
        Assert.Contains("88% above", c.Finding);
        Assert.Contains("more than chance explains", c.Finding);
        Assert.Contains("naive figure is biased", c.Meaning);
    }

    [Fact]
    public void SmallButSignificantChange_PassesAndSaysSmall()
    {
        // 5 % change measured very precisely: significant, not material.
        HonestyCheck c = EffortEffectsAssembler.NaiveVersusAdjusted("Retail", "meetings", naive: 1_050, naiveSe: 5, est: 1_000, se: 5, level: 0.95);
        Assert.Equal(CheckVerdict.Passed, c.Verdict);
        Assert.True(c.Statistic > 7);
        Assert.Contains("5% above", c.Finding);
        Assert.Contains("a small change", c.Finding);
        Assert.Contains("more than chance explains", c.Finding);
        Assert.Contains("measurably but by little", c.Meaning);
    }

    [Fact]
    public void SmallChangeWithinNoise_Passes()
    {
        HonestyCheck c = EffortEffectsAssembler.NaiveVersusAdjusted("Retail", "meetings", naive: 900, naiveSe: 200, est: 1_000, se: 200, level: 0.95);
        Assert.Equal(CheckVerdict.Passed, c.Verdict);
        Assert.Contains("10% below", c.Finding);
        Assert.Contains("-100", c.Finding);
        Assert.Contains("change the answer by little", c.Meaning);
    }

    [Theory]
    [InlineData(2_258, 755)]
    [InlineData(755, 2_258)]
    [InlineData(1_000, 1_010)]
    [InlineData(-500, 400)]
    public void VerdictAndWordsAgree_ForAnyNumbers(double naive, double est)
    {
        foreach (double se in new[] { 1.0, 100, 10_000 })
        {
            HonestyCheck c = EffortEffectsAssembler.NaiveVersusAdjusted("S", "e", naive, se, est, se, 0.95);
            bool material = Math.Abs(naive - est) / Math.Abs(est) >= 0.25;
            Assert.Equal(material ? CheckVerdict.Caution : CheckVerdict.Passed, c.Verdict);
            Assert.Equal(material, c.Finding.Contains("a material change", StringComparison.Ordinal));
            bool significant = c.Statistic >= 1.959963984540054;
            Assert.Equal(significant, c.Finding.Contains("more than chance", StringComparison.Ordinal));
        }
    }
}
