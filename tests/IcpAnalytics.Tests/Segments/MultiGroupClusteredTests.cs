using IcpAnalytics.Data;
using IcpAnalytics.Icp;
using IcpAnalytics.Segments;
using IcpAnalytics.Statistics;

namespace IcpAnalytics.Tests.Segments;

/// <summary>
/// Regression tests of the crash when an account's deals fall into several groups (a deal-level attribute such as product
/// line): every pass that shares the clustered (group, account) cells — segment yield, rule yields, fit/non-fit, holdout —
/// runs and gives the cluster-robust intervals of the plain formula.
/// </summary>
public class MultiGroupClusteredTests
{
    private static readonly DealSet Deals = MultiGroupDeals.Create();

    private static void AssertMatchesPlain(DealSet deals, SegmentYield yield, Func<int, bool> inGroup)
    {
        var perDeal = PlainClusterFormula.PerDeal(deals, inGroup);
        var perHour = PlainClusterFormula.PerHour(deals, inGroup);
        Assert.Equal(perDeal.Estimate, yield.MarginPerDealPursued, 9);
        Assert.Equal(perDeal.Lower, yield.MarginPerDealPursuedInterval!.Value.Lower, 6);
        Assert.Equal(perDeal.Upper, yield.MarginPerDealPursuedInterval!.Value.Upper, 6);
        Assert.Equal(perHour.Estimate, yield.MarginPerEffortHour!.Value, 9);
        Assert.Equal(perHour.Lower, yield.MarginPerEffortHourInterval!.Value.Lower, 6);
        Assert.Equal(perHour.Upper, yield.MarginPerEffortHourInterval!.Value.Upper, 6);
    }

    [Fact]
    public void Generator_ManyAccountsHaveDealsInSeveralProducts()
    {
        var productsOf = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        CategoricalColumn product = Deals.Categorical("product");
        for (int i = 0; i < Deals.Count; i++)
        {
            if (Deals.Accounts[i] is not { } a) continue;
            if (!productsOf.TryGetValue(a, out HashSet<string>? set)) productsOf[a] = set = new HashSet<string>(StringComparer.Ordinal);
            set.Add(product[i]!);
        }
        // Far more than the 256 cells the table starts with: the crash needed only one resize.
        Assert.True(productsOf.Values.Count(s => s.Count >= 2) > 2_000);
    }

    [Fact]
    public void SegmentYield_DealLevelAttribute_IntervalsEqualPlainClusterFormula()
    {
        SegmentYieldTable table = Deals.SegmentYield("product");
        Assert.False(table.DealsTreatedAsIndependent);
        CategoricalColumn product = Deals.Categorical("product");
        foreach (string p in MultiGroupDeals.Products)
        {
            SegmentYield s = table.Find("product = " + p)!;
            AssertMatchesPlain(Deals, s, i => product[i] == p);
        }
        AssertMatchesPlain(Deals, table.Whole, _ => true);
    }

    [Fact]
    public void SegmentYield_DealAndAccountAttributes_IntervalsEqualPlainClusterFormula()
    {
        SegmentYieldTable table = Deals.SegmentYield("industry", "product");
        CategoricalColumn product = Deals.Categorical("product");
        CategoricalColumn industry = Deals.Categorical("industry");
        Assert.Equal(12, table.Segments.Count);
        foreach (SegmentYield s in table.Segments)
            AssertMatchesPlain(Deals, s, i => industry[i] == s.Levels[0] && product[i] == s.Levels[1]);
    }

    [Fact]
    public void Icp_DealLevelAttribute_RuleAndFitYieldsEqualPlainClusterFormula()
    {
        IdealCustomerProfile icp = Deals.Icp().SegmentBy("product", "industry").MinDeals(50)
            .Configure(o => o with { MinDiscoveryZ = 0 }).Build();
        Assert.NotEmpty(icp.RankedRules);
        CategoricalColumn product = Deals.Categorical("product");
        CategoricalColumn industry = Deals.Categorical("industry");
        bool Holds(IcpRule rule, int i) => rule.Conditions.All(c => (c.Attribute == "product" ? product[i] : industry[i]) == c.Level);
        foreach (IcpRule rule in icp.RankedRules) AssertMatchesPlain(Deals, rule.Yield, i => Holds(rule, i));
        bool Fit(int i) => icp.Rules.Any(r => Holds(r, i));
        AssertMatchesPlain(Deals, icp.FitYield, Fit);
        AssertMatchesPlain(Deals, icp.NonFitYield, i => !Fit(i));
    }

    [Fact]
    public void Holdout_ProfileOnDealLevelAttribute_FitAndNonFitIntervalsEqualPlainClusterFormula()
    {
        DealSet later = Deals.ClosedOnOrAfter(new DateOnly(2025, 1, 1));
        IdealCustomerProfile icp = Deals.ClosedBefore(new DateOnly(2025, 1, 1)).Icp().SegmentBy("product").MinDeals(50)
            .Configure(o => o with { MinDiscoveryZ = 0 }).Build();
        Assert.NotEmpty(icp.Rules);
        HoldoutValidation proof = icp.Validate(later);
        CategoricalColumn product = later.Categorical("product");
        bool Fit(int i) => icp.Rules.Any(r => r.Conditions.All(c => product[i] == c.Level));
        AssertMatchesPlain(later, proof.Fit, Fit);
        AssertMatchesPlain(later, proof.NonFit, i => !Fit(i));
        // Accounts with deals on both sides are one score each in the clustered difference: G = accounts in either group.
        var accounts = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < later.Count; i++) accounts.Add(later.Accounts[i] ?? "deal:" + later.DealId(i));
        Assert.NotNull(proof.MarginPerDealPursued);
        double t = MathNet.Numerics.Distributions.StudentT.InvCDF(0, 1, accounts.Count - 1, 0.975);
        Interval d = proof.MarginPerDealPursued!.DifferenceInterval;
        double se = (d.Upper - d.Lower) / (2 * t);
        Assert.Equal(PlainDifferenceSe(later, Fit), se, 6);
    }

    /// <summary>The clustered standard error of (fit − non-fit) margin per deal: one score per account over both groups.</summary>
    private static double PlainDifferenceSe(DealSet deals, Func<int, bool> fit)
    {
        double ya = 0, na = 0, yb = 0, nb = 0;
        for (int i = 0; i < deals.Count; i++)
        {
            double y = deals.IsWon(i) ? deals.GrossMargin![i] : 0;
            if (fit(i)) { ya += y; na++; } else { yb += y; nb++; }
        }
        double ra = ya / na, rb = yb / nb;
        var score = new Dictionary<string, double>(StringComparer.Ordinal);
        for (int i = 0; i < deals.Count; i++)
        {
            double y = deals.IsWon(i) ? deals.GrossMargin![i] : 0;
            string key = deals.Accounts[i] ?? "deal:" + deals.DealId(i);
            score.TryGetValue(key, out double s);
            score[key] = s + (fit(i) ? (y - ra) / na : -(y - rb) / nb);
        }
        double ss = score.Values.Sum(v => v * v);
        int g = score.Count;
        return Math.Sqrt(ss * g / (g - 1));
    }
}
