using IcpAnalytics.Cli;
using IcpAnalytics.Data;
using IcpAnalytics.Reports;

namespace IcpAnalytics.Tests.Cli;

public class ReportCommandTests
{
    [Fact]
    public void Report_NoArguments_WritesTheSampleReportToProfitYieldHtml()
    {
        using var temp = new TempFolder("icp-cli-");
        string dir = temp.Path;
        IcpCli.Result result = IcpCli.Run(dir, "report");
        Assert.True(result.ExitCode == 0, result.Error);
        string html = File.ReadAllText(Path.Combine(dir, "profit-yield.html"));
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("sample: 5,000 closed deals", html, StringComparison.Ordinal);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        // Notes and progress go to standard error; standard output holds results only (here none: the report is a file).
        Assert.Contains("Wrote the profit-yield report (html) for 5,000 deals to " + Path.Combine(dir, "profit-yield.html"), result.Error, StringComparison.Ordinal);
        Assert.Contains("Summarizing the data", result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Output);
        foreach (string section in (string[])["ICP rules and coverage", "Holdout validation", "Effort effects per segment", "Effort allocation"])
            Assert.Contains(section, html, StringComparison.Ordinal);
        Assert.DoesNotContain("not in this report", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_CsvFileAsJson_RendersTheFileAndRoundTrips()
    {
        using var temp = new TempFolder("icp-cli-");
        string dir = temp.Path;
        SampleDeals.WriteCsv(Path.Combine(dir, "deals.csv"), new SampleDealsOptions { Count = 1_500, Seed = 11, OpenDeals = 7 });
        IcpCli.Result result = IcpCli.Run(dir, "report", "deals.csv", "--out", "out/report.json", "--segment-by", "region", "--holdout-after", "2025-07-01");
        Assert.True(result.ExitCode == 0, result.Error);
        ProfitYieldReport report = ProfitYieldReport.LoadJson(Path.Combine(dir, "out", "report.json"));
        ReportTable load = report.FindTable("data-load")!;
        Assert.Equal(["deals.csv", 1_507.0, 1_500.0, 7.0, 0.0], load.Rows[0].Select(c => (object?)c.Text ?? c.Number!.Value).Select(v => v is double d ? (object)d : v));
        Assert.StartsWith("region = ", report.FindTable("segment-yield")!.Rows[1][0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_MissingFile_ExitCode2AndNamesTheFile()
    {
        using var temp = new TempFolder("icp-cli-");
        string dir = temp.Path;
        IcpCli.Result result = IcpCli.Run(dir, "report", "no-such-deals.csv");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error:", result.Error, StringComparison.Ordinal);
        Assert.Contains("no-such-deals.csv", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir, "profit-yield.html")));
    }

    [Fact]
    public void Report_MalformedCsv_ListsRejectsWithExitCode3OrStopsWithStrict()
    {
        using var temp = new TempFolder("icp-cli-");
        string dir = temp.Path;
        File.WriteAllText(Path.Combine(dir, "bad.csv"),
            "deal_id,account_id,closed_date,stage,amount\nD1,A1,2025-01-02,Closed Won,1000\nD2,A2,2025-01-03,Closed Lost,not-a-number\nD3,A2,2025-01-04,Closed Lost,500\n");
        IcpCli.Result strict = IcpCli.Run(dir, "report", "bad.csv", "--strict");
        Assert.Equal(2, strict.ExitCode);
        Assert.Contains("line 3", strict.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("amount", strict.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("not-a-number", strict.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir, "profit-yield.html")));

        IcpCli.Result lenient = IcpCli.Run(dir, "report", "bad.csv", "--format", "json");
        Assert.True(lenient.ExitCode == 3, lenient.Error);
        Assert.Contains("warning: 1 of 3 rows were rejected", lenient.Error, StringComparison.Ordinal);
        Assert.Contains("--strict", lenient.Error, StringComparison.Ordinal);
        ProfitYieldReport report = ProfitYieldReport.LoadJson(Path.Combine(dir, "profit-yield.json"));
        ReportTable reasons = report.FindTable("rejected-reasons")!;
        Assert.Single(reasons.Rows);
        Assert.Equal("amount", reasons.Rows[0][1].Text);
        Assert.Equal(3, report.FindTable("rejected-rows")!.Rows[0][0].Number);
        Assert.False(report.FindSection("effects")!.IsPresent);
        Assert.Contains("no effort counts", report.FindSection("effects")!.MissingReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_BadColumnMap_ExitCode2NamesTheColumnAndTheHeaders()
    {
        using var temp = new TempFolder("icp-cli-");
        string dir = temp.Path;
        SampleDeals.WriteCsv(Path.Combine(dir, "deals.csv"), new SampleDealsOptions { Count = 200, Seed = 3 });
        IcpCli.Result result = IcpCli.Run(dir, "report", "deals.csv", "--outcome-column", "result");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("'result'", result.Error, StringComparison.Ordinal);
        Assert.Contains("stage", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir, "profit-yield.html")));

        File.WriteAllText(Path.Combine(dir, "nooutcome.csv"), "deal_id,account_id,closed_date,amount\nD1,A1,2025-01-02,1000\n");
        IcpCli.Result missing = IcpCli.Run(dir, "report", "nooutcome.csv");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("outcome", missing.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Report_BadOptions_ExitCode1ListsEveryProblem()
    {
        using var temp = new TempFolder("icp-cli-");
        string dir = temp.Path;
        IcpCli.Result result = IcpCli.Run(dir, "report", "--holdout-after", "July", "--report-culture", "xx-nowhere", "--sample-deals", "0");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--holdout-after 'July' is not a date in the form yyyy-MM-dd", result.Error, StringComparison.Ordinal);
        Assert.Contains("--report-culture 'xx-nowhere'", result.Error, StringComparison.Ordinal);
        Assert.Contains("--sample-deals is 0", result.Error, StringComparison.Ordinal);

        IcpCli.Result unknown = IcpCli.Run(dir, "report", "--sample-deals", "500", "--segment-by", "colour", "--effort", "emails");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("'colour'", unknown.Error, StringComparison.Ordinal);
        Assert.Contains("industry", unknown.Error, StringComparison.Ordinal);
        Assert.Contains("'emails'", unknown.Error, StringComparison.Ordinal);
        Assert.Contains("meetings", unknown.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir, "profit-yield.html")));
    }

    [Fact]
    public void Help_ListsReportFirstAndExplainsEachOptionWithAnExample()
    {
        using var temp = new TempFolder("icp-cli-");
        string dir = temp.Path;
        IcpCli.Result root = IcpCli.Run(dir, "--help");
        string commands = root.Output[root.Output.IndexOf("Commands:", StringComparison.Ordinal)..];
        Assert.StartsWith("report", commands.Split('\n')[1].Trim(), StringComparison.Ordinal);
        IcpCli.Result help = IcpCli.Run(dir, "report", "--help");
        Assert.Equal(0, help.ExitCode);
        string[] optionLines = [.. help.Output.Split('\n').Where(l => l.TrimStart().StartsWith('-') && !l.Contains("--help", StringComparison.Ordinal))];
        Assert.True(optionLines.Length >= 30, help.Output);
        foreach (string line in optionLines) Assert.Contains("Example:", line, StringComparison.Ordinal);
        foreach (string option in (string[])["--out", "--format", "--holdout-after", "--segment-by", "--effort", "--report-culture", "--strict"])
            Assert.Contains(optionLines, l => l.Contains(option + " ", StringComparison.Ordinal));
        Assert.Contains("--accounts", help.Output, StringComparison.Ordinal);
        Assert.Contains("--outcome-column", help.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_UnknownSegmentAttribute_NamedByItsFlag_NotTheBuilderMethod()
    {
        (int exit, _, string error) = IcpCli.InProcess(ReportCommand.Create(), "--segment-by", "nosuch", "--out", Path.Combine(Path.GetTempPath(), "icp-never-written.html"));
        Assert.Equal(1, exit);
        Assert.Contains("--segment-by names 'nosuch', which the deals do not have. Attributes: industry, region, employees.", error, StringComparison.Ordinal);
        Assert.DoesNotContain("SegmentBy", error, StringComparison.Ordinal);
    }
}
