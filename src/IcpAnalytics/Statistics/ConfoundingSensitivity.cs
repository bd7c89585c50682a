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
    /// The bound of Cinelli and Hazlett (2020, Section 4.4; sensemakr's <c>ovb_bounds</c>) from an observed benchmark control:
    /// a hidden confounder <paramref name="kd"/> times as strongly related to the effort and <paramref name="ky"/> times
    /// as strongly related to the outcome as the benchmark (in partial R²) would move the estimate toward zero to the
    /// bounded estimate, with its adjusted standard error (with the factor √(df / (df − 1)) for the degree of freedom the
    /// confounder takes), t-value and interval (Student's t at level 1 − <paramref name="alpha"/> with df degrees of freedom, as
    /// sensemakr's published bounds).
    /// </summary>
    /// <param name="estimate">The effect estimate.</param>
    /// <param name="standardError">Its standard error.</param>
    /// <param name="degreesOfFreedom">The residual degrees of freedom.</param>
    /// <param name="benchmarkWithEffort">The benchmark's partial R² with the effort given the other controls (R²_{D~Xj|X−j}).</param>
    /// <param name="benchmarkWithOutcome">The benchmark's partial R² with the outcome given the effort and the other controls (R²_{Y~Xj|D,X−j}).</param>
    /// <param name="kd">How many times the benchmark's strength with the effort; 1 by default.</param>
    /// <param name="ky">How many times the benchmark's strength with the outcome; <paramref name="kd"/> by default.</param>
    /// <param name="alpha">The significance level of the interval; 0.05 by default.</param>
    public static ConfoundingBound BenchmarkBound(double estimate, double standardError, double degreesOfFreedom, double benchmarkWithEffort, double benchmarkWithOutcome,
        double kd = 1, double? ky = null, double alpha = 0.05)
    {
        double kyValue = ky ?? kd;
        double r2dxj = benchmarkWithEffort, r2yxj = benchmarkWithOutcome;
        if (!(kd * r2dxj < 1)) throw new ArgumentOutOfRangeException(nameof(kd), "kd times the benchmark's partial R² with the effort must stay below 1.");
        double r2dz = kd * r2dxj / (1 - r2dxj);
        double r2zxj = kd * r2dxj * r2dxj / ((1 - kd * r2dxj) * (1 - r2dxj));
        double root = (Math.Sqrt(kyValue) + Math.Sqrt(r2zxj)) / Math.Sqrt(1 - r2zxj);
        double r2yz = Math.Min(1, root * root * (r2yxj / (1 - r2yxj)));
        double bias = standardError * Math.Sqrt(degreesOfFreedom) * Math.Sqrt(r2yz * r2dz / (1 - r2dz));
        double adjusted = Math.Sign(estimate) * (Math.Abs(estimate) - bias);
        double adjustedSe = standardError * Math.Sqrt((1 - r2yz) / (1 - r2dz)) * Math.Sqrt(degreesOfFreedom / (degreesOfFreedom - 1));
        double critical = Distributions.StudentCritical(1 - alpha, degreesOfFreedom);
        return new ConfoundingBound(kd, kyValue, r2dz, r2yz, adjusted, adjustedSe, adjustedSe > 0 ? adjusted / adjustedSe : double.NaN,
            adjusted - critical * adjustedSe, adjusted + critical * adjustedSe);
    }

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

/// <summary>
/// A Cinelli–Hazlett bound from a benchmark control (see <see cref="ConfoundingSensitivity.BenchmarkBound"/>): the strength
/// of the hypothetical confounder and the estimate it would leave.
/// </summary>
/// <param name="Kd">How many times the benchmark's strength with the effort.</param>
/// <param name="Ky">How many times the benchmark's strength with the outcome.</param>
/// <param name="PartialR2WithEffort">The confounder's partial R² with the effort given the controls (sensemakr's r2dz.x).</param>
/// <param name="PartialR2WithOutcome">The confounder's partial R² with the outcome given the effort and the controls (r2yz.dx).</param>
/// <param name="AdjustedEstimate">The estimate once such a confounder is accounted for (moved toward zero).</param>
/// <param name="AdjustedStandardError">Its standard error.</param>
/// <param name="AdjustedT">Its t-value.</param>
/// <param name="Lower">The lower end of its interval.</param>
/// <param name="Upper">The upper end of its interval.</param>
public sealed record ConfoundingBound(double Kd, double Ky, double PartialR2WithEffort, double PartialR2WithOutcome, double AdjustedEstimate,
    double AdjustedStandardError, double AdjustedT, double Lower, double Upper);
