using IcpAnalytics.Data;

namespace IcpAnalytics.Tests.Segments;

/// <summary>Band edges and labels that fit the values: years as years, money and counts with rounded edges and separators.</summary>
public class BandingLabelTests
{
    [Fact]
    public void Labels_YearEdges_ReadAsYearsWithoutSeparator()
    {
        Assert.Equal(["< 1990", "1990–1999", "2000–2009", "≥ 2010"], Banding.Labels([1990, 2000, 2010]));
        Assert.Equal(["< 2019", "2019", "2020–2024", "≥ 2025"], Banding.Labels([2019, 2020, 2025]));
    }

    [Fact]
    public void QuantileEdges_YearsFounded1950To2024_DecadeEdgesAndYearLabels()
    {
        // 1950 … 2024, one account each (75 values), 4 bands: the quantiles at positions ⌊75k/4⌋ = 18, 37, 56 are
        // 1968, 1987, 2006, rounded to whole decades 1970, 1990, 2010 (two significant digits would give one edge, 2,000).
        double[] years = [.. Enumerable.Range(1950, 75).Select(y => (double)y)];
        double[] edges = Banding.QuantileEdges(years, 4);
        Assert.Equal([1970.0, 1990.0, 2010.0], edges);
        Assert.Equal(["< 1970", "1970–1989", "1990–2009", "≥ 2010"], Banding.Labels(edges));
    }

    [Fact]
    public void QuantileEdges_ShortSpanOfYears_FiveYearEdges()
    {
        // 2005 … 2024 (20 years), 2 bands: the median position 10 is 2015, already a multiple of 5.
        double[] years = [.. Enumerable.Range(2005, 20).Select(y => (double)y)];
        double[] edges = Banding.QuantileEdges(years, 2);
        Assert.Equal([2015.0], edges);
        Assert.Equal(["< 2015", "≥ 2015"], Banding.Labels(edges));
    }

    [Fact]
    public void QuantileEdges_MoneyAndCounts_KeepRoundedEdgesWithSeparators()
    {
        // Revenue 100, 200, … 10,000: quantile positions 25, 50, 75 are 2,600, 5,100, 7,600 (two significant digits).
        double[] revenue = [.. Enumerable.Range(1, 100).Select(k => 100.0 * k)];
        double[] edges = Banding.QuantileEdges(revenue, 4);
        Assert.Equal([2_600.0, 5_100.0, 7_600.0], edges);
        Assert.Equal(["< 2,600", "2,600–5,100", "5,100–7,600", "≥ 7,600"], Banding.Labels(edges));

        // Employee counts with edges at whole hundreds inside 1800–2100 are counts, not years.
        Assert.Equal(["< 1,900", "1,900–2,000", "≥ 2,000"], Banding.Labels([1_900, 2_000]));
        // Counts 1 … 3,000 (not all inside 1800–2100) keep two significant digits.
        double[] employees = [.. Enumerable.Range(1, 3_000).Select(k => (double)k)];
        Assert.Equal([1_500.0], Banding.QuantileEdges(employees, 2));
    }
}
