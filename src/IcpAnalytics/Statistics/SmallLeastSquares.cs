namespace IcpAnalytics.Statistics;

/// <summary>
/// Least squares for a handful of columns held as arrays (naive fits, the double-ML final stage, placebo and half
/// fits), with HC3 or cluster-robust (CR1) covariance.
/// </summary>
internal static class SmallLeastSquares
{
    internal sealed class Result
    {
        public required double[] Coefficients { get; init; }
        public required double[] Covariance { get; init; }
        public required int Rows { get; init; }
        public required double MaxLeverage { get; init; }
        public required int HighLeverage { get; init; }
        public required bool FullRank { get; init; }
    }

    /// <summary>
    /// Regresses y[offset..offset+count) on the columns (each read at the same rows) plus an intercept when asked, using only
    /// rows where <paramref name="include"/> (indexed from 0 within the range) is null or true. Cluster codes are indexed from 0 within the range too.
    /// </summary>
    internal static Result Fit(double[][] columns, double[] y, int offset, int count, bool intercept, bool[]? include,
        int[]? clusters, int clusterCount, double extremeLeverage, bool withCovariance = true)
    {
        int k = columns.Length;
        int q = k + (intercept ? 1 : 0);
        var g = new double[q * q];
        var xy = new double[q];
        var x = new double[q];
        int rows = 0;
        for (int r = 0; r < count; r++)
        {
            if (include is not null && !include[r]) continue;
            rows++;
            Row(columns, offset + r, intercept, x);
            double yv = y[offset + r];
            for (int a = 0; a < q; a++)
            {
                double xa = x[a];
                xy[a] += xa * yv;
                for (int b = a; b < q; b++) g[a * q + b] += xa * x[b];
            }
        }
        DenseMath.MirrorUpper(g, q);
        var inverse = new double[q * q];
        var aliased = new bool[q];
        int rank = DenseMath.InverseDroppingAliased(g, q, inverse, aliased);
        var beta = new double[q];
        DenseMath.MultiplyVector(inverse, q, xy, beta);
        if (rank < q || rows <= q || !withCovariance)
        {
            return new Result { Coefficients = Tail(beta, k), Covariance = new double[k * k], Rows = rows, MaxLeverage = withCovariance ? 1 : 0, HighLeverage = 0, FullRank = rank == q && rows > q };
        }
        var meat = new double[q * q];
        var z = new double[q];
        double[]? scores = clusters is null ? null : new double[clusterCount * q];
        double maxH = 0;
        int high = 0;
        for (int r = 0; r < count; r++)
        {
            if (include is not null && !include[r]) continue;
            Row(columns, offset + r, intercept, x);
            double fitted = 0;
            for (int a = 0; a < q; a++) fitted += beta[a] * x[a];
            double e = y[offset + r] - fitted;
            DenseMath.MultiplyVector(inverse, q, x, z);
            double h = 0;
            for (int a = 0; a < q; a++) h += x[a] * z[a];
            if (h > maxH) maxH = h;
            if (h > extremeLeverage) high++;
            if (scores is not null)
            {
                int c = clusters![r] * q;
                for (int a = 0; a < q; a++) scores[c + a] += e * z[a];
            }
            else DenseMath.AddHc3(meat, z, q, e, h);
        }
        if (scores is not null)
        {
            int groups = 0;
            for (int c = 0; c < clusterCount; c++)
            {
                bool any = false;
                for (int a = 0; a < q; a++)
                {
                    if (scores[c * q + a] != 0) { any = true; break; }
                }
                if (!any) continue;
                groups++;
                for (int a = 0; a < q; a++)
                {
                    double sa = scores[c * q + a];
                    for (int b = a; b < q; b++) meat[a * q + b] += sa * scores[c * q + b];
                }
            }
            double factor = groups > 1 ? groups / (groups - 1.0) * (rows - 1.0) / (rows - q) : 1;
            for (int a = 0; a < meat.Length; a++) meat[a] *= factor;
        }
        var covariance = new double[k * k];
        int o = intercept ? 1 : 0;
        for (int a = 0; a < k; a++)
        {
            for (int b = 0; b < k; b++)
            {
                int ia = a + o, ib = b + o;
                covariance[a * k + b] = ia <= ib ? meat[ia * q + ib] : meat[ib * q + ia];
            }
        }
        return new Result { Coefficients = Tail(beta, k), Covariance = covariance, Rows = rows, MaxLeverage = maxH, HighLeverage = high, FullRank = true };
    }

    private static void Row(double[][] columns, int row, bool intercept, double[] x)
    {
        int o = 0;
        if (intercept) x[o++] = 1;
        for (int j = 0; j < columns.Length; j++) x[o + j] = columns[j][row];
    }

    private static double[] Tail(double[] beta, int k) => beta[(beta.Length - k)..];
}
