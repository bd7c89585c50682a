using IcpAnalytics.Data;

namespace IcpAnalytics.Tests.Data;

/// <summary>Mapping that meets real CRM exports: presets, stage vocabularies, inferred keys, lookups, derived cycle days, no revenue.</summary>
public sealed class ExportMappingTests
{
    private static readonly DealLoadOptions Lenient = new() { SourceName = "opps.csv", Policy = BadDataPolicy.Lenient };

    [Fact]
    public void SalesforcePreset_InfersColumns_EngagingIsOpen_SalesAgentIsRep_CycleDaysDerived()
    {
        const string csv = "Opportunity ID,Account Name,sales_agent,Stage,Amount,Created Date,Close Date\n" +
            "O1,Acme,Ann,Closed Won,1000,2024-01-01,2024-01-31\n" +
            "O2,Beta,Bob,Engaging,500,2024-01-05,\n" +
            "O3,Acme,Ann,Closed Lost,700,2024-02-01,2024-02-11\n" +
            "O4,Beta,Bob,Prospecting,900,2024-02-01,\n";
        DealSet deals = DealSet.FromCsv(new StringReader(csv), m => m.Preset(CrmPreset.Salesforce), Lenient);
        Assert.Equal(2, deals.Count);
        Assert.Equal(2, deals.LoadReport.OpenDealsSetAside);
        Assert.Equal(["Ann"], deals.Reps.Levels);
        Assert.Equal(30.0, deals.CycleDays![0]);
        Assert.Equal(10.0, deals.CycleDays![1]);
        Assert.Contains(deals.LoadReport.Notes, n => n == "cycle days derived as 'Close Date' minus 'Created Date'");
    }

    [Fact]
    public void CreatedAfterClose_IsRejected_WithLine()
    {
        const string csv = "deal_id,stage,amount,created_date,close_date\nD1,Won,10,2024-01-01,2024-01-31\nD2,Lost,10,2024-03-01,2024-02-01\n";
        DealSet deals = DealSet.FromCsv(new StringReader(csv), null, Lenient);
        Assert.Equal(1, deals.Count);
        RejectedRow r = Assert.Single(deals.LoadReport.Rejected);
        Assert.Equal(3, r.Line);
        Assert.Equal("created_date", r.Column);
        Assert.Contains("after the close date", r.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AccountsKey_IsInferred_AndLookupJoinedByKey()
    {
        using var folder = new TempFolder();
        string accounts = folder.Write("accounts.csv", "account,industry\nAcme,Software\nBeta,Retail\n");
        string products = folder.Write("products.csv", "product,list_price\nGTX,1000\nMG,55\n");
        const string csv = "deal_id,account,product,stage,amount\nD1,Acme,GTX,Won,900\nD2,Beta,MG,Lost,50\nD3,Gamma,GTX,Won,950\n";
        DealSet deals = DealSet.FromCsv(new StringReader(csv), m => m.WithAccounts(accounts).Join(products, on: "product"), Lenient);
        CategoricalColumn industry = deals.CategoricalAttributes.Single(c => c.Name == "industry");
        Assert.Equal("Software", industry.Levels[industry.Codes[0]]);
        Assert.Equal(-1, industry.Codes[2]);
        NumericColumn price = deals.NumericAttributes.Single(c => c.Name == "list_price");
        Assert.Equal([1000.0, 55.0, 1000.0], [price[0], price[1], price[2]]);
        Assert.Contains(deals.LoadReport.Notes, n => n.StartsWith("lookup attributes joined from products.csv by 'product'", StringComparison.Ordinal));
    }

    [Fact]
    public void NoRevenue_LeadExport_CountsEachDealAsOne()
    {
        const string csv = "lead_id,status\nL1,Won\nL2,Lost\nL3,Lost\n";
        DealDataException refused = Assert.Throws<DealDataException>(() =>
            DealSet.FromCsv(new StringReader(csv), m => m.DealId("lead_id"), Lenient with { MessageStyle = LoadMessageStyle.CommandLine }));
        Assert.Contains("--no-revenue", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("map.", refused.Message, StringComparison.Ordinal);
        DealSet deals = DealSet.FromCsv(new StringReader(csv), m => m.DealId("lead_id").WithoutRevenue(), Lenient);
        Assert.False(deals.HasRevenue);
        Assert.Equal(3, deals.Count);
        Assert.Equal(1.0, deals.Revenue[2]);
    }

    [Fact]
    public void MissingHeader_NeverListsDataCells_AndClosestMatchUsesContent()
    {
        const string noHeader = "D0000622,A000064,Closed Won,14456.86\nD0000623,A000065,Closed Lost,99.5\n";
        DealDataException e = Assert.Throws<DealDataException>(() => DealSet.FromCsv(new StringReader(noHeader), null, Lenient));
        Assert.DoesNotContain("D0000622", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("14456.86", e.Message, StringComparison.Ordinal);
        Assert.Contains("looks like data, not a header", e.Message, StringComparison.Ordinal);

        const string csv = "deal,account,stage,total_usd\nD1,A1,Won,\"$1,200.50\"\nD2,A2,Lost,$300.25\n";
        DealDataException closest = Assert.Throws<DealDataException>(() => DealSet.FromCsv(new StringReader(csv), m => m.DealId("deal").Account("account"), Lenient));
        Assert.Contains("Closest match: 'total_usd' (a column of amounts)", closest.Message, StringComparison.Ordinal);
    }
}
