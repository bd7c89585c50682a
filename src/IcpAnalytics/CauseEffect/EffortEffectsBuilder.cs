using System.Globalization;
using IcpAnalytics.Data;

namespace IcpAnalytics.CauseEffect;

/// <summary>The entry to cause-effect models of sales effort: <c>deals.EffortEffects()</c>.</summary>
public static class EffortEffectsExtensions
{
    /// <summary>Starts a cause-effect model of effort on margin for these deals.</summary>
    /// <param name="deals">Closed deals, won and lost.</param>
    public static EffortEffectsBuilder EffortEffects(this DealSet deals) => new(deals);
}

/// <summary>
/// Configures an effort-effects model (efforts, controls, segments, outcome, transform, estimator, seed). Immutable, like
/// <see cref="IcpAnalytics.Icp.IcpBuilder"/>: every method returns a new builder and leaves this one as it was, so one builder
/// can be the parent of several specifications. <see cref="Build"/> validates everything at once and returns an immutable
/// <see cref="EffortEffects"/>; it may be called any number of times.
/// </summary>
public sealed class EffortEffectsBuilder
{
    /// <summary>What a builder has collected; every builder method returns a copy with one part changed.</summary>
    private sealed record Specification
    {
        public IReadOnlyList<string> Efforts { get; init; } = [];
        public IReadOnlyList<string> Controls { get; init; } = [];
        public string? Attribute { get; init; }
        public EffortSegmentation? Segmentation { get; init; }
        public EffortOutcome Outcome { get; init; } = EffortOutcome.MarginPerOpportunity;
        public string? OutcomeColumn { get; init; }
        public EffortTransform Transform { get; init; } = EffortTransform.Log1p;
        public Estimator Estimator { get; init; } = Estimator.Regression();
        public EffortEffectsOptions Options { get; init; } = new();
    }

    private readonly DealSet _deals;
    private readonly Specification _spec;

    internal EffortEffectsBuilder(DealSet deals)
        : this(deals, new Specification())
    {
    }

    private EffortEffectsBuilder(DealSet deals, Specification spec)
    {
        ArgumentNullException.ThrowIfNull(deals);
        _deals = deals;
        _spec = spec;
    }

    /// <summary>The options so far.</summary>
    public EffortEffectsOptions Options => _spec.Options;

    private EffortEffectsBuilder With(Specification spec) => new(_deals, spec);

    /// <summary>The efforts whose effects to estimate (effort columns such as "meetings", "demos"), added to any named before.</summary>
    /// <param name="efforts">Effort names.</param>
    public EffortEffectsBuilder Of(params string[] efforts)
    {
        ArgumentNullException.ThrowIfNull(efforts);
        return With(_spec with { Efforts = [.. _spec.Efforts, .. efforts] });
    }

    /// <summary>
    /// The confounders to control (added to any named before): any attribute or deal column, categorical (industry, rep,
    /// region, banded size) or numeric (revenue, discount). A numeric control may name its scale: <c>"log(revenue)"</c>,
    /// <c>"log1p(discount)"</c> or <c>"linear(revenue)"</c>; a plain name enters linearly unless its values are non-negative
    /// and skewed (skewness above 2, as money usually is), in which case it is logged and the result's warnings say so.
    /// A numeric control may also take a flexible shape: <c>"bands(employees, 5)"</c> (5 quantile bands entering as
    /// categories), <c>"spline(revenue, 4)"</c> (a natural cubic spline with 4 degrees of freedom: knots at equally spaced
    /// quantiles from the 5th to the 95th percentile, linear beyond them; <c>"spline(log(revenue), 4)"</c> on the log
    /// scale), <c>"by(revenue, region)"</c> (a slope of revenue per level of region, region entering as a control too) or
    /// <c>"by_segment(revenue)"</c> (a slope per segment: each segment is fitted on its own, so this is revenue's own slope
    /// in every segment, as a note says). Any other form is refused with the list of forms.
    /// </summary>
    /// <param name="controls">Column names.</param>
    public EffortEffectsBuilder Controlling(params string[] controls)
    {
        ArgumentNullException.ThrowIfNull(controls);
        return With(_spec with { Controls = [.. _spec.Controls, .. controls] });
    }

