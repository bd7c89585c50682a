using System.Globalization;
using IcpAnalytics.Data;

namespace IcpAnalytics.Execution.GoalSurvey;

/// <summary>
/// A strategic-goal survey: each executive ranks their top objectives (1 = most important … 10), with supporting
/// examples and start / stop / do-differently suggestions. Load it with <see cref="FromCsv(string, GoalSurveyLoadOptions?)"/>
/// (long format: executive, goal, rank, example, suggestion_type, suggestion) or <see cref="FromObjects"/>, then
/// <see cref="Analyze"/> it for mean ranks, agreement (Kendall's W), the consensus list and the disputed goals. Immutable.
/// </summary>
/// <remarks>
/// Validation: a row without an executive, goal or rank, with a rank that is not a whole number in 1 … MaxRank, with a goal
/// outside the agreed list (when one is given), with an unknown suggestion type, or ranking a goal the executive already
/// ranked differently is rejected and listed in <see cref="LoadReport"/> (or stops a strict load). A second row for the same
/// executive and goal with the same rank adds its example and suggestion. Ties (one executive giving two goals the same
/// rank) and gaps (ranks 1, 2, 4) are kept and reported in <see cref="Issues"/>: each executive's ranks are re-scored to
/// positions 1 … k in the order given, tied goals sharing the mean of their positions (mid-ranks).
/// </remarks>
public sealed class GoalSurveyData
{
    private GoalSurveyData(IReadOnlyList<string> goals, IReadOnlyList<string> executives, IReadOnlyList<GoalRanking> rankings,
        IReadOnlyList<GoalExample> examples, IReadOnlyList<GoalSuggestion> suggestions, IReadOnlyList<string> issues, LoadReport report,
        Dictionary<(int Executive, int Goal), double> positions)
    {
        Goals = goals;
        Executives = executives;
        Rankings = rankings;
        ExampleTexts = examples;
        Suggestions = suggestions;
        Issues = issues;
        LoadReport = report;
        _positions = positions;
    }

    private readonly Dictionary<(int Executive, int Goal), double> _positions;

    /// <summary>Every goal: the agreed list when one was given (including goals nobody ranked), else every label seen, in first-seen order.</summary>
    public IReadOnlyList<string> Goals { get; }

    /// <summary>Every executive who ranked at least one goal, in first-seen order.</summary>
    public IReadOnlyList<string> Executives { get; }

    /// <summary>The accepted rankings, one per executive and goal, as given.</summary>
    public IReadOnlyList<GoalRanking> Rankings { get; }

    /// <summary>Every supporting example, in input order.</summary>
    internal IReadOnlyList<GoalExample> ExampleTexts { get; }

    /// <summary>Every suggestion, in input order.</summary>
    public IReadOnlyList<GoalSuggestion> Suggestions { get; }

    /// <summary>Ties, gaps and other things about the answers that were handled, not rejected, each in words.</summary>
    public IReadOnlyList<string> Issues { get; }

    /// <summary>Rows read, loaded and rejected, each reject with its line, column and reason.</summary>
    public LoadReport LoadReport { get; }

    /// <summary>The rank used in the analysis for an executive and goal: the position 1 … k in the executive's order (mid-rank for ties), or null when the executive did not rank it.</summary>
    /// <param name="executive">The executive.</param>
    /// <param name="goal">The goal.</param>
    public double? ScoredRank(string executive, string goal)
    {
        int e = IndexOf(Executives, executive), g = IndexOf(Goals, goal);
        return e >= 0 && g >= 0 && _positions.TryGetValue((e, g), out double p) ? p : null;
    }

    /// <summary>Loads a survey from a CSV file (long format: executive, goal, rank, example, suggestion_type, suggestion; the last three optional).</summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="options">Goal list, rank range, strictness, column names; defaults as documented on <see cref="GoalSurveyLoadOptions"/>.</param>
    /// <exception cref="DealDataException">A required column is missing, or a strict load met a bad row.</exception>
    public static GoalSurveyData FromCsv(string path, GoalSurveyLoadOptions? options = null)
    {
        options ??= new GoalSurveyLoadOptions();
        options.Validate();
        return FromSheet(CsvSheet.Read(path, "goal survey", options.Delimiter), options);
    }

    /// <summary>Loads a survey from CSV text (see <see cref="FromCsv(string, GoalSurveyLoadOptions?)"/>).</summary>
    /// <param name="reader">The CSV text.</param>
    /// <param name="options">Goal list, rank range, strictness, column names.</param>
    /// <param name="source">A name for the source in messages and the load report.</param>
    public static GoalSurveyData FromCsv(TextReader reader, GoalSurveyLoadOptions? options = null, string source = "survey CSV")
    {
        options ??= new GoalSurveyLoadOptions();
        options.Validate();
        return FromSheet(CsvSheet.Read(reader, source, "goal survey", options.Delimiter), options);
    }

