using IcpAnalytics.Execution.GoalSurvey;
using IcpAnalytics.Statistics;

namespace IcpAnalytics.Reports;

public static partial class SalesExecutionSections
{
    internal static ReportSection Survey(GoalSurveyResult result, ReportFormatter f)
    {
        var findings = new List<ReportFinding>
        {
            new($"{f.Format(result.DistinctGoals, ReportValueKind.Count)} distinct goals named" + (result.TooManyGoals ? ": more than the five to seven a shared vision holds." : "."), result.TooManyGoals ? "caution" : null),
            new(Agreement(result.Agreement, f) + ".", result.Agreement.IsDefined && result.Agreement.W >= 0.5 ? "passed" : "caution"),
            new("Consensus list: " + string.Join("; ", result.ConsensusTop.Select(g => g.ConsensusPosition.ToString(f.Culture) + ". " + g.Goal)) + "."),
            new("Most disputed: " + string.Join("; ", result.MostDisputed.Select(g => g.Goal + " (spread " + g.SpreadAllExecutives.ToString("0.0#", f.Culture) + " ranks)")) + ".", "caution"),
        };
        var goals = new ReportTable("survey-goals", "Goals in consensus order",
        [
            new ReportColumn("position", "#", ReportValueKind.Count), new ReportColumn("goal", "Goal", ReportValueKind.Text),
            new ReportColumn("mean_rank", "Mean rank among those who ranked it", ReportValueKind.Number), new ReportColumn("sd", "SD", ReportValueKind.Number), new ReportColumn("iqr", "IQR", ReportValueKind.Number),
            new ReportColumn("ranked_by", "Ranked by", ReportValueKind.Count), new ReportColumn("executives", "Executives", ReportValueKind.Count),
            new ReportColumn("mean_rank_all", "Overall score (all executives; orders list)", ReportValueKind.Number),
        ], [.. result.Goals.Select(g => (IReadOnlyList<ReportCell>)[(double)g.ConsensusPosition, g.Goal, g.MeanRank, g.StandardDeviation, g.InterquartileRange, (double)g.RankedBy, (double)g.Executives, g.MeanRankAllExecutives])]);
        var suggestions = new ReportTable("survey-suggestions", "Suggestions by goal, identical ones merged",
        [
            new ReportColumn("goal", "Goal", ReportValueKind.Text), new ReportColumn("type", "Start / stop / do differently", ReportValueKind.Text),
            new ReportColumn("suggestion", "Suggestion", ReportValueKind.Text), new ReportColumn("count", "Executives", ReportValueKind.Count), new ReportColumn("executive", "Who", ReportValueKind.Text),
        ], [.. result.MergedSuggestions.Select(s => (IReadOnlyList<ReportCell>)[s.Goal, TypeName(s.Type), s.Text, (double)s.Count, string.Join(", ", s.Executives)])]);
        var examples = new ReportTable("survey-examples", "Supporting examples by goal",
        [
            new ReportColumn("goal", "Goal", ReportValueKind.Text), new ReportColumn("example", "Example", ReportValueKind.Text), new ReportColumn("executive", "Executive", ReportValueKind.Text),
        ], [.. result.Examples.Select(x => (IReadOnlyList<ReportCell>)[x.Goal, x.Text, x.Executive])]);
        var paragraphs = new List<string>
        {
            "Executives ranked their top objectives (1 = most important). Mean rank among those who ranked it and its spread are over those who ranked a goal. "
                + "The list is ordered by the overall score: the mean rank over all executives, where an executive's unranked goals count as tied at the mean of the positions they left unranked (as Kendall's W, which corrects for these ties); "
                + "so a goal few executives ranked, even first, scores behind one everybody ranked second.",
            $"The executives named {f.Format(result.DistinctGoals, ReportValueKind.Count)} distinct goals" + (result.TooManyGoals ? "; a shared vision holds five to seven." : "."),
        };
        paragraphs.AddRange(result.Issues);
        return new ReportSection(SurveyId, "Strategic goals: executive survey") { Paragraphs = paragraphs, Findings = findings, Tables = [goals, examples, suggestions] };
    }

    private static string TypeName(SuggestionType t) => t switch
    {
        SuggestionType.Start => "start",
        SuggestionType.Stop => "stop",
        _ => "do differently",
    };

    /// <summary>The section id of the one-page shared vision.</summary>
    public const string SharedVisionId = "shared-vision";

