using IcpAnalytics.Data;
using IcpAnalytics.Icp;
using IcpAnalytics.Tests.Segments;

namespace IcpAnalytics.Tests.Icp;

public class HoldoutValidationHandTests
{
    // Student's t 0.975 quantile on 3 degrees of freedom (published tables: 3.182): the tiny deals have G = 4 accounts.
    private const double T3 = 3.182446305284263;

    /// <summary>Two-sided p-value of Student's t on 3 degrees of freedom, closed form: 1 − (2/π)(x/(√3(1 + x²/3)) + atan(x/√3)).</summary>
    private static double PT3(double t)
    {
        double x = Math.Abs(t);
        return 1 - 2 / Math.PI * (x / (Math.Sqrt(3) * (1 + x * x / 3)) + Math.Atan(x / Math.Sqrt(3)));
    }

    [Fact]
    public void Validate_TinyDeals_ClusteredDifferencesMatchHandCalculation()
    {
        // Fit: deals 0–2 (accounts A1: deals 0, 1; A2: deal 2). Non-fit: deals 3–5 (A3: deals 3, 4; A4: deal 5).
        HoldoutValidation v = HandProfiles.IndustryA().Validate(TinyDeals.Create());
        Assert.Equal(3, v.Fit.DealsPursued);
        Assert.Equal(3, v.NonFit.DealsPursued);

        // Every difference is clustered over the G = 4 accounts of either group: one score per account,
        // s_a = (Y_a − R H_a) / H of its group, V = G/(G−1) · Σ s_a² = 4/3 · Σ s_a², interval d ± t₃ · se.

        // Win rate 2/3 both (mean of the won indicator): difference 0, p = 1. Scores W_a − p n_a:
        // fit A1 1 − 4/3 = −1/3, A2 1 − 2/3 = 1/3; non-fit A3 −1/3, A4 1/3; each / 3 deals → ±1/9; Σ s² = 4/81.
        double seWin = Math.Sqrt(4.0 / 3 * 4 / 81);
        Assert.Equal(0, v.WinRate!.Difference, 12);
        Assert.Equal(1, v.WinRate.PValue, 12);
        Assert.Equal(-T3 * seWin, v.WinRate.DifferenceInterval.Lower, 9);
        Assert.Equal(T3 * seWin, v.WinRate.DifferenceInterval.Upper, 9);
        Assert.Contains("clustered", v.WinRate.Method, StringComparison.Ordinal);

        // Margin per deal: fit 150/3 = 50; non-fit 50/3. Account residuals Σ(y − R) per account:
        // fit A1 100 − 2·50 = 0, A2 50 − 50 = 0; non-fit A3 30 − 2·50/3 = −10/3, A4 20 − 50/3 = 10/3.
        // Σ s² = (0 + 0 + 2 · 100/9) / 3² ; V = 4/3 · (200/9) / 9.
        double seDeal = Math.Sqrt(4.0 / 3 * (200.0 / 9) / 9);
        double dDeal = 50 - 50.0 / 3;
        Assert.Equal(dDeal, v.MarginPerDealPursued!.Difference, 9);
        Assert.Equal(dDeal - T3 * seDeal, v.MarginPerDealPursued.DifferenceInterval.Lower, 6);
        Assert.Equal(dDeal + T3 * seDeal, v.MarginPerDealPursued.DifferenceInterval.Upper, 6);
        Assert.Equal(PT3(dDeal / seDeal), v.MarginPerDealPursued.PValue, 9);

        // Margin per hour: fit 150/20 = 7.5 (A1: 100 − 7.5·15 = −12.5, A2: 50 − 7.5·5 = 12.5);
        // non-fit 50/34 (A3: 30 − 30·50/34, A4: 20 − 4·50/34).
        double rNon = 50.0 / 34;
        double a3 = 30 - 30 * rNon, a4 = 20 - 4 * rNon;
        double seHour = Math.Sqrt(4.0 / 3 * ((12.5 * 12.5 * 2) / (20.0 * 20.0) + (a3 * a3 + a4 * a4) / (34.0 * 34.0)));
        Assert.Equal(7.5 - rNon, v.MarginPerEffortHour!.Difference, 9);
        Assert.Equal(7.5 - rNon - T3 * seHour, v.MarginPerEffortHour.DifferenceInterval.Lower, 6);
        Assert.Equal(7.5 - rNon + T3 * seHour, v.MarginPerEffortHour.DifferenceInterval.Upper, 6);
        Assert.Equal(PT3((7.5 - rNon) / seHour), v.MarginPerEffortHour.PValue, 9);

        // Shares and the gain curve: fit deals score 100, the others 0.
        Assert.Equal(0.5, v.FitShareOfDeals, 12);
        Assert.Equal(20.0 / 54, v.FitShareOfEffort!.Value, 12);
        Assert.Equal(150.0 / 200, v.FitShareOfMargin, 12);
        Assert.Equal(3, v.GainCurve.Count);
        Assert.Equal(new GainCurvePoint(100, 0.5, 20.0 / 54, 0.75), v.GainCurve[1]);
        Assert.Equal(new GainCurvePoint(0, 1, 1, 1), v.GainCurve[2]);
    }

