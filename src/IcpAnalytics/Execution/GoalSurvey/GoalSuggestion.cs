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

/// <summary>A supporting example an executive gave for a goal.</summary>
/// <param name="Executive">Who gave it.</param>
/// <param name="Goal">The goal.</param>
/// <param name="Text">The example.</param>
public sealed record GoalExample(string Executive, string Goal, string Text);

/// <summary>One suggestion as several executives made it: the same goal, kind and words (ignoring case, spacing and end punctuation), with how many made it and who.</summary>
/// <param name="Goal">The goal.</param>
/// <param name="Type">Start, stop or do differently.</param>
/// <param name="Text">The suggestion as first written.</param>
/// <param name="Count">How many executives made it.</param>
/// <param name="Executives">Who, in first-seen order.</param>
public sealed record MergedSuggestion(string Goal, SuggestionType Type, string Text, int Count, IReadOnlyList<string> Executives);

/// <summary>An executive who ranks a disputed goal far from the consensus (at least one rank and one standard deviation away).</summary>
/// <param name="Goal">The goal.</param>
/// <param name="Executive">The executive.</param>
/// <param name="Rank">The executive's rank of the goal (mid-rank of the unranked positions when they left it off).</param>
/// <param name="OverallScore">The goal's all-executive mean rank.</param>
/// <param name="RankedIt">Whether the executive ranked the goal at all.</param>
public sealed record GoalDissent(string Goal, string Executive, double Rank, double OverallScore, bool RankedIt);
