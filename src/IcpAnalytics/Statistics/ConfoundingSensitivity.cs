namespace IcpAnalytics.Statistics;

/// <summary>
/// Sensitivity of a regression-type estimate to an unobserved confounder, after Cinelli and Hazlett (2020), "Making sense
/// of sensitivity: extending omitted variable bias", JRSS-B 82(1): the partial R² of the effort with the outcome and the
/// robustness values — how much of the residual variation of both effort and outcome a hidden confounder would have to
/// explain to remove the effect (RV) or its significance (RV at α). Computed from the estimate's t-value and degrees of
/// freedom, as R's <c>sensemakr::sensitivity_stats</c> does.
/// </summary>
public static class ConfoundingSensitivity
{
    /// <summary>The partial R² of the effort with the outcome given the controls: t² / (t² + df).</summary>
    /// <param name="t">The estimate's t-value.</param>
    /// <param name="degreesOfFreedom">The residual degrees of freedom.</param>
    public static double PartialR2(double t, double degreesOfFreedom) => t * t / (t * t + degreesOfFreedom);

    /// <summary>
    /// The robustness value RV_{q,α}: the partial R² a confounder would need with both effort and outcome to reduce the
    /// effect by a share <paramref name="q"/> (1 = to zero), or, with <paramref name="alpha"/>, to make the reduced
    /// effect no longer significant at level α. 0 when the estimate is already not significant.
    /// </summary>
    /// <param name="t">The estimate's t-value.</param>
    /// <param name="degreesOfFreedom">The residual degrees of freedom.</param>
    /// <param name="q">The share of the effect to explain away; 1 by default.</param>
    /// <param name="alpha">The significance level, or null for the point estimate.</param>
    public static double RobustnessValue(double t, double degreesOfFreedom, double q = 1, double? alpha = null)
    {
        double fq = q * Math.Abs(t) / Math.Sqrt(degreesOfFreedom);
        double critical = 0;
        if (alpha is double a)
        {
            critical = Math.Abs(Distributions.StudentCritical(1 - a, degreesOfFreedom - 1)) / Math.Sqrt(degreesOfFreedom - 1);
        }
        double f = fq - critical;
        if (f < 0) return 0;
        if (critical > 0 && fq > 1 / critical) return (fq * fq - critical * critical) / (1 + fq * fq);
        return 0.5 * (Math.Sqrt(f * f * f * f + 4 * f * f) - f * f);
    }
}
