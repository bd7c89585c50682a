using System.Runtime.CompilerServices;

namespace IcpAnalytics.Statistics;

public static partial class LinearRegression
{
    private const int MaxRefinements = 4;

    /// <summary>
    /// Iterative refinement of a QR solution (corrected semi-normal equations): the gradient X'W(y − Xβ) is computed in
    /// double-double arithmetic on the original data and the correction solved with the QR factor. A step is kept only when
    /// it lowers the residual sum of squares (also computed in double-double), so refinement can never make a fit worse.
    /// It recovers the digits lost when the response is large relative to the part the model explains (e.g. NIST Wampler5).
    /// </summary>
    private static Solution Refine(Solution s, IDesignRows design, double[]? w, int maxDegreeOfParallelism)
    {
        int c = s.Columns;
        int i0 = s.Intercept ? 1 : 0;
        int p = c + i0;
        var beta = new double[p];
        if (s.Intercept)
        {
            double b0 = s.ResponseMean + s.InterceptOffset;
            for (int j = 0; j < c; j++) b0 -= s.Means[j] * s.Slopes[j];
            beta[0] = b0;
        }
        for (int j = 0; j < c; j++) beta[j + i0] = s.Slopes[j];
        (double[] gradient, DoubleDouble rss) = Gradient(design, w, beta, s.Intercept, maxDegreeOfParallelism);
        Solution current = s;
        for (int iteration = 0; iteration < MaxRefinements; iteration++)
        {
            double[] delta = SolveNormal(current, gradient);
            var candidate = new double[p];
            bool changed = false;
            for (int j = 0; j < p; j++)
            {
                candidate[j] = beta[j] + delta[j];
                if (candidate[j] != beta[j]) changed = true;
            }
            if (!changed) break;
            (double[] nextGradient, DoubleDouble nextRss) = Gradient(design, w, candidate, s.Intercept, maxDegreeOfParallelism);
            if (!(nextRss < rss)) break;
            beta = candidate;
            gradient = nextGradient;
            rss = nextRss;
            var slopes = new double[c];
            for (int j = 0; j < c; j++) slopes[j] = beta[j + i0];
            double offset = 0;
            if (s.Intercept)
            {
                double b0 = s.ResponseMean;
                for (int j = 0; j < c; j++) b0 -= s.Means[j] * slopes[j];
                offset = beta[0] - b0;
            }
            current = current with { Slopes = slopes, InterceptOffset = offset };
        }
        return current;
    }

    /// <summary>Solves (X'WX) δ = g in the original parametrization using the working factor (centred, scaled).</summary>
    private static double[] SolveNormal(Solution s, double[] g)
    {
        int c = s.Columns;
        int i0 = s.Intercept ? 1 : 0;
        var u = new double[c];
        for (int j = 0; j < c; j++) u[j] = (g[j + i0] - (s.Intercept ? s.Means[j] * g[0] : 0)) / s.Scale[j];
        double[] v = DenseMath.SolveWithFactor(s.R, c, u);
        var delta = new double[c + i0];
        for (int j = 0; j < c; j++) delta[j + i0] = v[j] / s.Scale[j];
        if (s.Intercept)
        {
            double d0 = g[0] / s.SumOfWeights;
            for (int j = 0; j < c; j++) d0 -= s.Means[j] * delta[j + 1];
            delta[0] = d0;
        }
        return delta;
    }

