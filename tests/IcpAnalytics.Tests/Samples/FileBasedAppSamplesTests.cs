namespace IcpAnalytics.Tests.Samples;

/// <summary>
/// Every file-based app sample (samples/*.cs, one per main task) runs with <c>dotnet run</c> from the repository root and
/// prints each line its header promises (header lines starting with "//   > "), so the samples' figures cannot go stale.
/// </summary>
[Collection("dotnet run")]
public class FileBasedAppSamplesTests
{
    private static readonly string[] SampleFiles = ["LoadAndInspect.cs", "Icp.cs", "Effects.cs", "ProfitYield.cs", "Execution.cs", "MlNet.cs"];

    public static TheoryData<string> Samples() => new(SampleFiles);

    internal static IReadOnlyList<string> PromisedLines(string script) =>
        [.. File.ReadLines(script).TakeWhile(l => l.StartsWith("//", StringComparison.Ordinal) || l.StartsWith("#:", StringComparison.Ordinal))
            .Where(l => l.StartsWith("//   > ", StringComparison.Ordinal)).Select(l => l["//   > ".Length..])];

    [Fact]
    public void Samples_OnePerMainTask_EachPromisesOutput()
    {
        string[] files = [.. Directory.GetFiles(Repo.File("samples"), "*.cs").Select(f => Path.GetFileName(f))];
        Assert.Equal(SampleFiles.Order(), files.Order());
        foreach (string f in files.Where(f => f != "ProfitYield.cs"))
            Assert.True(PromisedLines(Repo.File("samples", f)).Count >= 3, $"{f} promises fewer than 3 output lines");
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Sample_RunsFromTheRepositoryRoot_PrintsEveryPromisedLine(string sample)
    {
        string script = Repo.File("samples", sample);
        using var temp = new TempFolder("icp-sample-");
        // The samples read samples/data relative to the working folder: run them where the repository's data is, writing
        // their outputs (ProfitYield.cs writes a report) into the temporary folder.
        Directory.CreateDirectory(Path.Combine(temp.Path, "samples"));
        CopyDirectory(Repo.File("samples", "data"), Path.Combine(temp.Path, "samples", "data"));
        DotnetRun.Result result = DotnetRun.File(script, temp.Path);
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        IReadOnlyList<string> promised = sample == "ProfitYield.cs"
            ? ["samples/data/deals.csv: 2,040 rows read, 2,000 loaded, 40 open deals set aside, 0 rejected", "Wrote profit-yield.html"]
            : PromisedLines(script);
        foreach (string line in promised) Assert.Contains(line, result.Output, StringComparison.Ordinal);
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
    }
}
