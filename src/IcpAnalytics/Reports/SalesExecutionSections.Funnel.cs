using IcpAnalytics.Execution.Funnel;

namespace IcpAnalytics.Reports;

public static partial class SalesExecutionSections
{
    internal static ReportSection Funnel(ActivityFunnelResult result, ReportFormatter f)
    {
        double level = result.Options.ConfidenceLevel;
        string adjustment = result.Options.Correction == Statistics.MultipleTestingCorrection.Holm ? "Holm" : "Benjamini–Hochberg";
        string alpha = result.Options.Alpha.ToString("0.###", f.Culture);
        var paragraphs = new List<string>
        {
            $"Each rep is tested at each step against the rest of the team (two-proportion test, {adjustment}-adjusted across all {result.Tests.Count} tests, alpha {alpha}); "
                + $"conversion intervals are {Level(f, level)} Wilson intervals. "
                + "A leak's cost is the wins the rep would have had at the rest of the team's ratio, carried down the funnel at the rep's own later ratios, times the rep's margin per win.",
            DriversNote(result, f),
        };
        paragraphs.AddRange(result.Issues);
        var findings = new List<ReportFinding>
        {
            new("Team funnel: " + string.Join(" → ", result.Stages.Select((s, i) => f.Format(result.TeamCounts[i], ReportValueKind.Count) + " " + s)) + "."),
        };
        findings.AddRange(result.Leaks.Select(l => new ReportFinding(LeakSentence(l, f), "caution")));
        if (result.Leaks.Count == 0)
            findings.Add(new ReportFinding($"No rep converts significantly worse than the rest of the team at any step ({result.Tests.Count} rep × step tests, {adjustment}-adjusted, alpha {alpha}).", "passed"));
        findings.AddRange(result.ResultDrivers.Where(d => d.Predicts).Select(d => new ReportFinding(DriverSentence(d, f))));
        if (result.TeamTargets is not null) findings.Add(new ReportFinding(TargetSentence(result.TeamTargets, f)));
        if (result.TeamTargets is ActivityTargets team && team.Stages[^1].ChangeNeeded is double change)
        {
            string direction = change >= 0 ? "above" : "below";
            findings.Add(new ReportFinding($"The goal of {f.Format(team.ResultGoal, ReportValueKind.Currency)} per period needs {team.Stages[^1].Stage} {f.Format(Math.Abs(change), ReportValueKind.Percent)} {direction} today's rate at today's ratios."));
        }

        var conversion = new List<IReadOnlyList<ReportCell>>();
        foreach (StepConversion c in result.Team.Concat(result.ByRep.Values.SelectMany(v => v)))
            conversion.Add([c.Subject, c.StepName, (double)c.Entered, (double)c.Converted, c.Ratio, c.Interval?.Lower, c.Interval?.Upper, c.UndefinedReason ?? (result.Leaks.Any(l => l.Rep == c.Subject && l.Step == c.Step) ? "leak" : "")]);
        var tables = new List<ReportTable>
        {
            new("funnel-conversion", $"Conversion at each step, team and reps ({Level(f, level)} Wilson intervals)",
            [
                new ReportColumn("subject", "Rep", ReportValueKind.Text), new ReportColumn("step", "Step", ReportValueKind.Text),
                new ReportColumn("entered", "Entered", ReportValueKind.Count), new ReportColumn("converted", "Converted", ReportValueKind.Count),
                new ReportColumn("ratio", "Ratio", ReportValueKind.Percent), Lower("ratio_low", ReportValueKind.Percent, f, level), Upper("ratio_high", ReportValueKind.Percent, f, level),
                new ReportColumn("note", "Note", ReportValueKind.Text),
            ], conversion),
            new("funnel-leaks", $"Leaking steps and what they cost (difference with its {Level(f, level)} Newcombe interval)",
            [
                new ReportColumn("rep", "Rep", ReportValueKind.Text), new ReportColumn("step", "Step", ReportValueKind.Text),
                new ReportColumn("rep_ratio", "Rep ratio", ReportValueKind.Percent), new ReportColumn("benchmark_ratio", "Rest of team", ReportValueKind.Percent),
                new ReportColumn("difference", "Difference", ReportValueKind.Percent), Lower("difference_low", ReportValueKind.Percent, f, level), Upper("difference_high", ReportValueKind.Percent, f, level),
                new ReportColumn("adjusted_p", "Adjusted p", ReportValueKind.PValue), new ReportColumn("extra_wins", "Extra wins", ReportValueKind.Number),
                new ReportColumn("margin_cost", "Margin cost", ReportValueKind.Currency), new ReportColumn("margin_cost_per_period", "Per period", ReportValueKind.Currency),
            ], [.. result.Leaks.Select(l => (IReadOnlyList<ReportCell>)[l.Rep, l.StepName, l.RepRatio, l.BenchmarkRatio, l.Difference.Difference, l.Difference.Interval.Lower, l.Difference.Interval.Upper, l.AdjustedPValue, l.ExtraWins, l.MarginCost, l.MarginCostPerPeriod])]),
        };
        if (result.ResultDrivers.Count > 0)
        {
            tables.Add(new ReportTable("funnel-drivers", $"Which ratios predict results (result per period for a ratio 10 points higher; HC3, {Level(f, level)} intervals)",
            [
                new ReportColumn("step", "Step", ReportValueKind.Text), new ReportColumn("effect", "Result per +10 points", ReportValueKind.Currency),
                Lower("effect_low", ReportValueKind.Currency, f, level), Upper("effect_high", ReportValueKind.Currency, f, level),
                new ReportColumn("adjusted_p", "Adjusted p", ReportValueKind.PValue), new ReportColumn("predicts", "Predicts results", ReportValueKind.Text),
            ], [.. result.ResultDrivers.Select(d => (IReadOnlyList<ReportCell>)[d.StepName, d.EffectPer10Points, d.Interval.Lower, d.Interval.Upper, d.AdjustedPValue, d.Predicts ? "yes" : "no clear link"])]));
        }
        if (result.TeamTargets is not null)
        {
            var rows = new List<IReadOnlyList<ReportCell>>();
            foreach (ActivityTargets t in result.RepTargets.Prepend(result.TeamTargets))
            {
                foreach (StageTarget s in t.Stages) rows.Add([t.Subject, s.Stage, s.NeededPerPeriod, s.NeededPerWeek, s.CurrentPerPeriod, s.ChangeNeeded]);
            }
            tables.Add(new ReportTable("funnel-targets", $"Activity needed versus current for a result goal of {f.Format(result.TeamTargets.ResultGoal, ReportValueKind.Currency)} per period",
            [
                new ReportColumn("subject", "Team or rep", ReportValueKind.Text), new ReportColumn("stage", "Stage", ReportValueKind.Text),
                new ReportColumn("needed_per_period", "Needed per period", ReportValueKind.Number), new ReportColumn("needed_per_week", "Per week", ReportValueKind.Number),
                new ReportColumn("current_per_period", "Now per period", ReportValueKind.Number), new ReportColumn("change_needed", "Change needed", ReportValueKind.Percent),
            ], rows));
        }
        var chart = new ReportChart("funnel-team-conversion", "Team conversion at each step", ReportChartKind.IntervalBars, "Conversion ratio", "Step", ReportValueKind.Percent,
            [new ChartSeries("Team", [.. result.Team.Select(c => new ChartPoint(c.StepName, 0, c.Ratio, c.Interval?.Lower, c.Interval?.Upper))])]);
        return new ReportSection(FunnelId, "Activity funnel: conversion, leaks and targets") { Paragraphs = paragraphs, Findings = findings, Tables = tables, Charts = [chart] };
    }

