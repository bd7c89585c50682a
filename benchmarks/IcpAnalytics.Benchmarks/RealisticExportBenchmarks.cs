using BenchmarkDotNet.Attributes;
using IcpAnalytics.Data;
using IcpAnalytics.Reports;

namespace IcpAnalytics.Benchmarks;

/// <summary>
/// The stages of <c>icp report</c> on the shape users bring: the 20-column realistic export (<see cref="RealisticExport"/>:
/// about one account per four deals, text columns for industry, region, product line, lead source and rep, dates),
/// loaded with no map as the CLI does, then the full report built from it. The whole process, start-up and JIT included,
/// is timed by <c>benchmarks/whole-process.sh</c> beside pandas + statsmodels.
/// </summary>
[MemoryDiagnoser]
public class RealisticExportBenchmarks
{
    private string _path = "";
    private DealSet _deals = null!;

    /// <summary>How many deals the export holds.</summary>
    [Params(100_000, 1_000_000)]
    public int Deals { get; set; }

    /// <summary>Writes the export (seed 1) and loads it once for the report stage.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _path = Path.Combine(Path.GetTempPath(), $"icp-realistic-{Deals}-{Environment.ProcessId}.csv");
        RealisticExport.Write(_path, Deals);
        _deals = Load();
        Console.WriteLine($"// {Deals:N0} deals: file {new FileInfo(_path).Length:N0} bytes; final DealSet {DealSetSize.Of(_deals):N0} bytes");
    }

    /// <summary>Deletes the export.</summary>
    [GlobalCleanup]
    public void Cleanup() => File.Delete(_path);

    /// <summary>Loads the export with every column inferred (lenient, as the CLI loads).</summary>
    [Benchmark]
    public DealSet Load() => DealSet.FromCsv(_path, null, new DealLoadOptions { Policy = BadDataPolicy.Lenient });

    /// <summary>Builds the whole profit-yield report from the loaded deals.</summary>
    [Benchmark]
    public ProfitYieldReport BuildFullReport() => ProfitYieldReport.For(_deals).Build();
}
