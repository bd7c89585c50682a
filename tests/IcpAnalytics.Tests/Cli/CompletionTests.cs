namespace IcpAnalytics.Tests.Cli;

/// <summary>
/// Shell completion: <c>icp</c> answers System.CommandLine's <c>[suggest:position]</c> directive, which the
/// <c>dotnet-suggest</c> shims for bash, zsh and PowerShell call on Tab (README, "Command-line conventions").
/// </summary>
public class CompletionTests
{
    private static string[] Suggest(string line)
    {
        using var temp = new TempFolder("icp-suggest-");
        IcpCli.Result r = IcpCli.Run(temp.Path, $"[suggest:{line.Length}]", line);
        Assert.Equal(0, r.ExitCode);
        // Asking for completions runs nothing: no file is written.
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
        return r.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    [Fact]
    public void PartialOption_CompletesToTheOption()
    {
        Assert.Equal(["--format"], Suggest("report --fo"));
        Assert.Equal(["--format"], Suggest("funnel --form"));
    }

    [Fact]
    public void PartialCommand_AndFormatValues_Complete()
    {
        Assert.Equal(["effects"], Suggest("effec"));
        Assert.Equal(["csv", "html", "json", "md", "text"], Suggest("report --format "));
    }
}
