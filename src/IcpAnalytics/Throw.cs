namespace IcpAnalytics;

/// <summary>
/// The one way argument and option errors are raised: every problem of a call is collected first and thrown together as
/// one <see cref="InvalidOptionsException"/>, and a builder's <c>Configure</c> that returns null gets the same exception in
/// every builder.
/// </summary>
internal static class Throw
{
    /// <summary>Throws one <see cref="InvalidOptionsException"/> listing every problem, when there is any.</summary>
    /// <exception cref="InvalidOptionsException"><paramref name="problems"/> is not empty.</exception>
    public static void IfAny(IReadOnlyList<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (problems.Count > 0) throw new InvalidOptionsException(problems);
    }

    /// <summary>The options a <c>Configure</c> function returned; null is refused, naming an example of what to return.</summary>
    /// <exception cref="InvalidOptionsException"><paramref name="options"/> is null.</exception>
    public static T IfConfiguredNull<T>(T? options, string example)
        where T : class =>
        options ?? throw new InvalidOptionsException([$"Configure returned null; return the options, e.g. {example}."]);

    /// <summary>The exception for one invalid option or argument (the problem names it and the valid choices).</summary>
    public static InvalidOptionsException Option(string problem) => new([problem]);
}
