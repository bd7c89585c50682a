namespace IcpAnalytics.Execution.Maturity;

/// <summary>
/// An external benchmark, not your organization's result: the share of organizations at each coaching-maturity level and
/// the win-rate lift of formal and dynamic coaching reported by the 2017 Sales Enablement Optimization Study (CSO Insights).
/// Win rates there are on forecast deals, against the study's average.
/// </summary>
public static class SalesEnablementBenchmark
{
    /// <summary>Where the benchmark figures come from.</summary>
    public const string Source = "2017 Sales Enablement Optimization Study (CSO Insights)";

    /// <summary>Where the level definitions' wording comes from (external: CSO Insights, Miller Heiman Group, not this library).</summary>
    public const string DefinitionSource =
        "CSO Insights (Miller Heiman Group), on the 2017 Sales Enablement Optimization Study: \"How to Assess Sales Coaching Maturity and Why it Matters\" "
        + "and \"Sales Coaching Continues to Head in the Right Direction, But Not Fast Enough\" (csoinsights.com blog, 2018)";

    /// <summary>
    /// The study's definition of <paramref name="level"/>: its own words, quoted briefly (in quotation marks) from CSO Insights'
    /// descriptions of the 2017 study's four levels (<see cref="DefinitionSource"/>), each with a short gloss in plain words.
    /// Random: "sales coaching is left up to the sales managers"; informal: "based on guidelines and lip service", "nothing
    /// more beyond guidelines and wishful thinking exists"; formal: "a formally implemented coaching process, sales managers
    /// are developed regarding their coaching skills, and the impact is measured"; dynamic: coaching services designed so
    /// "they drive adoption and reinforcement of their initial enablement services for salespeople".
    /// </summary>
    /// <param name="level">The coaching-maturity level.</param>
    public static string LevelDefinition(CoachingMaturityLevel level) => level switch
    {
        CoachingMaturityLevel.Random => "Random: \"sales coaching is left up to the sales managers\"; no coaching process is designed or implemented, managers are not developed as coaches, and coaching is neither monitored nor measured.",
        CoachingMaturityLevel.Informal => "Informal: \"based on guidelines and lip service\"; the organization knows coaching is what managers should be doing, but \"nothing more beyond guidelines and wishful thinking exists\".",
        CoachingMaturityLevel.Formal => "Formal: \"a formally implemented coaching process, sales managers are developed regarding their coaching skills, and the impact is measured\".",
        _ => "Dynamic: formal, and the coaching services are designed so that \"they drive adoption and reinforcement of their initial enablement services for salespeople\".",
    };

    /// <summary>The benchmark share of organizations at <paramref name="level"/>: random 34.7%, informal 35.0%, formal 18.9%, dynamic 11.3%.</summary>
    /// <param name="level">The coaching-maturity level.</param>
    public static double ShareOfOrganizations(CoachingMaturityLevel level) => level switch
    {
        CoachingMaturityLevel.Random => 0.347,
        CoachingMaturityLevel.Informal => 0.350,
        CoachingMaturityLevel.Formal => 0.189,
        _ => 0.113,
    };

    /// <summary>The benchmark win-rate lift on forecast deals against the study average, in percentage points: formal +7.0, dynamic +14.3; null for random and informal (the study gives no figure).</summary>
    /// <param name="level">The coaching-maturity level.</param>
    public static double? WinRateLiftPoints(CoachingMaturityLevel level) => level switch
    {
        CoachingMaturityLevel.Formal => 7.0,
        CoachingMaturityLevel.Dynamic => 14.3,
        _ => null,
    };

    /// <summary>The same lift relative to the study average: formal +13.5%, dynamic +27.6%; null for random and informal.</summary>
    /// <param name="level">The coaching-maturity level.</param>
    public static double? WinRateLiftRelative(CoachingMaturityLevel level) => level switch
    {
        CoachingMaturityLevel.Formal => 0.135,
        CoachingMaturityLevel.Dynamic => 0.276,
        _ => null,
    };

    /// <summary>
    /// The study's average win rate on forecast deals implied by its own figures (7.0 points = 13.5% and 14.3 points = 27.6%
    /// both give about 51.8%); derived here, not quoted from the study.
    /// </summary>
    public static double ImpliedAverageWinRate => (7.0 / 0.135 + 14.3 / 0.276) / 2 / 100;

    /// <summary>The benchmark win rate implied for <paramref name="level"/> (average + lift), or null where the study gives no lift.</summary>
    /// <param name="level">The coaching-maturity level.</param>
    public static double? ImpliedWinRate(CoachingMaturityLevel level) =>
        WinRateLiftPoints(level) is double points ? ImpliedAverageWinRate + points / 100 : null;
}