    /// <summary>X'W(y − Xβ) and Σ w (y − Xβ)² in double-double arithmetic, chunk by chunk, merged in order.</summary>
    private static (double[] Gradient, DoubleDouble Rss) Gradient(IDesignRows design, double[]? w, double[] beta, bool intercept, int maxDegreeOfParallelism)
    {
        int n = design.Rows;
        int c = design.Columns;
        int i0 = intercept ? 1 : 0;
        int p = c + i0;
        int chunks = Math.Max(1, (n + ChunkRows - 1) / ChunkRows);
        var parts = new DoubleDouble[chunks][];
        var rssParts = new DoubleDouble[chunks];
        RunChunks(chunks, maxDegreeOfParallelism, k =>
        {
            int start = k * ChunkRows;
            int end = Math.Min(n, start + ChunkRows);
            var a = new double[(c + 1) * BlockRows];
            var row = new double[c];
            var g = new DoubleDouble[p];
            DoubleDouble rss = default;
            for (int b = start; b < end; b += BlockRows)
            {
                int count = Math.Min(BlockRows, end - b);
                FillBlock(design, b, count, a, BlockRows, row, w);
                for (int i = 0; i < count; i++)
                {
                    double wi = w is null ? 1 : w[b + i];
                    if (wi == 0) continue;
                    DoubleDouble r = new(a[c * BlockRows + i], 0);
                    if (intercept) r = r.Add(-beta[0]);
                    for (int j = 0; j < c; j++) r = r.SubtractProduct(beta[j + i0], a[j * BlockRows + i]);
                    DoubleDouble wr = w is null ? r : r.Multiply(wi);
                    if (intercept) g[0] = g[0].Add(wr);
                    for (int j = 0; j < c; j++) g[j + i0] = g[j + i0].Add(wr.Multiply(a[j * BlockRows + i]));
                    rss = rss.Add(wr.Multiply(r));
                }
            }
            parts[k] = g;
            rssParts[k] = rss;
        });
        var total = new DoubleDouble[p];
        DoubleDouble rssTotal = default;
        for (int k = 0; k < chunks; k++)
        {
            for (int j = 0; j < p; j++) total[j] = total[j].Add(parts[k][j]);
            rssTotal = rssTotal.Add(rssParts[k]);
        }
        var gradient = new double[p];
        for (int j = 0; j < p; j++) gradient[j] = total[j].Hi + total[j].Lo;
        return (gradient, rssTotal);
    }

    /// <summary>An unevaluated sum hi + lo with about 32 significant digits (Dekker / Knuth error-free transformations).</summary>
    internal readonly record struct DoubleDouble(double Hi, double Lo)
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static DoubleDouble TwoSum(double a, double b)
        {
            double s = a + b;
            double bb = s - a;
            return new DoubleDouble(s, (a - (s - bb)) + (b - bb));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static DoubleDouble QuickTwoSum(double a, double b)
        {
            double s = a + b;
            return new DoubleDouble(s, b - (s - a));
        }

        public DoubleDouble Add(double x)
        {
            DoubleDouble s = TwoSum(Hi, x);
            return QuickTwoSum(s.Hi, s.Lo + Lo);
        }

        public DoubleDouble Add(DoubleDouble x)
        {
            DoubleDouble s = TwoSum(Hi, x.Hi);
            DoubleDouble t = TwoSum(Lo, x.Lo);
            DoubleDouble u = QuickTwoSum(s.Hi, s.Lo + t.Hi);
            return QuickTwoSum(u.Hi, u.Lo + t.Lo);
        }

        /// <summary>this − a·b with the product formed exactly.</summary>
        public DoubleDouble SubtractProduct(double a, double b)
        {
            double p = a * b;
            double e = Math.FusedMultiplyAdd(a, b, -p);
            return Add(new DoubleDouble(-p, -e));
        }

        public DoubleDouble Multiply(double x)
        {
            double p = Hi * x;
            double e = Math.FusedMultiplyAdd(Hi, x, -p);
            return QuickTwoSum(p, e + Lo * x);
        }

        public DoubleDouble Multiply(DoubleDouble x)
        {
            double p = Hi * x.Hi;
            double e = Math.FusedMultiplyAdd(Hi, x.Hi, -p);
            return QuickTwoSum(p, e + Hi * x.Lo + Lo * x.Hi);
        }

        public DoubleDouble Negate() => new(-Hi, -Lo);

        public DoubleDouble Subtract(DoubleDouble x) => Add(x.Negate());

        /// <summary>this / x to about 30 digits (three correction steps of the double quotient).</summary>
        public DoubleDouble Divide(DoubleDouble x)
        {
            double q1 = Hi / x.Hi;
            DoubleDouble r = Subtract(x.Multiply(q1));
            double q2 = r.Hi / x.Hi;
            r = r.Subtract(x.Multiply(q2));
            double q3 = r.Hi / x.Hi;
            return QuickTwoSum(q1, q2).Add(q3);
        }

        /// <summary>√this by one Newton step from the double square root.</summary>
        public DoubleDouble Sqrt()
        {
            if (Hi <= 0) return default;
            double s = Math.Sqrt(Hi);
            DoubleDouble t = Subtract(new DoubleDouble(s, 0).Multiply(s));
            return QuickTwoSum(s, t.Hi / (2 * s));
        }

        public double Value => Hi + Lo;

        public static bool operator <(DoubleDouble a, DoubleDouble b) => a.Hi < b.Hi || (a.Hi == b.Hi && a.Lo < b.Lo);

        public static bool operator >(DoubleDouble a, DoubleDouble b) => b < a;
    }
}
