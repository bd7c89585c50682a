using System.Globalization;

namespace IcpAnalytics.Execution.Maturity;

/// <summary>One thing a practice must reach for the organization to move up a coaching-maturity level.</summary>
/// <param name="Practice">The practice.</param>
/// <param name="Current">The practice's current mean answer (1 when unanswered).</param>
/// <param name="Required">The mean answer the next level requires.</param>
public sealed record MaturityRequirement(CoachingPractice Practice, double Current, double Required)
{
    /// <summary>The requirement in words, e.g. "Coaching is monitored and its effect measured: from 2.0 to at least 3".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{CoachingMaturityAnswers.Question(Practice)}: from {Current:0.0} to at least {Required:0.#}");
}