    /// <summary>
    /// The one-page shared vision built from the survey: the agreed goals (the consensus list, at most seven), the disputed
    /// goals with who disagrees, and a table of rules of engagement to fill in, one row per agreed goal.
    /// </summary>
    /// <param name="result">The analysed survey.</param>
    /// <param name="options">The culture and currency of the words; null for invariant.</param>
    public static ReportSection SharedVision(GoalSurveyResult result, ProfitYieldReportOptions? options = null) =>
        Section(result, options, SharedVision);

    internal static ReportSection SharedVision(GoalSurveyResult result, ReportFormatter f)
    {
        GoalStanding[] agreed = [.. result.ConsensusTop.Take(7)];
        var agreedTable = new ReportTable("vision-goals", "The agreed goals",
        [
            new ReportColumn("position", "#", ReportValueKind.Count), new ReportColumn("goal", "Goal", ReportValueKind.Text),
            new ReportColumn("overall_score", "Overall score (mean rank, all executives)", ReportValueKind.Number), new ReportColumn("ranked_by", "Ranked by", ReportValueKind.Count),
            new ReportColumn("disputed", "Disputed", ReportValueKind.Text),
        ], [.. agreed.Select(g => (IReadOnlyList<ReportCell>)[(double)g.ConsensusPosition, g.Goal, g.MeanRankAllExecutives, (double)g.RankedBy,
            result.MostDisputed.Any(d => d.Goal == g.Goal) ? "yes" : "no"])]);
        var dissent = new ReportTable("vision-dissent", "Disputed goals and who disagrees",
        [
            new ReportColumn("goal", "Goal", ReportValueKind.Text), new ReportColumn("executive", "Executive", ReportValueKind.Text),
            new ReportColumn("rank", "Their rank", ReportValueKind.Number), new ReportColumn("overall_score", "Overall score", ReportValueKind.Number),
            new ReportColumn("ranked", "Ranked it", ReportValueKind.Text),
        ], [.. result.Dissent.Select(d => (IReadOnlyList<ReportCell>)[d.Goal, d.Executive, d.Rank, d.OverallScore, d.RankedIt ? "yes" : "left it off"])]);
        var rules = new ReportTable("vision-rules", "Rules of engagement (to agree and fill in, one or more per goal)",
        [
            new ReportColumn("goal", "Goal", ReportValueKind.Text), new ReportColumn("rule", "Rule of engagement", ReportValueKind.Text),
            new ReportColumn("suggestions", "Suggestions to start from", ReportValueKind.Text),
        ], [.. agreed.Select(g => (IReadOnlyList<ReportCell>)[g.Goal, (string?)null,
            string.Join("; ", result.MergedSuggestions.Where(s => string.Equals(s.Goal, g.Goal, StringComparison.OrdinalIgnoreCase)).Select(s => TypeName(s.Type) + ": " + s.Text + (s.Count > 1 ? " (×" + s.Count.ToString(f.Culture) + ")" : "")))])]);
        var findings = new List<ReportFinding>
        {
            new("Our shared vision: " + string.Join("; ", agreed.Select(g => g.ConsensusPosition.ToString(f.Culture) + ". " + g.Goal)) + "."),
            new(Agreement(result.Agreement, f) + ".", result.Agreement.IsDefined && result.Agreement.W >= 0.5 ? "passed" : "caution"),
        };
        if (result.TooManyGoals) findings.Add(new ReportFinding($"{f.Format(result.DistinctGoals, ReportValueKind.Count)} distinct goals were named; the vision keeps the first {agreed.Length}. Settle the rest before training on them.", "caution"));
        var paragraphs = new List<string>
        {
            "One page for the leadership team: the goals everybody works toward, where leaders still disagree (and who), and the rules of engagement that turn each goal into how sellers, managers and marketing act.",
        };
        return new ReportSection(SharedVisionId, "Shared vision and rules of engagement") { Paragraphs = paragraphs, Findings = findings, Tables = [agreedTable, dissent, rules] };
    }

    /// <summary>Kendall's W, its test and a plain reading, in the formatter's culture.</summary>
    internal static string Agreement(Concordance c, ReportFormatter f) => !c.IsDefined
        ? "Kendall's W undefined: " + c.Reason
        : $"Kendall's W = {c.W.ToString("0.###", f.Culture)} ({c.Strength} agreement among {c.Raters} raters on {c.Items} items), chi-square {c.ChiSquare.ToString("0.##", f.Culture)} on {c.DegreesOfFreedom} df, {P(f, c.PValue)}";
}
