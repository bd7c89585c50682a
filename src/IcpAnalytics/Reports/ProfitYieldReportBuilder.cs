using System.Globalization;
using IcpAnalytics.CauseEffect;
using IcpAnalytics.Data;
using IcpAnalytics.Execution.Coaching;
using IcpAnalytics.Execution.Funnel;
using IcpAnalytics.Execution.GoalSurvey;
using IcpAnalytics.Execution.Losses;
using IcpAnalytics.Execution.Maturity;
using IcpAnalytics.Execution.Sellers;
using IcpAnalytics.Icp;
using IcpAnalytics.Segments;

namespace IcpAnalytics.Reports;

/// <summary>
/// Collects what a <see cref="ProfitYieldReport"/> shows and builds it. Results you pass in (an ICP, a holdout validation, a
/// segment table, effort effects) are rendered as they are; parts you do not pass are computed here with the library's
/// defaults. The report it returns only holds results. <see cref="Build"/> validates every option at once.
/// </summary>
public sealed class ProfitYieldReportBuilder
{
    /// <summary>What a builder has collected; every builder method returns a copy with one part changed.</summary>
    internal sealed record Specification
    {
        public ProfitYieldReportOptions Options { get; init; } = new();
        public DateOnly? HoldoutAfter { get; init; }
        public IProgress<ReportProgress>? Progress { get; init; }
        public IReadOnlyList<string>? SegmentBy { get; init; }
        public SegmentYieldTable? SegmentYield { get; init; }
        public WhaleCurve? WhaleCurve { get; init; }
        public IdealCustomerProfile? Icp { get; init; }
        public HoldoutValidation? Validation { get; init; }
        public Func<IcpOptions, IcpOptions>? ConfigureIcp { get; init; }
        public EffortEffects? Effects { get; init; }
        public EffortAllocation? Allocation { get; init; }
        public IReadOnlyList<string>? Efforts { get; init; }
        public IReadOnlyList<Func<ReportFormatter, ReportSection>> Execution { get; init; } = [];
        public double? CostPerEffortHour { get; init; }
        public double? BudgetHours { get; init; }
        public EffortCovariance EffectsCovariance { get; init; } = EffortCovariance.Robust;
        public int? NeweyWestLag { get; init; }
    }

    private readonly DealSet _deals;
    private readonly Specification _spec;

    internal ProfitYieldReportBuilder(DealSet deals)
        : this(deals, new Specification())
    {
    }

    private ProfitYieldReportBuilder(DealSet deals, Specification spec)
    {
        _deals = deals;
        _spec = spec;
    }

    /// <summary>The report options so far.</summary>
    public ProfitYieldReportOptions Options => _spec.Options;

    private ProfitYieldReportBuilder With(Specification spec) => new(_deals, spec);

    /// <summary>Sets the report options (title, culture, currency, time stamp, default holdout share).</summary>
    /// <param name="options">The options.</param>
    public ProfitYieldReportBuilder WithOptions(ProfitYieldReportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return With(_spec with { Options = options });
    }

    /// <summary>Changes the report options, e.g. <c>.Configure(o =&gt; o with { Culture = new CultureInfo("de-DE") })</c>.</summary>
    /// <param name="configure">Returns the options to use from the current ones.</param>
    public ProfitYieldReportBuilder Configure(Func<ProfitYieldReportOptions, ProfitYieldReportOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return With(_spec with { Options = Throw.IfConfiguredNull(configure(_spec.Options), "o => o with { Title = \"Q3 review\" }") });
    }

    /// <summary>
    /// Validates the ICP on later deals: it is built on deals closed before <paramref name="date"/> and tested on those closed on
    /// or after it. Without a date, the latest <see cref="ProfitYieldReportOptions.HoldoutShare"/> of deals are held out.
    /// </summary>
    /// <param name="date">The first close date of the held-out deals.</param>
    public ProfitYieldReportBuilder ValidateOnDealsClosedAfter(DateOnly date)
    {
        return With(_spec with { HoldoutAfter = date });
    }

    /// <summary>
    /// The attributes to segment deals by: the segment yield table groups by them and the ICP rules may use only them. Without
    /// this the table groups by the deals' first categorical attribute and the rules may use every attribute.
    /// </summary>
    /// <param name="attributes">Categorical or banded attributes; a numeric one is cut into quartile bands.</param>
    public ProfitYieldReportBuilder SegmentBy(params string[] attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        return With(_spec with { SegmentBy = [.. attributes] });
    }

    /// <summary>Shows this segment yield table (already computed) instead of computing one.</summary>
    /// <param name="table">The table, e.g. from <c>deals.SegmentYield("industry")</c>.</param>
    public ProfitYieldReportBuilder WithSegmentYield(SegmentYieldTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return With(_spec with { SegmentYield = table });
    }

    /// <summary>Shows this whale curve (already computed) instead of computing one.</summary>
    /// <param name="curve">The curve, e.g. from <c>deals.WhaleCurve()</c>.</param>
    public ProfitYieldReportBuilder WithWhaleCurve(WhaleCurve curve)
    {
        ArgumentNullException.ThrowIfNull(curve);
        return With(_spec with { WhaleCurve = curve });
    }

