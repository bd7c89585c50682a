using BenchmarkDotNet.Attributes;
using IcpAnalytics.Data;
using IcpAnalytics.Icp;
using IcpAnalytics.Segments;

namespace IcpAnalytics.Benchmarks;

/// <summary>
/// ICP discovery on 1M generated deals: segment yield by 3 attributes, rule search over 8 attributes to depth 3, and batch
/// fit scoring of every deal's account.
/// </summary>
[MemoryDiagnoser]
public class IcpBenchmarks
{
    private DealSet _deals = null!;
    private IdealCustomerProfile _profile = null!;

    /// <summary>How many deals.</summary>
    [Params(1_000_000)]
    public int Deals { get; set; }

    /// <summary>Generates the deals (seed 42) and adds five more categorical attributes so the search has eight.</summary>
    [GlobalSetup]
    public void Setup()
    {
        DealSet d = SampleDeals.Generate(Deals, seed: 42);
        var rng = new Random(7);
        string[] names = ["channel", "product", "tier", "source", "segment"];
        int[] levelCounts = [4, 6, 3, 8, 5];
        int accounts = d.Accounts.Levels.Count;
        var extra = new List<CategoricalColumn>();
        for (int k = 0; k < names.Length; k++)
        {
            // Account-level attributes: drawn once per account, then read per deal.
            var perAccount = new int[accounts];
            for (int a = 0; a < accounts; a++) perAccount[a] = rng.Next(levelCounts[k]);
            var codes = new int[d.Count];
            for (int i = 0; i < d.Count; i++) codes[i] = perAccount[d.Accounts.GetCode(i)];
            extra.Add(new CategoricalColumn(names[k], codes, [.. Enumerable.Range(1, levelCounts[k]).Select(x => names[k] + " " + x)], null));
        }
        _deals = new DealSet(Enumerable.Range(0, d.Count).Select(d.DealId).ToArray(), d.Accounts, d.Reps, d.ClosedDays, d.WonFlags,
            d.Revenue, d.GrossMargin, d.Discount, d.CycleDays, d.EffortHours, [.. d.Efforts], [.. d.CategoricalAttributes, .. extra],
            [.. d.NumericAttributes], d.LoadReport);
        _profile = _deals.Icp().SegmentBy("industry", "employees", "region").Build();
    }

    /// <summary>Segment yield of 1M deals by industry × employees × region.</summary>
    [Benchmark]
    public SegmentYieldTable SegmentYieldBy3Attributes() => _deals.SegmentYield("industry", "employees", "region");

    /// <summary>The same with deals treated as independent (no account-cluster moments), to show what clustering costs.</summary>
    [Benchmark]
    public SegmentYieldTable SegmentYieldBy3AttributesIndependent() =>
        _deals.SegmentYield(["industry", "employees", "region"], new SegmentYieldOptions { TreatDealsAsIndependent = true });

    /// <summary>Rule search over 8 attributes, depth 3, beam 10, with confirmation.</summary>
    [Benchmark]
    public IdealCustomerProfile RuleSearch8AttributesDepth3() =>
        _deals.Icp().SegmentBy("industry", "employees", "region", "channel", "product", "tier", "source", "segment").MaxConditions(3).Build();

    /// <summary>Fit scores of 1M deals' accounts.</summary>
    [Benchmark]
    public double[] ScoreMillionAccounts() => _profile.ScoreDeals(_deals);
}
