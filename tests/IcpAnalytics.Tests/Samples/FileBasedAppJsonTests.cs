namespace IcpAnalytics.Tests.Samples;

/// <summary>
/// A .NET 10 file-based app with default settings (reflection-based JSON off, AOT-ready defaults) saves, loads and scores a
/// profile and writes a JSON report: all JSON goes through source-generated contexts.
/// </summary>
[Collection("dotnet run")]
public class FileBasedAppJsonTests
{
    [Fact]
    public void FileBasedApp_DefaultSettings_SavesLoadsScoresAProfileAndWritesAJsonReport()
    {
        using var temp = new TempFolder("icp-app-");
        string project = Path.Combine(Repo.Root, "src", "IcpAnalytics", "IcpAnalytics.csproj");
        string app = temp.Write("app.cs", $$"""
            #:project {{project}}
            using IcpAnalytics.Data;
            using IcpAnalytics.Icp;
            using IcpAnalytics.Reports;

            DealSet deals = SampleDeals.Generate(3_000, 21);
            IdealCustomerProfile icp = deals.Icp().SegmentBy("industry", "employees", "region").Build();
            icp.Save("icp.json");
            IdealCustomerProfile loaded = IdealCustomerProfile.Load("icp.json");
            double[] a = icp.ScoreDeals(deals), b = loaded.ScoreDeals(deals);
            bool same = a.SequenceEqual(b);
            Console.WriteLine($"reflection JSON enabled: {System.Text.Json.JsonSerializer.IsReflectionEnabledByDefault}");
            Console.WriteLine($"rules {loaded.Rules.Count}, same scores: {same}");
            ProfitYieldReport report = ProfitYieldReport.For(deals).Build();
            report.SaveJson("report.json");
            Console.WriteLine($"report sections: {ProfitYieldReport.LoadJson("report.json").Sections.Count} of {report.Sections.Count}");
            """);
        DotnetRun.Result result = DotnetRun.File(app, temp.Path);
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains("reflection JSON enabled: False", result.Output, StringComparison.Ordinal);
        Assert.Contains("same scores: True", result.Output, StringComparison.Ordinal);
        Assert.Matches(@"report sections: (\d+) of \1", result.Output);
        Assert.Matches("\"checksum\": \"sha256:[0-9a-f]{64}\"", File.ReadAllText(Path.Combine(temp.Path, "icp.json")));
    }
}
