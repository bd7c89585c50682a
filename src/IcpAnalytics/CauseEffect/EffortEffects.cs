using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;

namespace IcpAnalytics.CauseEffect;

/// <summary>
/// Fitted cause-effect models of sales effort on margin: per segment and overall, each effort's effect with interval,
/// partially pooled estimate, naive estimate, marginal margin per unit and per hour, and the honesty checks. Immutable
/// and thread-safe. Use <see cref="Allocate(double, EffortBudgetUnit, AllocationOptions?)"/> to spread an effort budget.
/// </summary>
public sealed record EffortEffects
{
    /// <summary>The efforts, in the order given.</summary>
    public required IReadOnlyList<string> Efforts { get; init; }

    /// <summary>The controls, as resolved against the deals (e.g. "revenue", "rep").</summary>
    public required IReadOnlyList<string> Controls { get; init; }

    /// <summary>What the effects are on.</summary>
    public required EffortOutcome Outcome { get; init; }

    /// <summary>What the effects are on, in words: "margin per opportunity", "margin on won deals", "win probability", or the outcome column's name.</summary>
    public string OutcomeName { get; init; } = "margin per opportunity";

    /// <summary>Whether the outcome is money (margin, or a revenue or margin column), so figures are currency; false for win probability and for columns such as cycle days or discount.</summary>
    public bool OutcomeIsMoney { get; init; } = true;

    /// <summary>The effort transform's name ("log1p", "linear" or a custom name): effects are per unit of it.</summary>
    public required string Transform { get; init; }

    /// <summary>The estimator in words.</summary>
    public required string Estimator { get; init; }

    /// <summary>What defines the segments (an attribute's name or a segmentation's name), or null when there is one segment of all deals.</summary>
    public string? SegmentedBy { get; init; }

    /// <summary>The confidence level of every interval.</summary>
    public required double ConfidenceLevel { get; init; }

    /// <summary>The seed of every random step.</summary>
    public required int Seed { get; init; }

    /// <summary>The deals analysed.</summary>
    public required int Deals { get; init; }

    /// <summary>Deals left out, and why (missing effort or control values, no segment, lost deals for margin on won deals), as readable lines.</summary>
    public required IReadOnlyList<string> LeftOut { get; init; }

    /// <summary>The segments, estimable or not, in segment order.</summary>
    public required IReadOnlyList<SegmentEffects> Segments { get; init; }

    /// <summary>
    /// The overall effect: the deal-weighted average of the estimable segments' effects (the average effect per deal),
    /// with its standard error from the segments' independent estimates; with a single segment, that segment's fit.
    /// </summary>
    public required SegmentEffects Overall { get; init; }

    /// <summary>
    /// Effort hours per unit of each effort, used for the per-hour figures and hour budgets. Unless given in the options,
    /// they are the coefficients of a least-squares regression (with intercept) of each deal's effort hours on its effort
    /// counts over all analysed deals, so the hours of a meeting are separated from those of a demo and from fixed overhead.
    /// </summary>
    public required IReadOnlyList<EffortHours> HoursPerUnit { get; init; }

    /// <summary>Things to know about the whole fit (e.g. segments not estimable), as readable lines.</summary>
    public required IReadOnlyList<string> Warnings { get; init; }

    /// <summary>
    /// With <see cref="EffortEffectsOptions.CompareWithDoubleMl"/> on a regression: the same effects from double ML
    /// (partialling-out with flexible nuisance models, without the re-fitting checks) on the same deals, whose comparison
    /// with the regression is each effect's <see cref="HonestyCheckKind.Specification"/> check; null otherwise.
    /// </summary>
    public EffortEffects? DoubleMlComparison { get; init; }

    [JsonIgnore]
    internal EffortTransform? TransformFunction { get; init; }

    /// <summary>The segment called <paramref name="segment"/> (ordinal, case-insensitive).</summary>
    /// <param name="segment">A segment's name.</param>
    /// <exception cref="ArgumentException">No segment has that name; the message lists the segments.</exception>
    public SegmentEffects Segment(string segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        foreach (SegmentEffects s in Segments)
        {
            if (string.Equals(s.Segment, segment, StringComparison.OrdinalIgnoreCase)) return s;
        }
        throw new ArgumentException($"No segment '{segment}'. Segments: {string.Join(", ", Segments.Select(s => s.Segment))}.", nameof(segment));
    }

    /// <summary>
    /// Spreads a budget of effort across segments (and efforts) to maximize expected margin on the fitted diminishing-returns
    /// curves, and states the expected gain versus today's allocation with an interval. See <see cref="EffortAllocation"/>.
    /// </summary>
    /// <param name="budget">The budget: effort hours, or effort units. Use <see cref="TodaysSpend"/> to reallocate today's effort.</param>
    /// <param name="unit">Whether the budget is in hours (the default) or effort units.</param>
    /// <param name="options">Which efforts, how many draws, the seed; defaults as documented on <see cref="AllocationOptions"/>.</param>
    public EffortAllocation Allocate(double budget, EffortBudgetUnit unit = EffortBudgetUnit.Hours, AllocationOptions? options = null) =>
        EffortAllocator.Allocate(this, budget, unit, options ?? new AllocationOptions());

    /// <summary>Today's total effort across the estimable segments, in hours or units (for the efforts allocation would use).</summary>
    /// <param name="unit">Hours or units.</param>
    /// <param name="options">Which efforts count; all by default.</param>
    public double TodaysSpend(EffortBudgetUnit unit = EffortBudgetUnit.Hours, AllocationOptions? options = null) =>
        EffortAllocator.TodaysSpend(this, unit, options ?? new AllocationOptions());

    /// <summary>A readable report: specification, overall effects, each segment, and every check that did not pass.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        CultureInfo inv = CultureInfo.InvariantCulture;
        sb.Append(inv, $"Effort effects on {OutcomeName} of {string.Join(", ", Efforts)} ({Transform}), {Estimator}");
        sb.AppendLine().Append(inv, $"  controls: {(Controls.Count == 0 ? "none" : string.Join(", ", Controls))}; {Deals:N0} deals; segments: {(SegmentedBy is null ? "none" : SegmentedBy + " (" + Segments.Count + ")")}; {ConfidenceLevel:P0} intervals; seed {Seed}");
        foreach (string line in LeftOut) sb.AppendLine().Append("  left out: ").Append(line);
        foreach (EffortHours h in HoursPerUnit)
        {
            sb.AppendLine().Append(inv, $"  hours per {h.Effort}: {(h.Hours is double v ? v.ToString("0.##", inv) : "unknown")} ({h.Source})");
        }
        sb.AppendLine().Append("Overall: ").Append(Overall);
        foreach (SegmentEffects s in Segments) sb.AppendLine().Append(s);
        foreach (string w in Warnings) sb.AppendLine().Append("Warning: ").Append(w);
        return sb.ToString();
    }

    internal static string OutcomeText(EffortOutcome outcome) => outcome switch
    {
        EffortOutcome.MarginOnWonDeals => "margin on won deals",
        EffortOutcome.WinProbability => "win probability",
        _ => "margin per opportunity",
    };
}
