using IcpAnalytics.Data;
using IcpAnalytics.Icp;
using IcpAnalytics.Segments;

namespace IcpAnalytics.Reports;

/// <summary>
/// The one wording every report section uses for a missing attribute value: "(no industry)", as the effects section
/// writes its segments. A segment or rule condition marked missing by the library (<see cref="SegmentYield.MissingLevels"/>,
/// <see cref="RuleCondition.IsUnknown"/>) gets it; a literal "unknown" in the data keeps "industry = unknown", so a blank
/// and a literal value are never written alike. Should the data itself hold the text "(no industry)", the missing value
/// is written "(no industry: blank)" instead.
/// </summary>
internal static class MissingValueLabel
{
    /// <summary>The label of a missing value of <paramref name="attribute"/>, distinct from every level of it in <paramref name="deals"/>.</summary>
    public static string For(string attribute, DealSet? deals)
    {
        string label = "(no " + attribute + ")";
        CategoricalColumn? column = deals?.FindCategorical(attribute);
        return column is not null && column.Levels.Contains(label) ? "(no " + attribute + ": blank)" : label;
    }

    /// <summary>A segment's name in the report wording: its missing levels as "(no attribute)", its other conditions as the library writes them.</summary>
    public static string Segment(SegmentYield s, IReadOnlyList<string> attributes, DealSet? deals)
    {
        if (!s.HasMissingLevel || s.MissingLevels.Count != attributes.Count || s.Levels.Count != attributes.Count) return s.Segment;
        var parts = new string[attributes.Count];
        for (int a = 0; a < attributes.Count; a++)
        {
            bool banded = deals is not null && (deals.FindCategorical(attributes[a])?.IsBanded ?? deals.HasNumericAttribute(attributes[a]));
            parts[a] = s.MissingLevels[a] ? For(attributes[a], deals) : SegmentYieldExtensions.ConditionText(attributes[a], s.Levels[a], banded);
        }
        return string.Join(" and ", parts);
    }

    /// <summary>A rule in the report wording: a condition on a missing value as "(no attribute)".</summary>
    public static string Rule(IcpRule rule, DealSet? deals) =>
        rule.Conditions.Any(c => c.IsUnknown)
            ? string.Join(" and ", rule.Conditions.Select(c => c.IsUnknown ? For(c.Attribute, deals) : c.Text))
            : rule.Text;
}
