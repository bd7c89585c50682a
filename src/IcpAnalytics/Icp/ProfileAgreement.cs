using System.Globalization;
using System.Text;
using IcpAnalytics.Data;
using IcpAnalytics.Segments;

namespace IcpAnalytics.Icp;

/// <summary>
/// The strategists' believed profile beside the one the data finds, on one set of deals: the deals both call fit (where they
/// agree), the deals only the discovered profile calls fit (what the belief misses), the deals only the believed profile
/// calls fit (what it includes wrongly, unless the data backs it), and the deals neither does, each with its profit yield
/// (margin per deal pursued and per effort hour, with intervals clustered by account).
/// </summary>
public sealed record ProfileAgreement
{
    /// <summary>The label of the deals both profiles call fit.</summary>
    public const string BothLabel = "both: believed and discovered";

    /// <summary>The label of the deals only the discovered profile calls fit.</summary>
    public const string MissedLabel = "missed by the belief: discovered only";

    /// <summary>The label of the deals only the believed profile calls fit.</summary>
    public const string BelievedOnlyLabel = "believed only: not in the discovered profile";

    /// <summary>The label of the deals neither profile calls fit.</summary>
    public const string NeitherLabel = "neither";

    /// <summary>The profile written by hand.</summary>
    public required IdealCustomerProfile Believed { get; init; }

    /// <summary>The profile the data finds.</summary>
    public required IdealCustomerProfile Discovered { get; init; }

    /// <summary>The deals compared.</summary>
    public required int Deals { get; init; }

    /// <summary>Deals both profiles call fit.</summary>
    public required int BothDeals { get; init; }

    /// <summary>Deals only the discovered profile calls fit: what the belief misses.</summary>
    public required int MissedDeals { get; init; }

    /// <summary>Deals only the believed profile calls fit.</summary>
    public required int BelievedOnlyDeals { get; init; }

    /// <summary>Deals neither profile calls fit.</summary>
    public required int NeitherDeals { get; init; }

    /// <summary>The yield of the four groups (labels <see cref="BothLabel"/>, <see cref="MissedLabel"/>, <see cref="BelievedOnlyLabel"/>, <see cref="NeitherLabel"/>; groups without deals are left out) beside all deals.</summary>
    public required SegmentYieldTable Yields { get; init; }

    /// <summary>The group's yield by its label, or null when the group has no deals.</summary>
    /// <param name="label">One of the label constants.</param>
    public SegmentYield? Group(string label) => Yields.Segments.FirstOrDefault(s => s.Segment == label);

    /// <summary>Compares the two profiles on <paramref name="deals"/> (training deals, or later deals neither profile saw).</summary>
    /// <param name="believed">The profile written by hand (<see cref="StatedProfileExtensions.BuildFromRules"/>).</param>
    /// <param name="discovered">The profile the data finds.</param>
    /// <param name="deals">The deals.</param>
    /// <param name="options">Minimum deals and confidence level of the yields; the defaults when null.</param>
    public static ProfileAgreement Compare(IdealCustomerProfile believed, IdealCustomerProfile discovered, DealSet deals, SegmentYieldOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(believed);
        ArgumentNullException.ThrowIfNull(discovered);
        ArgumentNullException.ThrowIfNull(deals);
        options ??= new SegmentYieldOptions();
        List<string> problems = options.Problems();
        if (deals.Count == 0) problems.Add("The deal set is empty; the profiles are compared on at least one deal.");
        if (problems.Count > 0) throw new InvalidOptionsException(problems);
        bool[] b = believed.MatchDeals(deals);
        bool[] d = discovered.MatchDeals(deals);
        var groupOf = new int[deals.Count];
        var counts = new int[4];
        for (int i = 0; i < groupOf.Length; i++)
        {
            groupOf[i] = b[i] ? (d[i] ? 0 : 2) : (d[i] ? 1 : 3);
            counts[groupOf[i]]++;
        }
        double[] stats = SegmentYieldExtensions.Accumulate(deals, groupOf, 4, options, out double[]? wholeAccounts);
        SegmentYieldTable table = SegmentYieldExtensions.Build(deals, stats, 4, [BothLabel, MissedLabel, BelievedOnlyLabel, NeitherLabel],
            [[], [], [], []], [], options, wholeAccounts);
        return new ProfileAgreement
        {
            Believed = believed, Discovered = discovered, Deals = deals.Count,
            BothDeals = counts[0], MissedDeals = counts[1], BelievedOnlyDeals = counts[2], NeitherDeals = counts[3],
            Yields = table,
        };
    }

    /// <summary>One line per group: deals and margin per effort hour (or per deal without hours).</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"Believed vs discovered ICP on {Deals:N0} deals");
        foreach (SegmentYield s in Yields.Segments)
        {
            sb.AppendLine().Append(CultureInfo.InvariantCulture, $"  {s.Segment}: {s.DealsPursued:N0} deals, ");
            sb.Append(s.MarginPerEffortHour is { } h
                ? MeasureFormat.Format(ProfitYield.MarginPerEffortHour, h)
                : MeasureFormat.Format(ProfitYield.MarginPerDealPursued, s.MarginPerDealPursued));
        }
        return sb.ToString();
    }
}