    /// <summary>Estimates effects separately per level of a categorical attribute (deals missing it form a segment of their own).</summary>
    /// <param name="attribute">A categorical or banded attribute, e.g. "industry".</param>
    public EffortEffectsBuilder PerAttribute(string attribute)
    {
        ArgumentNullException.ThrowIfNull(attribute);
        return With(_spec with { Attribute = attribute, Segmentation = null });
    }

    /// <summary>Estimates effects separately per segment of any segmentation, e.g. the rules of an ideal customer profile.</summary>
    /// <param name="segmentation">Maps each deal to a segment.</param>
    public EffortEffectsBuilder Per(EffortSegmentation segmentation)
    {
        ArgumentNullException.ThrowIfNull(segmentation);
        return With(_spec with { Segmentation = segmentation, Attribute = null });
    }

    /// <summary>Estimates effects separately for deals that fit an ideal customer profile and deals that do not (see <see cref="EffortSegmentation.IcpFit"/>).</summary>
    /// <param name="profile">The profile.</param>
    public EffortEffectsBuilder Per(IcpAnalytics.Icp.IdealCustomerProfile profile) => Per(EffortSegmentation.IcpFit(profile));

    /// <summary>Estimates effects per segment given by a function of the deal's position.</summary>
    /// <param name="name">What the segmentation is called.</param>
    /// <param name="segmentNames">The segments' names.</param>
    /// <param name="segmentOf">The segment of the deal at a position, or −1 to leave it out.</param>
    public EffortEffectsBuilder Per(string name, IReadOnlyList<string> segmentNames, Func<DealSet, int, int> segmentOf) =>
        Per(EffortSegmentation.Custom(name, segmentNames, segmentOf));

    /// <summary>What the effects are on. The default is <see cref="EffortOutcome.MarginPerOpportunity"/>.</summary>
    /// <param name="outcome">The outcome.</param>
    public EffortEffectsBuilder Outcome(EffortOutcome outcome)
    {
        if (outcome == EffortOutcome.Column)
            throw new InvalidOptionsException(["EffortOutcome.Column needs the column's name: use OutcomeColumn(\"cycle_days\") (any numeric column of the deals)."]);
        return With(_spec with { Outcome = outcome, OutcomeColumn = null });
    }

