using System.Globalization;

namespace IcpAnalytics.Execution.Coaching;

/// <summary>Which reps the coached reps are compared with.</summary>
public enum ComparisonReps
{
    /// <summary>Reps never coached and reps not yet coached at the time (Callaway–Sant'Anna's not-yet-treated group).</summary>
    NotYetAndNeverCoached,

    /// <summary>Only reps never coached.</summary>
    NeverCoached,
}

/// <summary>Options for <see cref="CoachingImpact.Analyze"/>.</summary>
public sealed record CoachingImpactOptions
{
    /// <summary>The competencies and their outcome measures.</summary>
    /// <value>The default is <see cref="ImpactCompetency.Defaults"/>.</value>
    public IReadOnlyList<ImpactCompetency> Competencies { get; init; } = ImpactCompetency.Defaults;

    /// <summary>Which reps the coached reps are compared with.</summary>
    /// <value>The default is <see cref="ComparisonReps.NotYetAndNeverCoached"/>.</value>
    public ComparisonReps Comparison { get; init; } = ComparisonReps.NotYetAndNeverCoached;

    /// <summary>The confidence level of the intervals, in (0, 1).</summary>
    /// <value>The default is 0.95.</value>
    public double ConfidenceLevel { get; init; } = 0.95;

    /// <summary>The p-value below which coached and comparison reps are said to have moved differently before coaching (the pre-trend check), in (0, 1).</summary>
    /// <value>The default is 0.05.</value>
    public double PreTrendAlpha { get; init; } = 0.05;

    internal void Validate()
    {
        var problems = new List<string>();
        if (Competencies is null || Competencies.Count == 0) problems.Add("Competencies is empty; give at least one (ImpactCompetency.Defaults has three).");
        else
        {
            if (Competencies.Any(c => c is null || string.IsNullOrWhiteSpace(c.Name))) problems.Add("A competency has no name.");
            if (Competencies.Any(c => c?.Measures is null || c.Measures.Count == 0 || c.Measures.Any(m => m is null || string.IsNullOrWhiteSpace(m.Measure))))
                problems.Add("A competency has no outcome measures or an unnamed one; tie each to at least one measure.");
        }
        if (!Enum.IsDefined(Comparison)) problems.Add("Comparison is not NotYetAndNeverCoached or NeverCoached.");
        if (!(ConfidenceLevel > 0 && ConfidenceLevel < 1)) problems.Add(string.Create(CultureInfo.InvariantCulture, $"ConfidenceLevel is {ConfidenceLevel}; it must lie strictly between 0 and 1 (0.95 is the default)."));
        if (!(PreTrendAlpha > 0 && PreTrendAlpha < 1)) problems.Add(string.Create(CultureInfo.InvariantCulture, $"PreTrendAlpha is {PreTrendAlpha}; it must lie strictly between 0 and 1 (0.05 is the default)."));
        Throw.IfAny(problems);
    }
}
