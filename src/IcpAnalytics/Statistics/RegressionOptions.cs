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

    internal void Validate()
    {
        var problems = new List<string>();
        if (!Enum.IsDefined(Covariance))
            problems.Add($"Covariance is {(int)Covariance}; use one of {string.Join(", ", Enum.GetNames<CovarianceType>())}.");
        if (!(ConfidenceLevel > 0 && ConfidenceLevel < 1))
            problems.Add($"ConfidenceLevel is {ConfidenceLevel.ToString(System.Globalization.CultureInfo.InvariantCulture)}; it must lie strictly between 0 and 1 (e.g. 0.95).");
        Throw.IfAny(problems);
    }
}
