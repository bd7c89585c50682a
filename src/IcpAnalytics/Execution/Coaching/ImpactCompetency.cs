namespace IcpAnalytics.Execution.Coaching;

/// <summary>What a competency is about: a skill (what the rep can do), will (what the rep chooses to do) or process (how the rep follows the sales process).</summary>
public enum CompetencyKind
{
    /// <summary>A skill: questioning, negotiating, closing.</summary>
    Skill,

    /// <summary>Will: effort, persistence, sharing with others.</summary>
    Will,

    /// <summary>Process: following the stages, updating the CRM, forecasting.</summary>
    Process,
}

/// <summary>One outcome measure of a coached competency and the direction that counts as better.</summary>
/// <param name="Measure">The measure's name in the <see cref="RepPeriodMeasures"/> (e.g. "win rate", "win stories shared").</param>
/// <param name="Direction">Whether up or down is better.</param>
public sealed record ImpactMeasure(string Measure, DesiredDirection Direction = DesiredDirection.Up);

/// <summary>
/// A coached competency for the coaching-impact analysis: its name, whether it is a skill, will or process competency,
/// the role it applies to (null: every rep) and the outcome measures it should move.
/// </summary>
/// <param name="Name">The competency, e.g. "Closing".</param>
/// <param name="Kind">Skill, will or process.</param>
/// <param name="Measures">The measures it should move, at least one.</param>
/// <param name="Role">The role it applies to (matched with <see cref="CoachingStart.Role"/>, case-insensitive), or null for every rep.</param>
public sealed record ImpactCompetency(string Name, CompetencyKind Kind, IReadOnlyList<ImpactMeasure> Measures, string? Role = null)
{
    /// <summary>
    /// The default competencies on deal measures: Closing (skill: win rate up), Value selling (skill: margin per deal up)
    /// and Pipeline discipline (will: deals won up).
    /// </summary>
    public static IReadOnlyList<ImpactCompetency> Defaults { get; } =
    [
        new("Closing", CompetencyKind.Skill, [new ImpactMeasure(RepPeriodMeasures.WinRate)]),
        new("Value selling", CompetencyKind.Skill, [new ImpactMeasure(RepPeriodMeasures.MarginPerDeal)]),
        new("Pipeline discipline", CompetencyKind.Will, [new ImpactMeasure(RepPeriodMeasures.DealsWon)]),
    ];
}
