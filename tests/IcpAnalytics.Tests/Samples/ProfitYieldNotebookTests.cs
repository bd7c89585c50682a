using System.Text;
using System.Text.Json;

namespace IcpAnalytics.Tests.Samples;

[Collection("dotnet run")]
public class ProfitYieldNotebookTests
{
    /// <summary>
    /// Turns the notebook's C# cells into a file-based app: the library reference becomes a <c>#:project</c> directive (its
    /// NuGet dependencies come with it), <c>using</c> lines move to the top, and the notebook's <c>display</c> and
    /// <c>DisplayAs</c> helpers print to the console.
    /// </summary>
    internal static string ToFileBasedApp(string notebookJson, string libraryProject)
    {
        using JsonDocument doc = JsonDocument.Parse(notebookJson);
        var usings = new List<string>();
        var body = new StringBuilder();
        bool referencesLibrary = false;
        foreach (JsonElement cell in doc.RootElement.GetProperty("cells").EnumerateArray())
        {
            if (cell.GetProperty("cell_type").GetString() != "code") continue;
            string source = string.Concat(cell.GetProperty("source").EnumerateArray().Select(s => s.GetString()));
            foreach (string line in source.Split('\n'))
            {
                string t = line.Trim();
                if (t.StartsWith("#r \"nuget:", StringComparison.Ordinal)) continue;
                if (t.StartsWith("#r \"", StringComparison.Ordinal))
                {
                    Assert.EndsWith("IcpAnalytics.dll\"", t, StringComparison.Ordinal);
                    referencesLibrary = true;
                    continue;
                }
                if (t.StartsWith("using ", StringComparison.Ordinal) && t.EndsWith(';') && !t.Contains('(', StringComparison.Ordinal)) usings.Add(t);
                else body.Append(line).Append('\n');
            }
        }
        Assert.True(referencesLibrary, "The notebook's first cell should reference the IcpAnalytics library.");
        return "#:project " + libraryProject + "\n#:property PublishAot=false\n"
            + string.Join('\n', usings) + "\n"
            + body
            + "\nstatic void display(object? value) => Console.WriteLine(value);\n"
            + "static class NotebookShims\n{\n    public static void DisplayAs(this string value, string mimeType) => Console.WriteLine($\"[{mimeType}: {value.Length} characters]\");\n}\n";
    }

    [Fact]
    public void Notebook_CodeCells_RunAsAFileBasedApp()
    {
        string root = Repo.Root;
        using var temp = new TempFolder("icp-notebook-");
        string dir = temp.Path;
        Directory.CreateDirectory(Path.Combine(dir, "data"));
        File.Copy(Path.Combine(root, "samples", "data", "deals.csv"), Path.Combine(dir, "data", "deals.csv"));
        string app = ToFileBasedApp(File.ReadAllText(Path.Combine(root, "samples", "ProfitYield.ipynb")),
            Path.Combine(root, "src", "IcpAnalytics", "IcpAnalytics.csproj"));
        string script = Path.Combine(dir, "ProfitYieldNotebook.cs");
        File.WriteAllText(script, app);
        DotnetRun.Result result = DotnetRun.File(script, dir);
        Assert.True(result.ExitCode == 0, app + "\n---\n" + result.Output + result.Error);
        Assert.Contains("deals.csv: 2,040 rows read, 2,000 loaded, 40 open deals set aside, 0 rejected", result.Output, StringComparison.Ordinal);
        Assert.Contains("[text/html: ", result.Output, StringComparison.Ordinal);
        Assert.Contains("Sections: Summary, The data, ICP rules and coverage, Segment yield, Whale curve, Holdout validation", result.Output, StringComparison.Ordinal);
        Assert.Contains("<svg", File.ReadAllText(Path.Combine(dir, "profit-yield-notebook.html")), StringComparison.Ordinal);
    }
}
