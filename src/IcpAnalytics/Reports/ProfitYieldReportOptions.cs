using System.Globalization;

namespace IcpAnalytics.Reports;

/// <summary>
/// How a <see cref="ProfitYieldReport"/> is put together and how it writes numbers. Apart from <see cref="HoldoutShare"/>, which picks
/// the holdout date when none is given, these are rendering options: they never change a figure.
/// </summary>
public sealed record ProfitYieldReportOptions
{
    /// <summary>The report's title, shown at the top of every output.</summary>
    /// <value>The default is "Profit-yield report".</value>
    public string Title { get; init; } = "Profit-yield report";

    /// <summary>
    /// The culture whose digits, thousands separators and decimal mark the human-readable outputs (HTML, Markdown, <c>ToString()</c>)
    /// and the CSV tables use. JSON and the coordinates inside SVG charts are always invariant.
    /// </summary>
    /// <value>The default is <see cref="CultureInfo.InvariantCulture"/>: en-US style numbers (12,345.6) and the currency symbol "$".</value>
    public CultureInfo Culture { get; init; } = CultureInfo.InvariantCulture;

    /// <summary>The currency symbol money is written with, or null for the culture's own (the invariant culture writes "$").</summary>
    /// <value>The default is null.</value>
    public string? CurrencySymbol { get; init; }

    /// <summary>
    /// When the report was generated, printed in its header; null prints no time at all so the same deals give byte-identical files.
    /// </summary>
    /// <value>The default is null.</value>
    public DateTimeOffset? GeneratedAt { get; init; }

    /// <summary>How many rejected input rows the data section lists one by one (every reason is still counted).</summary>
    /// <value>The default is <see cref="DefaultMaxRejectedRowsListed"/> (20).</value>
    public int MaxRejectedRowsListed { get; init; } = DefaultMaxRejectedRowsListed;

    /// <summary>The default of <see cref="MaxRejectedRowsListed"/>.</summary>
    public const int DefaultMaxRejectedRowsListed = 20;

    /// <summary>
    /// Whether rejected rows are listed with their raw cell values. Deal data can be confidential and reports get shared,
    /// so raw values are left out unless you opt in.
    /// </summary>
    /// <value>The default is false.</value>
    public bool ShowRejectedRawValues { get; init; }

    /// <summary>The most points a line chart (whale curve, gain curve) keeps; longer curves are thinned evenly, keeping their ends and marked points.</summary>
    /// <value>The default is <see cref="DefaultMaxCurvePoints"/> (201).</value>
    public int MaxCurvePoints { get; init; } = DefaultMaxCurvePoints;

    /// <summary>The default of <see cref="MaxCurvePoints"/>.</summary>
    public const int DefaultMaxCurvePoints = 201;

    /// <summary>
    /// When no holdout date is given (<see cref="ProfitYieldReportBuilder.ValidateOnDealsClosedAfter"/>), the share of the most
    /// recently closed deals held out to validate the ICP: the holdout date is the close date of the deal at that quantile. 0 turns
    /// the holdout validation off unless a date is given.
    /// </summary>
    /// <value>The default is <see cref="DefaultHoldoutShare"/> (0.3) (the latest 30% of deals by close date).</value>
    public double HoldoutShare { get; init; } = DefaultHoldoutShare;

    /// <summary>The default of <see cref="HoldoutShare"/>.</summary>
    public const double DefaultHoldoutShare = 0.3;

    /// <summary>
    /// The most threads the parts the report computes itself (ICP discovery, segment yield, effects) may use. The work is cut into chunks fixed by the data and merged in a fixed order, so every
    /// degree gives byte-identical results; 1 runs on the calling thread.
    /// </summary>
    /// <value>The default is <see cref="Environment.ProcessorCount"/> (all cores).</value>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    internal IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Title)) problems.Add("Title is empty; give the report a title such as \"Profit-yield report\".");
        if (Culture is null) problems.Add("Culture is null; use CultureInfo.InvariantCulture or a culture such as new CultureInfo(\"de-DE\").");
        if (MaxRejectedRowsListed < 0) problems.Add(string.Create(CultureInfo.InvariantCulture, $"MaxRejectedRowsListed is {MaxRejectedRowsListed}; it must be 0 or more (the default is {DefaultMaxRejectedRowsListed})."));
        if (!(HoldoutShare >= 0 && HoldoutShare < 1)) problems.Add($"HoldoutShare is {HoldoutShare.ToString(CultureInfo.InvariantCulture)}; it must be at least 0 and below 1 (the default is {DefaultHoldoutShare.ToString(CultureInfo.InvariantCulture)}; 0 turns the default holdout off).");
        Parallelism.Check(MaxDegreeOfParallelism, problems);
        if (MaxCurvePoints < 3) problems.Add(string.Create(CultureInfo.InvariantCulture, $"MaxCurvePoints is {MaxCurvePoints}; it must be at least 3 (the default is {DefaultMaxCurvePoints})."));
        return problems;
    }
}
