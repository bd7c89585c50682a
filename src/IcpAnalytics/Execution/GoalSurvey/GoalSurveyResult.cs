using System.Globalization;
using IcpAnalytics.Data;
using IcpAnalytics.Statistics;

namespace IcpAnalytics.Execution.GoalSurvey;

/// <summary>
/// The analysed strategic-goal survey: every goal's standing, the agreement among executives (Kendall's W with its test),
/// the consensus list, the goals leaders disagree on most, and the suggestions grouped by goal. Immutable.
/// </summary>
/// <remarks>
/// Goals not ranked by everyone: each executive's unranked goals are counted as tied at the mean of the positions the
/// executive left unranked (k + 1 … n for k ranked out of n goals), so every executive ranks every goal and W's tie
/// correction accounts for the tie. The consensus order sorts goals by that all-executive mean rank (ties: more
/// executives ranking it first, then the label).
/// </remarks>
public sealed class GoalSurveyResult
{
    private GoalSurveyResult(IReadOnlyList<GoalStanding> goals, Concordance agreement, IReadOnlyList<GoalStanding> consensus, IReadOnlyList<GoalStanding> disputed,
        IReadOnlyDictionary<string, IReadOnlyList<GoalSuggestion>> suggestions, IReadOnlyList<GoalExample> examples, IReadOnlyList<string> issues, LoadReport report)
    {
        Goals = goals;
        Agreement = agreement;
        ConsensusTop = consensus;
        MostDisputed = disputed;
        SuggestionsByGoal = suggestions;
        Examples = examples;
        Issues = issues;
        LoadReport = report;
    }

    /// <summary>Every goal in consensus order (most important first).</summary>
    public IReadOnlyList<GoalStanding> Goals { get; }

    /// <summary>Agreement among executives: Kendall's W corrected for ties, with its chi-square test.</summary>
    public Concordance Agreement { get; }

    /// <summary>The consensus list: the first <see cref="GoalSurveyOptions.ConsensusSize"/> goals of the consensus order.</summary>
    public IReadOnlyList<GoalStanding> ConsensusTop { get; }

    /// <summary>The goals leaders disagree on most (largest spread of all-executive ranks), most disputed first.</summary>
    public IReadOnlyList<GoalStanding> MostDisputed { get; }

    /// <summary>The suggestions for each goal, in consensus order of the goals (goals without suggestions are absent).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<GoalSuggestion>> SuggestionsByGoal { get; }

    /// <summary>The supporting examples, in consensus order of their goals, then input order.</summary>
    public IReadOnlyList<GoalExample> Examples { get; }

    /// <summary>The suggestions merged: identical ones (same goal, kind and words) counted once with how many executives made them; in consensus order of the goals, most-made first.</summary>
    public IReadOnlyList<MergedSuggestion> MergedSuggestions { get; private init; } = [];

    /// <summary>The number of distinct goals the executives named.</summary>
    public int DistinctGoals => Goals.Count;

    /// <summary>Whether the executives named more goals than a shared vision holds (more than 7; five to seven is the aim).</summary>
    public bool TooManyGoals => Goals.Count > 7;

    /// <summary>For each disputed goal, the executives who rank it far from the consensus.</summary>
    public IReadOnlyList<GoalDissent> Dissent { get; private init; } = [];

    /// <summary>Ties, gaps and other answers that were handled rather than rejected.</summary>
    public IReadOnlyList<string> Issues { get; }

    /// <summary>How the survey was loaded (rows rejected and why).</summary>
    public LoadReport LoadReport { get; }

