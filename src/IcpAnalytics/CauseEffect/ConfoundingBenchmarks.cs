using System.Globalization;
using IcpAnalytics.Statistics;

namespace IcpAnalytics.CauseEffect;

/// <summary>
/// The observed controls as benchmarks for a hidden confounder (Cinelli and Hazlett 2020, Section 4.4): for each control
/// term of a segment, its partial R² with each effort (given the other controls and efforts) and with the outcome (given
/// the efforts and the other controls), from least squares on the segment's deals; the strongest control is the one whose
/// bound (kd = ky = 1) would move the effect furthest toward zero.
/// </summary>
internal static class ConfoundingBenchmarks
{
    /// <summary>Above this many model columns (controls' indicators included) the benchmarks are not computed (the least-squares fits per control would cost too much).</summary>
    internal const int MaxColumns = 400;

    /// <summary>One control term's partial R²s: with each effort, and with the outcome.</summary>
    internal sealed record Control(string Name, double[] WithEffort, double WithOutcome);

    /// <summary>The partial R²s of every control term in segment <paramref name="s"/>, or null when there are no controls or too many columns.</summary>
    internal static List<Control>? Of(EffortData d, int s)
    {
        int start = d.Start[s], m = d.Count[s], k = d.Efforts.Length, nc = d.NumericControls.Length, ncat = d.CategoricalControls.Length;
        if (nc + ncat == 0 || m < 3) return null;

        // Columns: intercept, numeric controls, categorical indicators (levels present in the segment), efforts, outcome.
        var groupOf = new List<string>();
        var groupColumns = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        int p = 1;
        void Add(string group, int column)
        {
            if (!groupColumns.TryGetValue(group, out List<int>? list)) { list = []; groupColumns[group] = list; groupOf.Add(group); }
            list.Add(column);
        }
        for (int c = 0; c < nc; c++) Add(d.NumericTerms?[c] ?? d.NumericNames[c], p++);
        var levelColumn = new int[ncat][];
        for (int c = 0; c < ncat; c++)
        {
            levelColumn[c] = new int[d.CategoricalLevels[c]];
            Array.Fill(levelColumn[c], -1);
            int[] codes = d.CategoricalControls[c];
            for (int r = start; r < start + m; r++)
            {
                if (levelColumn[c][codes[r]] < 0)
                {
                    levelColumn[c][codes[r]] = p;
                    Add(d.CategoricalNames[c], p++);
                }
            }
        }
        int firstEffort = p;
        p += k;
        int yColumn = p++;
        if (p > MaxColumns) return null;

        // Dense columns centred on the segment's means (better conditioned); indicators stay 0/1 beside the intercept.
        var means = new double[p];
        for (int r = start; r < start + m; r++)
        {
            for (int c = 0; c < nc; c++) means[1 + c] += d.NumericControls[c][r];
            for (int j = 0; j < k; j++) means[firstEffort + j] += d.Efforts[j][r];
            means[yColumn] += d.Outcome[r];
        }
        for (int a = 0; a < p; a++) means[a] /= m;
        var gram = new double[p * p];
        var index = new int[1 + nc + ncat + k + 1];
        var value = new double[index.Length];
        for (int r = start; r < start + m; r++)
        {
            int nz = 0;
            index[nz] = 0; value[nz++] = 1;
            for (int c = 0; c < nc; c++) { index[nz] = 1 + c; value[nz++] = d.NumericControls[c][r] - means[1 + c]; }
            for (int c = 0; c < ncat; c++) { index[nz] = levelColumn[c][d.CategoricalControls[c][r]]; value[nz++] = 1; }
            for (int j = 0; j < k; j++) { index[nz] = firstEffort + j; value[nz++] = d.Efforts[j][r] - means[firstEffort + j]; }
            index[nz] = yColumn; value[nz++] = d.Outcome[r] - means[yColumn];
            for (int a = 0; a < nz; a++)
            {
                int row = index[a] * p;
                double va = value[a];
                for (int b = 0; b < nz; b++) gram[row + index[b]] += va * value[b];
            }
        }

        var controls = new List<int>();
        for (int a = 0; a < firstEffort; a++) controls.Add(a);
        var efforts = Enumerable.Range(firstEffort, k).ToList();
        double yFull = Residual(gram, p, yColumn, [.. controls, .. efforts]);
        var effortFull = new double[k];
        for (int j = 0; j < k; j++) effortFull[j] = Residual(gram, p, firstEffort + j, [.. controls, .. efforts.Where(e => e != firstEffort + j)]);
        var result = new List<Control>();
        foreach (string group in groupOf)
        {
            var drop = new HashSet<int>(groupColumns[group]);
            var rest = controls.Where(c => !drop.Contains(c)).ToList();
            double yWithout = Residual(gram, p, yColumn, [.. rest, .. efforts]);
            var withEffort = new double[k];
            for (int j = 0; j < k; j++)
            {
                double without = Residual(gram, p, firstEffort + j, [.. rest, .. efforts.Where(e => e != firstEffort + j)]);
                withEffort[j] = without > 0 ? Math.Clamp(1 - effortFull[j] / without, 0, 1) : 0;
            }
            result.Add(new Control(group, withEffort, yWithout > 0 ? Math.Clamp(1 - yFull / yWithout, 0, 1) : 0));
        }
        return result;
    }

