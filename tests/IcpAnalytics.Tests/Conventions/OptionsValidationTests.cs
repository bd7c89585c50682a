using IcpAnalytics.CauseEffect;
using IcpAnalytics.Data;
using IcpAnalytics.Icp;
using IcpAnalytics.Reports;
using IcpAnalytics.Segments;

namespace IcpAnalytics.Tests.Conventions;

/// <summary>Options are validated together: three mistakes give one <see cref="InvalidOptionsException"/> naming all three.</summary>
public class OptionsValidationTests
{
    private static readonly DealSet Deals = SampleDeals.Generate(600, seed: 2);

    [Fact]
    public void IcpOptions_ThreeErrors_OneExceptionListingAllThree_WithTheDefaults()
    {
        var e = Assert.Throws<InvalidOptionsException>(() => Deals.Icp()
            .Configure(o => o with { MinDeals = 1, Alpha = 1.5, BeamWidth = 0 }).Build());
        Assert.Equal(3, e.Problems.Count);
        Assert.StartsWith("3 options are invalid:", e.Message, StringComparison.Ordinal);
        Assert.Contains("MinDeals is 1; it must be at least 2 (the default is 30).", e.Problems);
        Assert.Contains("Alpha is 1.5; it must lie strictly between 0 and 1 (the default is 0.05).", e.Problems);
        Assert.Contains("BeamWidth is 0; it must be at least 1 (the default is 10).", e.Problems);
    }

    [Fact]
    public void EffortEffectsOptions_ThreeErrors_OneExceptionListingAllThree()
    {
        var e = Assert.Throws<InvalidOptionsException>(() => Deals.EffortEffects().Of("meetings")
            .Configure(o => o with { ConfidenceLevel = 1, ExtremeLeverage = 2, MaxDegreeOfParallelism = 0 }).Build());
        Assert.Equal(3, e.Problems.Count);
        Assert.Contains("ConfidenceLevel is 1; it must lie strictly between 0 and 1 (the default is 0.95).", e.Problems);
        Assert.Contains("ExtremeLeverage is 2; it must lie strictly between 0 and 1 (the default is 0.5).", e.Problems);
        Assert.Contains(e.Problems, p => p.StartsWith("MaxDegreeOfParallelism is 0; it must be at least 1", StringComparison.Ordinal));
    }

    [Fact]
    public void ReportOptions_ThreeErrors_OneExceptionListingAllThree()
    {
        var e = Assert.Throws<InvalidOptionsException>(() => ProfitYieldReport.For(Deals)
            .Configure(o => o with { MaxCurvePoints = 2, HoldoutShare = 1, MaxRejectedRowsListed = -1 }).Build());
        Assert.Equal(3, e.Problems.Count);
        Assert.Contains("MaxCurvePoints is 2; it must be at least 3 (the default is 201).", e.Problems);
        Assert.Contains("HoldoutShare is 1; it must be at least 0 and below 1 (the default is 0.3; 0 turns the default holdout off).", e.Problems);
        Assert.Contains("MaxRejectedRowsListed is -1; it must be 0 or more (the default is 20).", e.Problems);
    }

    [Fact]
    public void SegmentYieldOptions_MaxCombinationsMessage_ReadsTheConstant()
    {
        var e = Assert.Throws<InvalidOptionsException>(() => Deals.SegmentYield(["industry"], new SegmentYieldOptions { MaxCombinations = 0, MinDeals = 0 }));
        // Two option errors, and the grouping's levels exceed the (invalid) limit of 0 combinations: all three at once.
        Assert.Equal(3, e.Problems.Count);
        Assert.Contains("MaxCombinations is 0; it must be at least 1 (the default is 1,000,000).", e.Problems);
        Assert.Contains("MinDeals is 0; it must be at least 1 (the default is 30).", e.Problems);
        Assert.Equal(30, new SegmentYieldOptions().MinDeals);
        Assert.Equal(SegmentYieldOptions.DefaultMinDeals, new SegmentYieldOptions().MinDeals);
    }

    [Fact]
    public void ConfigureReturningNull_IsTheSameException_InEveryBuilder()
    {
        var icp = Assert.Throws<InvalidOptionsException>(() => Deals.Icp().Configure(_ => null!));
        var effects = Assert.Throws<InvalidOptionsException>(() => Deals.EffortEffects().Configure(_ => null!));
        var report = Assert.Throws<InvalidOptionsException>(() => ProfitYieldReport.For(Deals).Configure(_ => null!));
        foreach (InvalidOptionsException e in new[] { icp, effects, report })
            Assert.StartsWith("Configure returned null; return the options, e.g. o => o with {", e.Message, StringComparison.Ordinal);
    }
}
