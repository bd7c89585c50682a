using System.Globalization;
using IcpAnalytics.Statistics;

namespace IcpAnalytics.Execution.Funnel;

/// <summary>
/// The conversion at one funnel step (e.g. appointments → demos) for one rep or the team: how many entered the step,
/// how many converted, the ratio and its Wilson interval. When nobody entered the step the ratio is undefined:
/// <see cref="Ratio"/> and <see cref="Interval"/> are null and <see cref="UndefinedReason"/> says why (never NaN).
/// </summary>
/// <param name="Subject">The rep, or "Team".</param>
/// <param name="Step">The step's position, 0 for the first step.</param>
/// <param name="FromStage">The stage the step starts from, e.g. "appointments".</param>
/// <param name="ToStage">The stage it leads to, e.g. "demos".</param>
/// <param name="Entered">The count at <paramref name="FromStage"/>.</param>
/// <param name="Converted">The count at <paramref name="ToStage"/>.</param>
/// <param name="Ratio">Converted / entered, or null when nobody entered.</param>
/// <param name="Interval">The Wilson interval of the ratio, or null when undefined.</param>
/// <param name="UndefinedReason">Why the ratio is undefined, or null.</param>
public sealed record StepConversion(string Subject, int Step, string FromStage, string ToStage, long Entered, long Converted, double? Ratio, Interval? Interval, string? UndefinedReason)
{
    /// <summary>Whether the ratio could be computed.</summary>
    public bool IsDefined => Ratio is not null;

    /// <summary>The step's name, e.g. "appointments → demos".</summary>
    public string StepName => FromStage + " → " + ToStage;

    internal static StepConversion Of(string subject, int step, string from, string to, long entered, long converted, double level) =>
        entered == 0
            ? new StepConversion(subject, step, from, to, 0, converted, null, null, $"{subject} logged 0 {from}, so the {from} → {to} ratio is undefined.")
            : new StepConversion(subject, step, from, to, entered, converted, (double)converted / entered, Proportion.Wilson(converted, entered, level), null);

    /// <summary>E.g. "Rep 03, appointments → demos: 120/400 = 30.0% [25.7%, 34.7%]".</summary>
    public override string ToString() => Ratio is null
        ? $"{Subject}, {StepName}: undefined ({UndefinedReason})"
        : string.Create(CultureInfo.InvariantCulture, $"{Subject}, {StepName}: {Converted:N0}/{Entered:N0} = {InvariantText.Pct(Ratio.Value)} [{InvariantText.Pct(Interval!.Value.Lower)}, {InvariantText.Pct(Interval.Value.Upper)}]");
}
