namespace IcpAnalytics.Execution.GoalSurvey;

/// <summary>The kind of change an executive suggests for a goal.</summary>
public enum SuggestionType
{
    /// <summary>Something to start doing.</summary>
    Start,

    /// <summary>Something to stop doing.</summary>
    Stop,

    /// <summary>Something to do differently.</summary>
    DoDifferently,
}
