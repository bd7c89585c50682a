using System.Globalization;
using System.Text;
using IcpAnalytics.Data;
using IcpAnalytics.Icp;
using IcpAnalytics.Reports;
using static IcpAnalytics.Tests.Reports.BeliefWorld;

namespace IcpAnalytics.Tests.Reports;

/// <summary>
/// The report's "Believed ICP against the data's" section on <see cref="BeliefWorld"/>: the ICP given to the report is the true one,
/// the belief has the right industry and the wrong size band, and every figure is checked against sums over the generated rows and
/// against the designed yields (600/h inside the truth, 300/h outside).
/// </summary>
public sealed class StatedProfileReportTests
{
    private static readonly DateOnly Cut = new(2025, 1, 1);

    private static readonly Lazy<ProfitYieldReport> OnAllDeals = new(() =>
    {
        DealSet deals = Load(Book.Value.Csv);
        return ProfitYieldReport.For(deals).WithIcp(deals.Icp().BuildFromRules(Truth))
            .Configure(o => o with { StatedProfileRules = [Belief], MaxDegreeOfParallelism = 2 }).Build();
    });

    private static readonly Lazy<ProfitYieldReport> WithHoldout = new(() =>
    {
        DealSet deals = Load(Book.Value.Csv);
        return ProfitYieldReport.For(deals).WithIcp(deals.ClosedBefore(Cut).Icp().BuildFromRules(Truth)).ValidateOnDealsClosedAfter(Cut)
            .Configure(o => o with { StatedProfileRules = [Belief], MaxDegreeOfParallelism = 2 }).Build();
    });

    private static ReportCell[] Row(ReportTable table, string group) =>
        [.. table.Rows.Single(r => r[0].Text == group)];

    private static double Cell(ReportTable table, IReadOnlyList<ReportCell> row, string key) =>
        row[table.Columns.ToList().FindIndex(c => c.Key == key)].Number!.Value;

    [Fact]
    public void AgreementGroups_EqualHandSums_AndCoverTheDesignedYields()
    {
        Deal[] deals = Book.Value.Deals;
        ReportTable table = OnAllDeals.Value.FindTable("stated-agreement")!;
        (string Label, Func<Deal, bool> Holds, double PerHour, double PerDeal)[] groups =
        [
            (ProfileAgreement.BothLabel, d => InBelief(d) && InTruth(d), TrueYield, TruePerDeal),
            (ProfileAgreement.MissedLabel, d => !InBelief(d) && InTruth(d), TrueYield, TruePerDeal),
            (ProfileAgreement.BelievedOnlyLabel, d => InBelief(d) && !InTruth(d), RestYield, RestPerDeal),
            (ProfileAgreement.NeitherLabel, d => !InBelief(d) && !InTruth(d), RestYield, RestPerDeal),
        ];
        foreach ((string label, Func<Deal, bool> holds, double perHour, double perDeal) in groups)
        {
            ReportCell[] row = Row(table, label);
            (int n, double handPerDeal, double handPerHour) = Hand(deals, holds);
            Assert.Equal(n, Cell(table, row, "deals"));
            Assert.Equal((double)n / deals.Length, Cell(table, row, "share_of_deals"), 12);
            Assert.Equal(handPerDeal, Cell(table, row, "margin_per_deal"), 6);
            Assert.Equal(handPerHour, Cell(table, row, "margin_per_hour"), 6);
            Assert.InRange(perHour, Cell(table, row, "margin_per_hour_low"), Cell(table, row, "margin_per_hour_high"));
            Assert.InRange(perDeal, Cell(table, row, "margin_per_deal_low"), Cell(table, row, "margin_per_deal_high"));
        }
        // The designed shortfall: what the belief misses yields 600/h, what it includes wrongly 300/h.
        double missed = Cell(table, Row(table, ProfileAgreement.MissedLabel), "margin_per_hour");
        double wrong = Cell(table, Row(table, ProfileAgreement.BelievedOnlyLabel), "margin_per_hour");
        Assert.InRange(missed - wrong, 300 - 100, 300 + 100);
        ReportCell[] all = Row(table, "all deals");
        Assert.Equal(deals.Length, Cell(table, all, "deals"));
        Assert.Equal(Hand(deals, _ => true).PerHour, Cell(table, all, "margin_per_hour"), 6);
    }

