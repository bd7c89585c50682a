namespace IcpAnalytics.ML;

/// <summary>
/// The linear start of the ML.NET learners: a lightly penalized least-squares fit of a target on the feature rows (numeric
/// features standardized, one-hot features as they are, an unpenalized intercept), so the trees only model what is left.
/// Trees alone split poorly on many small groups (a rep's few deals in a segment rarely reach a leaf's minimum), which
/// leaves confounding by rep in the residuals; the linear start removes it, as in the built-in boosted trees.
/// </summary>
internal sealed class LinearStart
{
    private readonly double[] _mean;
    private readonly double[] _scale;
    private readonly double[] _beta;

    private LinearStart(double[] mean, double[] scale, double[] beta)
    {
        _mean = mean;
        _scale = scale;
        _beta = beta;
    }

    /// <summary>Fits the start on the training rows.</summary>
    /// <param name="rows">Every deal's feature row.</param>
    /// <param name="oneHot">Which features are one-hot (not standardized).</param>
    /// <param name="target">Every deal's target value.</param>
    /// <param name="train">The training rows.</param>
    /// <param name="penalty">The ridge penalty on standardized coefficients, relative to the training rows' count.</param>
    public static LinearStart Fit(float[][] rows, bool[] oneHot, double[] target, List<int> train, double penalty = 1e-4)
    {
        int p = oneHot.Length;
        var mean = new double[p];
        var scale = new double[p];
        foreach (int i in train)
        {
            for (int j = 0; j < p; j++) mean[j] += rows[i][j];
        }
        for (int j = 0; j < p; j++) mean[j] /= train.Count;
        foreach (int i in train)
        {
            for (int j = 0; j < p; j++) scale[j] += (rows[i][j] - mean[j]) * (rows[i][j] - mean[j]);
        }
        for (int j = 0; j < p; j++)
        {
            double sd = Math.Sqrt(scale[j] / train.Count);
            scale[j] = oneHot[j] ? 1 : sd > 0 ? sd : 0;
        }
        // Normal equations of [1, x] with the penalty on every slope.
        int q = p + 1;
        var a = new double[q * q];
        var b = new double[q];
        var x = new double[q];
        foreach (int i in train)
        {
            Row(rows[i], mean, scale, x);
            double y = target[i];
            for (int r = 0; r < q; r++)
            {
                if (x[r] == 0) continue;
                b[r] += x[r] * y;
                for (int c = 0; c <= r; c++) a[r * q + c] += x[r] * x[c];
            }
        }
        double lambda = penalty * train.Count;
        for (int r = 1; r < q; r++) a[r * q + r] += lambda;
        a[0] += 1e-12 * train.Count;
        return new LinearStart(mean, scale, Solve(a, b, q));
    }

    /// <summary>The start's prediction for a feature row.</summary>
    public double Predict(float[] row)
    {
        double s = _beta[0];
        for (int j = 0; j < _mean.Length; j++)
        {
            if (_scale[j] > 0) s += _beta[j + 1] * (row[j] - _mean[j]) / _scale[j];
        }
        return s;
    }

    private static void Row(float[] row, double[] mean, double[] scale, double[] x)
    {
        x[0] = 1;
        for (int j = 0; j < mean.Length; j++) x[j + 1] = scale[j] > 0 ? (row[j] - mean[j]) / scale[j] : 0;
    }

    /// <summary>Solves the symmetric positive definite system (lower triangle of <paramref name="a"/> filled) by Cholesky.</summary>
    private static double[] Solve(double[] a, double[] b, int q)
    {
        var l = new double[q * q];
        for (int r = 0; r < q; r++)
        {
            for (int c = 0; c <= r; c++)
            {
                double s = a[r * q + c];
                for (int k = 0; k < c; k++) s -= l[r * q + k] * l[c * q + k];
                if (r == c) l[r * q + r] = Math.Sqrt(Math.Max(s, 1e-300));
                else l[r * q + c] = s / l[c * q + c];
            }
        }
        var z = new double[q];
        for (int r = 0; r < q; r++)
        {
            double s = b[r];
            for (int k = 0; k < r; k++) s -= l[r * q + k] * z[k];
            z[r] = s / l[r * q + r];
        }
        var beta = new double[q];
        for (int r = q - 1; r >= 0; r--)
        {
            double s = z[r];
            for (int k = r + 1; k < q; k++) s -= l[k * q + r] * beta[k];
            beta[r] = s / l[r * q + r];
        }
        return beta;
    }
}
