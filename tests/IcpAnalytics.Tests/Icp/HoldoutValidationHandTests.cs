using IcpAnalytics.Data;
using IcpAnalytics.Icp;
using IcpAnalytics.Tests.Segments;

namespace IcpAnalytics.Tests.Icp;

public class HoldoutValidationHandTests
{
    private const double Z95 = 1.959963984540054;

    /// <summary>A profile with the single rule "industry = A" (expected yield 10 when held, 0 when not).</summary>
    private static IdealCustomerProfile HandProfile()
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

    [Fact]
    public void Validate_TinyDeals_ClusteredDifferencesMatchHandCalculation()
    {
        // Fit: deals 0–2 (accounts A1: deals 0, 1; A2: deal 2). Non-fit: deals 3–5 (A3: deals 3, 4; A4: deal 5).
        HoldoutValidation v = HandProfile().Validate(TinyDeals.Create());
        Assert.Equal(3, v.Fit.DealsPursued);
        Assert.Equal(3, v.NonFit.DealsPursued);

        // Win rate 2/3 both: difference 0, p = 1.
        Assert.Equal(0, v.WinRate!.Difference, 12);
        Assert.Equal(1, v.WinRate.PValue, 12);

        // Margin per deal: fit 150/3 = 50; non-fit 50/3. Account residuals Σ(y − R) per account:
        // fit A1 100 − 2·50 = 0, A2 50 − 50 = 0; non-fit A3 30 − 2·50/3 = −10/3, A4 20 − 50/3 = 10/3.
        // Clustered variance G/(G−1)·Σ d² / n²: fit 0; non-fit 2 · (200/9) / 9.
        double seDeal = Math.Sqrt(2 * (200.0 / 9) / 9);
        Assert.Equal(50 - 50.0 / 3, v.MarginPerDealPursued!.Difference, 9);
        Assert.Equal(50 - 50.0 / 3 - Z95 * seDeal, v.MarginPerDealPursued.DifferenceInterval.Lower, 6);

        // Margin per hour: fit 150/20 = 7.5 (A1: 100 − 7.5·15 = −12.5, A2: 50 − 7.5·5 = 12.5);
        // non-fit 50/34 (A3: 30 − 30·50/34, A4: 20 − 4·50/34).
        double rNon = 50.0 / 34;
        double vFit = 2 * (12.5 * 12.5 * 2) / (20.0 * 20.0);
        double a3 = 30 - 30 * rNon, a4 = 20 - 4 * rNon;
        double vNon = 2 * (a3 * a3 + a4 * a4) / (34.0 * 34.0);
        double seHour = Math.Sqrt(vFit + vNon);
        Assert.Equal(7.5 - rNon, v.MarginPerEffortHour!.Difference, 9);
        Assert.Equal(7.5 - rNon + Z95 * seHour, v.MarginPerEffortHour.DifferenceInterval.Upper, 6);

        // Shares and the gain curve: fit deals score 100, the others 0.
        Assert.Equal(0.5, v.FitShareOfDeals, 12);
        Assert.Equal(20.0 / 54, v.FitShareOfEffort!.Value, 12);
        Assert.Equal(150.0 / 200, v.FitShareOfMargin, 12);
        Assert.Equal(3, v.GainCurve.Count);
        Assert.Equal(new GainCurvePoint(100, 0.5, 20.0 / 54, 0.75), v.GainCurve[1]);
        Assert.Equal(new GainCurvePoint(0, 1, 1, 1), v.GainCurve[2]);
    }

    [Fact]
    public void Score_HandProfile_ReasonsWeighConditionsInPoints()
    {
        IdealCustomerProfile icp = HandProfile();
        FitScore a = icp.Score(new AccountProfile().With("industry", "A"));
        Assert.Equal(100, a.Score);
        FitReason held = Assert.Single(a.Reasons);
        Assert.Equal(ConditionStatus.Held, held.Status);
        Assert.Equal(100, held.Points, 12);
        FitScore b = icp.Score(new AccountProfile().With("industry", "B"));
        Assert.Equal(0, b.Score);
        Assert.Equal(ConditionStatus.Missed, b.Reasons[0].Status);
        Assert.Contains("industry is B", b.Reasons[0].Explanation, StringComparison.Ordinal);
    }
}

public class IcpJsonBadInputTests
{
    [Theory]
    [InlineData("[]")]
    [InlineData("{\"schemaVersion\": \"one\"}")]
    [InlineData("{}")]
    [InlineData("{\"schemaVersion\": 1}")]
    public void FromJson_NotAProfile_ThrowsIcpAnalyticsException(string json)
    {
        Assert.ThrowsAny<IcpAnalyticsException>(() => IdealCustomerProfile.FromJson(json));
    }
}
