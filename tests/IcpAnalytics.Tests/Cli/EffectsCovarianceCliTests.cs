namespace IcpAnalytics.Tests.Cli;

/// <summary>The <c>--covariance</c>, <c>--cluster</c> and <c>--hac-lag</c> flags of <c>icp effects</c> and <c>icp report</c>.</summary>
public class EffectsCovarianceCliTests
{
    [Fact]
    public void Report_CovarianceCr2ByRep_TheEffectsSectionNamesTheStandardErrors()
    {
        using var temp = new TempFolder("icp-cli-");
        IcpCli.Result result = IcpCli.Run(temp.Path, "report", "--sample-deals", "2000", "--format", "md", "--out", "r.md", "--covariance", "cr2", "--cluster", "rep");
        Assert.True(result.ExitCode == 0, result.Error);
        string md = File.ReadAllText(Path.Combine(temp.Path, "r.md"));
        Assert.Contains("method: regression, CR2 standard errors clustered by rep with Satterthwaite degrees of freedom", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_Default_StatesHc3()
    {
        using var temp = new TempFolder("icp-cli-");
        IcpCli.Result result = IcpCli.Run(temp.Path, "report", "--sample-deals", "2000", "--format", "md", "--out", "r.md");
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("method: regression, HC3 standard errors", File.ReadAllText(Path.Combine(temp.Path, "r.md")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("two-way", "rep")]
    [InlineData("cluster", null)]
    public void Report_CovarianceAndClusterThatDoNotFit_AreRejectedOnTheCommandLine(string covariance, string? cluster)
    {
        using var temp = new TempFolder("icp-cli-");
        string[] args = cluster is null ? ["report", "--covariance", covariance] : ["report", "--covariance", covariance, "--cluster", cluster];
        IcpCli.Result result = IcpCli.Run(temp.Path, args);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--covariance " + covariance, result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(temp.Path, "profit-yield.html")));
    }

    [Fact]
    public void Effects_NeweyWestWithLag_RunsAndSaysSo()
    {
        using var temp = new TempFolder("icp-cli-");
        IcpCli.Result result = IcpCli.Run(temp.Path, "effects", "--covariance", "newey-west", "--hac-lag", "4", "--per", "none");
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("Newey–West standard errors with deals in close-date order", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Effects_DoubleMlWithCr2_IsRefusedWithTheReason()
    {
        using var temp = new TempFolder("icp-cli-");
        IcpCli.Result result = IcpCli.Run(temp.Path, "effects", "--estimator", "dml", "--covariance", "cr2", "--cluster", "rep");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Double ML offers", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void EffectsHelp_ExplainsCovarianceWithAnExample()
    {
        using var temp = new TempFolder("icp-cli-");
        IcpCli.Result help = IcpCli.Run(temp.Path, "effects", "--help");
        string line = help.Output.Split('\n').Single(l => l.TrimStart().StartsWith("--covariance", StringComparison.Ordinal));
        Assert.Contains("Example:", line, StringComparison.Ordinal);
        Assert.Contains("cr2", line, StringComparison.Ordinal);
    }
}
