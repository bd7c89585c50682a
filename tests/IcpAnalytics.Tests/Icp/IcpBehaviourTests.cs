using System.Text.Json;
using IcpAnalytics.Data;
using IcpAnalytics.Icp;
using IcpAnalytics.Segments;
using IcpAnalytics.Statistics;

namespace IcpAnalytics.Tests.Icp;

public class IcpBehaviourTests
{
    [Fact]
    public void Build_MissingIndustryYieldsMore_FindsUnknownAsItsOwnLevel()
    {
        // Deals whose industry is missing get 30,000 more margin when won: the search must be able to name "industry = unknown".
        DealSet d = SampleDeals.Generate(new SampleDealsOptions { Count = 20_000, Seed = 21, NoSegmentDifferences = true });
        double[] margin = d.GrossMargin!.ToArray();
        CategoricalColumn industry = d.Categorical("industry");
        for (int i = 0; i < d.Count; i++)
        {
            if (industry.IsMissing(i) && d.IsWon(i)) margin[i] += 30_000;
        }
        var boosted = new DealSet(Enumerable.Range(0, d.Count).Select(d.DealId).ToArray(), d.Accounts, d.Reps, d.ClosedDays, d.WonFlags,
            d.Revenue, new NumericColumn("gross_margin", margin, null), d.Discount, d.CycleDays, d.EffortHours,
            [.. d.Efforts], [.. d.CategoricalAttributes], [.. d.NumericAttributes], d.LoadReport);
        IdealCustomerProfile icp = boosted.Icp().SegmentBy("industry", "region").Build();
        Assert.True(icp.Rules.Count == 1, icp + "\n" + string.Join("\n", icp.RankedRules) + "\n" + boosted.SegmentYield("industry"));
        IcpRule rule = icp.Rules[0];
        Assert.Equal("industry = unknown", rule.Text);
        Assert.True(rule.Conditions[0].IsUnknown);
        // An account without an industry then fits, and one with an industry does not.
        Assert.True(icp.Score(new AccountProfile().With("region", "EMEA")).IsFit);
        Assert.False(icp.Score(new AccountProfile().With("industry", "Retail")).IsFit);
        // The rule's yield on the deals matches the segment yield of the unknown level.
        SegmentYield viaRule = boosted.SegmentYield(rule).Find("industry = unknown")!;
        SegmentYield viaTable = boosted.SegmentYield("industry").Find("industry = unknown")!;
        Assert.Equal(viaTable.DealsPursued, viaRule.DealsPursued);
        Assert.Equal(viaTable.MarginPerEffortHour!.Value, viaRule.MarginPerEffortHour!.Value, 9);
    }

    [Fact]
    public void Build_SameDealsTwice_IdenticalProfile()
    {
        DealSet deals = SampleDeals.Generate(5_000, seed: 31);
        string a = deals.Icp().SegmentBy("industry", "employees", "region").Build().ToJson();
        string b = deals.Icp().SegmentBy("industry", "employees", "region").Build().ToJson();
        Assert.Equal(a, b);
    }

    [Fact]
    public void Build_BenjaminiHochbergAndWinRate_StillRecoversIcp()
    {
        DealSet deals = SampleDeals.Generate(10_000, seed: 13);
        IdealCustomerProfile icp = deals.Icp().SegmentBy("industry", "employees", "region")
            .RankBy(ProfitYield.WinRate)
            .Configure(o => o with { Correction = MultipleTestingCorrection.BenjaminiHochberg })
            .Build();
        Assert.Equal(ProfitYield.WinRate, icp.Measure);
        // The ICP adds 0.20 to the win probability: each found rule's win rate is well above the base 0.22.
        Assert.NotEmpty(icp.Rules);
        Assert.Contains(icp.Rules, r => r.Text == "industry = Software and employees 200–1,000");
        foreach (IcpRule r in icp.Rules) Assert.True(r.Value > 0.3, r.ToString());
    }

