using IcpAnalytics.Statistics;
using MathNet.Numerics.Distributions;

namespace IcpAnalytics.Execution.Coaching;

/// <summary>
/// Group-time average treatment effects for staggered adoption (Callaway &amp; Sant'Anna 2021, unconditional parallel
/// trends, universal base period g − 1) on a rep × period panel, aggregated with group-size weights, with standard errors
/// from each rep's influence function summed over every cell it enters (clustered by rep).
/// </summary>
/// <remarks>
/// For the reps first coached in period g and a period t, ATT(g, t) = mean over those reps of (Y_t − Y_{g−1}) minus the
/// same mean over the comparison reps: never coached, plus (by default) reps not yet coached by max(t, g − 1). Post cells
/// (t ≥ g) are averaged with weights ∝ the coached reps in the cell; pre cells (t &lt; g − 1) are placebo effects that
/// are 0 under parallel trends. A rep's influence on a cell is (Δ_i − mean)/√(n(n − 1)) on its side (negative for
/// comparison reps; the small-sample form whose squares sum to s²/n); the aggregate's variance is Σ_i ψ_i², ψ_i summed
/// over every cell the rep enters, and intervals use Student's t on N − 1 degrees of freedom for the N reps with influence. The weights are treated as known (their estimation adds a term the CS
/// paper includes; with group-size weights it is small).
/// </remarks>
internal static class StaggeredDifferenceInDifferences
{
    /// <summary>One group-time cell.</summary>
    internal sealed record Cell(int Group, int Period, double Effect, int Coached, int Comparison, double[] Influence);

    /// <summary>An aggregate: estimate, standard error, interval, p-value, reps with influence and cells used.</summary>
    internal sealed record Aggregate(double Estimate, double StandardError, Interval Interval, double PValue, int Reps, int Cells);

    /// <summary>All identified cells of one measure.</summary>
    /// <param name="values">values[rep][period], NaN where missing.</param>
    /// <param name="group">Each rep's first coached period index, or -1 when never coached.</param>
    /// <param name="notYetCoachedCompare">Whether reps not yet coached join the never-coached reps in the comparison group.</param>
    public static List<Cell> Cells(double[][] values, int[] group, bool notYetCoachedCompare)
    {
        int n = values.Length, periods = n == 0 ? 0 : values[0].Length;
        var cells = new List<Cell>();
        foreach (int g in group.Where(x => x >= 1 && x < periods).Distinct().Order())
        {
            int b = g - 1;
            for (int t = 0; t < periods; t++)
            {
                if (t == b) continue;
                int horizon = Math.Max(t, b);
                var treated = new List<int>();
                var controls = new List<int>();
                for (int i = 0; i < n; i++)
                {
                    if (!double.IsFinite(values[i][t]) || !double.IsFinite(values[i][b])) continue;
                    if (group[i] == g) treated.Add(i);
                    else if (group[i] < 0 || notYetCoachedCompare && group[i] > horizon) controls.Add(i);
                }
                if (treated.Count < 1 || controls.Count < 2) continue;
                double meanT = treated.Average(i => values[i][t] - values[i][b]);
                double meanC = controls.Average(i => values[i][t] - values[i][b]);
                var influence = new double[n];
                // (Δ − mean)/√(n(n − 1)): a cell's Σψ² is then exactly s²/n on each side (the unbiased variance of a mean).
                double scaleT = treated.Count > 1 ? Math.Sqrt(treated.Count * (treated.Count - 1.0)) : 1;
                double scaleC = Math.Sqrt(controls.Count * (controls.Count - 1.0));
                foreach (int i in treated) influence[i] = (values[i][t] - values[i][b] - meanT) / scaleT;
                foreach (int i in controls) influence[i] = -(values[i][t] - values[i][b] - meanC) / scaleC;
                cells.Add(new Cell(g, t, meanT - meanC, treated.Count, controls.Count, influence));
            }
        }
        return cells;
    }

    /// <summary>The group-size weighted average of <paramref name="cells"/>, or null when there are none.</summary>
    public static Aggregate? Combine(IReadOnlyList<Cell> cells, int reps, double confidenceLevel)
    {
        if (cells.Count == 0) return null;
        double total = cells.Sum(c => (double)c.Coached);
        var psi = new double[reps];
        double estimate = 0;
        foreach (Cell c in cells)
        {
            double w = c.Coached / total;
            estimate += w * c.Effect;
            for (int i = 0; i < reps; i++) psi[i] += w * c.Influence[i];
        }
        int used = psi.Count(v => v != 0);
        if (used < 2) return new Aggregate(estimate, double.NaN, new Interval(double.NaN, double.NaN), double.NaN, used, cells.Count);
        double variance = psi.Sum(v => v * v);
        double se = Math.Sqrt(variance);
        double q = StudentT.InvCDF(0, 1, used - 1, 0.5 + confidenceLevel / 2);
        double p = se > 0 ? 2 * StudentT.CDF(0, 1, used - 1, -Math.Abs(estimate / se)) : estimate == 0 ? 1 : 0;
        return new Aggregate(estimate, se, new Interval(estimate - q * se, estimate + q * se), p, used, cells.Count);
    }

    /// <summary>
    /// The naive before/after change of coached reps, no comparison group: each coached rep's mean after coaching minus
    /// their mean before, averaged over reps, with a t interval over reps. What a market-wide change also produces.
    /// </summary>
    public static Aggregate? BeforeAfter(double[][] values, int[] group, double confidenceLevel)
    {
        var changes = new List<double>();
        for (int i = 0; i < values.Length; i++)
        {
            int g = group[i];
            if (g < 1) continue;
            double[] before = [.. values[i].Take(g).Where(double.IsFinite)];
            double[] after = [.. values[i].Skip(g).Where(double.IsFinite)];
            if (before.Length == 0 || after.Length == 0) continue;
            changes.Add(after.Average() - before.Average());
        }
        if (changes.Count < 2) return null;
        double mean = changes.Average();
        double sd = Math.Sqrt(changes.Sum(x => (x - mean) * (x - mean)) / (changes.Count - 1));
        double se = sd / Math.Sqrt(changes.Count);
        double q = StudentT.InvCDF(0, 1, changes.Count - 1, 0.5 + confidenceLevel / 2);
        double p = se > 0 ? 2 * StudentT.CDF(0, 1, changes.Count - 1, -Math.Abs(mean / se)) : 1;
        return new Aggregate(mean, se, new Interval(mean - q * se, mean + q * se), p, changes.Count, 0);
    }
}