    /// <summary>
    /// Shows this profile's rules and coverage. With a holdout date, the profile is also checked on the deals closed on or after
    /// it; the report warns when the profile was built on more deals than closed before that date (it may have seen later deals).
    /// </summary>
    /// <param name="icp">The profile, e.g. from <c>deals.Icp().Build()</c> or <see cref="IdealCustomerProfile.Load(string)"/>.</param>
    public ProfitYieldReportBuilder WithIcp(IdealCustomerProfile icp)
    {
        ArgumentNullException.ThrowIfNull(icp);
        return With(_spec with { Icp = icp });
    }

    /// <summary>Shows this holdout validation (already computed) and the profile it validated.</summary>
    /// <param name="validation">The validation, e.g. from <c>deals.Icp().ValidateOnDealsClosedAfter(date)</c>.</param>
    public ProfitYieldReportBuilder WithHoldoutValidation(HoldoutValidation validation)
    {
        ArgumentNullException.ThrowIfNull(validation);
        return With(_spec with { Validation = validation });
    }

    /// <summary>Changes the options of the ICP discovery the builder runs when no profile is given (minimum deals, depth, seed …).</summary>
    /// <param name="configure">Returns the ICP options to use from the defaults.</param>
    public ProfitYieldReportBuilder ConfigureIcp(Func<IcpOptions, IcpOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return With(_spec with { ConfigureIcp = configure });
    }

    /// <summary>Shows these effort effects (already fitted) instead of fitting them; the allocation then reallocates today's effort on them.</summary>
    /// <param name="effects">The effects, e.g. from <c>deals.EffortEffects().Of("meetings", "demos").Controlling("revenue", "rep").PerAttribute("industry").Build()</c>.</param>
    public ProfitYieldReportBuilder WithEffects(EffortEffects effects)
    {
        ArgumentNullException.ThrowIfNull(effects);
        return With(_spec with { Effects = effects });
    }

    /// <summary>Shows this effort allocation (already computed) instead of reallocating today's effort.</summary>
    /// <param name="allocation">The allocation, e.g. from <c>effects.Allocate(budget)</c>.</param>
    public ProfitYieldReportBuilder WithEffortAllocation(EffortAllocation allocation)
    {
        ArgumentNullException.ThrowIfNull(allocation);
        return With(_spec with { Allocation = allocation });
    }

    /// <summary>
    /// The efforts whose effects to estimate when no effects are given (e.g. "meetings", "demos"). Without this every effort
    /// count in the deals is estimated, per the first segment attribute, controlling for deal size (revenue), rep and the other
    /// account attributes.
    /// </summary>
    /// <param name="efforts">Effort column names.</param>
    public ProfitYieldReportBuilder ForEfforts(params string[] efforts)
    {
        ArgumentNullException.ThrowIfNull(efforts);
        return With(_spec with { Efforts = [.. efforts] });
    }

    /// <summary>
    /// The cost of one effort hour (fully loaded sales time): the whale curve subtracts it from each account's margin, so accounts
    /// that do not pay back the time spent on them show as the unprofitable tail, and the allocation states its gain net of the
    /// cost of any hours it adds. Without it both are in gross margin.
    /// </summary>
    /// <param name="cost">Money per effort hour, 0 or more (in the currency of the margin column).</param>
    public ProfitYieldReportBuilder WithCostPerEffortHour(double cost)
    {
        return With(_spec with { CostPerEffortHour = cost });
    }

    /// <summary>
    /// The effort hours the allocation spreads across segments and efforts. Without it the allocation reallocates today's hours:
    /// the hours of the analysed efforts at their estimated hours per unit.
    /// </summary>
    /// <param name="hours">The budget in effort hours, above 0.</param>
    public ProfitYieldReportBuilder WithEffortBudget(double hours)
    {
        return With(_spec with { BudgetHours = hours });
    }

    /// <summary>
    /// The standard errors of the effort effects the report estimates (when no effects are given): HC3 by default, or classical, clustered
    /// (CR1 or CR2 by account or rep), two-way by account and rep, or Newey–West by close date. The effects section names the choice.
    /// </summary>
    /// <param name="covariance">How the standard errors allow for dependent deals.</param>
    /// <param name="neweyWestLag">With <see cref="EffortCovariance.NeweyWestByCloseDate"/>: the largest lag, or null for ⌊4(n/100)^(2/9)⌋ per segment.</param>
    public ProfitYieldReportBuilder WithEffectsCovariance(EffortCovariance covariance, int? neweyWestLag = null)
    {
        _ = Estimator.Regression(covariance);
        return With(_spec with { EffectsCovariance = covariance, NeweyWestLag = neweyWestLag });
    }

    /// <summary>Reports each step as it starts (for progress bars on long runs). Called on the building thread, in order.</summary>
    /// <param name="progress">Receives the steps.</param>
    public ProfitYieldReportBuilder ReportProgressTo(IProgress<ReportProgress> progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        return With(_spec with { Progress = progress });
    }

    /// <summary>Adds the activity-funnel section (conversion, leaks and their cost, which ratios predict results, targets).</summary>
    /// <param name="funnel">The analysed funnel.</param>
    public ProfitYieldReportBuilder WithActivityFunnel(ActivityFunnelResult funnel)
    {
        ArgumentNullException.ThrowIfNull(funnel);
        return With(_spec with { Execution = [.. _spec.Execution, f => SalesExecutionSections.Funnel(funnel, f)] });
    }

