using System.Numerics.Tensors;

namespace IcpAnalytics.Statistics;

/// <summary>
/// The one dense linear-algebra core of the library (row-major spans unless stated): Householder QR, Cholesky, triangular
/// inverses and solves, the equilibrated Cholesky inverse that drops aliased columns (the effort models), sandwich helpers,
/// eigenvalues and rank analysis.
/// </summary>
internal static class DenseMath
{
    /// <summary>
    /// Householder QR in place of a column-major matrix with <paramref name="rows"/> rows and <paramref name="columns"/> columns
    /// (column j at <c>a[j*stride ..]</c>). The first <paramref name="factorColumns"/> columns are factorized and the
    /// reflections applied to the rest; afterwards the upper triangle of the leading rows holds R (below-diagonal values are zeroed).
    /// </summary>
    public static void HouseholderQr(Span<double> a, int rows, int columns, int stride, int factorColumns)
    {
        for (int k = 0; k < factorColumns && k < rows; k++)
        {
            double norm = Norm(a.Slice(k * stride + k, rows - k));
            if (norm != 0) Reflect(a, rows, columns, stride, k, norm);
        }
    }

    /// <summary>
    /// One Householder step: reflects column <paramref name="k"/> (rows k.. , Euclidean norm <paramref name="norm"/> &gt; 0) onto
    /// ∓norm e1, applies the reflection to the columns after it, and zeroes column k below the diagonal.
    /// </summary>
    private static void Reflect(Span<double> a, int rows, int columns, int stride, int k, double norm)
    {
        Span<double> v = a.Slice(k * stride + k, rows - k);
        double x0 = v[0];
        double alpha = x0 >= 0 ? -norm : norm;
        // v = x - alpha e1; |v|^2 = norm^2 - x0^2 + (x0 - alpha)^2 = 2 norm (norm + |x0|)
        v[0] = x0 - alpha;
        double vnorm2 = 2 * norm * (norm + Math.Abs(x0));
        for (int j = k + 1; j < columns; j++)
        {
            Span<double> col = a.Slice(j * stride + k, rows - k);
            double s = TensorPrimitives.Dot((ReadOnlySpan<double>)v, col);
            if (s != 0) TensorPrimitives.MultiplyAdd(v, -2 * s / vnorm2, col, col);
        }
        v[0] = alpha;
        v[1..].Clear();
    }

    /// <summary>The Euclidean norm, scaled to avoid overflow and underflow.</summary>
    public static double Norm(ReadOnlySpan<double> v)
    {
        double max = TensorPrimitives.MaxMagnitude(v);
        if (max == 0 || double.IsNaN(max)) return Math.Abs(max);
        max = Math.Abs(max);
        if (max > 1e-150 && max < 1e150) return Math.Sqrt(TensorPrimitives.Dot(v, v));
        double sum = 0;
        foreach (double x in v)
        {
            double t = x / max;
            sum += t * t;
        }
        return max * Math.Sqrt(sum);
    }

    /// <summary>Extracts the leading <paramref name="p"/> × <paramref name="p"/> upper triangle of a column-major factor as a row-major array.</summary>
    public static double[] UpperTriangle(ReadOnlySpan<double> a, int stride, int p)
    {
        var r = new double[p * p];
        for (int j = 0; j < p; j++)
            for (int i = 0; i <= j; i++) r[i * p + j] = a[j * stride + i];
        return r;
    }

    /// <summary>The inverse of a row-major upper-triangular matrix (upper triangular too).</summary>
    public static double[] UpperInverse(ReadOnlySpan<double> r, int p)
    {
        var inv = new double[p * p];
        for (int j = p - 1; j >= 0; j--)
        {
            inv[j * p + j] = 1 / r[j * p + j];
            for (int i = j - 1; i >= 0; i--)
            {
                double s = 0;
                for (int k = i + 1; k <= j; k++) s += r[i * p + k] * inv[k * p + j];
                inv[i * p + j] = -s / r[i * p + i];
            }
        }
        return inv;
    }

    /// <summary>Solves R z = b for upper-triangular row-major R.</summary>
    public static double[] SolveUpper(ReadOnlySpan<double> r, int p, ReadOnlySpan<double> b)
    {
        var z = new double[p];
        for (int i = p - 1; i >= 0; i--)
        {
            double s = b[i];
            for (int k = i + 1; k < p; k++) s -= r[i * p + k] * z[k];
            z[i] = s / r[i * p + i];
        }
        return z;
    }

