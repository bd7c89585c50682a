using System.CommandLine;
using IcpAnalytics.Cli;
using IcpAnalytics.Data;
using IcpAnalytics.Reports;

namespace IcpAnalytics.Tests.Cli;

public sealed class ExecutionCommandTests : IDisposable
{
    private readonly TempFolder _temp = new("icp-exec-");

    public void Dispose() => _temp.Dispose();

    private static (int Exit, string Output, string Error) Run(Command command, params string[] args) => IcpCli.InProcess(command, args);

    private string TempCsv(string text) => _temp.Write(Guid.NewGuid().ToString("N") + ".csv", text);

    [Fact]
    public void Funnel_BundledSample_FindsTheLeakingRep()
    {
        (int exit, string output, _) = Run(FunnelCommand.Create(), "--goal", "1200000");
        Assert.Equal(0, exit);
        Assert.Contains("Rep 03 leaks at appointments → demos", output, StringComparison.Ordinal);
        Assert.Contains("To reach $1,200,000 per period", output, StringComparison.Ordinal);
        Assert.Contains("Activity needed versus current", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Funnel_MissingFile_ClearErrorExit2()
    {
        (int exit, _, string error) = Run(FunnelCommand.Create(), Path.Combine(Path.GetTempPath(), "no-such-activity.csv"));
        Assert.Equal(2, exit);
        Assert.Contains("There is no activity data file", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Funnel_MissingColumns_NamedExit2()
    {
        string path = TempCsv("rep,period,contacts,wins,margin\nR1,Q1,10,1,100\n");
        (int exit, _, string error) = Run(FunnelCommand.Create(), path);
        Assert.Equal(2, exit);
        Assert.Contains("'appointments', 'demos', 'opportunities'", error, StringComparison.Ordinal);
        (exit, string output, _) = Run(FunnelCommand.Create(), path, "--stages", "contacts", "wins", "--format", "markdown");
        Assert.Equal(0, exit);
        Assert.Contains("## Activity funnel", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Survey_BundledSample_AgreementAndConsensus()
    {
        (int exit, string output, _) = Run(SurveyCommand.Create(), "--top", "5");
        Assert.Equal(0, exit);
        Assert.Contains("Kendall's W", output, StringComparison.Ordinal);
        Assert.Contains("Grow gross margin per deal", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Survey_UnknownGoalStrict_Exit2WithLine()
    {
        string path = TempCsv("executive,goal,rank\nA,G1,1\nA,Other,2\n");
        (int exit, _, string error) = Run(SurveyCommand.Create(), path, "--goal", "G1", "--strict");
        Assert.Equal(2, exit);
        Assert.Contains("line 3, column 'goal'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Maturity_BundledSample_FormalWithLabelledBenchmark()
    {
        (int exit, string output, _) = Run(MaturityCommand.Create(), "--format", "html");
        Assert.Equal(0, exit);
        Assert.Contains("Coaching maturity: formal", output, StringComparison.Ordinal);
        Assert.Contains("External benchmark", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Coaching_BundledSample_PerManagerView()
    {
        (int exit, string output, _) = Run(CoachingCommand.Create());
        Assert.Equal(0, exit);
        Assert.Contains("Verdict per rep and manager", output, StringComparison.Ordinal);
        Assert.Contains("Alex Moreno", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Coaching_BadDate_Exit1()
    {
        (int exit, _, string error) = Run(CoachingCommand.Create(), "--current-start", "2025-13-01");
        Assert.Equal(1, exit); // a bad option value is an invalid command line
        Assert.Contains("is not a date in the form yyyy-MM-dd", error, StringComparison.Ordinal);
    }

    private static string SamplePath(string name) => Repo.File("samples", "data", name);

    [Fact]
    public void Report_WithExecutionInputs_AddsTheSections()
    {
        string outPath = _temp.File("report.md");
        (int exit, _, string error) = Run(ReportCommand.Create(), "--sample-deals", "600", "--format", "md", "--out", outPath,
            "--activity", SamplePath("activity.csv"), "--activity-goal", "1200000", "--survey", SamplePath("survey.csv"),
            "--maturity", SamplePath("maturity.csv"), "--coaching-since", "2025-01-01", "--managers", SamplePath("coaching-managers.csv"));
        Assert.True(exit == 0, error);
        string md = File.ReadAllText(outPath);
        Assert.Contains("## Activity funnel: conversion, leaks and targets", md, StringComparison.Ordinal);
        Assert.Contains("## Strategic goals: executive survey", md, StringComparison.Ordinal);
        Assert.Contains("## Coaching competencies: outcomes before and after", md, StringComparison.Ordinal);
        Assert.Contains("External benchmark, not your organization", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_ManagersWithoutCoachingSince_InvalidOptions()
    {
        (int exit, _, string error) = Run(ReportCommand.Create(), "--managers", SamplePath("coaching-managers.csv"));
        Assert.Equal(ReportCommand.InvalidOptions, exit);
        Assert.Contains("--managers needs --coaching-since", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Coaching_WithStartsMeasuresAndCompetencies_CoachingImpactAndRejectsListed()
    {
        using var folder = new TempFolder();
        string starts = folder.Write("starts.csv", "rep,coaching_start,role\n" + string.Concat(Enumerable.Range(1, 40).Select(i =>
            $"Rep {i:00},{(i <= 13 ? "2024-04-10" : i <= 26 ? "2024-10-05" : "")},{(i % 2 == 1 ? "AE" : "SDR")}\n")));
        string measures = folder.Write("more.csv", "rep,period,measure,value\nRep 01,2024-01,win stories shared,1\nRep 27,2024-01,win stories shared,x\n");
        string competencies = folder.Write("comp.csv", "competency,kind,measure,direction\nClosing,skill,win rate,up\nTeaching others,will,win stories shared,up\nDiscipline,process,deals won,sideways\n");
        (int exit, string output, string error) = Run(CoachingCommand.Create(), "--starts", starts, "--measures", measures, "--competencies", competencies, "--format", "markdown");
        Assert.Equal(3, exit); // written, but rows of the measures and competencies files were rejected
        Assert.Contains("## Coaching impact: coached reps against reps not (yet) coached", output, StringComparison.Ordinal);
        Assert.Contains("| skill | every rep | Closing | win rate (up) |", output, StringComparison.Ordinal);
        Assert.Contains("No comparison group", output, StringComparison.Ordinal);
        Assert.Contains("line 3, column 'value'", error, StringComparison.Ordinal);
        Assert.Contains("line 4, column 'direction'", error, StringComparison.Ordinal);
        (exit, _, error) = Run(CoachingCommand.Create(), "--measures", measures);
        Assert.Equal(1, exit); // an invalid command line
        Assert.Contains("need --starts", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Reps_BundledSample_ShareBetweenRepsAndReliableReps()
    {
        (int exit, string output, _) = Run(RepsCommand.Create(), "--format", "markdown");
        Assert.Equal(0, exit);
        Assert.Contains("## Seller variance: how much results differ between reps", output, StringComparison.Ordinal);
        Assert.Contains("of the variance in margin per effort hour lies between reps", output, StringComparison.Ordinal);
        Assert.Contains("The top 10% of reps bring", output, StringComparison.Ordinal);
        (exit, _, string error) = Run(RepsCommand.Create(), "--measure", "colour");
        Assert.Equal(1, exit); // an invalid option: exit 1, named by its flag
        Assert.Contains("--measure \"colour\" is not", error, StringComparison.Ordinal);
        Assert.Contains("Run 'icp reps --help'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_WithSellerVarianceAndCoachingStarts_AddsBothSections()
    {
        using var temp = new TempFolder("icp-cli-");
        string dir = temp.Path;
        SampleDeals.WriteCsv(Path.Combine(dir, "deals.csv"), new SampleDealsOptions { Count = 1_500, Seed = 11 });
        File.WriteAllText(Path.Combine(dir, "starts.csv"), "rep,coaching_start\n" + string.Concat(Enumerable.Range(1, 40).Select(i => $"Rep {i:00},{(i <= 20 ? "2024-07-01" : "")}\n")));
        IcpCli.Result result = IcpCli.Run(dir, "report", "deals.csv", "--out", "report.json", "--seller-variance", "--coaching-starts", "starts.csv");
        Assert.True(result.ExitCode == 0, result.Error);
        ProfitYieldReport report = ProfitYieldReport.LoadJson(Path.Combine(dir, "report.json"));
        Assert.NotNull(report.FindTable("seller-variance"));
        Assert.NotNull(report.FindTable("coaching-impact"));
    }

    [Fact]
    public void Losses_ExportWithLossReasonColumn_SharesPerSegment()
    {
        using var folder = new TempFolder();
        var lines = new List<string> { "deal_id,account_id,rep,close_date,outcome,revenue,gross_margin,industry,loss_reason" };
        string[] reasons = ["price", "competitor X", "price", "no decision"];
        for (int i = 0; i < 40; i++)
        {
            bool won = i % 5 == 0;
            lines.Add($"D{i},A{i % 12},Rep {i % 4 + 1},2025-{i % 12 + 1:00}-15,{(won ? "won" : "lost")},10000,{(won ? 3000 : 0)},{(i % 2 == 0 ? "Retail" : "Software")},{(won ? "" : reasons[i % 4])}");
        }
        string path = folder.Write("deals.csv", string.Join("\n", lines) + "\n");
        (int exit, string output, string error) = Run(LossesCommand.Create(), path, "--segment-by", "industry", "--format", "markdown");
        Assert.True(exit == 0, error);
        Assert.Contains("## Why we lose, by segment", output, StringComparison.Ordinal);
        Assert.Contains("| industry = Retail |", output, StringComparison.Ordinal);
        (exit, _, error) = Run(LossesCommand.Create(), path, "--reason", "competitor");
        Assert.Equal(1, exit); // the flag names a column the deals lack: the command line's problem, in its words
        Assert.Contains("There is no categorical column 'competitor'", error, StringComparison.Ordinal);
        Assert.Contains("name the loss-reason or competitor column with --reason (columns: ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("ReasonColumn", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Losses_EmbeddedSampleHasNoLossReasons_SaysToGiveAFile()
    {
        (int exit, string output, string error) = Run(LossesCommand.Create());
        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Contains("the embedded sample has no loss reasons; give a deals file with a loss-reason or competitor column", error, StringComparison.Ordinal);
    }
}
