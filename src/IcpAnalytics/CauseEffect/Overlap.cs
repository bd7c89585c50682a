using System.Globalization;
using System.Text.Json.Serialization;
using IcpAnalytics.Statistics;

namespace IcpAnalytics.CauseEffect;

/// <summary>Which double-ML model estimates the effects.</summary>
public enum DoubleMlModel
{
    /// <summary>Interactive (augmented inverse-propensity weighting) when every effort is 0/1, partially linear otherwise. The default.</summary>
    Automatic,

    /// <summary>Partially linear: the outcome's residual regressed on the efforts' residuals (one effect per unit of effort, assumed the same for every deal).</summary>
    PartiallyLinear,

    /// <summary>Interactive: augmented inverse-propensity weighting (AIPW) of 0/1 efforts, with outcome models fitted separately for deals with and without the effort; gives the average effect (ATE) and the effect on the deals that got the effort (ATT), with effects allowed to differ from deal to deal.</summary>
    Interactive,
}

/// <summary>When an interactive (AIPW) fit is restricted to the deals in the region of common support.</summary>
public enum CommonSupportPolicy
{
    /// <summary>Re-fit on the deals whose propensity lies within <see cref="EffortEffectsOptions.CommonSupportBounds"/> when the overlap check fails, and show that estimate first (the full-sample one stays beside it). The default.</summary>
    WhenOverlapFails,

    /// <summary>Always re-fit on the deals in common support.</summary>
    Always,

    /// <summary>Never restrict: the full-sample estimate is shown even when overlap fails (the check says so).</summary>
    Never,
}

/// <summary>
/// An effect on the deals that got a 0/1 effort (the average effect on the treated, ATT), from the interactive double-ML
/// (AIPW) model: what the effort did for the deals it was given to, which may differ from the average effect over all deals.
/// </summary>
public sealed record TreatedEffect
{
    /// <summary>The estimated average effect on the deals with the effort.</summary>
    public required double Estimate { get; init; }

    /// <summary>The orthogonal-score standard error of <see cref="Estimate"/> (clustered when asked).</summary>
    public required double StandardError { get; init; }

    /// <summary>The lower end of the confidence interval.</summary>
    public required double Lower { get; init; }

    /// <summary>The upper end of the confidence interval.</summary>
    public required double Upper { get; init; }

    /// <summary>The two-sided p-value of "no effect on the deals with the effort".</summary>
    public required double PValue { get; init; }

    /// <summary>How many deals got the effort.</summary>
    public required int TreatedDeals { get; init; }

    /// <summary>One line: estimate, interval, standard error, treated deals.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Estimate:N0} [{Lower:N0}, {Upper:N0}] (SE {StandardError:N0}, {TreatedDeals:N0} deals with the effort)");
}

/// <summary>
/// How strong a hidden confounder would have to be to explain an effect away (Cinelli and Hazlett, 2020): the partial R²
/// of the effort with the outcome and the robustness values, from the effect's t-value and degrees of freedom.
/// </summary>
public sealed record ConfoundingSensitivityResult
{
    /// <summary>The partial R² of the effort with the outcome given the controls.</summary>
    public required double PartialR2 { get; init; }

    /// <summary>The share of the residual variation of both effort and outcome a confounder would have to explain to bring the effect to zero (RV).</summary>
    public required double RobustnessValue { get; init; }

    /// <summary>The share it would have to explain to make the effect no longer significant at the fit's confidence level (RV at α); 0 when it is not significant already.</summary>
    public required double RobustnessValueSignificance { get; init; }

    /// <summary>The finding in one plain sentence, generated from the numbers.</summary>
    public required string Sentence { get; init; }

    /// <summary>The strongest observed control, used as the benchmark of a hidden confounder: the control term whose bound moves the effect furthest toward zero; null without controls (and for the pooled effect of several segments).</summary>
    public string? BenchmarkControl { get; init; }

    /// <summary>
    /// The bound (Cinelli and Hazlett 2020; sensemakr's <c>ovb_bounds</c> with kd = ky = 1) from <see cref="BenchmarkControl"/>: the effect once a hidden
    /// confounder as strongly related to effort and outcome as that control is accounted for, with its interval. The partial R²s
    /// come from least squares on the segment's deals; with robust or double-ML standard errors the bound uses the effect's own.
    /// </summary>
    public ConfoundingBound? BenchmarkBound { get; init; }

    /// <summary>Passed when the effect stays significant after the benchmark confounder, caution when it keeps its sign but loses significance (or was not significant), failed when it is explained away.</summary>
    public CheckVerdict? BenchmarkVerdict { get; init; }

    /// <summary>The benchmark finding in one plain sentence, generated from the numbers.</summary>
    public string? BenchmarkSentence { get; init; }

    /// <summary>The sentence.</summary>
    public override string ToString() => Sentence;
}

