using System.Globalization;

namespace IcpAnalytics.Statistics;

/// <summary>A confidence interval (or any closed range) from <see cref="Lower"/> to <see cref="Upper"/>.</summary>
/// <param name="Lower">The lower bound.</param>
/// <param name="Upper">The upper bound.</param>
public readonly record struct Interval(double Lower, double Upper)
{
    /// <summary>The width, <see cref="Upper"/> − <see cref="Lower"/>.</summary>
    public double Width => Upper - Lower;

    /// <summary>Whether <paramref name="value"/> lies within the interval (bounds included).</summary>
    /// <param name="value">The value to test.</param>
    public bool Contains(double value) => value >= Lower && value <= Upper;

    /// <summary>Whether the interval lies entirely above or entirely below zero.</summary>
    public bool ExcludesZero => Lower > 0 || Upper < 0;

    /// <summary>The interval as "[lower, upper]" with six significant digits, invariant culture.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"[{Lower:G6}, {Upper:G6}]");
}
