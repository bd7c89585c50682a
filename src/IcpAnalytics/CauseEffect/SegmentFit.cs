namespace IcpAnalytics.CauseEffect;

/// <summary>The raw numbers of one segment's fit, before they become public records (shared by both estimators).</summary>
internal sealed class SegmentFit
{
    public required int Segment { get; init; }
    public required int Deals { get; init; }
    public bool Estimable { get; init; }
    public string? Reason { get; init; }
    public int Parameters { get; init; }
    public double[] Estimate { get; init; } = [];
    /// <summary>Covariance of the estimates, efforts × efforts, row-major.</summary>
    public double[] Covariance { get; init; } = [];
    /// <summary>Degrees of freedom of the t reference distribution (∞ for normal).</summary>
    public double DegreesOfFreedom { get; init; } = double.PositiveInfinity;
    public double[] NaiveEstimate { get; init; } = [];
    public double[] NaiveStandardError { get; init; } = [];
    public double[]? PlaceboEstimate { get; init; }
    public double[]? PlaceboStandardError { get; init; }
    public double[]? RandomCauseEstimate { get; init; }
    public double[]? HalfA { get; init; }
    public double[]? HalfB { get; init; }
    /// <summary>Share of each transformed effort's variation left once the controls are held fixed (1 − R² on the controls).</summary>
    public double[] VariationShare { get; init; } = [];
    public double MaxLeverage { get; init; }
    /// <summary>Interactive model only: the effect on the deals with each effort (ATT), its standard error, and how many deals had it.</summary>
    public double[]? TreatedEstimate { get; init; }
    public double[]? TreatedStandardError { get; init; }
    public int[]? TreatedDeals { get; init; }
    /// <summary>Interactive model only: overlap and balance per effort.</summary>
    public OverlapDiagnostics[]? Overlap { get; init; }
    /// <summary>The segment's deals before any restriction to common support.</summary>
    public int DealsBefore { get; init; }
    public int ExtremeLeverageCount { get; init; }
    /// <summary>Degrees of freedom of each effort's interval when they differ by effort (CR2's Satterthwaite values); null to use <see cref="DegreesOfFreedom"/>.</summary>
    public double[]? EffortDegreesOfFreedom { get; init; }
    /// <summary>The warning of a nearly collinear design (condition number above 10⁸), naming the columns; null when the design is well conditioned.</summary>
    public string? CollinearityWarning { get; init; }

    internal static SegmentFit NotEstimable(int segment, int deals, string reason, string? collinearityWarning = null) =>
        new() { Segment = segment, Deals = deals, Estimable = false, Reason = reason, CollinearityWarning = collinearityWarning };
}
