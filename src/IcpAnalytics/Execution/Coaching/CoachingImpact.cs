using System.Globalization;
using IcpAnalytics.Statistics;

namespace IcpAnalytics.Execution.Coaching;

/// <summary>
/// Did coaching work? Compares each coached rep's outcome measures after their own coaching start with reps not yet or
/// never coached over the same periods (staggered difference-in-differences, Callaway–Sant'Anna group-time effects; not the
/// two-way fixed-effects regression, which is biased when effects vary over time under staggered adoption), with
/// rep-clustered intervals, a pre-trend check and a verdict per competency. A market-wide change moves the comparison reps
/// too, so it cancels; without comparison reps the analysis says so and reports no coaching impact.
/// </summary>
/// <example><code>
/// CoachingImpactResult impact = CoachingImpact.Analyze(RepPeriodMeasures.FromDeals(deals), CoachingStarts.FromCsv("starts.csv"));
/// </code></example>
public static class CoachingImpact
{
    /// <summary>Estimates coaching's effect on every competency's measures.</summary>
    /// <param name="measures">The outcome measures per rep and period.</param>
    /// <param name="starts">Each rep's coaching start (empty for reps never coached) and role.</param>
    /// <param name="options">Competencies, comparison group and confidence level; null for the defaults.</param>
    /// <exception cref="InvalidOptionsException">The options are invalid; the message lists every problem.</exception>
    public static CoachingImpactResult Analyze(RepPeriodMeasures measures, CoachingStarts starts, CoachingImpactOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(measures);
        ArgumentNullException.ThrowIfNull(starts);
        options ??= new CoachingImpactOptions();
        options.Validate();
        var issues = new List<string>(measures.Notes);
        if (measures.LoadReport.RowsRejected > 0)
            issues.Add(string.Create(CultureInfo.InvariantCulture, $"{measures.LoadReport.RowsRejected} measure rows were rejected and are not in these figures; see the load report."));
        if (starts.LoadReport.RowsRejected > 0)
            issues.Add(string.Create(CultureInfo.InvariantCulture, $"{starts.LoadReport.RowsRejected} coaching-start rows were rejected; those reps are left out."));
        IReadOnlyList<DateOnly> periods = measures.Periods;
        string[] reps = [.. measures.Reps.Where(r => starts.Of(r) is not null)];
        string[] unlisted = [.. measures.Reps.Where(r => starts.Of(r) is null)];
        if (unlisted.Length > 0)
            issues.Add(string.Create(CultureInfo.InvariantCulture, $"{unlisted.Length} reps in the measures have no row in the coaching starts and are left out ({string.Join(", ", unlisted.Take(5))}{(unlisted.Length > 5 ? ", …" : "")}); give a rep never coached a row with an empty coaching_start."));
        int absent = starts.Starts.Count(s => !measures.Reps.Contains(s.Rep, StringComparer.OrdinalIgnoreCase));
        if (absent > 0) issues.Add(string.Create(CultureInfo.InvariantCulture, $"{absent} reps in the coaching starts have no measures."));
        int[] group = [.. reps.Select(r => GroupOf(starts.Of(r)!.Start, periods, measures.PeriodLength))];
        int early = group.Count(g => g == 0);
        if (early > 0)
            issues.Add(string.Create(CultureInfo.InvariantCulture, $"{early} reps were coached from the first period in the data, so they have no period before coaching and are neither coached nor comparison reps here."));
        var index = new Dictionary<(string Rep, string Measure), Dictionary<DateOnly, double>>();
        foreach (RepPeriodValue v in measures.Values)
        {
            var key = (v.Rep.ToUpperInvariant(), v.Measure.ToUpperInvariant());
            if (!index.TryGetValue(key, out Dictionary<DateOnly, double>? byPeriod)) index[key] = byPeriod = [];
            byPeriod[v.Period] = v.Value;
        }
        var competencies = new List<CompetencyImpact>();
        foreach (ImpactCompetency c in options.Competencies)
        {
            int[] members = [.. Enumerable.Range(0, reps.Length).Where(i => c.Role is null || string.Equals(starts.Of(reps[i])!.Role, c.Role, StringComparison.OrdinalIgnoreCase))];
            var impacts = new List<MeasureImpact>();
            foreach (ImpactMeasure m in c.Measures)
            {
                if (!measures.Measures.Contains(m.Measure, StringComparer.OrdinalIgnoreCase))
                {
                    impacts.Add(NoData(c, m, $"There is no measure '{m.Measure}' in the data (measures: {string.Join(", ", measures.Measures)})."));
                    continue;
                }
                double[][] values = [.. members.Select(i => periods.Select(p => index.TryGetValue((reps[i].ToUpperInvariant(), m.Measure.ToUpperInvariant()), out var d) && d.TryGetValue(p, out double x) ? x : double.NaN).ToArray())];
                int[] groups = [.. members.Select(i => group[i] == 0 ? int.MinValue : group[i])];
                impacts.Add(Measure(c, m, values, groups, periods, options));
            }
            competencies.Add(new CompetencyImpact(c.Name, c.Kind, c.Role, Combine(impacts), impacts));
        }
        if (!competencies.SelectMany(x => x.Measures).Any(x => x.HasComparisonGroup))
            issues.Add("No coached rep could be compared with reps not (yet) coached over the same periods: every rep was coached at the same time and none was left uncoached. The changes shown are before/after changes, which a market-wide change produces as well; they are not coaching impact.");
        return new CoachingImpactResult(options, measures.PeriodLength, periods, competencies, issues);
    }

