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
                if (t.StartsWith("#r \"nuget: IcpAnalytics,", StringComparison.Ordinal))
                {
                    // The package as a reader installs it; the test runs the same code against this repository's library.
                    Assert.Equal($"#r \"nuget: IcpAnalytics, {LibraryVersion()}\"", t);
                    referencesLibrary = true;
                    continue;
                }
                Assert.False(t.StartsWith("#r \"", StringComparison.Ordinal), "The notebook references a file, not the package: " + t);
                if (t.StartsWith("using ", StringComparison.Ordinal) && t.EndsWith(';') && !t.Contains('(', StringComparison.Ordinal)) usings.Add(t);
                else body.Append(line).Append('\n');
            }
        }
        Assert.True(referencesLibrary, "The notebook's first cell should reference the IcpAnalytics package: #r \"nuget: IcpAnalytics, <version>\".");
        return "#:project " + libraryProject + "\n#:property PublishAot=false\n"
            + string.Join('\n', usings) + "\n"
            + body
            + "\nstatic void display(object? value) => Console.WriteLine(value);\n"
            + "static class NotebookShims\n{\n    public static void DisplayAs(this string value, string mimeType) => Console.WriteLine($\"[{mimeType}: {value.Length} characters]\");\n}\n";
    }

    /// <summary>The library's version, as Directory.Build.props sets it.</summary>
    internal static string LibraryVersion() =>
        System.Xml.Linq.XDocument.Load(Repo.File("Directory.Build.props")).Descendants("Version").First().Value;

    /// <summary>
    /// The notebook against the rules of the nbformat 4.5 JSON schema (nbformat.v4.5.schema.json): top-level keys, and for
    /// every cell a unique id of 1–64 characters from [a-zA-Z0-9-_], its type, metadata and source, and for code cells
    /// outputs and execution_count, with no other keys.
    /// </summary>
    [Fact]
    public void Notebook_IsValidNbformat45_WithCellIdsAndDescribedAsLegacy()
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(Repo.File("samples", "ProfitYield.ipynb")));
        JsonElement root = doc.RootElement;
        Assert.Equal(["cells", "metadata", "nbformat", "nbformat_minor"], root.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(4, root.GetProperty("nbformat").GetInt32());
        Assert.True(root.GetProperty("nbformat_minor").GetInt32() >= 5, "cell ids need nbformat 4.5");
        Assert.Equal(JsonValueKind.Object, root.GetProperty("metadata").ValueKind);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var idPattern = new System.Text.RegularExpressions.Regex("^[a-zA-Z0-9_-]{1,64}$");
        foreach (JsonElement cell in root.GetProperty("cells").EnumerateArray())
        {
            string type = cell.GetProperty("cell_type").GetString()!;
            string[] allowed = type switch
            {
                "code" => ["cell_type", "execution_count", "id", "metadata", "outputs", "source"],
                "markdown" or "raw" => ["attachments", "cell_type", "id", "metadata", "source"],
                _ => throw new Xunit.Sdk.XunitException("unknown cell_type " + type),
            };
            foreach (JsonProperty p in cell.EnumerateObject()) Assert.Contains(p.Name, allowed);
            string id = cell.GetProperty("id").GetString()!;
            Assert.Matches(idPattern, id);
            Assert.True(ids.Add(id), "duplicate cell id " + id);
            Assert.Equal(JsonValueKind.Object, cell.GetProperty("metadata").ValueKind);
            JsonElement source = cell.GetProperty("source");
            Assert.True(source.ValueKind == JsonValueKind.String || source.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String));
            if (type == "code")
            {
                Assert.Equal(JsonValueKind.Array, cell.GetProperty("outputs").ValueKind);
                Assert.True(cell.GetProperty("execution_count").ValueKind is JsonValueKind.Null or JsonValueKind.Number);
            }
        }
        string intro = string.Concat(root.GetProperty("cells")[0].GetProperty("source").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("**Legacy.**", intro, StringComparison.Ordinal);
        Assert.Contains("file-based apps", intro, StringComparison.Ordinal);
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
