using System.Globalization;
using IcpAnalytics.Data;
using IcpAnalytics.Segments;
using IcpAnalytics.Statistics;

namespace IcpAnalytics.Icp;

/// <summary>ICP discovery on a <see cref="DealSet"/>: <c>deals.Icp().SegmentBy("industry", "employees", "region").RankBy(ProfitYield.MarginPerEffortHour).Build()</c>.</summary>
public static class IcpExtensions
{
    /// <summary>Starts ICP discovery on <paramref name="deals"/> with default <see cref="IcpOptions"/>.</summary>
    /// <param name="deals">Closed deals (won and lost).</param>
    public static IcpBuilder Icp(this DealSet deals)
    {
        ArgumentNullException.ThrowIfNull(deals);
        return new IcpBuilder(deals, new IcpOptions());
    }
}

/// <summary>
/// Configures ICP discovery. Immutable: every method returns a new builder. <see cref="Build"/> validates all options at
/// once and runs the search; see <see cref="IcpOptions"/> for how discovery stays honest.
/// </summary>
public sealed class IcpBuilder
{
    private readonly DealSet _deals;

    internal IcpBuilder(DealSet deals, IcpOptions options)
    {
        _deals = deals;
        Options = options;
    }

    /// <summary>The options so far.</summary>
    public IcpOptions Options { get; }

    /// <summary>The deals the profile is built on (for <see cref="StatedProfileExtensions"/>).</summary>
    internal DealSet Deals => _deals;

    /// <summary>The attributes rules may use (see <see cref="IcpOptions.Attributes"/>).</summary>
    /// <param name="attributes">Attribute names, e.g. "industry", "employees", "region".</param>
    public IcpBuilder SegmentBy(params string[] attributes) => new(_deals, Options with { Attributes = [.. attributes] });

    /// <summary>Lets the default search use the deal attributes too (see <see cref="IcpOptions.IncludeDealAttributes"/>).</summary>
    public IcpBuilder IncludingDealAttributes() => new(_deals, Options with { IncludeDealAttributes = true });

    /// <summary>The yield measure to rank and score by (see <see cref="IcpOptions.RankBy"/>).</summary>
    /// <param name="measure">The measure.</param>
    public IcpBuilder RankBy(ProfitYield measure) => new(_deals, Options with { RankBy = measure });

    /// <summary>The fewest training deals a rule may cover (see <see cref="IcpOptions.MinDeals"/>).</summary>
    /// <param name="deals">The minimum, at least 2.</param>
    public IcpBuilder MinDeals(int deals) => new(_deals, Options with { MinDeals = deals });

    /// <summary>The most conditions per rule (see <see cref="IcpOptions.MaxConditions"/>).</summary>
    /// <param name="conditions">The maximum, 1 to 6.</param>
    public IcpBuilder MaxConditions(int conditions) => new(_deals, Options with { MaxConditions = conditions });

    /// <summary>Changes any option: <c>.Configure(o => o with { BeamWidth = 20, Alpha = 0.01 })</c>.</summary>
    /// <param name="configure">Returns the new options from the current ones.</param>
    public IcpBuilder Configure(Func<IcpOptions, IcpOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return new IcpBuilder(_deals, Throw.IfConfiguredNull(configure(Options), "o => o with { MinDeals = 50 }"));
    }

    /// <summary>Discovers the rules and builds the profile.</summary>
    /// <param name="cancellationToken">Stops the search between rule-search levels and rules (and within a level's parallel pass).</param>
    /// <exception cref="InvalidOptionsException">Every invalid option, unknown attribute, or missing data the measure needs, listed together.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; nothing is returned.</exception>
    public IdealCustomerProfile Build(CancellationToken cancellationToken = default) => BuildOn(_deals, cancellationToken);

