using IcpAnalytics.Cli;
using IcpAnalytics.Data;
using IcpAnalytics.Icp;
using IcpAnalytics.Tests.Cli;

namespace IcpAnalytics.Tests.Icp;

/// <summary>Attribute roles on a Salesforce-style export with a known truth (<see cref="SalesforceExport"/>): the ICP is Healthcare accounts; product price drives the amount.</summary>
public sealed class AttributeRoleTests : IDisposable
{
    private readonly TempFolder _temp = new("icp-roles-");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void RealisticExport_RolesInferred_LeakageAndIdsExcluded_DefaultIcpIsTheTrueAccountRule()
    {
        (string opps, string accounts, int closed, int open) = SalesforceExport.Write(_temp.Path);
        DealSet deals = DealSet.FromCsv(opps, map => map.WithAccounts(accounts));
        Assert.Equal(closed, deals.Count);
        Assert.Equal(2_568, closed);
        Assert.Equal(235, open);
        AttributeRoles roles = deals.AttributeRoles;

        Assert.Equal(["Industry", "Region", "Employees", "Annual Revenue", "Year Founded"], roles.AccountAttributes);
        Assert.All(roles.AccountAttributes, a => Assert.Equal("from the accounts file", roles.Of(a)!.Reason));
        Assert.Equal(["Product", "Lead Source"], roles.DealAttributes);
        Assert.StartsWith("varies between deals of one account (the same in only 9.9 % of the 588 accounts with several deals)", roles.Of("Product")!.Reason, StringComparison.Ordinal);

        // The won-only columns: outcome leakage, measured by presence against the outcome (752 filled, all won; 29 % of all deals won).
        foreach (string leak in (string[])["Won Reason", "Contract Signed Date"])
        {
            AttributeRoleAssignment a = roles.Of(leak)!;
            Assert.Equal(AttributeRole.Excluded, a.Role);
            Assert.StartsWith("outcome leakage: filled on 752 deals, 100 % of them won (of all deals 29 %)", a.Reason, StringComparison.Ordinal);
        }
        Assert.StartsWith("near-unique: 2,568 distinct values on 2,568 deals", roles.Of("Opportunity Name")!.Reason, StringComparison.Ordinal);
        Assert.StartsWith("one distinct value per account (689 values)", roles.Of("Account Name")!.Reason, StringComparison.Ordinal);
        Assert.Equal("the deal id", roles.Of("Opportunity ID")!.Reason);
        Assert.Equal("the account key", roles.Of("Account ID")!.Reason);
        Assert.Equal("the close date", roles.Of("Close Date")!.Reason);
        Assert.Equal("the created date", roles.Of("Created Date")!.Reason);
        Assert.Equal("the revenue (the amount of each deal)", roles.Of("Amount")!.Reason);
        Assert.Contains("map.AccountAttribute(\"Won Reason\")", roles.Of("Won Reason")!.Reason, StringComparison.Ordinal); // the fix in code's language
        Assert.DoesNotContain("Healthcare", roles.ToString(), StringComparison.Ordinal); // no cell value in any reason

        // Default ICP: account attributes only, and it is the true rule, not the product's price.
        IdealCustomerProfile icp = deals.Icp().Build();
        IcpRule rule = Assert.Single(icp.Rules);
        Assert.Equal("Industry = Healthcare", rule.Text);
        Assert.All(icp.Attributes, a => Assert.Contains(a.Name, roles.AccountAttributes));
        Assert.Contains(icp.AttributeNotes, n => n.StartsWith("Deal attributes ('Product', 'Lead Source')", StringComparison.Ordinal));

        // The holdout is not circular: the later deals' fit group is Healthcare (win rate ~0.60 vs ~0.22 by construction), not a product.
        HoldoutValidation holdout = deals.Icp().ValidateOnDealsClosedAfter(new DateOnly(2024, 7, 1));
        Assert.Equal("Industry = Healthcare", Assert.Single(holdout.Profile.Rules).Text);
        Assert.InRange(holdout.Fit.WinRate, 0.45, 0.75);
        Assert.InRange(holdout.NonFit.WinRate, 0.12, 0.32);

        // Searching deal attributes is possible, but only when asked.
        IdealCustomerProfile withDeal = deals.Icp().IncludingDealAttributes().Build();
        Assert.Contains(withDeal.Attributes, a => a.Name == "Product");
        Assert.DoesNotContain(icp.Attributes, a => a.Name == "Product");
    }

