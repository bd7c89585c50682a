using System.Globalization;
using CsvHelper;
using IcpAnalytics.Data;
using IcpAnalytics.Reports;
using IcpAnalytics.Segments;

namespace IcpAnalytics.Tests.Reports;

public class ProfitYieldReportTests
{
    private static double Number(ReportTable table, int row, string key) =>
        table.Rows[row][table.Columns.ToList().FindIndex(c => c.Key == key)].Number ?? double.NaN;

    private static string? Text(ReportTable table, int row, string key) =>
        table.Rows[row][table.Columns.ToList().FindIndex(c => c.Key == key)].Text;

    [Fact]
    public void Build_TinyDeals_DataSectionHoldsHandCheckedFigures()
    {
        ProfitYieldReport report = ProfitYieldReport.For(ReportDeals.Tiny()).Build();
        ReportTable overview = report.FindTable("data-overview")!;
        Assert.Equal(6, Number(overview, 0, "deals"));
        Assert.Equal(4, Number(overview, 0, "won"));
        Assert.Equal(4.0 / 6, Number(overview, 0, "win_rate"), 12);
        Assert.Equal(780, Number(overview, 0, "revenue_won"), 9);
        Assert.Equal(200, Number(overview, 0, "yield_won"), 9);
        Assert.Equal(54, Number(overview, 0, "effort_hours"), 9);
        Assert.Equal(200.0 / 6, Number(overview, 0, "margin_per_deal"), 9);
        Assert.Equal(200.0 / 54, Number(overview, 0, "margin_per_hour"), 9);
        Assert.Equal("2025-01-01", Text(overview, 0, "first_close"));
        Assert.Equal("2025-05-31", Text(overview, 0, "last_close"));
    }

