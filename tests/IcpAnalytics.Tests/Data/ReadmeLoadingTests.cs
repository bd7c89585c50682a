using System.Globalization;
using IcpAnalytics.Data;

namespace IcpAnalytics.Tests.Data;

/// <summary>The README's "Loading your deals" snippet, run as written (paths from the repository root).</summary>
public class ReadmeLoadingTests
{
    [Fact]
    public void ReadmeSnippet_LoadsSampleAsDocumented()
    {
        string root = Repo.Root;
        string Sample(string name) => Path.Combine(root, "samples", "data", name);

        DealSet deals = DealSet.FromCsv(Sample("deals.csv"), map => map
            .DealId("deal_id")
            .Outcome("stage", won: ["Closed Won"], lost: ["Closed Lost"], open: ["Proposal", "Negotiation"])
            .Revenue("amount").Margin("gross_margin")
            .Effort("calls", "meetings", "demos").EffortHours("effort_hours")
            .Attribute("industry").Attribute("region").Attribute("employees", bands: [50, 200, 1000, 5000]));
        Assert.EndsWith("deals.csv: 2,040 rows read, 2,000 loaded, 40 open deals set aside, 0 rejected", deals.LoadReport.ToString().Split(Environment.NewLine)[0], StringComparison.Ordinal);
        DealSetAssert.Equal(SampleDeals.Generate(2_000, seed: 42), deals);

        DealSet inferred = DealSet.FromCsv(Sample("deals.csv"));
        Assert.Equal(deals.Revenue.Sum(), inferred.Revenue.Sum());

        DealSet joined = DealSet.FromCsv(Sample("deals-without-attributes.csv"),
            map => map.WithAccounts(Sample("accounts.csv"), key: "account_id"),
            new DealLoadOptions { Culture = CultureInfo.InvariantCulture, Policy = BadDataPolicy.Lenient });
        DealSetAssert.Equal(inferred, joined);
    }
}
