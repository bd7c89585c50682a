using IcpAnalytics.Data;
using IcpAnalytics.Segments;

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
    private string[]? _segmentBy;
    private SegmentYieldTable? _segmentYield;
    private WhaleCurve? _whaleCurve;

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

    /// <summary>
    /// Groups the segment yield table by these attributes (e.g. "industry", "region"). Without this (and without
    /// <see cref="WithSegmentYield"/>) the table is grouped by the deals' first categorical attribute.
    /// </summary>
    /// <param name="attributes">Categorical or banded attributes; a numeric one is cut into quartile bands.</param>
    public ProfitYieldReportBuilder SegmentBy(params string[] attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        _segmentBy = [.. attributes];
        return this;
    }

    /// <summary>Shows this segment yield table (already computed) instead of computing one.</summary>
    /// <param name="table">The table, e.g. from <c>deals.SegmentYield("industry")</c>.</param>
    public ProfitYieldReportBuilder WithSegmentYield(SegmentYieldTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        _segmentYield = table;
        return this;
    }

    /// <summary>Shows this whale curve (already computed) instead of computing one.</summary>
    /// <param name="curve">The curve, e.g. from <c>deals.WhaleCurve()</c>.</param>
    public ProfitYieldReportBuilder WithWhaleCurve(WhaleCurve curve)
    {
        ArgumentNullException.ThrowIfNull(curve);
        _whaleCurve = curve;
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
        if (_segmentYield is null && _segmentBy is not null)
        {
            if (_segmentBy.Length == 0) problems.Add("SegmentBy was given no attribute; name at least one, e.g. SegmentBy(\"industry\").");
            foreach (string a in _segmentBy)
            {
                if (_deals.FindCategorical(a) is null && !_deals.NumericAttributes.Any(c => string.Equals(c.Name, a, StringComparison.OrdinalIgnoreCase)))
                    problems.Add($"SegmentBy names '{a}', which the deals do not have. Attributes: {AttributeNames(_deals)}.");
            }
        }
        if (problems.Count > 0) throw new InvalidOptionsException(problems);
        var f = new ReportFormatter(_options.Culture, _options.CurrencySymbol);

        var steps = new List<(string Name, Func<ReportSection> Make)>
        {
            ("Summarizing the data", () => DataSection.Build(_deals, _options, _holdoutAfter)),
            ("Measuring segment yield", () => SegmentYields(f)),
            ("Tracing the whale curve", () => Whale(f)),
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

    private ReportSection SegmentYields(ReportFormatter f)
    {
        if (_segmentYield is not null) return SegmentYieldSection.Build(_segmentYield, f);
        if (_deals.Count == 0) return ReportSection.Missing(SegmentYieldSection.Id, SegmentYieldSection.Title, "There are no closed deals to group.");
        string[]? by = _segmentBy;
        if (by is null)
        {
            CategoricalColumn? first = _deals.CategoricalAttributes.FirstOrDefault();
            if (first is null)
                return ReportSection.Missing(SegmentYieldSection.Id, SegmentYieldSection.Title,
                    "The deals have no categorical account attribute (such as industry or region) to group them by. Load one, or name a numeric one with SegmentBy (it is cut into quartile bands).");
            by = [first.Name];
        }
        return SegmentYieldSection.Build(_deals.SegmentYield(by), f);
    }

    private ReportSection Whale(ReportFormatter f)
    {
        if (_whaleCurve is not null) return WhaleCurveSection.Build(_whaleCurve, f, _options.MaxCurvePoints);
        if (_deals.Count == 0) return ReportSection.Missing(WhaleCurveSection.Id, WhaleCurveSection.Title, "There are no closed deals to rank accounts by.");
        return WhaleCurveSection.Build(_deals.WhaleCurve(), f, _options.MaxCurvePoints);
    }

    private static string AttributeNames(DealSet deals)
    {
        string names = string.Join(", ", deals.CategoricalAttributes.Select(c => c.Name).Concat(deals.NumericAttributes.Select(c => c.Name)));
        return names.Length == 0 ? "(none)" : names;
    }

    private static string Subtitle(DealSet deals, ProfitYieldReportOptions options)
    {
        var f = new ReportFormatter(options.Culture, options.CurrencySymbol);
        (DateOnly? first, DateOnly? last) = deals.DateRange();
        string range = first is null ? "" : string.Create(System.Globalization.CultureInfo.InvariantCulture, $", closed {first:yyyy-MM-dd} to {last:yyyy-MM-dd}");
        return $"{deals.LoadReport.Source}: {f.Format(deals.Count, ReportValueKind.Count)} closed deals{range}";
    }
}
