using System.Globalization;
using System.Text;

namespace IcpAnalytics.Segments;

/// <summary>
/// The profit yield of every segment of a grouping (one or several attributes, or a rule against the rest), beside the
/// whole set. Segments are listed in descending order of margin per effort hour (margin per deal pursued when the deals
/// have no effort hours); only segments with at least one deal appear.
/// </summary>
public sealed record SegmentYieldTable
{
    /// <summary>The grouping attributes, e.g. ["industry", "region"]; empty when the grouping is a rule.</summary>
    public required IReadOnlyList<string> Attributes { get; init; }

    /// <summary>The whole set of deals the table was built from.</summary>
    public required SegmentYield Whole { get; init; }

    /// <summary>The segments, best yield first.</summary>
    public required IReadOnlyList<SegmentYield> Segments { get; init; }

    /// <summary>Segments with fewer deals than this are flagged small.</summary>
    public required int MinDeals { get; init; }

    /// <summary>The confidence level of the intervals.</summary>
    public required double ConfidenceLevel { get; init; }

    /// <summary>Whether "margin" is revenue, because the deals have no gross margin.</summary>
    public required bool YieldOnRevenue { get; init; }

    /// <summary>Whether the deals have effort hours (per-hour measures are null otherwise).</summary>
    public required bool HasEffortHours { get; init; }

    /// <summary>
    /// Whether the intervals treat every deal as independent (<see cref="SegmentYieldOptions.TreatDealsAsIndependent"/>);
    /// false (the default) when they are clustered by account.
    /// </summary>
    public bool DealsTreatedAsIndependent { get; init; }

    /// <summary>The between-segment variance of margin per deal pursued estimated by the shrinkage (0: segments do not differ beyond noise).</summary>
    public required double BetweenSegmentVariance { get; init; }

    /// <summary>The segment whose text is <paramref name="segment"/> (e.g. "industry = Software"), or null.</summary>
    /// <param name="segment">The segment in words, as in <see cref="SegmentYield.Segment"/>.</param>
    public SegmentYield? Find(string segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        foreach (SegmentYield s in Segments)
        {
            if (string.Equals(s.Segment, segment, StringComparison.Ordinal)) return s;
        }
        return null;
    }

    /// <summary>A readable table: the whole set, then each segment on one line.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"Segment yield by {(Attributes.Count == 0 ? "rule" : string.Join(", ", Attributes))} ({Segments.Count} segments, {ConfidenceLevel:P0} intervals{(DealsTreatedAsIndependent ? ", deals independent" : ", clustered by account")})");
        if (YieldOnRevenue) sb.Append("; no gross margin in the data: yield uses revenue");
        if (!HasEffortHours) sb.Append("; no effort hours: per-hour measures absent");
        sb.AppendLine();
        sb.Append("  ").AppendLine(Whole.ToString());
        foreach (SegmentYield s in Segments) sb.Append("  ").AppendLine(s.ToString());
        return sb.ToString();
    }
}
