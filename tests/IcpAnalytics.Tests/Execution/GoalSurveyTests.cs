using IcpAnalytics.Execution.GoalSurvey;
using IcpAnalytics.Reports;
using IcpAnalytics.Statistics;

namespace IcpAnalytics.Tests.Execution;

public class GoalSurveyTests
{
    // ProofWiki, "Kendall's Coefficient of Concordance/Examples/Arbitrary Example 1": 4 judges rank 3 competitors;
    // rank sums 7, 9, 8, S = 2, W = 12·2 / (4²·3·(3² − 1)) = 1/16. Chi-square = m(n − 1)W = 0.5 on 2 df, p = e^(−0.25).
    [Fact]
    public void KendallW_ProofWikiExample_IsOneSixteenth()
    {
        double[][] judges = [[1, 3, 2], [1, 2, 3], [2, 3, 1], [3, 1, 2]];
        Concordance c = KendallConcordance.Compute(judges);
        Assert.True(c.IsDefined);
        Assert.Equal(1.0 / 16, c.W, 12);
        Assert.Equal(2, c.RankSumSquares, 12);
        Assert.Equal(0.5, c.ChiSquare, 12);
        Assert.Equal(2, c.DegreesOfFreedom);
        Assert.Equal(Math.Exp(-0.25), c.PValue, 10);
    }

    // Tie correction (Siegel & Castellan 1988, eq. 9.16: W = 12S / (m²(n³ − n) − mΣT), T = Σ(t³ − t)), by hand:
    // rater 2 ties items 2 and 3 (T = 2³ − 2 = 6). Rank sums 4, 5.5, 8.5, 12; mean 7.5; S = 12.25 + 4 + 1 + 20.25 = 37.5.
    // W = 450 / (9·60 − 3·6) = 450 / 522; without the correction it would be 450 / 540.
    [Fact]
    public void KendallW_WithTies_AppliesCorrection()
    {
        double[][] raters = [[1, 2, 3, 4], [1, 2.5, 2.5, 4], [2, 1, 3, 4]];
        Concordance c = KendallConcordance.Compute(raters);
        Assert.Equal(37.5, c.RankSumSquares, 12);
        Assert.Equal(6, c.TieCorrection, 12);
        Assert.Equal(450.0 / 522, c.W, 12);
        Assert.Equal(3 * 3 * 450.0 / 522, c.ChiSquare, 10);
    }

    [Fact]
    public void KendallW_OneRater_UndefinedWithReason()
    {
        Concordance c = KendallConcordance.Compute([[1.0, 2, 3]]);
        Assert.False(c.IsDefined);
        Assert.Contains("at least 2 raters", c.Reason, StringComparison.Ordinal);
    }

    private const string Header = "executive,goal,rank,example,suggestion_type,suggestion\n";

    // Three executives rank four goals. Rank sums G1 4, G2 6, G3 8, G4 12; mean 7.5; S = 35; W = 12·35 / (9·60) = 7/9.
    private const string Complete =
        Header +
        "A,G1,1,Lost Q3 margin,stop,Approving deep discounts\n" +
        "A,G2,2,,,\nA,G3,3,,,\nA,G4,4,,,\n" +
        "B,G1,1,,start,Deal reviews\nB,G2,3,,,\nB,G3,2,,,\nB,G4,4,,,\n" +
        "C,G1,2,,,\nC,G2,1,,,\nC,G3,3,,do differently,Coach on calls\nC,G4,4,,,\n";

