namespace IcpAnalytics;

/// <summary>The base of every exception IcpAnalytics throws on purpose: bad deal data, invalid options or a model that cannot be fitted.</summary>
public class IcpAnalyticsException : Exception
{
    /// <summary>Creates the exception with a message that states the problem and the fix.</summary>
    /// <param name="message">What went wrong and how to fix it.</param>
    public IcpAnalyticsException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    /// <param name="message">What went wrong and how to fix it.</param>
    /// <param name="innerException">The underlying cause.</param>
    public IcpAnalyticsException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>One or more options given to a builder are invalid. The message lists every invalid option with its allowed range.</summary>
public sealed class InvalidOptionsException : IcpAnalyticsException
{
    /// <summary>Creates the exception from the list of problems, one per invalid option.</summary>
    /// <param name="problems">Each problem in words, naming the option and the allowed values.</param>
    public InvalidOptionsException(IReadOnlyList<string> problems)
        : base(FormatMessage(problems)) => Problems = problems;

    /// <summary>Every problem found, one per invalid option.</summary>
    public IReadOnlyList<string> Problems { get; }

    private static string FormatMessage(IReadOnlyList<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        return problems.Count == 1
            ? problems[0]
            : $"{problems.Count} options are invalid:{Environment.NewLine}- " + string.Join(Environment.NewLine + "- ", problems);
    }
}

/// <summary>A model could not be fitted: a singular design, too few deals, no variation in effort, or a similar problem stated in the message.</summary>
public sealed class ModelFitException : IcpAnalyticsException
{
    /// <summary>Creates the exception with a message that states the numbers and the fix.</summary>
    /// <param name="message">What prevented the fit and how to fix it.</param>
    public ModelFitException(string message) : base(message) { }
}
