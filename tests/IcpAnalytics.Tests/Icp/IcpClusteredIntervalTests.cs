using IcpAnalytics.Data;
using IcpAnalytics.Icp;
using IcpAnalytics.Reports;
using IcpAnalytics.Segments;
using IcpAnalytics.Statistics;

namespace IcpAnalytics.Tests.Icp;

public class IcpClusteredIntervalTests
{
    private const double Z95 = 1.959963984540054;

    // Student's t 0.975 quantile on 9 degrees of freedom (published tables: 2.262): clustered intervals over G = 10 accounts.
    private const double T9 = 2.262157162798205;
    private const int Copies = 5;

    // Copies × four accounts of two deals each, 10 effort hours per deal:
    // account | industry | deals (won, margin)
    //  P_c    | A        | (1, 100), (1, 100)
    //  Q_c    | A        | (0, 0),   (0, 0)
    //  R_c    | B        | (1, 20),  (1, 20)
    //  S_c    | B        | (0, 0),   (0, 0)
    // Each account's deals agree, so the account, not the deal, is the unit of evidence.
    //
    // Industry A, k = 5 copies: n = 4k = 20 deals in G = 2k = 10 accounts, ȳ = 50, win rate 1/2.
    // Clustered: account scores Y_a − ȳ n_a = ±100, Σ u² = 2k · 10,000; V = G/(G−1) · Σ u² / n² = 2,500 / (2k − 1) = 2,500 / 9,
    // se = 50 / 3. Independent: deal residuals ±50, Σ r² = 4k · 2,500; V = Σ r² / (n − 1) / n = 2,500 / (4k − 1) = 2,500 / 19.
    // Per effort hour (Σ h = 10 n): both divided by 10. Win rate: scores W_a − p n_a = ±1, Σ = 2k; cluster variance
    // G/(G−1) · 2k / n², binomial n p (1 − p) / n² = k / n²; design effect 2 · 2k / (2k − 1) = 20 / 9, n_eff = 9.
    // Industry B is industry A with margins divided by 5.
    internal static DealSet Blocks()
    {
        var account = new List<int>();
        var industry = new List<int>();
        var won = new List<byte>();
        var margin = new List<double>();
        for (int c = 0; c < Copies; c++)
        {
            for (int a = 0; a < 4; a++)
            {
                for (int d = 0; d < 2; d++)
                {
                    account.Add(4 * c + a);
                    industry.Add(a < 2 ? 0 : 1);
                    bool w = a % 2 == 0;
                    won.Add(w ? (byte)1 : (byte)0);
                    margin.Add(!w ? 0 : a == 0 ? 100 : 20);
                }
            }
        }
        int n = account.Count;
        string[] names = ["P", "Q", "R", "S"];
        return new DealSet(
            [.. Enumerable.Range(1, n).Select(i => "D" + i)],
            new CategoricalColumn("account_id", [.. account], [.. Enumerable.Range(0, 4 * Copies).Select(a => names[a % 4] + (a / 4))], null),
            new CategoricalColumn("rep", new int[n], ["Rep 1"], null),
            [.. Enumerable.Range(0, n).Select(i => new DateOnly(2025, 1, 1).DayNumber + i)],
            [.. won],
            new NumericColumn("revenue", [.. margin.Select(m => m > 0 ? 4 * m : 200)], null),
            new NumericColumn("gross_margin", [.. margin], null),
            null,
            null,
            new NumericColumn("effort_hours", [.. Enumerable.Repeat(10.0, n)], null),
            [],
            [new CategoricalColumn("industry", [.. industry], ["A", "B"], null)],
            [],
            LoadReport.Clean("blocks", n));
    }

    private static IcpRule RuleA(bool independent)
    {
        IdealCustomerProfile icp = Blocks().Icp().SegmentBy("industry").MinDeals(2)
            .Configure(o => o with { MinDiscoveryZ = 0, MaxRules = 1, TreatDealsAsIndependent = independent })
            .Build();
        return Assert.Single(icp.RankedRules, r => r.Text == "industry = A");
    }

    private static double WilsonHalf(double p, double n) =>
        Z95 * Math.Sqrt(p * (1 - p) / n + Z95 * Z95 / (4 * n * n)) / (1 + Z95 * Z95 / n);