    internal static GoalSurveyResult Compute(GoalSurveyData survey, GoalSurveyOptions options)
    {
        int n = survey.Goals.Count, m = survey.Executives.Count;
        var full = new double[m][];
        var given = new List<double>[n];
        for (int g = 0; g < n; g++) given[g] = [];
        for (int e = 0; e < m; e++)
        {
            full[e] = new double[n];
            int k = 0;
            for (int g = 0; g < n; g++)
            {
                double? p = survey.ScoredRank(survey.Executives[e], survey.Goals[g]);
                if (p is not null) { k++; given[g].Add(p.Value); }
            }
            double unranked = (k + 1 + n) / 2.0;
            for (int g = 0; g < n; g++) full[e][g] = survey.ScoredRank(survey.Executives[e], survey.Goals[g]) ?? unranked;
        }
        Concordance agreement = KendallConcordance.Compute(full);

        var stats = new List<(int Goal, double MeanAll, double SdAll)>();
        for (int g = 0; g < n; g++)
        {
            double mean = 0;
            for (int e = 0; e < m; e++) mean += full[e][g];
            mean = m == 0 ? double.NaN : mean / m;
            double ss = 0;
            for (int e = 0; e < m; e++) ss += (full[e][g] - mean) * (full[e][g] - mean);
            stats.Add((g, mean, m > 1 ? Math.Sqrt(ss / (m - 1)) : 0));
        }
        var order = stats.OrderBy(s => s.MeanAll).ThenByDescending(s => given[s.Goal].Count).ThenBy(s => survey.Goals[s.Goal], StringComparer.Ordinal).ToList();
        var standings = new List<GoalStanding>(n);
        for (int position = 0; position < order.Count; position++)
        {
            (int g, double meanAll, double sdAll) = order[position];
            List<double> r = given[g];
            double[] sorted = [.. r.Order()];
            double? mean = r.Count == 0 ? null : r.Average();
            double? sd = r.Count < 2 ? null : Math.Sqrt(r.Sum(x => (x - mean!.Value) * (x - mean.Value)) / (r.Count - 1));
            double? median = r.Count == 0 ? null : Bootstrap.Quantile(sorted, 0.5);
            double? iqr = r.Count < 2 ? null : Bootstrap.Quantile(sorted, 0.75) - Bootstrap.Quantile(sorted, 0.25);
            standings.Add(new GoalStanding(survey.Goals[g], r.Count, m, mean, sd, median, iqr, meanAll, sdAll, position + 1));
        }
        GoalStanding[] consensus = [.. standings.Take(options.ConsensusSize)];
        GoalStanding[] disputed = [.. standings.Where(s => s.RankedBy > 0).OrderByDescending(s => s.SpreadAllExecutives).ThenBy(s => s.ConsensusPosition).Take(options.DisputedCount)];
        var byGoal = new Dictionary<string, IReadOnlyList<GoalSuggestion>>(StringComparer.OrdinalIgnoreCase);
        foreach (GoalStanding s in standings)
        {
            GoalSuggestion[] list = [.. survey.Suggestions.Where(x => string.Equals(x.Goal, s.Goal, StringComparison.OrdinalIgnoreCase))];
            if (list.Length > 0) byGoal[s.Goal] = list;
        }
        var issues = new List<string>(survey.Issues);
        if (survey.LoadReport.RowsRejected > 0)
            issues.Add(string.Create(CultureInfo.InvariantCulture, $"{survey.LoadReport.RowsRejected} survey rows were rejected and are not in these figures; see the load report."));
        int partial = standings.Count(s => s.RankedBy < m);
        if (partial > 0 && m > 0)
            issues.Add(string.Create(CultureInfo.InvariantCulture, $"{partial} of {n} goals were not ranked by every executive; an executive's unranked goals count as tied at the mean of the positions left unranked."));
        if (n > 7)
            issues.Add(string.Create(CultureInfo.InvariantCulture, $"The executives named {n} distinct goals; a shared vision holds five to seven. Agree which to merge or drop before building rules of engagement on them."));
        var placeOf = standings.ToDictionary(s => s.Goal, s => s.ConsensusPosition, StringComparer.OrdinalIgnoreCase);
        GoalExample[] examples = [.. survey.ExampleTexts.Select((x, i) => (x, i)).OrderBy(p => placeOf.TryGetValue(p.x.Goal, out int v) ? v : int.MaxValue).ThenBy(p => p.i).Select(p => p.x)];
        MergedSuggestion[] merged = [.. survey.Suggestions
            .Select((x, i) => (x, i))
            .GroupBy(p => (Goal: p.x.Goal.ToUpperInvariant(), p.x.Type, Text: Normalize(p.x.Text)))
            .Select(g => (First: g.Min(p => p.i), Merged: new MergedSuggestion(g.First().x.Goal, g.Key.Type, g.First().x.Text, g.Select(p => p.x.Executive).Distinct(StringComparer.OrdinalIgnoreCase).Count(),
                [.. g.Select(p => p.x.Executive).Distinct(StringComparer.OrdinalIgnoreCase)])))
            .OrderBy(p => placeOf.TryGetValue(p.Merged.Goal, out int v) ? v : int.MaxValue).ThenByDescending(p => p.Merged.Count).ThenBy(p => p.First)
            .Select(p => p.Merged)];
        var dissent = new List<GoalDissent>();
        foreach (GoalStanding d in disputed)
        {
            int g = Enumerable.Range(0, n).First(i => string.Equals(survey.Goals[i], d.Goal, StringComparison.Ordinal));
            double threshold = Math.Max(1, d.SpreadAllExecutives);
            for (int e = 0; e < m; e++)
            {
                if (Math.Abs(full[e][g] - d.MeanRankAllExecutives) >= threshold)
                    dissent.Add(new GoalDissent(d.Goal, survey.Executives[e], full[e][g], d.MeanRankAllExecutives, survey.ScoredRank(survey.Executives[e], d.Goal) is not null));
            }
        }
        return new GoalSurveyResult(standings, agreement, consensus, disputed, byGoal, examples, issues, survey.LoadReport) { MergedSuggestions = merged, Dissent = dissent };
    }

    private static string Normalize(string text) =>
        string.Join(' ', text.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries)).TrimEnd('.', '!', ';', ',').ToUpperInvariant();

    /// <summary>A one-line summary (invariant); render the whole result with <c>SalesExecutionReport.Of(result)</c> in IcpAnalytics.Reports.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"Goal survey: {Goals.Count} goals; {Agreement}; consensus: {string.Join("; ", ConsensusTop.Select(g => g.Goal))}.");
}
