
namespace IcpAnalytics.Statistics;

/// <summary>Intervals for proportions such as win rates.</summary>
public static class Proportion
{
    /// <summary>
    /// The Wilson score interval for <paramref name="successes"/> out of <paramref name="trials"/> (e.g. deals won out of
    /// deals pursued). Unlike the textbook ±z·√(p(1−p)/n), it stays inside [0, 1] and keeps its coverage for small
    /// segments and win rates near 0 or 1.
    /// </summary>
    /// <param name="successes">The number of successes, 0 ≤ successes ≤ trials.</param>
    /// <param name="trials">The number of trials, at least 1.</param>
    /// <param name="level">The confidence level in (0, 1). The default is 0.95.</param>
    /// <exception cref="ArgumentOutOfRangeException">The counts or level are out of range.</exception>
    public static Interval Wilson(long successes, long trials, double level = 0.95)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(trials, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, trials);
        CheckLevel(level);
        return WilsonCore((double)successes / trials, trials, level, successes == 0, successes == trials);
    }

    /// <summary>
    /// The Wilson score interval of a proportion estimated from correlated trials (e.g. the win rate of deals clustered
    /// in accounts), with the effective number of trials n / <paramref name="designEffect"/> in place of n (Kish's
    /// effective sample size). A design effect of 1 gives the ordinary Wilson interval.
    /// </summary>
    /// <param name="proportion">The estimated proportion, in [0, 1].</param>
    /// <param name="trials">The number of trials, above 0.</param>
    /// <param name="designEffect">The variance of the estimate over its variance under independent trials, at least 1 here (smaller values are raised to 1) and finite.</param>
    /// <param name="level">The confidence level in (0, 1). The default is 0.95.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static Interval WilsonWithDesignEffect(double proportion, double trials, double designEffect, double level = 0.95)
    {
        if (!(proportion >= 0 && proportion <= 1)) throw new ArgumentOutOfRangeException(nameof(proportion), proportion, "The proportion must lie in [0, 1].");
        if (!(trials > 0) || double.IsInfinity(trials)) throw new ArgumentOutOfRangeException(nameof(trials), trials, "The number of trials must be finite and above 0.");
        if (double.IsNaN(designEffect) || double.IsInfinity(designEffect)) throw new ArgumentOutOfRangeException(nameof(designEffect), designEffect, "The design effect must be a finite number.");
        CheckLevel(level);
        double effective = trials / Math.Max(1, designEffect);
        return WilsonCore(proportion, effective, level, proportion == 0, proportion == 1);
    }

    private static Interval WilsonCore(double p, double n, double level, bool none, bool all)
    {
        double z = Distributions.NormalCritical(level);
        double z2 = z * z;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2 * n)) / denominator;
        double half = z * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator;
        double lower = none ? 0 : Math.Max(0, centre - half);
        double upper = all ? 1 : Math.Min(1, centre + half);
        return new Interval(lower, upper);
    }

    /// <summary>
    /// Two-sided test that two proportions are equal (pooled two-proportion z test), e.g. win rate of ICP-fit deals
    /// against non-fit deals. Returns the difference p1 − p2, its Newcombe (hybrid Wilson) interval and the p-value.
    /// </summary>
    /// <param name="successes1">Successes in the first group.</param>
    /// <param name="trials1">Trials in the first group, at least 1.</param>
    /// <param name="successes2">Successes in the second group.</param>
    /// <param name="trials2">Trials in the second group, at least 1.</param>
    /// <param name="level">The confidence level in (0, 1). The default is 0.95.</param>
    public static ProportionDifference Difference(long successes1, long trials1, long successes2, long trials2, double level = 0.95)
    {
        Interval w1 = Wilson(successes1, trials1, level);
        Interval w2 = Wilson(successes2, trials2, level);
        double p1 = (double)successes1 / trials1, p2 = (double)successes2 / trials2;
        double d = p1 - p2;
        // Newcombe (1998) method 10.
        double lower = d - Math.Sqrt((p1 - w1.Lower) * (p1 - w1.Lower) + (w2.Upper - p2) * (w2.Upper - p2));
        double upper = d + Math.Sqrt((w1.Upper - p1) * (w1.Upper - p1) + (p2 - w2.Lower) * (p2 - w2.Lower));
        double pooled = (double)(successes1 + successes2) / (trials1 + trials2);
        double se = Math.Sqrt(pooled * (1 - pooled) * (1.0 / trials1 + 1.0 / trials2));
        double pValue = se == 0 ? (d == 0 ? 1 : 0) : Distributions.NormalTwoSidedP(d / se);
        return new ProportionDifference(d, new Interval(lower, upper), pValue);
    }

    internal static void CheckLevel(double level)
    {
        if (!(level > 0 && level < 1))
            throw new ArgumentOutOfRangeException(nameof(level), level, "The confidence level must lie strictly between 0 and 1, e.g. 0.95.");
    }
}

/// <summary>The difference between two proportions, its interval and the p-value of the test that it is zero.</summary>
/// <param name="Difference">The first proportion minus the second.</param>
/// <param name="Interval">The confidence interval of the difference (Newcombe's hybrid Wilson method).</param>
/// <param name="PValue">The two-sided p-value of the pooled z test of equal proportions.</param>
public sealed record ProportionDifference(double Difference, Interval Interval, double PValue);
