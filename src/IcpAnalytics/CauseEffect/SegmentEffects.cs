using System.Globalization;
using System.Text;

namespace IcpAnalytics.CauseEffect;

/// <summary>
/// The effects of every effort in one segment (or overall), with the segment's honesty checks. A segment whose effects
/// cannot be estimated (too few deals for the parameters, no effort variation) is kept, with the reason.
/// </summary>
public sealed record SegmentEffects
{
    /// <summary>The segment's name, e.g. "Software", or "All segments".</summary>
    public required string Segment { get; init; }

    /// <summary>The deals in the segment that entered the analysis.</summary>
    public required int Deals { get; init; }

    /// <summary>How many parameters the segment's model estimates: for regression the efforts, controls and intercept that could be estimated; for double ML the efforts (the controls enter through the learners); 0 when not estimable.</summary>
    public required int Parameters { get; init; }

    /// <summary>Whether the effects could be estimated.</summary>
    public required bool IsEstimable { get; init; }

    /// <summary>Why the effects could not be estimated, or null when they could.</summary>
    public string? NotEstimableReason { get; init; }

    /// <summary>One effect per effort (empty when not estimable), in the order the efforts were given.</summary>
    public required IReadOnlyList<EffortEffect> Effects { get; init; }

    /// <summary>The covariance matrix of the raw effect estimates, row-major (efforts × efforts); empty when not estimable. Used for allocation intervals.</summary>
    public required IReadOnlyList<double> EffectCovariance { get; init; }

    /// <summary>The honesty checks of this segment's estimates.</summary>
    public required IReadOnlyList<HonestyCheck> Checks { get; init; }

    /// <summary>The worst verdict among <see cref="Checks"/> (passed when there are none).</summary>
    public CheckVerdict WorstVerdict
    {
        get
        {
            CheckVerdict worst = CheckVerdict.Passed;
            foreach (HonestyCheck c in Checks)
            {
                if (c.Verdict > worst) worst = c.Verdict;
            }
            return worst;
        }
    }

    /// <summary>The effect of <paramref name="effort"/> (case-insensitive), or null when the segment is not estimable or has no such effort.</summary>
    /// <param name="effort">An effort name.</param>
    public EffortEffect? Effect(string effort)
    {
        ArgumentNullException.ThrowIfNull(effort);
        foreach (EffortEffect e in Effects)
        {
            if (string.Equals(e.Effort, effort, StringComparison.OrdinalIgnoreCase)) return e;
        }
        return null;
    }

    /// <summary>A readable block: the segment, its effects, and checks that did not pass.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        if (!IsEstimable)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{Segment} ({Deals:N0} deals): not estimable — {NotEstimableReason}");
            return sb.ToString();
        }
        sb.Append(CultureInfo.InvariantCulture, $"{Segment} ({Deals:N0} deals, {Parameters} parameters), checks: {WorstVerdict}");
        foreach (EffortEffect e in Effects) sb.AppendLine().Append("  ").Append(e);
        foreach (HonestyCheck c in Checks)
        {
            if (c.Verdict != CheckVerdict.Passed) sb.AppendLine().Append("  ").Append(c);
        }
        return sb.ToString();
    }
}

/// <summary>Effort hours per unit of an effort, and how that figure was obtained.</summary>
/// <param name="Effort">The effort.</param>
/// <param name="Hours">Hours per unit, or null when unknown (no effort-hours column, or no positive estimate).</param>
/// <param name="Source">How: "given" (options), "regression of effort hours on the effort counts" or why it is unknown.</param>
public sealed record EffortHours(string Effort, double? Hours, string Source);
