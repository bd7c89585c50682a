using System.Globalization;

namespace IcpAnalytics.Execution.Coaching;

/// <summary>Options for <see cref="CoachingReview.Analyze"/>: the baseline and current periods, the competencies and the confidence level.</summary>
public sealed record CoachingReviewOptions
{
    /// <summary>The first close date of the baseline period (inclusive); the baseline runs to <see cref="CurrentStart"/> (exclusive).</summary>
    /// <value>The default is 2024-01-01.</value>
    public DateOnly BaselineStart { get; init; } = new(2024, 1, 1);

    /// <summary>The first close date of the current period (inclusive).</summary>
    /// <value>The default is 2025-01-01.</value>
    public DateOnly CurrentStart { get; init; } = new(2025, 1, 1);

    /// <summary>The end of the current period (exclusive), or null for every deal closed on or after <see cref="CurrentStart"/>.</summary>
    /// <value>The default is null.</value>
    public DateOnly? CurrentEnd { get; init; }

    /// <summary>The competencies to review.</summary>
    /// <value>The default is <see cref="Competency.Defaults"/>.</value>
    public IReadOnlyList<Competency> Competencies { get; init; } = Competency.Defaults;

    /// <summary>The confidence level of the change intervals, in (0, 1).</summary>
    /// <value>The default is 0.95.</value>
    public double ConfidenceLevel { get; init; } = 0.95;

    internal void Validate()
    {
        var problems = new List<string>();
        if (BaselineStart >= CurrentStart)
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"BaselineStart ({BaselineStart:yyyy-MM-dd}) must come before CurrentStart ({CurrentStart:yyyy-MM-dd})."));
        if (CurrentEnd is DateOnly end && end <= CurrentStart)
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"CurrentEnd ({end:yyyy-MM-dd}) must come after CurrentStart ({CurrentStart:yyyy-MM-dd}), or be null."));
        if (Competencies is null || Competencies.Count == 0) problems.Add("Competencies is empty; give at least one (Competency.Defaults has four).");
        else
        {
            if (Competencies.Any(c => c is null || string.IsNullOrWhiteSpace(c.Name))) problems.Add("A competency has no name.");
            if (Competencies.Any(c => c?.Measures is null || c.Measures.Count == 0)) problems.Add("A competency has no outcome measures; tie each to at least one.");
        }
        if (!(ConfidenceLevel > 0 && ConfidenceLevel < 1)) problems.Add(string.Create(CultureInfo.InvariantCulture, $"ConfidenceLevel is {ConfidenceLevel}; it must lie strictly between 0 and 1 (0.95 is the default)."));
        Throw.IfAny(problems);
    }
}
