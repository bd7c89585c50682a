namespace IcpAnalytics.Execution.Coaching;

/// <summary>The verdict on a change from the baseline to the current period, in the desired direction.</summary>
public enum ChangeVerdict
{
    /// <summary>The interval of the change lies entirely on the desired side of zero.</summary>
    Improved,

    /// <summary>The interval of the change includes zero.</summary>
    NoClearChange,

    /// <summary>The interval of the change lies entirely on the undesired side of zero.</summary>
    Worse,

    /// <summary>For a competency: some measures improved and others got worse.</summary>
    Mixed,

    /// <summary>There were not enough deals (or no such column) in a period to compare; the reason is reported.</summary>
    NoData,
}
