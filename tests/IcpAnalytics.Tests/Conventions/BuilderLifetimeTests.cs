using IcpAnalytics.CauseEffect;
using IcpAnalytics.Data;
using IcpAnalytics.Icp;
using IcpAnalytics.Reports;
using IcpAnalytics.Statistics;

namespace IcpAnalytics.Tests.Conventions;

/// <summary>
/// One builder lifetime in the whole library (the <see cref="IcpBuilder"/> pattern): every call returns a new builder, so a
/// builder used once can be used again and two builders derived from one parent never see each other's settings.
/// </summary>
public class BuilderLifetimeTests
{
    private static readonly DealSet Deals = SampleDeals.Generate(3_000, seed: 11);

    private static long[] Bits(EffortEffects e) =>
        [.. e.Segments.SelectMany(s => s.Effects).SelectMany(x => new[] { BitConverter.DoubleToInt64Bits(x.Estimate), BitConverter.DoubleToInt64Bits(x.StandardError) })];

    [Fact]
    public void EffortEffectsBuilder_FitsAgain_AndDerivedBuildersAreIndependent()
    {
        EffortEffectsBuilder parent = Deals.EffortEffects().Of("meetings").Controlling("revenue");
        EffortEffects first = parent.Build();
        EffortEffectsBuilder perIndustry = parent.PerAttribute("industry");
        EffortEffectsBuilder withDemos = parent.Of("demos").Seed(99);
        EffortEffects again = parent.Build();

        // The parent is unchanged by the call and by its children: same efforts, no segmentation, same numbers.
        Assert.Equal(["meetings"], again.Efforts);
        Assert.Null(again.SegmentedBy);
        Assert.Equal(Bits(first), Bits(again));
        Assert.Equal(EffortEffectsOptions.DefaultSeed, again.Seed);

        EffortEffects industry = perIndustry.Build();
        EffortEffects demos = withDemos.Build();
        Assert.Equal("industry", industry.SegmentedBy);
        Assert.Equal(["meetings"], industry.Efforts);
        Assert.True(industry.Segments.Count > 1);
        Assert.Equal(["meetings", "demos"], demos.Efforts);
        Assert.Null(demos.SegmentedBy);
        Assert.Equal(99, demos.Seed);

        // A derived builder gives what the same specification gives when written from scratch.
        EffortEffects fresh = Deals.EffortEffects().Of("meetings").Controlling("revenue").PerAttribute("industry").Build();
        Assert.Equal(Bits(fresh), Bits(industry));
    }

    [Fact]
    public void EffortEffectsBuilder_Configure_ReturnsANewBuilder()
    {
        EffortEffectsBuilder parent = Deals.EffortEffects().Of("meetings");
        EffortEffectsBuilder ninety = parent.Configure(o => o with { ConfidenceLevel = 0.9 });
        Assert.Equal(0.95, parent.Options.ConfidenceLevel);
        Assert.Equal(0.9, ninety.Options.ConfidenceLevel);
        Assert.Equal(0.95, parent.Build().ConfidenceLevel);
        Assert.Equal(0.9, ninety.Build().ConfidenceLevel);
    }

    [Fact]
    public void ProfitYieldReportBuilder_BuildsAgain_AndDerivedBuildersAreIndependent()
    {
        ProfitYieldReportBuilder parent = ProfitYieldReport.For(Deals).SegmentBy("industry").ConfigureIcp(o => o with { MinDeals = 40 });
        string first = parent.Build().ToMarkdown();
        ProfitYieldReportBuilder titled = parent.Configure(o => o with { Title = "Q3 review" });
        ProfitYieldReportBuilder costed = parent.WithCostPerEffortHour(85);
        string again = parent.Build().ToMarkdown();

        Assert.Equal(first, again);
        Assert.Equal(new ProfitYieldReportOptions().Title, parent.Options.Title);
        ProfitYieldReport q3 = titled.Build();
        Assert.Equal("Q3 review", q3.Title);
        // The title is the only difference: the rest of the report is the parent's, byte for byte.
        Assert.StartsWith("# Q3 review\n", q3.ToMarkdown(), StringComparison.Ordinal);
        Assert.Equal(first[first.IndexOf('\n', StringComparison.Ordinal)..], q3.ToMarkdown()[q3.ToMarkdown().IndexOf('\n', StringComparison.Ordinal)..]);
        // The cost per hour changes the whale curve of its own report only.
        string costedText = costed.Build().ToMarkdown();
        Assert.NotEqual(first, costedText);
        Assert.Equal(first, parent.Build().ToMarkdown());
    }

    [Fact]
    public void ProfitYieldReportBuilder_ExecutionSections_AreNotShared()
    {
        ProfitYieldReportBuilder parent = ProfitYieldReport.For(Deals);
        ProfitYieldReportBuilder withSellers = parent.WithSellerVariance(IcpAnalytics.Execution.Sellers.SellerVariance.Analyze(Deals));
        int parentSections = parent.Build().Sections.Count;
        Assert.Equal(parentSections + 1, withSellers.Build().Sections.Count);
        Assert.Equal(parentSections, parent.Build().Sections.Count);
    }

    [Fact]
    public void DesignMatrixBuilder_DerivedBuildersAreIndependent_AndBuildAgain()
    {
        double[] x = [1, 2, 3, 4, 5, 6];
        double[] z = [0, 1, 0, 1, 1, 0];
        double[] y = [2.1, 3.9, 6.2, 7.8, 10.1, 12.2];
        DesignMatrixBuilder parent = new DesignMatrixBuilder(6).Numeric("x", x);
        DesignMatrixBuilder withZ = parent.Numeric("z", z).Response(y);
        DesignMatrixBuilder withY = parent.Response(y);
        Assert.Equal(["x"], withY.Build().ColumnNames);
        Assert.Equal(["x", "z"], withZ.Build().ColumnNames);
        Assert.Equal(["x"], parent.Build().ColumnNames);
        Assert.False(parent.Build().HasResponse);
        // Built twice, the same design: the OLS slope of y on x is Sxy / Sxx = 35.35 / 17.5 (by hand).
        RegressionFit a = LinearRegression.Fit(withY.Build()), b = LinearRegression.Fit(withY.Build());
        Assert.Equal(35.35 / 17.5, a.Coefficients[1], 12);
        Assert.Equal(BitConverter.DoubleToInt64Bits(a.Coefficients[1]), BitConverter.DoubleToInt64Bits(b.Coefficients[1]));
    }

    [Fact]
    public void ConfigureIcpReturningNull_IsAnInvalidOptionsException()
    {
        var e = Assert.Throws<InvalidOptionsException>(() => ProfitYieldReport.For(Deals).ConfigureIcp(_ => null!).Build());
        Assert.Contains("ConfigureIcp returned null; return the options, e.g. o => o with { MinDeals = 50 }.", e.Problems);
    }
}
