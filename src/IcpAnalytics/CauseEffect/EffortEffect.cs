using System.Globalization;

namespace IcpAnalytics.CauseEffect;

/// <summary>
/// The estimated effect of one effort in one segment (or overall): per unit of the transformed effort, with its interval,
/// the partially pooled estimate beside the raw one, the naive (uncontrolled) estimate, and the effect expressed as the
/// margin of one more unit, and of one more effort hour, at the segment's current average effort.
/// </summary>
public sealed record EffortEffect
{
    /// <summary>The effort, e.g. "meetings".</summary>
    public required string Effort { get; init; }

    /// <summary>The segment, or "All segments" for the overall effect.</summary>
    public required string Segment { get; init; }

    /// <summary>The deals the estimate rests on.</summary>
    public required int Deals { get; init; }

    /// <summary>The effect on the outcome of one unit of the transformed effort (e.g. one unit of log(1 + meetings)), adjusted for the controls.</summary>
    public required double Estimate { get; init; }

    /// <summary>The standard error of <see cref="Estimate"/>.</summary>
    public required double StandardError { get; init; }

    /// <summary>The lower end of the confidence interval of <see cref="Estimate"/>.</summary>
    public required double Lower { get; init; }

    /// <summary>The upper end of the confidence interval of <see cref="Estimate"/>.</summary>
    public required double Upper { get; init; }

    /// <summary>The two-sided p-value of "no effect".</summary>
    public required double PValue { get; init; }

    /// <summary>The partially pooled estimate: the raw estimate moved toward the pooled mean of all segments by DerSimonian–Laird shrinkage (noisy segments move more). Equal to <see cref="Estimate"/> for the overall effect.</summary>
    public required double ShrunkEstimate { get; init; }

    /// <summary>The standard error of <see cref="ShrunkEstimate"/>.</summary>
    public required double ShrunkStandardError { get; init; }

    /// <summary>How far the estimate moved toward the pooled mean, from 0 (not at all) to 1 (all the way).</summary>
    public required double ShrinkageFactor { get; init; }

    /// <summary>The naive estimate: the same effect without any controls. The gap to <see cref="Estimate"/> is the confounding the controls removed.</summary>
    public required double NaiveEstimate { get; init; }

    /// <summary>The standard error of <see cref="NaiveEstimate"/>.</summary>
    public required double NaiveStandardError { get; init; }

    /// <summary>The segment's average effort count per deal today.</summary>
    public required double MeanEffort { get; init; }

    /// <summary>The 95th percentile of the effort count per deal in the segment: allocation does not recommend more than the data has seen.</summary>
    public required double HighEffort { get; init; }

    /// <summary>The marginal margin of one more unit of effort at the segment's average effort: <see cref="Estimate"/> × the transform's derivative at <see cref="MeanEffort"/>.</summary>
    public required double MarginalPerUnit { get; init; }

    /// <summary>The lower end of the interval of <see cref="MarginalPerUnit"/>.</summary>
    public required double MarginalPerUnitLower { get; init; }

    /// <summary>The upper end of the interval of <see cref="MarginalPerUnit"/>.</summary>
    public required double MarginalPerUnitUpper { get; init; }

    /// <summary>Effort hours one unit of this effort takes (see <see cref="EffortEffects.HoursPerUnit"/>), or null when unknown.</summary>
    public double? HoursPerUnit { get; init; }

    /// <summary>The marginal margin of one more effort hour spent on this effort at the segment's average effort: <see cref="MarginalPerUnit"/> / <see cref="HoursPerUnit"/>; null when hours per unit are unknown.</summary>
    public double? MarginalPerHour { get; init; }

    /// <summary>Interactive double ML (0/1 efforts): the effect on the deals that got the effort (ATT); null for other models. <see cref="Estimate"/> is then the average effect over all deals (ATE) of having the effort.</summary>
    public TreatedEffect? EffectOnTreated { get; init; }

    /// <summary>Interactive double ML (0/1 efforts): overlap and balance of the effort in this segment, and whether the estimate was restricted to common support; null for other models and for the pooled effect over several segments.</summary>
    public OverlapDiagnostics? Overlap { get; init; }

    /// <summary>How strong an unobserved confounder would have to be to explain this effect away (partial R² and robustness values), with a plain sentence.</summary>
    public ConfoundingSensitivityResult? Sensitivity { get; init; }

    /// <summary>Whether the interval excludes zero.</summary>
    public bool IsSignificant => Lower > 0 || Upper < 0;

    /// <summary>One line: effect, interval, shrunk, naive, marginal per unit and per hour.</summary>
    public override string ToString()
    {
        string perHour = MarginalPerHour is double h ? string.Create(CultureInfo.InvariantCulture, $", {h:N0} per hour") : "";
        if (EffectOnTreated is TreatedEffect att)
        {
            string population = Overlap is { RestrictedToCommonSupport: true } o
                ? string.Create(CultureInfo.InvariantCulture, $" on the {o.DealsKept:N0} of {o.DealsBefore:N0} deals in common support (full sample {o.FullSampleEstimate:N0} [{o.FullSampleLower:N0}, {o.FullSampleUpper:N0}])")
                : "";
            return string.Create(CultureInfo.InvariantCulture,
                $"{Segment} / {Effort}: average effect {Estimate:N0} [{Lower:N0}, {Upper:N0}] (SE {StandardError:N0}, n {Deals:N0}){population}; on deals with it {att}; shrunk {ShrunkEstimate:N0}; naive {NaiveEstimate:N0}");
        }
        return string.Create(CultureInfo.InvariantCulture,
            $"{Segment} / {Effort}: {Estimate:N0} [{Lower:N0}, {Upper:N0}] (SE {StandardError:N0}, n {Deals:N0}); shrunk {ShrunkEstimate:N0}; naive {NaiveEstimate:N0}; one more at {MeanEffort:0.##}: {MarginalPerUnit:N0}{perHour}");
    }
}
