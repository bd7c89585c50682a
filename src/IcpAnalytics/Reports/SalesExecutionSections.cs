using System.Globalization;
using IcpAnalytics.Execution;

namespace IcpAnalytics.Reports;

/// <summary>
/// Turns the sales-execution results (activity funnel, strategic-goal survey, coaching review, coaching maturity) into report
/// sections, so they appear in the HTML, Markdown, JSON and CSV report beside the profit-yield sections
/// (<see cref="ProfitYieldReportBuilder.WithActivityFunnel"/> and its siblings, or <see cref="ProfitYieldReport.FromSections"/>).
/// The sections only render the results; nothing is recomputed.
/// </summary>
public static class SalesExecutionSections
{
    /// <summary>The section id of the activity funnel.</summary>
    public const string FunnelId = "activity-funnel";

    /// <summary>The section id of the strategic-goal survey.</summary>
    public const string SurveyId = "goal-survey";

    /// <summary>The section id of the coaching review.</summary>
    public const string CoachingId = "coaching";

    /// <summary>The section id of the coaching-maturity assessment.</summary>
    public const string MaturityId = "coaching-maturity";

    /// <summary>The activity funnel: team and rep conversion with intervals, leaking steps and their cost, which ratios predict results, targets.</summary>
    /// <param name="result">The analysed funnel.</param>
    public static ReportSection Funnel(ActivityFunnelResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var paragraphs = new List<string>
        {
            "Team funnel: " + string.Join(" → ", result.Team.Select(c => c.Entered.ToString("N0", CultureInfo.InvariantCulture) + " " + c.FromStage))
                + " → " + result.Team[^1].Converted.ToString("N0", CultureInfo.InvariantCulture) + " " + result.Team[^1].ToStage + ".",
            $"Each rep is tested at each step against the rest of the team (two-proportion test, {(result.Options.Adjustment == PValueAdjustment.Holm ? "Holm" : "Benjamini–Hochberg")}-adjusted across all {result.Tests.Count} tests). " +
                "A leak's cost is the wins the rep would have had at the rest of the team's ratio, carried down the funnel at the rep's own later ratios, times the rep's margin per win.",
            result.ResultDriversNote,
        };
        if (result.TeamTargets is not null) paragraphs.Add(result.TeamTargets.ToString());
        paragraphs.AddRange(result.Issues);
        var findings = result.Leaks.Select(l => new ReportFinding(l.ToString(), "caution")).ToList();
        if (result.Leaks.Count == 0) findings.Add(new ReportFinding("No rep converts significantly worse than the rest of the team at any step.", "passed"));
        findings.AddRange(result.ResultDrivers.Where(d => d.Predicts).Select(d => new ReportFinding(d.ToString())));

        var conversion = new List<IReadOnlyList<ReportCell>>();
        foreach (StepConversion c in result.Team.Concat(result.ByRep.Values.SelectMany(v => v)))
            conversion.Add([c.Subject, c.StepName, (double)c.Entered, (double)c.Converted, c.Ratio, c.Interval?.Lower, c.Interval?.Upper, c.UndefinedReason ?? (result.Leaks.Any(l => l.Rep == c.Subject && l.Step == c.Step) ? "leak" : "")]);
        var tables = new List<ReportTable>
        {
            new("funnel-conversion", "Conversion at each step, team and reps (95% Wilson intervals)",
            [
                new ReportColumn("subject", "Rep", ReportValueKind.Text), new ReportColumn("step", "Step", ReportValueKind.Text),
                new ReportColumn("entered", "Entered", ReportValueKind.Count), new ReportColumn("converted", "Converted", ReportValueKind.Count),
                new ReportColumn("ratio", "Ratio", ReportValueKind.Percent), ReportColumn.LowerBound("ratio_low", ReportValueKind.Percent), ReportColumn.UpperBound("ratio_high", ReportValueKind.Percent),
                new ReportColumn("note", "Note", ReportValueKind.Text),
            ], conversion),
            new("funnel-leaks", "Leaking steps and what they cost",
            [
                new ReportColumn("rep", "Rep", ReportValueKind.Text), new ReportColumn("step", "Step", ReportValueKind.Text),
                new ReportColumn("rep_ratio", "Rep ratio", ReportValueKind.Percent), new ReportColumn("benchmark_ratio", "Rest of team", ReportValueKind.Percent),
                new ReportColumn("difference", "Difference", ReportValueKind.Percent), ReportColumn.LowerBound("difference_low", ReportValueKind.Percent), ReportColumn.UpperBound("difference_high", ReportValueKind.Percent),
                new ReportColumn("adjusted_p", "Adjusted p", ReportValueKind.PValue), new ReportColumn("extra_wins", "Extra wins", ReportValueKind.Number),
                new ReportColumn("margin_cost", "Margin cost", ReportValueKind.Currency), new ReportColumn("margin_cost_per_period", "Per period", ReportValueKind.Currency),
            ], [.. result.Leaks.Select(l => (IReadOnlyList<ReportCell>)[l.Rep, l.StepName, l.RepRatio, l.BenchmarkRatio, l.Difference.Difference, l.Difference.Interval.Lower, l.Difference.Interval.Upper, l.AdjustedPValue, l.ExtraWins, l.MarginCost, l.MarginCostPerPeriod])]),
        };
        if (result.ResultDrivers.Count > 0)
        {
            tables.Add(new ReportTable("funnel-drivers", "Which ratios predict results (result per period for a ratio 10 points higher; HC3)",
            [
                new ReportColumn("step", "Step", ReportValueKind.Text), new ReportColumn("effect", "Result per +10 points", ReportValueKind.Currency),
                ReportColumn.LowerBound("effect_low", ReportValueKind.Currency), ReportColumn.UpperBound("effect_high", ReportValueKind.Currency),
                new ReportColumn("adjusted_p", "Adjusted p", ReportValueKind.PValue), new ReportColumn("predicts", "Predicts results", ReportValueKind.Text),
            ], [.. result.ResultDrivers.Select(d => (IReadOnlyList<ReportCell>)[d.StepName, d.EffectPer10Points, d.Interval.Lower, d.Interval.Upper, d.AdjustedPValue, d.Predicts ? "yes" : "no clear link"])]));
        }
        if (result.TeamTargets is not null)
        {
            var rows = new List<IReadOnlyList<ReportCell>>();
            foreach (ActivityTargets t in result.RepTargets.Prepend(result.TeamTargets))
            {
                foreach (StageTarget s in t.Stages) rows.Add([t.Subject, s.Stage, s.NeededPerPeriod, s.NeededPerWeek, s.CurrentPerPeriod]);
            }
            tables.Add(new ReportTable("funnel-targets", string.Create(CultureInfo.InvariantCulture, $"Activity needed for a result goal of {result.TeamTargets.ResultGoal:N0} per period"),
            [
                new ReportColumn("subject", "Team or rep", ReportValueKind.Text), new ReportColumn("stage", "Stage", ReportValueKind.Text),
                new ReportColumn("needed_per_period", "Needed per period", ReportValueKind.Number), new ReportColumn("needed_per_week", "Per week", ReportValueKind.Number),
                new ReportColumn("current_per_period", "Now per period", ReportValueKind.Number),
            ], rows));
        }
        var chart = new ReportChart("funnel-team-conversion", "Team conversion at each step", ReportChartKind.IntervalBars, "Conversion ratio", "Step", ReportValueKind.Percent,
            [new ChartSeries("Team", [.. result.Team.Select(c => new ChartPoint(c.StepName, 0, c.Ratio, c.Interval?.Lower, c.Interval?.Upper))])]);
        return new ReportSection(FunnelId, "Activity funnel: conversion, leaks and targets") { Paragraphs = paragraphs, Findings = findings, Tables = tables, Charts = [chart] };
    }

