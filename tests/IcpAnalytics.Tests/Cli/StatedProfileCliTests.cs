using IcpAnalytics.Cli;
using IcpAnalytics.Icp;
using IcpAnalytics.Reports;
using IcpAnalytics.Tests.Reports;
using static IcpAnalytics.Tests.Reports.BeliefWorld;

namespace IcpAnalytics.Tests.Cli;

/// <summary><c>icp report --icp "…"</c> and <c>--icp-file rules.txt</c> on <see cref="BeliefWorld"/>'s export, run in process.</summary>
public sealed class StatedProfileCliTests
{
    private static string[] Columns(string csv) =>
        [csv, "--deal-id-column", "deal_id", "--account-column", "account", "--date-column", "closed", "--outcome-column", "stage",
            "--won-label", "Closed Won", "--lost-label", "Closed Lost", "--revenue-column", "amount", "--margin-column", "gross_margin",
            "--effort-hours-column", "effort_hours", "--holdout-after", "2025-01-01", "--no-progress"];

    private static ReportTable Groups(ProfitYieldReport report) => report.FindTable("stated-agreement")!;

    [Fact]
    public void IcpFlag_AddsTheComparison_WithTheBeliefsRuleAndHandSums()
    {
        using var temp = new TempFolder("icp-stated-cli-");
        string csv = temp.Write("deals.csv", Book.Value.Csv);
        string json = temp.File("report.json");
        // The issue's own form: an en dash range with a thousands separator, "and"-joined conditions.
        (int exit, _, string error) = IcpCli.InProcess(ReportCommand.Create(), [.. Columns(csv), "--icp", Belief, "--out", json]);
        Assert.True(exit == 0, error);
        ProfitYieldReport report = ProfitYieldReport.LoadJson(json);
        ReportSection section = report.FindSection(StatedProfileSection.Id)!;
        Assert.True(section.IsPresent);
        Assert.Equal(Belief, report.FindTable("stated-rules")!.Rows.Single()[0].Text);
        // Built on the deals closed before the holdout date, like the discovered profile; the later deals are compared too.
        BeliefWorld.Deal[] training = [.. Book.Value.Deals.Where(d => d.Closed < new DateOnly(2025, 1, 1))];
        ReportTable groups = Groups(report);
        int total = (int)groups.Rows.Single(r => r[0].Text == "all deals")[1].Number!.Value;
        Assert.Equal(training.Length, total);
        Assert.Equal(training.Count(InBelief), (int)report.FindTable("stated-rules")!.Rows.Single()[1].Number!.Value);
        Assert.NotNull(report.FindTable("stated-agreement-later"));
        Assert.NotNull(report.FindTable("stated-holdout"));
    }

    [Fact]
    public void IcpFile_ReadsOneRuleALine_SkippingCommentsAndBlankLines()
    {
        using var temp = new TempFolder("icp-stated-cli-");
        string csv = temp.Write("deals.csv", Book.Value.Csv);
        string rules = temp.Write("believed.txt", "# what the strategy team believes\n\nindustry = Software and employees 500–2,000\n  # the second segment\nindustry = Finance and employees < 100\n");
        string json = temp.File("report.json");
        (int exit, _, string error) = IcpCli.InProcess(ReportCommand.Create(), [.. Columns(csv), "--icp-file", rules, "--out", json]);
        Assert.True(exit == 0, error);
        ProfitYieldReport report = ProfitYieldReport.LoadJson(json);
        string[] texts = [.. report.FindTable("stated-rules")!.Rows.Select(r => r[0].Text!)];
        Assert.Equal([Belief, "industry = Finance and employees < 100"], texts);
        BeliefWorld.Deal[] training = [.. Book.Value.Deals.Where(d => d.Closed < new DateOnly(2025, 1, 1))];
        int believedFit = training.Count(d => InBelief(d) || (d.Industry == "Finance" && d.Employees < 100));
        ReportTable groups = Groups(report);
        double Deals(string label) => groups.Rows.SingleOrDefault(r => r[0].Text == label)?[1].Number ?? 0;
        Assert.Equal(believedFit, Deals(ProfileAgreement.BothLabel) + Deals(ProfileAgreement.BelievedOnlyLabel));
        // The deals the data's ICP marks fit are the ICP section's fit deals (the same training deals).
        double discoveredFit = report.FindTable("icp-coverage")!.Rows.Single(r => r[0].Text == "ICP fit")[1].Number!.Value;
        Assert.Equal(discoveredFit, Deals(ProfileAgreement.BothLabel) + Deals(ProfileAgreement.MissedLabel));
    }

