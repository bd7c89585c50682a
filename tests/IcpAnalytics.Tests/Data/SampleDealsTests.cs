using IcpAnalytics.Data;

namespace IcpAnalytics.Tests.Data;

public class SampleDealsTests
{
    [Fact]
    public void Generate_SameSeed_SameDeals()
    {
        DealSet a = SampleDeals.Generate(2_000, seed: 7);
        DealSet b = SampleDeals.Generate(2_000, seed: 7);
        Assert.Equal(a.Revenue.ToArray(), b.Revenue.ToArray());
        Assert.Equal(a.GrossMargin!.ToArray(), b.GrossMargin!.ToArray());
        Assert.Equal(a.WonCount, b.WonCount);
    }

    [Fact]
    public void Generate_IcpSegmentsYieldMoreMarginPerDeal()
    {
        DealSet deals = SampleDeals.Generate(40_000, seed: 1);
        CategoricalColumn industry = deals.Categorical("industry");
        CategoricalColumn employees = deals.Categorical("employees");
        int software = industry.FindLevel("Software");
        int mid = employees.FindLevel("200–1,000");
        double inSum = 0, outSum = 0;
        int inN = 0, outN = 0;
        for (int i = 0; i < deals.Count; i++)
        {
            double y = deals.IsWon(i) ? deals.GrossMargin![i] : 0;
            if (industry.GetCode(i) == software && employees.GetCode(i) == mid) { inSum += y; inN++; }
            else { outSum += y; outN++; }
        }
        Assert.True(inSum / inN > outSum / outN + 2_000, $"ICP {inSum / inN:F0} vs rest {outSum / outN:F0}");
    }

    [Fact]
    public void WithBands_CutsNumericAttributeAtEdges()
    {
        Assert.Equal(["< 50", "50–200", "200–1,000", "≥ 1,000"], Banding.Labels([50, 200, 1000]));
        Assert.Equal(0, Banding.BandIndex([50, 200], 49.9));
        Assert.Equal(1, Banding.BandIndex([50, 200], 50));
        Assert.Equal(2, Banding.BandIndex([50, 200], 200));
    }

    [Fact]
    public void Select_IsAViewOverTheSameColumns()
    {
        DealSet deals = SampleDeals.Generate(100, seed: 3);
        DealSet view = deals.Select([5, 7, 9]);
        Assert.Equal(3, view.Count);
        Assert.Equal(deals.DealId(7), view.DealId(1));
        Assert.Equal(deals.Revenue[9], view.Revenue[2]);
        DealSet nested = view.Select([2]);
        Assert.Equal(deals.DealId(9), nested.DealId(0));
        Assert.Same(deals.Revenue.Data, nested.Revenue.Data);
    }
}
