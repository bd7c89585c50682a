using System.Globalization;
using System.Text;
using IcpAnalytics.Data;
using IcpAnalytics.Tests.Cli;

namespace IcpAnalytics.Tests.Data.Activities;

/// <summary>
/// A Salesforce-shaped export written here: opportunities (Opportunity ID, Account ID, Opportunity Owner, Stage Name with
/// open stages, Amount, Created Date, Close Date, Product), an accounts file, a products price list and a Task/Event-style
/// activity log (WhatId, AccountId, Type, Subject, ActivityDate, DurationInMinutes; some rows account-level, some after the
/// close, some of other types, some of open deals). Loaded with only the file names and the Salesforce preset, by the library
/// and by the CLI, it gives the same deals as the fully mapped load.
/// </summary>
public sealed class SalesforceExportEndToEndTests
{
    private static readonly string[] OpenStages = ["Prospecting", "Qualification", "Needs Analysis"];

    private static (string Opportunities, string Accounts, string Products, string Activities) Write(TempFolder folder)
    {
        var random = new Random(20261207);
        var c = CultureInfo.InvariantCulture;
        string[] industries = ["Manufacturing", "Software", "Retail", "Healthcare"];
        string[] countries = ["Germany", "United States", "France"];
        var accounts = new StringBuilder("Account ID,Industry,Employees,Billing Country\n");
        for (int a = 0; a < 30; a++)
            accounts.Append(c, $"001A{a:D5},{industries[a % 4]},{50 + 37 * a},{countries[a % 3]}\n");
        var products = new StringBuilder("Product,List Price,Product Family\nCore,12000,Platform\nAnalytics Add-on,4500,Add-on\nSupport Plus,3000,Services\nEnterprise Suite,48000,Platform\n");
        string[] productNames = ["Core", "Analytics Add-on", "Support Plus", "Enterprise Suite"];
        string[] owners = ["Dana Whitfield", "Luis Ortega", "Mei Chen", "Sam O'Neil"];
        var opportunities = new StringBuilder("Opportunity ID,Account ID,Opportunity Owner,Stage Name,Amount,Created Date,Close Date,Product\n");
        var activities = new StringBuilder("Id,WhatId,AccountId,Type,Subject,ActivityDate,DurationInMinutes\n");
        var start = new DateOnly(2023, 1, 2);
        int task = 0;
        string[] types = ["Call", "Email", "Meeting", "Demo", "Other", "Call"];
        for (int o = 0; o < 160; o++)
        {
            string id = $"006B{o:D5}";
            string account = $"001A{random.Next(30):D5}";
            DateOnly created = start.AddDays(random.Next(500));
            DateOnly close = created.AddDays(10 + random.Next(120));
            double roll = random.NextDouble();
            string stage = roll < 0.15 ? OpenStages[o % 3] : roll < 0.55 ? "Closed Won" : "Closed Lost";
            opportunities.Append(c, $"{id},{account},{owners[o % 4]},{stage},{1000 + random.Next(90) * 500},{created:yyyy-MM-dd},{close:yyyy-MM-dd},{productNames[o % 4]}\n");
            int n = random.Next(9);
            for (int k = 0; k < n; k++)
            {
                string type = types[random.Next(types.Length)];
                DateOnly on = created.AddDays(random.Next(-5, close.DayNumber - created.DayNumber + 8));
                bool accountLevel = random.NextDouble() < 0.2;
                string minutes = type is "Meeting" or "Demo" && random.NextDouble() < 0.7 ? (30 * (1 + random.Next(4))).ToString(c) : type == "Call" && random.NextDouble() < 0.5 ? (5 + random.Next(40)).ToString(c) : "";
                activities.Append(c, $"00T{task++:D6},{(accountLevel ? "" : id)},{account},{type},\"{type} - follow up, {owners[o % 4]}\",{on:yyyy-MM-dd},{minutes}\n");
            }
        }
        for (int k = 0; k < 12; k++) activities.Append(c, $"00T{task++:D6},006Z{k:D5},001A00001,Call,Call,2024-01-15,10\n");
        return (folder.Write("opportunities.csv", opportunities.ToString()), folder.Write("accounts.csv", accounts.ToString()),
            folder.Write("products.csv", products.ToString()), folder.Write("activities.csv", activities.ToString()));
    }

    private static readonly DealLoadOptions Options = new() { Policy = BadDataPolicy.Lenient, SourceName = "opportunities.csv" };

