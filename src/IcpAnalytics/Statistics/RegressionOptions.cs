namespace IcpAnalytics.Statistics;

/// <summary>Options of an ordinary or weighted least-squares fit (<see cref="LinearRegression"/>).</summary>
public sealed record RegressionOptions
{
    /// <summary>Whether the model has an intercept (a baseline added as parameter 0, named "(Intercept)").</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool Intercept { get; init; } = true;

    /// <summary>How standard errors, t statistics, p-values and confidence intervals are computed.</summary>
    /// <value>The default is <see cref="CovarianceType.Classical"/>.</value>
    public CovarianceType Covariance { get; init; } = CovarianceType.Classical;

    /// <summary>The confidence level of <see cref="RegressionFit.ConfidenceInterval(int)"/>, strictly between 0 and 1.</summary>
    /// <value>The default is 0.95.</value>
    public double ConfidenceLevel { get; init; } = 0.95;

    /// <summary>
    /// The most threads the fit uses for its passes over the rows (chunks of 65,536 rows): at least 1 (1 runs on the calling
    /// thread). Chunks are fixed by the rows and merged in chunk order, so the degree changes the speed, never a digit.
    /// </summary>
    /// <value>The default is <see cref="Environment.ProcessorCount"/> (all cores).</value>
    public int MaxDegreeOfParallelism { get; init; } = Parallelism.AllCores;

    /// <summary>The largest lag of the Newey–West covariance (<see cref="CovarianceType.NeweyWest"/>); null for the Newey–West (1994) rule of thumb ⌊4(n/100)^(2/9)⌋.</summary>
    /// <value>The default is null.</value>
    public int? HacLag { get; init; }

    /// <summary>Whether weights are analytic (precision) weights or frequency weights (a row standing for several identical deals).</summary>
    /// <value>The default is <see cref="WeightKind.Analytic"/>.</value>
    public WeightKind WeightKind { get; init; } = WeightKind.Analytic;

    /// <summary>The condition number (of the centred, unit-scaled design) above which the fit carries a collinearity warning.</summary>
    /// <value>The default is 10⁸: beyond it about half of the 16 digits of double precision are lost and coefficients of the named columns become unstable.</value>
    public double CollinearityWarningCondition { get; init; } = 1e8;

    internal void Validate()
    {
        var problems = new List<string>();
        if (!Enum.IsDefined(WeightKind))
            problems.Add($"WeightKind is {(int)WeightKind}; use one of {string.Join(", ", Enum.GetNames<WeightKind>())}.");
        if (HacLag is < 0)
            problems.Add($"HacLag is {HacLag}; it must be at least 0 (or null for the default ⌊4(n/100)^(2/9)⌋).");
        if (!(CollinearityWarningCondition >= 1))
            problems.Add($"CollinearityWarningCondition is {CollinearityWarningCondition.ToString(System.Globalization.CultureInfo.InvariantCulture)}; it must be at least 1 (e.g. 1e8).");
        if (WeightKind == WeightKind.Frequency && Covariance == CovarianceType.NeweyWest)
            problems.Add("Newey–West covariance needs one row per period; frequency weights (rows standing for several observations) cannot be combined with it. Expand the rows or use analytic weights.");
        if (!Enum.IsDefined(Covariance))
            problems.Add($"Covariance is {(int)Covariance}; use one of {string.Join(", ", Enum.GetNames<CovarianceType>())}.");
        if (!(ConfidenceLevel > 0 && ConfidenceLevel < 1))
            problems.Add($"ConfidenceLevel is {ConfidenceLevel.ToString(System.Globalization.CultureInfo.InvariantCulture)}; it must lie strictly between 0 and 1 (e.g. 0.95).");
        Parallelism.Check(MaxDegreeOfParallelism, problems);
        Throw.IfAny(problems);
    }
}
