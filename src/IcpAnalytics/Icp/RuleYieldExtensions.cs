using IcpAnalytics.Data;
using IcpAnalytics.Segments;

namespace IcpAnalytics.Icp;

/// <summary>Segment yield for a grouping given by a rule or a profile: the deals it covers against the rest.</summary>
public static class RuleYieldExtensions
{
    /// <summary>The profit yield of the deals <paramref name="rule"/> covers and of the rest (two segments), beside the whole set.</summary>
    /// <param name="deals">The deals (any set with the rule's attributes, e.g. later deals).</param>
    /// <param name="rule">A rule of an <see cref="IdealCustomerProfile"/>.</param>
    /// <param name="options">Minimum deals and confidence level; the defaults when null.</param>
    public static SegmentYieldTable SegmentYield(this DealSet deals, IcpRule rule, SegmentYieldOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(deals);
        ArgumentNullException.ThrowIfNull(rule);
        var groupOf = new int[deals.Count];
        var columns = new CategoricalColumn?[rule.Conditions.Count];
        var want = new int[rule.Conditions.Count];
        for (int j = 0; j < columns.Length; j++)
        {
            RuleCondition c = rule.Conditions[j];
            columns[j] = deals.FindCategorical(c.Attribute);
            int level = columns[j]?.FindLevel(c.Level) ?? -1;
            want[j] = c.IsUnknown ? -1 : level >= 0 ? level : int.MinValue;
        }
        for (int i = 0; i < deals.Count; i++)
        {
            bool holds = true;
            for (int j = 0; j < columns.Length && holds; j++)
            {
                int code = columns[j]?.GetCode(i) ?? -1;
                holds = code == want[j];
            }
            groupOf[i] = holds ? 0 : 1;
        }
        return Table(deals, groupOf, [rule.Text, "not: " + rule.Text], options);
    }

    /// <summary>The profit yield of the deals whose account fits <paramref name="profile"/> and of the rest, beside the whole set.</summary>
    /// <param name="deals">The deals.</param>
    /// <param name="profile">The profile.</param>
    /// <param name="options">Minimum deals and confidence level; the defaults when null.</param>
    public static SegmentYieldTable SegmentYield(this DealSet deals, IdealCustomerProfile profile, SegmentYieldOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(deals);
        ArgumentNullException.ThrowIfNull(profile);
        bool[] fit = profile.MatchDeals(deals);
        var groupOf = new int[deals.Count];
        for (int i = 0; i < groupOf.Length; i++) groupOf[i] = fit[i] ? 0 : 1;
        return Table(deals, groupOf, ["ICP fit", "not ICP fit"], options);
    }

    private static SegmentYieldTable Table(DealSet deals, int[] groupOf, string[] labels, SegmentYieldOptions? options)
    {
        options ??= new SegmentYieldOptions();
        List<string> problems = options.Problems();
        if (deals.Count == 0) problems.Add("The deal set is empty; segment yield needs at least one deal.");
        Throw.IfAny(problems);
        double[] stats = SegmentYieldExtensions.Accumulate(deals, groupOf, 2, options, out double[]? wholeAccounts);
        return SegmentYieldExtensions.Build(deals, stats, 2, labels, [[], []], [], options, wholeAccounts);
    }
}
