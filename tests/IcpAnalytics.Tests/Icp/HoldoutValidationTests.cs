using IcpAnalytics.Data;
using IcpAnalytics.Icp;
using IcpAnalytics.Segments;
using Xunit.Abstractions;

namespace IcpAnalytics.Tests.Icp;

public class HoldoutValidationTests(ITestOutputHelper output)
{
    [Fact]
    public void ValidateOnDealsClosedAfter_SampleDeals_FitDealsYieldMoreMarginPerEffortHour()
    {
        DealSet deals = SampleDeals.Generate(8_000, seed: 5);
        HoldoutValidation v = deals.Icp().SegmentBy("industry", "employees", "region")
            .ValidateOnDealsClosedAfter(new DateOnly(2025, 7, 1));
        output.WriteLine(v.ToString());
        output.WriteLine(v.Profile.ToString());
        Assert.Equal(new DateOnly(2025, 7, 1), v.Cutoff);
        Assert.Equal(deals.ClosedOnOrAfter(new DateOnly(2025, 7, 1)).Count, v.HoldoutDeals);
        Assert.Equal(deals.ClosedBefore(new DateOnly(2025, 7, 1)).Count, v.Profile.TrainingDeals);
        YieldDifference perHour = v.MarginPerEffortHour!;
        Assert.True(perHour.Difference > 0);
        Assert.True(perHour.DifferenceInterval.Lower > 0, perHour.ToString());
        Assert.True(perHour.PValue < 0.001);
        // The generator's ICP adds 0.20 to the win probability.
        Assert.True(v.WinRate!.DifferenceInterval.Lower > 0.05, v.WinRate.ToString());
        Assert.True(v.MarginPerDealPursued!.DifferenceInterval.Lower > 0);
        // Fit deals capture more of the later margin than their share of deals and of effort.
        Assert.True(v.FitShareOfMargin > v.FitShareOfDeals + 0.1);
        Assert.True(v.FitShareOfMargin > v.FitShareOfEffort!.Value + 0.1);
        // The gain curve starts at 0, ends at 1, and never falls.
        Assert.Equal(0, v.GainCurve[0].ShareOfDeals);
        Assert.Equal(1, v.GainCurve[^1].ShareOfDeals, 12);
        Assert.Equal(1, v.GainCurve[^1].ShareOfMargin, 9);
        for (int k = 1; k < v.GainCurve.Count; k++) Assert.True(v.GainCurve[k].ShareOfDeals > v.GainCurve[k - 1].ShareOfDeals);
    }

    [Fact]
    public void Score_HigherScoresMeanHigherYieldOnLaterDeals()
    {
        DealSet deals = SampleDeals.Generate(8_000, seed: 9);
        var cut = new DateOnly(2025, 7, 1);
        IdealCustomerProfile icp = deals.ClosedBefore(cut).Icp().SegmentBy("industry", "employees", "region").Build();
        DealSet later = deals.ClosedOnOrAfter(cut);
        double[] scores = icp.ScoreDeals(later);
        double median = scores.Order().ElementAt(scores.Length / 2);
        double hiY = 0, hiH = 0, loY = 0, loH = 0;
        for (int i = 0; i < later.Count; i++)
        {
            double y = later.IsWon(i) ? later.GrossMargin![i] : 0;
            if (scores[i] > median) { hiY += y; hiH += later.EffortHours![i]; }
            else { loY += y; loH += later.EffortHours![i]; }
        }
        Assert.True(hiY / hiH > 1.5 * (loY / loH), $"high scores {hiY / hiH:F1}/h vs low {loY / loH:F1}/h");
    }

    [Fact]
    public void ValidateOnDealsClosedAfter_DateOutsideTheDeals_ReportsBothCounts()
    {
        DealSet deals = SampleDeals.Generate(500, seed: 1);
        var ex = Assert.Throws<InvalidOptionsException>(() => deals.Icp().ValidateOnDealsClosedAfter(new DateOnly(2030, 1, 1)));
        Assert.Contains("500 deals before it and 0 on or after it", ex.Message, StringComparison.Ordinal);
    }
}
