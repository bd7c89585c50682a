using IcpAnalytics.Data;
using IcpAnalytics.Execution.Funnel;

namespace IcpAnalytics.Reports;

public static partial class SalesExecutionSections
{
    /// <summary>The section id of the per-rep proficiency and accountability view.</summary>
    public const string RepFollowUpId = "rep-follow-up";

    /// <summary>Per rep: the costliest leaking step and the rep's ratio beside their knowledge and skill scores, and the accountability table (action, owner, due, done).</summary>
    /// <param name="funnel">The analysed funnel (for each rep's leaking step and ratios).</param>
    /// <param name="followUp">The scores and action items.</param>
    /// <param name="options">The culture and currency of the words; null for invariant.</param>
    public static ReportSection RepFollowUp(ActivityFunnelResult funnel, RepFollowUp followUp, ProfitYieldReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(funnel);
        ArgumentNullException.ThrowIfNull(followUp);
        return RepFollowUp(funnel, followUp, Formatter(options));
    }

    internal static ReportSection RepFollowUp(ActivityFunnelResult funnel, RepFollowUp followUp, ReportFormatter f)
    {
        var scores = new List<IReadOnlyList<ReportCell>>();
        foreach (RepAssessment a in followUp.Assessments)
        {
            funnel.LeakingStepByRep.TryGetValue(a.Rep, out StepLeakTest? leak);
            scores.Add([a.Rep, a.Assessment, a.Score, leak?.StepName ?? "no leak", leak?.RepRatio, leak?.BenchmarkRatio]);
        }
        var proficiency = new ReportTable("rep-proficiency", "Knowledge and skill scores beside each rep's costliest leaking step",
        [
            new ReportColumn("rep", "Rep", ReportValueKind.Text), new ReportColumn("assessment", "Assessment", ReportValueKind.Text), new ReportColumn("score", "Score", ReportValueKind.Number),
            new ReportColumn("leaking_step", "Leaking step", ReportValueKind.Text), new ReportColumn("rep_ratio", "Rep ratio", ReportValueKind.Percent), new ReportColumn("team_ratio", "Rest of team", ReportValueKind.Percent),
        ], scores);
        var actions = new ReportTable("rep-accountability", "Accountability: action items per rep",
        [
            new ReportColumn("rep", "Rep", ReportValueKind.Text), new ReportColumn("action", "Action", ReportValueKind.Text), new ReportColumn("owner", "Owner", ReportValueKind.Text),
            new ReportColumn("due", "Due", ReportValueKind.Text), new ReportColumn("done", "Done", ReportValueKind.Text),
        ], [.. followUp.Actions.OrderBy(a => a.Rep, StringComparer.Ordinal).Select(a => (IReadOnlyList<ReportCell>)[a.Rep, a.Action, a.Owner,
            a.Due?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), a.Done ? "yes" : "no"])]);
        var findings = new List<ReportFinding>();
        foreach (IGrouping<string, ActionItem> rep in followUp.Actions.GroupBy(a => a.Rep).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            int open = rep.Count(a => !a.Done);
            if (open > 0) findings.Add(new ReportFinding($"{rep.Key}: {f.Format(open, ReportValueKind.Count)} of {f.Format(rep.Count(), ReportValueKind.Count)} action items open.", "caution"));
        }
        var paragraphs = new List<string> { "Scores sit beside the funnel's ratios so a coach can see whether a leaking step goes with a knowledge or skill gap; the accountability table closes the loop on last time's commitments." };
        foreach (LoadReport r in followUp.LoadReports.Where(r => r.RowsRejected > 0))
            paragraphs.Add($"{f.Format(r.RowsRejected, ReportValueKind.Count)} rows of {r.Source} were rejected and are not shown; see its load report.");
        return new ReportSection(RepFollowUpId, "Proficiency and accountability per rep") { Paragraphs = paragraphs, Findings = findings, Tables = [proficiency, actions] };
    }
}
