using System.Globalization;
using BenchmarkDotNet.Attributes;
using IcpAnalytics.Data;

namespace IcpAnalytics.Benchmarks;

/// <summary>
/// Aggregating an activity log (opportunity id, account, type, ISO date, minutes; 1 in 5 rows account-level) to the effort of
/// 10,000 generated deals: one streamed pass over the file (plus the date-layout pass), one accumulator per deal.
/// The 10M-row run with peak memory is <c>Program aggregate-activities</c> (benchmarks/README.md).
/// </summary>
[MemoryDiagnoser]
public class ActivityAggregationBenchmarks
{
    private string _path = "";
    private DealSet _deals = null!;

    /// <summary>How many activities the log holds (cheap in CI's dry job).</summary>
    [Params(10_000, 200_000)]
    public int Activities { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _deals = SampleDeals.Generate(new SampleDealsOptions { Count = 10_000, Seed = 1 });
        _path = Path.Combine(Path.GetTempPath(), $"icp-bench-activities-{Activities}-{Environment.ProcessId}.csv");
        ActivityLogFile.Write(_path, _deals, Activities, seed: 1);
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_path);

    [Benchmark]
    public DealSet Aggregate() => _deals.WithActivities(ActivityLog.FromCsv(_path, null, new DealLoadOptions { Policy = BadDataPolicy.Lenient }));
}

/// <summary>Writes a generated activity log for a deal set, streaming (never held in memory).</summary>
internal static class ActivityLogFile
{
    private static readonly string[] Types = ["Call", "Email", "Meeting", "Demo", "Task", "Call - follow up", "Webinar"];

    public static void Write(string path, DealSet deals, long rows, int seed)
    {
        var random = new Random(seed);
        using var writer = new StreamWriter(path, false, new System.Text.UTF8Encoding(false), 1 << 20);
        writer.Write("opportunity_id,account_id,activity_type,activity_date,duration_minutes\n");
        for (long r = 0; r < rows; r++)
        {
            int d = random.Next(deals.Count);
            DateOnly close = deals.ClosedOn(d) ?? new DateOnly(2024, 6, 30);
            DateOnly on = close.AddDays(-random.Next(200) + 5);
            bool accountLevel = random.Next(5) == 0;
            string type = Types[random.Next(Types.Length)];
            string minutes = random.Next(3) == 0 ? "" : (5 + random.Next(90)).ToString(CultureInfo.InvariantCulture);
            writer.Write(accountLevel ? "" : deals.DealId(d));
            writer.Write(',');
            writer.Write(deals.Accounts[d]);
            writer.Write(',');
            writer.Write(type);
            writer.Write(',');
            writer.Write(on.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            writer.Write(',');
            writer.Write(minutes);
            writer.Write('\n');
        }
    }
}