    /// <summary>Adds the funnel-over-time section (leak closed / still open / new leak around each rep's coaching date, trends).</summary>
    /// <param name="change">The funnel over time.</param>
    public ProfitYieldReportBuilder WithFunnelChange(FunnelChangeResult change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return With(_spec with { Execution = [.. _spec.Execution, f => SalesExecutionSections.FunnelChange(change, f)] });
    }

    /// <summary>Adds the per-rep proficiency and accountability section (scores beside each rep's leaking step; action items).</summary>
    /// <param name="funnel">The analysed funnel.</param>
    /// <param name="followUp">The scores and action items.</param>
    public ProfitYieldReportBuilder WithRepFollowUp(ActivityFunnelResult funnel, RepFollowUp followUp)
    {
        ArgumentNullException.ThrowIfNull(funnel);
        ArgumentNullException.ThrowIfNull(followUp);
        return With(_spec with { Execution = [.. _spec.Execution, f => SalesExecutionSections.RepFollowUp(funnel, followUp, f)] });
    }

    /// <summary>Adds the strategic-goal survey section (agreement, consensus list, disputed goals, suggestions).</summary>
    /// <param name="survey">The analysed survey.</param>
    public ProfitYieldReportBuilder WithGoalSurvey(GoalSurveyResult survey)
    {
        ArgumentNullException.ThrowIfNull(survey);
        return With(_spec with { Execution = [.. _spec.Execution, f => SalesExecutionSections.Survey(survey, f)] });
    }

    /// <summary>Adds the coaching-competencies section (baseline against current outcomes per rep, manager and team).</summary>
    /// <param name="review">The coaching review.</param>
    public ProfitYieldReportBuilder WithCoachingReview(CoachingReviewResult review)
    {
        ArgumentNullException.ThrowIfNull(review);
        return With(_spec with { Execution = [.. _spec.Execution, f => SalesExecutionSections.Coaching(review, f)] });
    }

    /// <summary>Adds the coaching-impact section (coached reps against reps not yet or never coached, per competency).</summary>
    /// <param name="impact">The coaching-impact analysis.</param>
    public ProfitYieldReportBuilder WithCoachingImpact(CoachingImpactResult impact)
    {
        ArgumentNullException.ThrowIfNull(impact);
        return With(_spec with { Execution = [.. _spec.Execution, f => SalesExecutionSections.CoachingImpact(impact, f)] });
    }

    /// <summary>Adds the seller-variance section (share of variance between reps, concentration of margin, reps reliably above or below).</summary>
    /// <param name="sellers">The seller-variance analysis, e.g. <c>SellerVariance.Analyze(deals)</c>.</param>
    public ProfitYieldReportBuilder WithSellerVariance(SellerVarianceResult sellers)
    {
        ArgumentNullException.ThrowIfNull(sellers);
        return With(_spec with { Execution = [.. _spec.Execution, f => SalesExecutionSections.SellerVariance(sellers, f)] });
    }

    /// <summary>Adds the why-we-lose section (loss reasons per segment and for ICP fit against non-fit).</summary>
    /// <param name="losses">The loss-reason analysis.</param>
    public ProfitYieldReportBuilder WithLossReasons(LossReasonsResult losses)
    {
        ArgumentNullException.ThrowIfNull(losses);
        return With(_spec with { Execution = [.. _spec.Execution, f => SalesExecutionSections.LossReasons(losses, f)] });
    }

    /// <summary>Adds the coaching-maturity section, with the external benchmark labelled as such.</summary>
    /// <param name="maturity">The assessment.</param>
    public ProfitYieldReportBuilder WithCoachingMaturity(CoachingMaturityResult maturity)
    {
        ArgumentNullException.ThrowIfNull(maturity);
        return With(_spec with { Execution = [.. _spec.Execution, f => SalesExecutionSections.Maturity(maturity, f)] });
    }

    /// <summary>Validates the options, runs what the report needs and returns the report. The builder is left as it was, so it can build again.</summary>
    /// <param name="cancellationToken">
    /// Stops the build between report sections and inside the long ones (the ICP's rule-search levels, the effects'
    /// segments); nothing is returned and nothing written (saving is a separate, atomic step).
    /// </param>
    /// <exception cref="InvalidOptionsException">One or more options are invalid; the message lists all of them.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public ProfitYieldReport Build(CancellationToken cancellationToken = default) => new ProfitYieldReportAssembly(_deals, _spec).Build(cancellationToken);

    /// <summary>The sentence each profit-yield section carries when the deals have no revenue (a lead or MQL export), or null.</summary>
    internal static string? NoRevenueSentence(string sectionId) => sectionId switch
    {
        SummarySection.Id => "No revenue column (a lead export, or --no-revenue): every deal counts as 1, so every yield in this report is a win rate and every per-hour yield is wins per effort hour; no figure is revenue or margin.",
        DataSection.Id => "No revenue column: each deal counts as 1, so the revenue figures below count deals and yields are win rates.",
        IcpSection.Id => "No revenue column: the profile's yields are win rates (wins per deal) and wins per effort hour, not margin.",
        SegmentYieldSection.Id => "No revenue column: each segment's yield is its win rate and its per-hour yield wins per effort hour, not margin.",
        WhaleCurveSection.Id => "No revenue column: accounts are ranked by wins, not by profit.",
        HoldoutSection.Id => "No revenue column: the holdout compares win rates (and wins per effort hour) of in-profile and other deals, not margin.",
        EffortEffectsSection.Id => "No revenue column: effects are on wins (each won deal counts 1), not on margin.",
        EffortAllocationSection.Id => "No revenue column: the allocation moves effort to where it wins the most deals per effort hour, not margin.",
        StatedProfileSection.Id => "No revenue column: the believed and discovered profiles are compared on win rates (wins per deal) and wins per effort hour, not margin.",
        MethodSection.Id => "No revenue column: every deal's revenue is taken as 1, so the yields described here are win rates and wins per effort hour.",
        _ => null,
    };
}

