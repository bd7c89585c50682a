using IcpAnalytics.CauseEffect;
using IcpAnalytics.Data;
using Xunit.Abstractions;

namespace IcpAnalytics.Tests.CauseEffect;

/// <summary>
/// Flexible control shapes (bands, splines, slopes per level) and the regression-vs-double-ML specification check, on
/// simulated deals with known truth where margin and effort both depend on a curved function of revenue.
/// </summary>
public class ControlShapesTests(ITestOutputHelper output)
{
    private sealed record Deal(string Id, string Region, double Revenue, double Employees, double Meetings, double Margin);

    private const double MeetingEffect = 1_500;
    private static readonly string[] RegionNames = ["North", "South", "East", "West"];

    /// <summary>
    /// Curved: margin = 20,000 + 6,000 · |log revenue − 10| + 1,500 · log(1 + meetings) + noise, and meetings rise with the same
    /// |log revenue − 10| (small and large deals both get attention). A straight line in log revenue misses the V, so it
    /// confounds; a spline follows it. By region: revenue's slope differs by region (−3,000 … +3,000), and so does the effort's
    /// dependence on it.
    /// </summary>
    private static List<Deal> Generate(int n, int seed, bool byRegion = false)
    {
        var rng = new Random(seed);
        var deals = new List<Deal>(n);
        for (int i = 0; i < n; i++)
        {
            double x = 10 + Normal(rng);
            int region = rng.Next(4);
            double shape = byRegion ? (region - 1.5) * 2 * (x - 10) / 3 : Math.Abs(x - 10);
            double meetings = Poisson(rng, Math.Exp(0.5 + 0.6 * shape));
            double margin = 20_000 + 6_000 * shape + MeetingEffect * Math.Log(1 + meetings) + 2_500 * Normal(rng);
            deals.Add(new Deal("D" + i, RegionNames[region], Math.Exp(x), Math.Round(Math.Exp(4 + Normal(rng))), meetings, margin));
        }
        return deals;
    }

    private static DealSet Load(List<Deal> deals) => DealSet.FromObjects(deals, m => m
        .DealId(d => d.Id).Won(_ => true).Revenue(d => d.Revenue).Margin(d => d.Margin)
        .Effort("meetings", d => d.Meetings).Attribute("region", d => d.Region).NumericAttribute("employees", d => d.Employees));

    private static EffortEffects Fit(DealSet deals, string control, int seed, bool compare = false) => deals.EffortEffects()
        .Of("meetings").Controlling(control, "region")
        .Configure(o => o with { RunChecks = false, CompareWithDoubleMl = compare })
        .Seed(seed).Build();

    private static double Coverage(string control, int datasets, bool byRegion, out double meanEstimate)
    {
        int covered = 0;
        double sum = 0;
        for (int rep = 0; rep < datasets; rep++)
        {
            EffortEffect e = Fit(Load(Generate(1_200, 70_000 + rep, byRegion)), control, rep).Overall.Effect("meetings")!;
            sum += e.Estimate;
            if (e.Lower <= MeetingEffect && MeetingEffect <= e.Upper) covered++;
        }
        meanEstimate = sum / datasets;
        return (double)covered / datasets;
    }

    [Fact]
    public void CurvedRevenue_SplineControlCovers_LinearControlIsBiased_1000Datasets()
    {
        double spline = Coverage("spline(log(revenue), 4)", 1000, byRegion: false, out double splineMean);
        double linear = Coverage("log(revenue)", 200, byRegion: false, out double linearMean);
        output.WriteLine($"truth {MeetingEffect}: spline(log(revenue), 4) coverage {spline:P1}, mean {splineMean:N0}; log(revenue) coverage {linear:P1}, mean {linearMean:N0}");
        Assert.InRange(spline, 0.92, 0.97);
        Assert.InRange(splineMean, MeetingEffect * 0.95, MeetingEffect * 1.05);
        Assert.True(linear < 0.5, $"a straight line in log revenue should miss the V-shaped confounding, covered {linear:P1}");
        Assert.True(linearMean > MeetingEffect * 1.3, $"the linear control should overstate the effect, mean {linearMean:N0}");
    }

    [Fact]
    public void SlopeDiffersByRegion_ByRegionControlCovers_OneSlopeIsBiased_1000Datasets()
    {
        double by = Coverage("by(log(revenue), region)", 1000, byRegion: true, out double byMean);
        double one = Coverage("log(revenue)", 100, byRegion: true, out double oneMean);
        output.WriteLine($"truth {MeetingEffect}: by(log(revenue), region) coverage {by:P1}, mean {byMean:N0}; one slope coverage {one:P1}, mean {oneMean:N0}");
        Assert.InRange(by, 0.92, 0.97);
        Assert.True(one < 0.5, $"one slope for all regions should miss, covered {one:P1}");
    }