    /// <summary>The strategic-goal survey: agreement, every goal's standing, the consensus list, disputed goals and suggestions.</summary>
    /// <param name="result">The analysed survey.</param>
    public static ReportSection Survey(GoalSurveyResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var findings = new List<ReportFinding>
        {
            new(result.Agreement.ToString() + ".", result.Agreement.IsDefined && result.Agreement.W >= 0.5 ? "passed" : "caution"),
            new("Consensus list: " + string.Join("; ", result.ConsensusTop.Select(g => g.ConsensusPosition.ToString(CultureInfo.InvariantCulture) + ". " + g.Goal)) + "."),
            new("Most disputed: " + string.Join("; ", result.MostDisputed.Select(g => g.Goal)) + ".", "caution"),
        };
        var goals = new ReportTable("survey-goals", "Goals in consensus order",
        [
            new ReportColumn("position", "#", ReportValueKind.Count), new ReportColumn("goal", "Goal", ReportValueKind.Text),
            new ReportColumn("mean_rank", "Mean rank", ReportValueKind.Number), new ReportColumn("sd", "SD", ReportValueKind.Number), new ReportColumn("iqr", "IQR", ReportValueKind.Number),
            new ReportColumn("ranked_by", "Ranked by", ReportValueKind.Count), new ReportColumn("executives", "Executives", ReportValueKind.Count),
            new ReportColumn("mean_rank_all", "All-executive mean rank", ReportValueKind.Number),
        ], [.. result.Goals.Select(g => (IReadOnlyList<ReportCell>)[(double)g.ConsensusPosition, g.Goal, g.MeanRank, g.StandardDeviation, g.InterquartileRange, (double)g.RankedBy, (double)g.Executives, g.MeanRankAllExecutives])]);
        var suggestions = new ReportTable("survey-suggestions", "Suggestions by goal",
        [
            new ReportColumn("goal", "Goal", ReportValueKind.Text), new ReportColumn("type", "Start / stop / do differently", ReportValueKind.Text),
            new ReportColumn("suggestion", "Suggestion", ReportValueKind.Text), new ReportColumn("executive", "Executive", ReportValueKind.Text),
        ], [.. result.SuggestionsByGoal.SelectMany(kv => kv.Value.Select(s => (IReadOnlyList<ReportCell>)[kv.Key, s.TypeName, s.Text, s.Executive]))]);
        var paragraphs = new List<string>
        {
            "Executives ranked their top objectives (1 = most important). Mean rank and spread are over those who ranked a goal; an executive's unranked goals count as tied at the mean of the positions they left unranked, which Kendall's W corrects for as ties.",
        };
        paragraphs.AddRange(result.Issues);
        return new ReportSection(SurveyId, "Strategic goals: executive survey") { Paragraphs = paragraphs, Findings = findings, Tables = [goals, suggestions] };
    }

