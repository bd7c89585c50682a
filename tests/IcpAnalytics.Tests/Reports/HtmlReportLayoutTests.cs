using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IcpAnalytics.Data;
using IcpAnalytics.Reports;

namespace IcpAnalytics.Tests.Reports;

/// <summary>
/// The HTML report as a reader sees it, in headless Chromium: the summary on the first screen, nothing wider than the page at
/// 1,400 px or at phone width (every collapsed table opened), and a printed PDF of few pages. No wall-clock limit.
/// </summary>
public partial class HtmlReportLayoutTests
{
    /// <summary>The PDF pages (A4) the embedded sample's report printed to before the summary and condensed evidence (commit d955deb).</summary>
    private const int PagesBefore = 48;

    /// <summary>Every element whose right edge passes the viewport, and every scroll box whose content is wider than the box, with all details opened.</summary>
    private const string OverflowScript = """
        (() => {
          document.querySelectorAll('details').forEach(d => d.open = true);
          const width = document.documentElement.clientWidth;
          const out = [];
          for (const el of document.querySelectorAll('.icp-report *')) {
            const r = el.getBoundingClientRect();
            if (r.width === 0 && r.height === 0) continue;
            if (r.right > width + 1 || r.left < -1) out.push(el.tagName + '#' + (el.id || '') + '.' + el.className + ' ' + Math.round(r.left) + '..' + Math.round(r.right));
          }
          for (const el of document.querySelectorAll('.table-wrap')) {
            if (el.scrollWidth > el.clientWidth + 1) out.push('scrolls: ' + (el.firstElementChild && el.firstElementChild.id) + ' ' + el.scrollWidth + ' > ' + el.clientWidth);
          }
          if (document.documentElement.scrollWidth > width + 1) out.push('page ' + document.documentElement.scrollWidth + ' > ' + width);
          return JSON.stringify(out.slice(0, 20));
        })()
        """;

    private static string SaveSampleReport(string name)
    {
        Assert.True(File.Exists(HeadlessChromium.ExecutablePath), "Headless Chromium is needed at /usr/bin/chromium: apt-get install -y chromium (.ci/run installs it).");
        DealSet deals = SampleDeals.Generate(5_000, seed: 42);
        ProfitYieldReport report = ProfitYieldReport.For(deals).Build();
        string folder = Path.Combine(AppContext.BaseDirectory, "report-layout");
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, name);
        report.SaveHtml(path);
        return new Uri(path).AbsoluteUri;
    }

    [Fact]
    public async Task SampleReport_At1400px_SummaryFitsTheFirstScreenAndNothingOverflows()
    {
        string url = SaveSampleReport("layout-1400.html");
        await using HeadlessChromium browser = await HeadlessChromium.StartAsync();
        await browser.OpenPageAsync(1400, 900);
        await browser.NavigateAndWaitForLoadAsync(url);

        JsonNode summary = JsonNode.Parse((await browser.EvaluateAsync("""
            JSON.stringify((() => {
              const s = document.getElementById('summary');
              const r = s.getBoundingClientRect();
              const first = document.querySelector('main > section');
              return { top: r.top, bottom: r.bottom, firstId: first.id, links: s.querySelectorAll('a.figure-link').length,
                       cards: s.querySelectorAll('.answer').length };
            })())
            """))!.GetValue<string>())!;
        Assert.Equal("summary", summary["firstId"]!.GetValue<string>());
        Assert.True(summary["bottom"]!.GetValue<double>() <= 900, $"The summary ends at {summary["bottom"]} px; it must fit the first 900 px.");
        Assert.Equal(4, summary["cards"]!.GetValue<int>());
        Assert.True(summary["links"]!.GetValue<int>() >= 15, $"Only {summary["links"]} figures in the summary link to their section.");

        string[] overflow = [.. JsonNode.Parse((await browser.EvaluateAsync(OverflowScript))!.GetValue<string>())!.AsArray().Select(n => n!.GetValue<string>())];
        Assert.True(overflow.Length == 0, "Wider than the page at 1,400 px: " + string.Join("; ", overflow));
    }

    [Fact]
    public async Task SampleReport_AtPhoneWidth_NothingOverflows()
    {
        string url = SaveSampleReport("layout-390.html");
        await using HeadlessChromium browser = await HeadlessChromium.StartAsync();
        await browser.OpenPageAsync(390, 844);
        await browser.NavigateAndWaitForLoadAsync(url);
        string[] overflow = [.. JsonNode.Parse((await browser.EvaluateAsync(OverflowScript))!.GetValue<string>())!.AsArray().Select(n => n!.GetValue<string>())];
        Assert.True(overflow.Length == 0, "Wider than the page at 390 px: " + string.Join("; ", overflow));
    }

    [Fact]
    public async Task SampleReport_PrintedToPdf_IsAtMost60PercentOfTodaysPages()
    {
        string url = SaveSampleReport("print.html");
        await using HeadlessChromium browser = await HeadlessChromium.StartAsync();
        await browser.OpenPageAsync(1400, 900);
        await browser.NavigateAndWaitForLoadAsync(url);
        byte[] pdf = await browser.PrintToPdfAsync();
        Assert.Equal("%PDF", Encoding.ASCII.GetString(pdf, 0, 4));
        int pages = PageCount(pdf);
        Assert.InRange(pages, 9, (int)Math.Floor(0.6 * PagesBefore)); // one page per section at least (page breaks between sections); at most 28
    }

    [Fact]
    public async Task OverflowScript_FindsATableWiderThanThePage()
    {
        // The layout check must see a cut table (as "Shrunk ma…" was before), or the 1,400 px test could not fail.
        Assert.True(File.Exists(HeadlessChromium.ExecutablePath), "Headless Chromium is needed at /usr/bin/chromium.");
        string folder = Path.Combine(AppContext.BaseDirectory, "report-layout");
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, "wide.html");
        await File.WriteAllTextAsync(path, "<!DOCTYPE html><html><body><div class=\"icp-report\"><div class=\"table-wrap\" style=\"overflow-x:auto;max-width:100%\">"
            + "<table id=\"t\"><tr><td style=\"min-width:3000px\">wide</td></tr></table></div></div></body></html>");
        await using HeadlessChromium browser = await HeadlessChromium.StartAsync();
        await browser.OpenPageAsync(1400, 900);
        await browser.NavigateAndWaitForLoadAsync(new Uri(path).AbsoluteUri);
        string[] overflow = [.. JsonNode.Parse((await browser.EvaluateAsync(OverflowScript))!.GetValue<string>())!.AsArray().Select(n => n!.GetValue<string>())];
        Assert.Contains(overflow, o => o.StartsWith("scrolls: t ", StringComparison.Ordinal));
    }

    [Fact]
    public void PageCount_CountsPageObjectsNotThePagesTree()
    {
        // The counter must tell pages from the pages tree, or the PDF test could not fail.
        byte[] pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << /Type /Pages /Count 2 /Kids [2 0 R 3 0 R] >> endobj\n2 0 obj << /Type /Page >> endobj\n3 0 obj <</Type/Page/Parent 1 0 R>> endobj\n");
        Assert.Equal(2, PageCount(pdf));
    }

    private static int PageCount(byte[] pdf) => PageObject().Count(Encoding.Latin1.GetString(pdf));

    [GeneratedRegex(@"/Type\s*/Page(?![A-Za-z])")]
    private static partial Regex PageObject();
}
