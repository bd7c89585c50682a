using IcpAnalytics.Data;
using IcpAnalytics.Icp;

namespace IcpAnalytics.Tests.Icp;

/// <summary>A lead export: every deal's amount is 1, no gross margin (the yield is revenue), no account column.</summary>
public class LeadExportHoldoutTests
{
    // Student's t 0.975 quantile on 7 degrees of freedom (published tables: 2.365): 8 deals, each its own account.
    private const double T7 = 2.364624251592785;

    // Student's t 0.975 quantile on 3 degrees of freedom (published tables: 3.182): 4 deals of a group, each its own account.
    private const double T3 = 3.182446305284263;

    /// <summary>
    /// deal | industry | won | amount
    ///  0–2 |  A       |  1  | 1
    ///  3   |  A       |  0  | 1
    ///  4   |  B       |  1  | 1
    ///  5–7 |  B       |  0  | 1
    /// </summary>
    private static DealSet Leads()
    {
        const int n = 8;
        return new DealSet(
            [.. Enumerable.Range(1, n).Select(i => "L" + i)],
            new CategoricalColumn("account_id", [.. Enumerable.Repeat(-1, n)], [], null),
            new CategoricalColumn("rep", new int[n], ["Rep 1"], null),
            [.. Enumerable.Range(0, n).Select(i => new DateOnly(2025, 3, 1).DayNumber + i)],
            [1, 1, 1, 0, 1, 0, 0, 0],
            new NumericColumn("amount", [.. Enumerable.Repeat(1.0, n)], null),
            null, null, null, null, [],
            [new CategoricalColumn("industry", [0, 0, 0, 0, 1, 1, 1, 1], ["A", "B"], null)],
            [],
            LoadReport.Clean("leads.csv", n));
    }

    [Fact]
    public void Validate_AmountsOfOne_MarginPerDealIsTheShareWonAndMatchesHandCalculation()
    {
        HoldoutValidation v = HandProfiles.IndustryA().Validate(Leads());
        Assert.True(v.YieldOnRevenue);

        // Margin (revenue) per deal pursued = won / pursued when every amount is 1: fit 3/4, non-fit 1/4 — never above 1.
        Assert.Equal(0.75, v.Fit.MarginPerDealPursued, 12);
        Assert.Equal(0.25, v.NonFit.MarginPerDealPursued, 12);
        Assert.Equal(3, v.Fit.GrossMargin, 12);
        Assert.Equal(1, v.NonFit.GrossMargin, 12);

        // Each group's interval, clustered with every deal its own account (G = 4): Σ (y − ȳ)² = 3·(1/4)² + (3/4)² = 3/4,
        // se = √(4/3 · 3/4) / 4 = 1/4, interval ȳ ± t₃ · 1/4.
        Assert.Equal(0.75 - T3 / 4, v.Fit.MarginPerDealPursuedInterval!.Value.Lower, 9);
        Assert.Equal(0.75 + T3 / 4, v.Fit.MarginPerDealPursuedInterval.Value.Upper, 9);
        Assert.Equal(0.25 - T3 / 4, v.NonFit.MarginPerDealPursuedInterval!.Value.Lower, 9);
        Assert.Equal(0.25 + T3 / 4, v.NonFit.MarginPerDealPursuedInterval.Value.Upper, 9);

        // The difference 1/2 over G = 8 clusters: scores (y − R)/4 are ±1/16 (six deals) and ±3/16 (two deals):
        // Σ s² = 6/256 + 18/256 = 24/256, V = 8/7 · 24/256, interval 1/2 ± t₇ · √V.
        double se = Math.Sqrt(8.0 / 7 * 24 / 256);
        YieldDifference d = v.MarginPerDealPursued!;
        Assert.Equal(0.75, d.Fit, 12);
        Assert.Equal(0.25, d.NonFit, 12);
        Assert.Equal(0.5, d.Difference, 12);
        Assert.Equal(0.5 - T7 * se, d.DifferenceInterval.Lower, 9);
        Assert.Equal(0.5 + T7 * se, d.DifferenceInterval.Upper, 9);

        // The summary keeps the digits of small amounts (it used to read "fit 1/deal vs non-fit 0/deal, difference 0/deal").
        Assert.Contains("MarginPerDealPursued: fit 0.75/deal vs non-fit 0.25/deal, difference 0.5/deal", v.ToString(), StringComparison.Ordinal);
        Assert.Equal(0.5, v.FitShareOfDeals, 12);
        Assert.Equal(0.75, v.FitShareOfMargin, 12);
    }
}
