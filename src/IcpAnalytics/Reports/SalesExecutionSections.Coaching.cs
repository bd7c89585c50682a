using IcpAnalytics.Execution.Coaching;

namespace IcpAnalytics.Reports;

public static partial class SalesExecutionSections
{
    internal static ReportSection Coaching(CoachingReviewResult result, ReportFormatter f)
    {
        double level = result.Options.ConfidenceLevel;
        var verdicts = new ReportTable("coaching-verdicts", "Verdict per rep and manager",
        [
            new ReportColumn("subject", "Rep or manager", ReportValueKind.Text), new ReportColumn("competency", "Competency", ReportValueKind.Text), new ReportColumn("verdict", "Verdict", ReportValueKind.Text),
        ], [.. result.ByManager.Concat(result.ByRep).Select(p => (IReadOnlyList<ReportCell>)[p.Subject, p.Competency, Text(p.Verdict)])]);
        var measures = new List<IReadOnlyList<ReportCell>>();
        var kinds = new List<ReportValueKind>();
        foreach (MeasureChange m in result.Team.Concat(result.ByManager).Concat(result.ByRep).SelectMany(p => p.Measures).DistinctBy(m => (m.Subject, m.Measure, m.Direction)))
        {
            kinds.Add(m.Measure is OutcomeMeasure.WinRate or OutcomeMeasure.MeanDiscount ? ReportValueKind.Percent : m.Measure == OutcomeMeasure.CycleDays ? ReportValueKind.Number : ReportValueKind.Currency);
            measures.Add([m.Subject, m.MeasureName + (m.Direction == DesiredDirection.Up ? " (up)" : " (down)"), m.Baseline, m.Current, m.Change, m.Interval?.Lower, m.Interval?.Upper,
                m.Verdict == ChangeVerdict.NoData ? "no data: " + m.Reason : Text(m.Verdict), (double)m.BaselineDeals, (double)m.CurrentDeals]);
        }
        var detail = new ReportTable("coaching-measures", $"Measures: baseline, current and change ({Level(f, level)} intervals: Welch, Newcombe for win rate)",
        [
            new ReportColumn("subject", "Team, manager or rep", ReportValueKind.Text), new ReportColumn("measure", "Measure", ReportValueKind.Text),
            new ReportColumn("baseline", "Baseline", ReportValueKind.ByRow), new ReportColumn("current", "Current", ReportValueKind.ByRow),
            new ReportColumn("change", "Change", ReportValueKind.ByRow), Lower("change_low", ReportValueKind.ByRow, f, level), Upper("change_high", ReportValueKind.ByRow, f, level),
            new ReportColumn("verdict", "Verdict", ReportValueKind.Text),
            new ReportColumn("baseline_deals", "Deals (baseline)", ReportValueKind.Count), new ReportColumn("current_deals", "Deals (current)", ReportValueKind.Count),
        ], measures)
        { RowKinds = kinds };
        var paragraphs = new List<string>
        {
            $"Baseline: {result.BaselinePeriod}; current: {result.CurrentPeriod}.",
            "This review compares each subject with their own earlier period, with no comparison group of reps not (yet) coached: "
                + "a market-wide change moves every verdict alike, so the verdicts describe change, not coaching impact. "
                + "With per-rep coaching start dates, the coaching-impact analysis (CoachingImpact) compares coached reps with not-yet and never-coached reps.",
        };
        paragraphs.AddRange(result.Issues);
        var findings = new List<ReportFinding>
        {
            new("Improved: " + (result.Improved.Count == 0 ? "nobody" : string.Join(", ", result.Improved)) + "."),
            new("Not improved: " + (result.NotImproved.Count == 0 ? "nobody" : string.Join(", ", result.NotImproved)) + "."),
        };
        if (result.NextCoaching.Count == 0) findings.Add(new ReportFinding("Every rep with data improved; keep the current coaching."));
        findings.AddRange(result.NextCoaching.Select(c => new ReportFinding($"Coach next: {c.Rep}{(c.Manager is null ? "" : " (coach: " + c.Manager + ")")}: {c.Competency} — {c.Reason}")));
        return new ReportSection(CoachingId, "Coaching competencies: outcomes before and after") { Paragraphs = paragraphs, Findings = findings, Tables = [verdicts, detail] };
    }
}
