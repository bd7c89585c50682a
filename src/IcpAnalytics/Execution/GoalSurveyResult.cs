using System.Globalization;
using System.Text;
using IcpAnalytics.Data;
using IcpAnalytics.Statistics;
using static IcpAnalytics.Execution.ReportText;

namespace IcpAnalytics.Execution;

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
        IReadOnlyDictionary<string, IReadOnlyList<GoalSuggestion>> suggestions, IReadOnlyList<string> examples, IReadOnlyList<string> issues, LoadReport report)
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

    /// <summary>The supporting examples, as "goal: example (executive)".</summary>
    public IReadOnlyList<string> Examples { get; }

    /// <summary>Ties, gaps and other answers that were handled rather than rejected.</summary>
    public IReadOnlyList<string> Issues { get; }

    /// <summary>How the survey was loaded (rows rejected and why).</summary>
    public LoadReport LoadReport { get; }

    internal static GoalSurveyResult Compute(GoalSurvey survey, GoalSurveyOptions options)
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
        return new GoalSurveyResult(standings, agreement, consensus, disputed, byGoal, survey.ExampleTexts, issues, survey.LoadReport);
    }

    private static string Opt(double? v) => v is null ? "—" : v.Value.ToString("0.0#", CultureInfo.InvariantCulture);

    private List<IReadOnlyList<string>> GoalRows() =>
        [.. Goals.Select(s => (IReadOnlyList<string>)[s.ConsensusPosition.ToString(CultureInfo.InvariantCulture), s.Goal, Opt(s.MeanRank), Opt(s.StandardDeviation), Opt(s.InterquartileRange),
            string.Create(CultureInfo.InvariantCulture, $"{s.RankedBy} of {s.Executives}"), s.MeanRankAllExecutives.ToString("0.0#", CultureInfo.InvariantCulture)])];

    private static readonly string[] GoalHeader = ["#", "goal", "mean rank", "SD", "IQR", "ranked by", "all-executive mean"];

    /// <summary>A Markdown section: agreement, consensus list, all goals, disputed goals, suggestions by goal, issues.</summary>
    public string ToMarkdown()
    {
        var sb = new StringBuilder();
        sb.Append("## Strategic goals: executive survey\n\n");
        sb.Append(Agreement.ToString()).Append(".\n\n");
        sb.Append("### Consensus list\n\n");
        foreach (GoalStanding s in ConsensusTop) sb.Append(CultureInfo.InvariantCulture, $"{s.ConsensusPosition}. {Md(s.Goal)} (mean rank {Opt(s.MeanRank)}, ranked by {s.RankedBy} of {s.Executives})\n");
        sb.Append("\n### Every goal\n\n");
        MdTable(sb, GoalHeader, GoalRows());
        sb.Append("\n### Most disputed\n\n");
        foreach (GoalStanding s in MostDisputed) sb.Append(CultureInfo.InvariantCulture, $"- {Md(s.Goal)}: spread {s.SpreadAllExecutives:0.0#} ranks, ranked by {s.RankedBy} of {s.Executives}\n");
        if (SuggestionsByGoal.Count > 0)
        {
            sb.Append("\n### Suggestions by goal\n\n");
            foreach ((string goal, IReadOnlyList<GoalSuggestion> list) in SuggestionsByGoal)
            {
                sb.Append("**").Append(Md(goal)).Append("**\n\n");
                foreach (GoalSuggestion x in list) sb.Append("- ").Append(x.TypeName).Append(": ").Append(Md(x.Text)).Append(" (").Append(Md(x.Executive)).Append(")\n");
                sb.Append('\n');
            }
        }
        MdNotes(sb, Issues);
        return sb.ToString();
    }

    /// <summary>A self-contained HTML fragment with the same content as <see cref="ToMarkdown"/>.</summary>
    public string ToHtml()
    {
        var sb = new StringBuilder();
        sb.Append("<section class=\"icp-goal-survey\"><h2>Strategic goals: executive survey</h2>");
        sb.Append("<p>").Append(Html(Agreement.ToString())).Append(".</p><h3>Consensus list</h3><ol>");
        foreach (GoalStanding s in ConsensusTop) sb.Append("<li>").Append(Html(string.Create(CultureInfo.InvariantCulture, $"{s.Goal} (mean rank {Opt(s.MeanRank)}, ranked by {s.RankedBy} of {s.Executives})"))).Append("</li>");
        sb.Append("</ol>");
        HtmlTable(sb, GoalHeader, GoalRows(), "Every goal");
        sb.Append("<h3>Most disputed</h3>");
        HtmlList(sb, MostDisputed.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Goal}: spread {s.SpreadAllExecutives:0.0#} ranks, ranked by {s.RankedBy} of {s.Executives}")));
        if (SuggestionsByGoal.Count > 0)
        {
            sb.Append("<h3>Suggestions by goal</h3>");
            foreach ((string goal, IReadOnlyList<GoalSuggestion> list) in SuggestionsByGoal)
            {
                sb.Append("<h4>").Append(Html(goal)).Append("</h4>");
                HtmlList(sb, list.Select(x => $"{x.TypeName}: {x.Text} ({x.Executive})"));
            }
        }
        EndHtmlSection(sb, Issues);
        return sb.ToString();
    }

    /// <summary>Agreement, the consensus list and the disputed goals, readable in a console or notebook.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.AppendLine(Agreement.ToString());
        sb.AppendLine("Consensus order:");
        PlainTable(sb, GoalHeader, GoalRows());
        sb.Append("Most disputed: ").AppendLine(string.Join("; ", MostDisputed.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Goal} (spread {s.SpreadAllExecutives:0.0#})"))));
        foreach ((string goal, IReadOnlyList<GoalSuggestion> list) in SuggestionsByGoal)
        {
            sb.Append("Suggestions for ").Append(goal).AppendLine(":");
            foreach (GoalSuggestion x in list) sb.Append("  - ").Append(x.TypeName).Append(": ").Append(x.Text).Append(" (").Append(x.Executive).AppendLine(")");
        }
        PlainNotes(sb, Issues);
        return sb.ToString();
    }
}
