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

    /// <summary>
    /// The study's definition of <paramref name="level"/>, in close paraphrase of CSO Insights' own descriptions
    /// ("How to Assess Sales Coaching Maturity and Why it Matters", csoinsights.com, on the 2017 study).
    /// </summary>
    /// <param name="level">The coaching-maturity level.</param>
    public static string LevelDefinition(CoachingMaturityLevel level) => level switch
    {
        CoachingMaturityLevel.Random => "Random: coaching is left up to each sales manager; no coaching process is designed or implemented, managers are not developed as coaches, and coaching is neither monitored nor measured.",
        CoachingMaturityLevel.Informal => "Informal: the organization knows managers should coach and has written guidelines, and managers are exposed to coaching approaches, but they are neither expected nor supported to use them.",
        CoachingMaturityLevel.Formal => "Formal: coaching training comes with tools, reinforcement and accountability; the coaching process is defined, managers are developed as coaches, and coaching is monitored.",
        _ => "Dynamic: coaching is formal and also integrated into the broader enablement framework, intertwined with seller training, capability building and key initiatives.",
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