    /// <summary>Builds a survey from rankings in memory, with the same validation as the CSV loader (record numbers stand for lines).</summary>
    /// <param name="rankings">The rankings, one or more per executive.</param>
    /// <param name="options">Goal list, rank range and strictness.</param>
    public static GoalSurveyData FromObjects(IEnumerable<GoalRanking> rankings, GoalSurveyLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(rankings);
        options ??= new GoalSurveyLoadOptions();
        options.Validate();
        var rows = new List<RawRow>();
        long record = 0;
        foreach (GoalRanking r in rankings)
        {
            record++;
            rows.Add(new RawRow(record, r.Executive, r.Goal, r.Rank.ToString(CultureInfo.InvariantCulture), r.Example,
                r.SuggestionType is null ? null : r.SuggestionType.ToString(), r.Suggestion, null));
        }
        return Build(rows, options, "rankings in memory");
    }

    /// <summary>Mean rank, spread and coverage per goal, agreement (Kendall's W with ties and its test), the consensus list, the most-disputed goals and the suggestions by goal.</summary>
    /// <param name="options">Consensus size and disputed count; defaults as documented on <see cref="GoalSurveyOptions"/>.</param>
    /// <exception cref="ModelFitException">No ranking was loaded.</exception>
    public GoalSurveyResult Analyze(GoalSurveyOptions? options = null)
    {
        options ??= new GoalSurveyOptions();
        options.Validate();
        if (Rankings.Count == 0)
            throw new ModelFitException(string.Create(CultureInfo.InvariantCulture,
                $"No ranking was loaded from {LoadReport.Source} ({LoadReport.RowsRead} rows read, {LoadReport.RowsRejected} rejected), so there is nothing to analyse. Fix the rejected rows listed in the load report."));
        return GoalSurveyResult.Compute(this, options);
    }

    /// <summary>Executives, goals, rankings, and the load report.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"Goal survey: {Executives.Count} executives ranked {Goals.Count} goals ({Rankings.Count} rankings, {Suggestions.Count} suggestions)") +
        Environment.NewLine + LoadReport;

