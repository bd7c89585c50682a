using IcpAnalytics.Execution.Maturity;

namespace IcpAnalytics.Reports;

public static partial class SalesExecutionSections
{
    internal static ReportSection Maturity(CoachingMaturityResult result, ReportFormatter f)
    {
        var scores = new ReportTable("maturity-scores", "Your questionnaire scores (1–5)",
        [
            new ReportColumn("practice", "Practice", ReportValueKind.Text), new ReportColumn("score", "Mean answer", ReportValueKind.Number),
            new ReportColumn("needed", "Needed for the next level", ReportValueKind.Number),
        ], [.. CoachingMaturityAnswers.Practices.Select(p => (IReadOnlyList<ReportCell>)[CoachingMaturityAnswers.Question(p), result.Scores[p],
            result.NextLevel is CoachingMaturityLevel next && !double.IsNaN(result.Scores[p]) ? CoachingMaturityAssessment.Requirement(next, p) : (double?)null])]);
        var benchmark = new ReportTable("maturity-benchmark", "External benchmark, not your organization: " + SalesEnablementBenchmark.Source,
        [
            new ReportColumn("level", "Level", ReportValueKind.Text), new ReportColumn("definition", "The study's definition", ReportValueKind.Text),
            new ReportColumn("benchmark_share", "Benchmark share of organizations", ReportValueKind.Percent),
            new ReportColumn("benchmark_lift_points", "Benchmark win-rate lift (points)", ReportValueKind.Number), new ReportColumn("benchmark_lift_relative", "Benchmark win-rate lift (relative)", ReportValueKind.Percent),
        ], [.. Enum.GetValues<CoachingMaturityLevel>().Select(l => (IReadOnlyList<ReportCell>)[CoachingMaturityResult.LevelName(l), SalesEnablementBenchmark.LevelDefinition(l), SalesEnablementBenchmark.ShareOfOrganizations(l),
            SalesEnablementBenchmark.WinRateLiftPoints(l), SalesEnablementBenchmark.WinRateLiftRelative(l)])]);
        var paragraphs = new List<string>
        {
            "The benchmark figures describe other organizations in an external study (win rates on forecast deals); they are not this organization's results.",
            "The four levels and the quoted words of their definitions are the study's, an external source: " + SalesEnablementBenchmark.DefinitionSource + ". The study publishes no numeric thresholds: the answers each level needs are this library's reading of those definitions "
                + "(informal: process defined at 2 or more; formal: process defined at 4, coaches developed, coaching monitored and, when asked, coaching technology at 3; dynamic: every practice at 4).",
        };
        if (Comparison(result, f) is string comparison) paragraphs.Add(comparison);
        paragraphs.AddRange(result.Issues);
        var findings = new List<ReportFinding> { new(Summary(result, f)) };
        return new ReportSection(MaturityId, "Coaching maturity") { Paragraphs = paragraphs, Findings = findings, Tables = [scores, benchmark] };
    }

    private static string Summary(CoachingMaturityResult r, ReportFormatter f) => r.NextLevel is not CoachingMaturityLevel next
        ? $"Coaching maturity: {CoachingMaturityResult.LevelName(r.Level)} (the highest level). Keep every practice at 4 or above."
        : $"Coaching maturity: {CoachingMaturityResult.LevelName(r.Level)}. To reach {CoachingMaturityResult.LevelName(next)}: "
            + string.Join("; ", r.RequirementsForNextLevel.Select(q => $"{CoachingMaturityAnswers.Question(q.Practice)}: from {q.Current.ToString("0.0", f.Culture)} to at least {q.Required.ToString("0.#", f.Culture)}")) + ".";

    /// <summary>The own-versus-benchmark comparison in words, or null without deals. Always says which figure is the benchmark.</summary>
    private static string? Comparison(CoachingMaturityResult r, ReportFormatter f)
    {
        if (r.OwnWinRate is not MeasuredWinRate own) return null;
        string level = CoachingMaturityResult.LevelName(r.Level);
        string atLevel = SalesEnablementBenchmark.ImpliedWinRate(r.Level) is double b
            ? $"; at the {level} level the benchmark implies about {f.Format(b, ReportValueKind.Percent)}"
            : $"; the benchmark gives no win-rate figure for the {level} level";
        string dynamic = f.Format(SalesEnablementBenchmark.ImpliedWinRate(CoachingMaturityLevel.Dynamic), ReportValueKind.Percent);
        string measured = $"{f.WithInterval(own.Rate, own.Interval.Lower, own.Interval.Upper, ReportValueKind.Percent)} ({f.Format(own.Won, ReportValueKind.Count)} of {f.Format(own.Pursued, ReportValueKind.Count)} closed deals, 95% Wilson interval)";
        return $"Your measured win rate: {measured}. External benchmark (not your result): the study's average win rate on forecast deals is about {f.Format(SalesEnablementBenchmark.ImpliedAverageWinRate, ReportValueKind.Percent)} (implied by its figures){atLevel}, and about {dynamic} for dynamic coaching. "
            + "The comparison is not like-for-like: the benchmark counts forecast deals, your rate counts every closed deal loaded.";
    }
}