    /// <summary>The residual sum of squares of column <paramref name="target"/> regressed on <paramref name="set"/>, from the cross-products.</summary>
    private static double Residual(double[] gram, int p, int target, int[] set)
    {
        int q = set.Length;
        var sub = new double[q * q];
        var xy = new double[q];
        for (int a = 0; a < q; a++)
        {
            xy[a] = gram[set[a] * p + target];
            for (int b = 0; b < q; b++) sub[a * q + b] = gram[set[a] * p + set[b]];
        }
        var inverse = new double[q * q];
        var aliased = new bool[q];
        DenseMath.InverseDroppingAliased(sub, q, inverse, aliased);
        var beta = new double[q];
        DenseMath.MultiplyVector(inverse, q, xy, beta);
        double explained = 0;
        for (int a = 0; a < q; a++) explained += beta[a] * xy[a];
        return Math.Max(0, gram[target * p + target] - explained);
    }

    /// <summary>
    /// The bound from the strongest control for one effect: the control whose kd = ky = 1 bound moves the estimate furthest
    /// toward zero, the bound, its verdict and a sentence from the numbers. Null without controls.
    /// </summary>
    internal static ConfoundingSensitivityResult WithStrongest(ConfoundingSensitivityResult sensitivity, List<Control> controls, int effort, string effortName,
        double estimate, double se, double df, double level)
    {
        ConfoundingBound? best = null;
        Control? strongest = null;
        // No bound without a finite estimate, standard error and degrees of freedom (e.g. an effect that was not estimable).
        if (!double.IsFinite(estimate) || !(se > 0) || !double.IsFinite(se) || !(df > 0) || !double.IsFinite(df)) return sensitivity;
        foreach (Control c in controls)
        {
            double r2d = c.WithEffort[effort], r2y = c.WithOutcome;
            if (!(r2d < 1) || !(r2y < 1) || double.IsNaN(r2d) || double.IsNaN(r2y)) continue;
            ConfoundingBound bound = ConfoundingSensitivity.BenchmarkBound(estimate, se, df, r2d, r2y, 1, 1, 1 - level);
            if (!double.IsFinite(bound.AdjustedEstimate) || !double.IsFinite(bound.Lower) || !double.IsFinite(bound.Upper)) continue;
            if (best is null || Math.Abs(estimate - bound.AdjustedEstimate) > Math.Abs(estimate - best.AdjustedEstimate))
            {
                best = bound;
                strongest = c;
            }
        }
        if (best is null || strongest is null) return sensitivity;
        CultureInfo inv = CultureInfo.InvariantCulture;
        bool significant = sensitivity.RobustnessValueSignificance > 0;
        bool explainedAway = Math.Sign(best.AdjustedEstimate) != Math.Sign(estimate) || best.AdjustedEstimate == 0;
        bool survives = best.Lower > 0 || best.Upper < 0;
        CheckVerdict verdict = !significant ? CheckVerdict.Caution : explainedAway ? CheckVerdict.Failed : survives ? CheckVerdict.Passed : CheckVerdict.Caution;
        string figures = string.Create(inv,
            $"A hidden confounder as strong as {strongest.Name}, the strongest observed control (it explains {strongest.WithOutcome:P1} of the outcome's residual variation and {strongest.WithEffort[effort]:P1} of {effortName}'s), would move the effect from {EffortEffectsAssembler.Figure(estimate)} to {EffortEffectsAssembler.Figure(best.AdjustedEstimate)} [{EffortEffectsAssembler.Figure(best.Lower)}, {EffortEffectsAssembler.Figure(best.Upper)}]");
        string end = !significant
            ? string.Create(inv, $"; the effect is not significant at {level:0%} even without such a confounder.")
            : explainedAway
                ? ": it would explain the effect away."
                : survives
                    ? string.Create(inv, $": the effect would survive it, still significant at {level:0%}.")
                    : string.Create(inv, $": the effect would keep its sign but no longer be significant at {level:0%}.");
        return sensitivity with
        {
            BenchmarkControl = strongest.Name,
            BenchmarkBound = best,
            BenchmarkVerdict = verdict,
            BenchmarkSentence = figures + end,
        };
    }
}