/// <summary>
/// One run of <see cref="ProfitYieldReportBuilder.Build"/>: the specification, read only, and what this run produced for the
/// summary. A new assembly per build, so a builder never changes and two builds never share state.
/// </summary>
internal sealed class ProfitYieldReportAssembly
{
    private readonly DealSet _deals;
    private readonly ProfitYieldReportOptions _options;
    private readonly DateOnly? _holdoutAfter;
    private readonly IProgress<ReportProgress>? _progress;
    private readonly string[]? _segmentBy;
    private readonly SegmentYieldTable? _segmentYield;
    private readonly WhaleCurve? _whaleCurve;
    private readonly IdealCustomerProfile? _icp;
    private readonly HoldoutValidation? _validation;
    private readonly Func<IcpOptions, IcpOptions>? _configureIcp;
    private readonly EffortEffects? _effects;
    private readonly EffortAllocation? _allocation;
    private readonly string[]? _efforts;
    private readonly IReadOnlyList<Func<ReportFormatter, ReportSection>> _execution;
    private readonly double? _costPerEffortHour;
    private readonly double? _budgetHours;

    // What this build produced, for the summary; the default holdout date, computed once.
    private bool _defaultHoldoutKnown;
    private DateOnly? _defaultHoldout;
    private IdealCustomerProfile? _builtIcp;
    private HoldoutValidation? _builtValidation;
    private string? _builtCaveat;
    private readonly EffortCovariance _effectsCovariance;
    private readonly int? _neweyWestLag;
    private EffortEffects? _builtEffects;
    private EffortAllocation? _builtAllocation;

    public ProfitYieldReportAssembly(DealSet deals, ProfitYieldReportBuilder.Specification spec)
    {
        _deals = deals;
        _options = spec.Options;
        _holdoutAfter = spec.HoldoutAfter;
        _progress = spec.Progress;
        _segmentBy = spec.SegmentBy is null ? null : [.. spec.SegmentBy];
        _segmentYield = spec.SegmentYield;
        _whaleCurve = spec.WhaleCurve;
        _icp = spec.Icp;
        _validation = spec.Validation;
        _configureIcp = spec.ConfigureIcp;
        _effects = spec.Effects;
        _allocation = spec.Allocation;
        _efforts = spec.Efforts is null ? null : [.. spec.Efforts];
        _execution = spec.Execution;
        _costPerEffortHour = spec.CostPerEffortHour;
        _budgetHours = spec.BudgetHours;
        _effectsCovariance = spec.EffectsCovariance;
        _neweyWestLag = spec.NeweyWestLag;
    }

    private CancellationToken _cancellation;

