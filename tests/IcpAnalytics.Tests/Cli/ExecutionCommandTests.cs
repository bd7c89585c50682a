using System.CommandLine;
using IcpAnalytics.Cli;

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
        Assert.Contains("To reach 1,200,000 per period", output, StringComparison.Ordinal);
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
        Assert.Contains("Verdict per manager", output, StringComparison.Ordinal);
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
}
