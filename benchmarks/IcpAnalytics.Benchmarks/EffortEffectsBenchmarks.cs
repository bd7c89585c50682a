using BenchmarkDotNet.Attributes;
using IcpAnalytics.CauseEffect;
using IcpAnalytics.Data;

namespace IcpAnalytics.Benchmarks;

/// <summary>
/// Effort effects for 1M deals, 40 segments (synthetic territories: account code mod 40), 4 efforts (calls, meetings,
/// demos, emails) and 10 controls (revenue, discount, cycle days, four extra numeric attributes, rep, region, employees band).
/// </summary>
[MemoryDiagnoser]
public class EffortEffectsBenchmarks
{
    private DealSet _deals = null!;
    private EffortSegmentation _territories = null!;
    private static readonly string[] Efforts = ["calls", "meetings", "demos", "emails"];
    private static readonly string[] Controls = ["revenue", "discount", "cycle_days", "x1", "x2", "x3", "x4", "rep", "region", "employees"];

    [Params(1_000_000)]
    public int Deals { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        DealSet sample = SampleDeals.Generate(Deals, seed: 7);
        int n = sample.Count;
        var rng = new Random(11);
        var emails = new double[n];
        var extra = new double[4][];
        for (int c = 0; c < 4; c++) extra[c] = new double[n];
        double[] meetings = sample.Effort("meetings").ToArray();
        for (int i = 0; i < n; i++)
        {
            emails[i] = Math.Floor(meetings[i] * 2 + rng.NextDouble() * 6);
            for (int c = 0; c < 4; c++) extra[c][i] = rng.NextDouble() * 100;
        }
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
            sample.EffortHours, [.. sample.Efforts, new NumericColumn("emails", emails, null)], [.. sample.CategoricalAttributes],
            [new NumericColumn("x1", extra[0], null), new NumericColumn("x2", extra[1], null), new NumericColumn("x3", extra[2], null), new NumericColumn("x4", extra[3], null)],
            sample.LoadReport);
        int[] accounts = new int[n];
        _deals.Accounts.CopyCodesTo(accounts);
        _territories = EffortSegmentation.Custom("territory", [.. Enumerable.Range(0, 40).Select(t => "T" + t)], (_, i) => accounts[i] % 40);
    }

    private EffortEffects Fit(Estimator estimator, bool checks) =>
        _deals.EffortEffects().Of(Efforts).Controlling(Controls).Per(_territories).Using(estimator)
            .Configure(o => o with { RunChecks = checks }).Build();

    /// <summary>Regression with HC3 standard errors and every honesty check.</summary>
    [Benchmark(Baseline = true)]
    public EffortEffects RegressionWithChecks() => Fit(Estimator.Regression(), checks: true);

    /// <summary>Regression with HC3 standard errors, no checks.</summary>
    [Benchmark]
    public EffortEffects Regression() => Fit(Estimator.Regression(), checks: false);

    /// <summary>Double ML, 5 folds, ridge nuisances on the expanded basis, no checks.</summary>
    [Benchmark]
    public EffortEffects DoubleMlRidge() => Fit(Estimator.DoubleMl(folds: 5, learner: NuisanceLearners.Ridge()), checks: false);

    /// <summary>Double ML, 5 folds, ridge nuisances, every honesty check (the random common cause refits the nuisances).</summary>
    [Benchmark]
    public EffortEffects DoubleMlRidgeWithChecks() => Fit(Estimator.DoubleMl(folds: 5, learner: NuisanceLearners.Ridge()), checks: true);
}
