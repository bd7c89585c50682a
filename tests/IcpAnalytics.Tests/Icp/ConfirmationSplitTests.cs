using IcpAnalytics.Data;
using IcpAnalytics.Icp;

namespace IcpAnalytics.Tests.Icp;

/// <summary>The discovery/confirmation split without an account column, with one deal per account, and with very few accounts.</summary>
public class ConfirmationSplitTests
{
    /// <summary>
    /// Deals with a true ICP: industry "A" (a fifth of deals) wins 45 % at margin 3,000, others win 25 % at 1,500; 20 hours
    /// per deal. Accounts: none (<paramref name="accounts"/> = 0), one per deal (−1), or that many accounts shared by all deals.
    /// </summary>
    internal static DealSet Create(int n, int accounts, int seed)
    {
        var rng = new Random(seed);
        string[] industries = ["A", "B", "C", "D", "E"];
        var ind = new int[n];
        var won = new byte[n];
        var margin = new double[n];
        var account = new int[n];
        var days = new int[n];
        int start = new DateOnly(2024, 1, 1).DayNumber;
        for (int i = 0; i < n; i++)
        {
            ind[i] = rng.Next(5);
            bool w = rng.NextDouble() < (ind[i] == 0 ? 0.45 : 0.25);
            won[i] = w ? (byte)1 : (byte)0;
            margin[i] = w ? (ind[i] == 0 ? 3_000 : 1_500) * (0.6 + 0.8 * rng.NextDouble()) : 0;
            account[i] = accounts == 0 ? -1 : accounts < 0 ? i : rng.Next(accounts);
            days[i] = start + (int)((long)i * 730 / n);
        }
        int levels = accounts == 0 ? 0 : accounts < 0 ? n : accounts;
        return new DealSet(
            [.. Enumerable.Range(1, n).Select(i => "D" + i)],
            new CategoricalColumn("account_id", account, [.. Enumerable.Range(0, levels).Select(a => "ACC" + a)], null),
            new CategoricalColumn("rep", new int[n], ["Rep 1"], null),
            days, won,
            new NumericColumn("revenue", [.. margin.Select(m => m > 0 ? 3 * m : 5_000)], null),
            new NumericColumn("gross_margin", margin, null),
            null, null,
            new NumericColumn("effort_hours", [.. Enumerable.Repeat(20.0, n)], null),
            [],
            [new CategoricalColumn("industry", ind, industries, null)],
            [],
            LoadReport.Clean("split", n));
    }

    [Fact]
    public void NoAccountColumn_SplitsByDeal_TrueRuleConfirmedAndHoldsOnLaterDeals()
    {
        DealSet deals = Create(4_000, accounts: 0, seed: 3);
        HoldoutValidation proof = deals.Icp().SegmentBy("industry").ValidateOnDealsClosedAfter(new DateOnly(2025, 7, 1));
        IdealCustomerProfile icp = proof.Profile;
        Assert.Equal(ConfirmationSplitUnit.Deals, icp.Split.Unit);
        Assert.Equal(0, icp.Split.Accounts);
        Assert.Contains("no account column", icp.Split.Description, StringComparison.Ordinal);
        Assert.False(icp.Split.IsEvidenceThin);
        // Both halves hold about half the 3,000 training deals (seeded coin per deal).
        Assert.InRange(icp.ConfirmationDeals, 1_300, 1_700);
        Assert.Equal(icp.TrainingDeals, icp.ConfirmationDeals + icp.DiscoveryDeals);
        IcpRule rule = Assert.Single(icp.Rules);
        Assert.Equal("industry = A", rule.Text);
        Assert.True(rule.AdjustedPValue < 0.001, $"adjusted p {rule.AdjustedPValue}");
        // On the 1,000 later deals: true fit 0.45·3,000 / 20 = 67.5/h vs non-fit 0.25·1,500 / 20 = 18.75/h.
        Assert.NotNull(proof.MarginPerEffortHour);
        Assert.True(proof.MarginPerEffortHour!.PValue < 0.001);
        Assert.InRange(proof.MarginPerEffortHour.Difference, 30, 70);
        Assert.Contains("no account column", icp.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void OneAccountPerDeal_SplitsByDeal_RuleConfirmed()
    {
        IdealCustomerProfile icp = Create(3_000, accounts: -1, seed: 4).Icp().SegmentBy("industry").Build();
        Assert.Equal(ConfirmationSplitUnit.Deals, icp.Split.Unit);
        Assert.Equal(3_000, icp.Split.Accounts);
        Assert.Contains("every account has one deal", icp.Split.Description, StringComparison.Ordinal);
        Assert.Equal("industry = A", Assert.Single(icp.Rules).Text);
    }

    [Fact]
    public void ManyAccounts_SplitsByAccount_NoAccountOnBothSides()
    {
        IdealCustomerProfile icp = Create(3_000, accounts: 400, seed: 5).Icp().SegmentBy("industry").Build();
        Assert.Equal(ConfirmationSplitUnit.Accounts, icp.Split.Unit);
        Assert.Equal("split by account", icp.Split.Description);
        Assert.Equal(400, icp.Split.Accounts);
        Assert.InRange(icp.Split.ConfirmationUnits, 160, 240);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(8)]
    public void VeryFewAccounts_SplitsByDeal_NeitherHalfEmpty_EvidenceThin(int accounts)
    {
        IdealCustomerProfile icp = Create(800, accounts, seed: 6).Icp().SegmentBy("industry").Build();
        Assert.Equal(ConfirmationSplitUnit.Deals, icp.Split.Unit);
        Assert.Equal(accounts, icp.Split.Accounts);
        Assert.True(icp.Split.IsEvidenceThin);
        Assert.NotNull(icp.Split.EvidenceNote);
        Assert.InRange(icp.ConfirmationDeals, 320, 480);
        Assert.InRange(icp.DiscoveryDeals, 320, 480);
        // Deals are the confirmation units, so a real rule still gets a finite p-value (not the p = 1 of an empty half).
        Assert.All(icp.RankedRules, r => Assert.True(r.PValue < 1));
    }

    [Fact]
    public void TwoDealsOnly_NeitherSideEmpty()
    {
        // The coins may put both units on one side; the fallback keeps one on each.
        for (int seed = 0; seed < 20; seed++)
        {
            DealSet deals = Create(2, accounts: 0, seed: 7);
            IdealCustomerProfile icp = deals.Icp().SegmentBy("industry").MinDeals(2).Configure(o => o with { Seed = seed }).Build();
            Assert.Equal(1, icp.ConfirmationDeals);
            Assert.Equal(1, icp.DiscoveryDeals);
            Assert.True(icp.Split.IsEvidenceThin);
        }
    }
}
