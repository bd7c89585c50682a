using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using IcpAnalytics.Cli;
using IcpAnalytics.Reports;

namespace IcpAnalytics.Tests.Cli;

/// <summary>
/// The issue's lead-export figure, end to end: a CRM lead export (lead id, company, industry, employees, lead source, a status with
/// open and closed values, an amount of 1 on every row, no margin) through the whole <c>icp report</c> in every format. With every
/// amount 1, a won lead brings 1, so every per-deal figure of the ICP and holdout sections is a share of leads won (within [0, 1])
/// and every per-hour figure is wins per effort hour; both are checked against sums over the fixture's rows.
/// </summary>
public sealed class LeadExportReportTests
{
    private static readonly DateOnly Cut = new(2025, 7, 1);

    private static readonly int[] Sizes = [20, 80, 150, 400, 900, 2_500];

    private sealed record Lead(string Industry, bool Open, bool Won, DateOnly Closed, double Hours);

    private static (string Csv, Lead[] Leads) Export()
    {
        var rng = new Random(8);
        string[] industries = ["Software", "Retail", "Healthcare", "Manufacturing"];
        string[] sources = ["Web", "Referral", "Event", "Outbound"];
        var companies = new (string Name, string Industry, int Employees)[900];
        for (int c = 0; c < companies.Length; c++)
            companies[c] = ($"Company {c:D4}", industries[rng.Next(4)], Sizes[rng.Next(Sizes.Length)]);
        var sb = new StringBuilder("Lead ID,Company,Industry,Employees,Lead Source,Status,Created Date,Close Date,Amount,Effort Hours\n");
        var leads = new List<Lead>();
        for (int i = 0; i < 1_400; i++)
        {
            (string name, string industry, int employees) = companies[rng.Next(companies.Length)];
            var created = new DateOnly(2024, 1, 1).AddDays(rng.Next(540));
            DateOnly closed = created.AddDays(10 + rng.Next(60));
            bool open = rng.NextDouble() < 0.1;
            bool won = !open && rng.NextDouble() < (industry == "Software" ? 0.5 : 0.2);
            double hours = 1 + rng.Next(8);
            string status = open ? "Open - Working" : won ? "Converted" : "Disqualified";
            sb.Append(CultureInfo.InvariantCulture,
                $"LEAD-{i:D5},{name},{industry},{employees},{sources[rng.Next(4)]},{status},{created:yyyy-MM-dd},{(open ? "" : closed.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))},1,{hours}\n");
            leads.Add(new Lead(industry, open, won, closed, hours));
        }
        return (sb.ToString(), [.. leads]);
    }

    private static string[] Args(string csv, string format, string output) =>
        [csv, "--outcome-column", "Status", "--won-label", "Converted", "--lost-label", "Disqualified", "--open-label", "Open - Working",
            "--date-column", "Close Date", "--revenue-column", "Amount", "--effort-hours-column", "Effort Hours", "--segment-by", "Industry",
            "--holdout-after", "2025-07-01", "--format", format, "--out", output, "--no-progress"];

    private static double Cell(ReportTable t, IReadOnlyList<ReportCell> row, string key) => row[t.Columns.ToList().FindIndex(c => c.Key == key)].Number!.Value;

    [Fact]
    public void EveryPerDealFigure_IsTheShareWon_AndEveryPerHourFigureWinsPerHour_ByHand()
    {
        using var temp = new TempFolder("icp-leads-");
        (string text, Lead[] leads) = Export();
        string csv = temp.Write("leads.csv", text);
        (int exit, _, string error) = IcpCli.InProcess(ReportCommand.Create(), Args(csv, "json", temp.File("leads.json")));
        Assert.True(exit == 0, error);
        ProfitYieldReport report = ProfitYieldReport.LoadJson(temp.File("leads.json"));

        // The designed ICP: Software leads convert at 50 %, the rest at 20 %.
        ReportTable rules = report.FindTable("icp-rules")!;
        string[] passed = [.. rules.Rows.Where(r => r[^1].Text == "passed").Select(r => r[0].Text!)];
        Assert.Equal(["Industry = Software"], passed);
        bool Fit(Lead l) => l.Industry == "Software";
        Lead[] closed = [.. leads.Where(l => !l.Open)];
        Lead[] training = [.. closed.Where(l => l.Closed < Cut)];
        Lead[] later = [.. closed.Where(l => l.Closed >= Cut)];

        ReportTable coverage = report.FindTable("icp-coverage")!;
        Check(coverage, "ICP fit", training.Where(Fit), "margin_per_deal", "margin_per_hour");
        Check(coverage, "not ICP fit", training.Where(l => !Fit(l)), "margin_per_deal", "margin_per_hour");
        ReportTable groups = report.FindTable("holdout-groups")!;
        Check(groups, "ICP fit", later.Where(Fit), "margin_per_deal", "margin_per_hour");
        Check(groups, "not ICP fit", later.Where(l => !Fit(l)), "margin_per_deal", "margin_per_hour");
        ReportTable comparison = report.FindTable("holdout-comparison")!;
        IReadOnlyList<ReportCell> perDeal = comparison.Rows.Single(r => r[0].Text == "revenue per deal pursued");
        Assert.Equal(Share(later.Where(Fit)), Cell(comparison, perDeal, "fit"), 12);
        Assert.Equal(Share(later.Where(l => !Fit(l))), Cell(comparison, perDeal, "non_fit"), 12);
        IReadOnlyList<ReportCell> perHour = comparison.Rows.Single(r => r[0].Text == "revenue per effort hour");
        Assert.Equal(PerHour(later.Where(Fit)), Cell(comparison, perHour, "fit"), 12);
        Assert.Equal(PerHour(later.Where(l => !Fit(l))), Cell(comparison, perHour, "non_fit"), 12);
        // The rule's own yield: wins per effort hour of the Software leads it was built on.
        Assert.Equal(PerHour(training.Where(Fit)), Cell(rules, rules.Rows.Single(r => r[0].Text == "Industry = Software"), "value"), 12);
    }