    [Fact]
    public void Build_RejectedRows_CountedByReasonWithoutRawValues()
    {
        ProfitYieldReport report = ProfitYieldReport.For(ReportDeals.Tiny(ReportDeals.WithRejects())).Build();
        ReportTable reasons = report.FindTable("rejected-reasons")!;
        Assert.Equal(2, reasons.Rows.Count);
        Assert.Equal("The amount is not a number.", Text(reasons, 0, "reason"));
        Assert.Equal(2, Number(reasons, 0, "rows"));
        Assert.Equal(3, Number(reasons, 0, "first_line"));
        Assert.Equal(1, Number(reasons, 1, "rows"));
        ReportTable rows = report.FindTable("rejected-rows")!;
        Assert.Equal([3.0, 7, 9], rows.Rows.Select(r => r[0].Number!.Value));
        Assert.DoesNotContain(rows.Columns, c => c.Key == "raw_value");
        string html = Html(report);
        Assert.DoesNotContain("Maybe", html, StringComparison.Ordinal);
        Assert.Contains("10 rows were read from deals.csv: 6 loaded as closed deals, 1 still-open deals set aside, 3 rejected.", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_RawValuesOptIn_ListsThem()
    {
        ProfitYieldReport report = ProfitYieldReport.For(ReportDeals.Tiny(ReportDeals.WithRejects()))
            .Configure(o => o with { ShowRejectedRawValues = true, MaxRejectedRowsListed = 2 }).Build();
        ReportTable rows = report.FindTable("rejected-rows")!;
        Assert.Equal(2, rows.Rows.Count);
        Assert.Equal("Maybe", Text(rows, 1, "raw_value"));
        Assert.Equal("The first 2 of 3 rejected rows", rows.Title);
    }

    [Fact]
    public void Build_NoAttributes_SegmentSectionSaysWhyItIsMissing()
    {
        ProfitYieldReport report = ProfitYieldReport.For(ReportDeals.Tiny(withIndustry: false)).Build();
        ReportSection segments = report.FindSection("segment-yield")!;
        Assert.False(segments.IsPresent);
        Assert.Contains("no categorical account attribute", segments.MissingReason, StringComparison.Ordinal);
        Assert.Contains("Not in this report", report.ToMarkdown(), StringComparison.Ordinal);
        Assert.Contains("class=\"missing\"", Html(report), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_SegmentYield_RendersTheTableItWasGiven()
    {
        DealSet deals = ReportDeals.Tiny();
        SegmentYieldTable table = deals.SegmentYield("industry");
        ProfitYieldReport report = ProfitYieldReport.For(deals).WithSegmentYield(table).Build();
        ReportTable rendered = report.FindTable("segment-yield")!;
        Assert.Equal(table.Segments.Count + 1, rendered.Rows.Count);
        Assert.Equal("all deals", Text(rendered, 0, "segment"));
        for (int i = 0; i < table.Segments.Count; i++)
        {
            // The report writes a missing level as every section does: "(no industry)".
            Assert.Equal(table.Segments[i].HasMissingLevel ? "(no industry)" : table.Segments[i].Segment, Text(rendered, i + 1, "segment"));
            Assert.Equal(table.Segments[i].MarginPerEffortHour!.Value, Number(rendered, i + 1, "margin_per_hour"));
            Assert.Equal(table.Segments[i].WinRateInterval.Lower, Number(rendered, i + 1, "win_rate_low"));
        }
        // Industry A: 3 deals, 2 won, margin 150 over 20 hours.
        int a = table.Segments.ToList().FindIndex(s => s.Segment == "industry = A");
        Assert.Equal(150.0 / 20, Number(rendered, a + 1, "margin_per_hour"), 9);
        ReportChart chart = report.FindChart("segment-yield-chart")!;
        Assert.Equal(200.0 / 54, chart.Reference!.Value, 9);
    }

    [Fact]
    public void Build_InvalidOptions_ReportsAllProblemsAtOnce()
    {
        var ex = Assert.Throws<InvalidOptionsException>(() => ProfitYieldReport.For(ReportDeals.Tiny())
            .Configure(o => o with { Title = " ", MaxCurvePoints = 1, MaxRejectedRowsListed = -1 })
            .SegmentBy("colour").Build());
        Assert.Equal(4, ex.Problems.Count);
        Assert.Contains(ex.Problems, p => p.Contains("'colour'", StringComparison.Ordinal) && p.Contains("industry", StringComparison.Ordinal));
    }

    [Fact]
    public void Json_RoundTrip_GivesTheSameReport()
    {
        ProfitYieldReport report = ProfitYieldReport.For(SampleDeals.Generate(2_000, seed: 3))
            .Configure(o => o with { Culture = new CultureInfo("de-DE"), GeneratedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 0, TimeSpan.Zero) })
            .ValidateOnDealsClosedAfter(new DateOnly(2025, 7, 1)).Build();
        string json = report.ToJson();
        Assert.Contains("\"schemaVersion\": 1", json, StringComparison.Ordinal);
        ProfitYieldReport back = ProfitYieldReport.FromJson(json);
        Assert.Equal(json, back.ToJson());
        Assert.Equal(Html(report), Html(back));
        Assert.Equal(report.ToMarkdown(), back.ToMarkdown());
        Assert.Equal("de-DE", back.Culture.Name);
        ReportTable original = report.FindTable("segment-yield")!, read = back.FindTable("segment-yield")!;
        for (int r = 0; r < original.Rows.Count; r++)
        {
            for (int c = 0; c < original.Columns.Count; c++) Assert.Equal(original.Rows[r][c], read.Rows[r][c]);
        }
    }

    [Fact]
    public void FromJson_OtherSchemaVersion_SaysWhichVersionsAreRead()
    {
        string json = ProfitYieldReport.For(ReportDeals.Tiny()).Build().ToJson().Replace("\"schemaVersion\": 1", "\"schemaVersion\": 2", StringComparison.Ordinal);
        var ex = Assert.Throws<IcpAnalyticsException>(() => ProfitYieldReport.FromJson(json));
        Assert.Contains("schemaVersion 2", ex.Message, StringComparison.Ordinal);
        Assert.Contains("reads schemaVersion 1", ex.Message, StringComparison.Ordinal);
        Assert.Throws<IcpAnalyticsException>(() => ProfitYieldReport.FromJson("{ not json"));
    }

    [Fact]
    public void Html_SameDeals_ByteIdenticalAndSelfContained()
    {
        string a = Html(ProfitYieldReport.For(SampleDeals.Generate(3_000, seed: 5)).Build());
        CultureInfo before = CultureInfo.CurrentCulture;
        string b;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("fr-FR");
            b = Html(ProfitYieldReport.For(SampleDeals.Generate(3_000, seed: 5)).Build());
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
        Assert.Equal(a, b);
        Assert.DoesNotContain("<script", a, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http://", a.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("https://", a, StringComparison.Ordinal);
        Assert.DoesNotContain("@import", a, StringComparison.Ordinal);
        Assert.DoesNotContain("url(", a, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_HasEverySectionAndFormattedTables()
    {
        ProfitYieldReport report = ProfitYieldReport.For(ReportDeals.Tiny()).Build();
        string md = report.ToMarkdown();
        foreach (ReportSection s in report.Sections) Assert.Contains("\n## " + s.Title + "\n", md, StringComparison.Ordinal);
        // The key figures row: 6 deals, 4 won, 66.7% win rate, $780 revenue, $200 margin, 54 hours, $33.33 per deal, $3.70 per hour.
        foreach (string line in (string[])["| Deals pursued | 6 |", "| Won | 4 |", "| Win rate | 66.7% |", "| Revenue won | $780 |", "| Gross margin won | $200 |",
            "| Effort hours | 54 |", "| Margin per deal pursued | $33.33 |", "| Margin per effort hour | $3.70 |", "| First close | 2025-01-01 |", "| Last close | 2025-05-31 |"])
            Assert.Contains(line, md, StringComparison.Ordinal);
        // The full segment table is in the details the report names.
        Assert.Contains("Profit yield by industry (", md, StringComparison.Ordinal);
        Assert.Contains("| Segment | Deals pursued | Won | Win rate (95% interval) |", report.ToMarkdownDetails(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("de-DE")]
    public void WriteCsv_ParsesBackToTheSameNumbers(string cultureName)
    {
        CultureInfo culture = CultureInfo.GetCultureInfo(cultureName);
        DealSet deals = SampleDeals.Generate(2_000, seed: 9);
        SegmentYieldTable table = deals.SegmentYield("industry");
        ProfitYieldReport report = ProfitYieldReport.For(deals).WithSegmentYield(table).Build();
        using var temp = new TempFolder("icp-csv-");
        string dir = temp.File("csv");
        IReadOnlyList<string> files = report.WriteCsv(dir, culture);
        Assert.Contains(files, f => Path.GetFileName(f) == "segment-yield.csv");
        Assert.Contains(files, f => Path.GetFileName(f) == "whale-curve-chart.csv");
        using var reader = new StreamReader(Path.Combine(dir, "segment-yield.csv"));
        char separator = culture.TextInfo.ListSeparator[0];
        using var csv = CsvReader.Create(reader, new CsvReaderOptions { Separator = separator, HasHeader = true }, leaveOpen: false);
        var rows = new List<(string Segment, int Deals, double WinRate, double PerHour, double? PerHourLow)>();
        while (csv.Read())
        {
            string low = csv.GetString("margin_per_hour_low");
            rows.Add((csv.GetString("segment"), int.Parse(csv.GetString("deals_pursued"), culture), double.Parse(csv.GetString("win_rate"), culture),
                double.Parse(csv.GetString("margin_per_hour"), culture), low.Length == 0 ? null : double.Parse(low, culture)));
        }
        Assert.Equal(table.Segments.Count + 1, rows.Count);
        Assert.Equal(table.Whole.WinRate, rows[0].WinRate);
        for (int i = 0; i < table.Segments.Count; i++)
        {
            SegmentYield s = table.Segments[i];
            Assert.Equal(s.HasMissingLevel ? "(no industry)" : s.Segment, rows[i + 1].Segment);
            Assert.Equal(s.DealsPursued, rows[i + 1].Deals);
            Assert.Equal(s.WinRate, rows[i + 1].WinRate);
            Assert.Equal(s.MarginPerEffortHour!.Value, rows[i + 1].PerHour);
            Assert.Equal(s.MarginPerEffortHourInterval?.Lower, rows[i + 1].PerHourLow);
        }
    }

    [Fact]
    public void ToString_ReadsAsText()
    {
        string text = ProfitYieldReport.For(ReportDeals.Tiny()).Build().ToString();
        Assert.StartsWith("Profit-yield report\ntiny: 6 closed deals, closed 2025-01-01 to 2025-05-31\n", text, StringComparison.Ordinal);
        Assert.Contains("== Whale curve ==", text, StringComparison.Ordinal);
    }

    internal static string Html(ProfitYieldReport report)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        report.WriteHtml(writer);
        return writer.ToString();
    }
}
