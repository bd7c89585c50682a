using System.Globalization;
using System.Text;
using IcpAnalytics.Data;
using IcpAnalytics.Tests.Icp;

namespace IcpAnalytics.Tests.Data;

/// <summary>
/// Every derived copy of a deal set (a filter, a date cut, banding, created dates, activity effort, and chains of them) keeps the
/// loaded deals' attribute roles: the roles inferred once on the whole export and the roles the map set, never roles re-inferred on
/// a subset. On the Salesforce-style export (<see cref="SalesforceExport"/>) a subset's re-inference would differ: the reasons
/// quote the deal and account counts ("near-unique: 2,568 distinct values on 2,568 deals").
/// </summary>
public sealed class DerivedCopyRoleTests : IDisposable
{
    private static readonly DateOnly Cut = new(2024, 7, 1);
    private readonly TempFolder _temp = new("icp-derived-");

    public void Dispose() => _temp.Dispose();

    private DealSet LoadExport()
    {
        (string opps, string accounts, _, _) = SalesforceExport.Write(_temp.Path);
        // One set role, so a copy that lost the hints would show an inferred role for Region instead.
        return DealSet.FromCsv(opps, map => map.WithAccounts(accounts).DealAttribute("Region"));
    }

    /// <summary>An activity log with one call per deal, dated on its close date, so every deal gets one call.</summary>
    private static ActivityLog OneCallPerDeal(DealSet deals)
    {
        var csv = new StringBuilder("opportunity_id,activity_type,activity_date\n");
        for (int i = 0; i < deals.Count; i++)
            csv.Append(CultureInfo.InvariantCulture, $"{deals.DealId(i)},Call,{deals.ClosedOn(i):yyyy-MM-dd}\n");
        return ActivityLog.FromCsv(new StringReader(csv.ToString()));
    }

    [Fact]
    public void EveryDerivedCopy_KeepsTheLoadedDealsRoles()
    {
        DealSet deals = LoadExport();
        AttributeRoles parent = deals.AttributeRoles;
        Assert.Equal(AttributeRole.DealAttribute, parent.Of("Region")!.Role);
        Assert.StartsWith("near-unique: 2,568 distinct values on 2,568 deals", parent.Of("Opportunity Name")!.Reason, StringComparison.Ordinal);

        DealSet earlier = deals.ClosedBefore(Cut);
        Assert.InRange(earlier.Count, 1, deals.Count - 1);
        var copies = new (string Name, DealSet Copy)[]
        {
            ("Where", deals.Where(i => deals.IsWon(i))),
            ("Select", deals.Select([0, 2, 4, 6])),
            ("ClosedBefore", earlier),
            ("ClosedOnOrAfter", deals.ClosedOnOrAfter(Cut)),
            ("WithBands", deals.WithBands("Employees", 50, 200, 1000)),
            ("WithQuantileBands", deals.WithQuantileBands("Year Founded")),
            ("WithActivities", deals.WithActivities(OneCallPerDeal(deals))),
            ("ClosedBefore then WithActivities", earlier.WithActivities(OneCallPerDeal(earlier))),
            ("WithActivities then ClosedBefore", deals.WithActivities(OneCallPerDeal(deals)).ClosedBefore(Cut)),
            ("ClosedBefore then WithBands then Where", earlier.WithBands("Employees", 50, 200, 1000).Where(i => i % 2 == 0)),
        };
        foreach ((string name, DealSet copy) in copies)
        {
            // The same roles object: inferred once on the loaded deals and shared, not re-inferred on the copy.
            Assert.True(ReferenceEquals(parent, copy.AttributeRoles), name);
            Assert.Equal(AttributeRole.DealAttribute, copy.AttributeRoles.Of("Region")!.Role);
        }
        // The activity copies did replace the effort: one call per deal.
        DealSet withCalls = deals.WithActivities(OneCallPerDeal(deals));
        Assert.Equal(deals.Count, withCalls.Efforts.Single(e => e.Name == "calls").ToArray().Sum());
    }

    [Fact]
    public void ASubsetWouldInferOtherRoles_SoSharingIsWhatKeepsThemEqual()
    {
        // The premise of the test above: inferring on the earlier deals alone gives other reasons (other counts), so a copy that
        // re-inferred would fail it.
        DealSet deals = LoadExport();
        DealSet earlier = deals.ClosedBefore(Cut);
        string subsetReason = AttributeRoleInference.Infer(earlier, earlier.RoleHints).Of("Opportunity Name")!.Reason;
        Assert.NotEqual(deals.AttributeRoles.Of("Opportunity Name")!.Reason, subsetReason);
        Assert.Equal(deals.AttributeRoles.Of("Opportunity Name")!.Reason, earlier.AttributeRoles.Of("Opportunity Name")!.Reason);
    }

    [Fact]
    public void InMemoryDeals_WithActivities_KeepTheirAttributeRoles_AndListTheNewEfforts()
    {
        // Sample deals have no loader's list of parts: the activity copy's efforts are its own parts, so it infers its roles itself;
        // the attributes are the parent's, so their roles are the same.
        DealSet deals = SampleDeals.Generate(2_000, seed: 3);
        DealSet withCalls = deals.WithActivities(OneCallPerDeal(deals));
        Assert.Equal(deals.AttributeRoles.AccountAttributes, withCalls.AttributeRoles.AccountAttributes);
        Assert.Equal(deals.AttributeRoles.DealAttributes, withCalls.AttributeRoles.DealAttributes);
        Assert.Equal(AttributeRole.Excluded, withCalls.AttributeRoles.Of("calls")!.Role);
        Assert.Equal("an effort count", withCalls.AttributeRoles.Of("calls")!.Reason);
    }
}
