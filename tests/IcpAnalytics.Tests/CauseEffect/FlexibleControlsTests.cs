using IcpAnalytics.CauseEffect;
using IcpAnalytics.Data;
using Xunit.Abstractions;

namespace IcpAnalytics.Tests.CauseEffect;

/// <summary>Skewed money-like controls are logged by default, so the README's call is right where margin grows with log revenue.</summary>
public class FlexibleControlsTests(ITestOutputHelper output)
{
    private sealed record Deal(string Id, string Industry, string Rep, string Region, double Revenue, double Employees, double Meetings, double Demos, double Margin);

    private const double MeetingEffect = 1_500, DemoEffect = 2_000;
    private static readonly string[] Industries = ["Software", "Retail", "Health"];
    private static readonly string[] RegionNames = ["North", "South", "East", "West"];

    /// <summary>Margin = 4,000 · (log revenue − 10) + rep + region + 1,500 · log(1 + meetings) + 2,000 · log(1 + demos) + noise; bigger deals (log revenue) and better reps get more meetings and demos.</summary>
    private static List<Deal> Generate(int n, int seed)
    {
        var rng = new Random(seed);
        var repSkill = new double[20];
        for (int r = 0; r < repSkill.Length; r++) repSkill[r] = 0.3 * Normal(rng);
        var deals = new List<Deal>(n);
        for (int i = 0; i < n; i++)
        {
            double logRevenue = 10 + Normal(rng);
            int rep = rng.Next(20), region = rng.Next(4);
            double meetings = Poisson(rng, Math.Exp(0.6 + 0.5 * (logRevenue - 10) + repSkill[rep]));
            double demos = Poisson(rng, Math.Exp(0.1 + 0.4 * (logRevenue - 10) + repSkill[rep]));
            double margin = 20_000 + 4_000 * (logRevenue - 10) + 3_000 * repSkill[rep] + 400 * region
                + MeetingEffect * Math.Log(1 + meetings) + DemoEffect * Math.Log(1 + demos) + 2_500 * Normal(rng);
            deals.Add(new Deal("D" + i, Industries[rng.Next(3)], "Rep " + rep, RegionNames[region], Math.Exp(logRevenue),
                Math.Round(Math.Exp(4 + Normal(rng))), meetings, demos, margin));
        }
        return deals;
    }

    private static DealSet Load(List<Deal> deals) => DealSet.FromObjects(deals, m => m
        .DealId(d => d.Id).Won(_ => true).Revenue(d => d.Revenue).Margin(d => d.Margin).Rep(d => d.Rep)
        .Effort("meetings", d => d.Meetings).Effort("demos", d => d.Demos)
        .Attribute("industry", d => d.Industry).Attribute("region", d => d.Region)
        .NumericAttribute("employees", d => d.Employees));

    private static (double Coverage, int Intervals) Coverage(string revenueControl, int datasets)
    {
        int covered = 0, total = 0;
        for (int rep = 0; rep < datasets; rep++)
        {
            EffortEffects effects = Load(Generate(1_500, 60_000 + rep)).EffortEffects()
                .Of("meetings", "demos")
                .Controlling(revenueControl, "rep", "region", "employees")
                .PerAttribute("industry")
                .Using(Estimator.Regression(EffortCovariance.Robust))
                .Configure(o => o with { RunChecks = false })
                .Seed(rep).Build();
            foreach (SegmentEffects s in effects.Segments.Where(s => s.IsEstimable))
            {
                foreach ((string effort, double truth) in new[] { ("meetings", MeetingEffect), ("demos", DemoEffect) })
                {
                    EffortEffect e = s.Effect(effort)!;
                    total++;
                    if (e.Lower <= truth && truth <= e.Upper) covered++;
                }
            }
        }
        return ((double)covered / total, total);
    }

    [Fact]
    public void ReadmeCall_MarginGrowsWithLogRevenue_IntervalsCoverAtNominalRate_200Datasets()
    {
        (double coverage, int intervals) = Coverage("revenue", 200);
        (double linear, _) = Coverage("linear(revenue)", 60);
        output.WriteLine($"README call (revenue logged by default): coverage {coverage:P1} of {intervals} intervals; with linear(revenue): {linear:P1}");
        Assert.True(intervals >= 1_000);
        Assert.InRange(coverage, 0.92, 0.97);
        Assert.True(linear < 0.85, $"linear revenue should miss the truth on this data, covered {linear:P1}");
    }

    [Fact]
    public void SkewedRevenue_IsLoggedWithANote_AndExplicitScalesAreHonoured()
    {
        DealSet deals = Load(Generate(1_200, 5));
        EffortEffects auto = deals.EffortEffects().Of("meetings").Controlling("revenue", "rep").Build();
        Assert.Contains("log(revenue)", auto.Controls);
        Assert.Contains(auto.Warnings, w => w.Contains("revenue enters as log(revenue)", StringComparison.Ordinal) && w.Contains("linear(revenue)", StringComparison.Ordinal));
        EffortEffects linear = deals.EffortEffects().Of("meetings").Controlling("linear(revenue)", "rep").Build();
        Assert.Contains("revenue", linear.Controls);
        Assert.DoesNotContain(linear.Warnings, w => w.Contains("enters as", StringComparison.Ordinal));
        EffortEffects log1p = deals.EffortEffects().Of("meetings").Controlling("log1p(demos)", "rep").Build();
        Assert.Contains("log1p(demos)", log1p.Controls);
        var error = Assert.Throws<InvalidOptionsException>(() => deals.EffortEffects().Of("meetings").Controlling("log(region)").Build());
        Assert.Contains("categorical", error.Message);
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
