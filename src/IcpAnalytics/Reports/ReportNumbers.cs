using System.Text.RegularExpressions;

namespace IcpAnalytics.Reports;

/// <summary>Finds the numbers in a generated sentence, so the HTML and Markdown outputs can link each to the section that proves it.</summary>
internal static partial class ReportNumbers
{
    /// <summary>
    /// A date (2025-05-27), or a number with its sign, currency symbol (before or after), thousands separators, decimals and unit
    /// (%, pp, ×): "$1,234", "−$30.55", "11.3%", "+11.3 pp", "2.68×", "1.234,5 €".
    /// </summary>
    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}|[-−+]?\p{Sc}?\d(?:[\d,.\u00a0\u202f']*\d)?(?:[\u00a0\u202f ]?\p{Sc})?(?: pp\b|%|×)?", RegexOptions.CultureInvariant)]
    internal static partial Regex Pattern();
}
