using System.Globalization;

namespace IcpAnalytics.Execution.Funnel;

/// <summary>The activity one stage needs for a result goal, beside what was done so far.</summary>
/// <param name="Stage">The stage, e.g. "demos".</param>
/// <param name="NeededPerPeriod">The count needed in one period to reach the goal at the ratios used.</param>
/// <param name="NeededPerWeek">The same per week.</param>
/// <param name="CurrentPerPeriod">The mean count per period in the data.</param>
public sealed record StageTarget(string Stage, double NeededPerPeriod, double NeededPerWeek, double CurrentPerPeriod)
{
    /// <summary>Needed ÷ current − 1: how much more (or less) activity the goal needs; null when the current count is 0.</summary>
    public double? ChangeNeeded => CurrentPerPeriod > 0 ? NeededPerPeriod / CurrentPerPeriod - 1 : null;

    /// <summary>E.g. "demos: 96 per period (7.4 per week), now 80".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Stage}: {NeededPerPeriod:N0} per period ({NeededPerWeek:N1} per week), now {CurrentPerPeriod:N0}");
}
