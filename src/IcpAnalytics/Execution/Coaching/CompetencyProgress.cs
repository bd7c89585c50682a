namespace IcpAnalytics.Execution.Coaching;

/// <summary>
/// One subject's (rep's, manager's team's or the whole team's) progress on one competency: the change in each of its
/// measures and an overall verdict — improved (some measure improved, none worse), worse (some worse, none improved),
/// mixed (both), no clear change, or no data (no measure could be compared).
/// </summary>
/// <param name="Subject">The rep, the manager, or "Team".</param>
/// <param name="Competency">The competency's name.</param>
/// <param name="Measures">The change in each of the competency's measures.</param>
/// <param name="Verdict">The overall verdict.</param>
public sealed record CompetencyProgress(string Subject, string Competency, IReadOnlyList<MeasureChange> Measures, ChangeVerdict Verdict)
{
    internal static ChangeVerdict Combine(IReadOnlyList<MeasureChange> measures)
    {
        bool improved = measures.Any(m => m.Verdict == ChangeVerdict.Improved);
        bool worse = measures.Any(m => m.Verdict == ChangeVerdict.Worse);
        if (improved && worse) return ChangeVerdict.Mixed;
        if (improved) return ChangeVerdict.Improved;
        if (worse) return ChangeVerdict.Worse;
        return measures.All(m => m.Verdict == ChangeVerdict.NoData) ? ChangeVerdict.NoData : ChangeVerdict.NoClearChange;
    }

    /// <summary>E.g. "Rep 04, Negotiating: improved (average order value: no clear change; mean discount: improved)".</summary>
    public override string ToString() =>
        $"{Subject}, {Competency}: {MeasureChange.VerdictText(Verdict)} ({string.Join("; ", Measures.Select(m => m.MeasureName + ": " + MeasureChange.VerdictText(m.Verdict)))})";
}
