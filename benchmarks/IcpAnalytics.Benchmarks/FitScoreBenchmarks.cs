using BenchmarkDotNet.Attributes;
using IcpAnalytics.Data;
using IcpAnalytics.Icp;

namespace IcpAnalytics.Benchmarks;

/// <summary>
/// Scoring accounts one at a time: the fast path without reasons (<see cref="IdealCustomerProfile.ScoreWithoutReasons"/>),
/// the full path with reasons (<see cref="IdealCustomerProfile.Score"/>), and the batch path over deal columns
/// (<see cref="IdealCustomerProfile.ScoreDeals"/>), each per account (OperationsPerInvoke = accounts). The profile is built on
/// 20,000 generated deals, so the setup stays cheap for <c>--job dry</c>.
/// </summary>
[MemoryDiagnoser]
public class FitScoreBenchmarks
{
    private const int Accounts = 4_096;
    private IdealCustomerProfile _profile = null!;
    private AccountProfile[] _accounts = null!;
    private DealSet _batch = null!;

    /// <summary>Builds the profile and the accounts to score (seeds 11 and 78).</summary>
    [GlobalSetup]
    public void Setup()
    {
        _profile = SampleDeals.Generate(20_000, seed: 11).Icp().SegmentBy("industry", "employees", "region").Build();
        _batch = SampleDeals.Generate(Accounts, seed: 78);
        _accounts = [.. Enumerable.Range(0, Accounts).Select(i => AccountProfile.FromDeal(_batch, i))];
    }

    /// <summary>One account at a time, without reasons (the fast path).</summary>
    [Benchmark(OperationsPerInvoke = Accounts)]
    public double ScoreWithoutReasons()
    {
        double sum = 0;
        AccountProfile[] accounts = _accounts;
        for (int i = 0; i < accounts.Length; i++) sum += _profile.ScoreWithoutReasons(accounts[i]).Score;
        return sum;
    }

    /// <summary>One account at a time, with every condition's reason.</summary>
    [Benchmark(OperationsPerInvoke = Accounts)]
    public double ScoreWithReasons()
    {
        double sum = 0;
        AccountProfile[] accounts = _accounts;
        for (int i = 0; i < accounts.Length; i++) sum += _profile.Score(accounts[i]).Score;
        return sum;
    }

    /// <summary>The batch path over the same accounts as deal columns.</summary>
    [Benchmark(OperationsPerInvoke = Accounts)]
    public double[] ScoreDealsBatch() => _profile.ScoreDeals(_batch);
}
