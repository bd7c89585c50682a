namespace IcpAnalytics.Statistics;

public static partial class LinearRegression
{
    /// <summary>Eigenvalues of I − H_jj at or below this are treated as 0 in the inverse square root (clubSandwich's <c>Sym_power</c> tolerance).</summary>
    private const double Cr2Tolerance = 1e-12;

    /// <summary>
    /// The CR2 (Bell–McCaffrey) meat and the Satterthwaite degrees of freedom of every coefficient.
    /// </summary>
    /// <remarks>
    /// <para>Work in the whitened, centred, scaled rows z̃ᵢ = √wᵢ(1, (xᵢ − x̄)/s) with M = (Z̃'Z̃)⁻¹ = LL', L = diag(1/√W, R⁻¹). For a cluster
    /// j with rows Q_j = Z̃_j L and whitened residuals ẽ_j, the adjustment A_j = (I − Q_jQ_j')^(−1/2) (symmetric, pseudo-inverse
    /// at eigenvalues ≤ 10⁻¹²) gives v_j = Q_j'A_jẽ_j and V = L(Σ v_jv_j')L'. With fewer rows than parameters the m × m
    /// matrix is decomposed; otherwise the push-through identity Q'f(QQ')= f(Q'Q)Q' lets the p × p matrix T_j = Q_j'Q_j be
    /// decomposed instead, so a cluster of any size costs O(m·p² + p³).</para>
    /// <para>Satterthwaite (Pustejovsky and Tipton 2018, working model Φ = W⁻¹): for a contrast with ℓ = L'c, put
    /// α_j = ℓ'Q_j'A_j²Q_jℓ and β_j = Q_j'A_jQ_jℓ; then P_ij = δ_ij α_j − β_i'β_j and
    /// df = (Σ_j P_jj)² / Σ_ij P_ij² = (Σ_j(α_j − |β_j|²))² / (Σ_j(α_j² − 2α_j|β_j|²) + ‖Σ_j β_jβ_j'‖²_F).</para>
    /// </remarks>
    private static (double[] Meat, double[] Df) Cr2(Solution s, IDesignRows design, double[]? w, int[] clusterIndex, int clusterCount)
    {
        int n = design.Rows;
        int c = s.Columns;
        int i0 = s.Intercept ? 1 : 0;
        int p = c + i0;
        // Rows grouped by cluster (counting sort, rows in their original order within a cluster).
        var start = new int[clusterCount + 1];
        for (int i = 0; i < n; i++)
            if (clusterIndex[i] >= 0) start[clusterIndex[i] + 1]++;
        for (int g = 0; g < clusterCount; g++) start[g + 1] += start[g];
        var order = new int[start[clusterCount]];
        var fill = (int[])start.Clone();
        for (int i = 0; i < n; i++)
            if (clusterIndex[i] >= 0) order[fill[clusterIndex[i]]++] = i;

        // ℓ_k = L'c_k for every reported coefficient k (original parametrization: the intercept is b0 − Σ x̄_j β_j).
        double sqrtW = Math.Sqrt(s.SumOfWeights);
        var ell = new double[p][];
        for (int k = 0; k < p; k++)
        {
            var cw = new double[p];
            if (s.Intercept && k == 0)
            {
                cw[0] = 1;
                for (int j = 0; j < c; j++) cw[1 + j] = -s.Means[j] / s.Scale[j];
            }
            else cw[k] = 1;
            ell[k] = LTranspose(cw, s, sqrtW);
        }

        var sum = new double[p * p];
        var e1 = new double[p];
        var v1 = new double[p];
        var bsum = new double[p][];
        for (int k = 0; k < p; k++) bsum[k] = new double[p * p];
        var row = new double[c];
        var z = new double[p];
        var kMat = new double[p * p];
        var nMat = new double[p * p];
        var v = new double[p];
        var beta = new double[p];
        for (int g = 0; g < clusterCount; g++)
        {
            int m = start[g + 1] - start[g];
            var q = new double[m * p];
            var e = new double[m];
            for (int r = 0; r < m; r++)
            {
                int i = order[start[g] + r];
                design.FillRow(i, row);
                double sw = w is null ? 1 : Math.Sqrt(w[i]);
                double res = design.Response(i) - (s.Intercept ? s.ResponseMean + s.InterceptOffset : 0);
                for (int j = 0; j < c; j++) res -= (row[j] - s.Means[j]) * s.Slopes[j];
                e[r] = sw * res;
                if (s.Intercept) z[0] = sw;
                for (int j = 0; j < c; j++) z[i0 + j] = sw * (row[j] - s.Means[j]) / s.Scale[j];
                double[] qr = LRow(z, s, sqrtW);
                Array.Copy(qr, 0, q, r * p, p);
            }
            ClusterAdjustment(q, e, m, p, v, kMat, nMat);
            for (int a = 0; a < p; a++)
                for (int b = 0; b < p; b++) sum[a * p + b] += v[a] * v[b];
            for (int k = 0; k < p; k++)
            {
                double[] l = ell[k];
                double alpha = 0;
                double bb = 0;
                for (int a = 0; a < p; a++)
                {
                    double na = 0;
                    double ka = 0;
                    for (int b = 0; b < p; b++)
                    {
                        na += nMat[a * p + b] * l[b];
                        ka += kMat[a * p + b] * l[b];
                    }
                    alpha += l[a] * na;
                    beta[a] = ka;
                    bb += ka * ka;
                }
                e1[k] += alpha - bb;
                v1[k] += alpha * alpha - 2 * alpha * bb;
                double[] bs = bsum[k];
                for (int a = 0; a < p; a++)
                    for (int b = 0; b < p; b++) bs[a * p + b] += beta[a] * beta[b];
            }
        }
        var df = new double[p];
        for (int k = 0; k < p; k++)
        {
            double frob = 0;
            foreach (double x in bsum[k]) frob += x * x;
            double denominator = v1[k] + frob;
            df[k] = denominator > 0 ? e1[k] * e1[k] / denominator : double.PositiveInfinity;
        }
        // meat = R_full' S R_full with R_full = diag(√W, R), so that bread·meat·bread = L S L'.
        var rFull = new double[p * p];
        if (s.Intercept) rFull[0] = sqrtW;
        for (int a = 0; a < c; a++)
            for (int b = a; b < c; b++) rFull[(a + i0) * p + b + i0] = s.R[a * c + b];
        var meat = new double[p * p];
        for (int a = 0; a < p; a++)
            for (int b = 0; b < p; b++)
            {
                double total = 0;
                for (int x = 0; x <= a; x++)
                    for (int y = 0; y <= b; y++) total += rFull[x * p + a] * sum[x * p + y] * rFull[y * p + b];
                meat[a * p + b] = total;
            }
        return (meat, df);
    }

