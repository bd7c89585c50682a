using IcpAnalytics.Execution.GoalSurvey;
using IcpAnalytics.Statistics;

namespace IcpAnalytics.Reports;

public static partial class SalesExecutionSections
{
    internal static ReportSection Survey(GoalSurveyResult result, ReportFormatter f)
    {
        var findings = new List<ReportFinding>
        {
            new(Agreement(result.Agreement, f) + ".", result.Agreement.IsDefined && result.Agreement.W >= 0.5 ? "passed" : "caution"),
            new("Consensus list: " + string.Join("; ", result.ConsensusTop.Select(g => g.ConsensusPosition.ToString(f.Culture) + ". " + g.Goal)) + "."),
            new("Most disputed: " + string.Join("; ", result.MostDisputed.Select(g => g.Goal + " (spread " + g.SpreadAllExecutives.ToString("0.0#", f.Culture) + " ranks)")) + ".", "caution"),
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

    /// <summary>Kendall's W, its test and a plain reading, in the formatter's culture.</summary>
    internal static string Agreement(Concordance c, ReportFormatter f) => !c.IsDefined
        ? "Kendall's W undefined: " + c.Reason
        : $"Kendall's W = {c.W.ToString("0.###", f.Culture)} ({c.Strength} agreement among {c.Raters} raters on {c.Items} items), chi-square {c.ChiSquare.ToString("0.##", f.Culture)} on {c.DegreesOfFreedom} df, {P(f, c.PValue)}";
}
