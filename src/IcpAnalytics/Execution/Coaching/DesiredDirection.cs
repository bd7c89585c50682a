namespace IcpAnalytics.Execution.Coaching;

/// <summary>Which way a measure should move when a competency improves.</summary>
public enum DesiredDirection
{
    /// <summary>Higher is better (e.g. average order value).</summary>
    Up,

    /// <summary>Lower is better (e.g. discount, cycle days).</summary>
    Down,
}
