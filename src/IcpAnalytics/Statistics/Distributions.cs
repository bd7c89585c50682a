using MathNet.Numerics.Distributions;

namespace IcpAnalytics.Statistics;

/// <summary>
/// The normal and Student-t critical values and two-sided p-values every estimator shares, so that an interval
/// (estimate ± critical value × standard error) and its p-value are computed the same way everywhere.
/// </summary>
internal static class Distributions
{
    /// <summary>The two-sided critical value of the standard normal at a confidence level (1.96 at 0.95).</summary>
    public static double NormalCritical(double level) => Normal.InvCDF(0, 1, 0.5 + level / 2);

    /// <summary>The two-sided critical value of Student's t with <paramref name="df"/> degrees of freedom at a confidence level.</summary>
    public static double StudentCritical(double level, double df) => StudentT.InvCDF(0, 1, df, 0.5 + level / 2);

    /// <summary>The two-sided p-value of a z statistic, P(|Z| ≥ |z|), from the lower tail so that small p-values keep their digits.</summary>
    public static double NormalTwoSidedP(double z) => 2 * Normal.CDF(0, 1, -Math.Abs(z));

    /// <summary>
    /// The two-sided p-value of a t statistic with <paramref name="df"/> degrees of freedom (the normal one for infinite
    /// degrees of freedom): 0 for an infinite statistic, NaN without degrees of freedom, at most 1.
    /// </summary>
    public static double StudentTwoSidedP(double t, double df)
    {
        if (double.IsInfinity(t)) return 0;
        if (!(df > 0)) return double.NaN;
        if (double.IsPositiveInfinity(df)) return NormalTwoSidedP(t);
        return Math.Min(1, 2 * StudentT.CDF(0, 1, df, -Math.Abs(t)));
    }
}