    [Fact]
    public void Build_AccountsWithSeveralDeals_RuleIntervalsMatchHandClusterVariance()
    {
        IcpRule rule = RuleA(independent: false);
        Assert.Equal(ProfitYield.MarginPerEffortHour, rule.Measure);
        Assert.Equal(5, rule.Value, 12);
        // G = 10 accounts: Student's t on 9 degrees of freedom.
        Assert.Equal(5 - T9 * 5.0 / 3, rule.ValueInterval!.Value.Lower, 9);
        Assert.Equal(5 + T9 * 5.0 / 3, rule.ValueInterval!.Value.Upper, 9);
        Assert.Equal(50 - T9 * 50.0 / 3, rule.Yield.MarginPerDealPursuedInterval!.Value.Lower, 9);
        Assert.Equal(0.5 - WilsonHalf(0.5, 9), rule.Yield.WinRateInterval.Lower, 9);
        Assert.Equal(0.5 + WilsonHalf(0.5, 9), rule.Yield.WinRateInterval.Upper, 9);
    }

    [Fact]
    public void Build_TreatDealsAsIndependent_RuleIntervalsNarrowerByHandAmount()
    {
        IcpRule clustered = RuleA(independent: false);
        IcpRule independent = RuleA(independent: true);
        Assert.Equal(5 - Z95 * 5 / Math.Sqrt(19), independent.ValueInterval!.Value.Lower, 9);
        Assert.Equal(50 + Z95 * 50 / Math.Sqrt(19), independent.Yield.MarginPerDealPursuedInterval!.Value.Upper, 9);
        Assert.Equal(Proportion.Wilson(10, 20).Lower, independent.Yield.WinRateInterval.Lower, 12);
        // Clustered half-width / independent half-width = (t₉ / 3) / (z / √19) = √19 t₉ / (3 z) ≈ 1.677.
        double ratio = Width(clustered.ValueInterval!.Value) / Width(independent.ValueInterval!.Value);
        Assert.Equal(Math.Sqrt(19) * T9 / (3 * Z95), ratio, 9);
        // The point estimates do not depend on the option.
        Assert.Equal(clustered.Value, independent.Value, 12);
    }

    [Fact]
    public void Build_SampleDeals_RuleIntervalsEqualSegmentYieldOfTheRule()
    {
        DealSet deals = SampleDeals.Generate(6_000, seed: 11);
        IdealCustomerProfile icp = deals.Icp().SegmentBy("industry", "employees", "region").Build();
        IdealCustomerProfile independentIcp = deals.Icp().SegmentBy("industry", "employees", "region")
            .Configure(o => o with { TreatDealsAsIndependent = true }).Build();
        Assert.NotEmpty(icp.RankedRules);
        bool anyWider = false;
        foreach (IcpRule rule in icp.RankedRules)
        {
            SegmentYield table = deals.SegmentYield(rule).Find(rule.Text)!;
            Assert.Equal(table.DealsPursued, rule.Yield.DealsPursued);
            AssertSameIntervals(table, rule.Yield);
            Assert.Equal(table.IntervalOf(rule.Measure)!.Value.Lower, rule.ValueInterval!.Value.Lower, 9);
            Assert.Equal(table.IntervalOf(rule.Measure)!.Value.Upper, rule.ValueInterval!.Value.Upper, 9);

            IcpRule independent = Assert.Single(independentIcp.RankedRules, r => r.Text == rule.Text);
            SegmentYield independentTable = deals.SegmentYield(rule, new SegmentYieldOptions { TreatDealsAsIndependent = true }).Find(rule.Text)!;
            AssertSameIntervals(independentTable, independent.Yield);
            anyWider |= Width(rule.ValueInterval!.Value) > Width(independent.ValueInterval!.Value);
        }
        // Sample accounts have several deals each, so clustering matters somewhere.
        Assert.True(anyWider);
    }

