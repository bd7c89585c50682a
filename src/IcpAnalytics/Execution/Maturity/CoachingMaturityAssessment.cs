using IcpAnalytics.Data;
using IcpAnalytics.Statistics;

namespace IcpAnalytics.Execution.Maturity;

/// <summary>
/// Scores the coaching-maturity questionnaire into random / informal / formal / dynamic, says what moving up a level
/// requires, and sets the organization's own measured win rate beside the external benchmark.
/// </summary>
/// <remarks>
/// Each level requires mean answers (1–5 scale) of at least:
/// informal — process defined ≥ 2;
/// formal — process defined ≥ 4, coaches developed ≥ 3, coaching monitored ≥ 3;
/// dynamic — every practice ≥ 4 (process defined, coaches developed, coaching monitored, connected to enablement, managers measured and paid).
/// The level is the highest whose requirements are all met; an unanswered practice counts as 1 and is reported.
/// </remarks>
public static class CoachingMaturityAssessment
{
    /// <summary>The mean answer each practice needs for <paramref name="level"/> (1 = no requirement).</summary>
    /// <param name="level">The level.</param>
    /// <param name="practice">The practice.</param>
    public static double Requirement(CoachingMaturityLevel level, CoachingPractice practice) => level switch
    {
        CoachingMaturityLevel.Random => 1,
        CoachingMaturityLevel.Informal => practice == CoachingPractice.ProcessDefined ? 2 : 1,
        CoachingMaturityLevel.Formal => practice switch
        {
            CoachingPractice.ProcessDefined => 4,
            CoachingPractice.CoachesDeveloped or CoachingPractice.CoachingMonitored => 3,
            _ => 1,
        },
        _ => 4,
    };

    /// <summary>Scores the answers; with <paramref name="deals"/>, adds the organization's own measured win rate beside the benchmark.</summary>
    /// <param name="answers">The questionnaire answers.</param>
    /// <param name="deals">Closed deals, or null when none are loaded.</param>
    public static CoachingMaturityResult Assess(CoachingMaturityAnswers answers, DealSet? deals = null)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var scores = new Dictionary<CoachingPractice, double>();
        var issues = new List<string>();
        foreach (CoachingPractice p in CoachingMaturityAnswers.Practices)
        {
            double? s = answers.Score(p);
            if (s is null) issues.Add($"Nobody answered '{CoachingMaturityAnswers.Question(p)}' ({CoachingMaturityAnswers.Key(p)}); it counts as 1 (not at all). Answer it to score it properly.");
            scores[p] = s ?? 1;
        }
        if (answers.LoadReport.RowsRejected > 0)
            issues.Add($"{answers.LoadReport.RowsRejected} answer rows were rejected and are not in the scores; see the load report.");
        CoachingMaturityLevel level = CoachingMaturityLevel.Random;
        foreach (CoachingMaturityLevel candidate in new[] { CoachingMaturityLevel.Informal, CoachingMaturityLevel.Formal, CoachingMaturityLevel.Dynamic })
        {
            if (scores.All(kv => kv.Value >= Requirement(candidate, kv.Key))) level = candidate;
            else break;
        }
        CoachingMaturityLevel? next = level == CoachingMaturityLevel.Dynamic ? null : level + 1;
        MaturityRequirement[] requirements = next is null
            ? []
            : [.. CoachingMaturityAnswers.Practices.Where(p => scores[p] < Requirement(next.Value, p)).Select(p => new MaturityRequirement(p, scores[p], Requirement(next.Value, p)))];
        MeasuredWinRate? own = null;
        if (deals is not null)
        {
            if (deals.Count == 0) issues.Add("The deals loaded hold no closed deal, so there is no measured win rate to compare.");
            else own = new MeasuredWinRate(deals.WonCount, deals.Count, Proportion.Wilson(deals.WonCount, deals.Count));
        }
        return new CoachingMaturityResult(level, scores, answers.Respondents, next, requirements, own, issues, answers.LoadReport);
    }
}
