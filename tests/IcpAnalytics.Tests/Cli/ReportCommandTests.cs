using IcpAnalytics.Data;
using IcpAnalytics.Reports;

namespace IcpAnalytics.Tests.Cli;

public class ReportCommandTests
{
    [Fact]
    public void Report_NoArguments_WritesTheSampleReportToProfitYieldHtml()
    {
        string dir = IcpCli.TempFolder();
        try
        {
            IcpCli.Result result = IcpCli.Run(dir, "report");
            Assert.True(result.ExitCode == 0, result.Error);
            string html = File.ReadAllText(Path.Combine(dir, "profit-yield.html"));
            Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
            Assert.Contains("sample: 5,000 closed deals", html, StringComparison.Ordinal);
            Assert.Contains("<svg", html, StringComparison.Ordinal);
            Assert.Contains("Wrote the profit-yield report (html) for 5,000 deals to " + Path.Combine(dir, "profit-yield.html"), result.Output, StringComparison.Ordinal);
            Assert.Contains("Summarizing the data", result.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Report_CsvFileAsJson_RendersTheFileAndRoundTrips()
    {
        string dir = IcpCli.TempFolder();
        try
        {
            SampleDeals.WriteCsv(Path.Combine(dir, "deals.csv"), new SampleDealsOptions { Count = 1_500, Seed = 11, OpenDeals = 7 });
            IcpCli.Result result = IcpCli.Run(dir, "report", "deals.csv", "--out", "out/report.json", "--segment-by", "region", "--holdout-after", "2025-07-01");
            Assert.True(result.ExitCode == 0, result.Error);
            ProfitYieldReport report = ProfitYieldReport.LoadJson(Path.Combine(dir, "out", "report.json"));
            ReportTable load = report.FindTable("data-load")!;
            Assert.Equal(["deals.csv", 1_507.0, 1_500.0, 7.0, 0.0], load.Rows[0].Select(c => (object?)c.Text ?? c.Number!.Value).Select(v => v is double d ? (object)d : v));
            Assert.StartsWith("region = ", report.FindTable("segment-yield")!.Rows[1][0].Text, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Report_MissingFile_ExitCode2AndNamesTheFile()
    {
        string dir = IcpCli.TempFolder();
        try
        {
            IcpCli.Result result = IcpCli.Run(dir, "report", "no-such-deals.csv");
            Assert.Equal(2, result.ExitCode);
            Assert.Contains("error:", result.Error, StringComparison.Ordinal);
            Assert.Contains("no-such-deals.csv", result.Error, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(dir, "profit-yield.html")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Report_MalformedCsv_ExitCode3WithLineAndFix()
    {
        string dir = IcpCli.TempFolder();
        try
        {
            File.WriteAllText(Path.Combine(dir, "bad.csv"),
                "deal_id,account_id,closed_date,stage,amount\nD1,A1,2025-01-02,Closed Won,1000\nD2,A2,2025-01-03,Closed Lost,not-a-number\n");
            IcpCli.Result result = IcpCli.Run(dir, "report", "bad.csv");
            Assert.Equal(3, result.ExitCode);
            Assert.Contains("line 3", result.Error, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("amount", result.Error, StringComparison.Ordinal);
            Assert.Contains("--lenient", result.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("not-a-number", result.Error, StringComparison.Ordinal);

            IcpCli.Result lenient = IcpCli.Run(dir, "report", "bad.csv", "--lenient", "--format", "json");
            Assert.True(lenient.ExitCode == 0, lenient.Error);
            ReportTable reasons = ProfitYieldReport.LoadJson(Path.Combine(dir, "profit-yield.json")).FindTable("rejected-reasons")!;
            Assert.Single(reasons.Rows);
            Assert.Equal("amount", reasons.Rows[0][1].Text);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Report_CsvWithoutARequiredColumn_ExitCode3NamesTheColumn()
    {
        string dir = IcpCli.TempFolder();
        try
        {
            File.WriteAllText(Path.Combine(dir, "nooutcome.csv"), "deal_id,account_id,closed_date,amount\nD1,A1,2025-01-02,1000\n");
            IcpCli.Result result = IcpCli.Run(dir, "report", "nooutcome.csv");
            Assert.Equal(3, result.ExitCode);
            Assert.Contains("outcome", result.Error, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Report_BadOptions_ExitCode1ListsEveryProblem()
    {
        string dir = IcpCli.TempFolder();
        try
        {
            IcpCli.Result result = IcpCli.Run(dir, "report", "--holdout-after", "July", "--culture", "xx-nowhere", "--sample-deals", "0");
            Assert.Equal(1, result.ExitCode);
            Assert.Contains("--holdout-after 'July' is not a date in the form yyyy-MM-dd", result.Error, StringComparison.Ordinal);
            Assert.Contains("--culture 'xx-nowhere'", result.Error, StringComparison.Ordinal);
            Assert.Contains("--sample-deals is 0", result.Error, StringComparison.Ordinal);

            IcpCli.Result unknownAttribute = IcpCli.Run(dir, "report", "--segment-by", "colour");
            Assert.Equal(1, unknownAttribute.ExitCode);
            Assert.Contains("'colour'", unknownAttribute.Error, StringComparison.Ordinal);
            Assert.Contains("industry", unknownAttribute.Error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Help_ListsReportFirstAndExplainsEachOptionWithAnExample()
    {
        string dir = IcpCli.TempFolder();
        try
        {
            IcpCli.Result root = IcpCli.Run(dir, "--help");
            string commands = root.Output[root.Output.IndexOf("Commands:", StringComparison.Ordinal)..];
            Assert.StartsWith("report", commands.Split('\n')[1].Trim(), StringComparison.Ordinal);
            IcpCli.Result help = IcpCli.Run(dir, "report", "--help");
            Assert.Equal(0, help.ExitCode);
            foreach (string option in (string[])["--out", "--format", "--holdout-after", "--segment-by", "--culture", "--lenient"])
            {
                string line = help.Output.Split('\n').First(l => l.TrimStart().StartsWith(option, StringComparison.Ordinal) || l.Contains(", " + option, StringComparison.Ordinal));
                Assert.Contains("Example:", line, StringComparison.Ordinal);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
