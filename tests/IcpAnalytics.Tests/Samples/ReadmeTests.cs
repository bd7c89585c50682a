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

    /// <summary>
    /// The figures the README prints: a comment on the line of a <c>Console.WriteLine</c>, and the comment lines right below
    /// one (or below such a comment). Each is text the run must print; one ending in "..." is a prefix. Other comments
    /// (explanations) are not output.
    /// </summary>
    internal static IReadOnlyList<string> PromisedOutput(string readme)
    {
        var promised = new List<string>();
        foreach (Match m in CSharpBlock().Matches(readme))
        {
            bool below = false;
            foreach (string raw in m.Groups[1].Value.ReplaceLineEndings("\n").Split('\n'))
            {
                string line = raw.Trim();
                if (line.StartsWith("//", StringComparison.Ordinal))
                {
                    if (below) promised.Add(line[2..].Trim());
                    continue;
                }
                below = line.StartsWith("Console.WriteLine(", StringComparison.Ordinal) || line.Contains(") Console.WriteLine(", StringComparison.Ordinal);
                int comment = line.IndexOf("//", StringComparison.Ordinal);
                if (below && comment > 0) promised.Add(line[(comment + 2)..].Trim());
            }
        }
        return promised;
    }

    /// <summary>Asserts that the run printed every figure the README promises, naming the README's line and the closest printed line.</summary>
    internal static void AssertPrinted(IReadOnlyList<string> promised, string output)
    {
        string[] lines = output.ReplaceLineEndings("\n").Split('\n');
        foreach (string p in promised)
        {
            string text = p.EndsWith("...", StringComparison.Ordinal) ? p[..^3].TrimEnd() : p;
            if (output.Contains(text, StringComparison.Ordinal)) continue;
            string head = text.Length > 24 ? text[..24] : text;
            string closest = lines.FirstOrDefault(l => l.Contains(head, StringComparison.Ordinal)) ?? "(no printed line starts alike)";
            Assert.Fail($"README.md says the code prints\n  {text}\nbut the run printed\n  {closest.Trim()}\nUpdate the README comment to what the code prints.");
        }
    }

    [Fact]
    public void PromisedOutput_FindsCommentsOnAndBelowConsoleWriteLine()
    {
        const string readme = "```csharp\nvar x = 1;            // not output\nConsole.WriteLine(x);  // 1\n// also output\n\n// explanation\nforeach (var r in rs) Console.WriteLine(r);\n// r1\n// r2 ...\nint y = 2;\n// not output either\n```\n";
        Assert.Equal(["1", "also output", "r1", "r2 ..."], PromisedOutput(readme));
        AssertPrinted(["r2 ..."], "r2 and more");
        Assert.ThrowsAny<Exception>(() => AssertPrinted(["1,234 [1,000, 1,500]"], "1,234 [999, 1,500]"));
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
        // Every figure the README's comments say the code prints (the load report, the ICP rules, the effects, the allocation).
        IReadOnlyList<string> promised = PromisedOutput(File.ReadAllText(Path.Combine(root, "README.md")));
        Assert.Contains("samples/data/deals.csv: 2,040 rows read, 2,000 loaded, 40 open deals set aside, 0 rejected", promised);
        Assert.True(promised.Count >= 6, $"only {promised.Count} printed figures found in README.md");
        AssertPrinted(promised, result.Output);
        // The files the ICP and report blocks say they write.
        Assert.True(File.Exists(Path.Combine(dir, "icp.json")));
        Assert.Contains("<svg", File.ReadAllText(Path.Combine(dir, "profit-yield.html")), StringComparison.Ordinal);
    }
}
