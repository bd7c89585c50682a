using IcpAnalytics.Data;
using IcpAnalytics.Execution.Coaching;
using IcpAnalytics.Execution.Funnel;
using IcpAnalytics.Execution.GoalSurvey;
using IcpAnalytics.Execution.Maturity;
using IcpAnalytics.Reports;

namespace IcpAnalytics.Tests.Reports;

public class SalesExecutionSectionsTests
{
    private static ActivityFunnelResult Funnel() => SampleActivity.Generate().Analyze(new ActivityFunnelOptions { ResultGoal = 1_200_000 });

    private static GoalSurveyResult Survey() => GoalSurveyData.FromObjects(
        [new("A", "Margin", 1), new("A", "Cycle", 2), new("B", "Margin", 1), new("B", "Cycle", 2), new("C", "Cycle", 1), new("C", "Margin", 2)]).Analyze();

    private static CoachingMaturityResult Maturity(DealSet? deals = null) => CoachingMaturityAssessment.Analyze(CoachingMaturityAnswers.FromScores(new Dictionary<CoachingPractice, double>
    {
        [CoachingPractice.ProcessDefined] = 4, [CoachingPractice.CoachesDeveloped] = 3, [CoachingPractice.CoachingMonitored] = 3,
        [CoachingPractice.ConnectedToEnablement] = 2, [CoachingPractice.ManagersMeasuredAndPaid] = 1,
    }), deals);

    [Fact]
    public void Builder_WithExecutionResults_SectionsInReportWithTheirNumbers()
    {
        DealSet deals = ReportDeals.Tiny();
        ActivityFunnelResult funnel = Funnel();
        ProfitYieldReport report = ProfitYieldReport.For(deals)
            .WithGoalSurvey(Survey())
            .WithActivityFunnel(funnel)
            .WithCoachingReview(CoachingReview.Analyze(deals, options: new CoachingReviewOptions { BaselineStart = new(2024, 1, 1), CurrentStart = new(2025, 3, 1) }))
            .WithCoachingMaturity(Maturity(deals))
            .Build();
        string[] ids = [.. report.Sections.Select(s => s.Id)];
        int survey = Array.IndexOf(ids, SalesExecutionSections.SurveyId), f = Array.IndexOf(ids, SalesExecutionSections.FunnelId);
        int coaching = Array.IndexOf(ids, SalesExecutionSections.CoachingId), maturity = Array.IndexOf(ids, SalesExecutionSections.MaturityId);
        Assert.True(survey >= 0 && survey < f && f < coaching && coaching < maturity);
        Assert.Equal("method", ids[^1]);

        ReportTable leaks = report.FindTable("funnel-leaks")!;
        StepLeakTest leak = Assert.Single(funnel.Leaks);
        Assert.Equal("Rep 03", leaks.Rows[0][0].Text);
        Assert.Equal(leak.MarginCost, leaks.Rows[0][9].Number!.Value, 6);
        ReportTable goals = report.FindTable("survey-goals")!;
        Assert.Equal("Margin", goals.Rows[0][1].Text);
        Assert.Equal(4.0 / 3, goals.Rows[0][2].Number!.Value, 12);
        ReportTable benchmark = report.FindTable("maturity-benchmark")!;
        Assert.StartsWith("External benchmark, not your organization", benchmark.Title, StringComparison.Ordinal);
        Assert.Equal(0.113, benchmark.Rows[3][2].Number!.Value, 12);
        Assert.StartsWith("Dynamic: formal, and the coaching services are designed so that \"they drive adoption", benchmark.Rows[3][1].Text, StringComparison.Ordinal);

        string html = report.ToHtml();
        Assert.Contains("Activity funnel: conversion, leaks and targets", html, StringComparison.Ordinal);
        Assert.Contains("Coaching maturity", html, StringComparison.Ordinal);
        string md = report.ToMarkdown();
        Assert.Contains("Strategic goals: executive survey", md, StringComparison.Ordinal);
        Assert.Contains("Coaching competencies", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Sections_JsonRoundTrip_KeepsUndefinedRatiosEmpty()
    {
        ActivityFunnelResult zero = ActivityFunnelData.FromObjects(
            [new("A", "P1", [100, 20, 5], 50_000), new("C", "P1", [0, 0, 0], 0)], new ActivityFunnelLoadOptions { Stages = ["contacts", "meetings", "wins"] }).Analyze();
        ProfitYieldReport report = ProfitYieldReport.FromSections([SalesExecutionSections.Funnel(zero), SalesExecutionSections.Maturity(Maturity())]);
        ProfitYieldReport back = ProfitYieldReport.FromJson(report.ToJson());
        ReportTable conversion = back.FindTable("funnel-conversion")!;
        IReadOnlyList<ReportCell> c = conversion.Rows.Single(r => r[0].Text == "C" && r[1].Text == "contacts → meetings");
        Assert.Null(c[4].Number);
        Assert.Equal("C logged 0 contacts, so the contacts → meetings ratio is undefined.", c[7].Text);
        Assert.DoesNotContain("NaN", report.ToHtml(), StringComparison.Ordinal);
    }

    [Fact]
    public void EveryExecutionOutput_FollowsTheCallersCulture()
    {
        var german = new ProfitYieldReportOptions { Culture = System.Globalization.CultureInfo.GetCultureInfo("de-DE") };
        DealSet deals = SampleDeals.Generate(2_000, seed: 3);
        // Maturity: "1.234 of 2.000 closed deals" and the win rate with a decimal comma.
        string maturity = SalesExecutionReport.Of(Maturity(deals), german).ToMarkdown();
        Assert.Contains("of 2.000 closed deals", maturity, StringComparison.Ordinal);
        Assert.DoesNotContain("of 2,000 closed deals", maturity, StringComparison.Ordinal);
        // Survey: Kendall's W with a decimal comma.
        GoalSurveyResult survey = Survey();
        string w = survey.Agreement.W.ToString("0.###", System.Globalization.CultureInfo.GetCultureInfo("de-DE"));
        Assert.Contains("Kendall's W = " + w, SalesExecutionReport.Of(survey, german).ToText(), StringComparison.Ordinal);
        Assert.Contains(",", w, StringComparison.Ordinal);
        // Coaching: money in the measure table written 12.345 (de-DE), never 12,345 (invariant).
        CoachingReviewResult coaching = CoachingReview.Analyze(deals, null, new CoachingReviewOptions());
        var thousands = new System.Text.RegularExpressions.Regex(@"(?<![\d,.])[1-9]\d{0,2},\d{3}(?!\d)");
        Assert.Matches(thousands, SalesExecutionReport.Of(coaching).ToMarkdown());
        foreach (string output in (string[])[SalesExecutionReport.Of(coaching, german).ToMarkdown(), SalesExecutionReport.Of(coaching, german).ToText(), SalesExecutionReport.Of(Funnel(), german).ToMarkdown()])
            Assert.DoesNotMatch(thousands, output);
    }
}
