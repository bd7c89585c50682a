using System.Text.Json;
using IcpAnalytics.Cli;

namespace IcpAnalytics.Tests.Cli;

public class EffectsCommandTests
{
    private static (int Exit, string Output, string Error) Run(params string[] args) => IcpCli.InProcess(EffectsCommand.Create(), args);

    [Fact]
    public void Effects_EmbeddedSample_PrintsEffectsChecksAndAllocation()
    {
        (int exit, string output, string error) = Run("--of", "meetings", "demos", "--per", "industry", "--allocate");
        Assert.Equal(0, exit);
        Assert.Equal("", error);
        Assert.Contains("Effort effects on margin per opportunity of meetings, demos (log1p), regression, HC3 standard errors", output, StringComparison.Ordinal);
        Assert.Contains("Software / meetings:", output, StringComparison.Ordinal);
        Assert.Contains("naive vs adjusted", output, StringComparison.Ordinal);
        Assert.Contains("Effort allocation: budget", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Effects_Json_IsParseableWithSegmentsAndChecks()
    {
        (int exit, string output, _) = Run("--of", "meetings", "--control", "revenue", "rep", "--per", "region", "--format", "json");
        Assert.Equal(0, exit);
        using JsonDocument doc = JsonDocument.Parse(output);
        Assert.Equal(4, doc.RootElement.GetProperty("Segments").GetArrayLength());
        Assert.True(doc.RootElement.GetProperty("Overall").GetProperty("Checks").GetArrayLength() > 0);
    }

    [Fact]
    public void Effects_UnknownEffort_ExitsOneListingTheEfforts()
    {
        (int exit, _, string error) = Run("--of", "emails");
        Assert.Equal(1, exit);
        Assert.Contains("no effort column 'emails'", error, StringComparison.Ordinal);
        Assert.Contains("calls, meetings, demos", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Effects_OutcomeColumn_NamesTheOutcome_AndHelpGivesAnExample()
    {
        (int exit, string output, string error) = Run("--of", "meetings", "--control", "revenue", "rep", "--per", "none", "--outcome", "cycle_days");
        Assert.Equal(0, exit);
        Assert.Equal("", error);
        Assert.StartsWith("Effort effects on cycle_days of meetings (log1p), regression", output, StringComparison.Ordinal);
        (int bad, _, string badError) = Run("--of", "meetings", "--outcome", "days_open");
        Assert.Equal(1, bad);
        Assert.Contains("no numeric column 'days_open'", badError, StringComparison.Ordinal);
        Assert.Contains("cycle_days", badError, StringComparison.Ordinal);
        (_, string help, _) = Run("--help");
        string line = help.Split('\n').Single(l => l.TrimStart().StartsWith("--outcome <", StringComparison.Ordinal));
        Assert.Contains("Example: --outcome cycle_days", line, StringComparison.Ordinal);
    }
}
