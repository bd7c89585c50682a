using BenchmarkDotNet.Attributes;
using IcpAnalytics.Data;

namespace IcpAnalytics.Benchmarks;

/// <summary>
/// Loading generated deals (16 columns: ids, account, rep, date, stage, amount, margin, discount, cycle days, three efforts,
/// hours, industry, region, employees) from a CSV file with no map (every column inferred), through both parsers.
/// Target: 1M deals in under 3 s, allocating under 2x the final deal set's size.
/// </summary>
[MemoryDiagnoser]
public class CsvLoadBenchmarks
{
    private string _path = "";

    /// <summary>How many deals the file holds.</summary>
    [Params(10_000, 100_000, 1_000_000)]
    public int Deals { get; set; }

    /// <summary>Which CSV parser reads it.</summary>
    [Params(CsvParserKind.Fast, CsvParserKind.CsvHelper)]
    public CsvParserKind Parser { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _path = Path.Combine(Path.GetTempPath(), $"icp-bench-{Deals}-{Environment.ProcessId}.csv");
        SampleDeals.WriteCsv(_path, new SampleDealsOptions { Count = Deals, Seed = 1 });
        DealSet deals = Load();
        long size = DealSetSize.Of(deals);
        long bytes = new FileInfo(_path).Length;
        Console.WriteLine($"// {Deals:N0} deals: file {bytes:N0} bytes ({(double)bytes / Deals:F1} bytes/deal); final DealSet {size:N0} bytes ({(double)size / Deals:F1} bytes/deal)");
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_path);

    [Benchmark]
    public DealSet Load() => DealSet.FromCsv(_path, null, new DealLoadOptions { CsvParser = Parser });
}

/// <summary>The managed memory a freshly loaded deal set holds: its arrays and strings (ids and levels).</summary>
internal static class DealSetSize
{
    public static long Of(DealSet deals)
    {
        long total = Array(8, deals.Count) + Array(4, deals.Count) + Array(1, deals.Count); // deal ids, close days, won flags
        for (int i = 0; i < deals.Count; i++) total += String(deals.DealId(i));
        total += Categorical(deals.Accounts) + Categorical(deals.Reps);
        foreach (NumericColumn c in deals.AllNumeric()) total += Array(8, c.Data.Length);
        foreach (CategoricalColumn c in deals.CategoricalAttributes) total += Categorical(c);
        return total;
    }

    private static long Categorical(CategoricalColumn c)
    {
        long total = Array(4, c.Codes.Length) + Array(8, c.LevelArray.Length);
        foreach (string level in c.LevelArray) total += String(level);
        return total;
    }

    private static long Array(int elementSize, long length) => 24 + Align(elementSize * length);

    private static long String(string s) => Align(22 + 2L * s.Length);

    private static long Align(long bytes) => (bytes + 7) & ~7L;
}
