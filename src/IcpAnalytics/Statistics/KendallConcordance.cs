using System.Globalization;
using MathNet.Numerics;

namespace IcpAnalytics.Statistics;

/// <summary>
/// Kendall's coefficient of concordance W: how far m raters (executives) agree on the order of n items (goals),
/// from 0 (no agreement) to 1 (everyone gave the same order), with the correction for ties and the chi-square test.
/// </summary>
/// <remarks>
/// With R_i the rank sum of item i and S = Σ (R_i − R̄)², W = 12 S / (m² (n³ − n) − m Σ_j T_j), where
/// T_j = Σ (t³ − t) over the groups of t tied ranks of rater j (Kendall &amp; Babington Smith 1939; Siegel &amp;
/// Castellan 1988, §9.4; Legendre 2005). Under no agreement m (n − 1) W is approximately chi-square with n − 1
/// degrees of freedom (the Friedman statistic); the approximation is rough below about 7 items or few raters.
/// </remarks>
public static class KendallConcordance
{
    /// <summary>Computes W, its chi-square statistic and p-value.</summary>
    /// <param name="rankings">One ranking per rater, each with one rank per item (the same item order for every rater); tied items share the mean of their positions (mid-ranks).</param>
    /// <returns>The agreement; <see cref="Concordance.IsDefined"/> is false (with the reason) when there are fewer than 2 raters or 2 items, or every rater tied every item.</returns>
    /// <exception cref="ArgumentException">The rankings differ in length or hold a non-finite rank.</exception>
    public static Concordance Compute(IReadOnlyList<IReadOnlyList<double>> rankings)
    {
        ArgumentNullException.ThrowIfNull(rankings);
        int m = rankings.Count;
        int n = m == 0 ? 0 : rankings[0].Count;
        for (int j = 0; j < m; j++)
        {
            if (rankings[j].Count != n)
                throw new ArgumentException($"Rater {j + 1} ranks {rankings[j].Count} items but rater 1 ranks {n}; every rater needs a rank for every item (fill unranked items with mid-ranks).", nameof(rankings));
            for (int i = 0; i < n; i++)
            {
                if (!double.IsFinite(rankings[j][i]))
                    throw new ArgumentException($"Rater {j + 1} has a rank for item {i + 1} that is not a finite number.", nameof(rankings));
            }
        }
        if (m < 2) return Concordance.Undefined(m, n, $"Agreement needs at least 2 raters; there {(m == 1 ? "is 1" : "are " + m.ToString(CultureInfo.InvariantCulture))}.");
        if (n < 2) return Concordance.Undefined(m, n, $"Agreement needs at least 2 items to order; there {(n == 1 ? "is 1" : "are 0")}.");

        var sums = new double[n];
        double tieSum = 0;
        var sorted = new double[n];
        for (int j = 0; j < m; j++)
        {
            for (int i = 0; i < n; i++)
            {
                sums[i] += rankings[j][i];
                sorted[i] = rankings[j][i];
            }
            Array.Sort(sorted);
            for (int start = 0; start < n;)
            {
                int end = start + 1;
                while (end < n && sorted[end] == sorted[start]) end++;
                double t = end - start;
                tieSum += t * t * t - t;
                start = end;
            }
        }
        double mean = 0;
        for (int i = 0; i < n; i++) mean += sums[i];
        mean /= n;
        double s = 0;
        for (int i = 0; i < n; i++) s += (sums[i] - mean) * (sums[i] - mean);
        double dn = n, dm = m;
        double denominator = dm * dm * (dn * dn * dn - dn) - dm * tieSum;
        if (denominator <= 0) return Concordance.Undefined(m, n, "Every rater tied every item, so there is no order to agree on.");
        double w = Math.Min(1, 12 * s / denominator);
        double chi = dm * (dn - 1) * w;
        double p = SpecialFunctions.GammaUpperRegularized((n - 1) / 2.0, chi / 2);
        return new Concordance(true, null, m, n, w, s, tieSum, chi, n - 1, p);
    }
}
