using IcpAnalytics.Data;

namespace IcpAnalytics.Execution.Coaching;

/// <summary>
/// Coaching tracked against outcomes: each competency's measures compared between the baseline and current period per rep,
/// per manager's team and for the whole team, with intervals and verdicts; who improved, who did not, and where coaching
/// should go next. Comparisons that lack deals are kept, as no data with the reason, never dropped. Immutable.
/// </summary>
public sealed class CoachingReviewResult
{
    internal CoachingReviewResult(CoachingReviewOptions options, string baselineText, string currentText, IReadOnlyList<CompetencyProgress> byRep,
        IReadOnlyList<CompetencyProgress> byManager, IReadOnlyList<CompetencyProgress> team, IReadOnlyList<CoachingFocus> focus, IReadOnlyList<string> issues, LoadReport report)
    {
        Options = options;
        BaselinePeriod = baselineText;
        CurrentPeriod = currentText;
        ByRep = byRep;
        ByManager = byManager;
        Team = team;
        NextCoaching = focus;
        Issues = issues;
        LoadReport = report;
        var reps = byRep.Select(p => p.Subject).Distinct(StringComparer.Ordinal).ToList();
        Improved = [.. reps.Where(r => byRep.Any(p => p.Subject == r && p.Verdict == ChangeVerdict.Improved) && !byRep.Any(p => p.Subject == r && p.Verdict is ChangeVerdict.Worse or ChangeVerdict.Mixed))];
        NotImproved = [.. reps.Where(r => !Improved.Contains(r))];
    }

    /// <summary>The options the review ran with.</summary>
    public CoachingReviewOptions Options { get; }

    /// <summary>The baseline period in words.</summary>
    public string BaselinePeriod { get; }

    /// <summary>The current period in words.</summary>
    public string CurrentPeriod { get; }

    /// <summary>Every rep's progress on every competency.</summary>
    public IReadOnlyList<CompetencyProgress> ByRep { get; }

    /// <summary>Every manager's team's progress on every competency (empty without a manager map).</summary>
    public IReadOnlyList<CompetencyProgress> ByManager { get; }

    /// <summary>The whole team's progress on every competency.</summary>
    public IReadOnlyList<CompetencyProgress> Team { get; }

    /// <summary>Reps who improved on at least one competency and got worse on none.</summary>
    public IReadOnlyList<string> Improved { get; }

    /// <summary>Every other rep: no clear improvement, or some competency got worse.</summary>
    public IReadOnlyList<string> NotImproved { get; }

    /// <summary>Where coaching should go next, per rep (reps who improved everywhere or lack data are absent).</summary>
    public IReadOnlyList<CoachingFocus> NextCoaching { get; }

    /// <summary>Comparisons without data and why, unmapped reps, missing columns and similar notes.</summary>
    public IReadOnlyList<string> Issues { get; }

    /// <summary>How the deals were loaded.</summary>
    public LoadReport LoadReport { get; }

    /// <summary>A one-line summary; render the whole result with <c>SalesExecutionReport.Of(result)</c> in IcpAnalytics.Reports.</summary>
    public override string ToString() =>
        $"Coaching review, baseline {BaselinePeriod}, current {CurrentPeriod}: improved {(Improved.Count == 0 ? "nobody" : string.Join(", ", Improved))}; not improved {(NotImproved.Count == 0 ? "nobody" : string.Join(", ", NotImproved))}.";
}
