using System.Globalization;
using System.Text;
using IcpAnalytics.Segments;

namespace IcpAnalytics.Icp;

/// <summary>Whether a rule's condition held for an account.</summary>
public enum ConditionStatus
{
    /// <summary>The account meets the condition.</summary>
    Held,

    /// <summary>The account has the attribute and does not meet the condition.</summary>
    Missed,

    /// <summary>The account's attribute is missing, so the condition could not be checked (scored as not held).</summary>
    Unknown,
}

/// <summary>One reason behind a fit score: a condition of a rule, whether it held, and what it weighs.</summary>
/// <param name="Rule">The rule the condition belongs to.</param>
/// <param name="Condition">The condition in words.</param>
/// <param name="Status">Whether it held, missed, or could not be checked.</param>
/// <param name="Points">What the condition weighs, in score points: how far the score of a full match falls when only this condition misses.</param>
/// <param name="Explanation">The reason in words, e.g. "industry = Software: held (+38 points)", "region: unknown".</param>
public sealed record FitReason(string Rule, string Condition, ConditionStatus Status, double Points, string Explanation)
{
    /// <summary>The explanation.</summary>
    public override string ToString() => Explanation;
}

/// <summary>
/// An account's fit to an <see cref="IdealCustomerProfile"/>: a 0–100 score with the reasons behind it. The score maps the
/// account's calibrated expected yield (<see cref="ExpectedYield"/>) linearly from the lowest (0) to the highest (100)
/// expected yield the profile assigns, so a higher score means a higher expected yield.
/// </summary>
public sealed record FitScore
{
    /// <summary>The score, 0–100.</summary>
    public required double Score { get; init; }

    /// <summary>Whether the account fully matches at least one rule of the profile.</summary>
    public required bool IsFit { get; init; }

    /// <summary>The rule the expected yield comes from (the best rule matched, or the best partial match), or null when no rule applies.</summary>
    public string? BestRule { get; init; }

    /// <summary>The calibrated expected value of the profile's measure for deals with this account (training deals of the same kind, shrunk).</summary>
    public required double ExpectedYield { get; init; }

    /// <summary>The measure <see cref="ExpectedYield"/> is in.</summary>
    public required ProfitYield Measure { get; init; }

    /// <summary>Every condition of every rule, held, missed or unknown, with its weight.</summary>
    public required IReadOnlyList<FitReason> Reasons { get; init; }

    /// <summary>The score, whether the account fits, and the reasons, one per line.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"Fit score {Score:F0}/100 ({(IsFit ? "fits the ICP" : "does not fit the ICP")}; expected {MeasureFormat.Format(Measure, ExpectedYield)})");
        foreach (FitReason r in Reasons) sb.AppendLine().Append("  ").Append(r.Explanation);
        return sb.ToString();
    }
}

/// <summary>
/// An account's fit without the reasons, from the scoring fast path (<see cref="IdealCustomerProfile.ScoreWithoutReasons"/>):
/// the same score, fit and expected yield as <see cref="FitScore"/>, computed without building the per-condition reasons
/// and without allocating. Ask <see cref="IdealCustomerProfile.Score"/> for the reasons of the accounts you show.
/// </summary>
/// <param name="Score">The score, 0–100 (equal to <see cref="FitScore.Score"/>).</param>
/// <param name="IsFit">Whether the account fully matches at least one rule.</param>
/// <param name="ExpectedYield">The calibrated expected value of the profile's measure for deals with this account.</param>
/// <param name="BestRule">The rule the expected yield comes from, or null when no rule applies.</param>
public readonly record struct FitScoreSummary(double Score, bool IsFit, double ExpectedYield, string? BestRule)
{
    /// <summary>The score and whether the account fits.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"Fit score {Score:F0}/100 ({(IsFit ? "fits the ICP" : "does not fit the ICP")})");
}
