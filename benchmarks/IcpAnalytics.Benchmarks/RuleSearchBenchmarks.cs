using BenchmarkDotNet.Attributes;
using IcpAnalytics.Data;
using IcpAnalytics.Icp;
using IcpAnalytics.Tests.Icp;

namespace IcpAnalytics.Benchmarks;

/// <summary>
/// The rule search with nested selection on the nested-segments world (tests/…/Icp/NestedSegmentsWorld.cs): four rich
/// segments inside broad bands, 8 account attributes (one numeric, banded) and 2 deal attributes (product line, lead source),
/// depth 3, beam 10, with the discovery/confirmation split and the confirmation tests. One size only (1M deals): a dry
/// run generates the deals once (a few seconds) and searches once.
/// </summary>
[MemoryDiagnoser]
public class RuleSearchBenchmarks
{
    private DealSet _deals = null!;

    /// <summary>How many deals.</summary>
    [Params(1_000_000)]
    public int Deals { get; set; }

    /// <summary>Generates the deals (seed 42).</summary>
    [GlobalSetup]
    public void Setup() => _deals = NestedSegmentsWorld.Generate(Deals, seed: 42);

    /// <summary>Rule search over 8 account and 2 deal attributes, depth 3.</summary>
    [Benchmark]
    public IdealCustomerProfile RuleSearchNested8Account2DealAttributes() =>
        _deals.Icp().SegmentBy([.. NestedSegmentsWorld.AccountAttributes, "product_line", "lead_source"]).MaxConditions(3).Build();
}
