namespace IcpAnalytics.Statistics;

/// <summary>Random draws from a seeded <see cref="Random"/> shared by the sample-data generators and the effort models.</summary>
internal static class RandomDraws
{
    /// <summary>A standard normal draw by the Box–Muller transform (two uniform draws, the first kept away from 0).</summary>
    public static double StandardNormal(Random rng)
    {
        double u1 = 1.0 - rng.NextDouble();
        double u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
