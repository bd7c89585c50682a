using System.Text;
using IcpAnalytics.Data;
using static IcpAnalytics.Execution.ReportText;

namespace IcpAnalytics.Execution;

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

    private string[] MatrixHeader(string first) => [first, .. Options.Competencies.Select(c => c.Name)];

    private List<IReadOnlyList<string>> MatrixRows(IReadOnlyList<CompetencyProgress> progress) =>
        [.. progress.GroupBy(p => p.Subject).Select(g => (IReadOnlyList<string>)[g.Key, .. g.Select(p => MeasureChange.VerdictText(p.Verdict))])];

    private static readonly string[] DetailHeader = ["subject", "competency", "measure", "baseline", "current", "change [95% CI]", "verdict", "deals (baseline / current)"];

    private static List<IReadOnlyList<string>> DetailRows(IEnumerable<CompetencyProgress> progress) =>
        [.. progress.SelectMany(p => p.Measures.Select(m => (IReadOnlyList<string>)[p.Subject, p.Competency, m.MeasureName + (m.Direction == DesiredDirection.Up ? " ↑" : " ↓"),
            m.Format(m.Baseline), m.Format(m.Current), m.Verdict == ChangeVerdict.NoData ? "no data: " + m.Reason : m.FormatChange(), MeasureChange.VerdictText(m.Verdict),
            $"{m.BaselineDeals} / {m.CurrentDeals}"]))];

    private string Header => $"Baseline: {BaselinePeriod}; current: {CurrentPeriod}. Improved: {(Improved.Count == 0 ? "nobody" : string.Join(", ", Improved))}. " +
        $"Not improved: {(NotImproved.Count == 0 ? "nobody" : string.Join(", ", NotImproved))}.";

    /// <summary>A Markdown section: who improved, the verdict matrix per rep and manager, the team's and managers' measures, where coaching goes next, notes.</summary>
    public string ToMarkdown()
    {
        var sb = new StringBuilder();
        sb.Append("## Coaching competencies\n\n").Append(Md(Header)).Append("\n\n### Verdict per rep\n\n");
        MdTable(sb, MatrixHeader("rep"), MatrixRows(ByRep));
        if (ByManager.Count > 0)
        {
            sb.Append("\n### Verdict per manager\n\n");
            MdTable(sb, MatrixHeader("manager"), MatrixRows(ByManager));
        }
        sb.Append("\n### Measures: team and managers\n\n");
        MdTable(sb, DetailHeader, DetailRows(Team.Concat(ByManager)));
        sb.Append("\n### Where coaching should go next\n\n");
        if (NextCoaching.Count == 0) sb.Append("Every rep with data improved; keep the current coaching.\n");
        MdList(sb, NextCoaching.Select(f => f.ToString()));
        MdNotes(sb, Issues);
        return sb.ToString();
    }

    /// <summary>A self-contained HTML fragment with the same content as <see cref="ToMarkdown"/>, plus every rep's measures.</summary>
    public string ToHtml()
    {
        var sb = new StringBuilder();
        sb.Append("<section class=\"icp-coaching\"><h2>Coaching competencies</h2><p>").Append(Html(Header)).Append("</p>");
        HtmlTable(sb, MatrixHeader("rep"), MatrixRows(ByRep), "Verdict per rep");
        if (ByManager.Count > 0) HtmlTable(sb, MatrixHeader("manager"), MatrixRows(ByManager), "Verdict per manager");
        HtmlTable(sb, DetailHeader, DetailRows(Team.Concat(ByManager).Concat(ByRep)), "Measures: team, managers and reps");
        sb.Append("<h3>Where coaching should go next</h3>");
        if (NextCoaching.Count == 0) sb.Append("<p>Every rep with data improved; keep the current coaching.</p>");
        else HtmlList(sb, NextCoaching.Select(f => f.ToString()));
        EndHtmlSection(sb, Issues);
        return sb.ToString();
    }

    /// <summary>Who improved, the verdicts, the team's measures and where coaching goes next, readable in a console or notebook.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.AppendLine(Header);
        sb.AppendLine("Verdict per rep:");
        PlainTable(sb, MatrixHeader("rep"), MatrixRows(ByRep));
        if (ByManager.Count > 0)
        {
            sb.AppendLine("Verdict per manager:");
            PlainTable(sb, MatrixHeader("manager"), MatrixRows(ByManager));
        }
        sb.AppendLine("Team measures:");
        foreach (MeasureChange m in Team.SelectMany(p => p.Measures).DistinctBy(m => (m.Measure, m.Direction))) sb.Append("  ").AppendLine(m.ToString());
        sb.AppendLine("Where coaching should go next:");
        foreach (CoachingFocus f in NextCoaching) sb.Append("  ").AppendLine(f.ToString());
        PlainNotes(sb, Issues);
        return sb.ToString();
    }
}
