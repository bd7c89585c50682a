using System.Globalization;
using IcpAnalytics.Statistics;

namespace IcpAnalytics.Execution.Funnel;

/// <summary>
/// The test of one rep at one step against the rest of the team (the benchmark): the difference in conversion ratio with its
/// Newcombe interval, the raw and adjusted p-values, whether the step leaks, and what the leak costs.
/// </summary>
/// <param name="Rep">The rep.</param>
/// <param name="Step">The step's position, 0 for the first.</param>
/// <param name="StepName">The step, e.g. "appointments → demos".</param>
/// <param name="RepRatio">The rep's conversion ratio at the step.</param>
/// <param name="BenchmarkRatio">The rest of the team's ratio at the step (the team without this rep).</param>
/// <param name="Difference">Rep ratio − benchmark ratio with its Newcombe interval and pooled z-test p-value.</param>
/// <param name="AdjustedPValue">The p-value adjusted across every rep × step test (Holm or Benjamini–Hochberg).</param>
/// <param name="IsLeak">Whether the rep converts significantly worse than the benchmark (adjusted p ≤ alpha and the difference below 0).</param>
/// <param name="ExtraWins">
/// The wins the rep would have had at the benchmark ratio at this step, carried down the funnel at the rep's own later ratios
/// (the team's where the rep's is undefined), minus the rep's actual wins; 0 when the rep is not below the benchmark.
/// </param>
/// <param name="MarginCost">Extra wins × the rep's margin per win (the team's when the rep has no wins), over all periods loaded.</param>
/// <param name="MarginCostPerPeriod">Margin cost divided by the rep's number of periods.</param>
public sealed record StepLeakTest(string Rep, int Step, string StepName, double RepRatio, double BenchmarkRatio, ProportionDifference Difference, double AdjustedPValue, bool IsLeak,
    double ExtraWins, double MarginCost, double MarginCostPerPeriod)
{
    /// <summary>E.g. "Rep 03 leaks at appointments → demos: 30.0% vs 50.1% (adjusted p &lt; 0.0001), about 41 wins and 490,000 margin lost".</summary>
    public override string ToString()
    {
        string p = AdjustedPValue < 0.0001 ? "< 0.0001" : "= " + AdjustedPValue.ToString("0.####", CultureInfo.InvariantCulture);
        string head = $"{Rep} {(IsLeak ? "leaks" : "does not leak")} at {StepName}: {InvariantText.Pct(RepRatio)} vs {InvariantText.Pct(BenchmarkRatio)} for the rest of the team (adjusted p {p})";
        return IsLeak ? head + string.Create(CultureInfo.InvariantCulture, $", about {ExtraWins:N1} wins and {MarginCost:N0} margin lost ({MarginCostPerPeriod:N0} per period)") : head;
    }
}
