using System.Globalization;

namespace IcpAnalytics;

/// <summary>
/// The one rule behind every <c>MaxDegreeOfParallelism</c> option (effects, ICP discovery, segment yield, loading, the
/// report): the default is all cores, a value must be at least 1, and work is cut into chunks fixed by the data (never by
/// the cores) whose partial results are merged in chunk order, so the degree changes the speed, never a number.
/// </summary>
internal static class Parallelism
{
    /// <summary>The default of every <c>MaxDegreeOfParallelism</c>: all cores.</summary>
    public static int AllCores => Environment.ProcessorCount;

    /// <summary>The default's wording in the XML docs and messages.</summary>
    public const string DefaultText = "Environment.ProcessorCount (all cores)";

    /// <summary>Parallel options that use at most <paramref name="maxDegree"/> threads (all cores for 0 or less).</summary>
    public static ParallelOptions Options(int maxDegree) => new() { MaxDegreeOfParallelism = maxDegree >= 1 ? maxDegree : Environment.ProcessorCount };

    /// <summary>The same options, stopping the loop (with <see cref="OperationCanceledException"/>) when <paramref name="cancellationToken"/> is cancelled.</summary>
    public static ParallelOptions Options(int maxDegree, CancellationToken cancellationToken) =>
        new() { MaxDegreeOfParallelism = maxDegree >= 1 ? maxDegree : Environment.ProcessorCount, CancellationToken = cancellationToken };

    /// <summary>Adds the problem with a <c>MaxDegreeOfParallelism</c> value to <paramref name="problems"/>, if any.</summary>
    public static void Check(int value, List<string> problems)
    {
        if (value < 1)
            problems.Add(string.Create(CultureInfo.InvariantCulture,
                $"MaxDegreeOfParallelism is {value}; it must be at least 1 (1 runs on the calling thread; the default is {DefaultText}, here {Environment.ProcessorCount})."));
    }
}
