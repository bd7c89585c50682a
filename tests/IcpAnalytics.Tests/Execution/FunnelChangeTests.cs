using IcpAnalytics.Execution.Funnel;
using IcpAnalytics.Reports;

namespace IcpAnalytics.Tests.Execution;

public class FunnelChangeTests
{
    private static readonly string[] Periods = ["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4", "2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"];

    /// <summary>
    /// 6 reps × 8 quarters, binomial counts: 400 contacts → appointments at 30% → demos at 50% → wins at 30%. Rep 03 converts
    /// appointments → demos at 25% until 2024-Q4 and at 50% from 2025-Q1 (coached then: the leak closes); Rep 05 leaks at the
    /// same step throughout (still open); Rep 06 starts leaking from 2025-Q1 (a new leak).
    /// </summary>
    private static ActivityFunnelData Data(int seed)
    {
        var random = new Random(seed);
        long Binomial(long n, double p) { long k = 0; for (long i = 0; i < n; i++) if (random.NextDouble() < p) k++; return k; }
        var records = new List<ActivityRecord>();
        foreach (string period in Periods)
        {
            bool after = string.CompareOrdinal(period, "2025-Q1") >= 0;
            for (int r = 1; r <= 6; r++)
            {
                double demoRate = r switch { 3 => after ? 0.5 : 0.25, 5 => 0.25, 6 => after ? 0.25 : 0.5, _ => 0.5 };
                long contacts = 400, appointments = Binomial(contacts, 0.3), demos = Binomial(appointments, demoRate), wins = Binomial(demos, 0.3);
                records.Add(new ActivityRecord($"Rep {r:00}", period, [contacts, appointments, demos, wins], wins * 10_000.0));
            }
        }
        return ActivityFunnelData.FromObjects(records, new ActivityFunnelLoadOptions { Stages = ["contacts", "appointments", "demos", "wins"] });
    }

    [Fact]
    public void Analyze_LeakThatClosesAfterTheCoachingDate_DetectedAsClosed()
    {
        FunnelChangeResult r = FunnelChange.Analyze(Data(1), new FunnelChangeOptions { TeamCoachedFrom = "2025-Q1" });
        LeakChange closed = r.Changes.Single(c => c.Rep == "Rep 03" && c.Step == 1);
        Assert.Equal(LeakStatus.Closed, closed.Status);
        Assert.True(closed.LeakBefore);
        Assert.False(closed.LeakAfter);
        Assert.InRange(closed.BeforeRatio!.Value, 0.18, 0.32);
        Assert.InRange(closed.AfterRatio!.Value, 0.42, 0.58);
        Assert.True(closed.Change!.Interval.Lower > 0);
        Assert.Equal(LeakStatus.StillOpen, r.Changes.Single(c => c.Rep == "Rep 05" && c.Step == 1).Status);
        Assert.Equal(LeakStatus.NewLeak, r.Changes.Single(c => c.Rep == "Rep 06" && c.Step == 1).Status);
        // Nobody else leaks anywhere; the other steps of the leaking reps are fine too.
        Assert.All(r.Changes.Where(c => c.Step != 1 || c.Rep is not ("Rep 03" or "Rep 05" or "Rep 06")), c => Assert.Equal(LeakStatus.NoLeak, c.Status));
        // Rep 03's ratio trends up; the team-wide trend of the others at that step is flat.
        Assert.True(r.Trends.Single(t => t.Rep == "Rep 03" && t.Step == 1).Interval!.Value.Lower > 0);
        Assert.Equal(6 * 3 * 8, r.PeriodRatios.Count);
    }

    [Fact]
    public void Analyze_PerRepCoachingDates_RepWithoutDateNotTestedAndSaid()
    {
        var options = new FunnelChangeOptions { CoachedFrom = new Dictionary<string, string> { ["Rep 03"] = "2025-Q1", ["Rep 99"] = "2025-Q1" } };
        FunnelChangeResult r = FunnelChange.Analyze(Data(2), options);
        Assert.Equal(LeakStatus.Closed, r.Changes.Single(c => c.Rep == "Rep 03" && c.Step == 1).Status);
        Assert.Equal(LeakStatus.NotTested, r.Changes.Single(c => c.Rep == "Rep 05" && c.Step == 1).Status);
        Assert.Contains(r.Issues, i => i.StartsWith("5 reps have no coaching date", StringComparison.Ordinal));
        Assert.Contains(r.Issues, i => i.Contains("Rep 99", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_EveryFormatShowsTheStatusTable()
    {
        ProfitYieldReport report = SalesExecutionReport.Of(FunnelChange.Analyze(Data(1), new FunnelChangeOptions { TeamCoachedFrom = "2025-Q1" }));
        foreach (string text in (string[])[report.ToHtml(), report.ToMarkdown(), report.ToText()])
        {
            Assert.Contains("Leaks before and after coaching", text, StringComparison.Ordinal);
            Assert.Contains("leak closed", text, StringComparison.Ordinal);
            Assert.Contains("new leak", text, StringComparison.Ordinal);
        }
        Assert.Equal("leak closed", report.FindTable("funnel-leak-status")!.Rows.Single(x => x[0].Text == "Rep 03" && x[1].Text == "appointments → demos")[10].Text);
    }

    [Fact]
    public void RepFollowUp_ScoresBesideLeakAndAccountabilityTable_BadRowsRejected()
    {
        const string scores = "rep,assessment,score\nRep 03,discovery questions,41\nRep 01,discovery questions,78\nRep 02,discovery questions,n/a\n";
        const string actions = "rep,action,owner,due,done\nRep 03,Book 3 demos from open appointments,Rep 03,2025-02-15,no\nRep 03,Role-play discovery,Coach,2025-01-31,yes\nRep 01,Update CRM,Rep 01,31/01/2025,no\n";
        RepFollowUp followUp = RepFollowUp.FromCsv(new StringReader(scores), new StringReader(actions));
        Assert.Equal(2, followUp.Assessments.Count);
        Assert.Equal(2, followUp.Actions.Count);
        Assert.Equal([4L], followUp.LoadReports[0].Rejected.Select(r => r.Line));
        Assert.Equal("score", followUp.LoadReports[0].Rejected[0].Column);
        Assert.Equal("due", followUp.LoadReports[1].Rejected[0].Column);
        ActivityFunnelResult funnel = SampleActivity.Generate().Analyze();
        ProfitYieldReport report = ProfitYieldReport.FromSections([SalesExecutionSections.RepFollowUp(funnel, followUp)]);
        IReadOnlyList<ReportCell> rep03 = report.FindTable("rep-proficiency")!.Rows.Single(r => r[0].Text == "Rep 03");
        Assert.Equal(41, rep03[2].Number);
        Assert.Equal(funnel.LeakingStepByRep["Rep 03"].StepName, rep03[3].Text);
        Assert.Equal("no leak", report.FindTable("rep-proficiency")!.Rows.Single(r => r[0].Text == "Rep 01")[3].Text);
        string md = report.ToMarkdown();
        Assert.Contains("Rep 03: 1 of 2 action items open.", md, StringComparison.Ordinal);
        Assert.Contains("1 rows of assessments CSV were rejected", md, StringComparison.Ordinal);
        Assert.DoesNotContain("n/a", md, StringComparison.Ordinal);
    }
}
