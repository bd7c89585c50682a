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

    internal void Validate()
    {
        var problems = new List<string>();
        if (!Enum.IsDefined(Covariance))
            problems.Add($"Covariance is {(int)Covariance}; use one of {string.Join(", ", Enum.GetNames<CovarianceType>())}.");
        if (!(ConfidenceLevel > 0 && ConfidenceLevel < 1))
            problems.Add($"ConfidenceLevel is {ConfidenceLevel.ToString(System.Globalization.CultureInfo.InvariantCulture)}; it must lie strictly between 0 and 1 (e.g. 0.95).");
        Parallelism.Check(MaxDegreeOfParallelism, problems);
        Throw.IfAny(problems);
    }
}