    /// <summary>Builds the profile on the deals closed before <paramref name="date"/> and validates it on the deals closed on or after it.</summary>
    /// <param name="date">The cut-off date.</param>
    /// <param name="cancellationToken">Stops the search (see <see cref="Build"/>).</param>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public HoldoutValidation ValidateOnDealsClosedAfter(DateOnly date, CancellationToken cancellationToken = default)
    {
        DealSet training = _deals.ClosedBefore(date);
        DealSet later = _deals.ClosedOnOrAfter(date);
        if (training.Count == 0 || later.Count == 0)
            throw new InvalidOptionsException([string.Create(CultureInfo.InvariantCulture,
                $"The cut-off {date:yyyy-MM-dd} leaves {training.Count:N0} deals before it and {later.Count:N0} on or after it; choose a date inside the deals' close dates so both sides have deals.")]);
        IdealCustomerProfile profile = BuildOn(training, cancellationToken);
        return HoldoutValidation.Compute(profile, later, date);
    }

    /// <summary>Builds the profile on this builder's deals and validates it on <paramref name="later"/>.</summary>
    /// <param name="later">Deals the profile never saw, e.g. closed later.</param>
    public HoldoutValidation Validate(DealSet later) => Build().Validate(later);

    private IdealCustomerProfile BuildOn(DealSet deals, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        IcpOptions options = Options;
        List<string> problems = options.Problems();
        if (deals.Count == 0) problems.Add("The deal set is empty; ICP discovery needs closed deals.");
        if (options.RankBy == ProfitYield.MarginPerEffortHour && deals.EffortHours is null)
            problems.Add("RankBy is MarginPerEffortHour but the deals have no effort hours; rank by MarginPerDealPursued or load effort hours.");
        ProfitYield measure = options.RankBy ?? (deals.EffortHours is not null ? ProfitYield.MarginPerEffortHour : ProfitYield.MarginPerDealPursued);
        SearchData? data = null;
        List<string> roleNotes = [];
        if (problems.Count == 0 || options.Attributes is not null)
        {
            try
            {
                if (options.Attributes is not null && deals.Count > 0)
                {
                    IReadOnlyList<string> attributes = options.Attributes;
                    if (attributes.Count == 0)
                    {
                        (attributes, roleNotes) = ByRole(deals.AttributeRoles, options.IncludeDealAttributes, deals.RoleHints.Style);
                        if (attributes.Count == 0)
                            throw new InvalidOptionsException([$"The deals have no account attribute to build rules from ({string.Join("; ", roleNotes)}). " + (deals.RoleHints.Style == LoadMessageStyle.CommandLine ? "Load account attributes (--accounts), set roles (--account-attribute), or name attributes with --segment-by." : "Load account attributes (map.WithAccounts), set roles (map.AccountAttribute), or name attributes with SegmentBy.")]);
                    }
                    data = SearchData.Create(deals, attributes, measure, Math.Max(2, options.NumericBands));
                }
            }
            catch (InvalidOptionsException e)
            {
                problems.AddRange(e.Problems);
            }
        }
        if (problems.Count > 0 || data is null) throw new InvalidOptionsException(problems);
        SearchOutcome outcome = RuleSearch.Run(data, options, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        IdealCustomerProfile profile = ProfileFactory.Create(data, outcome, options, measure);
        return roleNotes.Count == 0 ? profile : profile with { AttributeNotes = [.. roleNotes, .. profile.AttributeNotes] };
    }

    /// <summary>The attributes the default search uses (account attributes, plus deal attributes when asked) and a note per role left out.</summary>
    private static (IReadOnlyList<string> Attributes, List<string> Notes) ByRole(AttributeRoles roles, bool includeDeal, LoadMessageStyle style)
    {
        var names = new List<string>();
        var notes = new List<string>();
        var deal = new List<string>();
        int excluded = 0;
        foreach (AttributeRoleAssignment a in roles.All)
        {
            switch (a.Role)
            {
                case AttributeRole.AccountAttribute: names.Add(a.Column); break;
                case AttributeRole.DealAttribute when includeDeal: names.Add(a.Column); break;
                case AttributeRole.DealAttribute: deal.Add(a.Column); break;
                default:
                    if (!a.Reason.StartsWith("the ", StringComparison.Ordinal) && !a.Reason.StartsWith("an effort", StringComparison.Ordinal)) excluded++;
                    break;
            }
        }
        if (deal.Count > 0)
            notes.Add($"Deal attributes ({string.Join(", ", deal.Select(d => "'" + d + "'"))}) describe how a deal was sold, not the customer: they are not searched ({(style == LoadMessageStyle.CommandLine ? "--include-deal-attributes" : "IncludingDealAttributes()")} searches them too).");
        if (excluded > 0)
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"{excluded} attribute columns are excluded from the search (ids, names, dates, outcome leakage); the data section lists each with its reason."));
        return (names, notes);
    }
}