    internal static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (int i = 0; i < list.Count; i++)
        {
            if (string.Equals(list[i], value, StringComparison.OrdinalIgnoreCase)) return i;
        }
        return -1;
    }

    private sealed record RawRow(long Line, string? Executive, string? Goal, string? Rank, string? Example, string? Type, string? Suggestion, RejectedRow? Malformed);

    private static GoalSurveyData FromSheet(CsvSheet sheet, GoalSurveyLoadOptions o)
    {
        int[] req = sheet.Require("goal survey", o.ExecutiveColumn, o.GoalColumn, o.RankColumn);
        int ex = sheet.Find(o.ExampleColumn), ty = sheet.Find(o.SuggestionTypeColumn), su = sheet.Find(o.SuggestionColumn);
        var rows = new List<RawRow>(sheet.Rows.Count);
        foreach (CsvSheetRow r in sheet.Rows)
        {
            rows.Add(new RawRow(r.Line, r.Cells[req[0]], r.Cells[req[1]], r.Cells[req[2]], ex < 0 ? null : r.Cells[ex],
                ty < 0 ? null : r.Cells[ty], su < 0 ? null : r.Cells[su], r.Malformed));
        }
        return Build(rows, o, sheet.Source);
    }

    internal static SuggestionType? ParseType(string text)
    {
        string t = new([.. text.Where(char.IsLetter)]);
        return t.ToUpperInvariant() switch
        {
            "START" => SuggestionType.Start,
            "STOP" => SuggestionType.Stop,
            "DODIFFERENTLY" or "DIFFERENTLY" or "CHANGE" => SuggestionType.DoDifferently,
            _ => null,
        };
    }

    private static GoalSurveyData Build(List<RawRow> rows, GoalSurveyLoadOptions o, string source)
    {
        var rejected = new List<RejectedRow>();
        var goals = new List<string>();
        if (o.Goals is not null)
        {
            foreach (string g in o.Goals)
            {
                if (IndexOf(goals, g.Trim()) < 0) goals.Add(g.Trim());
            }
        }
        var executives = new List<string>();
        var rankings = new List<GoalRanking>();
        var rankOf = new Dictionary<(int, int), int>();
        var examples = new List<GoalExample>();
        var suggestions = new List<GoalSuggestion>();
        string goalList = goals.Count == 0 ? "" : string.Join(", ", goals.Take(12)) + (goals.Count > 12 ? ", …" : "");
        long loaded = 0;
        foreach (RawRow row in rows)
        {
            if (row.Malformed is not null) { rejected.Add(row.Malformed); continue; }
            string? exec = row.Executive?.Trim(), goal = row.Goal?.Trim();
            if (string.IsNullOrEmpty(exec)) { rejected.Add(new RejectedRow(row.Line, o.ExecutiveColumn, row.Executive, "The executive is missing.", "Name the executive who gave this rank.")); continue; }
            if (string.IsNullOrEmpty(goal)) { rejected.Add(new RejectedRow(row.Line, o.GoalColumn, row.Goal, "The goal is missing.", "Name the goal this rank is for.")); continue; }
            if (string.IsNullOrWhiteSpace(row.Rank))
            {
                rejected.Add(new RejectedRow(row.Line, o.RankColumn, row.Rank, "The rank is missing.",
                    string.Create(CultureInfo.InvariantCulture, $"Give a whole-number rank from 1 (most important) to {o.MaxRank}, or remove the row if the executive did not rank this goal.")));
                continue;
            }
            if (!int.TryParse(row.Rank.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int rank) || rank < 1 || rank > o.MaxRank)
            {
                rejected.Add(new RejectedRow(row.Line, o.RankColumn, row.Rank, string.Create(CultureInfo.InvariantCulture, $"The rank is not a whole number from 1 to {o.MaxRank}."),
                    string.Create(CultureInfo.InvariantCulture, $"Use 1 for the most important goal up to {o.MaxRank}; raise MaxRank if executives ranked more goals.")));
                continue;
            }
            int g = IndexOf(goals, goal);
            if (g < 0 && o.Goals is not null)
            {
                rejected.Add(new RejectedRow(row.Line, o.GoalColumn, row.Goal, "The goal label is not in the agreed goal list.",
                    $"Use one of the agreed labels ({goalList}) or add the goal to the list."));
                continue;
            }
            SuggestionType? type = null;
            if (!string.IsNullOrWhiteSpace(row.Type))
            {
                type = ParseType(row.Type);
                if (type is null)
                {
                    rejected.Add(new RejectedRow(row.Line, o.SuggestionTypeColumn, row.Type, "The suggestion type is not start, stop or do differently.", "Write start, stop or do differently."));
                    continue;
                }
            }
            else if (!string.IsNullOrWhiteSpace(row.Suggestion))
            {
                rejected.Add(new RejectedRow(row.Line, o.SuggestionTypeColumn, row.Type, "A suggestion is given without its type.", "Say whether the suggestion is to start, stop or do differently."));
                continue;
            }
            int e = IndexOf(executives, exec);
            if (e < 0) { executives.Add(exec); e = executives.Count - 1; }
            if (g < 0) { goals.Add(goal); g = goals.Count - 1; }
            if (rankOf.TryGetValue((e, g), out int earlier))
            {
                if (earlier != rank)
                {
                    rejected.Add(new RejectedRow(row.Line, o.RankColumn, row.Rank,
                        string.Create(CultureInfo.InvariantCulture, $"The executive already gave this goal rank {earlier} on an earlier row."),
                        "Give each goal one rank per executive; repeat the same rank on extra rows that only add examples or suggestions."));
                    continue;
                }
            }
            else
            {
                rankOf[(e, g)] = rank;
                rankings.Add(new GoalRanking(executives[e], goals[g], rank));
            }
            loaded++;
            if (!string.IsNullOrWhiteSpace(row.Example)) examples.Add(new GoalExample(executives[e], goals[g], row.Example.Trim()));
            if (type is not null) suggestions.Add(new GoalSuggestion(executives[e], goals[g], type.Value, row.Suggestion?.Trim() ?? ""));
        }

        // Re-score each executive's ranks to positions 1..k, with mid-ranks for ties; report ties and gaps.
        var issues = new List<string>();
        var positions = new Dictionary<(int, int), double>();
        for (int e = 0; e < executives.Count; e++)
        {
            var mine = rankOf.Where(kv => kv.Key.Item1 == e).Select(kv => (Goal: kv.Key.Item2, Rank: kv.Value)).OrderBy(x => x.Rank).ThenBy(x => x.Goal).ToList();
            for (int start = 0; start < mine.Count;)
            {
                int end = start + 1;
                while (end < mine.Count && mine[end].Rank == mine[start].Rank) end++;
                double mid = (start + 1 + end) / 2.0;
                for (int i = start; i < end; i++) positions[(e, mine[i].Goal)] = mid;
                if (end - start > 1)
                    issues.Add(string.Create(CultureInfo.InvariantCulture,
                        $"Executive '{executives[e]}' gave rank {mine[start].Rank} to {end - start} goals ({string.Join(", ", mine.Skip(start).Take(end - start).Select(x => goals[x.Goal]))}); they share the mid-rank {mid:0.##} and Kendall's W is corrected for the tie."));
                start = end;
            }
            var given = mine.Select(x => x.Rank).Distinct().ToList();
            var skipped = Enumerable.Range(1, given.Count == 0 ? 0 : given[^1]).Where(r => !given.Contains(r)).ToList();
            int tiedExtras = mine.Count - given.Count;
            // A gap is only a problem when ties do not explain it (ranks 1, 2, 2, 4 is the standard competition ranking of a tie).
            if (skipped.Count > tiedExtras)
                issues.Add(string.Create(CultureInfo.InvariantCulture,
                    $"Executive '{executives[e]}' gave no goal rank {string.Join(", ", skipped)}; the {mine.Count} ranks given were re-scored to positions 1–{mine.Count} in the order given."));
        }
        LoadReport report = ExecutionDataErrors.Report("goal survey", source, rows.Count, loaded, rejected, [.. issues], o.Strict);
        return new GoalSurveyData(goals, executives, rankings, examples, suggestions, issues, report, positions);
    }
}
