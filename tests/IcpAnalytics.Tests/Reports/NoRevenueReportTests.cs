using System.Globalization;
using System.Text;
using IcpAnalytics.Data;
using IcpAnalytics.Reports;

namespace IcpAnalytics.Tests.Reports;

/// <summary>A lead export without amounts: every profit-yield section says its yields are win rates / wins per effort hour, in every format.</summary>
public sealed class NoRevenueReportTests
{
    private static DealSet Leads()
    {
        var sb = new StringBuilder("lead_id,status,industry,region,close_date,effort_hours,calls,meetings\n");
        var random = new Random(21);
        string[] industries = ["Software", "Retail", "Healthcare"];
        for (int i = 0; i < 600; i++)
        {
            string industry = industries[i % 3];
            double p = industry == "Software" ? 0.45 : 0.2;
            bool won = random.NextDouble() < p;
            var close = new DateOnly(2023, 1, 1).AddDays(random.Next(700));
            sb.Append(CultureInfo.InvariantCulture,
                $"L{i},{(won ? "Won" : "Lost")},{industry},{(i % 2 == 0 ? "EMEA" : "NA")},{close:yyyy-MM-dd},{5 + random.Next(40)},{random.Next(1, 20)},{random.Next(0, 6)}\n");
        }
        return DealSet.FromCsv(new StringReader(sb.ToString()), m => m.DealId("lead_id").WithoutRevenue());
    }

    [Fact]
    public void EveryProfitYieldSection_SaysYieldsAreWinRates_InEveryFormat()
    {
        DealSet deals = Leads();
        Assert.False(deals.HasRevenue);
        ProfitYieldReport report = ProfitYieldReport.For(deals).Build();
        string[] ids = [SummarySection.Id, DataSection.Id, IcpSection.Id, HoldoutSection.Id, EffortEffectsSection.Id, EffortAllocationSection.Id, MethodSection.Id];
        foreach (string id in ids)
        {
            ReportSection section = report.FindSection(id) ?? throw new Xunit.Sdk.XunitException($"section {id} missing");
            string said = section.IsPresent ? string.Join(" ", section.Findings.Select(x => x.Text)) : section.MissingReason!;
            Assert.Contains("No revenue column", said, StringComparison.Ordinal);
        }
        Assert.Contains("every yield in this report is a win rate and every per-hour yield is wins per effort hour",
            string.Join(" ", report.FindSection(SummarySection.Id)!.Findings.Select(x => x.Text)), StringComparison.Ordinal);
        int sections = report.Sections.Count(s => ProfitYieldReportBuilder.NoRevenueSentence(s.Id) is not null);
        Assert.True(sections >= ids.Length);
        foreach ((string format, string rendered) in new[] { ("md", report.ToMarkdown()), ("text", report.ToText()), ("html", report.ToHtml()) })
            Assert.True(Count(rendered, "No revenue column") >= sections, $"{format}: {Count(rendered, "No revenue column")} of {sections} sections say so");
    }

    [Fact]
    public void DealsWithRevenue_CarryNoSuchSentence()
    {
        ProfitYieldReport report = ProfitYieldReport.For(SampleDeals.Generate()).Build();
        Assert.DoesNotContain("No revenue column", report.ToMarkdown(), StringComparison.Ordinal);
    }

    private static int Count(string text, string what)
    {
        int n = 0;
        for (int at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + what.Length, StringComparison.Ordinal)) n++;
        return n;
    }
}
