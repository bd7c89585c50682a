using System.Globalization;

namespace IcpAnalytics.Execution.Funnel;

/// <summary>
/// Activity targets back-solved from a result goal: wins needed = goal ÷ margin per win, then each stage above needs the
/// stage below ÷ the step's conversion ratio. Ratios are the subject's own; where one is undefined or zero, the team's is
/// used and <see cref="Notes"/> says so.
/// </summary>
/// <param name="Subject">The rep, or "Team".</param>
/// <param name="ResultGoal">The result goal for one period.</param>
/// <param name="WeeksPerPeriod">Weeks in one period.</param>
/// <param name="MarginPerWin">The result per win used (subject's total result ÷ wins; the team's when the subject has no wins).</param>
/// <param name="Stages">The target at each stage, in funnel order.</param>
/// <param name="Notes">Where team ratios or margin stood in for the subject's, in words.</param>
public sealed record ActivityTargets(string Subject, double ResultGoal, double WeeksPerPeriod, double MarginPerWin, IReadOnlyList<StageTarget> Stages, IReadOnlyList<string> Notes)
{
    /// <summary>The targets as a sentence: "To reach 1,200,000 per period at current ratios Team needs about 8 wins, 23 opportunities … (per week: …)."</summary>
    public override string ToString()
    {
        string perPeriod = string.Join(", ", Stages.Reverse().Select(s => string.Create(CultureInfo.InvariantCulture, $"{Math.Ceiling(s.NeededPerPeriod):N0} {s.Stage}")));
        string perWeek = string.Join(", ", Stages.Reverse().Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.NeededPerWeek:N1} {s.Stage}")));
        return string.Create(CultureInfo.InvariantCulture, $"To reach {ResultGoal:N0} per period at current ratios, {Subject} needs about {perPeriod} per period ({perWeek} per week).") +
            (Notes.Count == 0 ? "" : " " + string.Join(" ", Notes));
    }
}
