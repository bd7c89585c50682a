using System.Globalization;
using System.Text;
using IcpAnalytics.Statistics;

namespace IcpAnalytics.Segments;

/// <summary>
/// The profit yield of one segment of deals (a combination of attribute levels, a rule's matches, or the whole set).
/// Definitions as in docs/architecture.md; "margin" is the yield amount: gross margin, or revenue when the deals have no
/// margin (<see cref="YieldOnRevenue"/>). Per-hour measures are null when no deal of the segment has effort hours recorded.
/// </summary>
public sealed record SegmentYield
{
    /// <summary>The segment in words, e.g. "industry = Software and employees 200–1,000", or "all deals".</summary>
    public required string Segment { get; init; }

    /// <summary>The segment's level of each grouping attribute, in the order of <see cref="SegmentYieldTable.Attributes"/> ("unknown" for a missing value); empty for the whole set or a rule.</summary>
    public IReadOnlyList<string> Levels { get; init; } = [];

    /// <summary>
    /// Per entry of <see cref="Levels"/>, whether that level is a missing value (a blank cell) rather than a level of the
    /// data: a blank and a literal "unknown" in the data are two segments, and only the blank one is marked here. Empty
    /// for the whole set, a rule, or a table summed elsewhere (the warehouse source).
    /// </summary>
    public IReadOnlyList<bool> MissingLevels { get; init; } = [];

    /// <summary>Whether any grouping attribute of this segment is a missing value (see <see cref="MissingLevels"/>).</summary>
    public bool HasMissingLevel => MissingLevels.Contains(true);

    /// <summary>Deals pursued (won and lost).</summary>
    public required int DealsPursued { get; init; }

    /// <summary>Deals won.</summary>
    public required int DealsWon { get; init; }

    /// <summary>Won / pursued.</summary>
    public required double WinRate { get; init; }

    /// <summary>
    /// The interval of <see cref="WinRate"/> at the table's confidence level. Clustered by account (the default): the
    /// Wilson interval when every account has one deal in the segment, otherwise the Wilson interval on the effective
    /// number of deals n / design effect, where the design effect (at least 1) is the account-cluster-robust variance of
    /// the win rate over its binomial variance (each account counts as one deal when it cannot be estimated: one account,
    /// or every deal won or every deal lost). With <see cref="SegmentYieldOptions.TreatDealsAsIndependent"/>: Wilson.
    /// </summary>
    public required Interval WinRateInterval { get; init; }

    /// <summary>Σ revenue of won deals.</summary>
    public required double Revenue { get; init; }

    /// <summary>Σ gross margin of won deals (revenue when <see cref="YieldOnRevenue"/>). A won deal without a margin counts as 0 and is counted in <see cref="WonDealsWithoutMargin"/>.</summary>
    public required double GrossMargin { get; init; }

    /// <summary><see cref="GrossMargin"/> / <see cref="Revenue"/>, or null when no revenue was won.</summary>
    public double? MarginPercent { get; init; }

    /// <summary>Σ gross margin of won deals / deals pursued.</summary>
    public required double MarginPerDealPursued { get; init; }

    /// <summary>
    /// Central-limit interval of <see cref="MarginPerDealPursued"/>. Clustered by account (the default): the
    /// cluster-robust variance G/(G−1) · Σ_a (Y_a − ȳ n_a)² / n², summing over the segment's G accounts each account's
    /// margin Y_a minus the mean times its deals n_a, and ȳ ± t · se with Student's t on G − 1 degrees of freedom; null
    /// for fewer than 2 accounts. With <see cref="SegmentYieldOptions.TreatDealsAsIndependent"/>: the per-deal variance of
    /// won × margin and ȳ ± z · se with the normal critical value; null for fewer than 2 deals.
    /// </summary>
    public Interval? MarginPerDealPursuedInterval { get; init; }

    /// <summary>Σ gross margin of won deals / Σ effort hours of all pursued deals (over deals with hours recorded); null without effort hours.</summary>
    public double? MarginPerEffortHour { get; init; }

    /// <summary>
    /// Delta-method (linearization) interval of the ratio <see cref="MarginPerEffortHour"/> R = Σ y / Σ h. Clustered by
    /// account (the default): variance G/(G−1) · Σ_a (Y_a − R H_a)² / (Σ h)² over the G accounts with hours recorded,
    /// R ± t · se with Student's t on G − 1 degrees of freedom; null without effort hours or with fewer than 2 such
    /// accounts. With <see cref="SegmentYieldOptions.TreatDealsAsIndependent"/>: the same with each deal as its own account
    /// and the normal critical value z, null with fewer than 2 deals that have hours.
    /// </summary>
    public Interval? MarginPerEffortHourInterval { get; init; }

