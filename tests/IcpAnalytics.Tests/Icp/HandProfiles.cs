using IcpAnalytics.Data;
using IcpAnalytics.Icp;

namespace IcpAnalytics.Tests.Icp;

/// <summary>Profiles whose rules and scores are set by hand, for tests that work their expected numbers out on paper.</summary>
internal static class HandProfiles
{
    /// <summary>A profile with the single rule "industry = A" (expected yield 10 when held, 0 when not).</summary>
    public static IdealCustomerProfile IndustryA()
    {
        IdealCustomerProfile template = SampleDeals.Generate(3_000, seed: 11).Icp().SegmentBy("industry", "employees", "region").Build();
        IcpRule rule = template.Rules[0] with
        {
            Text = "industry = A",
            Conditions = [new RuleCondition("industry", "A", false, "industry = A")],
            ExpectedYieldByConditionsHeld = [0, 10],
        };
        return template with
        {
            Attributes = [new IcpAttribute("industry", ["A", "B"], null)],
            Rules = [rule],
            RankedRules = [rule],
            ScoreFloor = 0,
            ScoreCeiling = 10,
        };
    }
}
