using System.Globalization;
using System.Text;
using IcpAnalytics.Data;
using IcpAnalytics.Icp;
using IcpAnalytics.Segments;
using IcpAnalytics.Statistics;

namespace IcpAnalytics.Tests.Icp;

/// <summary>
/// The strategists' believed ICP on deals with a designed truth: accounts in industry = Software with 250 to 1,000 employees
/// win 60 % of their deals, all others 30 %; every won deal earns a margin of 10,000 and every deal takes 10 effort hours,
/// so the true segment yields 600/h and the rest 300/h.
/// </summary>
public class StatedProfileTests
{
    private const double TrueYield = 600, RestYield = 300;

    private static readonly Lazy<(DealSet Deals, (string Industry, double Employees)[] Accounts)> Book = new(() => Generate(1_500, 8, seed: 3));

    private static (DealSet, (string, double)[]) Generate(int accounts, int dealsPerAccount, int seed)
    {
        var rng = new Random(seed);
        string[] industries = ["Software", "Retail", "Healthcare", "Finance"];
        var profile = new (string Industry, double Employees)[accounts];
        var sb = new StringBuilder("deal_id,account,closed,won,revenue,margin,effort_hours,industry,employees\n");
        var start = new DateOnly(2024, 1, 1);
        int id = 0;
        for (int a = 0; a < accounts; a++)
        {
            profile[a] = (industries[rng.Next(4)], 50 + rng.Next(1_950));
            bool truth = profile[a].Industry == "Software" && profile[a].Employees >= 250 && profile[a].Employees < 1_000;
            for (int k = 0; k < dealsPerAccount; k++)
            {
                bool won = rng.NextDouble() < (truth ? 0.6 : 0.3);
                DateOnly closed = start.AddDays(rng.Next(730));
                sb.Append(CultureInfo.InvariantCulture, $"D{id++},A{a},{closed:yyyy-MM-dd},{(won ? 1 : 0)},{(won ? 40_000 : 0)},{(won ? 10_000 : 0)},10,{profile[a].Industry},{profile[a].Employees}\n");
            }
        }
        DealSet deals = DealSet.FromCsv(new StringReader(sb.ToString()), map => map.DealId("deal_id").Account("account").ClosedDate("closed")
            .Outcome("won", won: ["1"], lost: ["0"]).Revenue("revenue").Margin("margin").EffortHours("effort_hours")
            .Attribute("industry").NumericAttribute("employees"));
        return (deals, profile);
    }

    private static int Count(DealSet deals, (string Industry, double Employees)[] accounts, Func<string, double, bool> holds)
    {
        int n = 0;
        for (int i = 0; i < deals.Count; i++)
        {
            (string industry, double employees) = accounts[int.Parse(deals.Accounts[i]![1..], CultureInfo.InvariantCulture)];
            if (holds(industry, employees)) n++;
        }
        return n;
    }

    [Fact]
    public void TrueBelief_YieldIntervalCoversDesignedValue_AndHoldsOnLaterDeals()
    {
        DealSet deals = Book.Value.Deals;
        IdealCustomerProfile believed = deals.Icp().BuildFromRules("industry = Software and employees 250–1,000");
        IcpRule rule = Assert.Single(believed.Rules);
        Assert.Equal("industry = Software and employees 250–1,000", rule.Text);
        Assert.Equal(ProfitYield.MarginPerEffortHour, believed.Measure);
        Assert.True(rule.ValueInterval!.Value.Lower <= TrueYield && TrueYield <= rule.ValueInterval.Value.Upper, $"{rule.ValueInterval} should cover {TrueYield}");
        Assert.InRange(rule.Value, 540, 660);
        Assert.True(rule.IsSignificant);
        Assert.Equal(0, believed.DiscoveryDeals);
        Assert.Equal(deals.Count, believed.ConfirmationDeals);
        Interval rest = believed.NonFitYield.MarginPerEffortHourInterval!.Value;
        Assert.True(rest.Lower <= RestYield && RestYield <= rest.Upper, $"{rest} should cover {RestYield}");
        // The fit score ranks an account of the belief above one outside it.
        var inside = new AccountProfile().With("industry", "Software").With("employees", 400);
        var outside = new AccountProfile().With("industry", "Software").With("employees", 1_500);
        Assert.True(believed.ScoreWithoutReasons(inside).IsFit);
        Assert.False(believed.Score(outside).IsFit);
        Assert.True(believed.Score(inside).Score > believed.Score(outside).Score);

        HoldoutValidation holdout = deals.Icp().ValidateRulesOnDealsClosedAfter(new DateOnly(2025, 1, 1), "industry = Software and employees 250–1,000");
        YieldDifference gap = holdout.MarginPerEffortHour!;
        Assert.True(gap.DifferenceInterval.Lower <= TrueYield - RestYield && TrueYield - RestYield <= gap.DifferenceInterval.Upper, $"{gap} should cover 300");
        Assert.True(gap.PValue < 0.001);
    }

    [Fact]
    public void WrongBelief_ShowsDesignedShortfall()
    {
        DealSet deals = Book.Value.Deals;
        IdealCustomerProfile wrong = deals.Icp().BuildFromRules("industry = Retail");
        IdealCustomerProfile right = deals.Icp().BuildFromRules("industry = Software and employees 250–1,000");
        IcpRule rule = Assert.Single(wrong.Rules);
        Assert.True(rule.ValueInterval!.Value.Lower <= RestYield && RestYield <= rule.ValueInterval.Value.Upper, $"{rule.ValueInterval} should cover {RestYield}");
        Assert.True(rule.ValueInterval.Value.Upper < TrueYield);
        Assert.False(rule.IsSignificant);
        Assert.Single(wrong.Rules); // a stated rule stays in the profile, significant or not

        ProfileAgreement agreement = ProfileAgreement.Compare(wrong, right, deals);
        Assert.Equal(0, agreement.BothDeals);
        SegmentYield missed = agreement.Group(ProfileAgreement.MissedLabel)!;
        SegmentYield wronglyIn = agreement.Group(ProfileAgreement.BelievedOnlyLabel)!;
        // The shortfall: the deals the belief misses yield 600/h, those it includes wrongly 300/h.
        Assert.InRange(missed.MarginPerEffortHour!.Value - wronglyIn.MarginPerEffortHour!.Value, 300 - 90, 300 + 90);
        Assert.True(missed.MarginPerEffortHourInterval!.Value.Lower <= TrueYield && TrueYield <= missed.MarginPerEffortHourInterval.Value.Upper);
    }