    [Fact]
    public void Analyze_CompleteRankings_HandCheckedMeanRanksAndW()
    {
        GoalSurveyResult r = GoalSurveyData.FromCsv(new StringReader(Complete)).Analyze(new GoalSurveyOptions { ConsensusSize = 2, DisputedCount = 1 });
        Assert.Equal(7.0 / 9, r.Agreement.W, 12);
        Assert.Equal(["G1", "G2", "G3", "G4"], r.Goals.Select(g => g.Goal));
        GoalStanding g1 = r.Goals[0];
        Assert.Equal(4.0 / 3, g1.MeanRank!.Value, 12);
        Assert.Equal(Math.Sqrt(1.0 / 3), g1.StandardDeviation!.Value, 12); // ranks 1, 1, 2
        Assert.Equal(1, g1.Median!.Value, 12);
        Assert.Equal(0.5, g1.InterquartileRange!.Value, 12);                // Q1 = 1, Q3 = 1.5 (type 7)
        Assert.Equal(3, g1.RankedBy);
        Assert.Equal(2, r.Goals[1].MeanRank!.Value, 12);
        Assert.Equal(8.0 / 3, r.Goals[2].MeanRank!.Value, 12);
        Assert.Equal(0, r.Goals[3].StandardDeviation!.Value, 12);
        Assert.Equal(["G1", "G2"], r.ConsensusTop.Select(g => g.Goal));
        Assert.Single(r.MostDisputed);
        Assert.Equal("G2", r.MostDisputed[0].Goal); // ranks 2, 3, 1: SD 1, the largest
        Assert.Equal(2, r.SuggestionsByGoal["G1"].Count);
        Assert.Equal(SuggestionType.DoDifferently, r.SuggestionsByGoal["G3"][0].Type);
        Assert.Empty(r.Issues);
    }

