using IcpAnalytics.Data;
using IcpAnalytics.Icp;

namespace IcpAnalytics.Tests.Icp;

/// <summary>The scoring fast path (<see cref="IdealCustomerProfile.ScoreWithoutReasons"/>) gives what the full path gives.</summary>
public class FitScoreFastPathTests
{
    [Fact]
    public void ScoreWithoutReasons_ManyAccounts_IdenticalToScoreAndBatch()
    {
        IdealCustomerProfile icp = SampleDeals.Generate(6_000, seed: 11).Icp().SegmentBy("industry", "employees", "region").Build();
        Assert.NotEmpty(icp.Rules);
        DealSet deals = SampleDeals.Generate(5_000, seed: 78);
        double[] batch = icp.ScoreDeals(deals);
        int fits = 0;
        var rng = new Random(5);
        string[] industries = ["Software", "Retail", "Healthcare", "Aerospace"];
        for (int i = 0; i < deals.Count; i++)
        {
            AccountProfile account = AccountProfile.FromDeal(deals, i);
            // Every fifth account loses an attribute or gets a value training never saw: missing and unseen codes too.
            if (i % 5 == 1) account = account.With("region", null);
            if (i % 5 == 2) account = account.With("industry", industries[rng.Next(industries.Length)]);
            if (i % 5 == 3) account = account.With("employees", double.NaN);
            FitScore full = icp.Score(account);
            FitScoreSummary fast = icp.ScoreWithoutReasons(account);
            Assert.Equal(full.Score, fast.Score);
            Assert.Equal(full.IsFit, fast.IsFit);
            Assert.Equal(full.ExpectedYield, fast.ExpectedYield);
            Assert.Equal(full.BestRule, fast.BestRule);
            if (i % 5 == 0 || i % 5 == 4) Assert.Equal(batch[i], fast.Score);
            if (fast.IsFit) fits++;
        }
        // Both fit and non-fit accounts were compared (SampleDeals' true ICP covers roughly a fifth of accounts).
        Assert.InRange(fits, 200, 4_000);
    }

    [Fact]
    public void ScoreWithoutReasons_EmptyAccount_ScoresLikeFullPath()
    {
        IdealCustomerProfile icp = SampleDeals.Generate(6_000, seed: 11).Icp().SegmentBy("industry", "employees", "region").Build();
        FitScore full = icp.Score(new AccountProfile());
        FitScoreSummary fast = icp.ScoreWithoutReasons(new AccountProfile());
        Assert.False(fast.IsFit);
        Assert.Equal(full.Score, fast.Score);
        Assert.Equal(full.BestRule, fast.BestRule);
    }
}