    [Fact]
    public void Validate_AccountsWithSeveralDeals_GroupIntervalsClusteredByAccount()
    {
        // The profile's single rule is "industry = A": fit = industry A, non-fit = industry B (margins / 5).
        IdealCustomerProfile profile = HandProfiles.IndustryA();
        HoldoutValidation v = profile.Validate(Blocks());
        Assert.Equal(20, v.Fit.DealsPursued);
        Assert.Equal(50 - T9 * 50.0 / 3, v.Fit.MarginPerDealPursuedInterval!.Value.Lower, 9);
        Assert.Equal(5 + T9 * 5.0 / 3, v.Fit.MarginPerEffortHourInterval!.Value.Upper, 9);
        Assert.Equal(0.5 - WilsonHalf(0.5, 9), v.Fit.WinRateInterval.Lower, 9);
        Assert.Equal(10 - T9 * 10.0 / 3, v.NonFit.MarginPerDealPursuedInterval!.Value.Lower, 9);

        HoldoutValidation independent = (profile with { Options = profile.Options with { TreatDealsAsIndependent = true } }).Validate(Blocks());
        Assert.Equal(50 - Z95 * 50 / Math.Sqrt(19), independent.Fit.MarginPerDealPursuedInterval!.Value.Lower, 9);
        Assert.Equal(1 + Z95 * 1 / Math.Sqrt(19), independent.NonFit.MarginPerEffortHourInterval!.Value.Upper, 9);
        Assert.Equal(Proportion.Wilson(10, 20).Upper, independent.NonFit.WinRateInterval.Upper, 12);
        // The differences are clustered by account either way.
        Assert.Equal(v.MarginPerDealPursued!.DifferenceInterval, independent.MarginPerDealPursued!.DifferenceInterval);
    }

    [Fact]
    public void Report_IcpAndHoldoutSections_StateHowIntervalsAreComputed()
    {
        DealSet deals = SampleDeals.Generate(4_000, seed: 21);
        var cut = new DateOnly(2025, 7, 1);
        foreach (bool independent in (bool[])[false, true])
        {
            HoldoutValidation v = deals.Icp().Configure(o => o with { TreatDealsAsIndependent = independent }).ValidateOnDealsClosedAfter(cut);
            ProfitYieldReport report = ProfitYieldReport.For(deals).WithIcp(v.Profile).WithHoldoutValidation(v).Build();
            string icpText = string.Join(" ", report.FindSection("icp")!.Paragraphs);
            string holdoutText = string.Join(" ", report.FindSection("holdout")!.Paragraphs);
            Assert.Contains(independent ? "Each rule's interval treats every deal as independent" : "Each rule's interval is clustered by account", icpText, StringComparison.Ordinal);
            // Plain words in the section (issue 15); the method's terms are explained once in the glossary.
            Assert.Contains(independent ? "the win rate and each group's own ranges treat every deal as independent" : "Deals of one account count together", holdoutText, StringComparison.Ordinal);
            Assert.Contains("The margin ranges count deals of one account together", independent ? holdoutText : "The margin ranges count deals of one account together", StringComparison.Ordinal);
            string glossary = string.Join(" ", report.FindTable("definitions")!.Rows.Select(row => row[1].Text));
            Assert.Contains("Student's t on the number of accounts − 1 \"degrees of freedom\"", glossary, StringComparison.Ordinal);
            Assert.Equal(independent, v.WinRate!.Method.Contains("Newcombe", StringComparison.Ordinal));
        }
    }

    private static void AssertSameIntervals(SegmentYield expected, SegmentYield actual)
    {
        Assert.Equal(expected.WinRateInterval.Lower, actual.WinRateInterval.Lower, 12);
        Assert.Equal(expected.WinRateInterval.Upper, actual.WinRateInterval.Upper, 12);
        Assert.Equal(expected.MarginPerDealPursuedInterval!.Value.Lower, actual.MarginPerDealPursuedInterval!.Value.Lower, 6);
        Assert.Equal(expected.MarginPerDealPursuedInterval!.Value.Upper, actual.MarginPerDealPursuedInterval!.Value.Upper, 6);
        Assert.Equal(expected.MarginPerEffortHourInterval!.Value.Lower, actual.MarginPerEffortHourInterval!.Value.Lower, 9);
        Assert.Equal(expected.MarginPerEffortHourInterval!.Value.Upper, actual.MarginPerEffortHourInterval!.Value.Upper, 9);
    }

    private static double Width(Interval i) => i.Upper - i.Lower;
}
