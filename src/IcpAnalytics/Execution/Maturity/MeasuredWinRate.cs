using System.Globalization;
using IcpAnalytics.Statistics;

namespace IcpAnalytics.Execution.Maturity;

/// <summary>Your organization's own measured win rate: deals won out of closed deals pursued, with a Wilson interval.</summary>
/// <param name="Won">Deals won.</param>
/// <param name="Pursued">Closed deals pursued (won and lost).</param>
/// <param name="Interval">The 95% Wilson interval of the win rate.</param>
public sealed record MeasuredWinRate(long Won, long Pursued, Interval Interval)
{
    /// <summary>Won / pursued.</summary>
    public double Rate => (double)Won / Pursued;

    /// <summary>E.g. "34.1% [32.8%, 35.4%] (1,705 of 5,000 closed deals)".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{InvariantText.Pct(Rate)} [{InvariantText.Pct(Interval.Lower)}, {InvariantText.Pct(Interval.Upper)}] ({Won:N0} of {Pursued:N0} closed deals)");
}