    [Fact]
    public void Analyze_GoalNotRankedByEveryone_GetsMeanOfUnrankedPositions()
    {
        // A ranks only G1 and G2 of 4 goals: G3 and G4 count as tied at (2 + 1 + 4) / 2 = 3.5 for A.
        string csv = Header + "A,G1,1,,,\nA,G2,2,,,\n" + "B,G1,1,,,\nB,G2,2,,,\nB,G3,3,,,\nB,G4,4,,,\n";
        GoalSurveyData survey = GoalSurveyData.FromCsv(new StringReader(csv));
        GoalSurveyResult r = survey.Analyze();
        GoalStanding g4 = r.Goals.Single(g => g.Goal == "G4");
        Assert.Equal(1, g4.RankedBy);
        Assert.Equal(4, g4.MeanRank!.Value, 12);
        Assert.Equal((3.5 + 4) / 2, g4.MeanRankAllExecutives, 12);
        Assert.Null(g4.StandardDeviation);
        // Completed matrix [[1,2,3.5,3.5],[1,2,3,4]]: sums 2, 4, 6.5, 7.5; mean 5; S = 9 + 1 + 2.25 + 6.25 = 18.5;
        // T = 6 (A's tie of the two unranked goals); W = 12·18.5 / (4·60 − 2·6) = 222 / 228.
        Assert.Equal(222.0 / 228, r.Agreement.W, 12);
        Assert.Contains(r.Issues, i => i.Contains("not ranked by every executive", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_TiesWithinExecutive_MidRanksAndReported()
    {
        string csv = Header + "A,G1,1,,,\nA,G2,2,,,\nA,G3,2,,,\nA,G4,4,,,\n" + "B,G1,1,,,\nB,G2,2,,,\nB,G3,3,,,\nB,G4,4,,,\n";
        GoalSurveyData survey = GoalSurveyData.FromCsv(new StringReader(csv));
        Assert.Equal(8, survey.LoadReport.RowsLoaded);
        Assert.Equal(2.5, survey.ScoredRank("A", "G2"));
        Assert.Equal(2.5, survey.ScoredRank("A", "G3"));
        Assert.Equal(4, survey.ScoredRank("A", "G4"));
        string issue = Assert.Single(survey.Issues);
        Assert.Contains("gave rank 2 to 2 goals", issue, StringComparison.Ordinal);
        Assert.Contains("mid-rank 2.5", issue, StringComparison.Ordinal);
        // Sums 2, 4.5, 5.5, 8; S = 18.5; T = 6; W = 12·18.5 / (4·60 − 2·6) = 222 / 228.
        Assert.Equal(222.0 / 228, survey.Analyze().Agreement.W, 12);
    }

    [Fact]
    public void Load_GapInRanks_ReScoredAndReported()
    {
        string csv = Header + "A,G1,1,,,\nA,G2,2,,,\nA,G3,4,,,\n" + "B,G1,1,,,\nB,G2,2,,,\nB,G3,3,,,\n";
        GoalSurveyData survey = GoalSurveyData.FromCsv(new StringReader(csv));
        Assert.Equal(3, survey.ScoredRank("A", "G3"));
        Assert.Contains(survey.Issues, i => i.Contains("gave no goal rank 3", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_MissingRankAndUnknownGoal_RejectedWithLineAndReason()
    {
        string csv = Header + "A,G1,1,,,\nA,G2,,,,\nA,Mystery goal,3,,,\nB,G1,x,,,\nB,G2,11,,,\n,G1,1,,,\nB,G1,2,,,\nB,G1,3,,,\nB,G2,1,,bogus,Text\n";
        var options = new GoalSurveyLoadOptions { Goals = ["G1", "G2"] };
        GoalSurveyData survey = GoalSurveyData.FromCsv(new StringReader(csv), options);
        IcpAnalytics.Data.LoadReport report = survey.LoadReport;
        Assert.Equal(9, report.RowsRead);
        Assert.Equal(report.RowsRead, report.RowsLoaded + report.RowsRejected);
        Assert.Equal(2, report.RowsLoaded);
        IcpAnalytics.Data.RejectedRow missing = report.Rejected[0];
        Assert.Equal(3, missing.Line);
        Assert.Equal("rank", missing.Column);
        Assert.Equal("The rank is missing.", missing.Reason);
        IcpAnalytics.Data.RejectedRow unknown = report.Rejected[1];
        Assert.Equal(4, unknown.Line);
        Assert.Equal("goal", unknown.Column);
        Assert.Equal("Mystery goal", unknown.RawValue);
        Assert.Contains("not in the agreed goal list", unknown.Reason, StringComparison.Ordinal);
        Assert.Contains("G1, G2", unknown.Fix, StringComparison.Ordinal);
        Assert.Contains("not a whole number from 1 to 10", report.Rejected[2].Reason, StringComparison.Ordinal);
        Assert.Contains("not a whole number from 1 to 10", report.Rejected[3].Reason, StringComparison.Ordinal);
        Assert.Equal("The executive is missing.", report.Rejected[4].Reason);
        Assert.Contains("already gave this goal rank 2", report.Rejected[5].Reason, StringComparison.Ordinal);
        Assert.Contains("not start, stop or do differently", report.Rejected[6].Reason, StringComparison.Ordinal);
        Assert.Equal(["G1", "G2"], survey.Goals); // the agreed list, in its order
    }

    [Fact]
    public void Load_Strict_ThrowsWithLineColumnAndFix_NoRawValue()
    {
        string csv = Header + "A,G1,1,,,\nA,Secret plan,2,,,\n";
        var e = Assert.Throws<DealDataException>(() => GoalSurveyData.FromCsv(new StringReader(csv), new GoalSurveyLoadOptions { Goals = ["G1"], Strict = true }));
        Assert.Contains("line 3, column 'goal'", e.Message, StringComparison.Ordinal);
        Assert.Contains("not in the agreed goal list", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Secret plan", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, e.Report.RowsRejected);
    }

    [Fact]
    public void Load_MissingColumn_NamesIt()
    {
        var e = Assert.Throws<DealDataException>(() => GoalSurveyData.FromCsv(new StringReader("executive,goal\nA,G1\n")));
        Assert.Contains("'rank'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromRankings_InMemory_SameAsCsv()
    {
        GoalRanking[] rankings = [new("A", "G1", 1), new("A", "G2", 2), new("B", "G1", 2), new("B", "G2", 1), new("C", "G1", 1), new("C", "G2", 2)];
        GoalSurveyResult r = GoalSurveyData.FromObjects(rankings).Analyze();
        // Sums 4 and 5; mean 4.5; S = 0.5; W = 12·0.5 / (9·6) = 1/9.
        Assert.Equal(1.0 / 9, r.Agreement.W, 12);
        Assert.Equal("G1", r.ConsensusTop[0].Goal);
    }

    [Fact]
    public void Options_Invalid_AllReportedAtOnce()
    {
        GoalSurveyData survey = GoalSurveyData.FromCsv(new StringReader(Complete));
        var e = Assert.Throws<InvalidOptionsException>(() => survey.Analyze(new GoalSurveyOptions { ConsensusSize = 0, DisputedCount = 99 }));
        Assert.Equal(2, e.Problems.Count);
    }

    [Fact]
    public void Render_MarkdownHtmlText_CarryTheFigures()
    {
        GoalSurveyResult r = GoalSurveyData.FromCsv(new StringReader(Complete)).Analyze();
        Assert.Contains("Kendall's W = 0.778", SalesExecutionReport.Of(r).ToMarkdown(), StringComparison.Ordinal);
        Assert.Contains("<section id=\"goal-survey\">", SalesExecutionReport.Of(r).ToHtml(), StringComparison.Ordinal);
        Assert.Contains("Coach on calls", SalesExecutionReport.Of(r).ToHtml(), StringComparison.Ordinal);
        Assert.Contains("G1", r.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_ExamplesPerGoal_SuggestionsMergedWithCounts_ProliferationWarned_DissentNamed()
    {
        // 3 executives, 9 distinct goals (more than the 5-7 a shared vision holds). A and B make the same "stop" suggestion
        // for G1 in different case and punctuation; C ranks G3 last while A and B rank it first.
        string csv = Header
            + "A,G1,2,Lost Q3 margin,stop,Approving deep discounts\nA,G3,1,,,\nA,G4,3,,,\nA,G5,4,,,\nA,G6,5,,,\n"
            + "B,G1,2,Delivery overran on two deals,stop,approving  deep discounts.\nB,G3,1,,,\nB,G7,3,,,\nB,G8,4,,,\n"
            + "C,G1,1,,start,Deal reviews\nC,G2,2,,,\nC,G9,3,,,\nC,G3,4,,,\n";
        GoalSurveyResult r = GoalSurveyData.FromCsv(new StringReader(csv)).Analyze(new GoalSurveyOptions { DisputedCount = 9 });
        Assert.Equal(9, r.DistinctGoals);
        Assert.True(r.TooManyGoals);
        Assert.Contains(r.Issues, i => i.StartsWith("The executives named 9 distinct goals; a shared vision holds five to seven.", StringComparison.Ordinal));
        MergedSuggestion stop = r.MergedSuggestions.Single(x => x.Type == SuggestionType.Stop);
        Assert.Equal(2, stop.Count);
        Assert.Equal(["A", "B"], stop.Executives);
        Assert.Equal("Approving deep discounts", stop.Text);
        Assert.Equal(2, r.MergedSuggestions.Count);
        Assert.Equal(["Lost Q3 margin", "Delivery overran on two deals"], r.Examples.Where(x => x.Goal == "G1").Select(x => x.Text));
        // G3: ranks 1, 1, 4 → mean 2, SD √3 ≈ 1.73; C is 2 ranks away (≥ max(1, SD)), A and B 1 rank away.
        GoalStanding g3 = r.Goals.Single(g => g.Goal == "G3");
        Assert.Equal(2, g3.MeanRankAllExecutives, 12);
        Assert.Contains(r.MostDisputed, g => g.Goal == "G3");
        GoalDissent c = r.Dissent.Single(d => d.Goal == "G3");
        Assert.Equal("C", c.Executive);
        Assert.Equal(4, c.Rank);
        ProfitYieldReport survey = SalesExecutionReport.Of(r);
        foreach (string text in (string[])[survey.ToMarkdown(), survey.ToHtml(), survey.ToText()])
        {
            Assert.Contains("Delivery overran on two deals", text, StringComparison.Ordinal);
            Assert.Contains("Overall score (all executives; orders list)", text, StringComparison.Ordinal);
            Assert.Contains("Mean rank among those who ranked it", text, StringComparison.Ordinal);
        }
        Assert.Equal(2, survey.FindTable("survey-suggestions")!.Rows.Single(x => x[1].Text == "stop")[3].Number);
        ProfitYieldReport vision = SalesExecutionReport.SharedVision(r);
        Assert.Equal(7, vision.FindTable("vision-goals")!.Rows.Count);
        Assert.Equal(7, vision.FindTable("vision-rules")!.Rows.Count);
        Assert.Contains("stop: Approving deep discounts (×2)", vision.FindTable("vision-rules")!.Rows.Single(x => x[0].Text == "G1")[2].Text, StringComparison.Ordinal);
        Assert.Contains(vision.FindTable("vision-dissent")!.Rows, x => x[0].Text == "G3" && x[1].Text == "C");
    }
}
