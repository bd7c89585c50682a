namespace IcpAnalytics.Tests.Samples;

[Collection("dotnet run")]
public class ProfitYieldScriptTests
{
    [Fact]
    public void Script_OnTheSampleExport_PrintsTheDocumentedLinesAndWritesTheReport()
    {
        string root = Repo.Root;
        using var temp = new TempFolder("icp-script-");
        string dir = temp.Path;
        DotnetRun.Result result = DotnetRun.File(Path.Combine(root, "samples", "ProfitYield.cs"), dir,
            Path.Combine(root, "samples", "data", "deals.csv"), Path.Combine(dir, "out"));
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        // The lines the script's header comment promises.
        Assert.Contains("2,040 rows read, 2,000 loaded, 40 open deals set aside, 0 rejected", result.Output, StringComparison.Ordinal);
        Assert.Contains("ICP rule: industry = Software and employees 200–1,000", result.Output, StringComparison.Ordinal);
        Assert.Contains("Holdout (deals closed from 2025-07-01): margin per effort hour, fit vs non-fit: passed", result.Output, StringComparison.Ordinal);
        string html = File.ReadAllText(Path.Combine(dir, "out.html"));
        Assert.Contains("<h1>Profit yield: sample CRM export</h1>", html, StringComparison.Ordinal);
        Assert.Contains("data-chart=\"effects-chart-demos\"", html, StringComparison.Ordinal);
        Assert.Contains("## Holdout validation", File.ReadAllText(Path.Combine(dir, "out.md")), StringComparison.Ordinal);
    }
}