    [Theory]
    [InlineData("flag", "--icp \"industy = Software\", at character 1: the deals have no attribute 'industy'. Did you mean 'industry'?")]
    [InlineData("file", "--icp-file rules.txt, line 3, column 3 (\"industy = Software\"): the deals have no attribute 'industy'. Did you mean 'industry'?")]
    public void BadRule_ExitsWithCode1_NamingTheFlagOrFileLineAndColumn(string where, string expected)
    {
        using var temp = new TempFolder("icp-stated-cli-");
        string csv = temp.Write("deals.csv", Book.Value.Csv);
        string rules = temp.Write("rules.txt", "# believed\nindustry = Retail\n  industy = Software\n");
        string output = temp.File("report.json");
        string[] icp = where == "flag" ? ["--icp", "industy = Software"] : ["--icp-file", rules];
        (int exit, _, string error) = IcpCli.InProcess(ReportCommand.Create(), [.. Columns(csv), .. icp, "--out", output]);
        Assert.Equal(ReportCommand.InvalidOptions, exit);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void UnknownLevel_QuotesNoLevelOfTheData_UnlessShowValues()
    {
        using var temp = new TempFolder("icp-stated-cli-");
        string csv = temp.Write("deals.csv", Book.Value.Csv);
        string output = temp.File("report.json");
        (int exit, _, string error) = IcpCli.InProcess(ReportCommand.Create(), [.. Columns(csv), "--icp", "industry = Sofware and employees 250–1,000", "--out", output]);
        Assert.Equal(ReportCommand.InvalidOptions, exit);
        Assert.Contains("--icp \"industry = Sofware and employees 250–1,000\", at character 1: 'industry' has no level 'Sofware'", error, StringComparison.Ordinal);
        Assert.Contains("run 'icp inspect' on the deals", error, StringComparison.Ordinal);
        foreach (string level in (string[])["Software", "Retail", "Healthcare", "Finance"])
            Assert.DoesNotContain("'" + level + "'", error, StringComparison.Ordinal);
        (_, _, string shown) = IcpCli.InProcess(ReportCommand.Create(), [.. Columns(csv), "--icp", "industry = Sofware", "--show-values", "--out", output]);
        Assert.Contains("Its closest levels: 'Software'", shown, StringComparison.Ordinal);
    }

    [Fact]
    public void IcpFileWithoutRules_OrMissing_IsAnInvalidCommandLine()
    {
        using var temp = new TempFolder("icp-stated-cli-");
        string csv = temp.Write("deals.csv", Book.Value.Csv);
        string empty = temp.Write("empty.txt", "# nothing yet\n\n");
        (int exit, _, string error) = IcpCli.InProcess(ReportCommand.Create(), [.. Columns(csv), "--icp-file", empty, "--out", temp.File("r.json")]);
        Assert.Equal(ReportCommand.InvalidOptions, exit);
        Assert.Contains("--icp-file empty.txt holds no rule", error, StringComparison.Ordinal);
        (exit, _, error) = IcpCli.InProcess(ReportCommand.Create(), [.. Columns(csv), "--icp-file", temp.File("missing.txt"), "--out", temp.File("r.json")]);
        Assert.Equal(ReportCommand.InvalidOptions, exit);
        Assert.Contains("--icp-file missing.txt could not be read", error, StringComparison.Ordinal);
    }
}
