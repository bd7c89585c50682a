namespace IcpAnalytics.Execution.Coaching;

/// <summary>Where coaching should go next for one rep: the competency that most needs it, and why.</summary>
/// <param name="Rep">The rep.</param>
/// <param name="Manager">The rep's manager, or null when the rep is not in the manager map.</param>
/// <param name="Competency">The competency to coach next.</param>
/// <param name="Reason">Why, in words.</param>
public sealed record CoachingFocus(string Rep, string? Manager, string Competency, string Reason)
{
    /// <summary>E.g. "Rep 04 (coach: Dana): Negotiating — mean discount got worse".</summary>
    public override string ToString() => $"{Rep}{(Manager is null ? "" : " (coach: " + Manager + ")")}: {Competency} — {Reason}";
}
