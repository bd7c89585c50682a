using System.Globalization;
using System.Text.RegularExpressions;
using IcpAnalytics.CauseEffect;
using IcpAnalytics.Data;
using IcpAnalytics.Icp;
using IcpAnalytics.Reports;
using IcpAnalytics.Segments;

namespace IcpAnalytics.Tests.Reports;

/// <summary>The summary restates the sections' figures exactly, in plain words, and the labels and units agree across the report.</summary>
public class ReportSummaryTests
{
    private static readonly Lazy<ProfitYieldReport> Sample = new(() => ProfitYieldReport.For(SampleDeals.Generate(5_000, seed: 42)).Build());

    private static ReportFinding Answer(ProfitYieldReport r, string topic) => r.FindSection("summary")!.Findings.Single(f => f.Topic == topic);

    [Fact]
    public void Summary_IsFirstInEveryOutput()
    {
        ProfitYieldReport r = Sample.Value;
        Assert.Equal("summary", r.Sections[0].Id);
        string md = r.ToMarkdown();
        Assert.True(md.IndexOf("## Summary", StringComparison.Ordinal) < md.IndexOf("## The data", StringComparison.Ordinal));
        string text = r.ToString();
        Assert.True(text.IndexOf("== Summary ==", StringComparison.Ordinal) < text.IndexOf("== The data ==", StringComparison.Ordinal));
        string json = r.ToJson();
        Assert.True(json.IndexOf("\"id\": \"summary\"", StringComparison.Ordinal) < json.IndexOf("\"id\": \"data\"", StringComparison.Ordinal));
        Assert.Equal(r.Sections[0], ProfitYieldReport.FromJson(json).Sections[0] with { }, new SectionText());
        string html = r.ToHtml();
        Assert.True(html.IndexOf("<section id=\"summary\"", StringComparison.Ordinal) < html.IndexOf("<section id=\"data\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Summary_RestatesTheIcpHoldoutAndAllocationFigures()
    {
        DealSet deals = SampleDeals.Generate(5_000, seed: 42);
        ProfitYieldReport r = Sample.Value;
        // The same figures, computed here through the library's public API the way the report documents it.
        DateOnly cut = DateOnly.Parse(Regex.Match(r.FindSection("data")!.Paragraphs.Single(p => p.StartsWith("Holdout split", StringComparison.Ordinal)), @"\d{4}-\d{2}-\d{2}").Value, CultureInfo.InvariantCulture);
        HoldoutValidation v = deals.Icp().ValidateOnDealsClosedAfter(cut);
        IdealCustomerProfile icp = v.Profile;

        ReportFinding who = Answer(r, "Who the ICP is");
        foreach (IcpRule rule in icp.Rules) Assert.Contains(rule.Text, who.Text, StringComparison.Ordinal);
        Assert.Contains($"{icp.ShareOfDeals * 100:0.0}% of deals", who.Text, StringComparison.Ordinal);
        Assert.Equal("icp", who.Link);

        ReportFinding more = Answer(r, "How much more they bring");
        Assert.Contains($"${icp.FitYield.MarginPerEffortHour:N0} of margin per effort hour against ${icp.NonFitYield.MarginPerEffortHour:N0}", more.Text, StringComparison.Ordinal);
        Assert.Contains($"${icp.FitYield.MarginPerDealPursued:N0} per deal pursued against ${icp.NonFitYield.MarginPerDealPursued:N0}", more.Text, StringComparison.Ordinal);

        ReportFinding held = Answer(r, "Did it hold on later deals?");
        Assert.Equal("holdout", held.Link);
        Assert.Equal("passed", held.Verdict);
        Assert.StartsWith("Yes, it held", held.Text, StringComparison.Ordinal);
        YieldDifference h = v.MarginPerEffortHour!;
        Assert.Contains($"${h.Fit:N0} per effort hour against ${h.NonFit:N0} (difference ${h.Difference:N0} (${h.DifferenceInterval.Lower:N0} to ${h.DifferenceInterval.Upper:N0}))", held.Text, StringComparison.Ordinal);
        // A difference of win rates is in percentage points, here and in the holdout section.
        string pp = $"+{v.WinRate!.Difference * 100:0.0} pp";
        Assert.Contains(pp, held.Text, StringComparison.Ordinal);
        Assert.Contains(r.FindSection("holdout")!.Findings, f => f.Text.StartsWith("Win rate", StringComparison.Ordinal) && f.Text.Contains(pp, StringComparison.Ordinal));
        Assert.DoesNotContain(r.FindSection("holdout")!.Findings, f => f.Text.StartsWith("Win rate", StringComparison.Ordinal) && Regex.IsMatch(f.Text, @"difference \d+\.\d+%"));

        ReportFinding next = Answer(r, "Where the next effort hours should go");
        Assert.Equal("allocation", next.Link);
        ReportTable alloc = r.FindTable("effort-allocation")!;
        int change = alloc.Columns.ToList().FindIndex(c => c.Key == "change"), gain = alloc.Columns.ToList().FindIndex(c => c.Key == "expected_gain");
        IReadOnlyList<ReportCell> best = alloc.Rows.Where(row => row[change].Number > 0.5).OrderByDescending(row => row[gain].Number).First();
        Assert.Contains($"add {best[change].Number:N0} hours of {best[1].Text} in {best[0].Text} (+${best[gain].Number:N0})", next.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Allocation_StatesWhereItsBudgetComesFrom_AndWhyItDiffersFromTheRecordedHours()
    {
        ProfitYieldReport r = Sample.Value;
        ReportSection a = r.FindSection("allocation")!;
        string origin = a.Paragraphs[1];
        double recorded = r.FindTable("data-overview")!.Rows[0][5].Number!.Value; // effort hours
        Assert.Contains("today's spend", origin, StringComparison.Ordinal);
        Assert.Contains($"record {recorded:N0} effort hours", origin, StringComparison.Ordinal);
        Assert.Contains("--budget-hours", origin, StringComparison.Ordinal);
        Match today = Regex.Match(origin, @"Today's spend, ([\d,]+) effort hours");
        Match rest = Regex.Match(origin, @"the other ([\d,]+) hours");
        Assert.True(today.Success && rest.Success, origin);
        double t = double.Parse(today.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
        double o = double.Parse(rest.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
        Assert.InRange(t + o - recorded, -1, 1); // the two parts add up to the data section's hours
    }

    [Fact]
    public void CostPerHourAndBudget_ChangeTheWhaleCurveAndTheAllocation()
    {
        DealSet deals = SampleDeals.Generate(2_000, seed: 7);
        ProfitYieldReport plain = ProfitYieldReport.For(deals).Build();
        Assert.DoesNotContain(plain.FindTable("whale-curve-summary")!.Columns, c => c.Key == "cost_per_effort_hour"); // no "$0.00" tile
        Assert.Contains("--cost-per-hour", plain.FindSection("whale-curve")!.Paragraphs[0], StringComparison.Ordinal);

        ProfitYieldReport costed = ProfitYieldReport.For(deals).WithCostPerEffortHour(400).WithEffortBudget(10_000).Build();
        ReportTable whale = costed.FindTable("whale-curve-summary")!;
        int cost = whale.Columns.ToList().FindIndex(c => c.Key == "cost_per_effort_hour");
        Assert.Equal(400, whale.Rows[0][cost].Number);
        Assert.Equal(deals.WhaleCurve(new WhaleCurveOptions { CostPerEffortHour = 400 }).TotalContribution, whale.Rows[0][1].Number);
        ReportSection alloc = costed.FindSection("allocation")!;
        Assert.Contains("10,000 effort hours, was given", alloc.Paragraphs[1], StringComparison.Ordinal);
        Assert.Contains(alloc.Findings, f => f.Text.StartsWith("At $400 per effort hour", StringComparison.Ordinal) && f.Text.Contains("net of that", StringComparison.Ordinal));

        var ex = Assert.Throws<InvalidOptionsException>(() => ProfitYieldReport.For(deals).WithCostPerEffortHour(-1).WithEffortBudget(0).Build());
        Assert.Equal(2, ex.Problems.Count);
    }

    [Fact]
    public void Wording_NoTypoAndNoUnexplainedJargonOutsideTheGlossary()
    {
        ProfitYieldReport r = Sample.Value;
        string data = string.Join(" ", r.FindSection("data")!.Paragraphs);
        Assert.Contains("deals closed before it are used to build the profile", data, StringComparison.Ordinal);
        Assert.DoesNotContain("before it build", data, StringComparison.Ordinal);
        foreach (ReportSection s in r.Sections.Where(s => s.Id != "method"))
        {
            string words = string.Join(" ", s.Paragraphs.Concat(s.Findings.Select(f => f.Text)).Concat(s.Charts.Select(c => c.Title + " " + c.XLabel + " " + c.YLabel)));
            foreach (string jargon in (string[])["Student's t", "degrees of freedom", "design effect", "per unit of log1p", "log1p("])
                Assert.False(words.Contains(jargon, StringComparison.Ordinal), $"Section '{s.Id}' says \"{jargon}\" outside the glossary.");
        }
        string glossary = string.Join(" ", r.FindTable("definitions")!.Rows.Select(row => row[0].Text + " " + row[1].Text));
        foreach (string term in (string[])["Student's t", "design effect", "log1p", "Percentage points"]) Assert.Contains(term, glossary, StringComparison.Ordinal);
        Assert.Contains("glossary", r.FindSection("summary")!.Paragraphs[0], StringComparison.Ordinal);
    }

    [Fact]
    public void HonestyChecks_EachKindOfProblemStatedOnce_FullTableCollapsed()
    {
        ProfitYieldReport r = Sample.Value;
        ReportSection e = r.FindSection("effects")!;
        ReportTable checks = r.FindTable("honesty-checks")!;
        Assert.True(checks.IsDetail);
        Assert.True(r.FindTable("effort-effects")!.IsDetail);
        var problems = checks.Rows.Where(row => row[0].Text != "passed").GroupBy(row => (row[0].Text, row[1].Text)).ToList();
        List<ReportFinding> stated = [.. e.Findings.Where(f => f.Text.Contains("What to do:", StringComparison.Ordinal))];
        Assert.Equal(problems.Count, stated.Count);
        foreach (var g in problems)
            Assert.Single(stated, f => f.Verdict == g.Key.Item1 && f.Text.Contains($", {g.Count()} time", StringComparison.Ordinal) && f.Text.StartsWith(char.ToUpperInvariant(g.Key.Item2![0]) + g.Key.Item2[1..], StringComparison.Ordinal));
        int passed = checks.Rows.Count(row => row[0].Text == "passed");
        Assert.Contains(e.Findings, f => f.Text.StartsWith($"{checks.Rows.Count} honesty checks: {passed} passed", StringComparison.Ordinal));
        // Collapsed in HTML (no script), left out of the text form.
        string html = r.ToHtml();
        Assert.Contains("<details id=\"details-honesty-checks\"><summary>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Every honesty check", r.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Subtitle_NamesTheFile_NotItsFolder()
    {
        using var folder = new TempFolder();
        string path = Path.Combine(folder.Path, "crm-export.csv");
        File.WriteAllText(path, "deal_id,account,won,revenue,margin,closed\nD1,A1,1,1000,300,2025-01-05\nD2,A2,0,800,0,2025-02-05\nD3,A1,1,1200,400,2025-03-05\nD4,A3,0,900,0,2025-04-05\n");
        DealSet deals = DealSet.FromCsv(path, map => map.DealId("deal_id").Account("account").Outcome("won", won: ["1"], lost: ["0"]).Revenue("revenue").Margin("margin").ClosedDate("closed"));
        ProfitYieldReport r = ProfitYieldReport.For(deals).Build();
        string all = r.ToHtml() + r.ToMarkdown() + r.ToString() + r.ToJson();
        Assert.DoesNotContain(folder.Path, all, StringComparison.Ordinal);
        Assert.Contains("crm-export.csv", r.Subtitle, StringComparison.Ordinal);
    }

    [Fact]
    public void BarAxis_StartsAtZero_WhenNoBarIsNegative()
    {
        var chart = new ReportChart("bars", "Margin per effort hour by segment", ReportChartKind.IntervalBars, "Margin per effort hour", "Segment", ReportValueKind.Currency,
            [new ChartSeries("m", [new ChartPoint("A", 0, 600, 450, 750), new ChartPoint("B", 0, 80, -15, 175)])]);
        string html = ProfitYieldReport.FromSections([new ReportSection("s", "S") { Charts = [chart] }]).ToHtml();
        string svg = html[html.IndexOf("<svg", StringComparison.Ordinal)..html.IndexOf("</svg>", StringComparison.Ordinal)];
        string[] ticks = [.. Regex.Matches(svg, "class=\"tick\">([^<]+)<").Select(m => m.Groups[1].Value)];
        Assert.Contains("$0", ticks);
        Assert.DoesNotContain(ticks, t => t.StartsWith("-$2", StringComparison.Ordinal)); // the whisker reaches −$15: no −$200 axis
        Assert.All(ticks.Where(t => t.StartsWith('-')), t => Assert.Equal("-$100", t));
    }

    private sealed class SectionText : IEqualityComparer<ReportSection>
    {
        public bool Equals(ReportSection? x, ReportSection? y) => x!.Id == y!.Id && x.Findings.SequenceEqual(y.Findings) && x.Paragraphs.SequenceEqual(y.Paragraphs);

        public int GetHashCode(ReportSection obj) => obj.Id.GetHashCode(StringComparison.Ordinal);
    }
}

public class ReportMissingLabelTests
{
    [Fact]
    public void MissingIndustry_IsWrittenTheSameInTheSegmentAndEffectsSections()
    {
        ProfitYieldReport r = ProfitYieldReport.For(SampleDeals.Generate(5_000, seed: 42)).Build();
        string[] segments = [.. r.FindTable("segment-yield")!.Rows.Select(row => row[0].Text!)];
        string[] effects = [.. r.FindTable("effort-effects")!.Rows.Select(row => row[0].Text!)];
        Assert.Contains("(no industry)", segments);
        Assert.Contains("(no industry)", effects);
        Assert.DoesNotContain(segments, s => s.Contains("unknown", StringComparison.Ordinal));
    }

    [Fact]
    public void BlankAndLiteralUnknown_AreTwoRowsWithTheirOwnLabelsAndHandSums()
    {
        using var folder = new TempFolder();
        string path = Path.Combine(folder.Path, "deals.csv");
        // 120 deals: origin "unknown" (literal) when i % 4 == 0, blank when i % 4 == 1, "web" otherwise; won when i % 3 == 0
        // with revenue 1,000 and margin 10·i. Literal: won i = 0, 12, …, 108 → 10 wins, margin 10·540 = 5,400.
        // Blank: won i = 9, 21, …, 117 → 10 wins, margin 10·630 = 6,300. Each has 30 deals pursued.
        var lines = new List<string> { "deal_id,account,won,revenue,margin,origin" };
        for (int i = 0; i < 120; i++)
            lines.Add($"D{i},A{i % 40},{(i % 3 == 0 ? 1 : 0)},1000,{(i % 3 == 0 ? 10 * i : 0)},{(i % 4 == 0 ? "unknown" : i % 4 == 1 ? "" : "web")}");
        File.WriteAllLines(path, lines);
        DealSet deals = DealSet.FromCsv(path, map => map.DealId("deal_id").Account("account").Outcome("won", won: ["1"], lost: ["0"]).Revenue("revenue").Margin("margin").Attribute("origin"));

        // The library marks the blank level; the literal one is not marked.
        SegmentYieldTable table = deals.SegmentYield("origin");
        SegmentYield blank = table.Segments.Single(s => s.HasMissingLevel);
        SegmentYield literal = table.Segments.Single(s => s.Levels[0] == "unknown" && !s.HasMissingLevel);
        Assert.Equal([true], blank.MissingLevels);
        Assert.Equal((30, 10, 6_300.0, 10_000.0), (blank.DealsPursued, blank.DealsWon, blank.GrossMargin, blank.Revenue));
        Assert.Equal((30, 10, 5_400.0, 10_000.0), (literal.DealsPursued, literal.DealsWon, literal.GrossMargin, literal.Revenue));

        ProfitYieldReport r = ProfitYieldReport.For(deals).SegmentBy("origin").Build();
        IReadOnlyList<ReportCell>[] rows = [.. r.FindTable("segment-yield")!.Rows.Skip(1)];
        Assert.Equal(3, rows.Length);
        IReadOnlyList<ReportCell> blankRow = rows.Single(row => row[0].Text == "(no origin)");
        IReadOnlyList<ReportCell> literalRow = rows.Single(row => row[0].Text == "origin = unknown");
        Assert.Equal([30.0, 10.0, 6_300.0], [blankRow[1].Number!.Value, blankRow[2].Number!.Value, blankRow[7].Number!.Value]);
        Assert.Equal([30.0, 10.0, 5_400.0], [literalRow[1].Number!.Value, literalRow[2].Number!.Value, literalRow[7].Number!.Value]);
        // The Markdown's full segment table writes the two apart too.
        string md = r.ToMarkdownDetails();
        Assert.Contains("| (no origin) |", md, StringComparison.Ordinal);
        Assert.Contains("| origin = unknown |", md, StringComparison.Ordinal);
    }

    [Fact]
    public void DataHoldingTheMissingLabelItself_GetsADistinctMissingLabel()
    {
        using var folder = new TempFolder();
        string path = Path.Combine(folder.Path, "deals.csv");
        var lines = new List<string> { "deal_id,account,won,revenue,margin,origin" };
        for (int i = 0; i < 90; i++)
            lines.Add($"D{i},A{i % 30},{(i % 3 == 0 ? 1 : 0)},1000,{(i % 3 == 0 ? 300 : 0)},{(i % 3 == 1 ? "(no origin)" : i % 3 == 2 ? "" : "web")}");
        File.WriteAllLines(path, lines);
        DealSet deals = DealSet.FromCsv(path, map => map.DealId("deal_id").Account("account").Outcome("won", won: ["1"], lost: ["0"]).Revenue("revenue").Margin("margin").Attribute("origin"));
        ProfitYieldReport r = ProfitYieldReport.For(deals).SegmentBy("origin").Build();
        string[] labels = [.. r.FindTable("segment-yield")!.Rows.Skip(1).Select(row => row[0].Text!)];
        Assert.Equal(["(no origin: blank)", "origin = (no origin)", "origin = web"], labels.Order(StringComparer.Ordinal));
    }
}

public class MarkdownLengthTests
{
    /// <summary>The embedded sample's Markdown report before the summary and condensed evidence (commit d955deb), in characters.</summary>
    private const int LengthBefore = 62_203;

    [Fact]
    public void SampleMarkdown_IsAtMostSixtyPercentOfBefore_WithEverySectionAndEveryTableReachable()
    {
        ProfitYieldReport r = ProfitYieldReport.For(SampleDeals.Generate(5_000, seed: 42)).Build();
        string md = r.ToMarkdown();
        Assert.True(md.Length <= LengthBefore * 0.6, $"{md.Length:N0} characters; at most {LengthBefore * 0.6:N0}");
        string details = r.ToMarkdownDetails();
        foreach (ReportSection s in r.Sections)
        {
            Assert.Contains("\n## " + s.Title + "\n", md, StringComparison.Ordinal);
            // Every full table is named in the report and written in full in the details, under the section's anchor.
            foreach (ReportTable t in s.Tables.Where(t => t.IsDetail))
            {
                Assert.Contains(t.Title.Replace("\"", "\"", StringComparison.Ordinal), md.Replace("\\", "", StringComparison.Ordinal), StringComparison.Ordinal);
                Assert.Contains("**" + t.Title.Replace("\"", "\"", StringComparison.Ordinal) + "**", details.Replace("\\", "", StringComparison.Ordinal), StringComparison.Ordinal);
            }
            if (s.Tables.Any(t => t.IsDetail) || s.Charts.Count > 0) Assert.Contains("<a id=\"" + s.Id + "\"></a>", details, StringComparison.Ordinal);
        }
        // The segment table's rows are all in the details: one line per segment plus the whole set.
        ReportTable segments = r.FindTable("segment-yield")!;
        Assert.Equal(segments.Rows.Count, segments.Rows.Count(row => details.Contains("| " + row[0].Text!.Replace("_", "\\_", StringComparison.Ordinal) + " |", StringComparison.Ordinal)));
    }

    [Fact]
    public void SaveMarkdown_WritesTheDetailsBesideAndLinksThem()
    {
        using var folder = new TempFolder();
        string path = Path.Combine(folder.Path, "profit-yield.md");
        ProfitYieldReport r = ProfitYieldReport.For(SampleDeals.Generate(600, seed: 7)).Build();
        r.SaveMarkdown(path);
        string details = Path.Combine(folder.Path, "profit-yield-details.md");
        Assert.Equal(details, ProfitYieldReport.MarkdownDetailsPath(path));
        Assert.Equal(r.ToMarkdownDetails(), File.ReadAllText(details));
        string md = File.ReadAllText(path);
        Assert.Contains("[profit-yield-details.md](profit-yield-details.md#segment-yield)", md, StringComparison.Ordinal);
        Assert.Equal(["profit-yield-details.md", "profit-yield.md"], Directory.GetFiles(folder.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }
}
