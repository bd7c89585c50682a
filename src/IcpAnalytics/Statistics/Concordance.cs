using System.Globalization;

namespace IcpAnalytics.Statistics;

/// <summary>Agreement among raters on the order of items: Kendall's W with its chi-square test (see <see cref="KendallConcordance"/>).</summary>
/// <param name="IsDefined">Whether W could be computed; when false, <paramref name="Reason"/> says why and the numbers are NaN.</param>
/// <param name="Reason">Why W is undefined, or null.</param>
/// <param name="Raters">The number of raters m.</param>
/// <param name="Items">The number of items n.</param>
/// <param name="W">Kendall's W corrected for ties, 0 (no agreement) to 1 (complete agreement).</param>
/// <param name="RankSumSquares">S, the sum of squared deviations of the items' rank sums from their mean.</param>
/// <param name="TieCorrection">Σ_j Σ (t³ − t) over the tie groups of every rater (0 without ties).</param>
/// <param name="ChiSquare">m (n − 1) W, the Friedman chi-square statistic.</param>
/// <param name="DegreesOfFreedom">n − 1.</param>
/// <param name="PValue">The upper-tail chi-square p-value of the test that the raters do not agree at all.</param>
public sealed record Concordance(bool IsDefined, string? Reason, int Raters, int Items, double W, double RankSumSquares, double TieCorrection, double ChiSquare, int DegreesOfFreedom, double PValue)
{
    internal static Concordance Undefined(int raters, int items, string reason) =>
        new(false, reason, raters, items, double.NaN, double.NaN, double.NaN, double.NaN, Math.Max(0, items - 1), double.NaN);

    /// <summary>A plain-language reading of W: "strong", "moderate", "weak" or "no real" agreement (W ≥ 0.7, ≥ 0.5, ≥ 0.3, below).</summary>
    public string Strength => !IsDefined ? "undefined" : W >= 0.7 ? "strong" : W >= 0.5 ? "moderate" : W >= 0.3 ? "weak" : "no real";

    /// <summary>W, the test and a plain reading, e.g. "Kendall's W = 0.62 (moderate agreement), chi-square 31.0 on 9 df, p = 0.0003".</summary>
    public override string ToString() => !IsDefined
        ? "Kendall's W undefined: " + Reason
        : string.Create(CultureInfo.InvariantCulture, $"Kendall's W = {W:0.###} ({Strength} agreement among {Raters} raters on {Items} items), chi-square {ChiSquare:0.##} on {DegreesOfFreedom} df, {(PValue < 0.0001 ? "p < 0.0001" : "p = " + PValue.ToString("0.####", CultureInfo.InvariantCulture))}");
}