    /// <summary>Deals given as (account, industry A?, won, margin), one rep, no effort hours.</summary>
    private static DealSet Deals(int[] account, bool[] industryA, bool[] won, double[] margin)
    {
        int n = account.Length;
        int accounts = account.Max() + 1;
        return new DealSet(
            [.. Enumerable.Range(1, n).Select(i => "D" + i)],
            new CategoricalColumn("account_id", account, [.. Enumerable.Range(1, accounts).Select(a => "A" + a)], null),
            new CategoricalColumn("rep", new int[n], ["Rep 1"], null),
            [.. Enumerable.Range(0, n).Select(i => new DateOnly(2025, 1, 1).DayNumber + i)],
            [.. won.Select(w => w ? (byte)1 : (byte)0)],
            new NumericColumn("revenue", [.. margin.Select(m => 4 * m + 100)], null),
            new NumericColumn("gross_margin", margin, null),
            null,
            null,
            null,
            [],
            [new CategoricalColumn("industry", [.. industryA.Select(a => a ? 0 : 1)], ["A", "B"], null)],
            [],
            LoadReport.Clean("hand", n));
    }

    [Fact]
    public void Validate_AccountInBothGroups_WinRateAndMarginDifferencesUseOneScorePerAccount()
    {
        // deal | account | industry | won | margin
        //  0   |  A1     | A        |  1  | 100
        //  1   |  A1     | B        |  1  |  60
        //  2   |  A2     | A        |  0  |   0
        //  3   |  A3     | B        |  0  |   0
        //  4   |  A4     | A        |  1  |  40
        //  5   |  A4     | B        |  0  |   0
        // Fit = industry A (deals 0, 2, 4), non-fit = B (1, 3, 5); A1 and A4 have deals in both groups. G = 4 accounts → t₃.
        DealSet deals = Deals([0, 0, 1, 2, 3, 3], [true, false, true, false, true, false],
            [true, true, false, false, true, false], [100, 60, 0, 0, 40, 0]);
        HoldoutValidation v = HandProfiles.IndustryA().Validate(deals);

        // Win rate: fit 2/3, non-fit 1/3. Scores (W_a − p n_a) / n: fit A1 1/9, A2 −2/9, A4 1/9;
        // non-fit A1 2/9, A3 −1/9, A4 −1/9. One score per account, fit minus non-fit:
        // A1 −1/9, A2 −2/9, A3 1/9, A4 2/9; Σ s² = 10/81; V = 4/3 · 10/81 = 40/243.
        // (Adding the two groups' variances separately would ignore that A1 and A4 are in both.)
        double seWin = Math.Sqrt(40.0 / 243);
        Assert.Equal(1.0 / 3, v.WinRate!.Difference, 12);
        Assert.Equal(1.0 / 3 - T3 * seWin, v.WinRate.DifferenceInterval.Lower, 9);
        Assert.Equal(1.0 / 3 + T3 * seWin, v.WinRate.DifferenceInterval.Upper, 9);
        Assert.Equal(PT3(1.0 / 3 / seWin), v.WinRate.PValue, 9);

        // Margin per deal: fit 140/3, non-fit 20. Scores (Y_a − ȳ n_a) / n: fit A1 160/9, A2 −140/9, A4 −20/9;
        // non-fit A1 120/9, A3 −60/9, A4 −60/9. Fit minus non-fit: A1 40/9, A2 −140/9, A3 60/9, A4 40/9;
        // Σ s² = 26,400/81; V = 4/3 · 26,400/81.
        double seDeal = Math.Sqrt(4.0 / 3 * 26_400 / 81);
        Assert.Equal(80.0 / 3, v.MarginPerDealPursued!.Difference, 9);
        Assert.Equal(80.0 / 3 - T3 * seDeal, v.MarginPerDealPursued.DifferenceInterval.Lower, 6);
        Assert.Equal(80.0 / 3 + T3 * seDeal, v.MarginPerDealPursued.DifferenceInterval.Upper, 6);
        Assert.Null(v.MarginPerEffortHour);
    }

