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

        double[] wholeStats = YieldAccumulator.Accumulate(deals, new int[n], 1, options.MaxDegreeOfParallelism);
        double wholePerHour = YieldAccumulator.PerHour(wholeStats);
        double wholeValue = ValueOf(measure, wholeStats);

        RuleRanking ranking = RankRules(data, outcome, options, measure, stated, wholePerHour, wholeValue);

        // Fit / non-fit on all training deals.
        bool[] fit = FitDeals(data, ranking.ProfileCandidates);
        var fitGroup = new int[n];
        for (int i = 0; i < n; i++) fitGroup[i] = fit[i] ? 0 : 1;
        double[] fitStats = SegmentYieldExtensions.Accumulate(deals, fitGroup, 2, options.TreatDealsAsIndependent, out _, options.MaxDegreeOfParallelism);
        ReadOnlySpan<double> fitTotals = fitStats.AsSpan(0, YieldAccumulator.Stride);
        ReadOnlySpan<double> nonFitTotals = fitStats.AsSpan(YieldAccumulator.Stride, YieldAccumulator.Stride);
        bool hasHours = deals.EffortHours is not null;
        double totalMargin = wholeStats[YieldAccumulator.SumY];
        double totalHours = wholeStats[YieldAccumulator.SumH];

        ScoringCells scoring = ScoringCells.Build(data, ranking, fit, wholeValue, options.MinDeals);

        return new IdealCustomerProfile
        {
            Measure = measure,
            YieldOnRevenue = deals.YieldFallsBackToRevenue,
            Attributes = attributes,
            Rules = scoring.ProfileRules,
            RankedRules = scoring.RankedRules,
            ShareOfDeals = n > 0 ? fitTotals[YieldAccumulator.N] / n : 0,
            ShareOfMargin = totalMargin > 0 ? fitTotals[YieldAccumulator.SumY] / totalMargin : 0,
            ShareOfEffort = hasHours ? (totalHours > 0 ? fitTotals[YieldAccumulator.SumH] / totalHours : 0) : null,
            FitYield = GroupYield("ICP fit", fitTotals, deals, wholePerHour, options),
            NonFitYield = GroupYield("not ICP fit", nonFitTotals, deals, wholePerHour, options),
            NonFitExpectedYield = scoring.NonFitValue,
            ScoreFloor = scoring.Floor,
            ScoreCeiling = scoring.Ceiling,
            TrainingDeals = n,
            DiscoveryDeals = outcome.DiscoveryDeals,
            ConfirmationDeals = outcome.ConfirmationDeals,
            Split = outcome.Split,
            AttributeNotes = data.Notes,
            CandidatesEvaluated = outcome.CandidatesEvaluated,
            Options = options with { RankBy = measure },
        };
    }

    /// <summary>The searched (or stated) rules in rank order, which of them enter the profile, and the candidates of those that do.</summary>
    private sealed record RuleRanking(List<IcpRule> Rules, List<bool> InProfile, List<Candidate> ProfileCandidates);

    /// <summary>Each rule's metrics on all training deals, in the outcome's order; a rule inside a broader one names it.</summary>
    private static RuleRanking RankRules(SearchData data, SearchOutcome outcome, IcpOptions options, ProfitYield measure, bool stated,
        double wholePerHour, double wholeValue)
    {
        int n = data.Count;
        var ranked = new List<IcpRule>();
        var inProfile = new List<bool>();
        var profileCandidates = new List<Candidate>();
        var ruleGroup = new int[n];
        for (int k = 0; k < outcome.Rules.Count; k++)
        {
            Candidate candidate = outcome.Rules[k];
            for (int i = 0; i < n; i++) ruleGroup[i] = candidate.Holds(data, i) ? 0 : -1;
            double[] stats = SegmentYieldExtensions.Accumulate(data.Deals, ruleGroup, 1, options.TreatDealsAsIndependent, out _, options.MaxDegreeOfParallelism);
            IcpRule rule = RuleOf(data, candidate, stats, outcome, k, options, measure, wholePerHour, wholeValue);
            ranked.Add(rule);
            bool entersProfile = rule.IsSignificant || stated;
            if (entersProfile) profileCandidates.Add(candidate);
            inProfile.Add(entersProfile);
        }

        // A rule inside a broader chosen rule (its conditions and more) names it: the richer core of a broad segment.
        int[] parents = RuleSearch.Parents(outcome.Rules);
        for (int k = 0; k < ranked.Count; k++)
        {
            if (parents[k] >= 0) ranked[k] = ranked[k] with { NestedIn = ranked[parents[k]].Text };
        }
        return new RuleRanking(ranked, inProfile, profileCandidates);
    }

    /// <summary>The <paramref name="rank"/>-th rule of the outcome, its yield from <paramref name="stats"/> (its deals' totals).</summary>
    private static IcpRule RuleOf(SearchData data, Candidate candidate, double[] stats, SearchOutcome outcome, int rank, IcpOptions options,
        ProfitYield measure, double wholePerHour, double wholeValue)
    {
        var conditions = new RuleCondition[candidate.Depth];
        for (int j = 0; j < candidate.Depth; j++)
        {
            int a = candidate.Attrs[j];
            bool unknown = candidate.Codes[j] == data.UnknownCode(a);
            string level = unknown ? SegmentYieldExtensions.UnknownLevel : data.Levels[a][candidate.Codes[j]];
            conditions[j] = new RuleCondition(data.Names[a], level, unknown,
                SegmentYieldExtensions.ConditionText(data.Names[a], level, data.Edges[a] is not null));
        }
        string text = string.Join(" and ", conditions.Select(x => x.Text));
        SegmentYield yield = GroupYield(text, stats, data.Deals, wholePerHour, options);
        double value = yield.ValueOf(measure) ?? 0;
        bool significant = outcome.AdjustedPValues[rank] <= options.Alpha && outcome.Difference[rank] > 0 && yield.DealsPursued >= options.MinDeals;
        return new IcpRule
        {
            Text = text,
            Conditions = conditions,
            Measure = measure,
            Yield = yield,
            Value = value,
            ValueInterval = yield.IntervalOf(measure),
            Lift = wholeValue > 0 ? value / wholeValue : null,
            Coverage = (double)yield.DealsPursued / data.Count,
            DiscoveryZ = candidate.Z,
            ConfirmationDifference = outcome.Difference[rank],
            ConfirmationDifferenceInterval = new Interval(outcome.DifferenceInterval[rank].Lower, outcome.DifferenceInterval[rank].Upper),
            PValue = outcome.PValues[rank],
            AdjustedPValue = outcome.AdjustedPValues[rank],
            IsSignificant = significant,
        };
    }

    /// <summary>The yield of a group of deals from its totals (one <see cref="YieldAccumulator.Stride"/> of an accumulation).</summary>
    private static SegmentYield GroupYield(string label, ReadOnlySpan<double> totals, DealSet deals, double wholePerHour, IcpOptions options) =>
        SegmentYieldExtensions.Make(label, [], totals, wholePerHour, options.ConfidenceLevel, options.MinDeals, deals.EffortHours is not null,
            deals.YieldFallsBackToRevenue, totals[YieldAccumulator.N] > 0 ? totals[YieldAccumulator.SumY] / totals[YieldAccumulator.N] : 0,
            YieldAccumulator.PerHour(totals));

    /// <summary>Whether each training deal matches at least one of the profile's rules.</summary>
    private static bool[] FitDeals(SearchData data, List<Candidate> profileCandidates)
    {
        var fit = new bool[data.Count];
        for (int i = 0; i < fit.Length; i++)
        {
            foreach (Candidate c in profileCandidates)
            {
                if (c.Holds(data, i)) { fit[i] = true; break; }
            }
        }
        return fit;
    }

    /// <summary>
    /// The scoring cells: per rule of the profile, the expected yield by mask of conditions held (full mask: all deals matching
    /// the rule; other masks: deals matching no rule), shrunk together by DerSimonian–Laird; a cell without a usable estimate
    /// takes its own ratio when it has enough deals, else the pooled mean. Floor and ceiling are the lowest and highest cells
    /// that hold deals (both the non-fit value when there are none).
    /// </summary>
    private sealed record ScoringCells(List<IcpRule> ProfileRules, List<IcpRule> RankedRules, double NonFitValue, double Floor, double Ceiling)
    {
        public static ScoringCells Build(SearchData data, RuleRanking ranking, bool[] fit, double wholeValue, int minDeals)
        {
            List<Candidate> candidates = ranking.ProfileCandidates;
            (RatioStats[][] cellStats, RatioStats nonFitStats) = Accumulate(data, candidates, fit);
            double nonFitValue = double.IsNaN(nonFitStats.Ratio) ? (double.IsNaN(wholeValue) ? 0 : wholeValue) : nonFitStats.Ratio;
            (double[][] cells, bool[][] filled, double pooled) = Shrink(cellStats, nonFitValue);

            double floor = double.PositiveInfinity, ceiling = double.NegativeInfinity;
            var profileRules = new List<IcpRule>();
            var rankedRules = new List<IcpRule>();
            int r = 0;
            for (int q = 0; q < ranking.Rules.Count; q++)
            {
                IcpRule rule = ranking.Rules[q];
                if (!ranking.InProfile[q]) { rankedRules.Add(rule); continue; }
                for (int mask = 0; mask < cells[r].Length; mask++)
                {
                    RatioStats cell = cellStats[r][mask];
                    if (!filled[r][mask]) cells[r][mask] = cell.N > 0 && double.IsFinite(cell.Ratio) && cell.N >= minDeals ? cell.Ratio : pooled;
                    if (cell.N > 0)
                    {
                        floor = Math.Min(floor, cells[r][mask]);
                        ceiling = Math.Max(ceiling, cells[r][mask]);
                    }
                }
                IcpRule withCells = rule with { ExpectedYieldByConditionsHeld = cells[r] };
                profileRules.Add(withCells);
                rankedRules.Add(withCells);
                r++;
            }
            if (candidates.Count == 0 || double.IsInfinity(floor)) floor = ceiling = nonFitValue;
            return new ScoringCells(profileRules, rankedRules, nonFitValue, floor, ceiling);
        }

        /// <summary>Each rule's cells' ratio statistics by mask of conditions held, and the non-fit deals' (deals with effort hours only).</summary>
        private static (RatioStats[][] Cells, RatioStats NonFit) Accumulate(SearchData data, List<Candidate> candidates, bool[] fit)
        {
            var cellStats = new RatioStats[candidates.Count][];
            for (int r = 0; r < candidates.Count; r++) cellStats[r] = new RatioStats[1 << candidates[r].Depth];
            var nonFit = new RatioStats();
            for (int i = 0; i < data.Count; i++)
            {
                double h = data.H[i];
                if (double.IsNaN(h)) continue;
                double y = data.Y[i];
                if (!fit[i]) nonFit.Add(y, h);
                for (int r = 0; r < candidates.Count; r++)
                {
                    Candidate c = candidates[r];
                    int mask = 0;
                    for (int j = 0; j < c.Depth; j++)
                    {
                        if (data.Codes[c.Attrs[j]][i] == c.Codes[j]) mask |= 1 << j;
                    }
                    int full = (1 << c.Depth) - 1;
                    if (mask == full || !fit[i]) cellStats[r][mask].Add(y, h);
                }
            }
            return (cellStats, nonFit);
        }

        /// <summary>The cells with a usable estimate (two deals or more, finite positive variance), shrunk together; the pooled mean (the non-fit value when none is usable).</summary>
        private static (double[][] Cells, bool[][] Filled, double Pooled) Shrink(RatioStats[][] cellStats, double nonFitValue)
        {
            var cells = new double[cellStats.Length][];
            var filled = new bool[cellStats.Length][];
            var estimates = new List<double>();
            var variances = new List<double>();
            var where = new List<(int Rule, int Mask)>();
            for (int r = 0; r < cellStats.Length; r++)
            {
                cells[r] = new double[cellStats[r].Length];
                filled[r] = new bool[cellStats[r].Length];
                for (int mask = 0; mask < cellStats[r].Length; mask++)
                {
                    RatioStats s = cellStats[r][mask];
                    double v = s.Variance;
                    if (s.N >= 2 && v > 0 && double.IsFinite(v) && double.IsFinite(s.Ratio))
                    {
                        estimates.Add(s.Ratio);
                        variances.Add(v);
                        where.Add((r, mask));
                    }
                }
            }
            if (estimates.Count == 0) return (cells, filled, nonFitValue);
            ShrinkageResult shrink = Shrinkage.DerSimonianLaird([.. estimates], [.. variances]);
            for (int k = 0; k < where.Count; k++)
            {
                cells[where[k].Rule][where[k].Mask] = shrink.Shrunk[k];
                filled[where[k].Rule][where[k].Mask] = true;
            }
            return (cells, filled, shrink.PooledMean);
        }
    }

    private static double ValueOf(ProfitYield measure, double[] s) => measure switch
    {
        ProfitYield.WinRate => s[YieldAccumulator.N] > 0 ? s[YieldAccumulator.Won] / s[YieldAccumulator.N] : 0,
        ProfitYield.MarginPerDealPursued => s[YieldAccumulator.N] > 0 ? s[YieldAccumulator.SumY] / s[YieldAccumulator.N] : 0,
        _ => YieldAccumulator.PerHour(s),
    };
}
