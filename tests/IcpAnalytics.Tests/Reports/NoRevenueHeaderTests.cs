using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using IcpAnalytics.Data;
using IcpAnalytics.Reports;

namespace IcpAnalytics.Tests.Reports;

/// <summary>
/// A lead export without amounts: every deal counts as 1, so "margin per deal pursued" is the win rate and "margin per effort
/// hour" is wins per effort hour. No table header, row heading or chart label of any format says margin or revenue, and the
/// figures under the new headers are the win-based ones, checked against the counts the export was generated from.
/// </summary>
public sealed partial class NoRevenueHeaderTests : IDisposable
{
    private readonly TempFolder _temp = new("icp-norevenue-");

    public void Dispose() => _temp.Dispose();

    private static readonly string[] Industries = ["Software", "Retail", "Healthcare"];

    /// <summary>The export and, per industry, the wins, deals and effort hours it holds (the ground truth).</summary>
    private static (DealSet Deals, Dictionary<string, (int Won, int Deals, double Hours)> Truth) Leads()
    {
        var sb = new StringBuilder("lead_id,status,industry,region,account_id,close_date,effort_hours,calls,meetings\n");
        var truth = Industries.ToDictionary(i => i, _ => (Won: 0, Deals: 0, Hours: 0.0));
        var random = new Random(21);
        for (int i = 0; i < 600; i++)
        {
            string industry = Industries[i % 3];
            bool won = random.NextDouble() < (industry == "Software" ? 0.45 : 0.2);
            var close = new DateOnly(2023, 1, 1).AddDays(random.Next(700));
            int hours = 5 + random.Next(40);
            var t = truth[industry];
            truth[industry] = (t.Won + (won ? 1 : 0), t.Deals + 1, t.Hours + hours);
            sb.Append(CultureInfo.InvariantCulture,
                $"L{i},{(won ? "Won" : "Lost")},{industry},{(i % 2 == 0 ? "EMEA" : "NA")},A{i % 150},{close:yyyy-MM-dd},{hours},{random.Next(1, 20)},{random.Next(0, 6)}\n");
        }
        return (DealSet.FromCsv(new StringReader(sb.ToString()), m => m.DealId("lead_id").WithoutRevenue()), truth);
    }

    [GeneratedRegex(@"\b(margin|revenue)", RegexOptions.IgnoreCase)]
    private static partial Regex SaysMoney();

    private static void NoMoney(string where, string text) =>
        Assert.False(SaysMoney().IsMatch(text), $"{where} says margin or revenue: {text}");

