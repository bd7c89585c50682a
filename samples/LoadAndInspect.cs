#:project ../src/IcpAnalytics/IcpAnalytics.csproj
// Load a CRM export and look at it before any analysis: what was loaded, set aside and rejected, and every column.
//
//   dotnet run samples/LoadAndInspect.cs                  (samples/data/deals.csv and the accounts join)
//   dotnet run samples/LoadAndInspect.cs -- export.csv    (your export, columns inferred from their names)
//
// Outside this repository, replace the first line by `#:package IcpAnalytics@0.1.0`.
// On the bundled data it prints, among other lines (a test checks each):
//   > samples/data/deals.csv: 2,040 rows read, 2,000 loaded, 40 open deals set aside, 0 rejected
//   > attributes: employees, industry, region
//   > joined: 2,000 deals, 0 without an account row
//   > messy export: 6 rows read, 3 loaded, 1 open deals set aside, 2 rejected
using System.Globalization;
using IcpAnalytics.Data;

string csv = args.Length > 0 ? args[0] : File.Exists("samples/data/deals.csv") ? "samples/data/deals.csv" : "data/deals.csv";
string folder = Path.GetDirectoryName(csv) is { Length: > 0 } d ? d : ".";

// 1. The export, its columns named as the CRM names them; company size cut into bands.
DealSet deals = args.Length > 0
    ? DealSet.FromCsv(csv, options: new DealLoadOptions { Policy = BadDataPolicy.Lenient })
    : DealSet.FromCsv(csv, map => map
        .Outcome("stage", won: ["Closed Won"], lost: ["Closed Lost"], open: ["Proposal", "Negotiation"])
        .Revenue("amount").Margin("gross_margin")
        .Effort("calls", "meetings", "demos").EffortHours("effort_hours")
        .Attribute("industry").Attribute("region").Attribute("employees", bands: [50, 200, 1000, 5000]));
Console.WriteLine(deals.LoadReport);
Console.WriteLine("attributes: " + string.Join(", ", deals.CategoricalAttributes.Select(c => c.Name).Concat(deals.NumericAttributes.Select(c => c.Name))));
Console.WriteLine(deals.Summarize());

if (args.Length == 0)
{
    // 2. Deals without attributes, joined to an accounts file on account_id.
    DealSet joined = DealSet.FromCsv(Path.Combine(folder, "deals-without-attributes.csv"),
        map => map.WithAccounts(Path.Combine(folder, "accounts.csv"), key: "account_id"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"joined: {joined.Count:N0} deals, {joined.LoadReport.DealsWithoutAccountRow:N0} without an account row"));

    // 3. A messy export (semicolons, decimal commas, an open deal, a missing amount, an unknown stage): nothing is dropped silently.
    const string messy = """
        Opportunity;Stage;Amount;Gross margin;Industry
        O-1;Closed Won;12500,50;4100,00;Software
        O-2;Closed Lost;8000;0;Retail
        O-3;Negotiation;5000;;Retail
        O-4;Closed Won;;900;Software
        O-5;Won?;3000;1000;Retail
        O-6;Closed Won;7250;2000;
        """;
    DealSet rough = DealSet.FromCsv(new StringReader(messy),
        map => map.DealId("Opportunity").Outcome("Stage", won: ["Closed Won"], lost: ["Closed Lost"], open: ["Negotiation"])
            .Revenue("Amount").Margin("Gross margin").Attribute("Industry"),
        new DealLoadOptions { Culture = CultureInfo.GetCultureInfo("de-DE"), Policy = BadDataPolicy.Lenient, SourceName = "messy export" });
    Console.WriteLine(rough.LoadReport);
}
