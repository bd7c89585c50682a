using System.Globalization;

namespace IcpAnalytics.Data;

/// <summary>What a loader does with a row it cannot load.</summary>
public enum BadDataPolicy
{
    /// <summary>Read the whole input, then throw a <see cref="DealDataException"/> naming the first problem and how many more there are.</summary>
    Strict,

    /// <summary>Load the good rows and keep every rejected row, with its line, column, raw value and reason, in the <see cref="LoadReport"/>.</summary>
    Lenient,
}

/// <summary>Whom the fixes in load messages speak to: code naming the fluent map, or the command line naming its flags.</summary>
public enum LoadMessageStyle
{
    /// <summary>Fixes name the fluent map and options, e.g. <c>map.Revenue("amount")</c> or <c>DealLoadOptions.DateFormats</c>.</summary>
    Code,

    /// <summary>Fixes name the <c>icp</c> command-line flags, e.g. <c>--revenue-column amount</c> or <c>--date-format</c>.</summary>
    CommandLine,
}

/// <summary>Which parser reads a CSV file.</summary>
public enum CsvParserKind
{
    /// <summary>
    /// The built-in streaming parser that reads fields as spans, so loading allocates no string per cell (about 1.5 times the
    /// final deal set's memory, against about 5 times through CsvHelper's string fields). It reads RFC 4180 the way CsvHelper
    /// does, which the tests check on the same files.
    /// </summary>
    Fast,

    /// <summary>
    /// CsvHelper's <c>CsvReader</c> (version 34), record by record: slower and allocating a string per cell; the same rows,
    /// rejects and messages as <see cref="Fast"/> (the quotes of each record are checked here, as CsvHelper reads them leniently).
    /// </summary>
    CsvHelper,
}

/// <summary>
/// How deals are read: bad-data policy, delimiter, culture, date formats and outcome labels. A column map
/// (<see cref="DealColumnMap"/>) can override the labels and date formats per column.
/// </summary>
public sealed record DealLoadOptions
{
    /// <summary>The labels that mean won when no others are given (compared case-insensitively, trimmed).</summary>
    public static IReadOnlyList<string> DefaultWonLabels { get; } = ["Closed Won", "Won", "true", "1", "yes", "closedwon", "Deal Won"];

    /// <summary>The labels that mean lost when no others are given (compared case-insensitively, trimmed).</summary>
    public static IReadOnlyList<string> DefaultLostLabels { get; } = ["Closed Lost", "Lost", "false", "0", "no", "closedlost", "Deal Lost"];

    /// <summary>
    /// The stages of deals that are still open when no others are given: the common stages and those of Salesforce (Prospecting …
    /// Negotiation/Review), HubSpot (Appointment Scheduled … Contract Sent, and their internal names), Pipedrive (Lead In …
    /// Negotiations Started) and Dynamics 365 (Qualify, Develop, Propose), plus Engaging, Commit and Best Case.
    /// </summary>
    public static IReadOnlyList<string> DefaultOpenLabels { get; } =
    [
        "Open", "Prospecting", "Qualification", "Qualified", "Discovery", "Needs Analysis", "Value Proposition",
        "Id. Decision Makers", "Perception Analysis", "Demo", "Proposal", "Proposal/Price Quote", "Quote",
        "Negotiation", "Negotiation/Review", "Commit", "Pipeline", "In Progress", "Engaging", "Engaged", "Best Case",
        "Appointment Scheduled", "Qualified To Buy", "Presentation Scheduled", "Decision Maker Bought-In", "Contract Sent",
        "appointmentscheduled", "qualifiedtobuy", "presentationscheduled", "decisionmakerboughtin", "contractsent",
        "Lead In", "Contact Made", "Demo Scheduled", "Proposal Made", "Negotiations Started",
        "Qualify", "Develop", "Propose", "Lead", "New",
    ];

    /// <summary>Whether a bad row stops the load (<see cref="BadDataPolicy.Strict"/>) or is set aside in the report (<see cref="BadDataPolicy.Lenient"/>).</summary>
    /// <value>The default is <see cref="BadDataPolicy.Strict"/>.</value>
    public BadDataPolicy Policy { get; init; } = BadDataPolicy.Strict;

    /// <summary>Which parser reads CSV files.</summary>
    /// <value>The default is <see cref="CsvParserKind.Fast"/>.</value>
    public CsvParserKind CsvParser { get; init; } = CsvParserKind.Fast;

    /// <summary>The CSV field delimiter (one character), or null to detect it from the header line (comma, semicolon, tab or pipe).</summary>
    /// <value>The default is null (detect).</value>
    public string? Delimiter { get; init; }

    /// <summary>The culture numbers and dates are written in, e.g. de-DE for decimal commas ("1234,5").</summary>
    /// <value>The default is <see cref="CultureInfo.InvariantCulture"/>.</value>
    public CultureInfo Culture { get; init; } = CultureInfo.InvariantCulture;

    /// <summary>
    /// Exact formats of the close dates, tried in order (e.g. "dd.MM.yyyy"). When null, ISO 8601 dates ("2025-03-31", with an
    /// optional time) are read, then dates in <see cref="Culture"/>'s own formats.
    /// </summary>
    /// <value>The default is null.</value>
    public IReadOnlyList<string>? DateFormats { get; init; }

    /// <summary>The outcome labels that mean won.</summary>
    /// <value>The default is <see cref="DefaultWonLabels"/>: Closed Won, Won, true, 1, yes.</value>
    public IReadOnlyList<string> WonLabels { get; init; } = DefaultWonLabels;