    /// <summary>
    /// The effects are on any numeric column of the deals instead of margin or winning: cycle days, discount, revenue, or
    /// any numeric attribute or effort column, e.g. <c>OutcomeColumn("cycle_days")</c>. Won and lost deals alike enter;
    /// deals without a value are left out and counted. The deals need no revenue for a column outcome
    /// (<c>WithoutRevenue()</c> when loading), and figures are currency only when the column is the revenue or the margin.
    /// </summary>
    /// <param name="column">A numeric column of the deals.</param>
    public EffortEffectsBuilder OutcomeColumn(string column)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(column);
        return With(_spec with { Outcome = EffortOutcome.Column, OutcomeColumn = column.Trim() });
    }

    /// <summary>The diminishing-returns shape of effort. The default is <see cref="EffortTransform.Log1p"/>.</summary>
    /// <param name="transform">The transform.</param>
    public EffortEffectsBuilder Transform(EffortTransform transform)
    {
        ArgumentNullException.ThrowIfNull(transform);
        return With(_spec with { Transform = transform });
    }

    /// <summary>The estimator. The default is <see cref="Estimator.Regression"/> with HC3 standard errors.</summary>
    /// <param name="estimator">Regression or double ML.</param>
    public EffortEffectsBuilder Using(Estimator estimator)
    {
        ArgumentNullException.ThrowIfNull(estimator);
        return With(_spec with { Estimator = estimator });
    }

    /// <summary>The seed of every random step. The default is <see cref="EffortEffectsOptions.DefaultSeed"/>.</summary>
    /// <param name="seed">The seed.</param>
    public EffortEffectsBuilder Seed(int seed) => With(_spec with { Options = _spec.Options with { Seed = seed } });

    /// <summary>Sets any option (confidence level, checks, tolerances, hours per unit).</summary>
    /// <param name="configure">Returns the options to use from the current ones, e.g. <c>o =&gt; o with { ConfidenceLevel = 0.9 }</c>.</param>
    /// <exception cref="InvalidOptionsException"><paramref name="configure"/> returned null.</exception>
    public EffortEffectsBuilder Configure(Func<EffortEffectsOptions, EffortEffectsOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return With(_spec with { Options = Throw.IfConfiguredNull(configure(_spec.Options), "o => o with { ConfidenceLevel = 0.9 }") });
    }

    /// <summary>Names the outcome of a column outcome, and says whether it is money (the revenue or margin column).</summary>
    private EffortEffects Named(EffortEffects effects, NumericColumn? outcomeColumn)
    {
        if (outcomeColumn is null) return effects;
        bool money = (_deals.HasRevenue && ReferenceEquals(outcomeColumn, _deals.Revenue)) || ReferenceEquals(outcomeColumn, _deals.GrossMargin);
        return effects with { OutcomeName = outcomeColumn.Name, OutcomeIsMoney = money };
    }

    private static bool IsZeroOne(NumericColumn column)
    {
        var values = new double[column.Count];
        column.CopyTo(values);
        foreach (double v in values)
        {
            if (!double.IsNaN(v) && v != 0 && v != 1) return false;
        }
        return true;
    }

    /// <summary>Validates the specification (every problem at once) and fits the model; the builder is left as it was, so it can fit again.</summary>
    /// <exception cref="InvalidOptionsException">An effort, control or segment attribute is unknown, or an option is out of range; the message lists every problem and the valid choices.</exception>
    /// <param name="cancellationToken">Stops the fit between segments (and the segments' parallel pass); nothing is returned.</param>
    /// <exception cref="ModelFitException">No deal has usable values, or an effort does not vary at all.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public EffortEffects Build(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Specification spec = _spec;
        var problems = spec.Options.Problems();
        var efforts = new List<string>();
        if (spec.Efforts.Count == 0)
            problems.Add($"No effort given; name at least one with Of(...). Efforts: {string.Join(", ", _deals.EffortNames)}.");
        foreach (string e in spec.Efforts)
        {
            NumericColumn? column = _deals.FindEffort(e);
            if (column is null) problems.Add($"The deals have no effort column '{e}'. Efforts: {DealSet.NameList(_deals.EffortNames)}.");
            else if (efforts.Contains(column.Name, StringComparer.OrdinalIgnoreCase)) problems.Add($"Effort '{e}' is given twice; give each effort once.");
            else efforts.Add(column.Name);
        }
        var numeric = new List<string>();
        var terms = new List<ControlTerm>();
        var categorical = new List<string>();
        var byAttributes = new List<string>();
        foreach (string given in spec.Controls)
        {
            ControlTerm? term = ControlTerm.Parse(given, out string? parseProblem);
            if (term is null) { problems.Add(parseProblem!); continue; }
            string c = term.Column;
            CategoricalColumn? cat = _deals.FindCategorical(c);
            NumericColumn? num = cat is null ? _deals.FindNumeric(c) : null;
            if (cat is null && num is null)
            {
                problems.Add($"The deals have no column '{c}' to control for. Categorical: {string.Join(", ", _deals.CategoricalAttributes.Select(a => a.Name).Append(_deals.Reps.Name).Append(_deals.Accounts.Name))}; numeric: {string.Join(", ", _deals.AllNumeric().Select(a => a.Name))}.");
                continue;
            }
            string name = cat?.Name ?? num!.Name;
            if (efforts.Contains(name, StringComparer.OrdinalIgnoreCase)) { problems.Add($"'{c}' is an effort being estimated; it cannot also be a control."); continue; }
            if (num is not null && _deals.GrossMargin is not null && ReferenceEquals(num, _deals.GrossMargin)) { problems.Add($"'{c}' is the outcome's margin; controlling for it would remove the effect being measured."); continue; }
            if (cat is not null)
            {
                if (term.Form != ControlForm.Plain || term.Scale != EffortData.ControlScale.Auto) { problems.Add($"'{c}' is categorical; {given} applies to numeric controls only. Give it as \"{c}\"."); continue; }
                if (!categorical.Contains(name)) categorical.Add(name);
                continue;
            }
            term = term with { Column = name };
            if (term.Form == ControlForm.By)
            {
                CategoricalColumn? by = _deals.FindCategorical(term.ByAttribute!);
                if (by is null)
                {
                    problems.Add($"In '{given}', the deals have no categorical attribute '{term.ByAttribute}' whose levels would get their own slope. Categorical: {string.Join(", ", _deals.CategoricalAttributes.Select(a => a.Name).Append(_deals.Reps.Name))}.");
                    continue;
                }
                term = term with { ByAttribute = by.Name };
                if (!byAttributes.Contains(by.Name)) byAttributes.Add(by.Name);
            }
            if (terms.Any(t => t.Key == term.Key)) continue;
            numeric.Add(name);
            terms.Add(term);
        }
        // The attribute of by(x, attribute) enters as a categorical control too, so each level has its own intercept.
        foreach (string by in byAttributes)
        {
            if (!categorical.Contains(by)) categorical.Add(by);
        }
        NumericColumn? outcomeColumn = null;
        if (spec.OutcomeColumn is not null)
        {
            outcomeColumn = _deals.FindNumeric(spec.OutcomeColumn) ?? _deals.FindEffort(spec.OutcomeColumn);
            if (outcomeColumn is null)
                problems.Add($"The deals have no numeric column '{spec.OutcomeColumn}' for OutcomeColumn(...). Numeric: {string.Join(", ", _deals.AllNumeric().Select(a => a.Name))}.");
            else if (efforts.Contains(outcomeColumn.Name, StringComparer.OrdinalIgnoreCase))
                problems.Add($"'{spec.OutcomeColumn}' is an effort being estimated; it cannot also be the outcome. Drop it from Of(...) or choose another OutcomeColumn(...).");
            else if (terms.Any(t => string.Equals(t.Column, outcomeColumn.Name, StringComparison.OrdinalIgnoreCase)))
                problems.Add($"'{spec.OutcomeColumn}' is the outcome; controlling for it would remove the effect being measured. Drop it from Controlling(...).");
        }
        CategoricalColumn? segmentAttribute = null;
        if (spec.Attribute is not null)
        {
            segmentAttribute = _deals.FindCategorical(spec.Attribute);
            if (segmentAttribute is null)
                problems.Add($"The deals have no categorical attribute '{spec.Attribute}' to segment by. Categorical attributes: {string.Join(", ", _deals.CategoricalAttributes.Select(a => a.Name))}" +
                    (_deals.FindNumeric(spec.Attribute) is not null ? $"; '{spec.Attribute}' is numeric: band it with WithBands(\"{spec.Attribute}\", edges)." : "."));
        }
        if (spec.Estimator.Kind == EffortEstimatorKind.DoubleMl && spec.Estimator.Folds < 2)
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"Double ML folds is {spec.Estimator.Folds}; use at least 2 (5 is the default)."));
        bool interactive = false;
        if (spec.Estimator.Kind == EffortEstimatorKind.DoubleMl && efforts.Count > 0 && efforts.Count == spec.Efforts.Count)
        {
            var notBinary = efforts.Where(e => !IsZeroOne(_deals.Effort(e))).ToList();
            if (spec.Estimator.Model == DoubleMlModel.Interactive && notBinary.Count > 0)
                problems.Add($"The interactive (AIPW) model needs 0/1 efforts; {string.Join(", ", notBinary)} {(notBinary.Count == 1 ? "has" : "have")} other values. Use DoubleMlModel.PartiallyLinear, or code the effort as had it (1) or not (0).");
            interactive = spec.Estimator.Model == DoubleMlModel.Interactive || (spec.Estimator.Model == DoubleMlModel.Automatic && notBinary.Count == 0);
        }
        Throw.IfAny(problems);
        Estimator chosen = spec.Estimator.Kind == EffortEstimatorKind.DoubleMl
            ? spec.Estimator.WithModel(interactive ? DoubleMlModel.Interactive : DoubleMlModel.PartiallyLinear)
            : spec.Estimator;
        EffortTransform transform = interactive ? EffortTransform.Binary : spec.Transform;

        EffortData data = EffortData.Gather(_deals, [.. efforts], [.. numeric], [.. categorical], spec.Segmentation, segmentAttribute, spec.Outcome, transform, spec.Estimator.Covariance, [.. terms], spec.Options.MaxDegreeOfParallelism, outcomeColumn);
        if (data.Rows == 0)
            throw new ModelFitException($"No deal can enter the model ({string.Join("; ", data.LeftOut)}). Check the outcome, effort and control columns.");
        for (int j = 0; j < efforts.Count; j++)
        {
            double[] raw = data.RawEfforts[j];
            bool varies = false;
            for (int r = 1; r < raw.Length; r++)
            {
                if (raw[r] != raw[0]) { varies = true; break; }
            }
            if (!varies)
                throw new ModelFitException(string.Create(CultureInfo.InvariantCulture, $"'{efforts[j]}' does not vary: all {data.Rows:N0} deals have the same count, so its effect cannot be estimated. Drop it from Of(...) or use data where it varies."));
        }

        cancellationToken.ThrowIfCancellationRequested();
        int segments = data.SegmentNames.Length;
        var fits = new SegmentFit[segments];
        EffortEffectsOptions options = spec.Options;
        Estimator estimator = chosen;
        Parallel.For(0, segments, Parallelism.Options(options.MaxDegreeOfParallelism, cancellationToken), s =>
        {
            fits[s] = estimator.Kind == EffortEstimatorKind.Regression
                ? RegressionEngine.Fit(data, s, options)
                : interactive
                    ? InteractiveDoubleMlEngine.Fit(data, s, options, estimator)
                    : DoubleMlEngine.Fit(data, s, options, estimator);
        });
        cancellationToken.ThrowIfCancellationRequested();
        string? segmentedBy = segmentAttribute?.Name ?? spec.Segmentation?.Name;
        string[] controlNames = data.ControlNames ?? [.. data.NumericNames, .. categorical];
        EffortEffects result = Named(EffortEffectsAssembler.Assemble(_deals, data, fits, options, estimator, spec.Outcome, transform, segmentedBy, controlNames), outcomeColumn);
        if (!options.CompareWithDoubleMl || estimator.Kind != EffortEstimatorKind.Regression) return result;

        // The specification check: double ML (partialling-out, so the same constant-effect estimand) on the same deals.
        Estimator flexible = Estimator.DoubleMl(covariance: estimator.Covariance, model: DoubleMlModel.PartiallyLinear);
        EffortEffectsOptions dmlOptions = options with { RunChecks = false };
        var dmlFits = new SegmentFit[segments];
        Parallel.For(0, segments, Parallelism.Options(options.MaxDegreeOfParallelism), s =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            dmlFits[s] = DoubleMlEngine.Fit(data, s, dmlOptions, flexible);
        });
        cancellationToken.ThrowIfCancellationRequested();
        EffortEffects dml = Named(EffortEffectsAssembler.Assemble(_deals, data, dmlFits, dmlOptions, flexible, spec.Outcome, transform, segmentedBy, controlNames), outcomeColumn);
        return EffortEffectsAssembler.WithSpecificationChecks(result, dml);
    }
}