    [Fact]
    public void NoHeader_SaysMargin_InAnyFormat_AndTheFiguresAreWinRatesAndWinsPerHour()
    {
        (DealSet deals, var truth) = Leads();
        Assert.False(deals.HasRevenue);
        ProfitYieldReport report = ProfitYieldReport.For(deals).Build();

        // The report's model: every table and chart label.
        var labels = new List<string>();
        foreach (ReportSection s in report.Sections)
        {
            foreach (ReportTable t in s.Tables)
            {
                NoMoney($"{t.Id} title", t.Title);
                Assert.Equal(t.Columns.Count, t.Columns.Select(c => c.Key).Distinct().Count());
                foreach (ReportColumn c in t.Columns)
                {
                    NoMoney($"{t.Id}.{c.Key} key", c.Key);
                    NoMoney($"{t.Id}.{c.Key} label", c.Label);
                    Assert.NotEqual(ReportValueKind.Currency, c.Kind);
                    labels.Add(c.Label);
                }
                int measure = t.Columns.ToList().FindIndex(c => c.Key == "measure");
                if (measure >= 0) foreach (var row in t.Rows) NoMoney($"{t.Id} row heading", row[measure].Text!);
                Assert.DoesNotContain(ReportValueKind.Currency, t.RowKinds);
            }
            foreach (ReportChart c in s.Charts)
            {
                foreach (string text in new[] { c.Title, c.XLabel, c.YLabel, c.ReferenceLabel ?? "", c.Caption ?? "" }.Concat(c.Series.Select(x => x.Name)))
                    NoMoney($"chart {c.Id}", text);
                Assert.NotEqual(ReportValueKind.Currency, c.ValueKind);
            }
        }
        Assert.Contains("Wins per effort hour", labels);
        Assert.Contains("Wins per deal pursued (win rate)", labels);

        // The figures under the new headers: win rate and wins per effort hour of each industry, from the generated counts.
        ReportTable segments = report.FindSection(SegmentYieldSection.Id)!.Tables.Single(t => t.Id == "segment-yield");
        int Col(string key) => segments.Columns.ToList().FindIndex(c => c.Key == key);
        foreach (string industry in Industries)
        {
            var row = segments.Rows.Single(r => r[0].Text == "industry = " + industry);
            (int won, int n, double hours) = truth[industry];
            Assert.Equal((double)won / n, row[Col("wins_per_deal")].Number!.Value, 12);
            Assert.Equal(won / hours, row[Col("wins_per_hour")].Number!.Value, 12);
            Assert.Equal(won, row[Col("wins_yield")].Number!.Value, 12);
            Assert.Equal(won, row[Col("wins_counted")].Number!.Value, 12);
        }
        var software = truth["Software"];
        Assert.Equal((89, 200, 4923.0), software);

        // Markdown: every table header row (the line above a |---| rule).
        string[] md = (report.ToMarkdown() + report.ToMarkdownDetails()).Split('\n');
        int headers = 0;
        for (int i = 0; i + 1 < md.Length; i++)
        {
            if (!md[i + 1].StartsWith("|---", StringComparison.Ordinal)) continue;
            NoMoney("markdown header", md[i]);
            headers++;
        }
        Assert.True(headers >= 10, $"{headers} markdown tables");
        Assert.Contains("| Wins per deal pursued (win rate) (95% interval) |", report.ToMarkdownDetails(), StringComparison.Ordinal);
        // Nor does any sentence or cell write a win count or rate as money: no currency symbol anywhere, and Software's
        // 89 wins over 4,923 effort hours reads as a plain rate with three significant digits.
        Assert.DoesNotContain("$", report.ToMarkdown() + report.ToMarkdownDetails(), StringComparison.Ordinal);
        Assert.DoesNotContain("$", report.ToText(), StringComparison.Ordinal);
        Assert.Contains((89 / 4923.0).ToString("0.####", System.Globalization.CultureInfo.InvariantCulture) + " per effort hour", report.ToMarkdown() + report.ToMarkdownDetails(), StringComparison.Ordinal);

        // Text: every table line (indented four spaces; the header rows among them) that carries two or more column labels, and every chart line.
        int textHeaders = 0;
        foreach (string line in report.ToText().Split('\n'))
        {
            bool tableLine = line.StartsWith("    ", StringComparison.Ordinal) && labels.Count(l => l.Length > 3 && line.Contains(l, StringComparison.Ordinal)) >= 2;
            if (!tableLine && !line.TrimStart().StartsWith("chart:", StringComparison.Ordinal)) continue;
            NoMoney("text header", line);
            textHeaders++;
        }
        Assert.True(textHeaders >= 8, $"{textHeaders} text headers");
        Assert.Contains("Wins per deal pursued (win rate) Wins per effort hour", report.ToText(), StringComparison.Ordinal);

        // HTML: column headers, captions, chart headings, figure captions and every SVG label.
        string html = report.ToHtml();
        int found = 0;
        foreach (Match m in HtmlLabels().Matches(html))
        {
            string text = System.Net.WebUtility.HtmlDecode(m.Groups[2].Value);
            if (text == "No revenue") continue; // the heading of the finding that says there is no revenue
            NoMoney("html " + m.Groups[1].Value, text);
            found++;
        }
        Assert.True(found > 100, $"{found} html labels");
        Assert.Contains(">Wins per effort hour</th>", html, StringComparison.Ordinal);

        // CSV: every file's header row; the Software row of the segment table carries wins per effort hour.
        IReadOnlyList<string> files = report.WriteCsv(_temp.File("csv"), CultureInfo.InvariantCulture);
        Assert.True(files.Count >= 10);
        foreach (string file in files) NoMoney(Path.GetFileName(file), File.ReadLines(file).First());
        string[] segmentCsv = File.ReadAllLines(files.Single(f => Path.GetFileName(f) == "segment-yield.csv"));
        int perHour = Array.IndexOf(segmentCsv[0].Split(','), "wins_per_hour");
        Assert.True(perHour > 0);
        string softwareRow = segmentCsv.Single(l => l.StartsWith("industry = Software,", StringComparison.Ordinal));
        Assert.Equal(89 / 4923.0, double.Parse(softwareRow.Split(',')[perHour], CultureInfo.InvariantCulture), 12);

        // JSON: every key, label and title of a table or chart.
        using JsonDocument json = JsonDocument.Parse(report.ToJson());
        int jsonLabels = 0;
        foreach (JsonElement section in json.RootElement.GetProperty("sections").EnumerateArray())
        {
            foreach (JsonElement table in section.GetProperty("tables").EnumerateArray())
            {
                NoMoney("json table title", table.GetProperty("title").GetString()!);
                foreach (JsonElement c in table.GetProperty("columns").EnumerateArray())
                {
                    NoMoney("json key", c.GetProperty("key").GetString()!);
                    NoMoney("json label", c.GetProperty("label").GetString()!);
                    Assert.NotEqual("currency", c.GetProperty("kind").GetString());
                    jsonLabels++;
                }
            }
            foreach (JsonElement chart in section.GetProperty("charts").EnumerateArray())
            {
                foreach (string p in new[] { "title", "xLabel", "yLabel" }) NoMoney("json chart " + p, chart.GetProperty(p).GetString()!);
                jsonLabels++;
            }
        }
        Assert.Equal(labels.Count + report.Sections.Sum(s => s.Charts.Count), jsonLabels);
    }

    [GeneratedRegex(@"<(th|caption|h3|figcaption|text)\b[^>]*>([^<]*)<", RegexOptions.None)]
    private static partial Regex HtmlLabels();

    [Fact]
    public void DealsWithRevenue_KeepTheirMarginHeaders()
    {
        ProfitYieldReport report = ProfitYieldReport.For(SampleDeals.Generate()).Build();
        ReportTable segments = report.FindSection(SegmentYieldSection.Id)!.Tables.Single(t => t.Id == "segment-yield");
        ReportColumn perHour = segments.Columns.Single(c => c.Key == "margin_per_hour");
        Assert.Equal(("Margin per effort hour", ReportValueKind.Currency), (perHour.Label, perHour.Kind));
        Assert.Contains(segments.Columns, c => c.Key == "gross_margin" && c.Label == "Gross margin");
        Assert.DoesNotContain("wins_per_hour", report.ToJson(), StringComparison.Ordinal);
    }
}
