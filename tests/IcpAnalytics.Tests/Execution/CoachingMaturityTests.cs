using IcpAnalytics.Data;
using IcpAnalytics.Execution.Maturity;
using IcpAnalytics.Reports;
using IcpAnalytics.Statistics;

namespace IcpAnalytics.Tests.Execution;

public class CoachingMaturityTests
{
    private static CoachingMaturityAnswers Scores(double process, double coaches, double monitored, double enablement, double paid) =>
        CoachingMaturityAnswers.FromScores(new Dictionary<CoachingPractice, double>
        {
            [CoachingPractice.ProcessDefined] = process,
            [CoachingPractice.CoachesDeveloped] = coaches,
            [CoachingPractice.CoachingMonitored] = monitored,
            [CoachingPractice.ConnectedToEnablement] = enablement,
            [CoachingPractice.ManagersMeasuredAndPaid] = paid,
        });

    [Theory]
    [InlineData(1, 5, 5, 5, 5, CoachingMaturityLevel.Random)]
    [InlineData(2, 1, 1, 1, 1, CoachingMaturityLevel.Informal)]
    [InlineData(4, 3, 2.9, 5, 5, CoachingMaturityLevel.Informal)]
    [InlineData(4, 3, 3, 1, 1, CoachingMaturityLevel.Formal)]
    [InlineData(4, 4, 4, 4, 3.9, CoachingMaturityLevel.Formal)]
    [InlineData(4, 4, 4, 4, 4, CoachingMaturityLevel.Dynamic)]
    public void Assess_Scores_LevelAtThresholds(double process, double coaches, double monitored, double enablement, double paid, CoachingMaturityLevel expected)
    {
        Assert.Equal(expected, CoachingMaturityAssessment.Analyze(Scores(process, coaches, monitored, enablement, paid)).Level);
    }

