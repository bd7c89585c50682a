using IcpAnalytics.Data;

namespace IcpAnalytics.Reports;

/// <summary>
/// Collects what a <see cref="ProfitYieldReport"/> shows and builds it. The builder may run the analyses the report needs;
/// the report it returns only holds their results. Used up by <see cref="Build"/>, which validates every option at once.
/// </summary>
public sealed class ProfitYieldReportBuilder
{
    private readonly DealSet _deals;
    private ProfitYieldReportOptions _options = new();
    private DateOnly? _holdoutAfter;
    private IProgress<ReportProgress>? _progress;

    internal ProfitYieldReportBuilder(DealSet deals) => _deals = deals;

    /// <summary>Sets the rendering options (title, culture, currency, time stamp).</summary>
    /// <param name="options">The options.</param>
    public ProfitYieldReportBuilder WithOptions(ProfitYieldReportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        return this;
    }

    /// <summary>Changes the rendering options, e.g. <c>.Configure(o =&gt; o with { Culture = new CultureInfo("de-DE") })</c>.</summary>
    /// <param name="configure">Returns the options to use from the current ones.</param>
    public ProfitYieldReportBuilder Configure(Func<ProfitYieldReportOptions, ProfitYieldReportOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        _options = configure(_options) ?? throw new ArgumentException("The configure function returned null; return the options, e.g. o => o with { Title = \"Q3 review\" }.", nameof(configure));
        return this;
    }

    /// <summary>
    /// Validates the ICP on later deals: it is built on deals closed before <paramref name="date"/> and tested on those closed on or after it.
    /// </summary>
    /// <param name="date">The first close date of the held-out deals.</param>
    public ProfitYieldReportBuilder ValidateOnDealsClosedAfter(DateOnly date)
    {
        _holdoutAfter = date;
        return this;
    }

    /// <summary>Reports each step as it starts (for progress bars on long runs). Called on the building thread, in order.</summary>
    /// <param name="progress">Receives the steps.</param>
    public ProfitYieldReportBuilder ReportProgressTo(IProgress<ReportProgress> progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        _progress = progress;
        return this;
    }

    /// <summary>Validates the options, runs what the report needs and returns the report.</summary>
    /// <exception cref="InvalidOptionsException">One or more options are invalid; the message lists all of them.</exception>
    public ProfitYieldReport Build()
    {
        var problems = new List<string>(_options.Problems());
        if (problems.Count > 0) throw new InvalidOptionsException(problems);

        var steps = new List<(string Name, Func<ReportSection> Make)>
        {
            ("Summarizing the data", () => DataSection.Build(_deals, _options, _holdoutAfter)),
            ("Writing the method", () => MethodSection.Build(_deals.YieldFallsBackToRevenue)),
        };
        var sections = new List<ReportSection>(steps.Count);
        for (int i = 0; i < steps.Count; i++)
        {
            _progress?.Report(new ReportProgress(steps[i].Name, i, steps.Count));
            sections.Add(steps[i].Make());
        }
        _progress?.Report(new ReportProgress("Done", steps.Count, steps.Count));
        return ProfitYieldReport.FromSections(sections, _options, Subtitle(_deals, _options));
    }

    private static string Subtitle(DealSet deals, ProfitYieldReportOptions options)
    {
        var f = new ReportFormatter(options.Culture, options.CurrencySymbol);
        (DateOnly? first, DateOnly? last) = deals.DateRange();
        string range = first is null ? "" : string.Create(System.Globalization.CultureInfo.InvariantCulture, $", closed {first:yyyy-MM-dd} to {last:yyyy-MM-dd}");
        return $"{deals.LoadReport.Source}: {f.Format(deals.Count, ReportValueKind.Count)} closed deals{range}";
    }
}
