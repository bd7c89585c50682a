using IcpAnalytics.Data;
using IcpAnalytics.Icp;
using Xunit.Abstractions;
using W = IcpAnalytics.Tests.Icp.NestedSegmentsWorld;

namespace IcpAnalytics.Tests.Icp;

/// <summary>The rule selection finds the rich segments inside broad bands (<see cref="NestedSegmentsWorld"/>) and stays quiet on noise.</summary>
public class NestedRuleSelectionTests(ITestOutputHelper output)
{
    private static bool InFit(int i, int e, int r, int o) => e == 2 || (r == 2 && (i == 2 || o == 2));

    [Fact]
    public void PopulationValues_FromTheDesign()
    {
        Assert.Equal(125, W.PopulationYield((i, e, _, _) => e == 2 && i == 0), 9);
        Assert.Equal(150, W.PopulationYield((i, e, _, _) => e == 2 && i == 1), 9);
        // S3's rule: 70 % of its deals outside the employee band at 0.45·4,500/18, 30 % inside it at 0.32·2,500/20.
        Assert.Equal((0.7 * 0.45 * 4_500 + 0.3 * 0.32 * 2_500) / (0.7 * 18 + 0.3 * 20), W.PopulationYield((i, _, r, _) => r == 2 && i == 2), 9);
    }

    [Fact]
    public void Search_FourRichSegmentsInsideBroadBands_AllDeclaredNestedCoveredAndTheHoldoutGapTrue()
    {
        // Population values of each rule's deals, summed exactly over the design's cells (NestedSegmentsWorld).
        var truth = new Dictionary<string, double>
        {
            [W.S1] = W.PopulationYield((i, e, _, _) => e == 2 && i == 0),
            [W.S2] = W.PopulationYield((i, e, _, _) => e == 2 && i == 1),
            [W.S3] = W.PopulationYield((i, _, r, _) => r == 2 && i == 2),
            [W.S4] = W.PopulationYield((_, _, r, o) => r == 2 && o == 2),
        };
        Assert.Equal(125, truth[W.S1], 9);
        Assert.Equal(150, truth[W.S2], 9);
        double trueGap = W.PopulationYield(InFit) - W.PopulationYield((i, e, r, o) => !InFit(i, e, r, o));
        output.WriteLine($"true gap {trueGap:F2}; S3 {truth[W.S3]:F2}, S4 {truth[W.S4]:F2}");

        int covered = 0, intervals = 0;
        const int seeds = 4;
        for (int seed = 1; seed <= seeds; seed++)
        {
            DealSet deals = W.Generate(60_000, seed);
            HoldoutValidation proof = deals.Icp().SegmentBy(W.AccountAttributes).ValidateOnDealsClosedAfter(new DateOnly(2025, 1, 1));
            IdealCustomerProfile icp = proof.Profile;
            output.WriteLine($"seed {seed}: " + icp);
            foreach (IcpRule r in icp.RankedRules) output.WriteLine("  " + r + (r.IsSignificant ? "" : " [out]"));
            string[] declared = [.. icp.Rules.Select(r => r.Text)];
            // All four true segments declared, each shown inside its broad band where that band is itself declared.
            foreach (string s in truth.Keys) Assert.Contains(s, declared);
            Assert.Contains(W.B1, declared);
            Assert.Equal(W.B1, icp.Rules.Single(r => r.Text == W.S1).NestedIn);
            Assert.Equal(W.B1, icp.Rules.Single(r => r.Text == W.S2).NestedIn);
            // The revenue band is rich only through S3 and S4 inside it: it gives way to them.
            Assert.DoesNotContain(W.B2, declared);
            foreach (IcpRule r in icp.Rules.Where(r => truth.ContainsKey(r.Text)))
            {
                intervals++;
                if (r.ValueInterval!.Value.Lower <= truth[r.Text] && truth[r.Text] <= r.ValueInterval.Value.Upper) covered++;
            }
            // No near-copies among the declared rules.
            var masks = icp.Rules.Select(r => Enumerable.Range(0, deals.Count).Select(i => RuleHolds(r, deals, i)).ToArray()).ToArray();
            for (int a = 0; a < masks.Length; a++)
                for (int b = a + 1; b < masks.Length; b++)
                {
                    int inter = 0, union = 0;
                    for (int i = 0; i < deals.Count; i++)
                    {
                        if (masks[a][i] && masks[b][i]) inter++;
                        if (masks[a][i] || masks[b][i]) union++;
                    }
                    Assert.True(inter <= 0.9 * union, $"{icp.Rules[a].Text} and {icp.Rules[b].Text} overlap with Jaccard {(double)inter / union:F2}");
                }
            double gap = proof.MarginPerEffortHour!.Difference;
            output.WriteLine($"  holdout gap {gap:F2} vs true {trueGap:F2}");
            Assert.InRange(gap, 0.85 * trueGap, 1.15 * trueGap);
        }
        // 95 % intervals: with 16 of them, at least 13 cover (the chance of fewer is below 1 %).
        output.WriteLine($"{covered} of {intervals} intervals cover the population value");
        Assert.Equal(4 * seeds, intervals);
        Assert.True(covered >= 13, $"{covered} of {intervals} intervals cover");
    }

    private static bool RuleHolds(IcpRule rule, DealSet deals, int i)
    {
        foreach (RuleCondition c in rule.Conditions)
        {
            CategoricalColumn col = deals.Categorical(c.Attribute);
            if (col.IsMissing(i) || col.Levels[col.GetCode(i)] != c.Level) return false;
        }
        return true;
    }

    [Fact]
    public void Search_NullWorldWithTheSameColumns_AtMostFivePercentOfDataSetsDeclareARule()
    {
        const int datasets = 200;
        int withRules = 0, tested = 0;
        for (int seed = 1; seed <= datasets; seed++)
        {
            DealSet deals = W.Generate(2_000, 10_000 + seed, flat: true);
            IdealCustomerProfile icp = deals.Icp().SegmentBy([.. W.AccountAttributes, "product_line", "lead_source"]).Build();
            tested += icp.RankedRules.Count;
            if (icp.Rules.Count > 0)
            {
                withRules++;
                output.WriteLine($"seed {seed}: " + string.Join("; ", icp.Rules));
            }
        }
        output.WriteLine($"{withRules} of {datasets} null data sets declared a rule; {tested} rules were tested on confirmation deals");
        Assert.True(tested >= datasets, $"only {tested} rules reached confirmation: the guard is not exercised");
        Assert.True(withRules <= datasets / 20, $"{withRules} of {datasets} null data sets declared a rule");
    }
}
