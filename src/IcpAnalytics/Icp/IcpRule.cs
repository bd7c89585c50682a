using System.Globalization;
using System.Text;
using IcpAnalytics.Segments;
using IcpAnalytics.Statistics;

namespace IcpAnalytics.Icp;

/// <summary>An attribute an <see cref="IdealCustomerProfile"/> reads: its name, its levels, and for a banded numeric attribute its band edges.</summary>
/// <param name="Name">The attribute's name, e.g. "industry" or "employees".</param>
/// <param name="Levels">Its levels as seen in training, in code order (band labels for a banded attribute).</param>
/// <param name="BandEdges">Ascending band edges for a banded numeric attribute (an account's raw number is banded with them), or null.</param>
public sealed record IcpAttribute(string Name, IReadOnlyList<string> Levels, IReadOnlyList<double>? BandEdges);

/// <summary>One condition of a rule: an attribute at one level ("industry = Software"), one band ("employees 200–1,000"), or missing ("industry = unknown").</summary>
/// <param name="Attribute">The attribute's name.</param>
/// <param name="Level">The level or band label; "unknown" when <paramref name="IsUnknown"/>.</param>
/// <param name="IsUnknown">Whether the condition is that the attribute is missing.</param>
/// <param name="Text">The condition in words.</param>
public sealed record RuleCondition(string Attribute, string Level, bool IsUnknown, string Text)
{
    /// <summary>The condition in words.</summary>
    public override string ToString() => Text;
}

/// <summary>
/// A discovered rule: a conjunction of conditions, the profit yield of the training deals it covers, and the evidence for it
/// (its z-score on the discovery deals and its adjusted p-value on the confirmation deals).
/// </summary>
public sealed record IcpRule
{
    /// <summary>The rule in words, e.g. "industry = Software and employees 200–1,000".</summary>
    public required string Text { get; init; }

    /// <summary>The conditions, all of which must hold.</summary>
    public required IReadOnlyList<RuleCondition> Conditions { get; init; }

    /// <summary>The measure the rule was found by.</summary>
    public required ProfitYield Measure { get; init; }

    /// <summary>
    /// The profit yield of all training deals the rule covers (a single segment, so its shrunk fields equal the raw values).
    /// Its intervals are clustered by account unless <see cref="IcpOptions.TreatDealsAsIndependent"/>, and equal those of
    /// the rule's segment in <c>deals.SegmentYield(rule)</c> on the training deals.
    /// </summary>
    public required SegmentYield Yield { get; init; }

    /// <summary>The rule's value of <see cref="Measure"/> on the training deals.</summary>
    public required double Value { get; init; }

    /// <summary>
    /// The interval of <see cref="Value"/>, when it has one: the matching interval of <see cref="Yield"/>, clustered by
    /// account unless <see cref="IcpOptions.TreatDealsAsIndependent"/> (then every deal counts as independent evidence).
    /// </summary>
    public Interval? ValueInterval { get; init; }

    /// <summary><see cref="Value"/> / the whole training set's value (1 = average); null when the whole set's value is not positive.</summary>
    public double? Lift { get; init; }

    /// <summary>The share of training deals the rule covers.</summary>
    public required double Coverage { get; init; }

    /// <summary>The rule's quality on the discovery deals: the z-score of its yield against the rest (grows with lift and with the square root of coverage).</summary>
    public required double DiscoveryZ { get; init; }

    /// <summary>On the confirmation deals: the rule's yield minus the rest's (for a rule <see cref="NestedIn"/> a broader one, minus the rest of that broader rule).</summary>
    public required double ConfirmationDifference { get; init; }

    /// <summary>The interval of <see cref="ConfirmationDifference"/> (account-clustered standard errors).</summary>
    public required Interval ConfirmationDifferenceInterval { get; init; }

    /// <summary>The one-sided p-value that the rule yields no more than the rest (for a nested rule: than the rest of the broader rule), on the confirmation deals.</summary>
    public required double PValue { get; init; }

    /// <summary><see cref="PValue"/> adjusted for every rule tested on the confirmation deals.</summary>
    public required double AdjustedPValue { get; init; }

    /// <summary>Whether the adjusted p-value reaches the significance level; only such rules define the profile.</summary>
    public required bool IsSignificant { get; init; }

    /// <summary>
    /// The text of the broader rule this one is nested in (its conditions include all of that rule's), when both were carried
    /// to confirmation: a richer core inside a broad segment, kept because on the discovery deals it yields significantly more
    /// than the rest of the broader rule. Null for a rule nested in none.
    /// </summary>
    public string? NestedIn { get; init; }

    /// <summary>
    /// The calibrated expected yield (of <see cref="Measure"/>) of training deals by which of this rule's conditions hold:
    /// index = bit mask of the conditions held (bit j for condition j). The full mask is the deals matching the rule; the
    /// other entries are from deals that match no rule of the profile. Empirical-Bayes shrunk.
    /// </summary>
    public IReadOnlyList<double> ExpectedYieldByConditionsHeld { get; init; } = [];

    /// <summary>One line: the rule, its value and interval, lift, coverage and adjusted p-value.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{Text}{(NestedIn is { } p ? $" (inside {p})" : "")}: {MeasureFormat.Format(Measure, Value)}");
        if (ValueInterval is { } i) sb.Append(CultureInfo.InvariantCulture, $" [{MeasureFormat.Format(Measure, i.Lower)}, {MeasureFormat.Format(Measure, i.Upper)}]");
        if (Lift is { } l) sb.Append(CultureInfo.InvariantCulture, $", lift {l:F2}");
        sb.Append(CultureInfo.InvariantCulture, $", {Yield.DealsPursued:N0} deals ({Coverage:P1}), adjusted p {MeasureFormat.PValue(AdjustedPValue)}{(IsSignificant ? "" : " (not significant)")}");
        return sb.ToString();
    }
}

/// <summary>Formats a value of a yield measure for people.</summary>
internal static class MeasureFormat
{
    internal static string Format(ProfitYield measure, double value) => measure switch
    {
        ProfitYield.WinRate => value.ToString("P1", CultureInfo.InvariantCulture),
        ProfitYield.MarginPerEffortHour => Amount(value, "N1") + "/h",
        _ => Amount(value, "N0") + "/deal",
    };

    /// <summary>
    /// An amount with <paramref name="largeFormat"/> from 100 up, and three significant digits below (a lead export whose
    /// amounts are all 1 yields 0.516/deal, which "N0" would round to "1/deal" and a difference of 0.314 to "0/deal").
    /// </summary>
    private static string Amount(double value, string largeFormat) =>
        Math.Abs(value) >= 100 || value == 0 || !double.IsFinite(value)
            ? value.ToString(largeFormat, CultureInfo.InvariantCulture)
            : Math.Round(value, Math.Clamp(2 - (int)Math.Floor(Math.Log10(Math.Abs(value))), 0, 15)).ToString("0.###############", CultureInfo.InvariantCulture);

    internal static string PValue(double p) =>
        p < 0.0001 ? "< 0.0001" : p.ToString("G3", CultureInfo.InvariantCulture);

    internal static string Name(ProfitYield measure, bool onRevenue) => measure switch
    {
        ProfitYield.WinRate => "win rate",
        ProfitYield.MarginPerEffortHour => onRevenue ? "revenue per effort hour" : "margin per effort hour",
        _ => onRevenue ? "revenue per deal pursued" : "margin per deal pursued",
    };
}
