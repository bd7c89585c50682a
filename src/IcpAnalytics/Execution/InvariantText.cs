using System.Globalization;

namespace IcpAnalytics.Execution;

/// <summary>
/// Invariant number words for the one-line <c>ToString()</c> of the sales-execution records (debugger and log text).
/// People-facing output is rendered in IcpAnalytics.Reports with the caller's culture, never from these.
/// </summary>
internal static class InvariantText
{
    public static string Pct(double value, int decimals = 1) =>
        double.IsFinite(value) ? (value * 100).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) + "%" : "—";
}
