using IcpAnalytics.Data;
using IcpAnalytics.Icp;

namespace IcpAnalytics.Tests.Icp;

public class DegenerateAttributeTests
{
    private static DealSet WithDegenerate()
    {
        DealSet d = ConfirmationSplitTests.Create(3_000, accounts: 400, seed: 8);
        int n = d.Count;
        var industry = d.Categorical("industry");
        var codes = new int[n];
        industry.CopyCodesTo(codes);
        return new DealSet(
            [.. Enumerable.Range(0, n).Select(d.DealId)], d.Accounts, d.Reps, d.ClosedDays, d.WonFlags, d.Revenue, d.GrossMargin,
            null, null, d.EffortHours, [],
            [industry, new CategoricalColumn("segment", [.. Enumerable.Repeat(-1, n)], [], null)],
            [new NumericColumn("employees", [.. Enumerable.Repeat(250.0, n)], null)],
            LoadReport.Clean("degenerate", n));
    }

    [Fact]
    public void OneValueAndAllMissing_LeftOutWithNote_RulesStillFound()
    {
        // The fixture draws industry per deal (it varies within accounts), so it is a deal attribute, searched when asked.
        IdealCustomerProfile icp = WithDegenerate().Icp().IncludingDealAttributes().Build();
        Assert.Equal(2, icp.AttributeNotes.Count);
        Assert.Contains(icp.AttributeNotes, n => n.Contains("'employees' is left out: it has one value", StringComparison.Ordinal));
        Assert.Contains(icp.AttributeNotes, n => n.Contains("'segment' is left out: it has no values", StringComparison.Ordinal));
        Assert.Equal(["industry"], icp.Attributes.Select(a => a.Name));
        Assert.Equal("industry = A", Assert.Single(icp.Rules).Text);
    }

    [Fact]
    public void NamedDegenerateAttribute_LeftOutWithNote_NoError()
    {
        IdealCustomerProfile icp = WithDegenerate().Icp().SegmentBy("industry", "employees").Build();
        Assert.Contains(icp.AttributeNotes, n => n.Contains("'employees'", StringComparison.Ordinal));
        Assert.Equal("industry = A", Assert.Single(icp.Rules).Text);
    }
}
