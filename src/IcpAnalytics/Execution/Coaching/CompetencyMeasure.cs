namespace IcpAnalytics.Execution.Coaching;

/// <summary>An outcome measure a competency should move, and the direction it should move in.</summary>
/// <param name="Measure">The measure.</param>
/// <param name="Direction">Up or down.</param>
public sealed record CompetencyMeasure(OutcomeMeasure Measure, DesiredDirection Direction)
{
    /// <summary>E.g. "mean discount down".</summary>
    public override string ToString() => MeasureNames.Of(Measure) + (Direction == DesiredDirection.Up ? " up" : " down");
}
