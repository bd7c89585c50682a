using System.Globalization;
using IcpAnalytics.Reports;

namespace IcpAnalytics.Tests.Reports;

public class ReportFormatterTests
{
    [Theory]
    [InlineData(12345.6, ReportValueKind.Currency, "$12,346")]
    [InlineData(-967651.2, ReportValueKind.Currency, "-$967,651")]
    [InlineData(54.954, ReportValueKind.Currency, "$54.95")]
    [InlineData(0.3421, ReportValueKind.Percent, "34.2%")]
    [InlineData(0.0608, ReportValueKind.Percent, "6.08%")]
    [InlineData(1.789, ReportValueKind.Ratio, "1.79×")]
    [InlineData(1234567, ReportValueKind.Count, "1,234,567")]
    [InlineData(10.484, ReportValueKind.Number, "10.48")]
    public void Format_Invariant_WritesForPeople(double value, ReportValueKind kind, string expected) =>
        Assert.Equal(expected, new ReportFormatter(CultureInfo.InvariantCulture, null).Format(value, kind));

    [Fact]
    public void Format_GermanCulture_UsesDecimalCommaAndEuroAfterTheNumber()
    {
        var f = new ReportFormatter(new CultureInfo("de-DE"), null);
        Assert.Equal("12.346\u00a0€", f.Format(12345.6, ReportValueKind.Currency));
        Assert.Equal("34,2%", f.Format(0.3421, ReportValueKind.Percent));
        Assert.Equal("1.234.567", f.Format(1234567, ReportValueKind.Count));
    }

    [Fact]
    public void Format_MissingValue_IsADashNotZero()
    {
        var f = new ReportFormatter(CultureInfo.InvariantCulture, null);
        Assert.Equal("–", f.Format(null, ReportValueKind.Currency));
        Assert.Equal("–", f.Format(double.NaN, ReportValueKind.Percent));
    }

    [Fact]
    public void NiceTicks_CoverTheRangeWithRoundSteps()
    {
        Assert.Equal([0, 0.2, 0.4, 0.6, 0.8, 1.0, 1.2], ReportFormatter.NiceTicks(0, 1.07));
        Assert.Equal([0, 0.2, 0.4, 0.6, 0.8, 1.0], ReportFormatter.NiceTicks(0, 1));
        Assert.Equal([-200, -100, 0, 100, 200, 300, 400, 500, 600], ReportFormatter.NiceTicks(-150, 520));
        Assert.Equal([0, 50, 100, 150, 200, 250], ReportFormatter.NiceTicks(0, 212, 5));
    }

    [Fact]
    public void Coordinate_IsInvariantWithTwoDecimals()
    {
        CultureInfo before = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            Assert.Equal("12.35", ReportFormatter.Coordinate(12.3456));
            Assert.Equal("0", ReportFormatter.Coordinate(-0.001));
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }
}