    [Fact]
    public void Findings_StateAgreementShares_AndTheMissedAndWronglyIncludedYieldsInWords()
    {
        Deal[] deals = Book.Value.Deals;
        ReportSection section = OnAllDeals.Value.FindSection(StatedProfileSection.Id)!;
        Assert.True(section.IsPresent);
        int both = deals.Count(d => InBelief(d) && InTruth(d));
        int truth = deals.Count(InTruth);
        int belief = deals.Count(InBelief);
        // The report's own forms: a percentage with one decimal from 10 % up (two below), money of 100 or more in whole units.
        string Percent(double x) => (100 * x).ToString(100 * x >= 10 ? "N1" : "N2", CultureInfo.InvariantCulture) + "%";
        string Money(double x) => "$" + Math.Round(x).ToString("N0", CultureInfo.InvariantCulture);
        string agree = section.Findings.Single(f => f.Topic == "Where they agree").Text;
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"both profiles call {both:N0} deals fit ({Percent((double)both / deals.Length)})"), agree, StringComparison.Ordinal);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"The belief covers {Percent((double)both / truth)} of the {truth:N0} deals the data's ICP marks fit"), agree, StringComparison.Ordinal);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"{Percent((double)both / belief)} of the {belief:N0} deals the belief marks fit are in the data's ICP too"), agree, StringComparison.Ordinal);

        (int missedDeals, _, double missedPerHour) = Hand(deals, d => !InBelief(d) && InTruth(d));
        ReportFinding missed = section.Findings.Single(f => f.Topic == "What the belief misses");
        Assert.StartsWith(string.Create(CultureInfo.InvariantCulture, $"{missedDeals:N0} deals the data's ICP marks fit are outside the belief; they yield {Money(missedPerHour)} ("), missed.Text, StringComparison.Ordinal);
        Assert.Equal("caution", missed.Verdict); // 600/h against 300/h for neither: money left on the table
        (int wrongDeals, _, double wrongPerHour) = Hand(deals, d => InBelief(d) && !InTruth(d));
        ReportFinding wrong = section.Findings.Single(f => f.Topic == "What the belief includes wrongly");
        Assert.StartsWith(string.Create(CultureInfo.InvariantCulture, $"{wrongDeals:N0} deals the belief marks fit are outside the data's ICP; they yield {Money(wrongPerHour)} ("), wrong.Text, StringComparison.Ordinal);
        Assert.Contains("They are included wrongly", wrong.Text, StringComparison.Ordinal);

        // The believed rule, evaluated like a discovered one: its yield is the hand sum over its deals.
        ReportTable rules = OnAllDeals.Value.FindTable("stated-rules")!;
        ReportCell[] rule = Row(rules, Belief);
        (int n, _, double perHour) = Hand(deals, InBelief);
        Assert.Equal(n, Cell(rules, rule, "deals"));
        Assert.Equal(perHour, Cell(rules, rule, "value"), 6);
    }

    [Fact]
    public void LaterDeals_AgreementAndHoldoutGapEqualHandSums()
    {
        Deal[] later = [.. Book.Value.Deals.Where(d => d.Closed >= Cut)];
        ProfitYieldReport report = WithHoldout.Value;
        ReportTable table = report.FindTable("stated-agreement-later")!;
        foreach ((string label, Func<Deal, bool> holds) in new (string, Func<Deal, bool>)[]
        {
            (ProfileAgreement.BothLabel, d => InBelief(d) && InTruth(d)),
            (ProfileAgreement.MissedLabel, d => !InBelief(d) && InTruth(d)),
            (ProfileAgreement.BelievedOnlyLabel, d => InBelief(d) && !InTruth(d)),
        })
        {
            (int n, double perDeal, double perHour) = Hand(later, holds);
            ReportCell[] row = Row(table, label);
            Assert.Equal(n, Cell(table, row, "deals"));
            Assert.Equal(perDeal, Cell(table, row, "margin_per_deal"), 6);
            Assert.Equal(perHour, Cell(table, row, "margin_per_hour"), 6);
        }
        Assert.True(report.FindTable("stated-agreement")!.IsDetail);

        // The believed profile's holdout: fit against non-fit on later deals, per effort hour.
        ReportTable holdout = report.FindTable("stated-holdout")!;
        ReportCell[] perHourRow = Row(holdout, "margin per effort hour");
        double fit = Hand(later, InBelief).PerHour, nonFit = Hand(later, d => !InBelief(d)).PerHour;
        Assert.Equal(fit, Cell(holdout, perHourRow, "believed_fit"), 6);
        Assert.Equal(nonFit, Cell(holdout, perHourRow, "believed_non_fit"), 6);
        Assert.Equal(fit - nonFit, Cell(holdout, perHourRow, "believed_difference"), 6);
        // The data's ICP (the truth here) shows its gap, which covers the designed 300/h.
        Assert.InRange(TrueYield - RestYield, Cell(holdout, perHourRow, "discovered_difference_low"), Cell(holdout, perHourRow, "discovered_difference_high"));
    }

    [Fact]
    public void Section_IsInEveryFormat_AfterTheIcpSection_AndJsonCarriesTheComparison()
    {
        ProfitYieldReport report = OnAllDeals.Value;
        string[] ids = [.. report.Sections.Select(s => s.Id)];
        Assert.Equal(Array.IndexOf(ids, IcpSection.Id) + 1, Array.IndexOf(ids, StatedProfileSection.Id));
        foreach (string rendered in new[] { report.ToMarkdown(), report.ToText(), report.ToHtml() })
        {
            Assert.Contains("Believed ICP against the data", rendered, StringComparison.Ordinal);
            Assert.Contains(ProfileAgreement.MissedLabel, rendered, StringComparison.Ordinal);
        }
        ProfitYieldReport back = ProfitYieldReport.FromJson(report.ToJson());
        ReportTable table = back.FindTable("stated-agreement")!;
        Assert.Equal(report.FindTable("stated-agreement")!.Rows.Count, table.Rows.Count);
        Assert.Equal(Hand(Book.Value.Deals, d => !InBelief(d) && InTruth(d)).PerHour, Cell(table, Row(table, ProfileAgreement.MissedLabel), "margin_per_hour"), 6);
        using var temp = new TempFolder("icp-stated-");
        IReadOnlyList<string> files = report.WriteCsv(temp.Path);
        string csv = File.ReadAllText(files.Single(f => Path.GetFileName(f) == "stated-agreement.csv"));
        Assert.StartsWith("group,deals,share_of_deals,win_rate,margin_per_deal,", csv, StringComparison.Ordinal);
        Assert.Contains(ProfileAgreement.BelievedOnlyLabel, csv, StringComparison.Ordinal);
    }

    [Fact]
    public void BadRule_StopsTheReport_NamingTheOptionAndFix_WithoutQuotingLevels()
    {
        DealSet deals = Load(Book.Value.Csv);
        InvalidOptionsException e = Assert.Throws<InvalidOptionsException>(() => ProfitYieldReport.For(deals)
            .Configure(o => o with { StatedProfileRules = ["industry = Sofware"] }).Build());
        Assert.Contains("StatedProfileRules[0] (\"industry = Sofware\"), at character 1: 'industry' has no level 'Sofware'", e.Message, StringComparison.Ordinal);
        Assert.Contains("the closest 1 character away", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("'Software'", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Retail", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LeadExportWithoutRevenue_SpeaksOfWins()
    {
        var sb = new StringBuilder("lead_id,status,industry,close_date,effort_hours\n");
        var rng = new Random(4);
        string[] industries = ["Software", "Retail", "Healthcare"];
        for (int i = 0; i < 600; i++)
        {
            string industry = industries[i % 3];
            bool won = rng.NextDouble() < (industry == "Software" ? 0.45 : 0.2);
            sb.Append(CultureInfo.InvariantCulture, $"L{i},{(won ? "Won" : "Lost")},{industry},{new DateOnly(2023, 1, 1).AddDays(rng.Next(700)):yyyy-MM-dd},{5 + rng.Next(10)}\n");
        }
        DealSet deals = DealSet.FromCsv(new StringReader(sb.ToString()), m => m.DealId("lead_id").WithoutRevenue());
        ProfitYieldReport report = ProfitYieldReport.For(deals).Configure(o => o with { StatedProfileRules = ["industry = Retail"] }).Build();
        ReportSection section = report.FindSection(StatedProfileSection.Id)!;
        Assert.Contains("No revenue column", section.Findings[0].Text, StringComparison.Ordinal);
        ReportTable table = report.FindTable("stated-agreement-later")!;
        Assert.Equal("Wins per deal pursued (win rate)", table.Columns.Single(c => c.Key == "wins_per_deal").Label);
        Assert.Equal("Wins per effort hour", table.Columns.Single(c => c.Key == "wins_per_hour").Label);
        foreach (IReadOnlyList<ReportCell> row in table.Rows)
        {
            double perDeal = row[4].Number!.Value;
            Assert.InRange(perDeal, 0, 1);
            Assert.Equal(row[3].Number!.Value, perDeal, 12); // wins per deal is the win rate
        }
        Assert.DoesNotContain("margin", string.Join(" ", section.Findings.Skip(1).Select(f => f.Text)), StringComparison.OrdinalIgnoreCase);
    }
}
