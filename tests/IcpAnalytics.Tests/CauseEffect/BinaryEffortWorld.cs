using IcpAnalytics.Data;

namespace IcpAnalytics.Tests.CauseEffect;

/// <summary>
/// Simulated deals with a 0/1 effort ("exec_meeting") whose effect differs from deal to deal and whose assignment is
/// confounded by the controls, with the truth known: τ(x) = Effect + Slope · x1, propensity logistic(a · x1 − 0.6 · x2 + region),
/// margin = 10,000 + 3,000 · x1 + 1,500 · x2 + region + τ(x) · D + noise.
/// </summary>
internal sealed class BinaryEffortWorld
{
    internal sealed record Deal(string Id, string Region, double X1, double X2, double Revenue, double ExecMeeting, double Margin, double Tau, double Propensity);

    public double Effect { get; init; } = 2_000;
    public double Slope { get; init; } = 1_500;
    /// <summary>How strongly x1 drives assignment: 0.8 gives good overlap, 4 very poor overlap.</summary>
    public double Confounding { get; init; } = 0.8;
    public double Noise { get; init; } = 3_000;

    private static readonly string[] Regions = ["North", "South", "East", "West"];
    private static readonly double[] RegionShift = [0.2, -0.3, 0.0, 0.4];
    private static readonly double[] RegionMargin = [500, -800, 0, 1_200];

    internal List<Deal> Generate(int n, int seed)
    {
        var rng = new Random(seed);
        var deals = new List<Deal>(n);
        for (int i = 0; i < n; i++) deals.Add(Draw(rng, i));
        return deals;
    }

    private Deal Draw(Random rng, int i)
    {
        double x1 = Normal(rng), x2 = Normal(rng);
        int r = rng.Next(4);
        double e = 1 / (1 + Math.Exp(-(Confounding * x1 - 0.6 * x2 + RegionShift[r])));
        double d = rng.NextDouble() < e ? 1 : 0;
        double tau = Effect + Slope * x1;
        double y = 10_000 + 3_000 * x1 + 1_500 * x2 + RegionMargin[r] + tau * d + Noise * Normal(rng);
        return new Deal("D" + i, Regions[r], x1, x2, Math.Exp(9 + 0.5 * x2), d, y, tau, e);
    }

    /// <summary>The population effect on the deals with the effort, E[τ | D = 1], by a large seeded Monte Carlo (its error is about 2 margin units).</summary>
    internal double EffectOnTreated()
    {
        var rng = new Random(12_345);
        double sum = 0, weight = 0;
        for (int i = 0; i < 2_000_000; i++)
        {
            double x1 = Normal(rng), x2 = Normal(rng);
            int r = rng.Next(4);
            double e = 1 / (1 + Math.Exp(-(Confounding * x1 - 0.6 * x2 + RegionShift[r])));
            sum += e * (Effect + Slope * x1);
            weight += e;
        }
        return sum / weight;
    }

    internal static DealSet Load(List<Deal> deals) => DealSet.FromObjects(deals, m => m
        .DealId(d => d.Id).Won(_ => true).Revenue(d => d.Revenue).Margin(d => d.Margin)
        .Effort("exec_meeting", d => d.ExecMeeting)
        .Attribute("region", d => d.Region)
        .NumericAttribute("x1", d => d.X1)
        .NumericAttribute("x2", d => d.X2));

    private static double Normal(Random rng)
    {
        double u1 = 1 - rng.NextDouble(), u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
