using IcpAnalytics.CauseEffect;
using IcpAnalytics.Data;
using IcpAnalytics.Icp;
using IcpAnalytics.Reports;
using IcpAnalytics.Segments;

namespace IcpAnalytics.Tests.Reports;

/// <summary>
/// MaxDegreeOfParallelism changes the speed, never a byte: chunks are fixed by the data and merged in a fixed order.
/// No wall-clock limit (the machine is shared).
/// </summary>
public class ParallelismTests
{
    private static readonly int[] Degrees = [1, 2, 8];

    [Fact]
    public void ProfitYieldReport_OnGeneratedDeals_IsByteIdentical_At1_2And8Threads()
    {
        // 70,000 deals: more than one 65,536-deal chunk in the yield passes, several segments for the effects.
        DealSet deals = SampleDeals.Generate(70_000, seed: 7);
        var outputs = new List<(string Json, string Html, string Markdown)>();
        foreach (int degree in Degrees)
        {
            ProfitYieldReport report = ProfitYieldReport.For(deals)
                .Configure(o => o with { MaxDegreeOfParallelism = degree })
                .Build();
            outputs.Add((report.ToJson(), report.ToHtml(), report.ToMarkdown()));
        }
        Assert.Contains("\"schemaVersion\"", outputs[0].Json, StringComparison.Ordinal);
        Assert.True(outputs[0].Html.Length > 10_000);
        for (int i = 1; i < outputs.Count; i++)
        {
            Assert.Equal(outputs[0].Json, outputs[i].Json);
            Assert.Equal(outputs[0].Html, outputs[i].Html);
            Assert.Equal(outputs[0].Markdown, outputs[i].Markdown);
        }
    }

    [Fact]
    public void EffortEffects_And_Icp_AreBitIdentical_At1_2And8Threads()
    {
        DealSet deals = SampleDeals.Generate(8_000, seed: 3);
        var effects = Degrees.Select(d => deals.EffortEffects().Of("meetings", "demos").Controlling("revenue", "rep")
            .PerAttribute("industry").Configure(o => o with { MaxDegreeOfParallelism = d }).Fit()).ToList();
        var icps = Degrees.Select(d => deals.Icp().SegmentBy("industry", "employees", "region")
            .Configure(o => o with { MaxDegreeOfParallelism = d }).Build()).ToList();
        foreach (EffortEffects e in effects.Skip(1))
        {
            Assert.Equal(effects[0].Segments.Count, e.Segments.Count);
            for (int s = 0; s < e.Segments.Count; s++)
            {
                for (int j = 0; j < e.Segments[s].Effects.Count; j++)
                {
                    Assert.Equal(BitConverter.DoubleToInt64Bits(effects[0].Segments[s].Effects[j].Estimate), BitConverter.DoubleToInt64Bits(e.Segments[s].Effects[j].Estimate));
                    Assert.Equal(BitConverter.DoubleToInt64Bits(effects[0].Segments[s].Effects[j].StandardError), BitConverter.DoubleToInt64Bits(e.Segments[s].Effects[j].StandardError));
                }
            }
        }
        foreach (IdealCustomerProfile icp in icps.Skip(1)) Assert.Equal(icps[0].ToJson(), icp.ToJson());
        Assert.NotEmpty(icps[0].RankedRules);
    }

    [Fact]
    public void SegmentYield_ClusteredOver140kDeals_IsBitIdentical_At1_2And8Threads()
    {
        DealSet deals = SampleDeals.Generate(140_000, seed: 5);
        var tables = Degrees.Select(d => deals.SegmentYield(new SegmentYieldOptions { MaxDegreeOfParallelism = d }, "industry", "region")).ToList();
        foreach (SegmentYieldTable t in tables.Skip(1))
        {
            Assert.Equal(tables[0].Segments.Count, t.Segments.Count);
            for (int i = 0; i < t.Segments.Count; i++)
            {
                Assert.Equal(tables[0].Segments[i].ToString(), t.Segments[i].ToString());
                SegmentYield a = tables[0].Segments[i], b = t.Segments[i];
                Assert.Equal(BitConverter.DoubleToInt64Bits(a.MarginPerDealPursued), BitConverter.DoubleToInt64Bits(b.MarginPerDealPursued));
                Assert.Equal(BitConverter.DoubleToInt64Bits(a.MarginPerDealPursuedInterval!.Value.Upper), BitConverter.DoubleToInt64Bits(b.MarginPerDealPursuedInterval!.Value.Upper));
                Assert.Equal(BitConverter.DoubleToInt64Bits(a.MarginPerEffortHourInterval!.Value.Lower), BitConverter.DoubleToInt64Bits(b.MarginPerEffortHourInterval!.Value.Lower));
            }
        }
    }

    [Fact]
    public void CsvLoad_OneThreadAndPipelined_GiveEqualDeals()
    {
        var sw = new StringWriter();
        SampleDeals.WriteCsv(sw, new SampleDealsOptions { Count = 3_000, Seed = 9 });
        string csv = sw.ToString();
        DealSet one = DealSet.FromCsv(new StringReader(csv), null, new DealLoadOptions { MaxDegreeOfParallelism = 1 });
        DealSet two = DealSet.FromCsv(new StringReader(csv), null, new DealLoadOptions { MaxDegreeOfParallelism = 2 });
        Assert.Equal(3_000, one.Count);
        Assert.Equal(one.Count, two.Count);
        Assert.Equal(one.LoadReport.ToString(), two.LoadReport.ToString());
        Assert.Equal(one.SegmentYield("industry").Segments.Select(s => s.ToString()), two.SegmentYield("industry").Segments.Select(s => s.ToString()));
    }

    [Fact]
    public void MaxDegreeOfParallelism_Zero_IsRefusedWithTheDefaultNamed()
    {
        DealSet deals = SampleDeals.Generate(500, seed: 1);
        var e = Assert.Throws<InvalidOptionsException>(() => deals.EffortEffects().Of("meetings").Configure(o => o with { MaxDegreeOfParallelism = 0 }).Fit());
        Assert.Contains("MaxDegreeOfParallelism is 0; it must be at least 1", e.Message, StringComparison.Ordinal);
        Assert.Contains("Environment.ProcessorCount (all cores)", e.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOptionsException>(() => deals.Icp().Configure(o => o with { MaxDegreeOfParallelism = -1 }).Build());
        Assert.Throws<InvalidOptionsException>(() => ProfitYieldReport.For(deals).Configure(o => o with { MaxDegreeOfParallelism = 0 }).Build());
        Assert.Equal(Environment.ProcessorCount, new EffortEffectsOptions().MaxDegreeOfParallelism);
        Assert.Equal(Environment.ProcessorCount, new IcpOptions().MaxDegreeOfParallelism);
    }
}
