using IcpAnalytics.CauseEffect;
using IcpAnalytics.Data;
using Xunit.Abstractions;

namespace IcpAnalytics.Tests.CauseEffect;

/// <summary>
/// The strongest observed control as the benchmark of a hidden confounder, on simulated deals where the hidden confounder
/// is known: it is exactly as strong as an observed control (same distribution, same weight in effort and margin), so the
/// kd = ky = 1 bound from that control should land near the true effect.
/// </summary>
public class SensitivityBenchmarkTests(ITestOutputHelper output)
{
    private sealed record Deal(string Id, string Region, double Fit, double Meetings, double Margin);

    private const double MeetingEffect = 1_500;
    private static readonly string[] RegionNames = ["North", "South", "East", "West"];

    /// <summary>meetings ~ Poisson(exp(0.5 + 0.35·fit + 0.35·hidden)); margin = 1,500·log(1 + meetings) + 2,000·fit + 2,000·hidden + 300·region + noise.</summary>
    private static List<Deal> Generate(int n, int seed)
    {
        var rng = new Random(seed);
        var deals = new List<Deal>(n);
        for (int i = 0; i < n; i++)
        {
            double fit = Normal(rng), hidden = Normal(rng);
            int region = rng.Next(4);
            double meetings = Poisson(rng, Math.Exp(0.5 + 0.35 * fit + 0.35 * hidden));
            double margin = 20_000 + MeetingEffect * Math.Log(1 + meetings) + 2_000 * fit + 2_000 * hidden + 300 * region + 2_500 * Normal(rng);
            deals.Add(new Deal("D" + i, RegionNames[region], fit, meetings, margin));
        }
        return deals;
    }

    private static EffortEffects Fit(List<Deal> deals) => DealSet.FromObjects(deals, m => m
            .DealId(d => d.Id).Won(_ => true).Revenue(_ => 1_000).Margin(d => d.Margin)
            .Effort("meetings", d => d.Meetings).Attribute("region", d => d.Region).NumericAttribute("fit_score", d => d.Fit))
        .EffortEffects().Of("meetings").Controlling("fit_score", "region").Configure(o => o with { RunChecks = false }).Build();

    [Fact]
    public void HiddenConfounderAsStrongAsTheStrongestControl_BoundLandsNearTheTruth_50Datasets()
    {
        double estimates = 0, bounded = 0;
        const int Datasets = 50;
        for (int rep = 0; rep < Datasets; rep++)
        {
            EffortEffect e = Fit(Generate(3_000, 40_000 + rep)).Overall.Effect("meetings")!;
            ConfoundingSensitivityResult s = e.Sensitivity!;
            Assert.Equal("fit_score", s.BenchmarkControl);
            estimates += e.Estimate;
            bounded += s.BenchmarkBound!.AdjustedEstimate;
        }
        estimates /= Datasets;
        bounded /= Datasets;
        output.WriteLine($"truth {MeetingEffect}; mean estimate without the hidden confounder {estimates:N0}; mean bound from fit_score (kd = ky = 1) {bounded:N0}");
        Assert.True(estimates > MeetingEffect * 1.3, $"omitting the hidden confounder should bias the estimate up, mean {estimates:N0}");
        Assert.InRange(bounded, MeetingEffect * 0.85, MeetingEffect * 1.15);
    }

    [Fact]
    public void Benchmark_PartialR2sMatchTheirDefinition_AndTheSentenceCarriesTheNumbers()
    {
        List<Deal> deals = Generate(2_000, 5);
        EffortEffect e = Fit(deals).Overall.Effect("meetings")!;
        ConfoundingSensitivityResult s = e.Sensitivity!;
        // The partial R² of fit_score with the outcome, given meetings and region, from two least-squares fits written out here.
        double[] y = [.. deals.Select(d => d.Margin)];
        double[] d1 = [.. deals.Select(d => Math.Log(1 + d.Meetings))];
        double[] f = [.. deals.Select(d => d.Fit)];
        double[][] regions = [.. RegionNames.Skip(1).Select(r => deals.Select(d => d.Region == r ? 1.0 : 0.0).ToArray())];
        double full = Rss(y, [d1, f, .. regions]), without = Rss(y, [d1, .. regions]);
        double effortFull = Rss(d1, [f, .. regions]), effortWithout = Rss(d1, [.. regions]);
        double r2y = 1 - full / without, r2d = 1 - effortFull / effortWithout;
        double df = e.Deals - 6; // intercept, meetings, fit_score and three region indicators
        IcpAnalytics.Statistics.ConfoundingBound expected = IcpAnalytics.Statistics.ConfoundingSensitivity.BenchmarkBound(e.Estimate, e.StandardError, df, r2d, r2y);
        output.WriteLine($"fit_score: partial R² with the outcome {r2y:P2}, with meetings {r2d:P2}; bound {s.BenchmarkBound!.AdjustedEstimate:N1} [{s.BenchmarkBound.Lower:N1}, {s.BenchmarkBound.Upper:N1}]");
        Assert.Equal(expected.PartialR2WithEffort, s.BenchmarkBound.PartialR2WithEffort, 9);
        Assert.Equal(expected.PartialR2WithOutcome, s.BenchmarkBound.PartialR2WithOutcome, 9);
        Assert.Equal(expected.AdjustedEstimate, s.BenchmarkBound.AdjustedEstimate, 3);
        Assert.Contains("as strong as fit_score", s.BenchmarkSentence!, StringComparison.Ordinal);
        Assert.Contains(EffortEffectsAssembler.Figure(s.BenchmarkBound.AdjustedEstimate), s.BenchmarkSentence!, StringComparison.Ordinal);
        Assert.NotNull(s.BenchmarkVerdict);
    }

    /// <summary>Residual sum of squares of y on an intercept and the columns, by the normal equations (Gaussian elimination).</summary>
    private static double Rss(double[] y, double[][] columns)
    {
        int p = columns.Length + 1, n = y.Length;
        double X(int i, int c) => c == 0 ? 1 : columns[c - 1][i];
        var a = new double[p, p + 1];
        for (int i = 0; i < n; i++)
        {
            for (int r = 0; r < p; r++)
            {
                for (int c = 0; c < p; c++) a[r, c] += X(i, r) * X(i, c);
                a[r, p] += X(i, r) * y[i];
            }
        }
        for (int c = 0; c < p; c++)
        {
            for (int r = c + 1; r < p; r++)
            {
                double factor = a[r, c] / a[c, c];
                for (int cc = c; cc <= p; cc++) a[r, cc] -= factor * a[c, cc];
            }
        }
        var beta = new double[p];
        for (int r = p - 1; r >= 0; r--)
        {
            double sum = a[r, p];
            for (int c = r + 1; c < p; c++) sum -= a[r, c] * beta[c];
            beta[r] = sum / a[r, r];
        }
        double rss = 0;
        for (int i = 0; i < n; i++)
        {
            double fit = 0;
            for (int c = 0; c < p; c++) fit += beta[c] * X(i, c);
            rss += (y[i] - fit) * (y[i] - fit);
        }
        return rss;
    }

    private static double Normal(Random rng)
    {
        double u1 = 1 - rng.NextDouble(), u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private static double Poisson(Random rng, double lambda)
    {
        double l = Math.Exp(-lambda), p = 1;
        int k = 0;
        do { k++; p *= rng.NextDouble(); } while (p > l);
        return k - 1;
    }
}
