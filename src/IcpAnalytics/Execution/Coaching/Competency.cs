namespace IcpAnalytics.Execution.Coaching;

/// <summary>A sales competency that coaching develops, tied to the deal outcomes that should move when it improves.</summary>
/// <param name="Name">The competency, e.g. "Negotiating".</param>
/// <param name="Measures">The outcome measures and the direction each should move.</param>
public sealed record Competency(string Name, IReadOnlyList<CompetencyMeasure> Measures)
{
    /// <summary>
    /// The default competencies: negotiating (average order value up, discount down), qualifying (win rate up, cycle days down),
    /// communicating with senior stakeholders (average order value up, margin per deal up), closing (win rate up, margin per deal up).
    /// </summary>
    public static IReadOnlyList<Competency> Defaults { get; } =
    [
        new("Negotiating", [new(OutcomeMeasure.AverageOrderValue, DesiredDirection.Up), new(OutcomeMeasure.MeanDiscount, DesiredDirection.Down)]),
        new("Qualifying", [new(OutcomeMeasure.WinRate, DesiredDirection.Up), new(OutcomeMeasure.CycleDays, DesiredDirection.Down)]),
        new("Communicating with senior stakeholders", [new(OutcomeMeasure.AverageOrderValue, DesiredDirection.Up), new(OutcomeMeasure.MarginPerDeal, DesiredDirection.Up)]),
        new("Closing", [new(OutcomeMeasure.WinRate, DesiredDirection.Up), new(OutcomeMeasure.MarginPerDeal, DesiredDirection.Up)]),
    ];

    /// <summary>E.g. "Negotiating: average order value up, mean discount down".</summary>
    public override string ToString() => Name + ": " + string.Join(", ", Measures);
}