    [Fact]
    public void Agreement_CountsEqualSetArithmetic()
    {
        (DealSet deals, (string Industry, double Employees)[] accounts) = Book.Value;
        IdealCustomerProfile a = deals.Icp().BuildFromRules("industry = Software and employees 250–1,000");
        IdealCustomerProfile b = deals.Icp().BuildFromRules("industry in (Software, retail) and employees >= 250", "industry = Finance and employees < 100");
        bool A(string i, double e) => i == "Software" && e >= 250 && e < 1_000;
        bool B(string i, double e) => ((i == "Software" || i == "Retail") && e >= 250) || (i == "Finance" && e < 100);
        ProfileAgreement agreement = ProfileAgreement.Compare(a, b, deals);
        Assert.Equal(Count(deals, accounts, (i, e) => A(i, e) && B(i, e)), agreement.BothDeals);
        Assert.Equal(Count(deals, accounts, (i, e) => !A(i, e) && B(i, e)), agreement.MissedDeals);
        Assert.Equal(Count(deals, accounts, (i, e) => A(i, e) && !B(i, e)), agreement.BelievedOnlyDeals);
        Assert.Equal(0, agreement.BelievedOnlyDeals);
        Assert.Equal(Count(deals, accounts, (i, e) => !A(i, e) && !B(i, e)), agreement.NeitherDeals);
        Assert.Equal(deals.Count, agreement.BothDeals + agreement.MissedDeals + agreement.BelievedOnlyDeals + agreement.NeitherDeals);
        Assert.Equal(Count(deals, accounts, B), b.MatchDeals(deals).Count(x => x));

        // Against what the data finds: the groups add up to the discovered profile's fit deals.
        IdealCustomerProfile discovered = deals.Icp().SegmentBy("industry", "employees").Build();
        ProfileAgreement found = ProfileAgreement.Compare(a, discovered, deals);
        Assert.Equal(discovered.MatchDeals(deals).Count(x => x), found.BothDeals + found.MissedDeals);
        Assert.Equal(Count(deals, accounts, A), found.BothDeals + found.BelievedOnlyDeals);
    }

    [Theory]
    [InlineData("industy = Software", "rule 1 (\"industy = Software\"), at character 1: the deals have no attribute 'industy'. Did you mean 'industry'?")]
    [InlineData("industry = Sofware", "'industry' has no level 'Sofware' (levels are matched ignoring case; it has 4, the closest 1 character away). Fix the spelling; deals.Summarize() shows")]
    [InlineData("industry = Software and employees > 250", "at character 25: '>' is not supported")]
    [InlineData("employees 1,000–250", "does not increase")]
    [InlineData("industry Software", "'industry Software' is not a condition")]
    [InlineData("industry = Software and ", "a condition is missing around 'and'")]
    [InlineData("employees = 250", "'employees' is numeric; state a range")]
    [InlineData("industry >= 3", "'industry' is not numeric")]
    public void BadRuleText_NamesPositionAndFix(string rule, string expected)
    {
        InvalidOptionsException e = Assert.Throws<InvalidOptionsException>(() => Book.Value.Deals.Icp().BuildFromRules(rule));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BandedAttribute_RangeOnItsEdges_TakesTheBandsInside_AndOffEdgeRangesAreRefused()
    {
        // SampleDeals bands employees at 50, 200, 1,000, 5,000: its true ICP reads "industry = Software and employees 200–1,000".
        DealSet deals = SampleDeals.Generate(3_000, 7);
        CategoricalColumn employees = deals.FindCategorical("employees")!;
        Assert.True(employees.IsBanded);
        string band = employees.LevelArray[employees.BandOf(500)];
        bool[] byRange = deals.Icp().BuildFromRules(SampleDealsTruth.IcpSegments[0]).MatchDeals(deals);
        bool[] byLevel = deals.Icp().BuildFromRules($"industry = Software and employees = {band}").MatchDeals(deals);
        Assert.Equal(byLevel, byRange);
        int software = 0;
        for (int i = 0; i < deals.Count; i++)
        {
            if (deals.FindCategorical("industry")![i] == "Software" && employees[i] == band) software++;
        }
        Assert.Equal(software, byRange.Count(x => x));
        Assert.True(software > 0);
        // From 200 up: the bands 200–1,000, 1,000–5,000 and ≥ 5,000.
        bool[] atLeast = deals.Icp().BuildFromRules("employees >= 200").MatchDeals(deals);
        int large = 0;
        for (int i = 0; i < deals.Count; i++)
        {
            if (employees.BandOf(200) <= Array.IndexOf(employees.LevelArray, employees[i])) large++;
        }
        Assert.Equal(large, atLeast.Count(x => x));
        InvalidOptionsException e = Assert.Throws<InvalidOptionsException>(() => deals.Icp().BuildFromRules("employees 250–1,000"));
        Assert.Contains("'employees' is banded at 50, 200, 1,000, 5,000; start and end the range on these edges", e.Message, StringComparison.Ordinal);
    }
}
