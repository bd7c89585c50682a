using System.Globalization;
using System.Text;
using IcpAnalytics.Data;
using static IcpAnalytics.Execution.ReportText;

namespace IcpAnalytics.Execution;

/// <summary>
/// The scored coaching-maturity questionnaire: the organization's level, each practice's score, what moving up a level
/// requires, the organization's own measured win rate (when deals are loaded), and beside them — clearly labelled as an
/// external benchmark, never as this organization's result — the <see cref="SalesEnablementBenchmark"/> figures. Immutable.
/// </summary>
public sealed class CoachingMaturityResult
{
    internal CoachingMaturityResult(CoachingMaturityLevel level, IReadOnlyDictionary<CoachingPractice, double> scores, int respondents, CoachingMaturityLevel? next,
        IReadOnlyList<MaturityRequirement> requirements, MeasuredWinRate? own, IReadOnlyList<string> issues, LoadReport report)
    {
        Level = level;
        Scores = scores;
        Respondents = respondents;
        NextLevel = next;
        RequirementsForNextLevel = requirements;
        OwnWinRate = own;
        Issues = issues;
        LoadReport = report;
    }

    /// <summary>The organization's coaching-maturity level.</summary>
    public CoachingMaturityLevel Level { get; }

    /// <summary>The mean answer (1–5) per practice; unanswered practices count as 1 (see <see cref="Issues"/>).</summary>
    public IReadOnlyDictionary<CoachingPractice, double> Scores { get; }

    /// <summary>How many respondents answered.</summary>
    public int Respondents { get; }

    /// <summary>The next level up, or null at dynamic.</summary>
    public CoachingMaturityLevel? NextLevel { get; }

    /// <summary>What each practice must reach to move up to <see cref="NextLevel"/> (empty at dynamic).</summary>
    public IReadOnlyList<MaturityRequirement> RequirementsForNextLevel { get; }

    /// <summary>The organization's own measured win rate over the deals loaded, or null when none were loaded.</summary>
    public MeasuredWinRate? OwnWinRate { get; }

    /// <summary>Unanswered practices, rejected rows and similar notes.</summary>
    public IReadOnlyList<string> Issues { get; }

    /// <summary>How the answers were loaded.</summary>
    public LoadReport LoadReport { get; }

    private static string LevelName(CoachingMaturityLevel level) => level.ToString().ToLowerInvariant();

    /// <summary>The level and next step in one sentence.</summary>
    public string Summary => NextLevel is null
        ? $"Coaching maturity: {LevelName(Level)} (the highest level). Keep every practice at 4 or above."
        : $"Coaching maturity: {LevelName(Level)}. To reach {LevelName(NextLevel.Value)}: {string.Join("; ", RequirementsForNextLevel)}.";

    /// <summary>The own-versus-benchmark comparison in words, or null without deals. Always says which figure is the benchmark.</summary>
    public string? Comparison
    {
        get
        {
            if (OwnWinRate is null) return null;
            double avg = SalesEnablementBenchmark.ImpliedAverageWinRate;
            string atLevel = SalesEnablementBenchmark.ImpliedWinRate(Level) is double b
                ? $"; at the {LevelName(Level)} level the benchmark implies about {Pct(b)}"
                : $"; the benchmark gives no win-rate figure for the {LevelName(Level)} level";
            string dyn = SalesEnablementBenchmark.ImpliedWinRate(CoachingMaturityLevel.Dynamic) is double d ? Pct(d) : "—";
            return $"Your measured win rate: {OwnWinRate}. External benchmark (not your result): the study's average win rate on forecast deals is about {Pct(avg)} (implied by its figures){atLevel}, and about {dyn} for dynamic coaching. " +
                "The comparison is not like-for-like: the benchmark counts forecast deals, your rate counts every closed deal loaded.";
        }
    }

    private static readonly string[] ScoreHeader = ["practice", "mean answer (1–5)", "needed for next level"];
    private static readonly string[] BenchmarkHeader = ["level", "benchmark share of organizations", "benchmark win-rate lift (forecast deals)"];

    private List<IReadOnlyList<string>> ScoreRows() =>
        [.. CoachingMaturityAnswers.Practices.Select(p => (IReadOnlyList<string>)[CoachingMaturityAnswers.Question(p), Scores[p].ToString("0.0", CultureInfo.InvariantCulture),
            NextLevel is null ? "—" : CoachingMaturityAssessment.Requirement(NextLevel.Value, p).ToString("0", CultureInfo.InvariantCulture)])];

    private static List<IReadOnlyList<string>> BenchmarkRows() =>
        [.. Enum.GetValues<CoachingMaturityLevel>().Select(l => (IReadOnlyList<string>)[LevelName(l), Pct(SalesEnablementBenchmark.ShareOfOrganizations(l)),
            SalesEnablementBenchmark.WinRateLiftPoints(l) is double pts ? string.Create(CultureInfo.InvariantCulture, $"+{pts:0.0} points (+{SalesEnablementBenchmark.WinRateLiftRelative(l)!.Value * 100:0.0}%)") : "not reported"])];

    /// <summary>A Markdown section: level, scores, requirements, and the clearly labelled external benchmark beside the measured win rate.</summary>
    public string ToMarkdown()
    {
        var sb = new StringBuilder();
        sb.Append("## Coaching maturity\n\n").Append(Md(Summary)).Append("\n\n");
        MdTable(sb, ScoreHeader, ScoreRows());
        sb.Append("\n### External benchmark (").Append(SalesEnablementBenchmark.Source).Append(")\n\n");
        sb.Append("These figures describe other organizations in the study, not yours.\n\n");
        MdTable(sb, BenchmarkHeader, BenchmarkRows());
        if (Comparison is not null) sb.Append('\n').Append(Md(Comparison)).Append('\n');
        MdNotes(sb, Issues);
        return sb.ToString();
    }

    /// <summary>A self-contained HTML fragment with the same content as <see cref="ToMarkdown"/>.</summary>
    public string ToHtml()
    {
        var sb = new StringBuilder();
        sb.Append("<section class=\"icp-coaching-maturity\"><h2>Coaching maturity</h2><p>").Append(Html(Summary)).Append("</p>");
        HtmlTable(sb, ScoreHeader, ScoreRows(), "Your questionnaire scores");
        sb.Append("<div class=\"icp-benchmark\" style=\"border-left:4px solid #c90;padding-left:8px\"><h3>External benchmark (").Append(Html(SalesEnablementBenchmark.Source)).Append(")</h3>");
        sb.Append("<p><strong>These figures describe other organizations in the study, not yours.</strong></p>");
        HtmlTable(sb, BenchmarkHeader, BenchmarkRows());
        sb.Append("</div>");
        if (Comparison is not null) sb.Append("<p>").Append(Html(Comparison)).Append("</p>");
        EndHtmlSection(sb, Issues);
        return sb.ToString();
    }

    /// <summary>Level, scores, requirements, and the benchmark comparison, readable in a console or notebook.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.AppendLine(Summary);
        PlainTable(sb, ScoreHeader, ScoreRows());
        sb.Append("External benchmark (").Append(SalesEnablementBenchmark.Source).AppendLine("); not your organization's result:");
        PlainTable(sb, BenchmarkHeader, BenchmarkRows());
        if (Comparison is not null) sb.AppendLine(Comparison);
        PlainNotes(sb, Issues);
        return sb.ToString();
    }
}
