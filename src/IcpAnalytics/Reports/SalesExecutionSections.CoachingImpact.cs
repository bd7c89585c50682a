using IcpAnalytics.Execution.Coaching;

namespace IcpAnalytics.Reports;

public static partial class SalesExecutionSections
{
    /// <summary>The section id of the coaching-impact analysis.</summary>
    public const string CoachingImpactId = "coaching-impact";

    /// <summary>
    /// Coaching impact: per competency (grouped skill / will / process and by role) and measure, the staggered
    /// difference-in-differences effect with its interval, the pre-trend check, the naive before/after change for contrast,
    /// and the verdict; says plainly when there is no comparison group.
    /// </summary>
    /// <param name="result">The coaching-impact analysis.</param>
    /// <param name="options">The culture and currency of the words; null for invariant.</param>
    public static ReportSection CoachingImpact(CoachingImpactResult result, ProfitYieldReportOptions? options = null) =>
        Section(result, options, CoachingImpact);

    internal static ReportSection CoachingImpact(CoachingImpactResult result, ReportFormatter f)
    {
        double level = result.Options.ConfidenceLevel;
        string comparison = result.Options.Comparison == ComparisonReps.NeverCoached ? "reps never coached" : "reps not yet coached and reps never coached";
        var paragraphs = new List<string>
        {
            $"Each coached rep's change since the period before their own coaching start is compared with the change of {comparison} over the same periods "
                + "(staggered difference-in-differences, Callaway–Sant'Anna group-time effects averaged by group size; not a two-way fixed-effects regression). "
                + "A market-wide change moves the comparison reps too and cancels out. "
                + $"Intervals are {Level(f, level)}, clustered by rep (each rep's influence summed over every period it enters). "
                + "The pre-trend check compares the two groups before coaching, where coaching cannot have had an effect.",
            "The before/after column is the naive change of coached reps with no comparison group: it is shown for contrast and is not coaching impact.",
        };
        paragraphs.AddRange(result.Issues);
        var findings = new List<ReportFinding>();
        if (!result.HasComparisonGroup)
            findings.Add(new ReportFinding("No comparison group: every rep was coached at once and none was left uncoached, so no change here can be called coaching impact.", "caution"));
        foreach (CompetencyImpact c in result.Competencies)
        {
            string who = c.Role is null ? "" : " (" + c.Role + ")";
            string measures = string.Join("; ", c.Measures.Select(m => m.Effect is double e
                ? $"{m.Measure} {(e >= 0 ? "+" : "")}{f.WithInterval(e, m.Interval!.Value.Lower, m.Interval.Value.Upper, MeasureKind(m.Measure))}"
                : $"{m.Measure}: {m.Reason!.TrimEnd('.')}"));
            string verdict = c.Verdict switch
            {
                ChangeVerdict.Improved => "coaching worked",
                ChangeVerdict.Worse => "outcomes got worse after coaching",
                ChangeVerdict.Mixed => "mixed",
                ChangeVerdict.NoData => "cannot tell",
                _ => "no clear effect",
            };
            bool caution = c.Measures.Any(m => m.PreTrendsDiffer == true);
            findings.Add(new ReportFinding($"{c.Competency}{who}, {Kind(c.Kind)}: {verdict} — {measures}." + (caution ? " Pre-trends differ: treat with caution." : ""),
                c.Verdict == ChangeVerdict.Improved && !caution ? "passed" : c.Verdict is ChangeVerdict.Worse ? "failed" : "caution"));
        }
        var rows = new List<IReadOnlyList<ReportCell>>();
        var kinds = new List<ReportValueKind>();
        foreach (MeasureImpact m in result.Measures.OrderBy(m => Kind(m.Kind), StringComparer.Ordinal).ThenBy(m => m.Role ?? "every rep", StringComparer.Ordinal))
        {
            kinds.Add(MeasureKind(m.Measure));
            rows.Add([Kind(m.Kind), m.Role ?? "every rep", m.Competency, m.Measure + (m.Direction == DesiredDirection.Up ? " (up)" : " (down)"),
                m.Effect, m.Interval?.Lower, m.Interval?.Upper, m.PValue, (double)m.CoachedReps, (double)m.ComparisonRepsUsed,
                m.PreTrendPValue, m.BeforeAfterChange, m.BeforeAfterInterval?.Lower, m.BeforeAfterInterval?.Upper, Text(m.Verdict), m.Reason ?? ""]);
        }
        var table = new ReportTable("coaching-impact", $"Coaching impact per competency and measure (against comparison reps; {Level(f, level)} intervals clustered by rep)",
        [
            new ReportColumn("kind", "Skill / will / process", ReportValueKind.Text), new ReportColumn("role", "Role", ReportValueKind.Text),
            new ReportColumn("competency", "Competency", ReportValueKind.Text), new ReportColumn("measure", "Measure", ReportValueKind.Text),
            new ReportColumn("effect", "Coaching effect", ReportValueKind.ByRow), Lower("effect_low", ReportValueKind.ByRow, f, level), Upper("effect_high", ReportValueKind.ByRow, f, level),
            new ReportColumn("p", "p", ReportValueKind.PValue), new ReportColumn("coached_reps", "Coached reps", ReportValueKind.Count),
            new ReportColumn("comparison_reps", "Comparison reps", ReportValueKind.Count), new ReportColumn("pre_trend_p", "Pre-trend p", ReportValueKind.PValue),
            new ReportColumn("before_after", "Naive before/after (not impact)", ReportValueKind.ByRow), Lower("before_after_low", ReportValueKind.ByRow, f, level), Upper("before_after_high", ReportValueKind.ByRow, f, level),
            new ReportColumn("verdict", "Verdict", ReportValueKind.Text), new ReportColumn("note", "Note", ReportValueKind.Text),
        ], rows)
        { RowKinds = kinds };
        var events = new List<IReadOnlyList<ReportCell>>();
        var eventKinds = new List<ReportValueKind>();
        foreach (MeasureImpact m in result.Measures)
        {
            foreach (EventTimeEffect e in m.EventTime) eventKinds.Add(MeasureKind(m.Measure));
            foreach (EventTimeEffect e in m.EventTime) events.Add([m.Competency, m.Measure, (double)e.PeriodsSinceCoaching, e.Effect, e.Interval.Lower, e.Interval.Upper, (double)e.Cells]);
        }
        var eventTable = new ReportTable("coaching-impact-event-time", $"Effect by periods since coaching started (negative: before coaching, should be near 0; {Level(f, level)} intervals)",
        [
            new ReportColumn("competency", "Competency", ReportValueKind.Text), new ReportColumn("measure", "Measure", ReportValueKind.Text),
            new ReportColumn("periods_since", "Periods since coaching", ReportValueKind.Count), new ReportColumn("effect", "Effect", ReportValueKind.ByRow),
            Lower("effect_low", ReportValueKind.ByRow, f, level), Upper("effect_high", ReportValueKind.ByRow, f, level), new ReportColumn("cells", "Group-time cells", ReportValueKind.Count),
        ], events)
        { RowKinds = eventKinds };
        return new ReportSection(CoachingImpactId, "Coaching impact: coached reps against reps not (yet) coached") { Paragraphs = paragraphs, Findings = findings, Tables = [table, eventTable] };
    }

    /// <summary>How a per-rep measure's values are written: win rate as a percentage, margin measures as money, anything else as a number.</summary>
    internal static ReportValueKind MeasureKind(string measure) =>
        measure.Equals(RepPeriodMeasures.WinRate, StringComparison.OrdinalIgnoreCase) ? ReportValueKind.Percent
        : measure.StartsWith("margin", StringComparison.OrdinalIgnoreCase) ? ReportValueKind.Currency
        : ReportValueKind.Number;

    private static string Kind(CompetencyKind kind) => kind switch
    {
        CompetencyKind.Skill => "skill",
        CompetencyKind.Will => "will",
        _ => "process",
    };
}
