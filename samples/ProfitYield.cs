#:project ../src/IcpAnalytics/IcpAnalytics.csproj
// From a CRM export to the profit-yield report, in one file.
//
//   dotnet run samples/ProfitYield.cs                     (reads samples/data/deals.csv, writes profit-yield.html and .md)
//   dotnet run samples/ProfitYield.cs -- deals.csv out    (your export; writes out.html and out.md)
//
// Everything is seeded: the same file gives the same output, byte for byte. On samples/data/deals.csv (2,040 rows written by
// SampleDeals: 2,000 closed deals and 40 open ones) it prints, among other lines:
//   samples/data/deals.csv: 2,040 rows read, 2,000 loaded, 40 open deals set aside, 0 rejected
//   ICP rule: industry = Software and employees 200–1,000
//   Holdout (deals closed from 2025-07-01): margin per effort hour, fit vs non-fit: passed
//   Wrote profit-yield.html
using System.Globalization;
using IcpAnalytics.CauseEffect;
using IcpAnalytics.Data;
using IcpAnalytics.Icp;
using IcpAnalytics.Reports;

string csv = args.Length > 0 ? args[0] : File.Exists("samples/data/deals.csv") ? "samples/data/deals.csv" : "data/deals.csv";
string output = args.Length > 1 ? args[1] : "profit-yield";

// 1. Load the export: name the columns your CRM uses; band employees into company sizes.
DealSet deals = DealSet.FromCsv(csv, map => map
    .Outcome("stage", won: ["Closed Won"], lost: ["Closed Lost"])
    .Revenue("amount").Margin("gross_margin")
    .Effort("calls", "meetings", "demos").EffortHours("effort_hours")
    .Attribute("industry").Attribute("region")
    .Attribute("employees", bands: [50, 200, 1000, 5000]),
    new DealLoadOptions { Policy = BadDataPolicy.Lenient, SourceName = csv });
Console.WriteLine(deals.LoadReport);

// 2. Find the ICP on deals closed before mid-2025 and check it on the deals closed after: does fit really pay?
var cutoff = new DateOnly(2025, 7, 1);
HoldoutValidation validation = deals.Icp().SegmentBy("industry", "region", "employees").ValidateOnDealsClosedAfter(cutoff);
foreach (IcpRule rule in validation.Profile.Rules) Console.WriteLine("ICP rule: " + rule.Text);
string verdict = validation.MarginPerEffortHour is { } d ? (d.DifferenceInterval.Lower > 0 ? "passed" : d.DifferenceInterval.Upper < 0 ? "failed" : "caution") : "not tested";
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Holdout (deals closed from {cutoff:yyyy-MM-dd}): margin per effort hour, fit vs non-fit: {verdict}"));

// 3. What do meetings and demos return in margin, per industry, once deal size and rep are controlled?
EffortEffects effects = deals.EffortEffects()
    .Of("meetings", "demos")
    .Controlling("revenue", "rep", "region", "employees")
    .PerAttribute("industry")
    .Build();
Console.WriteLine(effects.Overall);

// 4. The report: render the results (it never recomputes them) as HTML for people and Markdown for a wiki.
ProfitYieldReport report = ProfitYieldReport.For(deals)
    .WithHoldoutValidation(validation)
    .WithEffects(effects)
    .SegmentBy("industry")
    .Configure(o => o with { Title = "Profit yield: sample CRM export" })
    .Build();
report.SaveHtml(output + ".html");
report.SaveMarkdown(output + ".md");
Console.WriteLine("Wrote " + output + ".html");
