namespace IcpAnalytics.Execution.GoalSurvey;

/// <summary>One executive's rank for one strategic goal, with an optional supporting example and suggestion (one row of the survey).</summary>
/// <param name="Executive">Who ranked the goal.</param>
/// <param name="Goal">The goal's label, e.g. "Grow margin in mid-market software".</param>
/// <param name="Rank">The rank the executive gave, 1 = most important.</param>
/// <param name="Example">A supporting example, or null.</param>
/// <param name="SuggestionType">The kind of suggestion (start, stop, do differently), or null when there is none.</param>
/// <param name="Suggestion">The suggestion's text, or null.</param>
public sealed record GoalRanking(string Executive, string Goal, int Rank, string? Example = null, SuggestionType? SuggestionType = null, string? Suggestion = null);