    /// <summary>z'L for a working row z: L = diag(1/√W, R⁻¹).</summary>
    private static double[] LRow(double[] z, Solution s, double sqrtW)
    {
        int c = s.Columns;
        int i0 = s.Intercept ? 1 : 0;
        var q = new double[c + i0];
        if (s.Intercept) q[0] = z[0] / sqrtW;
        for (int k = 0; k < c; k++)
        {
            double total = 0;
            for (int j = 0; j <= k; j++) total += z[i0 + j] * s.RInverse[j * c + k];
            q[i0 + k] = total;
        }
        return q;
    }

    /// <summary>L'c for a working contrast c.</summary>
    private static double[] LTranspose(double[] cw, Solution s, double sqrtW)
    {
        int c = s.Columns;
        int i0 = s.Intercept ? 1 : 0;
        var l = new double[c + i0];
        if (s.Intercept) l[0] = cw[0] / sqrtW;
        for (int k = 0; k < c; k++)
        {
            double total = 0;
            for (int j = 0; j <= k; j++) total += s.RInverse[j * c + k] * cw[i0 + j];
            l[i0 + k] = total;
        }
        return l;
    }

    /// <summary>
    /// For one cluster (rows Q, m × p, and residuals e): v = Q'Ae, K = Q'AQ and N = Q'A²Q with A = (I − QQ')^(−1/2).
    /// </summary>
    private static void ClusterAdjustment(double[] q, double[] e, int m, int p, double[] v, double[] kMat, double[] nMat)
    {
        if (m <= p)
        {
            var g = new double[m * m];
            for (int a = 0; a < m; a++)
                for (int b = 0; b < m; b++)
                {
                    double total = 0;
                    for (int k = 0; k < p; k++) total += q[a * p + k] * q[b * p + k];
                    g[a * m + b] = (a == b ? 1 : 0) - total;
                }
            (double[] values, double[] vectors) = DenseMath.SymmetricEigen(g, m);
            var h = new double[m];
            for (int a = 0; a < m; a++) h[a] = values[a] > Cr2Tolerance ? 1 / Math.Sqrt(values[a]) : 0;
            // A = V diag(h) V'; Ae and AQ.
            var ae = ApplyFunction(vectors, h, m, e, 1);
            var aq = ApplyFunction(vectors, h, m, q, p);
            for (int k = 0; k < p; k++)
            {
                double total = 0;
                for (int a = 0; a < m; a++) total += q[a * p + k] * ae[a];
                v[k] = total;
            }
            for (int x = 0; x < p; x++)
                for (int y = 0; y < p; y++)
                {
                    double kk = 0;
                    double nn = 0;
                    for (int a = 0; a < m; a++)
                    {
                        kk += q[a * p + x] * aq[a * p + y];
                        nn += aq[a * p + x] * aq[a * p + y];
                    }
                    kMat[x * p + y] = kk;
                    nMat[x * p + y] = nn;
                }
            return;
        }
        var t = new double[p * p];
        var qe = new double[p];
        for (int a = 0; a < m; a++)
        {
            for (int x = 0; x < p; x++)
            {
                double qx = q[a * p + x];
                qe[x] += qx * e[a];
                for (int y = 0; y < p; y++) t[x * p + y] += qx * q[a * p + y];
            }
        }
        (double[] lambda, double[] u) = DenseMath.SymmetricEigen(t, p);
        var f = new double[p];
        var kf = new double[p];
        var nf = new double[p];
        for (int a = 0; a < p; a++)
        {
            double l = Math.Max(0, lambda[a]);
            double rest = 1 - l;
            double ha = rest > Cr2Tolerance ? 1 / Math.Sqrt(rest) : 0;
            f[a] = ha;
            kf[a] = l * ha;
            nf[a] = l * ha * ha;
        }
        double[] fv = ApplyFunction(u, f, p, qe, 1);
        Array.Copy(fv, v, p);
        for (int x = 0; x < p; x++)
            for (int y = 0; y < p; y++)
            {
                double kk = 0;
                double nn = 0;
                for (int a = 0; a < p; a++)
                {
                    double uu = u[x * p + a] * u[y * p + a];
                    kk += uu * kf[a];
                    nn += uu * nf[a];
                }
                kMat[x * p + y] = kk;
                nMat[x * p + y] = nn;
            }
    }

    /// <summary>U diag(h) U' B for U (size × size, eigenvectors as columns) and B (size × cols, row-major).</summary>
    private static double[] ApplyFunction(double[] u, double[] h, int size, double[] b, int cols)
    {
        var tmp = new double[size * cols];
        for (int a = 0; a < size; a++)
            for (int k = 0; k < cols; k++)
            {
                double total = 0;
                for (int r = 0; r < size; r++) total += u[r * size + a] * b[r * cols + k];
                tmp[a * cols + k] = total * h[a];
            }
        var result = new double[size * cols];
        for (int r = 0; r < size; r++)
            for (int k = 0; k < cols; k++)
            {
                double total = 0;
                for (int a = 0; a < size; a++) total += u[r * size + a] * tmp[a * cols + k];
                result[r * cols + k] = total;
            }
        return result;
    }
}
