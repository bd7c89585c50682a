using BenchmarkDotNet.Attributes;
using IcpAnalytics.CauseEffect;
using IcpAnalytics.Data;

namespace IcpAnalytics.Benchmarks;

/// <summary>
/// Interactive double ML (AIPW) of a 0/1 effort ("exec_meeting": the deal had three meetings or more) on 1M generated
/// deals in 32 segments (account code mod 32), 5 folds, ridge outcome models, cross-fitted logistic propensity, controls
/// revenue (logged by default), discount, rep, region and employees band.
/// </summary>
[MemoryDiagnoser]
public class AipwBenchmarks
{
    private DealSet _deals = null!;
    private EffortSegmentation _segments = null!;

    /// <summary>Deal counts: 50,000 so that CI's <c>--job dry</c> stays quick; set ICP_AIPW_BENCH_DEALS=1000000 for the 1M-deal figure.</summary>
    public static IEnumerable<int> Sizes() =>
        [int.TryParse(Environment.GetEnvironmentVariable("ICP_AIPW_BENCH_DEALS"), out int n) && n > 0 ? n : 50_000];

    [ParamsSource(nameof(Sizes))]
    public int Deals { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        DealSet sample = SampleDeals.Generate(Deals, seed: 7);
        int n = sample.Count;
        double[] meetings = sample.Effort("meetings").ToArray();
        var exec = new double[n];
        for (int i = 0; i < n; i++) exec[i] = meetings[i] >= 3 ? 1 : 0;
        var ids = new string[n];
        var days = new int[n];
        var won = new byte[n];
        for (int i = 0; i < n; i++)
        {
            ids[i] = sample.DealId(i);
            days[i] = sample.ClosedOn(i)!.Value.DayNumber;
            won[i] = sample.IsWon(i) ? (byte)1 : (byte)0;
        }
        _deals = new DealSet(ids, sample.Accounts, sample.Reps, days, won, sample.Revenue, sample.GrossMargin, sample.Discount, sample.CycleDays,
            sample.EffortHours, [.. sample.Efforts, new NumericColumn("exec_meeting", exec, null)], [.. sample.CategoricalAttributes], [], sample.LoadReport);
        int[] accounts = new int[n];
        _deals.Accounts.CopyCodesTo(accounts);
        _segments = EffortSegmentation.Custom("segment", [.. Enumerable.Range(0, 32).Select(t => "S" + t)], (_, i) => accounts[i] % 32);
    }

    /// <summary>AIPW, 5 folds, ridge outcome models, no honesty checks (overlap diagnostics and the balance table are always computed).</summary>
    [Benchmark]
    public EffortEffects Aipw5Folds() => _deals.EffortEffects().Of("exec_meeting").Controlling("revenue", "discount", "rep", "region", "employees")
        .Per(_segments).Using(Estimator.DoubleMl(folds: 5, learner: NuisanceLearners.Ridge()))
        .Configure(o => o with { RunChecks = false, CommonSupport = CommonSupportPolicy.Never }).Build();
}