    [Theory]
    [InlineData("md")]
    [InlineData("text")]
    [InlineData("html")]
    public void RenderedIcpAndHoldoutSections_ShowNoAmountAboveOne(string format)
    {
        using var temp = new TempFolder("icp-leads-");
        string csv = temp.Write("leads.csv", Export().Csv);
        string output = temp.File("leads." + format);
        (int exit, _, string error) = IcpCli.InProcess(ReportCommand.Create(), Args(csv, format, output));
        Assert.True(exit == 0, error);
        string rendered = File.ReadAllText(output);
        // Each section from its heading to the next heading, in the format's own heading form.
        (string, string)[] sections = format switch
        {
            "md" => [("## ICP rules and coverage", "\n## "), ("## Holdout validation", "\n## ")],
            "text" => [("== ICP rules and coverage ==", "\n== "), ("== Holdout validation", "\n== ")],
            _ => [("<section id=\"icp\">", "<section id="), ("<section id=\"holdout\">", "<section id=")],
        };
        foreach ((string from, string to) in sections)
        {
            int start = rendered.IndexOf(from, StringComparison.Ordinal);
            int end = rendered.IndexOf(to, start + from.Length, StringComparison.Ordinal);
            Assert.True(start >= 0 && end > start, $"{format}: {from} … {to} not found");
            string section = rendered[start..end];
            MatchCollection amounts = Regex.Matches(section, @"\$([0-9][0-9,]*(\.[0-9]+)?)");
            Assert.NotEmpty(amounts);
            foreach (Match m in amounts)
                Assert.True(double.Parse(m.Groups[1].Value, NumberStyles.AllowThousands | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture) <= 1,
                    $"{format}: {from} shows {m.Value}, more than the 1 a lead can bring");
        }
    }

    [Fact]
    public void CsvTables_HoldoutPerDealEqualsWinRate()
    {
        using var temp = new TempFolder("icp-leads-");
        string csv = temp.Write("leads.csv", Export().Csv);
        string folder = temp.File("tables");
        (int exit, _, string error) = IcpCli.InProcess(ReportCommand.Create(), Args(csv, "csv", folder));
        Assert.True(exit == 0, error);
        string[] lines = File.ReadAllLines(Path.Combine(folder, "holdout-groups.csv"));
        string[] header = lines[0].Split(',');
        int winRate = Array.IndexOf(header, "win_rate"), perDeal = Array.IndexOf(header, "margin_per_deal");
        Assert.Equal(3, lines.Length);
        foreach (string line in lines.Skip(1))
        {
            string[] cells = line.Split(',');
            double w = double.Parse(cells[winRate], CultureInfo.InvariantCulture), d = double.Parse(cells[perDeal], CultureInfo.InvariantCulture);
            Assert.InRange(d, 0, 1);
            Assert.Equal(w, d, 12);
        }
    }

    private static double Share(IEnumerable<Lead> leads) => (double)leads.Count(l => l.Won) / leads.Count();

    private static double PerHour(IEnumerable<Lead> leads) => leads.Count(l => l.Won) / leads.Sum(l => l.Hours);

    private static void Check(ReportTable table, string group, IEnumerable<Lead> leads, string perDealKey, string perHourKey)
    {
        Lead[] g = [.. leads];
        IReadOnlyList<ReportCell> row = table.Rows.Single(r => r[0].Text == group);
        Assert.Equal(g.Length, Cell(table, row, "deals"));
        double perDeal = Cell(table, row, perDealKey);
        Assert.InRange(perDeal, 0, 1);
        Assert.Equal(Share(g), perDeal, 12);
        Assert.Equal(Share(g), Cell(table, row, "win_rate"), 12);
        Assert.Equal(PerHour(g), Cell(table, row, perHourKey), 12);
    }
}