    [Fact]
    public void Build_CoverageShares_AddUpWithFitAndNonFit()
    {
        DealSet deals = SampleDeals.Generate(6_000, seed: 11);
        IdealCustomerProfile icp = deals.Icp().SegmentBy("industry", "employees", "region").Build();
        Assert.Equal(deals.Count, icp.FitYield.DealsPursued + icp.NonFitYield.DealsPursued);
        Assert.Equal((double)icp.FitYield.DealsPursued / deals.Count, icp.ShareOfDeals, 12);
        Assert.Equal(icp.FitYield.GrossMargin / deals.GrossMargin!.Sum(), icp.ShareOfMargin, 9);
        Assert.Equal(icp.FitYield.EffortHours!.Value / deals.EffortHours!.Sum(), icp.ShareOfEffort!.Value, 9);
        SegmentYieldTable byFit = deals.SegmentYield(icp);
        Assert.Equal(icp.FitYield.MarginPerEffortHour!.Value, byFit.Find("ICP fit")!.MarginPerEffortHour!.Value, 9);
        // The expected yield of a full match is the best the profile gives: a fit account scores above every non-fit one.
        foreach (IcpRule r in icp.Rules) Assert.Equal(r.ExpectedYieldByConditionsHeld.Max(), r.ExpectedYieldByConditionsHeld[^1]);
    }

    [Fact]
    public void Results_SerializeWithSystemTextJson()
    {
        DealSet deals = SampleDeals.Generate(4_000, seed: 3);
        HoldoutValidation v = deals.Icp().SegmentBy("industry", "employees", "region").ValidateOnDealsClosedAfter(new DateOnly(2025, 6, 1));
        string validation = JsonSerializer.Serialize(v);
        Assert.Contains("\"GainCurve\"", validation, StringComparison.Ordinal);
        Assert.Contains("\"Lower\"", JsonSerializer.Serialize(deals.SegmentYield("industry", "region")), StringComparison.Ordinal);
        Assert.Contains("\"PeakMarginShare\"", JsonSerializer.Serialize(deals.WhaleCurve()), StringComparison.Ordinal);
        Assert.Contains("Fit score", v.Profile.Score(new AccountProfile().With("industry", "Software")).ToString(), StringComparison.Ordinal);
    }
}

public class IcpCopyTests
{
    [Fact]
    public void With_RulesRemoved_CopyScoresWithoutThem()
    {
        IdealCustomerProfile icp = SampleDeals.Generate(6_000, seed: 11).Icp().SegmentBy("industry", "employees", "region").Build();
        var account = new AccountProfile().With("industry", "Software").With("employees", 450);
        Assert.True(icp.Score(account).IsFit);
        IdealCustomerProfile none = icp with { Rules = [] };
        Assert.False(none.Score(account).IsFit);
        Assert.Empty(none.Score(account).Reasons);
        Assert.True(icp.Score(account).IsFit);
    }
}

public class IcpNumericAttributeTests
{
    [Fact]
    public void Build_NumericAttribute_CutIntoQuantileBandsAndScoredFromRawNumbers()
    {
        DealSet d = SampleDeals.Generate(4_000, seed: 8);
        var rng = new Random(3);
        var perAccount = new double[d.Accounts.Levels.Count];
        for (int a = 0; a < perAccount.Length; a++) perAccount[a] = Math.Round(rng.NextDouble() * 20, 1);
        var tenure = new double[d.Count];
        for (int i = 0; i < d.Count; i++) tenure[i] = perAccount[d.Accounts.GetCode(i)];
        var deals = new DealSet(Enumerable.Range(0, d.Count).Select(d.DealId).ToArray(), d.Accounts, d.Reps, d.ClosedDays, d.WonFlags,
            d.Revenue, d.GrossMargin, d.Discount, d.CycleDays, d.EffortHours, [.. d.Efforts], [.. d.CategoricalAttributes],
            [new NumericColumn("tenure_years", tenure, null)], d.LoadReport);

        SegmentYieldTable byTenure = deals.SegmentYield("tenure_years");
        Assert.Equal(4, byTenure.Segments.Count);
        Assert.Equal(deals.Count, byTenure.Segments.Sum(s => s.DealsPursued));

        IdealCustomerProfile icp = deals.Icp().SegmentBy("industry", "employees", "region", "tenure_years").Build();
        IcpAttribute attribute = icp.Attributes.Single(a => a.Name == "tenure_years");
        Assert.NotNull(attribute.BandEdges);
        Assert.Equal(attribute.BandEdges!.Count + 1, attribute.Levels.Count);
        Assert.DoesNotContain(icp.Rules, r => r.Text.Contains("tenure_years", StringComparison.Ordinal));
        Assert.Contains(icp.Rules, r => r.Text == "industry = Software and employees 200–1,000");
        // The batch scorer bands the raw numbers of the deals with the profile's edges.
        double[] scores = icp.ScoreDeals(deals);
        for (int i = 0; i < 50; i++) Assert.Equal(icp.Score(AccountProfile.FromDeal(deals, i)).Score, scores[i], 12);
    }
}
