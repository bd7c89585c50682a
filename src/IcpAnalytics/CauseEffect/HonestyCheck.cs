using System.Globalization;
using System.Text;

namespace IcpAnalytics.CauseEffect;

/// <summary>The plain verdict of an honesty check.</summary>
public enum CheckVerdict
{
    /// <summary>The check found nothing wrong with the estimate.</summary>
    Passed,

    /// <summary>The check found something to keep in mind; the estimate may still be usable, read the advice.</summary>
    Caution,

    /// <summary>The check found a problem serious enough that the estimate should not be acted on as it stands.</summary>
    Failed,
}

/// <summary>Which honesty check a <see cref="HonestyCheck"/> is.</summary>
public enum HonestyCheckKind
{
    /// <summary>The naive estimate (no controls) beside the adjusted one: how much confounding the controls remove.</summary>
    NaiveVersusAdjusted,

    /// <summary>Placebo effort: the effort shuffled among the segment's deals (seeded); its estimated effect should vanish.</summary>
    PlaceboEffort,

    /// <summary>Random common cause: a seeded random control is added; the estimate should not move.</summary>
    RandomCommonCause,

    /// <summary>Subset stability: the estimate on two random halves of the segment's deals should agree within noise.</summary>
    SubsetStability,

    /// <summary>Effort variation: the effort must vary in the segment, and not be (almost) fixed by the controls.</summary>
    EffortVariation,

    /// <summary>Deal count: enough deals per estimated parameter.</summary>
    DealCount,

    /// <summary>Extreme leverage: no handful of deals should decide the estimate on their own.</summary>
    ExtremeLeverage,

    /// <summary>Overlap of a 0/1 effort: deals with and without it must be comparable (propensities away from 0 and 1, weights that balance the controls).</summary>
    Overlap,

    /// <summary>Specification: the regression's effect beside double ML's (flexible models of outcome and effort) on the same deals; they should agree within their combined uncertainty.</summary>
    Specification,
}

/// <summary>
/// One honesty check of an effort effect, ending in a plain verdict: what was found (with the numbers), what it means for
/// this estimate, and what to do. Checks travel with every result.
/// </summary>
public sealed record HonestyCheck
{
    /// <summary>Which check.</summary>
    public required HonestyCheckKind Kind { get; init; }

    /// <summary>The segment checked ("All segments" for the overall effect).</summary>
    public required string Segment { get; init; }

    /// <summary>The effort checked, or null when the check is about the segment as a whole.</summary>
    public string? Effort { get; init; }

    /// <summary>Passed, caution or failed.</summary>
    public required CheckVerdict Verdict { get; init; }

    /// <summary>The check's main number: the naive, placebo, random-cause or first-half estimate, the share of effort variation left, the deals per parameter or the largest leverage.</summary>
    public double Value { get; init; }

    /// <summary>What <see cref="Value"/> is compared with (the adjusted estimate, the second half's estimate), when there is one.</summary>
    public double? Reference { get; init; }

    /// <summary>The lower end of <see cref="Value"/>'s interval, when it has one (the placebo effect's).</summary>
    public double? Lower { get; init; }

    /// <summary>The upper end of <see cref="Value"/>'s interval, when it has one.</summary>
    public double? Upper { get; init; }

    /// <summary>What was found, with the numbers.</summary>
    public required string Finding { get; init; }

    /// <summary>The check's test statistic, when it has one: for naive vs adjusted, the gap divided by its standard error (its significance, reported separately from its size).</summary>
    public double? Statistic { get; init; }

    /// <summary>What the finding means for this estimate.</summary>
    public required string Meaning { get; init; }

    /// <summary>What to do about it.</summary>
    public required string WhatToDo { get; init; }

    /// <summary>A readable block: verdict, check, segment and effort, finding, meaning, what to do.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"[{Verdict}] {Title(Kind)} — {Segment}{(Effort is null ? "" : ", " + Effort)}: {Finding}");
        sb.Append(" Meaning: ").Append(Meaning);
        sb.Append(" What to do: ").Append(WhatToDo);
        return sb.ToString();
    }

    /// <summary>The check's name in words.</summary>
    /// <param name="kind">The check.</param>
    public static string Title(HonestyCheckKind kind) => kind switch
    {
        HonestyCheckKind.NaiveVersusAdjusted => "naive vs adjusted",
        HonestyCheckKind.PlaceboEffort => "placebo effort",
        HonestyCheckKind.RandomCommonCause => "random common cause",
        HonestyCheckKind.SubsetStability => "subset stability",
        HonestyCheckKind.EffortVariation => "effort variation",
        HonestyCheckKind.DealCount => "deal count",
        HonestyCheckKind.ExtremeLeverage => "extreme leverage",
        HonestyCheckKind.Overlap => "overlap",
        HonestyCheckKind.Specification => "regression vs double ML",
        _ => kind.ToString(),
    };
}
