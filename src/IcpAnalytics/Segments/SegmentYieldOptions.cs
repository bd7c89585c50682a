using System.Globalization;

namespace IcpAnalytics.Segments;

/// <summary>Options of <see cref="SegmentYieldExtensions.SegmentYield(Data.DealSet, IReadOnlyList{string}, SegmentYieldOptions?)"/>.</summary>
public sealed record SegmentYieldOptions
{
    /// <summary>Segments with fewer deals are flagged small (<see cref="SegmentYield.IsSmall"/>); read their shrunk estimates.</summary>
    /// <value>The default is <see cref="DefaultMinDeals"/> (30).</value>
    public int MinDeals { get; init; } = DefaultMinDeals;

    /// <summary>The default of <see cref="MinDeals"/>.</summary>
    public const int DefaultMinDeals = 30;

    /// <summary>The confidence level of every interval, in (0, 1).</summary>
    /// <value>The default is <see cref="DefaultConfidenceLevel"/> (0.95).</value>
    public double ConfidenceLevel { get; init; } = DefaultConfidenceLevel;

    /// <summary>The default of <see cref="ConfidenceLevel"/>.</summary>
    public const double DefaultConfidenceLevel = 0.95;

    /// <summary>The most attribute-level combinations a grouping may have (guards against grouping by an id).</summary>
    /// <value>The default is <see cref="DefaultMaxCombinations"/> (1,000,000).</value>
    public int MaxCombinations { get; init; } = DefaultMaxCombinations;

    /// <summary>The default of <see cref="MaxCombinations"/>.</summary>
    public const int DefaultMaxCombinations = 1_000_000;

    /// <summary>
    /// Whether the intervals treat every deal as independent. By default they do not: deals of the same account are
    /// correlated (an account's deals share its budget, buyers and deal sizes), so intervals are account-cluster-robust.
    /// Margin per deal pursued and margin per effort hour use the cluster-robust (linearization, delta-method) variance
    /// that sums each account's scores, times the small-sample factor G/(G−1) for G accounts, and their intervals use the
    /// Student-t critical value on G − 1 degrees of freedom (as Stata and R do; with deals independent, the normal z); the win rate uses the
    /// Wilson interval when every account has one deal in the segment and otherwise the Wilson interval on the
    /// effective number of deals n / design effect. The shrinkage toward the whole uses the same account-level
    /// variances. Set to true only when accounts really are unrelated to outcomes or each account has one deal.
    /// </summary>
    /// <value>The default is false (intervals clustered by account).</value>
    public bool TreatDealsAsIndependent { get; init; }

    /// <summary>
    /// The most threads the pass over the deals (chunks of deals, account partitions) may use. The work is cut into chunks fixed by the data and merged in a fixed order, so every
    /// degree gives byte-identical results; 1 runs on the calling thread.
    /// </summary>
    /// <value>The default is <see cref="Environment.ProcessorCount"/> (all cores).</value>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    internal List<string> Problems()
    {
        var problems = new List<string>();
        if (MinDeals < 1) problems.Add(string.Create(CultureInfo.InvariantCulture, $"MinDeals is {MinDeals}; it must be at least 1 (the default is {DefaultMinDeals})."));
        if (!(ConfidenceLevel > 0 && ConfidenceLevel < 1)) problems.Add(string.Create(CultureInfo.InvariantCulture, $"ConfidenceLevel is {ConfidenceLevel}; it must lie strictly between 0 and 1 (the default is {DefaultConfidenceLevel})."));
        if (MaxCombinations < 1) problems.Add(string.Create(CultureInfo.InvariantCulture, $"MaxCombinations is {MaxCombinations}; it must be at least 1 (the default is {DefaultMaxCombinations:N0})."));
        Parallelism.Check(MaxDegreeOfParallelism, problems);
        return problems;
    }
}
