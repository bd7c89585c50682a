using System.Text;
using System.Text.RegularExpressions;

namespace IcpAnalytics.Tests.Samples;

/// <summary>
/// Every ```csharp block of README.md, compiled and run as one file-based app (one build for all blocks), so README code
/// cannot rot: the blocks are read as one continuous program (later blocks use what earlier ones defined), their
/// <c>using</c> lines move to the top, and the app runs in a scratch folder holding a copy of samples/data.
/// </summary>
[Collection("dotnet run")]
public partial class ReadmeTests
{
    [GeneratedRegex(@"^```csharp[ \t]*\r?\n(.*?)^```", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex CSharpBlock();

    /// <summary>The README's C# blocks as one file-based app; after block k it prints "README block k ran".</summary>
    internal static string ToFileBasedApp(string readme, string libraryProject, out int blocks)
    {
        var usings = new List<string>();
        var body = new StringBuilder();
        blocks = 0;
        foreach (Match m in CSharpBlock().Matches(readme))
        {
            blocks++;
            body.Append("// README block ").Append(blocks).Append('\n');
            foreach (string line in m.Groups[1].Value.ReplaceLineEndings("\n").Split('\n'))
            {
                string t = line.Trim();
                if (t.StartsWith("using ", StringComparison.Ordinal) && t.EndsWith(';') && !t.Contains('(', StringComparison.Ordinal) && !t.Contains('=', StringComparison.Ordinal))
                {
                    if (!usings.Contains(t)) usings.Add(t);
                }
                else body.Append(line).Append('\n');
            }
            body.Append("Console.WriteLine(\"README block ").Append(blocks).Append(" ran\");\n");
        }
        return "#:project " + libraryProject + "\n#:property PublishAot=false\n" + string.Join('\n', usings) + "\n" + body;
    }

    [Fact]
    public void Readme_EveryCSharpBlock_CompilesAndRuns()
    {
        string root = Repo.Root;
        using var temp = new TempFolder("icp-readme-");
        string dir = temp.Path;
        string data = Path.Combine(dir, "samples", "data");
        Directory.CreateDirectory(data);
        foreach (string file in Directory.GetFiles(Path.Combine(root, "samples", "data"))) File.Copy(file, Path.Combine(data, Path.GetFileName(file)));
        string app = ToFileBasedApp(File.ReadAllText(Path.Combine(root, "README.md")),
            Path.Combine(root, "src", "IcpAnalytics", "IcpAnalytics.csproj"), out int blocks);
        Assert.True(blocks >= 4, $"README.md has {blocks} C# blocks; expected at least the 4 of loading, ICP, effects and report.");
        string script = Path.Combine(dir, "Readme.cs");
        File.WriteAllText(script, app);

        DotnetRun.Result result = DotnetRun.File(script, dir);

        Assert.True(result.ExitCode == 0, app + "\n---\n" + result.Output + result.Error);
        for (int k = 1; k <= blocks; k++) Assert.Contains($"README block {k} ran", result.Output, StringComparison.Ordinal);
        // What the loading block's comment promises.
        Assert.Contains("samples/data/deals.csv: 2,040 rows read, 2,000 loaded, 40 open deals set aside, 0 rejected", result.Output, StringComparison.Ordinal);
        // The files the ICP and report blocks say they write.
        Assert.True(File.Exists(Path.Combine(dir, "icp.json")));
        Assert.Contains("<svg", File.ReadAllText(Path.Combine(dir, "profit-yield.html")), StringComparison.Ordinal);
    }
}
