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

    /// <summary>
    /// The profile the strategists believe in, as rule text (one rule per item, several rules OR-ed, conditions joined by "and",
    /// e.g. "industry = Software and employees 250–1,000"; the grammar of <see cref="Icp.StatedProfileExtensions.BuildFromRules"/>).
    /// When given, the report adds the section "Believed ICP against the data's": the believed profile evaluated exactly like the
    /// discovered one (on the same deals, tested on the same later deals) and set beside it: where the two agree, what the belief
    /// misses and what it includes wrongly, in money per effort hour and per deal. A rule that does not parse or names an attribute
    /// or level the deals do not have makes <see cref="ProfitYieldReportBuilder.Build"/> throw, naming the rule and the fix.
    /// </summary>
    /// <value>The default is null (no believed profile).</value>
    public IReadOnlyList<string>? StatedProfileRules { get; init; }

    /// <summary>
    /// How messages name a stated rule (set by the icp tool: the --icp flag or the file, line and column); null names them
    /// "StatedProfileRules[k]" as in code.
    /// </summary>
    internal Icp.StatedRuleContext? StatedProfileContext { get; init; }

    internal Icp.StatedRuleContext StatedContext()
    {
        IReadOnlyList<string> rules = StatedProfileRules ?? [];
        return StatedProfileContext ?? new Icp.StatedRuleContext(
            (k, c) => $"StatedProfileRules[{k}] (\"{rules[k]}\")" + (c is int p ? $", at character {p + 1}" : ""),
            false, "deals.Summarize() shows each attribute's most frequent levels");
    }

    internal IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Title)) problems.Add("Title is empty; give the report a title such as \"Profit-yield report\".");
        if (Culture is null) problems.Add("Culture is null; use CultureInfo.InvariantCulture or a culture such as new CultureInfo(\"de-DE\").");
        if (MaxRejectedRowsListed < 0) problems.Add(string.Create(CultureInfo.InvariantCulture, $"MaxRejectedRowsListed is {MaxRejectedRowsListed}; it must be 0 or more (the default is {DefaultMaxRejectedRowsListed})."));
        if (!(HoldoutShare >= 0 && HoldoutShare < 1)) problems.Add($"HoldoutShare is {HoldoutShare.ToString(CultureInfo.InvariantCulture)}; it must be at least 0 and below 1 (the default is {DefaultHoldoutShare.ToString(CultureInfo.InvariantCulture)}; 0 turns the default holdout off).");
        Parallelism.Check(MaxDegreeOfParallelism, problems);
        if (StatedProfileRules is { Count: 0 }) problems.Add("StatedProfileRules is empty; give at least one rule, e.g. [\"industry = Software and employees 250–1,000\"], or leave it null.");
        if (MaxCurvePoints < 3) problems.Add(string.Create(CultureInfo.InvariantCulture, $"MaxCurvePoints is {MaxCurvePoints}; it must be at least 3 (the default is {DefaultMaxCurvePoints})."));
        return problems;
    }
}
