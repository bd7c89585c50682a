using IcpAnalytics.Data;
using IcpAnalytics.Statistics;

namespace IcpAnalytics.Execution.Maturity;

/// <summary>
/// Scores the coaching-maturity questionnaire into random / informal / formal / dynamic, says what moving up a level
/// requires, and sets the organization's own measured win rate beside the external benchmark.
/// </summary>
/// <remarks>
/// The four levels are CSO Insights' (2017 Sales Enablement Optimization Study; <see cref="SalesEnablementBenchmark.LevelDefinition"/>):
/// random — coaching left to each manager; informal — guidelines, managers exposed to coaching but neither expected nor
/// supported to use it; formal — a defined process with tools, reinforcement and accountability, managers developed as
/// coaches, coaching monitored; dynamic — formal and integrated into the enablement framework. The study publishes no
/// numeric thresholds: the 1–5 thresholds below are this library's reading of those definitions, one practice per clause.
/// Each level requires mean answers of at least:
/// informal — process defined ≥ 2;
/// formal — process defined ≥ 4, coaches developed ≥ 3, coaching monitored ≥ 3, and (when asked) coaching technology ≥ 3 ("tools");
/// dynamic — every practice ≥ 4, coaching areas and technology included when asked ("integrated into a broader enablement framework").
/// The level is the highest whose requirements are all met; an unanswered core practice counts as 1 and is reported. The two
/// optional questions (coaching areas, coaching technology) added to the original five gate a level only when someone
/// answered them; otherwise they are reported as not asked.
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
            CoachingPractice.CoachesDeveloped or CoachingPractice.CoachingMonitored or CoachingPractice.CoachingTechnology => 3,
            _ => 1,
        },
        _ => 4,
    };

    /// <summary>Whether a practice is one of the two optional questions (coaching areas, coaching technology) that gate a level only when asked.</summary>
    /// <param name="practice">The practice.</param>
    public static bool IsOptional(CoachingPractice practice) => practice is CoachingPractice.CoachingAreas or CoachingPractice.CoachingTechnology;

    /// <summary>Scores the answers; with <paramref name="deals"/>, adds the organization's own measured win rate beside the benchmark.</summary>
    /// <param name="answers">The questionnaire answers.</param>
    /// <param name="deals">Closed deals, or null when none are loaded.</param>
    public static CoachingMaturityResult Analyze(CoachingMaturityAnswers answers, DealSet? deals = null)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var scores = new Dictionary<CoachingPractice, double>();
        var issues = new List<string>();
        foreach (CoachingPractice p in CoachingMaturityAnswers.Practices)
        {
            double? s = answers.Score(p);
            if (s is null && IsOptional(p))
            {
                issues.Add($"'{CoachingMaturityAnswers.Question(p)}' ({CoachingMaturityAnswers.Key(p)}) was not asked; it does not count toward the level. Add it to the questionnaire to score it.");
                scores[p] = double.NaN;
                continue;
            }
            if (s is null) issues.Add($"Nobody answered '{CoachingMaturityAnswers.Question(p)}' ({CoachingMaturityAnswers.Key(p)}); it counts as 1 (not at all). Answer it to score it properly.");
            scores[p] = s ?? 1;
        }
        if (answers.LoadReport.RowsRejected > 0)
            issues.Add($"{answers.LoadReport.RowsRejected} answer rows were rejected and are not in the scores; see the load report.");
        CoachingMaturityLevel level = CoachingMaturityLevel.Random;
        foreach (CoachingMaturityLevel candidate in new[] { CoachingMaturityLevel.Informal, CoachingMaturityLevel.Formal, CoachingMaturityLevel.Dynamic })
        {
            if (scores.All(kv => double.IsNaN(kv.Value) || kv.Value >= Requirement(candidate, kv.Key))) level = candidate;
            else break;
        }
        CoachingMaturityLevel? next = level == CoachingMaturityLevel.Dynamic ? null : level + 1;
        MaturityRequirement[] requirements = next is null
            ? []
            : [.. CoachingMaturityAnswers.Practices.Where(p => !double.IsNaN(scores[p]) && scores[p] < Requirement(next.Value, p)).Select(p => new MaturityRequirement(p, scores[p], Requirement(next.Value, p)))];
        MeasuredWinRate? own = null;
        if (deals is not null)
        {
            if (deals.Count == 0) issues.Add("The deals loaded hold no closed deal, so there is no measured win rate to compare.");
            else own = new MeasuredWinRate(deals.WonCount, deals.Count, Proportion.Wilson(deals.WonCount, deals.Count));
        }
        return new CoachingMaturityResult(level, scores, answers.Respondents, next, requirements, own, issues, answers.LoadReport);
    }
}
