namespace IcpAnalytics.Execution.Maturity;

/// <summary>The four levels of sales-coaching maturity, from coaching left to chance to coaching run as a measured, rewarded system.</summary>
public enum CoachingMaturityLevel
{
    /// <summary>Random: coaching happens when a manager chooses to; no defined process.</summary>
    Random,

    /// <summary>Informal: coaching is encouraged and partly guided, but not defined, developed or checked.</summary>
    Informal,

    /// <summary>Formal: a defined coaching process that managers are developed for and that is monitored.</summary>
    Formal,

    /// <summary>Dynamic: a formal process that is also measured, tied to sales enablement, and on which managers are measured and paid.</summary>
    Dynamic,
}
