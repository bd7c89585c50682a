using IcpAnalytics.Data;
using IcpAnalytics.Icp;
using IcpAnalytics.Segments;

namespace IcpAnalytics.Tests.Icp;

public class FitScoreTests
{
    private static readonly Lazy<IdealCustomerProfile> Profile = new(() =>
        SampleDeals.Generate(6_000, seed: 11).Icp().SegmentBy("industry", "employees", "region").Build());

    [Fact]
    public void Score_AccountInTrueIcp_FitsWithHeldReasons()
    {
        IdealCustomerProfile icp = Profile.Value;
        var account = new AccountProfile().With("industry", "Software").With("employees", 450).With("region", "EMEA");
        FitScore fit = icp.Score(account);
        Assert.True(fit.IsFit);
        Assert.True(icp.Matches(account));
        Assert.Equal("industry = Software and employees 200–1,000", fit.BestRule);
        Assert.Contains(fit.Reasons, r => r.Condition == "employees 200–1,000" && r.Status == ConditionStatus.Held && r.Points > 0);
        Assert.Contains(fit.Reasons, r => r.Condition == "region = North America" && r.Status == ConditionStatus.Missed);
        var outside = new AccountProfile().With("industry", "Retail").With("employees", 30).With("region", "LATAM");
        FitScore low = icp.Score(outside);
        Assert.False(low.IsFit);
        Assert.True(fit.Score > low.Score + 30, $"{fit.Score} vs {low.Score}");
        Assert.InRange(low.Score, 0, 100);
    }

    [Fact]
    public void Score_MissingAttribute_ReasonIsUnknown()
    {
        FitScore fit = Profile.Value.Score(new AccountProfile().With("industry", "Healthcare"));
        Assert.False(fit.IsFit);
        FitReason region = fit.Reasons.Single(r => r.Condition == "region = North America");
        Assert.Equal(ConditionStatus.Unknown, region.Status);
        Assert.Contains("unknown", region.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_UnseenAttributeValue_ScoredWithThatReason()
    {
        FitScore fit = Profile.Value.Score(new AccountProfile().With("industry", "Aerospace").With("region", "North America").With("employees", 450));
        Assert.False(fit.IsFit);
        FitReason industry = fit.Reasons.First(r => r.Condition == "industry = Healthcare");
        Assert.Equal(ConditionStatus.Missed, industry.Status);
        Assert.Contains("not seen in training", industry.Explanation, StringComparison.Ordinal);
        Assert.InRange(fit.Score, 0, 100);
    }

    [Fact]
    public void ScoreDeals_MatchesScoreOfEachAccount()
    {
        IdealCustomerProfile icp = Profile.Value;
        DealSet deals = SampleDeals.Generate(300, seed: 77);
        double[] batch = icp.ScoreDeals(deals);
        bool[] fit = icp.MatchDeals(deals);
        for (int i = 0; i < deals.Count; i++)
        {
            FitScore one = icp.Score(AccountProfile.FromDeal(deals, i));
            Assert.Equal(one.Score, batch[i], 12);
            Assert.Equal(one.IsFit, fit[i]);
        }
    }

    [Fact]
    public void ToJson_RoundTrip_LoadedProfileScoresIdentically()
    {
        IdealCustomerProfile icp = Profile.Value;
        string json = icp.ToJson();
        Assert.Contains("\"schemaVersion\": 1", json, StringComparison.Ordinal);
        IdealCustomerProfile loaded = IdealCustomerProfile.FromJson(json);
        Assert.Equal(json, loaded.ToJson());
        Assert.Equal(icp.Rules.Select(r => r.Text), loaded.Rules.Select(r => r.Text));
        DealSet deals = SampleDeals.Generate(2_000, seed: 78);
        Assert.Equal(icp.ScoreDeals(deals), loaded.ScoreDeals(deals));
        var account = new AccountProfile().With("industry", "Healthcare").With("region", "North America");
        Assert.Equal(icp.Score(account).ToString(), loaded.Score(account).ToString());
    }

    [Fact]
    public void FromJson_OtherSchemaVersion_Rejected()
    {
        string json = Profile.Value.ToJson().Replace("\"schemaVersion\": 1", "\"schemaVersion\": 2", StringComparison.Ordinal);
        var ex = Assert.Throws<IcpAnalyticsException>(() => IdealCustomerProfile.FromJson(json));
        Assert.Contains("schemaVersion 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_InvalidOptions_AllReportedTogether()
    {
        DealSet deals = SampleDeals.Generate(200, seed: 1);
        var ex = Assert.Throws<InvalidOptionsException>(() => deals.Icp().SegmentBy("industry", "nosuch").MinDeals(1).MaxConditions(9)
            .Configure(o => o with { Alpha = 2, ConfirmationShare = 0 }).Build());
        Assert.Equal(5, ex.Problems.Count);
    }

    [Fact]
    public void Build_AttributeWithOneLevel_NoRuleAndFlatScore()
    {
        // Every deal in one industry: a rule "industry = Software" would cover everything, so none is a candidate.
        DealSet all = SampleDeals.Generate(3_000, seed: 4);
        DealSet software = all.Where(i => all.Categorical("industry")[i] == "Software");
        IdealCustomerProfile icp = software.Icp().SegmentBy("industry").Build();
        Assert.Empty(icp.Rules);
        Assert.Equal(50, icp.Score(new AccountProfile().With("industry", "Software")).Score);
        Assert.Contains("no rule is significant", icp.ToString(), StringComparison.Ordinal);
        Assert.Contains(icp.AttributeNotes, n => n.Contains("'industry' is left out: it has one value", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_NoWonDeals_NoRule()
    {
        DealSet all = SampleDeals.Generate(2_000, seed: 4);
        DealSet lost = all.Where(i => !all.IsWon(i));
        IdealCustomerProfile icp = lost.Icp().SegmentBy("industry", "region").Build();
        Assert.Empty(icp.Rules);
        Assert.Equal(0, icp.FitYield.DealsPursued);
        Assert.Equal(0, icp.NonFitYield.MarginPerDealPursued);
    }

    [Fact]
    public void Build_NoEffortHours_RanksByMarginPerDealPursued()
    {
        DealSet deals = TinyNoHours(SampleDeals.Generate(4_000, seed: 12));
        IdealCustomerProfile icp = deals.Icp().SegmentBy("industry", "employees", "region").Build();
        Assert.Equal(ProfitYield.MarginPerDealPursued, icp.Measure);
        Assert.Null(icp.ShareOfEffort);
        Assert.Contains(icp.Rules, r => r.Text == "industry = Software and employees 200–1,000");
        var ex = Assert.Throws<InvalidOptionsException>(() => deals.Icp().RankBy(ProfitYield.MarginPerEffortHour).Build());
        Assert.Contains("no effort hours", ex.Message, StringComparison.Ordinal);
    }

    private static DealSet TinyNoHours(DealSet d) =>
        new(Enumerable.Range(0, d.Count).Select(d.DealId).ToArray(), d.Accounts, d.Reps,
            d.ClosedDays, d.WonFlags, d.Revenue, d.GrossMargin, d.Discount, d.CycleDays, null,
            [.. d.Efforts], [.. d.CategoricalAttributes], [.. d.NumericAttributes], d.LoadReport);
}