    /// <summary>Solves R' z = b for upper-triangular row-major R (forward substitution).</summary>
    public static double[] SolveUpperTransposed(ReadOnlySpan<double> r, int p, ReadOnlySpan<double> b)
    {
        var z = new double[p];
        for (int i = 0; i < p; i++)
        {
            double s = b[i];
            for (int k = 0; k < i; k++) s -= r[k * p + i] * z[k];
            z[i] = s / r[i * p + i];
        }
        return z;
    }

    /// <summary>Solves R′R x = b given the Cholesky factor R (upper, row-major) of a symmetric positive-definite matrix.</summary>
    public static double[] SolveWithFactor(ReadOnlySpan<double> r, int p, ReadOnlySpan<double> b) => SolveUpper(r, p, SolveUpperTransposed(r, p, b));

    /// <summary>(R′R)⁻¹ = R⁻¹R⁻ᵀ from the inverse of an upper-triangular row-major factor R (the bread of a least-squares sandwich).</summary>
    public static double[] InverseFromFactor(ReadOnlySpan<double> rInverse, int p)
    {
        var inverse = new double[p * p];
        for (int i = 0; i < p; i++)
        {
            for (int j = 0; j < p; j++)
            {
                double sum = 0;
                for (int k = Math.Max(i, j); k < p; k++) sum += rInverse[i * p + k] * rInverse[j * p + k];
                inverse[i * p + j] = sum;
            }
        }
        return inverse;
    }

    /// <summary>The product a b of two p × p row-major matrices.</summary>
    public static double[] Multiply(double[] a, double[] b, int p)
    {
        var r = new double[p * p];
        for (int i = 0; i < p; i++)
            for (int k = 0; k < p; k++)
            {
                double aik = a[i * p + k];
                if (aik == 0) continue;
                for (int j = 0; j < p; j++) r[i * p + j] += aik * b[k * p + j];
            }
        return r;
    }

    /// <summary>The transpose of a p × p row-major matrix.</summary>
    public static double[] Transpose(double[] a, int p)
    {
        var t = new double[p * p];
        for (int i = 0; i < p; i++)
            for (int j = 0; j < p; j++) t[j * p + i] = a[i * p + j];
        return t;
    }

    /// <summary>The sandwich a b aᵀ of p × p row-major matrices (a covariance carried through a linear map, or bread × meat × bread).</summary>
    public static double[] Sandwich(double[] a, double[] b, int p) => Multiply(Multiply(a, b, p), Transpose(a, p), p);

    /// <summary>Cholesky factor R (upper, row-major, A = R'R) of a symmetric positive-definite row-major matrix; null when not positive definite.</summary>
    public static double[]? CholeskyUpper(ReadOnlySpan<double> a, int p)
    {
        var r = new double[p * p];
        for (int j = 0; j < p; j++)
        {
            double d = a[j * p + j];
            for (int k = 0; k < j; k++) d -= r[k * p + j] * r[k * p + j];
            if (!(d > 0)) return null;
            double rjj = Math.Sqrt(d);
            r[j * p + j] = rjj;
            for (int i = j + 1; i < p; i++)
            {
                double s = a[j * p + i];
                for (int k = 0; k < j; k++) s -= r[k * p + j] * r[k * p + i];
                r[j * p + i] = s / rjj;
            }
        }
        return r;
    }

    /// <summary>The eigenvalues of a symmetric row-major matrix, ascending.</summary>
    public static double[] SymmetricEigenvalues(double[] a, int p)
    {
        if (p == 0) return [];
        var m = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(p, p, (i, j) => a[i * p + j]);
        var evd = m.Evd(MathNet.Numerics.LinearAlgebra.Symmetricity.Symmetric);
        var values = new double[p];
        for (int i = 0; i < p; i++) values[i] = evd.EigenValues[i].Real;
        Array.Sort(values);
        return values;
    }

    /// <summary>The eigen decomposition of a symmetric row-major matrix: eigenvalues ascending and eigenvectors as the columns of a row-major matrix.</summary>
    public static (double[] Values, double[] Vectors) SymmetricEigen(double[] a, int p)
    {
        if (p == 0) return ([], []);
        var m = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(p, p, (i, j) => 0.5 * (a[i * p + j] + a[j * p + i]));
        var evd = m.Evd(MathNet.Numerics.LinearAlgebra.Symmetricity.Symmetric);
        var order = new int[p];
        var values = new double[p];
        for (int i = 0; i < p; i++)
        {
            order[i] = i;
            values[i] = evd.EigenValues[i].Real;
        }
        Array.Sort((double[])values.Clone(), order);
        var sortedValues = new double[p];
        var vectors = new double[p * p];
        for (int c = 0; c < p; c++)
        {
            sortedValues[c] = values[order[c]];
            for (int i = 0; i < p; i++) vectors[i * p + c] = evd.EigenVectors[i, order[c]];
        }
        return (sortedValues, vectors);
    }

