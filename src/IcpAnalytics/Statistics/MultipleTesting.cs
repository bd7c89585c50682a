namespace IcpAnalytics.Statistics;

/// <summary>
/// Adjusts p-values when many hypotheses are tested at once (many candidate segments, many reps), so that
/// searching widely does not invent findings in noise.
/// </summary>
public static class MultipleTesting
{
    /// <summary>
    /// Holm's step-down adjustment: controls the family-wise error rate (the chance of any false finding).
    /// Returns adjusted p-values in the input order; reject where adjusted ≤ α.
    /// </summary>
    /// <param name="pValues">Raw p-values in [0, 1].</param>
    public static double[] Holm(ReadOnlySpan<double> pValues)
    {
        int m = pValues.Length;
        int[] order = SortedOrder(pValues);
        var adjusted = new double[m];
        double running = 0;
        for (int rank = 0; rank < m; rank++)
        {
            int i = order[rank];
            running = Math.Max(running, Math.Min(1, (m - rank) * pValues[i]));
            adjusted[i] = running;
        }
        return adjusted;
    }

    /// <summary>
    /// Benjamini–Hochberg step-up adjustment: controls the false discovery rate (the expected share of false findings
    /// among those reported). Returns adjusted p-values (q-values) in the input order; report where adjusted ≤ q.
    /// </summary>
    /// <param name="pValues">Raw p-values in [0, 1].</param>
    public static double[] BenjaminiHochberg(ReadOnlySpan<double> pValues)
    {
        int m = pValues.Length;
        int[] order = SortedOrder(pValues);
        var adjusted = new double[m];
        double running = 1;
        for (int rank = m - 1; rank >= 0; rank--)
        {
            int i = order[rank];
            running = Math.Min(running, Math.Min(1, (double)m / (rank + 1) * pValues[i]));
            adjusted[i] = running;
        }
        return adjusted;
    }

    /// <summary>Adjusts <paramref name="pValues"/> by <paramref name="correction"/> (<see cref="Holm"/> or <see cref="BenjaminiHochberg"/>).</summary>
    /// <param name="pValues">Raw p-values in [0, 1].</param>
    /// <param name="correction">The adjustment.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="correction"/> is not a defined value, or a p-value is outside [0, 1].</exception>
    public static double[] Adjust(ReadOnlySpan<double> pValues, MultipleTestingCorrection correction) => correction switch
    {
        MultipleTestingCorrection.Holm => Holm(pValues),
        MultipleTestingCorrection.BenjaminiHochberg => BenjaminiHochberg(pValues),
        _ => throw new ArgumentOutOfRangeException(nameof(correction), correction, "Use MultipleTestingCorrection.Holm or MultipleTestingCorrection.BenjaminiHochberg."),
    };

    private static int[] SortedOrder(ReadOnlySpan<double> pValues)
    {
        var keys = new double[pValues.Length];
        var order = new int[pValues.Length];
        for (int i = 0; i < keys.Length; i++)
        {
            double p = pValues[i];
            if (double.IsNaN(p) || p < 0 || p > 1)
                throw new ArgumentOutOfRangeException(nameof(pValues), p, $"p-value {i + 1} is not in [0, 1].");
            keys[i] = p;
            order[i] = i;
        }
        // Stable order for ties, so results are deterministic.
        Array.Sort(keys, order);
        for (int start = 0; start < keys.Length;)
        {
            int end = start + 1;
            while (end < keys.Length && keys[end] == keys[start]) end++;
            Array.Sort(order, start, end - start);
            start = end;
        }
        return order;
    }
}