    [Fact]
    public void Validate_TreatDealsAsIndependent_WinRateKeepsNewcombeAndPooledZ()
    {
        DealSet deals = Deals([0, 0, 1, 2, 3, 3], [true, false, true, false, true, false],
            [true, true, false, false, true, false], [100, 60, 0, 0, 40, 0]);
        IdealCustomerProfile profile = HandProfiles.IndustryA();
        HoldoutValidation v = (profile with { Options = profile.Options with { TreatDealsAsIndependent = true } }).Validate(deals);
        IcpAnalytics.Statistics.ProportionDifference expected = IcpAnalytics.Statistics.Proportion.Difference(2, 3, 1, 3);
        Assert.Equal(expected.Interval, v.WinRate!.DifferenceInterval);
        Assert.Equal(expected.PValue, v.WinRate.PValue, 12);
        Assert.Contains("Newcombe", v.WinRate.Method, StringComparison.Ordinal);
        // Pooled z: p = 1/2, se = √(1/2 · 1/2 · (1/3 + 1/3)) = √(1/6); z = (1/3) / √(1/6) = 0.8165, two-sided p = 0.4142.
        Assert.Equal(0.4142, v.WinRate.PValue, 4);
    }

    [Fact]
    public void Validate_CorrelatedOutcomesWithinAccounts_ClusteredWinRateDifferenceWiderThanIndependent()
    {
        // 20 accounts of 6 deals each; outcomes agree within an account. Fit (industry A, accounts 0–9): even accounts win
        // 5 of 6, odd ones 1 of 6 → 30/60. Non-fit (B, accounts 10–19): even accounts win 4 of 6, odd ones 0 of 6 → 20/60.
        var account = new List<int>();
        var industryA = new List<bool>();
        var won = new List<bool>();
        for (int a = 0; a < 20; a++)
        {
            bool fit = a < 10;
            int wins = fit ? (a % 2 == 0 ? 5 : 1) : (a % 2 == 0 ? 4 : 0);
            for (int d = 0; d < 6; d++)
            {
                account.Add(a);
                industryA.Add(fit);
                won.Add(d < wins);
            }
        }
        DealSet deals = Deals([.. account], [.. industryA], [.. won], [.. won.Select(w => w ? 50.0 : 0)]);
        IdealCustomerProfile profile = HandProfiles.IndustryA();
        HoldoutValidation clustered = profile.Validate(deals);
        HoldoutValidation independent = (profile with { Options = profile.Options with { TreatDealsAsIndependent = true } }).Validate(deals);

        // Scores (W_a − p n_a) / 60 = ±2/60 for every account (fit: W − 3; non-fit: W − 2); Σ s² = 20 · 4/3,600;
        // V = 20/19 · 80/3,600; interval 1/6 ± t₁₉ · se with t₁₉ = 2.093 (published tables).
        const double t19 = 2.093024054408263;
        double se = Math.Sqrt(20.0 / 19 * 80 / 3_600);
        Assert.Equal(1.0 / 6, clustered.WinRate!.Difference, 12);
        Assert.Equal(1.0 / 6 - t19 * se, clustered.WinRate.DifferenceInterval.Lower, 9);
        Assert.Equal(1.0 / 6 + t19 * se, clustered.WinRate.DifferenceInterval.Upper, 9);

        IcpAnalytics.Statistics.ProportionDifference newcombe = IcpAnalytics.Statistics.Proportion.Difference(30, 60, 20, 60);
        Assert.Equal(newcombe.Interval, independent.WinRate!.DifferenceInterval);
        double clusteredWidth = clustered.WinRate.DifferenceInterval.Upper - clustered.WinRate.DifferenceInterval.Lower;
        double independentWidth = independent.WinRate.DifferenceInterval.Upper - independent.WinRate.DifferenceInterval.Lower;
        Assert.True(clusteredWidth > 1.5 * independentWidth, $"clustered {clusteredWidth}, independent {independentWidth}");
        // Counted by account the evidence is weaker: a larger p-value, and an interval reaching below zero.
        Assert.True(independent.WinRate.PValue < clustered.WinRate.PValue);
        Assert.True(clustered.WinRate.DifferenceInterval.Lower < 0);
    }

    [Fact]
    public void Score_HandProfile_ReasonsWeighConditionsInPoints()
    {
        IdealCustomerProfile icp = HandProfiles.IndustryA();
        FitScore a = icp.Score(new AccountProfile().With("industry", "A"));
        Assert.Equal(100, a.Score);
        FitReason held = Assert.Single(a.Reasons);
        Assert.Equal(ConditionStatus.Held, held.Status);
        Assert.Equal(100, held.Points, 12);
        FitScore b = icp.Score(new AccountProfile().With("industry", "B"));
        Assert.Equal(0, b.Score);
        Assert.Equal(ConditionStatus.Missed, b.Reasons[0].Status);
        Assert.Contains("industry is B", b.Reasons[0].Explanation, StringComparison.Ordinal);
    }
}

public class IcpJsonBadInputTests
{
    [Theory]
    [InlineData("[]")]
    [InlineData("{\"schemaVersion\": \"one\"}")]
    [InlineData("{}")]
    [InlineData("{\"schemaVersion\": 1}")]
    public void FromJson_NotAProfile_ThrowsIcpAnalyticsException(string json)
    {
        Assert.ThrowsAny<IcpAnalyticsException>(() => IdealCustomerProfile.FromJson(json));
    }
}
