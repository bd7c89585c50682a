using System.Globalization;

namespace IcpAnalytics.Execution.GoalSurvey;

/// <summary>Options for <see cref="GoalSurveyData.Analyze"/>.</summary>
public sealed record GoalSurveyOptions
{
    /// <summary>How many goals make the consensus list (the shared list training builds its rules of engagement on), 1 to 50.</summary>
    /// <value>The default is 7.</value>
    public int ConsensusSize { get; init; } = 7;

    /// <summary>How many of the most-disputed goals to list, 1 to 50.</summary>
    /// <value>The default is 3.</value>
    public int DisputedCount { get; init; } = 3;

    internal void Validate()
    {
        var problems = new List<string>();
        if (ConsensusSize is < 1 or > 50) problems.Add(string.Create(CultureInfo.InvariantCulture, $"ConsensusSize is {ConsensusSize}; use 1 to 50 (5 to 7 is usual; 7 is the default)."));
        if (DisputedCount is < 1 or > 50) problems.Add(string.Create(CultureInfo.InvariantCulture, $"DisputedCount is {DisputedCount}; use 1 to 50 (3 is the default)."));
        Throw.IfAny(problems);
    }
}