    /// <summary>The coaching review: verdicts per rep and manager, the measures with intervals, and where coaching goes next.</summary>
    /// <param name="result">The coaching review.</param>
    public static ReportSection Coaching(CoachingReviewResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var verdicts = new ReportTable("coaching-verdicts", "Verdict per rep and manager",
        [
            new ReportColumn("subject", "Rep or manager", ReportValueKind.Text), new ReportColumn("competency", "Competency", ReportValueKind.Text), new ReportColumn("verdict", "Verdict", ReportValueKind.Text),
        ], [.. result.ByManager.Concat(result.ByRep).Select(p => (IReadOnlyList<ReportCell>)[p.Subject, p.Competency, Verdict(p.Verdict)])]);
        var measures = new List<IReadOnlyList<ReportCell>>();
        var kinds = new List<ReportValueKind>();
        foreach (MeasureChange m in result.Team.Concat(result.ByManager).Concat(result.ByRep).SelectMany(p => p.Measures).DistinctBy(m => (m.Subject, m.Measure, m.Direction)))
        {
            kinds.Add(m.Measure is OutcomeMeasure.WinRate or OutcomeMeasure.MeanDiscount ? ReportValueKind.Percent : m.Measure == OutcomeMeasure.CycleDays ? ReportValueKind.Number : ReportValueKind.Currency);
            measures.Add([m.Subject, m.MeasureName + (m.Direction == DesiredDirection.Up ? " (up)" : " (down)"), m.Baseline, m.Current, m.Change, m.Interval?.Lower, m.Interval?.Upper,
                m.Verdict == ChangeVerdict.NoData ? "no data: " + m.Reason : Verdict(m.Verdict)]);
        }
        var detail = new ReportTable("coaching-measures", "Measures: baseline, current and change (95% intervals: Welch, Newcombe for win rate)",
        [
            new ReportColumn("subject", "Team, manager or rep", ReportValueKind.Text), new ReportColumn("measure", "Measure", ReportValueKind.Text),
            new ReportColumn("baseline", "Baseline", ReportValueKind.ByRow), new ReportColumn("current", "Current", ReportValueKind.ByRow),
            new ReportColumn("change", "Change", ReportValueKind.ByRow), ReportColumn.LowerBound("change_low", ReportValueKind.ByRow), ReportColumn.UpperBound("change_high", ReportValueKind.ByRow),
            new ReportColumn("verdict", "Verdict", ReportValueKind.Text),
        ], measures) { RowKinds = kinds };
        var paragraphs = new List<string> { $"Baseline: {result.BaselinePeriod}; current: {result.CurrentPeriod}." };
        paragraphs.AddRange(result.Issues);
        var findings = new List<ReportFinding>
        {
            new("Improved: " + (result.Improved.Count == 0 ? "nobody" : string.Join(", ", result.Improved)) + "."),
            new("Not improved: " + (result.NotImproved.Count == 0 ? "nobody" : string.Join(", ", result.NotImproved)) + "."),
        };
        findings.AddRange(result.NextCoaching.Select(f => new ReportFinding("Coach next: " + f)));
        return new ReportSection(CoachingId, "Coaching competencies: outcomes before and after") { Paragraphs = paragraphs, Findings = findings, Tables = [verdicts, detail] };
    }

