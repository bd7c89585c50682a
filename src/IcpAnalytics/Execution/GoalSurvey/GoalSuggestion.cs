namespace IcpAnalytics.Execution.GoalSurvey;

/// <summary>A start / stop / do-differently suggestion an executive made for a goal.</summary>
/// <param name="Executive">Who made it.</param>
/// <param name="Goal">The goal it is about.</param>
/// <param name="Type">Start, stop or do differently.</param>
/// <param name="Text">The suggestion.</param>
public sealed record GoalSuggestion(string Executive, string Goal, SuggestionType Type, string Text)
{
    /// <summary>The kind of suggestion in words: "start", "stop" or "do differently".</summary>
    public string TypeName => Type switch
    {
        SuggestionType.Start => "start",
        SuggestionType.Stop => "stop",
        _ => "do differently",
    };
}