    [Fact]
    public void SpecificationCheck_CautionsForTheLinearControl_PassesForTheSpline_AndSaysWhichToBelieve()
    {
        DealSet deals = Load(Generate(4_000, 11));
        EffortEffects linear = Fit(deals, "log(revenue)", 1, compare: true);
        HonestyCheck check = linear.Overall.Checks.Single(c => c.Kind == HonestyCheckKind.Specification);
        EffortEffect dml = linear.DoubleMlComparison!.Overall.Effect("meetings")!;
        EffortEffect reg = linear.Overall.Effect("meetings")!;
        output.WriteLine(check.ToString());
        Assert.Equal(CheckVerdict.Caution, check.Verdict);
        Assert.True(reg.Lower > MeetingEffect, "the linear-control regression's interval lies above the truth");
        Assert.True(dml.Lower <= MeetingEffect && MeetingEffect <= dml.Upper, $"double ML covers the truth: {dml}");
        double z = Math.Abs(reg.Estimate - dml.Estimate) / Math.Sqrt(reg.StandardError * reg.StandardError + dml.StandardError * dml.StandardError);
        Assert.Equal(z, check.Statistic!.Value, 9);
        Assert.Contains(z.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " times their combined standard error", check.Finding);
        Assert.Contains("Believe double ML", check.Meaning);

        EffortEffects spline = Fit(deals, "spline(log(revenue), 4)", 1, compare: true);
        HonestyCheck splineCheck = spline.Overall.Checks.Single(c => c.Kind == HonestyCheckKind.Specification);
        output.WriteLine(splineCheck.ToString());
        Assert.Equal(CheckVerdict.Passed, splineCheck.Verdict);
        EffortEffect s = spline.Overall.Effect("meetings")!;
        Assert.True(s.Lower <= MeetingEffect && MeetingEffect <= s.Upper, $"the spline regression covers the truth: {s}");
    }

    [Fact]
    public void Shapes_AreListedAsGiven_BandsAreQuantileCategories_AndUnknownFormsAreRefusedWithTheForms()
    {
        DealSet deals = Load(Generate(1_000, 3));
        EffortEffects fit = deals.EffortEffects().Of("meetings")
            .Controlling("spline(revenue, 3)", "bands(employees, 5)", "by(log(revenue), region)", "by_segment(revenue)")
            .Configure(o => o with { RunChecks = false }).Build();
        Assert.Equal(["spline(revenue, 3)", "bands(employees, 5)", "by(log(revenue), region)", "by_segment(log(revenue))", "region"], fit.Controls);
        Assert.Contains(fit.Warnings, w => w.Contains("by_segment(log(revenue))", StringComparison.Ordinal) && w.Contains("not segmented", StringComparison.Ordinal));

        var (codes, bands) = ControlTerm.Band([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5);
        Assert.Equal(5, bands);
        Assert.Equal([0, 0, 1, 1, 2, 2, 3, 3, 4, 4], codes);
        (_, int tied) = ControlTerm.Band([1, 1, 1, 1, 1, 1, 1, 1, 2, 3], 5);
        Assert.Equal(2, tied); // every quantile edge is 1: bands "1" and "above 1"

        foreach (string bad in new[] { "cubic(revenue)", "spline(revenue)", "bands(employees, 1)", "spline(revenue, x)", "by(revenue, nosuch)", "log(revenue" })
        {
            var error = Assert.Throws<InvalidOptionsException>(() => deals.EffortEffects().Of("meetings").Controlling(bad).Build());
            output.WriteLine(error.Message);
            Assert.Contains(bad.Contains("nosuch", StringComparison.Ordinal) ? "no categorical attribute 'nosuch'" : bad, error.Message);
        }
        var unknown = Assert.Throws<InvalidOptionsException>(() => deals.EffortEffects().Of("meetings").Controlling("cubic(revenue)").Build());
        Assert.Contains("spline(revenue, 4)", unknown.Message);
        Assert.Contains("bands(employees, 5)", unknown.Message);
        Assert.Contains("by(revenue, region)", unknown.Message);
    }

    /// <summary>The restricted cubic spline is linear beyond its outer knots (zero second derivative there), as a natural spline must be.</summary>
    [Fact]
    public void SplineBasis_IsLinearBeyondTheOuterKnots()
    {
        double[] x = [.. Enumerable.Range(0, 1_001).Select(i => i / 10.0)];
        double[][] basis = ControlTerm.SplineBasis(x, 4);
        Assert.Equal(4, basis.Length);
        int hi = 990; // beyond the 95th percentile knot (95.0)
        foreach (double[] column in basis)
        {
            double second = column[hi + 2] - 2 * column[hi + 1] + column[hi];
            Assert.Equal(0, second, 9);
            double low = column[12] - 2 * column[11] + column[10]; // below the 5th percentile knot (5.0)
            Assert.Equal(0, low, 12);
        }
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
