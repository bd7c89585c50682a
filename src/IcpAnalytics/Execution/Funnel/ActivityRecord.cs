using System.Globalization;

namespace IcpAnalytics.Execution.Funnel;

/// <summary>One rep's activity in one period: the count at each funnel stage (e.g. contacts, appointments, demos, opportunities, wins) and the period's result (margin).</summary>
/// <param name="Rep">The rep.</param>
/// <param name="Period">The period, e.g. "2026-Q1" or "2026-W07".</param>
/// <param name="Counts">The count at each stage, in funnel order; each stage at most the one before.</param>
/// <param name="Result">The period's result, e.g. gross margin won.</param>
public sealed record ActivityRecord(string Rep, string Period, IReadOnlyList<long> Counts, double Result)
{
    /// <summary>The rep, period, counts and result.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Rep} {Period}: {string.Join(" → ", Counts)}; result {Result:N0}");
}
