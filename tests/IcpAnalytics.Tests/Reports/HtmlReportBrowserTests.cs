using System.Text.Json.Nodes;
using IcpAnalytics.Data;
using IcpAnalytics.Reports;

namespace IcpAnalytics.Tests.Reports;

public class HtmlReportBrowserTests
{
    [Fact]
    public async Task SaveHtml_OpenedInHeadlessChromium_EveryChartRendersWithNoErrorsAndNoRequests()
    {
        Assert.True(File.Exists(HeadlessChromium.ExecutablePath), "Headless Chromium is needed at /usr/bin/chromium: apt-get install -y chromium (.ci/run installs it).");
        DealSet deals = SampleDeals.Generate(5_000, seed: 42);
        ProfitYieldReport report = ProfitYieldReport.For(deals).ValidateOnDealsClosedAfter(new DateOnly(2025, 7, 1)).Build();
        string folder = Path.Combine(AppContext.BaseDirectory, "report-screenshots");
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, "profit-yield.html");
        report.SaveHtml(path);
        string url = new Uri(path).AbsoluteUri;
        string[] expectedCharts = [.. report.Sections.SelectMany(s => s.Charts).Where(c => c.Series.Any(x => x.Points.Any(p => p.Y is not null))).Select(c => c.Id)];
        Assert.NotEmpty(expectedCharts);

        await using HeadlessChromium browser = await HeadlessChromium.StartAsync();
        await browser.OpenPageAsync(1200, 900);
        await browser.NavigateAndWaitForLoadAsync(url);

        JsonNode? charts = await browser.EvaluateAsync("""
            JSON.stringify([...document.querySelectorAll('svg.chart-svg')].map(svg => {
              const box = svg.getBoundingClientRect();
              const marks = [...svg.querySelectorAll('rect.bar, polyline.series, circle, g.estimate, g.bar-group')];
              const drawn = marks.filter(m => { const b = m.getBBox(); return b.width > 0 || b.height > 0; }).length;
              return { id: svg.dataset.chart, width: box.width, height: box.height, marks: marks.length, drawn };
            }))
            """);
        JsonArray rendered = JsonNode.Parse(charts!.GetValue<string>())!.AsArray();
        Assert.Equal(expectedCharts, rendered.Select(c => c!["id"]!.GetValue<string>()));
        foreach (JsonNode? chart in rendered)
        {
            string id = chart!["id"]!.GetValue<string>();
            Assert.True(chart["width"]!.GetValue<double>() > 100 && chart["height"]!.GetValue<double>() > 100, $"Chart {id} has an empty bounding box: {chart.ToJsonString()}");
            Assert.True(chart["marks"]!.GetValue<int>() > 0 && chart["drawn"]!.GetValue<int>() == chart["marks"]!.GetValue<int>(), $"Chart {id} has marks that were not drawn: {chart.ToJsonString()}");
        }

        byte[] png = await browser.ScreenshotAsync();
        string screenshot = Path.Combine(folder, "profit-yield.png");
        await File.WriteAllBytesAsync(screenshot, png);
        Assert.True(png.Length > 10_000 && png[1] == (byte)'P' && png[2] == (byte)'N' && png[3] == (byte)'G', "The screenshot is not a PNG.");

        var events = browser.Events();
        string[] consoleErrors = [.. events.Where(e => e.Method == "Runtime.consoleAPICalled" && e.Params["type"]?.GetValue<string>() is "error" or "assert")
            .Select(e => e.Params.ToJsonString())];
        string[] exceptions = [.. events.Where(e => e.Method == "Runtime.exceptionThrown").Select(e => e.Params.ToJsonString())];
        string[] logErrors = [.. events.Where(e => e.Method == "Log.entryAdded" && e.Params["entry"]?["level"]?.GetValue<string>() == "error")
            .Select(e => e.Params.ToJsonString())];
        string[] requests = [.. events.Where(e => e.Method == "Network.requestWillBeSent")
            .Select(e => e.Params["request"]?["url"]?.GetValue<string>() ?? "")
            .Where(u => u != url)];
        Assert.True(consoleErrors.Length == 0, "Console errors: " + string.Join("; ", consoleErrors));
        Assert.True(exceptions.Length == 0, "Script exceptions: " + string.Join("; ", exceptions));
        Assert.True(logErrors.Length == 0, "Log errors: " + string.Join("; ", logErrors));
        Assert.True(requests.Length == 0, "Requests other than the report itself: " + string.Join(", ", requests));
        Assert.Contains(events, e => e.Method == "Network.requestWillBeSent" && e.Params["request"]?["url"]?.GetValue<string>() == url);
    }

    [Fact]
    public async Task HeadlessChromium_PageWithARequestAndAConsoleError_RecordsBoth()
    {
        // The harness must see what the report test asserts is absent; otherwise that test could not fail.
        Assert.True(File.Exists(HeadlessChromium.ExecutablePath), "Headless Chromium is needed at /usr/bin/chromium.");
        string folder = Path.Combine(AppContext.BaseDirectory, "report-screenshots");
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, "bad-page.html");
        await File.WriteAllTextAsync(path, "<!DOCTYPE html><html><body><img src=\"http://127.0.0.1:9/pixel.png\"><script>console.error('boom')</script></body></html>");
        await using HeadlessChromium browser = await HeadlessChromium.StartAsync();
        await browser.OpenPageAsync(800, 600);
        await browser.NavigateAndWaitForLoadAsync(new Uri(path).AbsoluteUri);
        var events = browser.Events();
        Assert.Contains(events, e => e.Method == "Network.requestWillBeSent" && e.Params["request"]?["url"]?.GetValue<string>() == "http://127.0.0.1:9/pixel.png");
        Assert.Contains(events, e => e.Method == "Runtime.consoleAPICalled" && e.Params["type"]?.GetValue<string>() == "error");
    }
}
