using IcpAnalytics.Statistics;

namespace IcpAnalytics.CauseEffect;

/// <summary>
/// The collinearity warning of the effort effects: the condition number of the adjusted model's centred, unit-scaled design (the
/// statistics core's measure and threshold, <see cref="RegressionOptions.CollinearityWarningCondition"/>) and the columns of its weakest direction.
/// </summary>
internal static partial class RegressionEngine
{
    /// <summary>
    /// The warning for the segment's adjusted model when its condition number exceeds the core's threshold (10⁸), or null. The cross-products give
    /// the weakest direction and a first estimate; only when that estimate comes within a factor 10 of the threshold (or the solve dropped an
    /// aliased column) is the condition number measured exactly, by Householder QR of the centred, scaled rows, since cross-products square it.
    /// </summary>
    private static string? CollinearityWarning(EffortData d, DesignLayout layout, CheckDraws draws, double[] total, Model adjusted)
    {
        double threshold = new RegressionOptions().CollinearityWarningCondition;
        int p = layout.Columns;
        double n = total[0];
        var columns = new List<int>();
        bool aliased = false;
        for (int a = 0; a < adjusted.Q; a++)
        {
            int column = adjusted.Columns[a];
            if (column == 0) continue;
            double raw = total[column * p + column];
            double centred = raw - total[column] * total[column] / n;
            if (!(centred > 1e-12 * raw)) continue;
            columns.Add(column);
            aliased |= adjusted.Aliased[a];
        }
        int c = columns.Count;
        if (c < 2) return null;
        var scaled = new double[c * c];
        for (int u = 0; u < c; u++)
        {
            for (int v = 0; v < c; v++)
            {
                int a = columns[u], b = columns[v];
                double cab = total[a * p + b] - total[a] * total[b] / n;
                double caa = total[a * p + a] - total[a] * total[a] / n, cbb = total[b * p + b] - total[b] * total[b] / n;
                scaled[u * c + v] = cab / Math.Sqrt(caa * cbb);
            }
        }
        double[] eigenvalues = DenseMath.SymmetricEigenvalues(scaled, c);
        double estimate = eigenvalues[0] > 0 ? Math.Sqrt(eigenvalues[^1] / eigenvalues[0]) : double.PositiveInfinity;
        if (estimate <= threshold / 10 && !aliased) return null;
        double condition = MeasuredCondition(d, layout, draws, [.. columns]);
        if (!(condition > threshold)) return null;
        var names = new List<string>();
        foreach (int u in LinearRegression.WeakestDirection(scaled, c))
        {
            string name = ColumnName(d, layout, columns[u]);
            if (!names.Contains(name)) names.Add(name);
        }
        return LinearRegression.CollinearitySentence(condition, threshold, names);
    }

    /// <summary>The condition number of the centred, unit-scaled design of the given columns, from Householder QR of its rows.</summary>
    private static double MeasuredCondition(EffortData d, DesignLayout layout, CheckDraws draws, int[] columns)
    {
        int m = layout.Deals, c = columns.Length;
        // Centred, m rows span at most m − 1 directions: with no more deals than columns the design is singular.
        if (m <= c) return double.PositiveInfinity;
        var identity = new int[m];
        for (int i = 0; i < m; i++) identity[i] = i;
        (double[] x, _) = KernelDesign(d, layout, draws, columns, identity);
        var a = new double[m * c];
        for (int j = 0; j < c; j++)
        {
            double mean = 0;
            for (int i = 0; i < m; i++) mean += x[i * c + j];
            mean /= m;
            double norm = 0;
            for (int i = 0; i < m; i++)
            {
                double v = x[i * c + j] - mean;
                a[j * m + i] = v;
                norm += v * v;
            }
            double scale = norm > 0 ? 1 / Math.Sqrt(norm) : 0;
            for (int i = 0; i < m; i++) a[j * m + i] *= scale;
        }
        DenseMath.HouseholderQr(a, m, c, m, c);
        return DenseMath.ConditionOfTriangle(DenseMath.UpperTriangle(a, m, c), c);
    }

    /// <summary>The name of an augmented column as the user knows it: a control, an effort, or "control (one level)" for a category's indicator (levels are data, so not named).</summary>
    private static string ColumnName(EffortData d, DesignLayout layout, int column)
    {
        int nc = d.NumericControls.Length;
        if (column >= 1 && column <= nc) return d.NumericNames[column - 1];
        if (column >= layout.FirstEffortColumn && column < layout.FirstEffortColumn + d.Efforts.Length) return d.EffortNames[column - layout.FirstEffortColumn];
        if (layout.FirstPlaceboColumn >= 0 && column >= layout.FirstPlaceboColumn && column < layout.FirstPlaceboColumn + d.Efforts.Length)
            return "shuffled " + d.EffortNames[column - layout.FirstPlaceboColumn];
        if (column == layout.RandomCauseColumn) return "random common cause";
        for (int c = 0; c < layout.LocalColumn.Length; c++)
        {
            if (Array.IndexOf(layout.LocalColumn[c], column) >= 0) return d.CategoricalNames[c] + " (one level)";
        }
        return "column " + column.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
