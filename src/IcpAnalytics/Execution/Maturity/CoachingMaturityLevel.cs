namespace IcpAnalytics.Execution.Maturity;

/// <summary>The four levels of sales-coaching maturity of CSO Insights' 2017 Sales Enablement Optimization Study (external), from coaching left to each manager to coaching that reinforces enablement.</summary>
public enum CoachingMaturityLevel
{
    /// <summary>Random: in the study's words (CSO Insights, external), "sales coaching is left up to the sales managers"; no defined process.</summary>
    Random,

    /// <summary>Informal: "based on guidelines and lip service" (CSO Insights): guidelines exist, nothing more.</summary>
    Informal,

    /// <summary>Formal: "a formally implemented coaching process", managers developed as coaches, the impact measured (CSO Insights).</summary>
    Formal,

    /// <summary>Dynamic: formal, and coaching drives "adoption and reinforcement" of the enablement services for salespeople (CSO Insights).</summary>
    Dynamic,
}
