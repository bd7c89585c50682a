using System.Globalization;

namespace IcpAnalytics.Execution.GoalSurvey;

/// <summary>How to read and validate a strategic-goal survey (<see cref="GoalSurveyData"/>).</summary>
public sealed record GoalSurveyLoadOptions
{
    /// <summary>The agreed list of goal labels; a row with any other label is rejected (ordinal, case-insensitive match). Null accepts any label.</summary>
    /// <value>The default is null (any label).</value>
    public IReadOnlyList<string>? Goals { get; init; }

    /// <summary>The largest rank allowed (ranks run 1 … MaxRank), at least 2.</summary>
    /// <value>The default is 10.</value>
    public int MaxRank { get; init; } = 10;

    /// <summary>Whether any bad row stops the load with an <see cref="DealDataException"/> (true) or is rejected and listed in the load report (false).</summary>
    /// <value>The default is false (lenient: load the good rows, report the rest).</value>
    public bool Strict { get; init; }

    /// <summary>The field delimiter of the CSV file.</summary>
    /// <value>The default is ",".</value>
    public string Delimiter { get; init; } = ",";

    /// <summary>The column holding the executive's name.</summary>
    /// <value>The default is "executive".</value>
    public string ExecutiveColumn { get; init; } = "executive";

    /// <summary>The column holding the goal label.</summary>
    /// <value>The default is "goal".</value>
    public string GoalColumn { get; init; } = "goal";

    /// <summary>The column holding the rank.</summary>
    /// <value>The default is "rank".</value>
    public string RankColumn { get; init; } = "rank";

    /// <summary>The optional column holding a supporting example.</summary>
    /// <value>The default is "example".</value>
    public string ExampleColumn { get; init; } = "example";

    /// <summary>The optional column holding the suggestion type (start, stop, do differently).</summary>
    /// <value>The default is "suggestion_type".</value>
    public string SuggestionTypeColumn { get; init; } = "suggestion_type";

    /// <summary>The optional column holding the suggestion text.</summary>
    /// <value>The default is "suggestion".</value>
    public string SuggestionColumn { get; init; } = "suggestion";

    internal void Validate()
    {
        var problems = new List<string>();
        if (MaxRank < 2) problems.Add(string.Create(CultureInfo.InvariantCulture, $"MaxRank is {MaxRank}; it must be at least 2 (10 is the default)."));
        if (Delimiter is null || Delimiter.Length != 1) problems.Add("Delimiter must be one character (the CSV reader is the deal loader's); use \",\", \";\", a tab or \"|\".");
        foreach ((string name, string value) in new[] { ("ExecutiveColumn", ExecutiveColumn), ("GoalColumn", GoalColumn), ("RankColumn", RankColumn), ("ExampleColumn", ExampleColumn), ("SuggestionTypeColumn", SuggestionTypeColumn), ("SuggestionColumn", SuggestionColumn) })
        {
            if (string.IsNullOrWhiteSpace(value)) problems.Add($"{name} is empty; name the column.");
        }
        if (Goals is not null && Goals.Any(string.IsNullOrWhiteSpace)) problems.Add("Goals holds an empty label; remove it.");
        Throw.IfAny(problems);
    }
}