    [Fact]
    public void Assess_Formal_ListsWhatDynamicRequires()
    {
        CoachingMaturityResult r = CoachingMaturityAssessment.Analyze(Scores(5, 4, 3, 2, 1));
        Assert.Equal(CoachingMaturityLevel.Formal, r.Level);
        Assert.Equal(CoachingMaturityLevel.Dynamic, r.NextLevel);
        Assert.Equal([CoachingPractice.CoachingMonitored, CoachingPractice.ConnectedToEnablement, CoachingPractice.ManagersMeasuredAndPaid], r.RequirementsForNextLevel.Select(q => q.Practice));
        Assert.All(r.RequirementsForNextLevel, q => Assert.Equal(4, q.Required));
        Assert.Contains("To reach dynamic", r.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Benchmark_PublishedFigures()
    {
        Assert.Equal(0.347, SalesEnablementBenchmark.ShareOfOrganizations(CoachingMaturityLevel.Random));
        Assert.Equal(0.350, SalesEnablementBenchmark.ShareOfOrganizations(CoachingMaturityLevel.Informal));
        Assert.Equal(0.189, SalesEnablementBenchmark.ShareOfOrganizations(CoachingMaturityLevel.Formal));
        Assert.Equal(0.113, SalesEnablementBenchmark.ShareOfOrganizations(CoachingMaturityLevel.Dynamic));
        Assert.Equal(0.999, Enum.GetValues<CoachingMaturityLevel>().Sum(SalesEnablementBenchmark.ShareOfOrganizations), 10); // published, rounded
        Assert.Equal(7.0, SalesEnablementBenchmark.WinRateLiftPoints(CoachingMaturityLevel.Formal));
        Assert.Equal(14.3, SalesEnablementBenchmark.WinRateLiftPoints(CoachingMaturityLevel.Dynamic));
        Assert.Equal(0.135, SalesEnablementBenchmark.WinRateLiftRelative(CoachingMaturityLevel.Formal));
        Assert.Equal(0.276, SalesEnablementBenchmark.WinRateLiftRelative(CoachingMaturityLevel.Dynamic));
        Assert.Null(SalesEnablementBenchmark.WinRateLiftPoints(CoachingMaturityLevel.Informal));
        // 7 / 0.135 = 51.85 and 14.3 / 0.276 = 51.81: the study's average is about 51.8%.
        Assert.Equal(0.518, SalesEnablementBenchmark.ImpliedAverageWinRate, 3);
    }

    [Fact]
    public void Assess_WithDeals_OwnWinRateBesideLabelledBenchmark()
    {
        DealSet deals = SampleDeals.Generate(2_000, seed: 3);
        CoachingMaturityResult r = CoachingMaturityAssessment.Analyze(Scores(4, 3, 3, 1, 1), deals);
        Assert.NotNull(r.OwnWinRate);
        Assert.Equal(deals.WonCount, r.OwnWinRate.Won);
        Assert.Equal(2_000, r.OwnWinRate.Pursued);
        Interval w = Proportion.Wilson(deals.WonCount, deals.Count);
        Assert.Equal(w, r.OwnWinRate.Interval);
        string md = SalesExecutionReport.Of(r).ToMarkdown();
        Assert.Contains("Your measured win rate", md, StringComparison.Ordinal);
        Assert.Contains("External benchmark (not your result)", md, StringComparison.Ordinal);
        Assert.Contains("External benchmark, not your organization: 2017 Sales Enablement Optimization Study", md, StringComparison.Ordinal);
        Assert.Contains("they are not this organization's results", md, StringComparison.Ordinal);
        // The study's dynamic-level lift: +14.3 points, +27.6% relative.
        Assert.Contains("| dynamic |", md, StringComparison.Ordinal);
        Assert.Contains("14.30", md, StringComparison.Ordinal);
        Assert.Contains("27.6%", md, StringComparison.Ordinal);
        Assert.Contains("External benchmark, not your organization", SalesExecutionReport.Of(r).ToHtml(), StringComparison.Ordinal);
    }

    [Fact]
    public void FromCsv_BadRows_RejectedAndUnansweredReported()
    {
        const string csv = "respondent,question,answer\nA,process_defined,4\nB,process_defined,5\nA,coaches_developed,7\nA,budget,3\nA,coaching_monitored,\nA,Connected to enablement,2\n";
        CoachingMaturityAnswers answers = CoachingMaturityAnswers.FromCsv(new StringReader(csv));
        Assert.Equal(4.5, answers.Score(CoachingPractice.ProcessDefined));
        Assert.Equal(2, answers.Score(CoachingPractice.ConnectedToEnablement));
        Assert.Null(answers.Score(CoachingPractice.CoachesDeveloped));
        Assert.Equal(3, answers.LoadReport.RowsRejected);
        Assert.Equal(6, answers.LoadReport.RowsRead);
        Assert.Equal(4, answers.LoadReport.Rejected[0].Line);
        Assert.Contains("not a number from 1 to 5", answers.LoadReport.Rejected[0].Reason, StringComparison.Ordinal);
        Assert.Contains("process_defined", answers.LoadReport.Rejected[1].Fix, StringComparison.Ordinal);
        CoachingMaturityResult r = CoachingMaturityAssessment.Analyze(answers);
        Assert.Contains(r.Issues, i => i.Contains("coaches_developed", StringComparison.Ordinal) && i.Contains("counts as 1", StringComparison.Ordinal));
        Assert.Contains(r.Issues, i => i.Contains("3 answer rows were rejected", StringComparison.Ordinal));
        Assert.Throws<DealDataException>(() => CoachingMaturityAnswers.FromCsv(new StringReader(csv), strict: true));
    }

    [Fact]
    public void Assess_OptionalAreasAndTechnologyQuestions_GateOnlyWhenAsked()
    {
        var formal = new Dictionary<CoachingPractice, double>
        {
            [CoachingPractice.ProcessDefined] = 4, [CoachingPractice.CoachesDeveloped] = 3, [CoachingPractice.CoachingMonitored] = 3,
            [CoachingPractice.ConnectedToEnablement] = 2, [CoachingPractice.ManagersMeasuredAndPaid] = 1,
        };
        // Not asked: formal as before, and said so.
        CoachingMaturityResult notAsked = CoachingMaturityAssessment.Analyze(CoachingMaturityAnswers.FromScores(formal));
        Assert.Equal(CoachingMaturityLevel.Formal, notAsked.Level);
        Assert.True(double.IsNaN(notAsked.Scores[CoachingPractice.CoachingTechnology]));
        Assert.Contains(notAsked.Issues, i => i.Contains("(coaching_technology) was not asked", StringComparison.Ordinal));
        // Asked and low: managers coach without tools, so the organization is informal ("tools, reinforcement and accountability" is formal).
        var withTools = new Dictionary<CoachingPractice, double>(formal) { [CoachingPractice.CoachingTechnology] = 2, [CoachingPractice.CoachingAreas] = 3 };
        CoachingMaturityResult asked = CoachingMaturityAssessment.Analyze(CoachingMaturityAnswers.FromScores(withTools));
        Assert.Equal(CoachingMaturityLevel.Informal, asked.Level);
        MaturityRequirement tools = Assert.Single(asked.RequirementsForNextLevel);
        Assert.Equal(CoachingPractice.CoachingTechnology, tools.Practice);
        Assert.Equal(3, tools.Required);
        // The CSV loader knows the new keys.
        CoachingMaturityAnswers csv = CoachingMaturityAnswers.FromCsv(new StringReader("respondent,question,answer\nA,coaching_areas,4\nA,coaching_technology,5\n"));
        Assert.Equal(5, csv.Score(CoachingPractice.CoachingTechnology));
        string md = SalesExecutionReport.Of(asked).ToMarkdown();
        // The study's own words, quoted and attributed as an external source (CSO Insights' descriptions of the 2017 study).
        Assert.Contains("Random: \"sales coaching is left up to the sales managers\"", md, StringComparison.Ordinal);
        Assert.Contains("Informal: \"based on guidelines and lip service\"", md, StringComparison.Ordinal);
        Assert.Contains("\"a formally implemented coaching process, sales managers are developed regarding their coaching skills, and the impact is measured\"", md, StringComparison.Ordinal);
        Assert.Contains("an external source: CSO Insights (Miller Heiman Group)", md, StringComparison.Ordinal);
        Assert.Contains("The study publishes no numeric thresholds", md, StringComparison.Ordinal);
    }
}
