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

/// <summary>
/// Deal data could not be loaded: a required column is missing, the file is empty, or (under
/// <see cref="Data.BadDataPolicy.Strict"/>) rows were rejected. The message names the file, line, column, the reason and the fix,
/// and how many more problems there are; <see cref="Report"/> holds every rejected row with its raw value.
/// </summary>
public sealed class DealDataException : IcpAnalyticsException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong, where, and how to fix it.</param>
    /// <param name="report">The load report so far: rows read, loaded, open and every rejected row.</param>
    /// <param name="file">The file (or source) at fault.</param>
    /// <param name="line">The 1-based line (or record number) of the first problem; 0 when the problem is not on a line.</param>
    /// <param name="column">The column of the first problem, or null when the whole row or file is at fault.</param>
    public DealDataException(string message, Data.LoadReport report, string file, long line, string? column)
        : base(message)
    {
        Report = report;
        File = file;
        Line = line;
        Column = column;
    }

    /// <summary>The load report: rows read, loaded, set aside as open, and every rejected row with its raw value.</summary>
    public Data.LoadReport Report { get; }

    /// <summary>The file (or source, such as "database reader") at fault.</summary>
    public string File { get; }

    /// <summary>The 1-based line (for a file) or record number (for objects and database readers) of the first problem.</summary>
    public long Line { get; }

    /// <summary>The column of the first problem, or null when the whole row or file is at fault.</summary>
    public string? Column { get; }
}