    /// <summary>The coaching-maturity assessment, with the external benchmark clearly labelled as such.</summary>
    /// <param name="result">The assessment.</param>
    public static ReportSection Maturity(CoachingMaturityResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var scores = new ReportTable("maturity-scores", "Your questionnaire scores (1–5)",
        [
            new ReportColumn("practice", "Practice", ReportValueKind.Text), new ReportColumn("score", "Mean answer", ReportValueKind.Number),
            new ReportColumn("needed", "Needed for the next level", ReportValueKind.Number),
        ], [.. CoachingMaturityAnswers.Practices.Select(p => (IReadOnlyList<ReportCell>)[CoachingMaturityAnswers.Question(p), result.Scores[p],
            result.NextLevel is CoachingMaturityLevel next ? CoachingMaturityAssessment.Requirement(next, p) : (double?)null])]);
        var benchmark = new ReportTable("maturity-benchmark", "External benchmark, not your organization: " + SalesEnablementBenchmark.Source,
        [
            new ReportColumn("level", "Level", ReportValueKind.Text), new ReportColumn("benchmark_share", "Benchmark share of organizations", ReportValueKind.Percent),
            new ReportColumn("benchmark_lift_points", "Benchmark win-rate lift (points)", ReportValueKind.Number), new ReportColumn("benchmark_lift_relative", "Benchmark win-rate lift (relative)", ReportValueKind.Percent),
        ], [.. Enum.GetValues<CoachingMaturityLevel>().Select(l => (IReadOnlyList<ReportCell>)[l.ToString().ToLowerInvariant(), SalesEnablementBenchmark.ShareOfOrganizations(l),
            SalesEnablementBenchmark.WinRateLiftPoints(l), SalesEnablementBenchmark.WinRateLiftRelative(l)])]);
        var paragraphs = new List<string>
        {
            "The benchmark figures describe other organizations in an external study (win rates on forecast deals); they are not this organization's results.",
        };
        if (result.Comparison is not null) paragraphs.Add(result.Comparison);
        paragraphs.AddRange(result.Issues);
        var findings = new List<ReportFinding> { new(result.Summary) };
        return new ReportSection(MaturityId, "Coaching maturity") { Paragraphs = paragraphs, Findings = findings, Tables = [scores, benchmark] };
    }

    private static string Verdict(ChangeVerdict v) => v switch
    {
        ChangeVerdict.Improved => "improved",
        ChangeVerdict.Worse => "worse",
        ChangeVerdict.Mixed => "mixed",
        ChangeVerdict.NoData => "no data",
        _ => "no clear change",
    };
}
