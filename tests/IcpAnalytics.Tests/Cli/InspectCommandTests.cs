using IcpAnalytics.Cli;
using IcpAnalytics.Tests.Data;

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
}