/// <summary>Turns a search outcome into an <see cref="IdealCustomerProfile"/>: rule metrics on all training deals, coverage, and the calibrated scoring cells.</summary>
internal static class ProfileFactory
{
    // stated: rules written by hand (a believed profile); every rule belongs to the profile, significant or not.
    public static IdealCustomerProfile Create(SearchData data, SearchOutcome outcome, IcpOptions options, ProfitYield measure, bool stated = false)
    {
        DealSet deals = data.Deals;
        int n = data.Count;
        var attributes = new IcpAttribute[data.Attributes];
        for (int a = 0; a < attributes.Length; a++) attributes[a] = new IcpAttribute(data.Names[a], data.Levels[a], data.Edges[a]);

        var wholeGroup = new int[n];
        double[] wholeStats = YieldAccumulator.Accumulate(deals, wholeGroup, 1, options.MaxDegreeOfParallelism);
        double wholePerHour = YieldAccumulator.PerHour(wholeStats);
        double wholeValue = ValueOf(measure, wholeStats);

        var ranked = new List<IcpRule>();
        var inProfile = new List<bool>();
        var significantCandidates = new List<Candidate>();
        var groupOf = new int[n];
        for (int k = 0; k < outcome.Rules.Count; k++)
        {
            Candidate c = outcome.Rules[k];
            for (int i = 0; i < n; i++) groupOf[i] = c.Holds(data, i) ? 0 : -1;
            double[] stats = SegmentYieldExtensions.Accumulate(deals, groupOf, 1, options.TreatDealsAsIndependent, out _, options.MaxDegreeOfParallelism);
            var conditions = new RuleCondition[c.Depth];
            for (int j = 0; j < c.Depth; j++)
            {
                int a = c.Attrs[j];
                bool unknown = c.Codes[j] == data.UnknownCode(a);
                string level = unknown ? SegmentYieldExtensions.UnknownLevel : data.Levels[a][c.Codes[j]];
                conditions[j] = new RuleCondition(data.Names[a], level, unknown,
                    SegmentYieldExtensions.ConditionText(data.Names[a], level, data.Edges[a] is not null));
            }
            string text = string.Join(" and ", conditions.Select(x => x.Text));
            double perDeal = stats[YieldAccumulator.N] > 0 ? stats[YieldAccumulator.SumY] / stats[YieldAccumulator.N] : 0;
            SegmentYield yield = SegmentYieldExtensions.Make(text, [], stats, wholePerHour, options.ConfidenceLevel, options.MinDeals,
                deals.EffortHours is not null, deals.YieldFallsBackToRevenue, perDeal, YieldAccumulator.PerHour(stats));
            double value = yield.ValueOf(measure) ?? 0;
            bool significant = outcome.AdjustedPValues[k] <= options.Alpha && outcome.Difference[k] > 0 && yield.DealsPursued >= options.MinDeals;
            ranked.Add(new IcpRule
            {
                Text = text,
                Conditions = conditions,
                Measure = measure,
                Yield = yield,
                Value = value,
                ValueInterval = yield.IntervalOf(measure),
                Lift = wholeValue > 0 ? value / wholeValue : null,
                Coverage = (double)yield.DealsPursued / n,
                DiscoveryZ = c.Z,
                ConfirmationDifference = outcome.Difference[k],
                ConfirmationDifferenceInterval = new Interval(outcome.DifferenceInterval[k].Lower, outcome.DifferenceInterval[k].Upper),
                PValue = outcome.PValues[k],
                AdjustedPValue = outcome.AdjustedPValues[k],
                IsSignificant = significant,
            });
            if (significant || stated) significantCandidates.Add(c);
            inProfile.Add(significant || stated);
        }

        // A rule inside a broader chosen rule (its conditions and more) names it: the richer core of a broad segment.
        int[] parents = RuleSearch.Parents(outcome.Rules);
        for (int k = 0; k < ranked.Count; k++)
        {
            if (parents[k] >= 0) ranked[k] = ranked[k] with { NestedIn = ranked[parents[k]].Text };
        }

        // Fit / non-fit on all training deals.
        var fit = new bool[n];
        for (int i = 0; i < n; i++)
        {
            foreach (Candidate c in significantCandidates)
            {
                if (c.Holds(data, i)) { fit[i] = true; break; }
            }
        }
        for (int i = 0; i < n; i++) groupOf[i] = fit[i] ? 0 : 1;
        double[] fitStats = SegmentYieldExtensions.Accumulate(deals, groupOf, 2, options.TreatDealsAsIndependent, out _, options.MaxDegreeOfParallelism);
        ReadOnlySpan<double> fs = fitStats.AsSpan(0, YieldAccumulator.Stride);
        ReadOnlySpan<double> ns = fitStats.AsSpan(YieldAccumulator.Stride, YieldAccumulator.Stride);
        bool hasHours = deals.EffortHours is not null;
        SegmentYield fitYield = SegmentYieldExtensions.Make("ICP fit", [], fs, wholePerHour, options.ConfidenceLevel, options.MinDeals, hasHours,
            deals.YieldFallsBackToRevenue, fs[YieldAccumulator.N] > 0 ? fs[YieldAccumulator.SumY] / fs[YieldAccumulator.N] : 0, YieldAccumulator.PerHour(fs));
        SegmentYield nonFitYield = SegmentYieldExtensions.Make("not ICP fit", [], ns, wholePerHour, options.ConfidenceLevel, options.MinDeals, hasHours,
            deals.YieldFallsBackToRevenue, ns[YieldAccumulator.N] > 0 ? ns[YieldAccumulator.SumY] / ns[YieldAccumulator.N] : 0, YieldAccumulator.PerHour(ns));
        double totalMargin = wholeStats[YieldAccumulator.SumY];
        double totalHours = wholeStats[YieldAccumulator.SumH];

        // Scoring cells: per significant rule, by mask of conditions held (full mask: all deals matching the rule; other
        // masks: deals matching no rule), shrunk together by DerSimonian–Laird.
        int rules = significantCandidates.Count;
        var cellStats = new RatioStats[rules][];
        for (int r = 0; r < rules; r++) cellStats[r] = new RatioStats[1 << significantCandidates[r].Depth];
        var baseStats = new RatioStats();
        for (int i = 0; i < n; i++)
        {
            double h = data.H[i];
            if (double.IsNaN(h)) continue;
            double y = data.Y[i];
            if (!fit[i]) baseStats.Add(y, h);
            for (int r = 0; r < rules; r++)
            {
                Candidate c = significantCandidates[r];
                int mask = 0;
                for (int j = 0; j < c.Depth; j++)
                {
                    if (data.Codes[c.Attrs[j]][i] == c.Codes[j]) mask |= 1 << j;
                }
                int full = (1 << c.Depth) - 1;
                if (mask == full || !fit[i]) cellStats[r][mask].Add(y, h);
            }
        }
        double baseValue = double.IsNaN(baseStats.Ratio) ? (double.IsNaN(wholeValue) ? 0 : wholeValue) : baseStats.Ratio;
        var cells = new double[rules][];
        var estimates = new List<double>();
        var variances = new List<double>();
        var where = new List<(int R, int M)>();
        for (int r = 0; r < rules; r++)
        {
            cells[r] = new double[cellStats[r].Length];
            for (int m = 0; m < cellStats[r].Length; m++)
            {
                RatioStats s = cellStats[r][m];
                double v = s.Variance;
                if (s.N >= 2 && v > 0 && double.IsFinite(v) && double.IsFinite(s.Ratio))
                {
                    estimates.Add(s.Ratio);
                    variances.Add(v);
                    where.Add((r, m));
                }
            }
        }
        double pooled = baseValue;
        var filled = new bool[rules][];
        for (int r = 0; r < rules; r++) filled[r] = new bool[cells[r].Length];
        if (estimates.Count > 0)
        {
            ShrinkageResult shrink = Shrinkage.DerSimonianLaird([.. estimates], [.. variances]);
            pooled = shrink.PooledMean;
            for (int k = 0; k < where.Count; k++)
            {
                cells[where[k].R][where[k].M] = shrink.Shrunk[k];
                filled[where[k].R][where[k].M] = true;
            }
        }
        double floor = double.PositiveInfinity, ceiling = double.NegativeInfinity;
        var rulesWithCells = new List<IcpRule>();
        int sig = 0;
        var rankedWithCells = new List<IcpRule>();
        for (int q = 0; q < ranked.Count; q++)
        {
            IcpRule rule = ranked[q];
            if (!inProfile[q]) { rankedWithCells.Add(rule); continue; }
            int r = sig++;
            for (int m = 0; m < cells[r].Length; m++)
            {
                if (!filled[r][m]) cells[r][m] = cellStats[r][m].N > 0 && double.IsFinite(cellStats[r][m].Ratio) && cellStats[r][m].N >= options.MinDeals ? cellStats[r][m].Ratio : pooled;
                if (cellStats[r][m].N > 0)
                {
                    floor = Math.Min(floor, cells[r][m]);
                    ceiling = Math.Max(ceiling, cells[r][m]);
                }
            }
            IcpRule withCells = rule with { ExpectedYieldByConditionsHeld = cells[r] };
            rulesWithCells.Add(withCells);
            rankedWithCells.Add(withCells);
        }
        if (rules == 0 || double.IsInfinity(floor)) floor = ceiling = baseValue;

        return new IdealCustomerProfile
        {
            Measure = measure,
            YieldOnRevenue = deals.YieldFallsBackToRevenue,
            Attributes = attributes,
            Rules = rulesWithCells,
            RankedRules = rankedWithCells,
            ShareOfDeals = n > 0 ? fs[YieldAccumulator.N] / n : 0,
            ShareOfMargin = totalMargin > 0 ? fs[YieldAccumulator.SumY] / totalMargin : 0,
            ShareOfEffort = hasHours ? (totalHours > 0 ? fs[YieldAccumulator.SumH] / totalHours : 0) : null,
            FitYield = fitYield,
            NonFitYield = nonFitYield,
            NonFitExpectedYield = baseValue,
            ScoreFloor = floor,
            ScoreCeiling = ceiling,
            TrainingDeals = n,
            DiscoveryDeals = outcome.DiscoveryDeals,
            ConfirmationDeals = outcome.ConfirmationDeals,
            Split = outcome.Split,
            AttributeNotes = data.Notes,
            CandidatesEvaluated = outcome.CandidatesEvaluated,
            Options = options with { RankBy = measure },
        };
    }

    private static double ValueOf(ProfitYield measure, double[] s) => measure switch
    {
        ProfitYield.WinRate => s[YieldAccumulator.N] > 0 ? s[YieldAccumulator.Won] / s[YieldAccumulator.N] : 0,
        ProfitYield.MarginPerDealPursued => s[YieldAccumulator.N] > 0 ? s[YieldAccumulator.SumY] / s[YieldAccumulator.N] : 0,
        _ => YieldAccumulator.PerHour(s),
    };
}