/// <summary>How well one control is balanced between deals with and without a 0/1 effort, before and after propensity weighting.</summary>
/// <param name="Control">The control, e.g. "log(revenue)" or "region = West".</param>
/// <param name="Before">The standardized difference (difference in means over the pooled standard deviation) without weighting.</param>
/// <param name="After">The standardized difference with inverse-propensity weights (the same denominator).</param>
public sealed record BalanceRow(string Control, double Before, double After);

/// <summary>
/// Overlap and balance of a 0/1 effort in one segment: the cross-fitted propensity (the chance of getting the effort given
/// the controls), how many deals have an extreme propensity, the effective sample size of the weights, a balance table,
/// and — when the fit was restricted to common support — how many deals it kept and the full-sample estimate beside it.
/// </summary>
public sealed record OverlapDiagnostics
{
    /// <summary>The effort.</summary>
    public required string Effort { get; init; }

    /// <summary>Deals with the effort, in the full segment.</summary>
    public required int Treated { get; init; }

    /// <summary>Deals without the effort, in the full segment.</summary>
    public required int Untreated { get; init; }

    /// <summary>The propensity below which (or above one minus which) a deal counts as extreme (<see cref="EffortEffectsOptions.ExtremePropensity"/>).</summary>
    public required double ExtremeBound { get; init; }

    /// <summary>The share of the segment's deals with an extreme cross-fitted propensity.</summary>
    public required double ExtremeShare { get; init; }

    /// <summary>The smallest cross-fitted propensity (before clipping).</summary>
    public required double MinPropensity { get; init; }

    /// <summary>The largest cross-fitted propensity (before clipping).</summary>
    public required double MaxPropensity { get; init; }

    /// <summary>Kish's effective sample size of the inverse-propensity weights of the deals with the effort, (Σw)²/Σw².</summary>
    public required double EffectiveTreated { get; init; }

    /// <summary>Kish's effective sample size of the weights of the deals without the effort.</summary>
    public required double EffectiveUntreated { get; init; }

    /// <summary>The smaller of the two effective sizes as a share of its group's deals: 1 when weighting costs nothing, near 0 when a few deals carry the weight.</summary>
    public double EffectiveShare => Math.Min(Treated > 0 ? EffectiveTreated / Treated : 0, Untreated > 0 ? EffectiveUntreated / Untreated : 0);

    /// <summary>Standardized differences of every control before and after weighting.</summary>
    public required IReadOnlyList<BalanceRow> Balance { get; init; }

    /// <summary>The overlap verdict of the full segment: passed, caution or failed.</summary>
    public required CheckVerdict Verdict { get; init; }

    /// <summary>Whether the estimate shown was re-fitted on the deals in common support.</summary>
    public required bool RestrictedToCommonSupport { get; init; }

    /// <summary>The propensity bounds of common support when restricted (deals with propensity in [bound, 1 − bound] kept), else null.</summary>
    public double? CommonSupportBound { get; init; }

    /// <summary>The deals the shown estimate rests on (all the segment's deals unless restricted).</summary>
    public required int DealsKept { get; init; }

    /// <summary>The segment's deals before any restriction.</summary>
    public required int DealsBefore { get; init; }

    /// <summary>The full-sample average effect, when the estimate shown is the restricted one (else null).</summary>
    public double? FullSampleEstimate { get; init; }

    /// <summary>The lower end of the full-sample interval, when restricted.</summary>
    public double? FullSampleLower { get; init; }

    /// <summary>The upper end of the full-sample interval, when restricted.</summary>
    public double? FullSampleUpper { get; init; }

    /// <summary>The overlap verdict of the deals kept, when restricted (else null).</summary>
    public CheckVerdict? KeptVerdict { get; init; }

    /// <summary>The segment's rows (0-based within the segment, in deal order) the shown estimate rests on; for tests and diagnostics.</summary>
    [JsonIgnore]
    internal int[]? KeptRows { get; init; }

    /// <summary>The largest absolute standardized difference after weighting.</summary>
    public double WorstBalanceAfter => Balance.Count == 0 ? 0 : Balance.Max(b => Math.Abs(b.After));

    /// <summary>The largest absolute standardized difference before weighting.</summary>
    public double WorstBalanceBefore => Balance.Count == 0 ? 0 : Balance.Max(b => Math.Abs(b.Before));

    /// <summary>One line: extreme share, effective share, worst balance, verdict, restriction.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Effort}: {ExtremeShare:P1} of deals with propensity outside [{ExtremeBound:0.##}, {1 - ExtremeBound:0.##}]; effective sample {EffectiveShare:P0}; worst standardized difference {WorstBalanceBefore:0.00} before, {WorstBalanceAfter:0.00} after weighting; {Verdict}{(RestrictedToCommonSupport ? $"; restricted to common support: {DealsKept:N0} of {DealsBefore:N0} deals kept" : "")}");
}