    /// <summary>The outcome labels that mean lost.</summary>
    /// <value>The default is <see cref="DefaultLostLabels"/>: Closed Lost, Lost, false, 0, no.</value>
    public IReadOnlyList<string> LostLabels { get; init; } = DefaultLostLabels;

    /// <summary>The stages of deals still open: such rows are set aside and counted in <see cref="LoadReport.OpenDealsSetAside"/>, not rejected.</summary>
    /// <value>The default is <see cref="DefaultOpenLabels"/> (Open, Prospecting, Qualification, Proposal, Negotiation and other common CRM stages).</value>
    public IReadOnlyList<string> OpenLabels { get; init; } = DefaultOpenLabels;

    /// <summary>
    /// Whether exception messages may quote the raw cell value. Deal data can be confidential, so by default messages name the
    /// line and column only; the <see cref="LoadReport"/> keeps the raw values either way. The one exception: a message about an
    /// unknown outcome label lists the outcome labels seen in the file, since they are stage names (not deal data) and mapping
    /// them is the fix.
    /// </summary>
    /// <value>The default is false.</value>
    public bool IncludeRawValuesInMessages { get; init; }

    /// <summary>Stops the load between rows (set by the asynchronous loaders from their token; not part of the public options).</summary>
    internal CancellationToken Cancellation { get; init; }

    /// <summary>A name for the source in reports and messages, instead of the file path (or "objects", "database reader").</summary>
    /// <value>The default is null (use the path or the kind of source).</value>
    public string? SourceName { get; init; }

    /// <summary>Whom the fixes in messages and rejects speak to: code (the fluent map) or the command line (its flags).</summary>
    /// <value>The default is <see cref="LoadMessageStyle.Code"/>; the <c>icp</c> tool sets <see cref="LoadMessageStyle.CommandLine"/>.</value>
    public LoadMessageStyle MessageStyle { get; init; } = LoadMessageStyle.Code;

    /// <summary>
    /// Whether implausible values (margin above revenue on a won deal, revenue 0, a discount outside 0–100 %, a close date in the
    /// future …) reject their row instead of loading it with a <see cref="LoadWarning"/>.
    /// </summary>
    /// <value>The default is false: the row loads and the warning is listed in <see cref="LoadReport.Warnings"/>.</value>
    public bool StrictPlausibility { get; init; }

    /// <summary>The limits beyond which values are flagged as implausible.</summary>
    /// <value>The default is <see cref="PlausibilityLimits"/>' defaults.</value>
    public PlausibilityLimits Plausibility { get; init; } = new();

    /// <summary>
    /// The most threads a CSV load (above 1, a background thread splits the records while the calling thread loads them) may use. The work is cut into chunks fixed by the data and merged in a fixed order, so every
    /// degree gives byte-identical results; 1 runs on the calling thread.
    /// </summary>
    /// <value>The default is <see cref="Environment.ProcessorCount"/> (all cores).</value>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Checks every option and reports all invalid ones at once.</summary>
    /// <exception cref="InvalidOptionsException">One or more options are invalid.</exception>
    public void Validate()
    {
        var problems = new List<string>();
        if (Delimiter is not null && (Delimiter.Length == 0 || Delimiter.Contains('"', StringComparison.Ordinal) || Delimiter.Contains('\n', StringComparison.Ordinal) || Delimiter.Contains('\r', StringComparison.Ordinal)))
            problems.Add("Delimiter must be null (detect) or a non-empty string without quotes or line breaks, e.g. \",\", \";\" or \"\\t\".");
        if (Delimiter is { Length: > 1 })
            problems.Add($"Delimiter '{Delimiter}' has {Delimiter.Length} characters; the CSV parsers take one character, e.g. \",\", \";\" or \"\\t\".");
        if (!Enum.IsDefined(CsvParser)) problems.Add($"CsvParser is {(int)CsvParser}; use CsvParserKind.Fast or CsvParserKind.CsvHelper.");
        if (Plausibility is null) problems.Add("Plausibility must not be null; use new PlausibilityLimits() for the defaults.");
        else if (!(Plausibility.RevenueCeiling > 0) || !(Plausibility.EffortHoursCeiling > 0) || !(Plausibility.EffortCountCeiling > 0) || !(Plausibility.DateRangeFactor > 0))
            problems.Add("Plausibility limits must be positive numbers, e.g. RevenueCeiling = 1e12.");
        Parallelism.Check(MaxDegreeOfParallelism, problems);
        if (Culture is null) problems.Add("Culture must not be null; use CultureInfo.InvariantCulture for numbers like 1234.5.");
        if (WonLabels is null || WonLabels.Count == 0) problems.Add("WonLabels must hold at least one label, e.g. \"Closed Won\".");
        if (LostLabels is null || LostLabels.Count == 0) problems.Add("LostLabels must hold at least one label, e.g. \"Closed Lost\".");
        if (OpenLabels is null) problems.Add("OpenLabels must not be null; give an empty list when the data has no open deals.");
        if (DateFormats is not null && DateFormats.Count == 0) problems.Add("DateFormats must be null (ISO 8601, then the culture's formats) or hold at least one format, e.g. \"dd.MM.yyyy\".");
        if (WonLabels is not null && LostLabels is not null)
        {
            foreach (string w in WonLabels)
            {
                foreach (string l in LostLabels)
                {
                    if (string.Equals(w?.Trim(), l?.Trim(), StringComparison.OrdinalIgnoreCase))
                        problems.Add($"The label '{w}' is both a won and a lost label; give each label one meaning.");
                }
            }
        }
        Throw.IfAny(problems);
    }
}
