using System.Text.Json;
using IcpAnalytics.Cli;
using IcpAnalytics.Data;
using IcpAnalytics.Reports;

namespace IcpAnalytics.Tests.Cli;

/// <summary>Safe writes, unknown options, the format vocabulary, exit codes and stdout/stderr, shared by every command.</summary>
public class CliConventionsTests
{
    private static string DealsCsv(TempFolder temp)
    {
        string path = temp.File("deals.csv");
        SampleDeals.WriteCsv(path, new SampleDealsOptions { Count = 400, Seed = 5 });
        return path;
    }

    [Fact]
    public void Report_OutEqualToTheInput_RefusesNamingTheFlagAndLeavesTheInputByteIdentical()
    {
        using var temp = new TempFolder("icp-cli-");
        string deals = DealsCsv(temp);
        byte[] before = File.ReadAllBytes(deals);
        IcpCli.Result result = IcpCli.Run(temp.Path, "report", "deals.csv", "--out", "deals.csv");
        Assert.Equal(ExitCodes.InvalidCommandLine, result.ExitCode);
        Assert.Contains("--out deals.csv is the same file as the input file argument (file) deals.csv", result.Error, StringComparison.Ordinal);
        Assert.Contains("Choose another --out", result.Error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(deals));

        // The same file by another spelling (a full path, ./), and --format html with it.
        (int exit, _, string error) = IcpCli.InProcess(ReportCommand.Create(), deals, "--format", "html", "--out", Path.Combine(temp.Path, ".", "deals.csv"));
        Assert.Equal(1, exit);
        Assert.Contains("is the same file as the input", error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(deals));
        Assert.Empty(Directory.GetFiles(temp.Path, AtomicFile.TempPrefix + "*"));
    }

    [Fact]
    public void Report_OutEqualToAnOptionInput_NamesThatFlag()
    {
        using var temp = new TempFolder("icp-cli-");
        string deals = DealsCsv(temp);
        string accounts = temp.Write("accounts.csv", "account_id,segment\nA000001,x\n");
        (int exit, _, string error) = IcpCli.InProcess(ReportCommand.Create(), deals, "--accounts", accounts, "--out", accounts);
        Assert.Equal(1, exit);
        Assert.Contains("the input --accounts", error, StringComparison.Ordinal);
        Assert.Equal("account_id,segment\nA000001,x\n", File.ReadAllText(accounts));
    }

    [Fact]
    public void AtomicWrite_FailingMidway_LeavesThePreviousFileIntactAndNoTempFile()
    {
        using var temp = new TempFolder("icp-atomic-");
        string path = temp.Write("profit-yield.html", "previous report");
        var ex = Assert.Throws<InvalidOperationException>(() => AtomicFile.WriteText(path, w =>
        {
            w.Write(new string('x', 200_000));
            throw new InvalidOperationException("disk full (simulated)");
        }));
        Assert.Equal("disk full (simulated)", ex.Message);
        Assert.Equal("previous report", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(temp.Path));

        AtomicFile.WriteAllText(path, "new report");
        Assert.Equal("new report", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(temp.Path));
    }

    [Fact]
    public void Report_CannotWrite_Exit4AndThePreviousFileIsIntact()
    {
        using var temp = new TempFolder("icp-cli-");
        temp.Write("blocker", "a file where a folder should be");
        (int exit, _, string error) = IcpCli.InProcess(ReportCommand.Create(), "--sample-deals", "300", "--out", Path.Combine(temp.Path, "blocker", "report.html"));
        Assert.Equal(ExitCodes.NotWritten, exit);
        Assert.Contains("could not write the report to", error, StringComparison.Ordinal);
        Assert.Equal("a file where a folder should be", File.ReadAllText(temp.File("blocker")));
    }

