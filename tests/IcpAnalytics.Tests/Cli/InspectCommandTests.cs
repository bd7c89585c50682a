using System.Text.Json;
using IcpAnalytics.Cli;
using IcpAnalytics.Tests.Data;
using IcpAnalytics.Tests.Data.Activities;

namespace IcpAnalytics.Tests.Cli;

public sealed class InspectCommandTests : IDisposable
{
    private readonly TempFolder _temp = new("icp-inspect-");

    public void Dispose() => _temp.Dispose();

    private static (int Exit, string Output, string Error) Run(params string[] args) => IcpCli.InProcess(InspectCommand.Create(), args);

    private string TempCsv(string name, string text) => _temp.Write(name, text);

    [Fact]
    public void Inspect_SampleFile_PrintsReportAndSummary()
    {
        (int exit, string output, string error) = Run(Repo.File("samples", "data", "deals.csv"));
        Assert.Equal(0, exit);
        Assert.Equal("", error);
        Assert.Contains("deals.csv: 2,040 rows read, 2,000 loaded, 40 open deals set aside, 0 rejected", output, StringComparison.Ordinal);
        Assert.Contains("DealSet: 2,000 deals (471 won, 1,529 lost)", output, StringComparison.Ordinal);
        Assert.Contains("industry", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_AccountsJoin_LoadsAttributesFromAccountsFile()
    {
        (int exit, string output, _) = Run(Repo.File("samples", "data", "deals-without-attributes.csv"), "--accounts", Repo.File("samples", "data", "accounts.csv"), "--account-key", "account_id");
        Assert.Equal(0, exit);
        Assert.Contains("attributes: industry, region, employees (numeric)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_MappingFlags_MapGermanExport()
    {
        string path = TempCsv("de.csv", "opp;result;wert;marge\nO1;Gewonnen;1234,5;200,5\nO2;Verloren;100;0\nO3;Offen;50;\nO4;Gewonnen;abc;1\n");
        (int exit, string output, _) = Run(path, "--outcome-column", "result", "--won-label", "Gewonnen", "--lost-label", "Verloren", "--open-label", "Offen",
            "--revenue-column", "wert", "--margin-column", "marge", "--deal-id-column", "opp", "--delimiter", "semicolon", "--culture", "de-DE");
        Assert.Equal(3, exit); // loaded with rejects (the shared exit code table)
        Assert.Contains("de.csv: 4 rows read, 2 loaded, 1 open deals set aside, 1 rejected", output, StringComparison.Ordinal);
        Assert.Contains("line 5, column 'wert': The revenue is not a number.", output, StringComparison.Ordinal);
        Assert.Contains("100 to 1234.5, mean 667.25", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_StrictBadRow_ExitsWithLineAndColumn()
    {
        string path = TempCsv("bad.csv", "deal_id,stage,amount\nD1,Won,10\nD2,Won,-4\n");
        (int exit, _, string error) = Run(path, "--strict");
        Assert.Equal(2, exit);
        Assert.Contains("error: bad.csv, line 3, column 'amount' (3): The revenue is negative.", error, StringComparison.Ordinal);
        Assert.DoesNotContain("-4", error, StringComparison.Ordinal);
        (_, _, string shown) = Run(path, "--strict", "--show-values");
        Assert.Contains("Value: '-4'", shown, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_MissingFile_ExitsWithClearMessage()
    {
        (int exit, string output, string error) = Run("no-such-file.csv");
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_MissingRevenueColumn_NamesClosestMatchAndFlag()
    {
        string path = TempCsv("norev.csv", "id,stage,amt\n1,Won,3\n");
        (int exit, _, string error) = Run(path);
        Assert.Equal(2, exit);
        Assert.Contains("Closest match: 'amt'", error, StringComparison.Ordinal);
        Assert.Contains("--revenue-column", error, StringComparison.Ordinal);
        (int fixedExit, string output, _) = Run(path, "--revenue-column", "amt");
        Assert.Equal(0, fixedExit);
        Assert.Contains("1 rows read, 1 loaded", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_UnknownCulture_ExitsWithClearMessage()
    {
        string path = TempCsv("c.csv", "id,stage,amount\n1,Won,3\n");
        (int exit, _, string error) = Run(path, "--culture", "xx-nowhere");
        Assert.Equal(2, exit);
        Assert.Contains("'xx-nowhere' is not a culture name", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_NoFile_UsesEmbeddedSample()
    {
        (int exit, string output, _) = Run();
        Assert.Equal(0, exit);
        Assert.Contains("sample: 5,000 rows read, 5,000 loaded", output, StringComparison.Ordinal);
    }

    /// <summary>The hand-built log of <see cref="ActivityLogTests"/>: every row's fate is known, so the counts are too.</summary>
    [Fact]
    public void InspectJson_WithActivities_CarriesTheActivityLoadReport()
    {
        string deals = TempCsv("deals.csv", ActivityLogTests.Deals);
        string log = TempCsv("activities.csv", ActivityLogTests.Log().Replace("D3,A2,Call,2024-03-06,abc", "D3,A2,Call,2024-03-06,SECRET-DURATION", StringComparison.Ordinal));
        (int exit, string json, string error) = Run(deals, "--activities", log, "--format", "json");
        Assert.Equal(ExitCodes.RowsRejected, exit);
        Assert.Equal("", error);
        using JsonDocument doc = JsonDocument.Parse(json);
        JsonElement a = doc.RootElement.GetProperty("Activities");
        Assert.Equal("activities.csv", a.GetProperty("Source").GetString());
        Assert.Equal(14, a.GetProperty("ActivitiesRead").GetInt64());
        Assert.Equal(6, a.GetProperty("Matched").GetInt64());
        Assert.Equal(2, a.GetProperty("AccountLevel").GetInt64());
        Assert.Equal(1, a.GetProperty("OtherTypes").GetInt64());
        Assert.Equal(2, a.GetProperty("Unmatched").GetInt64());
        Assert.Equal(2, a.GetProperty("AfterClose").GetInt64());
        Assert.Equal(1, a.GetProperty("BeforeCreation").GetInt64());
        Assert.Equal(2, a.GetProperty("RowsRejected").GetInt64());
        Assert.Equal([11L, 12L], a.GetProperty("Rejected").EnumerateArray().Select(r => r.GetProperty("Line").GetInt64()));
        Assert.Equal("duration_minutes", a.GetProperty("Rejected")[1].GetProperty("Column").GetString());
        Assert.False(a.GetProperty("Rejected")[1].TryGetProperty("RawValue", out _));
        Assert.DoesNotContain("SECRET-DURATION", json, StringComparison.Ordinal);
        Assert.Equal(4, doc.RootElement.GetProperty("Load").GetProperty("RowsRead").GetInt64());

        (_, string withValues, _) = Run(deals, "--activities", log, "--format", "json", "--show-values");
        using JsonDocument shown = JsonDocument.Parse(withValues);
        Assert.Equal("SECRET-DURATION", shown.RootElement.GetProperty("Activities").GetProperty("Rejected")[1].GetProperty("RawValue").GetString());

        (int plainExit, string plain, _) = Run(deals, "--format", "json");
        Assert.Equal(ExitCodes.Ok, plainExit);
        using JsonDocument without = JsonDocument.Parse(plain);
        Assert.True(!without.RootElement.TryGetProperty("Activities", out JsonElement none) || none.ValueKind == JsonValueKind.Null);
    }
}
