using IcpAnalytics.CauseEffect;
using IcpAnalytics.Data;
using IcpAnalytics.Icp;
using IcpAnalytics.Reports;
using IcpAnalytics.Segments;
using IcpAnalytics.Statistics;

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
            .PerAttribute("industry").Configure(o => o with { MaxDegreeOfParallelism = d }).Build()).ToList();
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
        var tables = Degrees.Select(d => deals.SegmentYield(["industry", "region"], new SegmentYieldOptions { MaxDegreeOfParallelism = d })).ToList();
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
        var e = Assert.Throws<InvalidOptionsException>(() => deals.EffortEffects().Of("meetings").Configure(o => o with { MaxDegreeOfParallelism = 0 }).Build());
        Assert.Contains("MaxDegreeOfParallelism is 0; it must be at least 1", e.Message, StringComparison.Ordinal);
        Assert.Contains("Environment.ProcessorCount (all cores)", e.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOptionsException>(() => deals.Icp().Configure(o => o with { MaxDegreeOfParallelism = -1 }).Build());
        Assert.Throws<InvalidOptionsException>(() => ProfitYieldReport.For(deals).Configure(o => o with { MaxDegreeOfParallelism = 0 }).Build());
        Assert.Equal(Environment.ProcessorCount, new EffortEffectsOptions().MaxDegreeOfParallelism);
        Assert.Equal(Environment.ProcessorCount, new IcpOptions().MaxDegreeOfParallelism);
    }

    /// <summary>200,000 rows (four 65,536-row chunks) of y = 1 + 2·x1 − 3·x2 + 0.5·x3 + N(0, 1) noise, seed 17.</summary>
    private static (double[] X, double[] Y, double[] Outcome) Rows(bool nearlyCollinear)
    {
        const int n = 200_000;
        var rng = new Random(17);
        var x = new double[n * 3];
        var y = new double[n];
        var outcome = new double[n];
        for (int i = 0; i < n; i++)
        {
            double x1 = rng.NextDouble() * 4, x2 = rng.NextDouble() * 2;
            // Near-collinear x3 (x1 plus tiny noise) makes the cross-products ill-conditioned, so the fit takes the QR path.
            double x3 = nearlyCollinear ? x1 + 1e-4 * (rng.NextDouble() - 0.5) : rng.NextDouble() * 3;
            x[3 * i] = x1;
            x[3 * i + 1] = x2;
            x[3 * i + 2] = x3;
            double u1 = 1 - rng.NextDouble(), u2 = rng.NextDouble();
            double noise = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
            y[i] = 1 + 2 * x1 - 3 * x2 + 0.5 * x3 + noise;
            outcome[i] = rng.NextDouble() < 1 / (1 + Math.Exp(-(-0.5 + 0.4 * x1 - 0.6 * x2))) ? 1 : 0;
        }
        return (x, y, outcome);
    }

    private static long[] Bits(IEnumerable<double> values) => [.. values.Select(BitConverter.DoubleToInt64Bits)];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LinearRegression_ChunkedFit_IsBitIdentical_At1_2And8Threads_AndRecoversTheTruth(bool nearlyCollinear)
    {
        (double[] x, double[] y, _) = Rows(nearlyCollinear);
        var design = new MatrixDesignRows(x, 3, y);
        var fits = Degrees.Select(d => LinearRegression.Fit(design, new RegressionOptions { Covariance = CovarianceType.HC3, MaxDegreeOfParallelism = d })).ToList();
        foreach (RegressionFit fit in fits.Skip(1))
        {
            Assert.Equal(Bits(fits[0].Coefficients), Bits(fit.Coefficients));
            Assert.Equal(Bits(fits[0].StandardErrors), Bits(fit.StandardErrors));
        }
        // Simulated truth: intercept 1, slope of x2 −3 (x1 and x3 are only separable in sum when nearly collinear).
        Assert.Equal(1, fits[0].Coefficients[0], 0.03);
        Assert.Equal(-3, fits[0].Coefficients[2], 0.02);
        if (!nearlyCollinear)
        {
            Assert.Equal(2, fits[0].Coefficients[1], 0.02);
            Assert.Equal(0.5, fits[0].Coefficients[3], 0.02);
        }
    }

    [Fact]
    public void RidgeAndLogisticRegression_AreBitIdentical_At1_2And8Threads()
    {
        (double[] x, double[] y, double[] outcome) = Rows(nearlyCollinear: false);
        var ridge = Degrees.Select(d => RidgeRegression.Fit(new MatrixDesignRows(x, 3, y), new RidgeOptions { MaxDegreeOfParallelism = d })).ToList();
        var logistic = Degrees.Select(d => LogisticRegression.Fit(new MatrixDesignRows(x, 3, outcome), new LogisticRegressionOptions { MaxDegreeOfParallelism = d })).ToList();
        for (int i = 1; i < Degrees.Length; i++)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(ridge[0].Penalty), BitConverter.DoubleToInt64Bits(ridge[i].Penalty));
            Assert.Equal(Bits(ridge[0].Coefficients), Bits(ridge[i].Coefficients));
            Assert.Equal(Bits(logistic[0].Coefficients), Bits(logistic[i].Coefficients));
        }
        // Simulated truth of the outcome: logit = −0.5 + 0.4·x1 − 0.6·x2 (x3 has no effect).
        Assert.Equal(0.4, logistic[0].Coefficients[1], 0.05);
        Assert.Equal(-0.6, logistic[0].Coefficients[2], 0.05);
        Assert.Equal(0, logistic[0].Coefficients[3], 0.05);
    }

    [Fact]
    public void RegressionOptions_MaxDegreeOfParallelismZero_IsRefused()
    {
        var design = new MatrixDesignRows(new double[] { 1, 2, 3, 4 }, 1, new double[] { 1, 2, 2, 4 });
        var e = Assert.Throws<InvalidOptionsException>(() => LinearRegression.Fit(design, new RegressionOptions { MaxDegreeOfParallelism = 0 }));
        Assert.StartsWith("MaxDegreeOfParallelism is 0; it must be at least 1", e.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOptionsException>(() => LogisticRegression.Fit(design, new LogisticRegressionOptions { MaxDegreeOfParallelism = 0 }));
        Assert.Equal(Environment.ProcessorCount, new RegressionOptions().MaxDegreeOfParallelism);
    }
}
