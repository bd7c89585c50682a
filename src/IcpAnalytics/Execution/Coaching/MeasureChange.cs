using System.Globalization;
using IcpAnalytics.Statistics;

namespace IcpAnalytics.Execution.Coaching;

/// <summary>
/// How one outcome measure changed for one rep, manager's team or the whole team, from the baseline to the current period:
/// both values, the change (current − baseline) with its interval, and the verdict in the desired direction. When a period
/// has too few deals the values are null and <see cref="Reason"/> says why (the verdict is <see cref="ChangeVerdict.NoData"/>).
/// </summary>
/// <param name="Subject">The rep, the manager, or "Team".</param>
/// <param name="Measure">The measure.</param>
/// <param name="Direction">The desired direction.</param>
/// <param name="Baseline">The baseline value, or null.</param>
/// <param name="Current">The current value, or null.</param>
/// <param name="BaselineDeals">Deals the baseline value rests on (won deals for order value, discount and cycle; closed deals for win rate and margin per deal).</param>
/// <param name="CurrentDeals">Deals the current value rests on.</param>
/// <param name="Change">Current − baseline, or null.</param>
/// <param name="Interval">The interval of the change (Welch for means, Newcombe for win rate), or null.</param>
/// <param name="Verdict">Improved, no clear change, worse, or no data.</param>
/// <param name="Reason">Why there is no comparison, or null.</param>
public sealed record MeasureChange(string Subject, OutcomeMeasure Measure, DesiredDirection Direction, double? Baseline, double? Current, int BaselineDeals, int CurrentDeals,
    double? Change, Interval? Interval, ChangeVerdict Verdict, string? Reason)
{
    /// <summary>The measure in words, e.g. "mean discount".</summary>
    public string MeasureName => MeasureNames.Of(Measure);

    /// <summary>The change in standard errors toward the desired direction (positive = better), or null without a comparison.</summary>
    internal double? SignedStrength { get; init; }

    internal string Format(double? value) => value is not double v ? "—" : MeasureNames.IsFraction(Measure) ? InvariantText.Pct(v) : v.ToString("N1", CultureInfo.InvariantCulture);

    internal string FormatChange() => Change is not double c ? "—" : MeasureNames.IsFraction(Measure)
        ? string.Create(CultureInfo.InvariantCulture, $"{(c >= 0 ? "+" : "")}{c * 100:0.0} pts [{Interval!.Value.Lower * 100:0.0}, {Interval.Value.Upper * 100:0.0}]")
        : string.Create(CultureInfo.InvariantCulture, $"{(c >= 0 ? "+" : "")}{c:N1} [{Interval!.Value.Lower:N1}, {Interval.Value.Upper:N1}]");

    /// <summary>E.g. "Rep 04, mean discount: 14.0% → 11.0%, −3.0 pts [−5.1, −0.9]: improved".</summary>
    public override string ToString() => Verdict == ChangeVerdict.NoData
        ? $"{Subject}, {MeasureName}: no data ({Reason})"
        : $"{Subject}, {MeasureName}: {Format(Baseline)} → {Format(Current)}, {FormatChange()}: {VerdictText(Verdict)}";

    internal static string VerdictText(ChangeVerdict verdict) => verdict switch
    {
        ChangeVerdict.Improved => "improved",
        ChangeVerdict.Worse => "worse",
        ChangeVerdict.Mixed => "mixed",
        ChangeVerdict.NoData => "no data",
        _ => "no clear change",
    };
}
