using System.Globalization;

namespace IcpAnalytics.Statistics;

/// <summary>
/// Partial pooling of group estimates (segments, reps) toward their common mean, so that small groups with noisy
/// estimates are not over-read. Random-effects model: estimate_i ~ N(θ_i, v_i), θ_i ~ N(μ, τ²).
/// </summary>
public static class Shrinkage
{
    /// <summary>
    /// Empirical-Bayes shrinkage with the between-group variance τ² estimated by the DerSimonian–Laird method of moments.
    /// Each estimate moves toward the pooled mean by the factor B_i = v_i / (v_i + τ²): noisy groups move more.
    /// </summary>
    /// <param name="estimates">One estimate per group (finite).</param>
    /// <param name="variances">The sampling variance of each estimate (finite, &gt; 0).</param>
    /// <exception cref="ArgumentException">The spans differ in length, are empty, or hold a non-finite value or a variance ≤ 0.</exception>
    public static ShrinkageResult DerSimonianLaird(ReadOnlySpan<double> estimates, ReadOnlySpan<double> variances)
    {
        int k = estimates.Length;
        if (k == 0) throw new ArgumentException("Shrinkage needs at least one group estimate.", nameof(estimates));
        if (variances.Length != k)
            throw new ArgumentException($"There are {k} estimates but {variances.Length} variances; give one variance per estimate.", nameof(variances));
        double sw = 0, swy = 0, sw2 = 0;
        for (int i = 0; i < k; i++)
        {
            if (!double.IsFinite(estimates[i]))
                throw new ArgumentException($"Estimate {i + 1} is not a finite number.", nameof(estimates));
            if (!double.IsFinite(variances[i]) || variances[i] <= 0)
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Variance {i + 1} is {variances[i]}; each variance must be finite and above 0."), nameof(variances));
            double w = 1 / variances[i];
            sw += w;
            swy += w * estimates[i];
            sw2 += w * w;
        }
        double fixedMean = swy / sw;
        double q = 0;
        for (int i = 0; i < k; i++)
        {
            double d = estimates[i] - fixedMean;
            q += d * d / variances[i];
        }
        double tau2 = k > 1 ? Math.Max(0, (q - (k - 1)) / (sw - sw2 / sw)) : 0;

        double swStar = 0, swyStar = 0;
        for (int i = 0; i < k; i++)
        {
            double w = 1 / (variances[i] + tau2);
            swStar += w;
            swyStar += w * estimates[i];
        }
        double pooled = swyStar / swStar;
        double pooledVariance = 1 / swStar;
        var shrunk = new double[k];
        var shrunkVariance = new double[k];
        var factor = new double[k];
        for (int i = 0; i < k; i++)
        {
            double b = variances[i] / (variances[i] + tau2);
            factor[i] = b;
            shrunk[i] = b * pooled + (1 - b) * estimates[i];
            // Morris (1983): posterior variance including the uncertainty of the pooled mean.
            shrunkVariance[i] = variances[i] * (1 - b) + b * b * pooledVariance;
        }
        return new ShrinkageResult(pooled, pooledVariance, tau2, q, shrunk, shrunkVariance, factor);
    }
}

/// <summary>The result of <see cref="Shrinkage.DerSimonianLaird"/>.</summary>
/// <param name="PooledMean">The random-effects pooled mean μ̂ the groups are shrunk toward.</param>
/// <param name="PooledVariance">The sampling variance of <paramref name="PooledMean"/>.</param>
/// <param name="BetweenGroupVariance">The estimated between-group variance τ² (0 when the groups do not differ beyond noise).</param>
/// <param name="HeterogeneityQ">Cochran's Q statistic of heterogeneity (k − 1 degrees of freedom).</param>
/// <param name="Shrunk">Each group's partially pooled estimate, in input order.</param>
/// <param name="ShrunkVariances">The variance of each partially pooled estimate.</param>
/// <param name="ShrinkageFactors">How far each group moved toward the pooled mean, from 0 (not at all) to 1 (all the way).</param>
public sealed record ShrinkageResult(
    double PooledMean,
    double PooledVariance,
    double BetweenGroupVariance,
    double HeterogeneityQ,
    IReadOnlyList<double> Shrunk,
    IReadOnlyList<double> ShrunkVariances,
    IReadOnlyList<double> ShrinkageFactors);