    /// <summary>The 2-norm condition number of an upper-triangular row-major matrix (ratio of extreme singular values).</summary>
    public static double ConditionOfTriangle(double[] r, int p)
    {
        if (p == 0) return 1;
        var m = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(p, p, (i, j) => r[i * p + j]);
        var s = m.Svd(false).S;
        double max = 0, min = double.PositiveInfinity;
        for (int i = 0; i < p; i++)
        {
            max = Math.Max(max, s[i]);
            min = Math.Min(min, s[i]);
        }
        return min == 0 ? double.PositiveInfinity : max / min;
    }

    /// <summary>
    /// Rank analysis of a square upper-triangular factor R (row-major) of a design with unit-norm columns, by QR with column pivoting.
    /// Returns null when R has full numerical rank; otherwise the first dependent column and the columns it is a combination of.
    /// </summary>
    public static (int Dependent, int[] Partners)? FindDependency(ReadOnlySpan<double> r, int p, double tolerance)
    {
        if (p == 0) return null;
        // Column-major copy.
        var a = new double[p * p];
        for (int i = 0; i < p; i++)
            for (int j = i; j < p; j++) a[j * p + i] = r[i * p + j];
        var perm = new int[p];
        for (int j = 0; j < p; j++) perm[j] = j;
        double first = 0;
        for (int k = 0; k < p; k++)
        {
            int best = k;
            double bestNorm = -1;
            for (int j = k; j < p; j++)
            {
                double norm = Norm(a.AsSpan(j * p + k, p - k));
                if (norm > bestNorm)
                {
                    bestNorm = norm;
                    best = j;
                }
            }
            if (best != k)
            {
                for (int i = 0; i < p; i++) (a[k * p + i], a[best * p + i]) = (a[best * p + i], a[k * p + i]);
                (perm[k], perm[best]) = (perm[best], perm[k]);
            }
            if (k == 0) first = bestNorm;
            if (bestNorm <= tolerance * first || bestNorm == 0)
            {
                // Column perm[k] depends on perm[0..k-1]: solve R11 z = r12.
                int rank = k;
                var r11 = new double[rank * rank];
                var rhs = new double[rank];
                for (int i = 0; i < rank; i++)
                {
                    rhs[i] = a[k * p + i];
                    for (int j = i; j < rank; j++) r11[i * rank + j] = a[j * p + i];
                }
                double[] z = SolveUpper(r11, rank, rhs);
                double zmax = 0;
                foreach (double zi in z) zmax = Math.Max(zmax, Math.Abs(zi));
                var partners = new List<int>();
                for (int i = 0; i < rank; i++)
                    if (Math.Abs(z[i]) > 1e-6 * zmax && Math.Abs(z[i]) > 1e-10) partners.Add(perm[i]);
                partners.Sort();
                return (perm[k], partners.ToArray());
            }
            Reflect(a, p, p, p, k, bestNorm);
        }
        return null;
    }

    // The effort models' kernels (formerly CauseEffect.DenseAlgebra).

    /// <summary>Columns whose squared norm left after the earlier columns falls below this share of their own are aliased.</summary>
    public const double AliasTolerance = 1e-9;

    /// <summary>
    /// The inverse of the symmetric positive semi-definite <paramref name="gram"/> (q×q, row-major) restricted to the columns
    /// that are not linear combinations of earlier ones: aliased columns get zero rows and columns in the result (the
    /// generalized inverse of dropping them) and are flagged in <paramref name="aliased"/>. Returns the rank.
    /// </summary>
    public static int InverseDroppingAliased(ReadOnlySpan<double> gram, int q, Span<double> inverse, Span<bool> aliased)
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
    public static void MirrorUpper(double[] m, int q)
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
    public static void AddHc3(double[] meat, ReadOnlySpan<double> z, int q, double e, double h)
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
    public static void MultiplyVector(ReadOnlySpan<double> m, int q, ReadOnlySpan<double> x, Span<double> y)
    {
        for (int a = 0; a < q; a++)
        {
            double s = 0;
            for (int b = 0; b < q; b++) s += m[a * q + b] * x[b];
            y[a] = s;
        }
    }
}
