using System.Globalization;
using IcpAnalytics.Data;

namespace IcpAnalytics.Execution.Maturity;

/// <summary>
/// The scored coaching-maturity questionnaire: the organization's level, each practice's score, what moving up a level
/// requires, the organization's own measured win rate (when deals are loaded), and beside them — clearly labelled as an
/// external benchmark, never as this organization's result — the <see cref="SalesEnablementBenchmark"/> figures. Immutable.
/// </summary>
public sealed class CoachingMaturityResult
{
    internal CoachingMaturityResult(CoachingMaturityLevel level, IReadOnlyDictionary<CoachingPractice, double> scores, int respondents, CoachingMaturityLevel? next,
        IReadOnlyList<MaturityRequirement> requirements, MeasuredWinRate? own, IReadOnlyList<string> issues, LoadReport report)
    {
        Level = level;
        Scores = scores;
        Respondents = respondents;
        NextLevel = next;
        RequirementsForNextLevel = requirements;
        OwnWinRate = own;
        Issues = issues;
        LoadReport = report;
    }

    /// <summary>The organization's coaching-maturity level.</summary>
    public CoachingMaturityLevel Level { get; }

    /// <summary>The mean answer (1–5) per practice; unanswered practices count as 1 (see <see cref="Issues"/>).</summary>
    public IReadOnlyDictionary<CoachingPractice, double> Scores { get; }

    /// <summary>How many respondents answered.</summary>
    public int Respondents { get; }

    /// <summary>The next level up, or null at dynamic.</summary>
    public CoachingMaturityLevel? NextLevel { get; }

    /// <summary>What each practice must reach to move up to <see cref="NextLevel"/> (empty at dynamic).</summary>
    public IReadOnlyList<MaturityRequirement> RequirementsForNextLevel { get; }

    /// <summary>The organization's own measured win rate over the deals loaded, or null when none were loaded.</summary>
    public MeasuredWinRate? OwnWinRate { get; }

    /// <summary>Unanswered practices, rejected rows and similar notes.</summary>
    public IReadOnlyList<string> Issues { get; }

    /// <summary>How the answers were loaded.</summary>
    public LoadReport LoadReport { get; }

    internal static string LevelName(CoachingMaturityLevel level) => level.ToString().ToLowerInvariant();

    /// <summary>The level and next step in one sentence.</summary>
    public string Summary => NextLevel is null
        ? $"Coaching maturity: {LevelName(Level)} (the highest level). Keep every practice at 4 or above."
        : $"Coaching maturity: {LevelName(Level)}. To reach {LevelName(NextLevel.Value)}: {string.Join("; ", RequirementsForNextLevel)}.";

    /// <summary>The level and next step (a one-line summary); render the whole result with <c>SalesExecutionReport.Of(result)</c> in IcpAnalytics.Reports.</summary>
    public override string ToString() => Summary;
}