    [Fact]
    public void SaveHtml_OverAPreviousReport_ReplacesItWholeWithoutTempFiles()
    {
        using var temp = new TempFolder("icp-atomic-");
        string path = temp.Write("r.html", "old");
        ProfitYieldReport report = ProfitYieldReport.For(SampleDeals.Generate(300, 3)).Build();
        report.SaveHtml(path);
        Assert.Equal(report.ToHtml().Length > 0, File.ReadAllText(path).StartsWith("<!DOCTYPE html>", StringComparison.Ordinal));
        report.WriteCsv(temp.File("csv"));
        Assert.Empty(Directory.GetFiles(temp.Path, AtomicFile.TempPrefix + "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void UnknownOption_IsAnErrorWithDidYouMean_NotAFileName()
    {
        (int exit, string output, string error) = IcpCli.InProcess(ReportCommand.Create(), "--bogus");
        Assert.Equal(ExitCodes.InvalidCommandLine, exit);
        Assert.Contains("Unknown option '--bogus' for icp report.", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Loading --bogus", output + error, StringComparison.Ordinal);

        (exit, _, error) = IcpCli.InProcess(ReportCommand.Create(), "--formt", "md");
        Assert.Equal(1, exit);
        Assert.Contains("Unknown option '--formt' for icp report. Did you mean '--format'?", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Unexpected argument 'md'", error, StringComparison.Ordinal);

        (exit, _, error) = IcpCli.InProcess(FunnelCommand.Create(), "--gaol", "100");
        Assert.Equal(1, exit);
        Assert.Contains("Did you mean '--goal'?", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_OneVocabulary_MarkdownAliasAndJsonOnExecutionCommands()
    {
        (int exit, string md, _) = IcpCli.InProcess(FunnelCommand.Create(), "--format", "md");
        (int exitAlias, string markdown, _) = IcpCli.InProcess(FunnelCommand.Create(), "--format", "markdown");
        Assert.Equal(exit, exitAlias);
        Assert.Equal(md, markdown);
        Assert.StartsWith("#", md.TrimStart(), StringComparison.Ordinal);

        foreach (System.CommandLine.Command command in (System.CommandLine.Command[])[FunnelCommand.Create(), SurveyCommand.Create(), MaturityCommand.Create(), CoachingCommand.Create(), EffectsCommand.Create()])
        {
            (int code, string json, string err) = IcpCli.InProcess(command, "--format", "json");
            Assert.True(code is 0 or 3, command.Name + ": " + err);
            using JsonDocument doc = JsonDocument.Parse(json);
            Assert.Equal(JsonValueKind.Object, doc.RootElement.ValueKind);
        }

        using var temp = new TempFolder("icp-cli-");
        string bad = temp.Write("bad.csv", "deal_id,account_id,closed_date,stage,amount\nD1,A1,2025-01-02,Closed Won,1000\nD2,A2,2025-01-03,Closed Lost,SECRET-AMOUNT\n");
        (int inspectExit, string inspectJson, _) = IcpCli.InProcess(InspectCommand.Create(), bad, "--format", "json");
        Assert.Equal(ExitCodes.RowsRejected, inspectExit);
        using (JsonDocument doc = JsonDocument.Parse(inspectJson))
        {
            JsonElement load = doc.RootElement.GetProperty("Load");
            Assert.Equal(2, load.GetProperty("RowsRead").GetInt64());
            Assert.Equal(1, load.GetProperty("RowsRejected").GetInt64());
            Assert.Equal(3, load.GetProperty("Rejected")[0].GetProperty("Line").GetInt64());
        }
        Assert.DoesNotContain("SECRET-AMOUNT", inspectJson, StringComparison.Ordinal);

        (int csvExit, _, string csvError) = IcpCli.InProcess(SurveyCommand.Create(), "--format", "csv");
        Assert.Equal(1, csvExit);
        Assert.Contains("icp survey does not write csv; it writes text, md, html or json", csvError, StringComparison.Ordinal);
    }

    [Fact]
    public void Funnel_RejectedRows_Exit3WithoutRawValuesUnlessShowValues()
    {
        using var temp = new TempFolder("icp-cli-");
        string path = temp.Write("activity.csv", "rep,period,contacts,appointments,demos,opportunities,wins,margin\n"
            + "Ann,2025Q1,100,40,20,10,5,50000\nAnn,2025Q2,SECRET-VALUE,40,20,10,5,50000\nBob,2025Q1,90,30,15,8,3,30000\nBob,2025Q2,95,35,18,9,4,40000\n");
        (int exit, _, string error) = IcpCli.InProcess(FunnelCommand.Create(), path);
        Assert.Equal(ExitCodes.RowsRejected, exit);
        Assert.Contains("line 3", error, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET-VALUE", error, StringComparison.Ordinal);

        (int exitShown, _, string shown) = IcpCli.InProcess(FunnelCommand.Create(), path, "--show-values");
        Assert.Equal(3, exitShown);
        Assert.Contains("SECRET-VALUE", shown, StringComparison.Ordinal);

        (_, string json, _) = IcpCli.InProcess(FunnelCommand.Create(), path, "--format", "json");
        Assert.DoesNotContain("SECRET-VALUE", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_OutDash_WritesTheReportToStdoutAndNotesToStderr_QuietSilencesThem()
    {
        using var temp = new TempFolder("icp-cli-");
        IcpCli.Result result = IcpCli.Run(temp.Path, "report", "--sample-deals", "300", "--format", "json", "--out", "-");
        Assert.Equal(0, result.ExitCode);
        ProfitYieldReport report = ProfitYieldReport.FromJson(result.Output);
        Assert.NotNull(report.FindSection("data"));
        Assert.Contains("Wrote the profit-yield report (json) for 300 deals to standard output", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(temp.File("-")));

        IcpCli.Result quiet = IcpCli.Run(temp.Path, "report", "--sample-deals", "300", "--format", "json", "--out", "-", "--quiet");
        Assert.Equal(0, quiet.ExitCode);
        Assert.Equal("", quiet.Error);
        Assert.Equal(result.Output, quiet.Output);

        IcpCli.Result noProgress = IcpCli.Run(temp.Path, "report", "--sample-deals", "300", "--out", "r.md", "--no-progress");
        Assert.Equal(0, noProgress.ExitCode);
        Assert.DoesNotContain("Summarizing the data", noProgress.Error, StringComparison.Ordinal);
        Assert.Contains("Wrote the profit-yield report (md)", noProgress.Error, StringComparison.Ordinal);
    }
}