    private static string DriversNote(ActivityFunnelResult result, ReportFormatter f)
    {
        if (result.ResultDriversRSquared is not double r2) return result.ResultDriversNote;
        string skipped = result.ResultDriversSkippedRepPeriods == 0 ? ""
            : $" {f.Format(result.ResultDriversSkippedRepPeriods, ReportValueKind.Count)} rep-periods with a zero stage (an undefined ratio) are left out of it.";
        return $"Regression of the period result on every step ratio and log(1 + {result.Stages[0]}) over {f.Format(result.ResultDriversRepPeriods, ReportValueKind.Count)} rep-periods, "
            + $"HC3 robust standard errors, R² = {r2.ToString("0.###", f.Culture)}; p-values Holm-adjusted across the {result.Stages.Count - 1} steps. "
            + "An association across reps and periods, not proof that raising a ratio causes the result." + skipped;
    }

    private static string LeakSentence(StepLeakTest l, ReportFormatter f) =>
        $"{l.Rep} {(l.IsLeak ? "leaks" : "does not leak")} at {l.StepName}: {f.Format(l.RepRatio, ReportValueKind.Percent)} vs {f.Format(l.BenchmarkRatio, ReportValueKind.Percent)} for the rest of the team (adjusted {P(f, l.AdjustedPValue)})"
        + (l.IsLeak ? $", about {l.ExtraWins.ToString("N1", f.Culture)} wins and {f.Format(l.MarginCost, ReportValueKind.Currency)} margin lost ({f.Format(l.MarginCostPerPeriod, ReportValueKind.Currency)} per period)." : ".");

    private static string DriverSentence(ResultDriver d, ReportFormatter f) =>
        $"{d.StepName}: {(d.EffectPer10Points >= 0 ? "+" : "")}{f.Format(d.EffectPer10Points, ReportValueKind.Currency)} per period per 10 points "
        + $"({f.Format(d.Interval.Lower, ReportValueKind.Currency)} to {f.Format(d.Interval.Upper, ReportValueKind.Currency)}), adjusted {P(f, d.AdjustedPValue)} — {(d.Predicts ? "predicts results" : "no clear link")}.";

    private static string TargetSentence(ActivityTargets t, ReportFormatter f)
    {
        string perPeriod = string.Join(", ", t.Stages.Reverse().Select(s => f.Format(Math.Ceiling(s.NeededPerPeriod), ReportValueKind.Count) + " " + s.Stage));
        string perWeek = string.Join(", ", t.Stages.Reverse().Select(s => s.NeededPerWeek.ToString("N1", f.Culture) + " " + s.Stage));
        return $"To reach {f.Format(t.ResultGoal, ReportValueKind.Currency)} per period at current ratios, {t.Subject} needs about {perPeriod} per period ({perWeek} per week)."
            + (t.Notes.Count == 0 ? "" : " " + string.Join(" ", t.Notes));
    }
}
