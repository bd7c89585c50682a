using System.Globalization;
using IcpAnalytics.Statistics;

namespace IcpAnalytics.Execution.Funnel;

/// <summary>
/// How strongly one step's conversion ratio predicts the period result, from a regression of rep-period results on every
/// step's ratio (controlling for the top-of-funnel volume), with heteroskedasticity-robust HC3 standard errors.
/// </summary>
/// <param name="Step">The step's position, 0 for the first.</param>
/// <param name="StepName">The step, e.g. "demos → opportunities".</param>
/// <param name="EffectPer10Points">The change in period result for a ratio 10 percentage points higher, the other ratios and the volume held fixed.</param>
/// <param name="Interval">The confidence interval of that effect.</param>
/// <param name="PValue">The two-sided p-value of the effect (HC3).</param>
/// <param name="AdjustedPValue">The p-value Holm-adjusted across the steps.</param>
/// <param name="Predicts">Whether the ratio predicts the result (adjusted p ≤ alpha).</param>
public sealed record ResultDriver(int Step, string StepName, double EffectPer10Points, Interval Interval, double PValue, double AdjustedPValue, bool Predicts)
{
    /// <summary>E.g. "opportunities → wins: +41,000 per period per 10 points [35,000, 47,000], adjusted p &lt; 0.0001 — predicts results".</summary>
    public override string ToString()
    {
        string p = AdjustedPValue < 0.0001 ? "< 0.0001" : "= " + AdjustedPValue.ToString("0.####", CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"{StepName}: {EffectPer10Points:+#,0;-#,0;0} per period per 10 points [{Interval.Lower:N0}, {Interval.Upper:N0}], adjusted p {p}") +
            (Predicts ? " — predicts results" : " — no clear link");
    }
}