    [Fact]
    public void MapRoles_OverrideInference_AndAnUnknownColumnIsRefusedInTheMapsWords()
    {
        (string opps, string accounts, _, _) = SalesforceExport.Write(_temp.Path);
        DealSet deals = DealSet.FromCsv(opps, map => map.WithAccounts(accounts).DealAttribute("Region").ExcludeAttribute("Industry").AccountAttribute("Lead Source"));
        AttributeRoles roles = deals.AttributeRoles;
        Assert.Equal(new AttributeRoleAssignment("Region", AttributeRole.DealAttribute, "set with map.DealAttribute(\"Region\")", true), roles.Of("Region"));
        Assert.Equal(AttributeRole.Excluded, roles.Of("Industry")!.Role);
        Assert.Equal(AttributeRole.AccountAttribute, roles.Of("Lead Source")!.Role);
        IdealCustomerProfile icp = deals.Icp().Build();
        Assert.DoesNotContain(icp.Attributes, a => a.Name is "Industry" or "Region");
        Assert.Contains(icp.Attributes, a => a.Name == "Lead Source");

        DealDataException e = Assert.Throws<DealDataException>(() => DealSet.FromCsv(opps, map => map.WithAccounts(accounts).DealAttribute("Segment")));
        Assert.Contains("map.DealAttribute(\"Segment\") names a column that is not an attribute of the deals", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RolesInferredFromConstancyWithinAccounts_WithoutAnAccountsFile()
    {
        // 40 accounts × 3 deals: 'tier' constant within every account, 'channel' varies, 'signed_on' dates, 'loss_note' filled only for lost deals.
        var csv = new System.Text.StringBuilder("deal_id,account_id,stage,amount,tier,channel,signed_on,loss_note\n");
        int id = 0;
        for (int a = 0; a < 40; a++)
        {
            for (int d = 0; d < 3; d++)
            {
                id++;
                bool won = (a + d) % 3 == 0;
                csv.Append(System.Globalization.CultureInfo.InvariantCulture,
                    $"D{id},A{a},{(won ? "Won" : "Lost")},{1000 + id},{(a % 2 == 0 ? "Gold" : "Silver")},{(d == 0 ? "Web" : d == 1 ? "Partner" : "Event")},2024-{1 + id % 12:00}-{1 + id % 28:00},{(won ? "" : "price")}\n");
            }
        }
        DealSet deals = DealSet.FromCsv(_temp.Write("deals.csv", csv.ToString()));
        AttributeRoles roles = deals.AttributeRoles;
        Assert.Equal(new AttributeRoleAssignment("tier", AttributeRole.AccountAttribute, "the same on every deal of 100.0 % of the 40 accounts with several deals", false), roles.Of("tier"));
        Assert.Equal(AttributeRole.DealAttribute, roles.Of("channel")!.Role);
        Assert.StartsWith("varies between deals of one account (the same in only 0.0 % of the 40 accounts", roles.Of("channel")!.Reason, StringComparison.Ordinal);
        Assert.StartsWith("a date with ", roles.Of("signed_on")!.Reason, StringComparison.Ordinal);
        Assert.StartsWith("outcome leakage: filled on 80 deals, 100 % of them lost", roles.Of("loss_note")!.Reason, StringComparison.Ordinal);
        Assert.Equal(["tier"], roles.AccountAttributes);
    }

    [Fact]
    public void OneDealPerAccount_AttributesAreAccountAttributes_AndTheReasonSaysNoAccountHasTwoDeals()
    {
        // A lead export: 60 companies with one lead each; with nothing to compare within an account the role cannot be inferred.
        var csv = new System.Text.StringBuilder("deal_id,account_id,stage,amount,tier\n");
        for (int i = 0; i < 60; i++)
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"D{i},A{i},{(i % 3 == 0 ? "Won" : "Lost")},1,{(i % 2 == 0 ? "Gold" : "Silver")}\n");
        DealSet deals = DealSet.FromCsv(_temp.Write("leads.csv", csv.ToString()));
        AttributeRoleAssignment tier = deals.AttributeRoles.Of("tier")!;
        Assert.Equal(AttributeRole.AccountAttribute, tier.Role);
        Assert.Equal("taken as an account attribute: no account has more than one deal, so whether it varies within accounts cannot be told", tier.Reason);
    }

    [Fact]
    public void Cli_ReportOnTheRealisticExport_WithOnlyAccounts_UsesAccountAttributes_ReportsLeakageAndHowWeSell()
    {
        (string opps, string accounts, _, _) = SalesforceExport.Write(_temp.Path);
        string md = _temp.File("report.md");
        (int exit, _, string error) = IcpCli.InProcess(ReportCommand.Create(), opps, "--accounts", accounts, "--out", md, "--no-progress");
        Assert.True(exit == 0, error);
        string text = File.ReadAllText(md);
        Assert.Contains("Industry = Healthcare", text, StringComparison.Ordinal);
        string icpSection = text.Split("\n## ").Single(part => part.StartsWith("ICP rules and coverage", StringComparison.Ordinal));
        Assert.Contains("Industry = Healthcare", icpSection, StringComparison.Ordinal);
        Assert.DoesNotContain("Product = ", icpSection, StringComparison.Ordinal); // the ICP names no product; the how-we-sell section does
        Assert.Contains("How we sell: yield by deal attribute", text, StringComparison.Ordinal);
        Assert.Contains("outcome leakage: filled on 752 deals, 100 % of them won", text, StringComparison.Ordinal);
        Assert.Contains("--account-attribute \"Won Reason\" searches it anyway", text, StringComparison.Ordinal); // the fix in flags
        Assert.Contains("Account attributes (searched for the ICP): Industry, Region, Employees, Annual Revenue, Year Founded; deal attributes (how we sell, not searched): Product, Lead Source", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Cli_RoleFlags_OverrideInference_InInspect()
    {
        (string opps, string accounts, _, _) = SalesforceExport.Write(_temp.Path);
        (int exit, string output, string error) = IcpCli.InProcess(InspectCommand.Create(), opps, "--accounts", accounts,
            "--deal-attribute", "Region", "--exclude-attribute", "Industry", "--account-attribute", "Product");
        Assert.True(exit == 0, error);
        Assert.Contains("Region: deal attribute (set with --deal-attribute)", output, StringComparison.Ordinal);
        Assert.Contains("Industry: excluded (set with --exclude-attribute)", output, StringComparison.Ordinal);
        Assert.Contains("Product: account attribute (set with --account-attribute)", output, StringComparison.Ordinal);
        (int bad, _, string message) = IcpCli.InProcess(InspectCommand.Create(), opps, "--accounts", accounts, "--deal-attribute", "Segment");
        Assert.Equal(2, bad);
        Assert.Contains("--deal-attribute Segment names a column that is not an attribute of the deals", message, StringComparison.Ordinal);
    }
}
