using System.Globalization;
using IcpAnalytics.Data;

namespace IcpAnalytics.Tests.Data;

public class NumberReaderTests
{
    [Theory]
    [InlineData("")]
    [InlineData("de-DE")]
    [InlineData("fr-FR")]
    public void TryParse_RandomDecimals_EqualsDoubleParse(string cultureName)
    {
        CultureInfo culture = CultureInfo.GetCultureInfo(cultureName);
        var reader = new NumberReader(culture);
        var rng = new Random(20261126);
        for (int i = 0; i < 50_000; i++)
        {
            double x = (rng.NextDouble() - 0.3) * Math.Pow(10, rng.Next(-8, 16));
            string text = x.ToString(i % 3 == 0 ? "R" : "F" + (i % 9).ToString(CultureInfo.InvariantCulture), culture);
            Assert.True(reader.TryParse(text, out double parsed), text);
            Assert.Equal(double.Parse(text, NumberStyles.Float, culture), parsed);
        }
    }

    [Theory]
    [InlineData("0.1", 0.1)]
    [InlineData("-0", -0.0)]
    [InlineData(".5", 0.5)]
    [InlineData("1.", 1.0)]
    [InlineData("123456789012345", 123456789012345.0)]
    [InlineData("1234567890123456789", 1234567890123456789.0)]
    [InlineData("0.000000000000000001", 1e-18)]
    [InlineData("1e3", 1000.0)]
    [InlineData("+7", 7.0)]
    public void TryParse_Invariant_MatchesDoubleParse(string text, double expected)
    {
        Assert.True(new NumberReader(CultureInfo.InvariantCulture).TryParse(text, out double value));
        Assert.Equal(expected, value);
        Assert.Equal(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture), value);
    }

    [Theory]
    [InlineData("1,5", "")]
    [InlineData("1.5", "de-DE")]
    [InlineData("1.234,5", "de-DE")]
    [InlineData("12k", "")]
    [InlineData(".", "")]
    [InlineData("-", "")]
    [InlineData("1.2.3", "")]
    public void TryParse_NotANumberInCulture_Fails(string text, string cultureName) =>
        Assert.False(new NumberReader(CultureInfo.GetCultureInfo(cultureName)).TryParse(text, out _));
}
