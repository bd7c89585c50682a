namespace IcpAnalytics.CauseEffect;

/// <summary>Small dense linear algebra for the effort models: equilibrated Cholesky that drops aliased columns, matrix-vector product (plain Cholesky solves are in Statistics.DenseMath).</summary>
internal static class DenseAlgebra
{
    /// <summary>Columns whose squared norm left after the earlier columns falls below this share of their own are aliased.</summary>
    internal const double AliasTolerance = 1e-9;

    /// <summary>
    /// The inverse of the symmetric positive semi-definite <paramref name="gram"/> (q×q, row-major) restricted to the columns
    /// that are not linear combinations of earlier ones: aliased columns get zero rows and columns in the result (the
    /// generalized inverse of dropping them) and are flagged in <paramref name="aliased"/>. Returns the rank.
    /// </summary>
    internal static int InverseDroppingAliased(ReadOnlySpan<double> gram, int q, Span<double> inverse, Span<bool> aliased)
    {
        var scale = new double[q];
        for (int j = 0; j < q; j++)
        {
            double d = gram[j * q + j];
            scale[j] = d > 0 && double.IsFinite(d) ? Math.Sqrt(d) : 0;
        }
        var l = new double[q * q];
        var kept = new int[q];
        int rank = 0;
        for (int j = 0; j < q; j++)
        {
            aliased[j] = true;
            if (scale[j] == 0) continue;
            // Row j of L over the kept columns, from the equilibrated matrix A = D^-1 G D^-1.
            double sj = scale[j];
            for (int t = 0; t < rank; t++)
            {
                int c = kept[t];
                double s = gram[j * q + c] / (sj * scale[c]);
                for (int u = 0; u < t; u++) s -= l[j * q + u] * l[c * q + u];
                l[j * q + t] = s / l[c * q + t];
            }
            double diag = 1.0;
            for (int u = 0; u < rank; u++) diag -= l[j * q + u] * l[j * q + u];
            if (diag <= AliasTolerance)
            {
                for (int u = 0; u < rank; u++) l[j * q + u] = 0;
                continue;
            }
            l[j * q + rank] = Math.Sqrt(diag);
            // Store the row compactly under position `rank`: move row j's entries to row index = kept slot.
            kept[rank] = j;
            aliased[j] = false;
            rank++;
        }
        // Rebuild a compact lower-triangular matrix Lc (rank × rank) whose row t is the row of column kept[t].
        var lc = new double[rank * rank];
        for (int t = 0; t < rank; t++)
        {
            int j = kept[t];
            for (int u = 0; u <= t; u++) lc[t * rank + u] = l[j * q + u];
        }
        // Lc^-1 by forward substitution.
        var li = new double[rank * rank];
        for (int col = 0; col < rank; col++)
        {
            for (int t = col; t < rank; t++)
            {
                double s = t == col ? 1.0 : 0.0;
                for (int u = col; u < t; u++) s -= lc[t * rank + u] * li[u * rank + col];
                li[t * rank + col] = s / lc[t * rank + t];
            }
        }
        inverse[..(q * q)].Clear();
        // A^-1 = Li' Li, then G^-1 = D^-1 A^-1 D^-1.
        for (int a = 0; a < rank; a++)
        {
            for (int b = a; b < rank; b++)
            {
                double s = 0;
                for (int t = b; t < rank; t++) s += li[t * rank + a] * li[t * rank + b];
                int ja = kept[a], jb = kept[b];
                double v = s / (scale[ja] * scale[jb]);
                inverse[ja * q + jb] = v;
                inverse[jb * q + ja] = v;
            }
        }
        return rank;
    }

    /// <summary>Copies the upper triangle of a q×q row-major matrix onto its lower triangle.</summary>
    internal static void MirrorUpper(double[] m, int q)
    {
        for (int a = 0; a < q; a++)
        {
            for (int b = 0; b < a; b++) m[a * q + b] = m[b * q + a];
        }
    }

    /// <summary>
    /// Adds one deal's HC3 term, (e / (1 − h))² z z′, to the upper triangle of a q×q sandwich meat; z is the deal's row of
    /// (X′X)⁻¹x, e its residual and h its leverage (a deal with leverage 1 adds nothing).
    /// </summary>
    internal static void AddHc3(double[] meat, ReadOnlySpan<double> z, int q, double e, double h)
    {
        double w = h < 1 - 1e-10 ? e / (1 - h) : 0;
        w *= w;
        for (int a = 0; a < q; a++)
        {
            double wa = w * z[a];
            for (int b = a; b < q; b++) meat[a * q + b] += wa * z[b];
        }
    }

    /// <summary>y = M x for a q×q row-major M.</summary>
    internal static void Multiply(ReadOnlySpan<double> m, int q, ReadOnlySpan<double> x, Span<double> y)
    {
        for (int a = 0; a < q; a++)
        {
            double s = 0;
            for (int b = 0; b < q; b++) s += m[a * q + b] * x[b];
            y[a] = s;
        }
    }
}

/// <summary>Deterministic seed derivation (HashCode.Combine is randomized per process, so it must not feed seeds).</summary>
internal static class Seeds
{
    /// <summary>Mixes a seed with up to three stream numbers (SplitMix64 finalizer), the same in every process.</summary>
    internal static int Mix(int seed, int a, int b = 0, int c = 0)
    {
        ulong z = (ulong)(uint)seed * 0x9E3779B97F4A7C15UL;
        z ^= (ulong)(uint)a + 0x632BE59BD9B4E019UL + (z << 6) + (z >> 2);
        z ^= (ulong)(uint)b * 0xBF58476D1CE4E5B9UL + (z << 6) + (z >> 2);
        z ^= (ulong)(uint)c * 0x94D049BB133111EBUL + (z << 6) + (z >> 2);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (int)(z & 0x7FFFFFFF);
    }
}