    private static DealSet Preset((string Opportunities, string Accounts, string Products, string Activities) files) =>
        DealSet.FromCsv(files.Opportunities, m => m.Preset(CrmPreset.Salesforce).WithAccounts(files.Accounts).Join(files.Products), Options)
            .WithActivities(ActivityLog.FromCsv(files.Activities, log => log.Preset(CrmPreset.Salesforce), Options with { SourceName = "activities.csv" }));

    private static DealSet FullyMapped((string Opportunities, string Accounts, string Products, string Activities) files) =>
        DealSet.FromCsv(files.Opportunities, m => m
                .DealId("Opportunity ID").Account("Account ID").Rep("Opportunity Owner")
                .Outcome("Stage Name", won: ["Closed Won"], lost: ["Closed Lost"], open: OpenStages)
                .Revenue("Amount").CreatedDate("Created Date", "yyyy-MM-dd").ClosedDate("Close Date", "yyyy-MM-dd")
                .WithAccounts(files.Accounts, "Account ID").Join(files.Products, "Product"), Options)
            .WithActivities(ActivityLog.FromCsv(files.Activities, log => log
                .DealId("WhatId").AccountId("AccountId").Type("Type").Date("ActivityDate", "yyyy-MM-dd").DurationMinutes("DurationInMinutes")
                .OnlyMappedTypes().Count("meetings", "Meeting").Count("demos", "Demo").Count("calls", "Call").Count("emails", "Email")
                .HoursEach("calls", 0.25).HoursEach("emails", 0.1).HoursEach("meetings", 1).HoursEach("demos", 1), Options with { SourceName = "activities.csv" }));

    [Fact]
    public void PresetAndFileNamesOnly_EqualTheFullyMappedLoad()
    {
        using var folder = new TempFolder();
        var files = Write(folder);
        DealSet preset = Preset(files);
        DealSet mapped = FullyMapped(files);

        Assert.Equal(["meetings", "demos", "calls", "emails"], preset.Efforts.Select(e => e.Name));
        Assert.True(preset.Count > 100, $"{preset.Count} closed deals");
        Assert.Equal(0, preset.LoadReport.RowsRejected);
        Assert.Equal(preset.Count + preset.LoadReport.OpenDealsSetAside, preset.LoadReport.RowsRead);
        Assert.Equal(160, preset.LoadReport.RowsRead);
        DealSetAssert.Equal(mapped, preset);
        Assert.NotNull(preset.CycleDays);
        Assert.Contains(preset.CategoricalAttributes, a => a.Name == "Product Family");
        Assert.Contains(preset.CategoricalAttributes, a => a.Name == "Industry");

        ActivityLoadReport p = preset.ActivityReport!, m = mapped.ActivityReport!;
        Assert.Equal((m.ActivitiesRead, m.Matched, m.AccountLevel, m.OtherTypes, m.Unmatched, m.AfterClose, m.BeforeCreation, m.RowsRejected),
            (p.ActivitiesRead, p.Matched, p.AccountLevel, p.OtherTypes, p.Unmatched, p.AfterClose, p.BeforeCreation, p.RowsRejected));
        Assert.Equal(p.ActivitiesRead, p.Matched + p.OtherTypes + p.Unmatched + p.AfterClose + p.BeforeCreation + p.RowsRejected);
        Assert.True(p.AccountLevel > 0 && p.AfterClose > 0 && p.BeforeCreation > 0 && p.OtherTypes > 0 && p.Unmatched >= 12, p.ToString());
        Assert.Equal(0, p.RowsRejected);
        // Every matched activity is one unit of count somewhere (account-level ones split into shares summing to one).
        Assert.Equal(p.Matched, preset.Efforts.Sum(e => e.Sum()), 9);
    }

    [Fact]
    public void Cli_WithFileNamesAndPreset_ShowsTheSameDeals()
    {
        using var folder = new TempFolder();
        var files = Write(folder);
        DealSet library = Preset(files);
        var (exit, output, error) = IcpCli.InProcess(IcpAnalytics.Cli.InspectCommand.Create(),
            files.Opportunities, "--accounts", files.Accounts, "--join", files.Products, "--activities", files.Activities, "--preset", "salesforce");
        Assert.True(exit == 0, error);
        Assert.Contains(library.ActivityReport!.ToString().Split(Environment.NewLine)[0], output, StringComparison.Ordinal);
        Assert.Contains("count them with --activity-count effort=Type.", output, StringComparison.Ordinal);
        Assert.Contains(library.Summarize().ToString(), output, StringComparison.Ordinal);
    }
}