    /// <summary>Validates the specification and builds the report, checking <paramref name="cancellationToken"/> between and inside the long steps.</summary>
    public ProfitYieldReport Build(CancellationToken cancellationToken = default)
    {
        _cancellation = cancellationToken;
        cancellationToken.ThrowIfCancellationRequested();
        var problems = new List<string>(_options.Problems());
        if (_configureIcp is not null && _configureIcp(new IcpOptions()) is null)
            problems.Add("ConfigureIcp returned null; return the options, e.g. o => o with { MinDeals = 50 }.");
        if (_segmentBy is not null)
        {
            if (_segmentBy.Length == 0) problems.Add("SegmentBy was given no attribute; name at least one, e.g. SegmentBy(\"industry\").");
            foreach (string a in _segmentBy)
            {
                if (_deals.FindCategorical(a) is null && !_deals.HasNumericAttribute(a))
                    problems.Add($"SegmentBy names '{a}', which the deals do not have. Attributes: {_deals.AttributeNameList()}.");
            }
        }
        if (_efforts is not null && _effects is null)
        {
            if (_efforts.Length == 0) problems.Add("ForEfforts was given no effort; name at least one, e.g. ForEfforts(\"meetings\").");
            foreach (string name in _efforts)
            {
                if (!_deals.Efforts.Any(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)))
                    problems.Add($"ForEfforts names '{name}', which is not an effort count of the deals. Efforts: {(_deals.Efforts.Count == 0 ? "(none)" : string.Join(", ", _deals.Efforts.Select(c => c.Name)))}.");
            }
        }
        if (_holdoutAfter is DateOnly date && _validation is null)
        {
            (DateOnly? first, DateOnly? last) = _deals.DateRange();
            if (first is null || date <= first.Value || date > last!.Value)
                problems.Add(first is null
                    ? "The holdout date needs close dates, and no deal has one; leave the holdout date out."
                    : string.Create(CultureInfo.InvariantCulture, $"The holdout date {date:yyyy-MM-dd} must fall after the first close date {first:yyyy-MM-dd} and on or before the last {last:yyyy-MM-dd}, so that deals are on both sides."));
        }
        if (_costPerEffortHour is double cost)
        {
            if (!(cost >= 0) || !double.IsFinite(cost)) problems.Add(string.Create(CultureInfo.InvariantCulture, $"The cost per effort hour is {cost}; it must be a finite amount of 0 or more, e.g. WithCostPerEffortHour(85) (--cost-per-hour 85)."));
            else if (cost > 0 && _deals.EffortHours is null) problems.Add("A cost per effort hour is given but the deals have no effort hours; load an effort-hours column (--effort-hours-column) or leave the cost out.");
        }
        if (_budgetHours is double budget && (!(budget > 0) || !double.IsFinite(budget)))
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"The effort budget is {budget} hours; it must be a finite number above 0, e.g. WithEffortBudget(40000) (--budget-hours 40000)."));
        if (_options.StatedProfileRules is { Count: > 0 } stated && _deals.Count > 0)
        {
            // The rule text is checked on every deal before any work, so a typo stops the report with the rule and the fix.
            try
            {
                StatedRules.Build(_deals, IcpBuilder().Options, stated, _options.StatedContext());
            }
            catch (InvalidOptionsException ex)
            {
                problems.AddRange(ex.Problems);
            }
        }
        Throw.IfAny(problems);
        var f = new ReportFormatter(_options.Culture, _options.CurrencySymbol, winsNotMoney: !_deals.HasRevenue);

        var steps = new List<(string Name, Func<IEnumerable<ReportSection>> Make)>
        {
            ("Summarizing the data", () => [DataSection.Build(_deals, _options, _holdoutAfter ?? _validation?.Cutoff ?? DefaultHoldoutDate())]),
            ("Discovering the ICP and validating it on later deals", () => IcpAndHoldout(f)),
            ("Measuring segment yield", () => [SegmentYields(f), .. DealAttributeSection.Build(_deals, f) is { } howWeSell ? [howWeSell] : (ReportSection[])[]]),
            ("Tracing the whale curve", () => [Whale(f)]),
            ("Estimating effort effects and the allocation", () => EffectsAndAllocation(f)),
            ("Writing the method", () => [MethodSection.Build(_deals.YieldFallsBackToRevenue)]),
        };
        if (_execution.Count > 0) steps.Add(("Adding the sales-execution sections", () => [.. _execution.Select(section => section(f))]));
        var sections = new List<ReportSection>();
        for (int i = 0; i < steps.Count; i++)
        {
            _cancellation.ThrowIfCancellationRequested();
            _progress?.Report(new ReportProgress(steps[i].Name, i, steps.Count));
            sections.AddRange(steps[i].Make());
        }
        _cancellation.ThrowIfCancellationRequested();
        _progress?.Report(new ReportProgress("Done", steps.Count, steps.Count));
        sections.Insert(0, SummarySection.Build(new SummarySection.Inputs(_deals, _builtIcp, _builtValidation, _builtCaveat, _builtEffects, _builtAllocation,
            _costPerEffortHour, [.. sections.Where(s => !s.IsPresent)]), f));
        string[] order = [SummarySection.Id, DataSection.Id, IcpSection.Id, StatedProfileSection.Id, SegmentYieldSection.Id, DealAttributeSection.Id, WhaleCurveSection.Id, HoldoutSection.Id, EffortEffectsSection.Id, EffortAllocationSection.Id,
            SalesExecutionSections.SurveyId, SalesExecutionSections.FunnelId, SalesExecutionSections.FunnelChangeId, SalesExecutionSections.RepFollowUpId, SalesExecutionSections.CoachingId, SalesExecutionSections.CoachingImpactId, SalesExecutionSections.MaturityId, SalesExecutionSections.SellerVarianceId, SalesExecutionSections.LossReasonsId, MethodSection.Id];
        if (!_deals.HasRevenue)
        {
            for (int i = 0; i < sections.Count; i++) sections[i] = SayNoRevenue(sections[i]);
        }
        // A stable sort: sections of equal rank keep the order they were built in.
        return ProfitYieldReport.FromSections(sections.OrderBy(s => Rank(s.Id)), _options, Subtitle(_deals, f));

        int Rank(string id)
        {
            int k = Array.IndexOf(order, id);
            return k < 0 ? order.Length - 1 : k;
        }
    }

    /// <summary>The default holdout date: the close date at the (1 − HoldoutShare) quantile of close dates; null when off or impossible.</summary>
    private DateOnly? DefaultHoldoutDate()
    {
        // Sorting every close date is the costly part on large deal sets; the data and holdout sections both ask, so sort once per Build.
        if (!_defaultHoldoutKnown)
        {
            _defaultHoldout = ComputeDefaultHoldoutDate();
            _defaultHoldoutKnown = true;
        }
        return _defaultHoldout;
    }

    private DateOnly? ComputeDefaultHoldoutDate()
    {
        if (_options.HoldoutShare <= 0 || _icp is not null && _holdoutAfter is null) return null;
        int[] all = _deals.ClosedDays;
        int[]? rows = _deals.Rows;
        int n = _deals.Count;
        int m = 0, min = int.MaxValue, max = int.MinValue;
        for (int i = 0; i < n; i++)
        {
            int d = all[rows is null ? i : rows[i]];
            if (d == DealSet.MissingDay) continue;
            m++;
            if (d < min) min = d;
            if (d > max) max = d;
        }
        if (m < 2) return null;
        int k = Math.Clamp((int)Math.Floor((1 - _options.HoldoutShare) * m), 1, m - 1);
        int cut;
        long range = (long)max - min + 1;
        if (range <= 4L * m + 4096)
        {
            // Close dates span a few years of days: the k-th smallest by counting days, not by sorting a million of them (same day).
            var counts = new int[range];
            for (int i = 0; i < n; i++)
            {
                int d = all[rows is null ? i : rows[i]];
                if (d != DealSet.MissingDay) counts[d - min]++;
            }
            int j = 0;
            for (long below = counts[0]; below <= k; below += counts[++j]) { }
            cut = min + j;
        }
        else
        {
            var days = new int[m];
            int w = 0;
            for (int i = 0; i < n; i++)
            {
                int d = all[rows is null ? i : rows[i]];
                if (d != DealSet.MissingDay) days[w++] = d;
            }
            Array.Sort(days);
            cut = days[k];
        }
        if (cut <= min) return null;
        return DateOnly.FromDayNumber(cut);
    }

    private IcpBuilder IcpBuilder()
    {
        int degree = _options.MaxDegreeOfParallelism;
        IcpBuilder builder = _deals.Icp().Configure(o => o with { MaxDegreeOfParallelism = degree });
        if (_segmentBy is not null) builder = builder.SegmentBy(_segmentBy);
        if (_configureIcp is not null) builder = builder.Configure(_configureIcp);
        return builder;
    }

    private static ReportSection SayNoRevenue(ReportSection section)
    {
        section = NoRevenueSection.Relabel(section);
        if (ProfitYieldReportBuilder.NoRevenueSentence(section.Id) is not string sentence) return section;
        return section.IsPresent
            ? section with { Findings = [new ReportFinding(sentence) { Topic = "No revenue" }, .. section.Findings] }
            : section with { MissingReason = section.MissingReason + " " + sentence };
    }

    private IEnumerable<ReportSection> IcpAndHoldout(ReportFormatter f)
    {
        IdealCustomerProfile? icp = _icp ?? _validation?.Profile;
        HoldoutValidation? validation = _validation;
        string? caveat = null, builtOn = null;
        string? icpMissing = null, holdoutMissing = null;
        DateOnly? cut = _holdoutAfter ?? validation?.Cutoff ?? DefaultHoldoutDate();
        string cutText = cut is DateOnly c0 ? c0.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "";
        if (validation is null && cut is DateOnly c)
        {
            try
            {
                if (icp is not null)
                {
                    DealSet later = _deals.ClosedOnOrAfter(c);
                    int before = _deals.ClosedBefore(c).Count;
                    if (later.Count == 0) holdoutMissing = $"No deal closed on or after {cutText}, so the profile cannot be tested on later deals.";
                    else validation = icp.Validate(later) with { Cutoff = c };
                    if (icp.TrainingDeals > before)
                        caveat = $"The profile given was built on {f.Format(icp.TrainingDeals, ReportValueKind.Count)} deals, more than the {f.Format(before, ReportValueKind.Count)} closed before {cutText}: it may have seen some of these later deals, which would flatter this check. Build it on earlier deals only for an honest test.";
                }
                else
                {
                    validation = IcpBuilder().ValidateOnDealsClosedAfter(c, _cancellation);
                    icp = validation.Profile;
                    builtOn = $" closed before {cutText} (the later deals are held out to test it below)";
                }
            }
            catch (InvalidOptionsException ex)
            {
                if (icp is null) icpMissing = "The ICP could not be searched on the deals closed before the holdout date: " + ex.Message;
                holdoutMissing = "The ICP could not be validated: " + ex.Message;
            }
        }
        if (icp is null && icpMissing is null)
        {
            try
            {
                icp = IcpBuilder().Build(_cancellation);
                builtOn = " (all deals)";
            }
            catch (InvalidOptionsException ex)
            {
                icpMissing = "The ICP could not be searched: " + ex.Message;
            }
        }
        if (validation is null && holdoutMissing is null)
        {
            holdoutMissing = _options.HoldoutShare <= 0 || _icp is not null
                ? "No holdout date was given, so the profile is not tested on later deals. Give one (ValidateOnDealsClosedAfter, or --holdout-after) to see whether ICP-fit deals really yield more on deals the profile never saw."
                : "The deals' close dates do not allow a holdout split (too few dated deals). Give a holdout date, or load close dates.";
        }
        _builtIcp = icp;
        _builtValidation = validation;
        _builtCaveat = caveat;
        yield return icp is null ? ReportSection.Missing(IcpSection.Id, IcpSection.Title, icpMissing!) : IcpSection.Build(icp, f, builtOn, _deals);
        yield return validation is null ? ReportSection.Missing(HoldoutSection.Id, HoldoutSection.Title, holdoutMissing!) : HoldoutSection.Build(validation, f, _options.MaxCurvePoints, caveat);
        if (_options.StatedProfileRules is { Count: > 0 } stated) yield return Stated(stated, icp, validation, f);
    }

    /// <summary>
    /// The believed profile, built on the deals the discovered one was built on (those closed before the holdout date, else all),
    /// tested on the same later deals, and compared with the discovered profile on both.
    /// </summary>
    private ReportSection Stated(IReadOnlyList<string> rules, IdealCustomerProfile? discovered, HoldoutValidation? validation, ReportFormatter f)
    {
        DateOnly? cut = validation?.Cutoff;
        DealSet training = cut is DateOnly c ? _deals.ClosedBefore(c) : _deals;
        DealSet? later = cut is DateOnly c2 ? _deals.ClosedOnOrAfter(c2) : null;
        if (training.Count == 0)
            return ReportSection.Missing(StatedProfileSection.Id, StatedProfileSection.Title, "There are no closed deals to test the believed profile on.");
        IcpOptions icpOptions = IcpBuilder().Options;
        IdealCustomerProfile believed = StatedRules.Build(training, icpOptions, rules, _options.StatedContext());
        HoldoutValidation? believedLater = later is { Count: > 0 } ? HoldoutValidation.Compute(believed, later, cut) : null;
        var yieldOptions = new SegmentYieldOptions
        {
            MinDeals = icpOptions.MinDeals, ConfidenceLevel = icpOptions.ConfidenceLevel,
            TreatDealsAsIndependent = icpOptions.TreatDealsAsIndependent, MaxDegreeOfParallelism = _options.MaxDegreeOfParallelism,
        };
        ProfileAgreement? onTraining = discovered is null ? null : ProfileAgreement.Compare(believed, discovered, training, yieldOptions);
        ProfileAgreement? onLater = discovered is null || later is not { Count: > 0 } ? null : ProfileAgreement.Compare(believed, discovered, later, yieldOptions);
        return StatedProfileSection.Build(new StatedProfileSection.Inputs(believed, discovered, believedLater, validation, onTraining, onLater, _deals.HasRevenue), f);
    }

    private IEnumerable<ReportSection> EffectsAndAllocation(ReportFormatter f)
    {
        EffortEffects? effects = _effects;
        string? missing = null;
        if (effects is null)
        {
            string[] efforts = _efforts ?? [.. _deals.Efforts.Select(c => c.Name)];
            string? attribute = _segmentBy?.FirstOrDefault() ?? FirstAccountCategorical()?.Name;
            if (efforts.Length == 0)
            {
                missing = "The deals have no effort counts (meetings, demos, calls …), so there is nothing to estimate. Load effort columns to see what effort returns in margin.";
            }
            else
            {
                int degree = _options.MaxDegreeOfParallelism;
                var controls = new List<string> { _deals.Revenue.Name };
                if (_deals.Reps.LevelArray.Length > 1) controls.Add("rep");
                AttributeRoles roles = _deals.AttributeRoles;
                foreach (CategoricalColumn c in _deals.CategoricalAttributes)
                {
                    if (!string.Equals(c.Name, attribute, StringComparison.OrdinalIgnoreCase) && roles.Of(c.Name)?.Role != AttributeRole.Excluded) controls.Add(c.Name);
                }
                foreach (NumericColumn c in _deals.NumericAttributes)
                {
                    if (!string.Equals(c.Name, attribute, StringComparison.OrdinalIgnoreCase) && roles.Of(c.Name)?.Role != AttributeRole.Excluded) controls.Add(c.Name);
                }
                try
                {
                    EffortEffectsBuilder builder = _deals.EffortEffects().Of(efforts).Controlling([.. controls]).Using(Estimator.Regression(_effectsCovariance)).Configure(o => o with { MaxDegreeOfParallelism = degree, NeweyWestLag = _neweyWestLag });
                    if (attribute is not null)
                    {
                        DealSet deals = _deals;
                        if (deals.FindCategorical(attribute) is null)
                        {
                            deals = deals.WithQuantileBands(attribute);
                            builder = deals.EffortEffects().Of(efforts).Controlling([.. controls]).Using(Estimator.Regression(_effectsCovariance)).Configure(o => o with { MaxDegreeOfParallelism = degree, NeweyWestLag = _neweyWestLag });
                        }
                        builder = builder.PerAttribute(attribute);
                    }
                    effects = builder.Build(_cancellation);
                }
                catch (InvalidOptionsException ex)
                {
                    missing = "The effort effects could not be estimated: " + ex.Message;
                }
                catch (ModelFitException ex)
                {
                    missing = "The effort effects could not be estimated: " + ex.Message;
                }
            }
        }
        _builtEffects = effects;
        yield return effects is null ? ReportSection.Missing(EffortEffectsSection.Id, EffortEffectsSection.Title, missing!) : EffortEffectsSection.Build(effects, f);

        EffortAllocation? allocation = _allocation;
        string? allocationMissing = effects is null ? "The allocation needs effort effects, which are not in this report (see above)." : null;
        if (allocation is null && effects is not null)
        {
            try
            {
                allocation = effects.Allocate(_budgetHours ?? effects.TodaysSpend(EffortBudgetUnit.Hours), EffortBudgetUnit.Hours);
            }
            catch (IcpAnalyticsException) when (_budgetHours is null)
            {
                try
                {
                    allocation = effects.Allocate(effects.TodaysSpend(EffortBudgetUnit.Units), EffortBudgetUnit.Units);
                }
                catch (IcpAnalyticsException ex)
                {
                    allocationMissing = "Today's effort could not be reallocated: " + ex.Message;
                }
            }
            catch (IcpAnalyticsException ex)
            {
                allocationMissing = "The effort budget could not be allocated: " + ex.Message;
            }
        }
        _builtAllocation = allocation;
        yield return allocation is null ? ReportSection.Missing(EffortAllocationSection.Id, EffortAllocationSection.Title, allocationMissing!)
            : EffortAllocationSection.Build(allocation, f, BudgetOrigin(effects, allocation, f), _costPerEffortHour);
    }

    /// <summary>
    /// Where the allocation's budget comes from, in words: the hours given, or today's hours of the analysed efforts at their
    /// hours per unit, and how that differs from the effort hours recorded on the deals (fixed per-deal time no effort count explains).
    /// </summary>
    private string BudgetOrigin(EffortEffects? effects, EffortAllocation allocation, ReportFormatter f)
    {
        if (_allocation is not null || effects is null)
            return $"The allocation was computed before the report, with a budget of {f.Format(allocation.Budget, ReportValueKind.Count)} {(allocation.Unit == EffortBudgetUnit.Hours ? "effort hours" : "effort units")}.";
        bool hours = allocation.Unit == EffortBudgetUnit.Hours;
        string perUnit = string.Join(", ", effects.HoursPerUnit.Where(h => h.Hours is not null)
            .Select(h => $"{h.Effort} {h.Hours!.Value.ToString("0.##", f.Culture)} h"));
        string today = hours
            ? $"Today's spend, {f.Format(allocation.TodaySpend, ReportValueKind.Count)} effort hours, is each analysed effort's count × its hours per unit ({perUnit}), "
              + "estimated from the effort-hours column by a regression that separates the time of each effort from fixed time per deal."
            : $"Today's spend is {f.Format(allocation.TodaySpend, ReportValueKind.Count)} effort units (meetings, demos … counted alike), because hours per unit are unknown.";
        double recorded = 0;
        if (hours && _deals.EffortHours is NumericColumn column)
        {
            for (int i = 0; i < _deals.Count; i++)
            {
                double h = column[i];
                if (!double.IsNaN(h)) recorded += h;
            }
        }
        string gap = hours && recorded > allocation.TodaySpend + 0.5
            ? $" The deals record {f.Format(recorded, ReportValueKind.Count)} effort hours in all (the data section's figure); the other "
              + $"{f.Format(recorded - allocation.TodaySpend, ReportValueKind.Count)} hours are time no effort count explains (fixed time per deal, other activities, deals left out of the estimate), which moving efforts cannot shift."
            : "";
        string budget = _budgetHours is double b
            ? $"The budget, {f.Format(b, ReportValueKind.Count)} effort hours, was given (--budget-hours / WithEffortBudget). "
            : "The budget is today's spend (reallocate, do not add); give another with --budget-hours (WithEffortBudget). ";
        return budget + today + gap;
    }

    private ReportSection SegmentYields(ReportFormatter f)
    {
        if (_segmentYield is not null) return SegmentYieldSection.Build(_segmentYield, f, _deals);
        if (_deals.Count == 0) return ReportSection.Missing(SegmentYieldSection.Id, SegmentYieldSection.Title, "There are no closed deals to group.");
        string[]? by = _segmentBy;
        if (by is null)
        {
            CategoricalColumn? first = FirstAccountCategorical();
            if (first is null)
                return ReportSection.Missing(SegmentYieldSection.Id, SegmentYieldSection.Title,
                    "The deals have no categorical account attribute (such as industry or region) to group them by. Load one, or name a numeric one with SegmentBy (it is cut into quartile bands).");
            by = [first.Name];
        }
        return SegmentYieldSection.Build(_deals.SegmentYield(by, new SegmentYieldOptions { MaxDegreeOfParallelism = _options.MaxDegreeOfParallelism }), f, _deals);
    }

    /// <summary>The first categorical account attribute (see <see cref="DealSet.AttributeRoles"/>), else the first categorical attribute not excluded.</summary>
    private CategoricalColumn? FirstAccountCategorical()
    {
        AttributeRoles roles = _deals.AttributeRoles;
        return _deals.CategoricalAttributes.FirstOrDefault(c => roles.Of(c.Name)?.Role == AttributeRole.AccountAttribute)
            ?? _deals.CategoricalAttributes.FirstOrDefault(c => roles.Of(c.Name)?.Role != AttributeRole.Excluded);
    }

    private ReportSection Whale(ReportFormatter f)
    {
        if (_whaleCurve is not null) return WhaleCurveSection.Build(_whaleCurve, f, _options.MaxCurvePoints);
        if (_deals.Count == 0) return ReportSection.Missing(WhaleCurveSection.Id, WhaleCurveSection.Title, "There are no closed deals to rank accounts by.");
        return WhaleCurveSection.Build(_deals.WhaleCurve(new WhaleCurveOptions { CostPerEffortHour = _costPerEffortHour ?? 0 }), f, _options.MaxCurvePoints);
    }

    private static string Subtitle(DealSet deals, ReportFormatter f)
    {
        (DateOnly? first, DateOnly? last) = deals.DateRange();
        string range = first is null ? "" : string.Create(CultureInfo.InvariantCulture, $", closed {first:yyyy-MM-dd} to {last:yyyy-MM-dd}");
        return $"{DataSection.FileName(deals.LoadReport.Source)}: {f.Format(deals.Count, ReportValueKind.Count)} closed deals{range}";
    }
}