    /// <summary>This segment's margin per effort hour / the whole set's (1 = average); null without effort hours or when the whole set's is not positive.</summary>
    public double? YieldIndex { get; init; }

    /// <summary>Mean discount over the segment's deals that have one (won and lost), or null.</summary>
    public double? MeanDiscount { get; init; }

    /// <summary>Mean cycle days over the segment's deals that have them, or null.</summary>
    public double? MeanCycleDays { get; init; }

    /// <summary>Σ effort hours / deals with hours recorded, or null without effort hours.</summary>
    public double? EffortHoursPerDeal { get; init; }

    /// <summary>Σ effort hours of all pursued deals, or null without effort hours.</summary>
    public double? EffortHours { get; init; }

    /// <summary>Won deals whose margin is missing (they count as 0 margin).</summary>
    public int WonDealsWithoutMargin { get; init; }

    /// <summary>Whether the segment has fewer deals than the minimum asked for; read its shrunk estimates rather than the raw ones.</summary>
    public bool IsSmall { get; init; }

    /// <summary><see cref="MarginPerDealPursued"/> partially pooled toward the whole by empirical Bayes (DerSimonian–Laird); equal to the raw value for the whole set.</summary>
    public required double ShrunkMarginPerDealPursued { get; init; }

    /// <summary><see cref="MarginPerEffortHour"/> partially pooled toward the whole by empirical Bayes; null without effort hours.</summary>
    public double? ShrunkMarginPerEffortHour { get; init; }

    /// <summary>Whether "margin" here is revenue, because the deals have no gross margin.</summary>
    public bool YieldOnRevenue { get; init; }

    /// <summary>The value of <paramref name="measure"/> for this segment, or null when it is absent (per-hour measures without hours).</summary>
    /// <param name="measure">The yield measure.</param>
    public double? ValueOf(ProfitYield measure) => measure switch
    {
        ProfitYield.WinRate => WinRate,
        ProfitYield.MarginPerDealPursued => MarginPerDealPursued,
        ProfitYield.MarginPerEffortHour => MarginPerEffortHour,
        _ => throw new ArgumentOutOfRangeException(nameof(measure), measure, "Unknown yield measure."),
    };

    /// <summary>The interval of <paramref name="measure"/>, or null when it has none.</summary>
    /// <param name="measure">The yield measure.</param>
    public Interval? IntervalOf(ProfitYield measure) => measure switch
    {
        ProfitYield.WinRate => WinRateInterval,
        ProfitYield.MarginPerDealPursued => MarginPerDealPursuedInterval,
        ProfitYield.MarginPerEffortHour => MarginPerEffortHourInterval,
        _ => throw new ArgumentOutOfRangeException(nameof(measure), measure, "Unknown yield measure."),
    };

    /// <summary>One line: segment, deals, win rate, margin per deal and per hour with intervals, yield index.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        string margin = YieldOnRevenue ? "revenue" : "margin";
        sb.Append(CultureInfo.InvariantCulture, $"{Segment}: {DealsPursued:N0} deals, win rate {WinRate:P1} {Pct(WinRateInterval)}, {margin}/deal {MarginPerDealPursued:N0}");
        if (MarginPerDealPursuedInterval is { } md) sb.Append(CultureInfo.InvariantCulture, $" [{md.Lower:N0}, {md.Upper:N0}]");
        if (MarginPerEffortHour is { } mh)
        {
            sb.Append(CultureInfo.InvariantCulture, $", {margin}/hour {mh:N1}");
            if (MarginPerEffortHourInterval is { } mi) sb.Append(CultureInfo.InvariantCulture, $" [{mi.Lower:N1}, {mi.Upper:N1}]");
        }
        else sb.Append(", no effort hours");
        if (YieldIndex is { } yi) sb.Append(CultureInfo.InvariantCulture, $", yield index {yi:F2}");
        if (IsSmall) sb.Append(" (small: read the shrunk estimate)");
        return sb.ToString();
    }

    private static string Pct(Interval i) => string.Create(CultureInfo.InvariantCulture, $"[{i.Lower:P1}, {i.Upper:P1}]");
}
