using BenchmarkDotNet.Attributes;
using IcpAnalytics.Data;
using IcpAnalytics.Reports;

namespace IcpAnalytics.Benchmarks;

/// <summary>
/// The full profit-yield report on 1M generated deals: every analysis the report runs (ICP discovery with holdout validation,
/// segment yield, whale curve, effort effects with honesty checks, effort allocation), then rendering it as HTML.
/// </summary>
[MemoryDiagnoser]
public class ReportBenchmarks
{
    private DealSet _deals = null!;
    private ProfitYieldReport _report = null!;

    /// <summary>How many deals.</summary>
    [Params(1_000_000)]
    public int Deals { get; set; }

    /// <summary>Generates the deals (seed 42) and one report to render.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _deals = SampleDeals.Generate(Deals, seed: 42);
        _report = ProfitYieldReport.For(_deals).Build();
    }

    /// <summary>Builds the whole report from the deals: every section, every analysis.</summary>
    [Benchmark]
    public ProfitYieldReport BuildFullReport() => ProfitYieldReport.For(_deals).Build();

    /// <summary>Renders a built report as one self-contained HTML document.</summary>
    [Benchmark]
    public int RenderHtml()
    {
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        _report.WriteHtml(writer);
        return writer.GetStringBuilder().Length;
    }
}