    /// <summary>The index of the first coached period (the period holding the start date), -1 for never coached, or periods.Count when coaching starts after the data.</summary>
    private static int GroupOf(DateOnly? start, IReadOnlyList<DateOnly> periods, CoachingPeriodLength length)
    {
        if (start is not DateOnly d) return -1;
        DateOnly p = RepPeriodMeasures.PeriodOf(d, length);
        for (int t = 0; t < periods.Count; t++)
        {
            if (periods[t] >= p) return t;
        }
        return periods.Count;
    }

    private static MeasureImpact NoData(ImpactCompetency c, ImpactMeasure m, string reason) =>
        new(c.Name, c.Kind, c.Role, m.Measure, m.Direction, null, null, null, 0, 0, false, null, null, null, null, ChangeVerdict.NoData, reason, [], []);

    private static MeasureImpact Measure(ImpactCompetency c, ImpactMeasure m, double[][] values, int[] groups, IReadOnlyList<DateOnly> periods, CoachingImpactOptions options)
    {
        // Reps coached from the first period (int.MinValue) are neither coached (no base period) nor comparison reps.
        int[] g = [.. groups.Select(x => x == int.MinValue ? int.MaxValue - 1 : x)];
        bool[] usable = [.. groups.Select(x => x != int.MinValue)];
        double[][] v = [.. values.Select((row, i) => usable[i] ? row : [.. row.Select(_ => double.NaN)])];
        int[] cohort = [.. g.Select(x => x >= periods.Count ? (x == int.MaxValue - 1 ? -2 : int.MaxValue) : x)];
        // -2: unusable; int.MaxValue: coached after the data (a not-yet-coached comparison rep throughout).
        int[] forCells = [.. cohort.Select(x => x == -2 ? int.MaxValue : x)];
        List<StaggeredDifferenceInDifferences.Cell> cells = StaggeredDifferenceInDifferences.Cells(v, forCells, options.Comparison == ComparisonReps.NotYetAndNeverCoached);
        var post = cells.Where(x => x.Period >= x.Group).ToList();
        var pre = cells.Where(x => x.Period < x.Group - 1).ToList();
        StaggeredDifferenceInDifferences.Aggregate? effect = StaggeredDifferenceInDifferences.Combine(post, v.Length, options.ConfidenceLevel);
        StaggeredDifferenceInDifferences.Aggregate? preTrend = StaggeredDifferenceInDifferences.Combine(pre, v.Length, options.ConfidenceLevel);
        StaggeredDifferenceInDifferences.Aggregate? naive = StaggeredDifferenceInDifferences.BeforeAfter(v, [.. forCells.Select(x => x == int.MaxValue || x < 0 ? -1 : x)], options.ConfidenceLevel);
        int coached = Enumerable.Range(0, v.Length).Count(i => forCells[i] >= 1 && forCells[i] < periods.Count && post.Any(x => x.Group == forCells[i]));
        int comparison = Enumerable.Range(0, v.Length).Count(i => post.Any(x => x.Influence[i] != 0 && x.Group != forCells[i]));
        GroupTimeEffect[] groupTime = [.. cells.Select(x => new GroupTimeEffect(periods[x.Group], periods[x.Period], x.Effect, x.Coached, x.Comparison))];
        EventTimeEffect[] eventTime = [.. cells.GroupBy(x => x.Period - x.Group).OrderBy(x => x.Key)
            .Select(x => (x.Key, Agg: StaggeredDifferenceInDifferences.Combine([.. x], v.Length, options.ConfidenceLevel)!))
            .Select(x => new EventTimeEffect(x.Key, x.Agg.Estimate, x.Agg.Interval, x.Agg.Cells))];
        bool anyCoached = forCells.Any(x => x >= 1 && x < periods.Count);
        string? reason = null;
        ChangeVerdict verdict = ChangeVerdict.NoData;
        bool? preDiffer = null;
        if (effect is null || !double.IsFinite(effect.StandardError))
        {
            reason = !anyCoached
                ? "No rep was coached within the periods of the data after a period without coaching."
                : "No comparison group: no rep left uncoached or coached later has this measure over the same periods, so a change of the coached reps cannot be told from a market-wide change. The before/after change is shown, but it is not coaching impact.";
            effect = null;
        }
        else
        {
            Interval ci = effect.Interval;
            bool better = m.Direction == DesiredDirection.Up ? ci.Lower > 0 : ci.Upper < 0;
            bool worse = m.Direction == DesiredDirection.Up ? ci.Upper < 0 : ci.Lower > 0;
            verdict = better ? ChangeVerdict.Improved : worse ? ChangeVerdict.Worse : ChangeVerdict.NoClearChange;
            if (preTrend is not null && double.IsFinite(preTrend.PValue))
            {
                preDiffer = preTrend.PValue < options.PreTrendAlpha;
                if (preDiffer.Value)
                    reason = "Caution: coached and comparison reps already moved differently before coaching (pre-trend check failed), so this effect may be biased.";
            }
        }
        return new MeasureImpact(c.Name, c.Kind, c.Role, m.Measure, m.Direction, effect?.Estimate, effect?.Interval, effect?.PValue, coached, comparison, effect is not null,
            preTrend is not null && double.IsFinite(preTrend.StandardError) ? preTrend.Estimate : null, preTrend is not null && double.IsFinite(preTrend.PValue) ? preTrend.PValue : null,
            naive?.Estimate, naive?.Interval, verdict, reason, groupTime, eventTime)
        { PreTrendsDiffer = preDiffer };
    }

    private static ChangeVerdict Combine(IReadOnlyList<MeasureImpact> measures)
    {
        bool improved = measures.Any(m => m.Verdict == ChangeVerdict.Improved);
        bool worse = measures.Any(m => m.Verdict == ChangeVerdict.Worse);
        if (improved && worse) return ChangeVerdict.Mixed;
        if (improved) return ChangeVerdict.Improved;
        if (worse) return ChangeVerdict.Worse;
        return measures.All(m => m.Verdict == ChangeVerdict.NoData) ? ChangeVerdict.NoData : ChangeVerdict.NoClearChange;
    }
}
