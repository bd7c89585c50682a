using System.Globalization;
using IcpAnalytics.Execution.Funnel;
using IcpAnalytics.Reports;
using IcpAnalytics.Statistics;

namespace IcpAnalytics.Tests.Execution;

public class ActivityFunnelTests
{
    private static readonly ActivityFunnelLoadOptions ThreeStages = new() { Stages = ["contacts", "meetings", "wins"] };

    // Rep A: 200 contacts → 50 meetings → 10 wins over two periods, 100,000 margin (10,000 per win).
    // Rep B: 100 → 40 → 10 in one period, 80,000. Rep C: one period with nothing at all.
    // Team: 300 → 90 → 20, 180,000 over 2 periods.
    private static ActivityFunnelData Tiny() => ActivityFunnelData.FromObjects(
    [
        new("A", "P1", [100, 20, 5], 50_000),
        new("A", "P2", [100, 30, 5], 50_000),
        new("B", "P1", [100, 40, 10], 80_000),
        new("C", "P2", [0, 0, 0], 0),
    ], ThreeStages);

    [Fact]
    public void Analyze_Tiny_HandCheckedRatiosAndWilsonIntervals()
    {
        ActivityFunnelResult r = Tiny().Analyze();
        Assert.Equal(0.3, r.Team[0].Ratio!.Value, 12);
        Assert.Equal(20.0 / 90, r.Team[1].Ratio!.Value, 12);
        Assert.Equal(0.25, r.ByRep["A"][0].Ratio!.Value, 12);
        Assert.Equal(0.2, r.ByRep["A"][1].Ratio!.Value, 12);
        Assert.Equal(0.4, r.ByRep["B"][0].Ratio!.Value, 12);
        Assert.Equal(0.25, r.ByRep["B"][1].Ratio!.Value, 12);
        // Wilson, closed form for 90 of 300 at 95%: (p + z²/2n ± z·√(p(1−p)/n + z²/4n²)) / (1 + z²/n).
        double z = 1.959963984540054, n = 300, p = 0.3;
        double centre = (p + z * z / (2 * n)) / (1 + z * z / n);
        double half = z * Math.Sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n);
        Assert.Equal(centre - half, r.Team[0].Interval!.Value.Lower, 10);
        Assert.Equal(centre + half, r.Team[0].Interval!.Value.Upper, 10);
        Assert.Equal(0.2509, r.Team[0].Interval!.Value.Lower, 4); // by hand: centre 0.30253, half-width 0.05159
        Assert.Equal(0.3541, r.Team[0].Interval!.Value.Upper, 4);
    }

    [Fact]
    public void Analyze_RepWithZeroContacts_RatioUndefinedAndReportedNotNaN()
    {
        ActivityFunnelResult r = Tiny().Analyze();
        StepConversion c = r.ByRep["C"][0];
        Assert.False(c.IsDefined);
        Assert.Null(c.Ratio);
        Assert.Null(c.Interval);
        Assert.Equal("C logged 0 contacts, so the contacts → meetings ratio is undefined.", c.UndefinedReason);
        Assert.Contains(r.Issues, i => i.StartsWith("C logged 0 contacts", StringComparison.Ordinal));
        Assert.Contains(r.Issues, i => i.StartsWith("C logged 0 meetings", StringComparison.Ordinal));
        Assert.DoesNotContain(r.Tests, t => t.Rep == "C");
        Assert.Contains("ratio is undefined", SalesExecutionReport.Of(r).ToMarkdown(), StringComparison.Ordinal);
        Assert.DoesNotContain("NaN", SalesExecutionReport.Of(r).ToMarkdown(), StringComparison.Ordinal);
        Assert.DoesNotContain("NaN", SalesExecutionReport.Of(r).ToHtml(), StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_Tiny_LeakCostCarriedDownTheFunnel()
    {
        ActivityFunnelResult r = Tiny().Analyze();
        StepLeakTest a0 = r.Tests.Single(t => t.Rep == "A" && t.Step == 0);
        // Rest of team at contacts → meetings: B + C = 40 / 100. At 0.4, A's 200 contacts give 80 meetings, × A's own 0.2 = 16 wins:
        // 6 extra wins × 10,000 margin per win = 60,000 over A's 2 periods.
        Assert.Equal(0.4, a0.BenchmarkRatio, 12);
        Assert.Equal(6, a0.ExtraWins, 10);
        Assert.Equal(60_000, a0.MarginCost, 6);
        Assert.Equal(30_000, a0.MarginCostPerPeriod, 6);
        ProportionDifference d = Proportion.Difference(50, 200, 40, 100);
        Assert.Equal(d.PValue, a0.Difference.PValue, 12);
        // Holm over the 4 tests (A and B, two steps each): the adjusted p-values are at least the raw ones.
        Assert.Equal(4, r.Tests.Count);
        Assert.All(r.Tests, t => Assert.True(t.AdjustedPValue >= t.Difference.PValue));
        StepLeakTest b1 = r.Tests.Single(t => t.Rep == "B" && t.Step == 1);
        Assert.Equal(0, b1.ExtraWins); // B converts better than the rest (10/50 = 0.2): no cost
    }

    [Fact]
    public void Targets_Tiny_HandBackSolved()
    {
        ActivityFunnelResult r = Tiny().Analyze(new ActivityFunnelOptions { ResultGoal = 180_000, WeeksPerPeriod = 13 });
        ActivityTargets team = r.TeamTargets!;
        // 180,000 / 20 wins = 9,000 per win → 20 wins; 20 / (20/90) = 90 meetings; 90 / 0.3 = 300 contacts.
        Assert.Equal(9_000, team.MarginPerWin, 9);
        Assert.Equal(20, team.Stages[2].NeededPerPeriod, 9);
        Assert.Equal(90, team.Stages[1].NeededPerPeriod, 9);
        Assert.Equal(300, team.Stages[0].NeededPerPeriod, 9);
        Assert.Equal(300.0 / 13, team.Stages[0].NeededPerWeek, 9);
        Assert.Equal(150, team.Stages[0].CurrentPerPeriod, 9); // 300 contacts over 2 periods
        // Rep A: share 100,000 / 180,000 of the goal = 100,000 → 10 wins at 10,000 → 50 meetings at 0.2 → 200 contacts at 0.25.
        ActivityTargets a = r.RepTargets.Single(t => t.Subject == "A");
        Assert.Equal(100_000, a.ResultGoal, 6);
        Assert.Equal(10, a.Stages[2].NeededPerPeriod, 9);
        Assert.Equal(50, a.Stages[1].NeededPerPeriod, 9);
        Assert.Equal(200, a.Stages[0].NeededPerPeriod, 9);
        // Rep C has no ratios: the team's are used, and said so.
        ActivityTargets c = r.RepTargets.Single(t => t.Subject == "C");
        Assert.Equal(9_000, c.MarginPerWin, 9);
        Assert.Contains(c.Notes, n => n.Contains("contacts → meetings ratio is undefined, so the team's is used", StringComparison.Ordinal));
        // Ad hoc: 1.2M at the team's ratios.
        ActivityTargets big = r.Targets("Team", 1_200_000)!;
        Assert.Equal(1_200_000 / 9_000.0 * 4.5 / 0.3, big.Stages[0].NeededPerPeriod, 6);
        Assert.Contains("To reach 1,200,000 per period", big.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_SeededLeakingRep_FoundAndNoOtherFlagged()
    {
        ActivityFunnelResult r = SampleActivity.Generate(new SampleActivityOptions { Seed = 11 }).Analyze();
        StepLeakTest leak = Assert.Single(r.Leaks);
        Assert.Equal("Rep 03", leak.Rep);
        Assert.Equal(1, leak.Step);
        Assert.Equal("appointments → demos", leak.StepName);
        Assert.True(leak.AdjustedPValue < 0.001);
        // Truth 0.5 × 0.6 = 0.30 against 0.5: the interval of the difference covers the true −0.2 gap (with the rest slightly below 0.5).
        Assert.InRange(leak.Difference.Difference, -0.26, -0.14);
        Assert.True(leak.MarginCost > 0);
        Assert.Equal(["Rep 03"], r.LeakingStepByRep.Keys);
    }

    [Fact]
    public void Analyze_ManySeeds_LeakAlwaysFound_FalseFlagsRare()
    {
        int falseFlags = 0;
        for (int seed = 1; seed <= 12; seed++)
        {
            ActivityFunnelResult r = SampleActivity.Generate(new SampleActivityOptions { Seed = seed, Periods = 4 }).Analyze();
            Assert.Contains(r.Leaks, l => l.Rep == "Rep 03" && l.Step == 1);
            falseFlags += r.Leaks.Count(l => l.Rep != "Rep 03" || l.Step != 1);
        }
        // Holm keeps the chance of any false flag per run at 5% or less: over 12 runs about 0.6 are expected.
        Assert.True(falseFlags <= 2, $"{falseFlags} false flags over 12 seeded runs.");
    }

    [Fact]
    public void Analyze_NoLeak_NothingFlagged()
    {
        ActivityFunnelResult r = SampleActivity.Generate(new SampleActivityOptions { Seed = 5, LeakingRep = -1 }).Analyze(new ActivityFunnelOptions { Correction = MultipleTestingCorrection.BenjaminiHochberg });
        Assert.Empty(r.Leaks);
        Assert.Contains("No rep converts significantly worse", SalesExecutionReport.Of(r).ToMarkdown(), StringComparison.Ordinal);
    }

    private const string Csv =
        "rep,period,contacts,appointments,demos,opportunities,wins,margin\n" +
        "R1,Q1,100,30,15,9,3,36000\n" +
        "R1,Q2,100,,15,9,3,36000\n" +       // missing count
        "R2,Q1,100,30,-1,0,0,0\n" +         // negative
        "R2,Q2,100,30,40,9,3,36000\n" +     // demos exceed appointments
        "R3,Q1,100,30,15,9,3,\n" +          // missing result
        "R3,Q2,100,30,15,9,3,lots\n" +      // not a number
        ",Q1,100,30,15,9,3,36000\n" +       // no rep
        "R1,Q1,90,30,15,9,3,36000\n" +      // duplicate rep and period
        "R4,Q1,0,0,0,0,0,0\n";              // zero contacts: valid

    [Fact]
    public void FromCsv_BadRows_RejectedWithLineColumnReason_CountsAddUp()
    {
        ActivityFunnelData data = ActivityFunnelData.FromCsv(new StringReader(Csv));
        IcpAnalytics.Data.LoadReport report = data.LoadReport;
        Assert.Equal(9, report.RowsRead);
        Assert.Equal(2, report.RowsLoaded);
        Assert.Equal(report.RowsRead, report.RowsLoaded + report.RowsRejected);
        Assert.Equal((3L, "appointments"), (report.Rejected[0].Line, report.Rejected[0].Column));
        Assert.Equal("The appointments count is missing.", report.Rejected[0].Reason);
        Assert.Contains("not a whole number of 0 or more", report.Rejected[1].Reason, StringComparison.Ordinal);
        Assert.Contains("exceeds the appointments count", report.Rejected[2].Reason, StringComparison.Ordinal);
        Assert.Equal("The result is missing.", report.Rejected[3].Reason);
        Assert.Equal("The result is not a number.", report.Rejected[4].Reason);
        Assert.Equal("The rep is missing.", report.Rejected[5].Reason);
        Assert.Equal("This rep already has a row for this period.", report.Rejected[6].Reason);
        Assert.Equal(["R1", "R4"], data.Reps);
    }

    [Fact]
    public void FromCsv_Strict_Throws_WithoutRawValues()
    {
        var e = Assert.Throws<DealDataException>(() => ActivityFunnelData.FromCsv(new StringReader(Csv), new ActivityFunnelLoadOptions { Strict = true }));
        Assert.Contains("7 of 9 rows of the activity data", e.Message, StringComparison.Ordinal);
        Assert.Contains("line 3, column 'appointments'", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("lots", e.Message, StringComparison.Ordinal);
        Assert.Equal(7, e.Report.RowsRejected);
    }

    [Fact]
    public void FromCsv_MissingStageColumn_NamesIt()
    {
        var e = Assert.Throws<DealDataException>(() => ActivityFunnelData.FromCsv(new StringReader("rep,period,contacts,wins,margin\nR1,Q1,10,1,5\n")));
        Assert.Contains("'appointments', 'demos', 'opportunities'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResultDrivers_SimulatedTruth_OnlyTheCausalRatioPredicts()
    {
        // Truth: result = 200,000 × (wins / opportunities) + N(0, 3,000); the other ratios vary but do not matter.
        var rng = new Random(42);
        var records = new List<ActivityRecord>();
        for (int i = 0; i < 120; i++)
        {
            long contacts = 1_000 + rng.Next(200);
            long appointments = (long)(contacts * (0.2 + 0.1 * rng.NextDouble()));
            long demos = (long)(appointments * (0.4 + 0.2 * rng.NextDouble()));
            long opportunities = (long)(demos * (0.5 + 0.2 * rng.NextDouble()));
            long wins = (long)(opportunities * (0.2 + 0.3 * rng.NextDouble()));
            double noise = 3_000 * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            records.Add(new ActivityRecord("R" + (i % 6), "P" + i, [contacts, appointments, demos, opportunities, wins], 200_000.0 * wins / opportunities + noise));
        }
        ActivityFunnelResult r = ActivityFunnelData.FromObjects(records).Analyze();
        Assert.Equal(4, r.ResultDrivers.Count);
        ResultDriver last = r.ResultDrivers[3];
        Assert.True(last.Predicts);
        Assert.True(last.Interval.Contains(20_000), $"{last.Interval} should cover the true 20,000 per 10 points.");
        Assert.InRange(last.EffectPer10Points, 18_000, 22_000);
        Assert.All(r.ResultDrivers.Take(3), d => Assert.False(d.Predicts));
        Assert.Contains("HC3", r.ResultDriversNote, StringComparison.Ordinal);
        Assert.Contains("over 120 rep-periods", r.ResultDriversNote, StringComparison.Ordinal);
    }

    [Fact]
    public void ResultDrivers_TooFewRows_ExplainedNotFitted()
    {
        ActivityFunnelResult r = Tiny().Analyze();
        Assert.Empty(r.ResultDrivers);
        Assert.Contains("not estimated: 3 rep-periods have every ratio defined", r.ResultDriversNote, StringComparison.Ordinal);
        Assert.Contains("1 rep-periods with a zero stage", r.ResultDriversNote, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_NothingLoaded_ClearError()
    {
        ActivityFunnelData data = ActivityFunnelData.FromCsv(new StringReader("rep,period,contacts,appointments,demos,opportunities,wins,margin\nR1,Q1,x,1,1,1,1,1\n"));
        var e = Assert.Throws<ModelFitException>(() => data.Analyze());
        Assert.Contains("1 read, 1 rejected", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromCsv_DecimalCommaCulture_ParsesResults()
    {
        const string csv = "rep;period;contacts;meetings;wins;margin\nR1;Q1;1.000;300;30;12.345,5\n";
        ActivityFunnelData data = ActivityFunnelData.FromCsv(new StringReader(csv), ThreeStages with { Delimiter = ";", Culture = CultureInfo.GetCultureInfo("de-DE") });
        Assert.Equal(12_345.5, data.Records[0].Result, 9);
        Assert.Equal(1_000, data.Records[0].Counts[0]);
    }

    [Fact]
    public void Options_Invalid_AllReportedAtOnce()
    {
        var e = Assert.Throws<InvalidOptionsException>(() => Tiny().Analyze(new ActivityFunnelOptions { Alpha = 0, ConfidenceLevel = 1.5, ResultGoal = -5, WeeksPerPeriod = 0 }));
        Assert.Equal(4, e.Problems.Count);
        Assert.Throws<InvalidOptionsException>(() => ActivityFunnelData.FromObjects([], new ActivityFunnelLoadOptions { Stages = ["only"] }));
    }

    [Fact]
    public void Render_EveryFormatHasTheSameTables_IncludingNeededVersusCurrent()
    {
        ActivityFunnelResult r = SampleActivity.Generate().Analyze(new ActivityFunnelOptions { ResultGoal = 1_200_000 });
        ProfitYieldReport report = SalesExecutionReport.Of(r);
        string html = report.ToHtml(), md = report.ToMarkdown(), text = report.ToText();
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        foreach (string output in (string[])[html, md, text])
        {
            Assert.Contains("Rep 03", output, StringComparison.Ordinal);
            Assert.Contains("Leaking steps and what they cost", output, StringComparison.Ordinal);
            Assert.Contains("Activity needed versus current for a result goal of $1,200,000 per period", output, StringComparison.Ordinal);
            Assert.Contains("Change needed", output, StringComparison.Ordinal);
        }
        Assert.Contains("| Rep 03 | appointments → demos |", md, StringComparison.Ordinal);
        ReportTable targets = report.FindTable("funnel-targets")!;
        StageTarget wins = r.TeamTargets!.Stages[^1];
        Assert.Equal(wins.NeededPerPeriod / wins.CurrentPerPeriod - 1, targets.Rows[r.Stages.Count - 1][5].Number!.Value, 12);
    }

    [Fact]
    public void Render_ConfidenceLevelAndCultureFollowTheOptionsUsed()
    {
        ActivityFunnelResult r = SampleActivity.Generate().Analyze(new ActivityFunnelOptions { ResultGoal = 1_200_000, ConfidenceLevel = 0.80 });
        ProfitYieldReport invariant = SalesExecutionReport.Of(r);
        foreach (string output in (string[])[invariant.ToHtml(), invariant.ToMarkdown(), invariant.ToText(), invariant.ToJson()])
        {
            Assert.Contains("80% Wilson intervals", output, StringComparison.Ordinal);
            Assert.DoesNotContain("95% Wilson", output, StringComparison.Ordinal);
        }
        Assert.Equal("lower 80%", invariant.FindTable("funnel-conversion")!.Columns[5].Label);
        long contacts = r.TeamCounts[0];
        Assert.True(contacts >= 1000, "the sample's team funnel has thousands of contacts");
        var german = new ProfitYieldReportOptions { Culture = System.Globalization.CultureInfo.GetCultureInfo("de-DE") };
        ProfitYieldReport de = SalesExecutionReport.Of(r, german);
        string deText = contacts.ToString("N0", System.Globalization.CultureInfo.GetCultureInfo("de-DE"));
        string enText = contacts.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
        foreach (string output in (string[])[de.ToHtml(), de.ToMarkdown(), de.ToText()])
        {
            Assert.Contains("Team funnel: " + deText + " contacts", output.Replace("\\", "", StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.DoesNotContain(enText + " contacts", output, StringComparison.Ordinal);
            Assert.Contains("1.200.000", output, StringComparison.Ordinal);
        }
    }
}
