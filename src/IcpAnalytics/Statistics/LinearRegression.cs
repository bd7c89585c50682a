using System.Globalization;
using System.Numerics.Tensors;

namespace IcpAnalytics.Statistics;

/// <summary>
/// Ordinary and weighted least squares with classical, heteroscedasticity-robust (HC0–HC3) or cluster-robust inference.
/// </summary>
/// <remarks>
/// <para>Both entry points centre the predictors on their weighted means when the model has an intercept (an exact
/// reparametrization that removes the worst ill-conditioning) and scale every column to unit norm.</para>
/// <para>The materialized entry point solves by Householder QR of the centred, scaled rows. The streaming entry point reads
/// the rows once to accumulate centred cross-products (<see cref="CrossProducts"/>), in chunks of 65,536 rows spread over
/// the cores and merged in a fixed order; it solves them by Cholesky factorization only when the condition number of the
/// scaled cross-product matrix is at most 10⁶ (so at most about 10⁻¹⁰ relative error is expected), and otherwise reads the
/// rows a second time to build the R factor by Householder QR block by block (a TSQR-style merge of per-chunk factors),
/// which is as accurate as QR of the whole matrix. A final pass computes residuals, leverages and the sandwich "meat".</para>
/// <para>Rank deficiency is detected by QR with column pivoting of the R factor; the exception names the collinear columns.</para>
/// </remarks>
public static partial class LinearRegression
{
    internal const int ChunkRows = 1 << 16;
    internal const int BlockRows = 256;
    internal const double CholeskyConditionLimit = 1e6;
    internal const double RankTolerance = 1e-13;

    /// <summary>
    /// Fits least squares to predictors already in memory, by Householder QR.
    /// </summary>
    /// <param name="x">Row-major predictors, <c>y.Length × columns</c> values, without an intercept column.</param>
    /// <param name="columns">The number of predictor columns (0 is allowed with an intercept).</param>
    /// <param name="y">The response of each row.</param>
    /// <param name="options">Intercept, covariance type and confidence level; the defaults of <see cref="RegressionOptions"/> when null.</param>
    /// <param name="weights">One weight per row (finite, at least 0), or empty for an unweighted fit.</param>
    /// <param name="clusters">One cluster id per row (e.g. account code); required when the covariance type is <see cref="CovarianceType.Cluster"/>, ignored otherwise.</param>
    /// <param name="names">The predictor names; the default is "x1", "x2", ….</param>
    /// <param name="secondClusters">One id per row of the second clustering dimension (e.g. rep code); required when the covariance type is <see cref="CovarianceType.TwoWayCluster"/>, ignored otherwise.</param>
    /// <returns>The immutable fit.</returns>
    /// <exception cref="ArgumentException">Mismatched lengths, or NaN or infinite values (the message names the column and row, never the value).</exception>
    /// <exception cref="InvalidOptionsException">Invalid options.</exception>
    /// <exception cref="ModelFitException">Too few rows, a constant, zero or collinear column (named), a constant response, or a leverage of 1 under HC2/HC3.</exception>
    public static RegressionFit Fit(ReadOnlySpan<double> x, int columns, ReadOnlySpan<double> y, RegressionOptions? options = null,
        ReadOnlySpan<double> weights = default, ReadOnlySpan<int> clusters = default, IReadOnlyList<string>? names = null, ReadOnlySpan<int> secondClusters = default)
    {
        options ??= new RegressionOptions();
        options.Validate();
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        string[] columnNames = CheckNames(names, columns);
        int n = y.Length;
        if (x.Length != (long)n * columns)
            throw new ArgumentException($"The predictors hold {x.Length} values; {n} rows × {columns} columns need {(long)n * columns}.", nameof(x));
        for (int i = 0; i < x.Length; i++)
        {
            if (!double.IsFinite(x[i]) && (weights.IsEmpty || weights.Length != n || weights[i / columns] != 0))
                throw new ArgumentException($"Column '{columnNames[i % columns]}' is NaN or infinite in row {i / columns}; remove or impute missing values before fitting.", nameof(x));
        }
        for (int i = 0; i < n; i++)
        {
            if (!double.IsFinite(y[i]) && (weights.IsEmpty || weights.Length != n || weights[i] != 0))
                throw new ArgumentException($"The response is NaN or infinite in row {i}; remove or impute missing values before fitting.", nameof(y));
        }
        var design = new MatrixDesignRows(x.ToArray(), columns, y.ToArray(), columnNames);
        return FitCore(design, options, weights, clusters, secondClusters, materialized: true);
    }

    /// <summary>
    /// Fits least squares to rows produced on the fly, reading them a few times without holding an n × p matrix: one pass
    /// for centred cross-products (Cholesky when well conditioned, otherwise a second pass of blocked Householder QR) and a
    /// last pass for residuals, leverages and robust covariance. Work is split over the cores and merged in a fixed order.
    /// </summary>
    /// <param name="design">The rows; <see cref="IDesignRows.FillRow"/> is called from several threads.</param>
    /// <param name="options">Intercept, covariance type and confidence level; the defaults of <see cref="RegressionOptions"/> when null.</param>
    /// <param name="weights">One weight per row (finite, at least 0), or empty for an unweighted fit.</param>
    /// <param name="clusters">One cluster id per row; required when the covariance type is <see cref="CovarianceType.Cluster"/>, ignored otherwise.</param>
    /// <param name="secondClusters">One id per row of the second clustering dimension; required when the covariance type is <see cref="CovarianceType.TwoWayCluster"/>, ignored otherwise.</param>
    /// <returns>The immutable fit.</returns>
    /// <exception cref="ArgumentException">Mismatched lengths, or NaN or infinite values (the message names the column and row, never the value).</exception>
    /// <exception cref="InvalidOptionsException">Invalid options.</exception>
    /// <exception cref="ModelFitException">Too few rows, a constant, zero or collinear column (named), a constant response, or a leverage of 1 under HC2/HC3.</exception>
    public static RegressionFit Fit(IDesignRows design, RegressionOptions? options = null, ReadOnlySpan<double> weights = default, ReadOnlySpan<int> clusters = default,
        ReadOnlySpan<int> secondClusters = default)
    {
        ArgumentNullException.ThrowIfNull(design);
        options ??= new RegressionOptions();
        options.Validate();
        return FitCore(design, options, weights, clusters, secondClusters, materialized: false);
    }

    internal static string[] CheckNames(IReadOnlyList<string>? names, int columns)
    {
        if (names is null) return MatrixDesignRows.DefaultNames(columns);
        if (names.Count != columns)
            throw new ArgumentException($"There are {names.Count} names for {columns} predictor columns; give one per column.", nameof(names));
        return [.. names];
    }

    private static RegressionFit FitCore(IDesignRows design, RegressionOptions options, ReadOnlySpan<double> weights, ReadOnlySpan<int> clusters,
        ReadOnlySpan<int> secondClusters, bool materialized)
    {
        int n = design.Rows;
        int c = design.Columns;
        bool intercept = options.Intercept;
        if (design is DesignMatrix { HasResponse: false })
            throw new ArgumentException("The design has no response; add one with DesignMatrixBuilder.Response before fitting.", nameof(design));
        if (c == 0 && !intercept)
            throw new ArgumentException("A model without an intercept needs at least one predictor column.", nameof(design));
        double[]? w = CheckWeights(weights, n);
        if (w is not null && options.WeightKind == WeightKind.Frequency)
        {
            for (int i = 0; i < n; i++)
                if (w[i] != Math.Floor(w[i]))
                    throw new ArgumentException($"The weight of row {i} is not a whole number; frequency weights count identical observations. Round them or use WeightKind.Analytic.", nameof(weights));
        }
        var sets = new List<(int[] Index, int Count)>();
        if (options.Covariance is CovarianceType.Cluster or CovarianceType.CR2 or CovarianceType.TwoWayCluster)
            sets.Add(IndexClusters(clusters, n, w));
        if (options.Covariance == CovarianceType.TwoWayCluster)
        {
            if (secondClusters.IsEmpty)
                throw new ArgumentException("Two-way cluster-robust covariance needs a second cluster id per row (e.g. rep code); pass secondClusters or choose another covariance type.", nameof(secondClusters));
            sets.Add(IndexClusters(secondClusters, n, w));
            var pairs = new int[n];
            var map = new Dictionary<(int, int), int>();
            for (int i = 0; i < n; i++)
            {
                if (sets[0].Index[i] < 0)
                {
                    pairs[i] = -1;
                    continue;
                }
                var key = (sets[0].Index[i], sets[1].Index[i]);
                if (!map.TryGetValue(key, out int k))
                {
                    k = map.Count;
                    map.Add(key, k);
                }
                pairs[i] = k;
            }
            sets.Add((pairs, map.Count));
        }

        string[] names = [.. design.ColumnNames];
        CrossProducts cp = Accumulate(design, w, options.MaxDegreeOfParallelism);
        CheckFinite(cp, design, w);
        int parameters = c + (intercept ? 1 : 0);
        CheckCounts(cp.Count, parameters);

        Solution? solution = null;
        if (!materialized) solution = TryCholesky(cp, intercept, names, force: false);
        solution ??= Refine(SolveByQr(design, w, cp, intercept, names, materialized, options.MaxDegreeOfParallelism), design, w, options.MaxDegreeOfParallelism);
        return Finish(solution, design, w, sets, options, names);
    }

    internal static RegressionFit FitFromCrossProducts(CrossProducts cp, RegressionOptions options, string[] names)
    {
        int parameters = cp.Columns + (options.Intercept ? 1 : 0);
        if (cp.Columns == 0 && !options.Intercept)
            throw new ArgumentException("A model without an intercept needs at least one predictor column.", nameof(cp));
        for (int i = 0; i <= cp.Columns; i++)
        {
            if (!double.IsFinite(cp.MeanOf(i)) || !double.IsFinite(cp.Get(i, i)))
                throw new ArgumentException("The cross-products hold NaN or infinite values; remove or impute missing values before adding rows.", nameof(cp));
        }
        CheckCounts(cp.Count, parameters);
        Solution s = TryCholesky(cp, options.Intercept, names, force: true)!;
        double rss = Math.Max(0, s.ResponseSquares - s.ExplainedSquares);
        var meat = Array.Empty<double>();
        return Build(s, rss, meat, [], options, names, cp.Count);
    }

    private static void CheckCounts(long count, int parameters)
    {
        if (count <= parameters)
            throw new ModelFitException($"The fit has {count} rows with positive weight for {parameters} parameters; at least {parameters + 1} are needed (one more than the parameters, to estimate the noise). Add rows or drop predictors.");
    }

    internal static double[]? CheckWeights(ReadOnlySpan<double> weights, int n)
    {
        if (weights.IsEmpty) return null;
        if (weights.Length != n)
            throw new ArgumentException($"There are {weights.Length} weights for {n} rows; give one per row or none.", nameof(weights));
        for (int i = 0; i < n; i++)
        {
            if (!double.IsFinite(weights[i]) || weights[i] < 0)
                throw new ArgumentException($"The weight of row {i} is negative, NaN or infinite; weights must be finite and at least 0.", nameof(weights));
        }
        return weights.ToArray();
    }

    private static (int[] Index, int Count) IndexClusters(ReadOnlySpan<int> clusters, int n, double[]? w)
    {
        if (clusters.IsEmpty)
            throw new ArgumentException("Cluster-robust covariance needs a cluster id per row (e.g. account code); pass clusters or choose another covariance type.", nameof(clusters));
        if (clusters.Length != n)
            throw new ArgumentException($"There are {clusters.Length} cluster ids for {n} rows; give one per row.", nameof(clusters));
        var map = new Dictionary<int, int>();
        var index = new int[n];
        for (int i = 0; i < n; i++)
        {
            if (w is not null && w[i] == 0)
            {
                index[i] = -1;
                continue;
            }
            if (!map.TryGetValue(clusters[i], out int k))
            {
                k = map.Count;
                map.Add(clusters[i], k);
            }
            index[i] = k;
        }
        if (map.Count < 2)
            throw new ModelFitException($"Cluster-robust standard errors need at least 2 clusters; the rows fall in {map.Count}. Use HC3 instead.");
        return (index, map.Count);
    }

    /// <summary>Reads every row once into centred cross-products, chunk by chunk over the cores, merged in chunk order.</summary>
    internal static CrossProducts Accumulate(IDesignRows design, double[]? w, int maxDegreeOfParallelism)
    {
        int n = design.Rows;
        int c = design.Columns;
        int chunks = Math.Max(1, (n + ChunkRows - 1) / ChunkRows);
        var parts = new CrossProducts[chunks];
        RunChunks(chunks, maxDegreeOfParallelism, k =>
        {
            var part = new CrossProducts(c);
            int start = k * ChunkRows;
            int end = Math.Min(n, start + ChunkRows);
            var buffer = new double[(c + 1) * BlockRows];
            var row = new double[c];
            var sqrtw = new double[BlockRows];
            for (int b = start; b < end; b += BlockRows)
            {
                int count = Math.Min(BlockRows, end - b);
                FillBlock(design, b, count, buffer, BlockRows, row, w);
                part.AddBlock(buffer, BlockRows, count, w is null ? default : w.AsSpan(b, count), sqrtw);
            }
            parts[k] = part;
        });
        CrossProducts total = parts[0];
        for (int k = 1; k < chunks; k++) total.Merge(parts[k]);
        return total;
    }

    /// <summary>
    /// Runs <paramref name="body"/> for every chunk on at most <paramref name="maxDegreeOfParallelism"/> threads; rethrows the
    /// exception of the lowest failing chunk, unwrapped. Each chunk writes only its own slot, so the caller's merge in chunk
    /// order gives the same bits for any degree.
    /// </summary>
    internal static void RunChunks(int chunks, int maxDegreeOfParallelism, Action<int> body)
    {
        if (chunks == 1 || maxDegreeOfParallelism == 1)
        {
            for (int k = 0; k < chunks; k++) body(k);
            return;
        }
        var errors = new Exception?[chunks];
        Parallel.For(0, chunks, Parallelism.Options(maxDegreeOfParallelism), k =>
        {
            try
            {
                body(k);
            }
#pragma warning disable CA1031 // Rethrown below, in chunk order.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                errors[k] = ex;
            }
        });
        foreach (Exception? error in errors)
            if (error is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error).Throw();
    }

    /// <summary>
    /// Fills a column-major block: predictors then the response, column j at destination[j * stride]. Rows whose weight is
    /// 0 are zeroed after filling, so that they take no part in any sum even when their values are missing (NaN).
    /// </summary>
    internal static void FillBlock(IDesignRows design, int start, int count, Span<double> destination, int stride, double[] row, double[]? weights = null)
    {
        int c = design.Columns;
        if (design is IBlockDesignRows block)
        {
            block.FillBlock(start, count, destination, stride);
        }
        else
        {
            for (int i = 0; i < count; i++)
            {
                design.FillRow(start + i, row);
                for (int j = 0; j < c; j++) destination[j * stride + i] = row[j];
                destination[c * stride + i] = design.Response(start + i);
            }
        }
        if (weights is null) return;
        for (int i = 0; i < count; i++)
        {
            if (weights[start + i] != 0) continue;
            for (int j = 0; j <= c; j++) destination[j * stride + i] = 0;
        }
    }

    internal static void CheckFinite(CrossProducts cp, IDesignRows design, double[]? w)
    {
        bool finite = true;
        for (int i = 0; i <= cp.Columns && finite; i++)
            finite = double.IsFinite(cp.MeanOf(i)) && double.IsFinite(cp.Get(i, i));
        if (finite) return;
        int c = design.Columns;
        var row = new double[c];
        for (int r = 0; r < design.Rows; r++)
        {
            if (w is not null && w[r] == 0) continue;
            design.FillRow(r, row);
            for (int j = 0; j < c; j++)
            {
                if (!double.IsFinite(row[j]))
                    throw new ArgumentException($"Column '{design.ColumnNames[j]}' is NaN or infinite in row {r}; remove or impute missing values before fitting.", nameof(design));
            }
            if (!double.IsFinite(design.Response(r)))
                throw new ArgumentException($"The response is NaN or infinite in row {r}; remove or impute missing values before fitting.", nameof(design));
        }
        throw new ArgumentException("The sums of squares overflowed: some values are too large (beyond about 1e150). Rescale the columns (e.g. amounts in thousands) before fitting.", nameof(design));
    }

    /// <summary>The solved least-squares problem in the working parametrization (centred when there is an intercept, columns scaled to unit norm).</summary>
    internal sealed record Solution
    {
        public required int Columns { get; init; }
        public required bool Intercept { get; init; }
        public required double[] Means { get; init; }
        public required double ResponseMean { get; init; }
        public required double SumOfWeights { get; init; }
        public required double[] Scale { get; init; }
        public required double[] R { get; init; }
        public required double[] RInverse { get; init; }
        public required double[] Slopes { get; init; }
        public required double TotalSquares { get; init; }
        public required double ResponseSquares { get; init; }
        public required double ExplainedSquares { get; init; }
        public required LeastSquaresMethod Method { get; init; }
        public required double Condition { get; init; }
        /// <summary>The intercept minus ȳ − x̄'β (non-zero only after iterative refinement).</summary>
        public double InterceptOffset { get; init; }
    }

    /// <summary>Column checks shared by both solvers: zero and constant columns, constant response. Returns the column scales.</summary>
    internal static double[] ColumnScales(CrossProducts cp, bool intercept, string[] names, bool checkResponse = true)
    {
        int c = cp.Columns;
        double w = cp.SumOfWeights;
        var scale = new double[c];
        for (int j = 0; j < c; j++)
        {
            double centred = Math.Max(0, cp.Get(j, j));
            double mean = cp.MeanOf(j);
            double raw = centred + w * mean * mean;
            if (raw == 0)
                throw new ModelFitException($"Column '{names[j]}' is zero in every row; drop it.");
            if (intercept && centred <= 1e-24 * raw)
                throw new ModelFitException($"Column '{names[j]}' is constant (the same in every row), so it is collinear with the intercept; drop it.");
            scale[j] = Math.Sqrt(intercept ? centred : raw);
        }
        if (!checkResponse) return scale;
        double yCentred = Math.Max(0, cp.Get(c, c));
        double yMean = cp.MeanOf(c);
        double yRaw = yCentred + w * yMean * yMean;
        if (yRaw == 0 || (intercept && yCentred <= 1e-24 * yRaw))
            throw new ModelFitException("The response is the same in every row, so there is no variation to explain.");
        return scale;
    }

    /// <summary>Working cross-product matrix (q × q, response last): centred with an intercept, raw without.</summary>
    private static double[] WorkingMatrix(CrossProducts cp, bool intercept)
    {
        int q = cp.Columns + 1;
        double w = cp.SumOfWeights;
        var g = new double[q * q];
        for (int i = 0; i < q; i++)
        {
            for (int j = 0; j < q; j++)
            {
                double v = cp.Get(i, j);
                if (!intercept) v += w * cp.MeanOf(i) * cp.MeanOf(j);
                g[i * q + j] = v;
            }
        }
        return g;
    }

    internal static Solution? TryCholesky(CrossProducts cp, bool intercept, string[] names, bool force)
    {
        int c = cp.Columns;
        int q = c + 1;
        double[] scale = ColumnScales(cp, intercept, names);
        double[] g = WorkingMatrix(cp, intercept);
        var cs = new double[c * c];
        var rhs = new double[c];
        for (int i = 0; i < c; i++)
        {
            for (int j = 0; j < c; j++) cs[i * c + j] = g[i * q + j] / (scale[i] * scale[j]);
            cs[i * c + i] = 1;
            rhs[i] = g[i * q + c] / scale[i];
        }
        double[] eigen = DenseMath.SymmetricEigenvalues(cs, c);
        double condition = c == 0 ? 1 : (eigen[0] > 0 ? eigen[^1] / eigen[0] : double.PositiveInfinity);
        if (condition > CholeskyConditionLimit && !force) return null;
        double[]? r = condition < 1e15 ? DenseMath.CholeskyUpper(cs, c) : null;
        if (r is null)
            throw new ModelFitException(CollinearMessageFromEigen(cs, c, intercept, names));
        double[] z = DenseMath.SolveUpperTransposed(r, c, rhs);
        double[] slopesScaled = DenseMath.SolveUpper(r, c, z);
        var means = new double[c];
        if (intercept)
            for (int j = 0; j < c; j++) means[j] = cp.MeanOf(j);
        return Solved(cp, intercept, means, scale, r, slopesScaled, g[c * q + c], TensorPrimitives.Dot(z, z), LeastSquaresMethod.Cholesky, Math.Sqrt(condition));
    }

    /// <summary>
    /// The solution both solvers end with, from the factor R and the slopes of the scaled columns; the response's squares
    /// are the total squares when <paramref name="responseSquares"/> is null.
    /// </summary>
    private static Solution Solved(CrossProducts cp, bool intercept, double[] means, double[] scale, double[] r, double[] slopesScaled,
        double? responseSquares, double explainedSquares, LeastSquaresMethod method, double condition)
    {
        int c = cp.Columns;
        var slopes = new double[c];
        for (int j = 0; j < c; j++) slopes[j] = slopesScaled[j] / scale[j];
        double yCentred = cp.Get(c, c);
        double yMean = cp.MeanOf(c);
        double total = intercept ? yCentred : yCentred + cp.SumOfWeights * yMean * yMean;
        return new Solution
        {
            Columns = c,
            Intercept = intercept,
            Means = means,
            ResponseMean = intercept ? yMean : 0,
            SumOfWeights = cp.SumOfWeights,
            Scale = scale,
            R = r,
            RInverse = DenseMath.UpperInverse(r, c),
            Slopes = slopes,
            TotalSquares = total,
            ResponseSquares = responseSquares ?? total,
            ExplainedSquares = explainedSquares,
            Method = method,
            Condition = condition,
        };
    }

    internal static string CollinearMessageFromEigen(double[] cs, int c, bool intercept, string[] names)
    {
        (double[] values, double[] vectors) = DenseMath.SymmetricEigen(cs, c);
        double max = 0;
        for (int i = 0; i < c; i++) max = Math.Max(max, Math.Abs(vectors[i * c]));
        var involved = new List<string>();
        for (int i = 0; i < c; i++)
            if (Math.Abs(vectors[i * c]) > 1e-3 * max) involved.Add(names[i]);
        _ = values;
        return CollinearMessage(involved, intercept);
    }

    private static string CollinearMessage(List<string> involved, bool intercept)
    {
        string list = string.Join(", ", involved.Select(s => $"'{s}'"));
        return $"Columns {list} are collinear (one is a linear combination of the others{(intercept ? ", possibly with the intercept" : "")}), so their effects cannot be separated; drop one of them.";
    }

    /// <summary>Householder QR of the centred, scaled, weighted rows: one block for the materialized path, blocks of 256 rows merged per chunk otherwise.</summary>
    private static Solution SolveByQr(IDesignRows design, double[]? w, CrossProducts cp, bool intercept, string[] names, bool materialized, int maxDegreeOfParallelism)
    {
        int n = design.Rows;
        int c = design.Columns;
        int q = c + 1;
        double[] scale = ColumnScales(cp, intercept, names);
        var means = new double[q];
        if (intercept)
            for (int j = 0; j < q; j++) means[j] = cp.MeanOf(j);
        var colScale = new double[q];
        for (int j = 0; j < c; j++) colScale[j] = 1 / scale[j];
        colScale[c] = 1;

        double[] rAug;
        if (materialized)
        {
            int stride = n;
            var a = new double[q * stride];
            var row = new double[c];
            FillBlock(design, 0, n, a, stride, row, w);
            PrepareRows(a, stride, n, q, means, colScale, w, 0);
            DenseMath.HouseholderQr(a, n, q, stride, q);
            rAug = UpperRows(a, stride, n, q);
        }
        else
        {
            int chunks = Math.Max(1, (n + ChunkRows - 1) / ChunkRows);
            var parts = new double[chunks][];
            RunChunks(chunks, maxDegreeOfParallelism, k =>
            {
                int start = k * ChunkRows;
                int end = Math.Min(n, start + ChunkRows);
                int stride = q + BlockRows;
                var a = new double[q * stride];
                var row = new double[c];
                int held = 0;   // rows of R currently at the top of the buffer
                for (int b = start; b < end; b += BlockRows)
                {
                    int count = Math.Min(BlockRows, end - b);
                    for (int j = 0; j < q; j++) a.AsSpan(j * stride + held, stride - held).Clear();
                    FillBlock(design, b, count, a.AsSpan(held), stride, row, w);
                    PrepareRows(a.AsSpan(held), stride, count, q, means, colScale, w, b);
                    int rows = held + count;
                    DenseMath.HouseholderQr(a, rows, q, stride, q);
                    held = Math.Min(q, rows);
                }
                parts[k] = UpperRows(a, stride, held, q);
            });
            rAug = MergeTriangles(parts, q);
        }

        var r = new double[c * c];
        var qy = new double[c];
        for (int i = 0; i < c; i++)
        {
            for (int j = i; j < c; j++) r[i * c + j] = rAug[i * q + j];
            qy[i] = rAug[i * q + c];
        }
        // Make the diagonal positive (sign convention only) so rank checks and inverses see a standard factor.
        for (int i = 0; i < c; i++)
        {
            if (r[i * c + i] < 0)
            {
                for (int j = i; j < c; j++) r[i * c + j] = -r[i * c + j];
                qy[i] = -qy[i];
            }
        }
        var dependency = DenseMath.FindDependency(r, c, RankTolerance);
        if (dependency is { } dep)
        {
            var involved = new List<string>();
            foreach (int partner in dep.Partners) involved.Add(names[partner]);
            involved.Add(names[dep.Dependent]);
            throw new ModelFitException(CollinearMessage(involved, intercept));
        }
        double[] z = DenseMath.SolveUpper(r, c, qy);
        return Solved(cp, intercept, means[..c], scale, r, z, null, TensorPrimitives.Dot(qy, qy),
            materialized ? LeastSquaresMethod.HouseholderQR : LeastSquaresMethod.BlockedQR, DenseMath.ConditionOfTriangle(r, c));
    }

    /// <summary>The q × q upper-triangular factor held in the first <paramref name="rows"/> rows of a column-major buffer (missing rows are zero).</summary>
    private static double[] UpperRows(ReadOnlySpan<double> a, int stride, int rows, int q)
    {
        var r = new double[q * q];
        for (int i = 0; i < Math.Min(rows, q); i++)
            for (int j = i; j < q; j++) r[i * q + j] = a[j * stride + i];
        return r;
    }

    private static double[] MergeTriangles(double[][] parts, int q)
    {
        if (parts.Length == 1) return parts[0];
        int rows = parts.Length * q;
        var a = new double[q * rows];
        for (int k = 0; k < parts.Length; k++)
            for (int i = 0; i < q; i++)
                for (int j = i; j < q; j++) a[j * rows + k * q + i] = parts[k][i * q + j];
        DenseMath.HouseholderQr(a, rows, q, rows, q);
        return DenseMath.UpperTriangle(a, rows, q);
    }

    /// <summary>Centres (with an intercept), scales and weights a column-major block in place.</summary>
    private static void PrepareRows(Span<double> a, int stride, int count, int q, double[] means, double[] colScale, double[]? w, int firstRow)
    {
        for (int j = 0; j < q; j++)
        {
            Span<double> col = a.Slice(j * stride, count);
            if (means[j] != 0) TensorPrimitives.Subtract(col, means[j], col);
            if (colScale[j] != 1) TensorPrimitives.Multiply(col, colScale[j], col);
            if (w is not null)
            {
                for (int i = 0; i < count; i++) col[i] *= Math.Sqrt(w[firstRow + i]);
            }
        }
    }

    /// <summary>The residual pass: residual sum of squares, leverages and the sandwich meat (or cluster scores), then the fit.</summary>
    private static RegressionFit Finish(Solution s, IDesignRows design, double[]? w, List<(int[] Index, int Count)> sets, RegressionOptions options, string[] names)
    {
        int n = design.Rows;
        int c = s.Columns;
        int q = c + 1;
        int p = c + (s.Intercept ? 1 : 0);
        CovarianceType type = options.Covariance;
        bool frequency = w is not null && options.WeightKind == WeightKind.Frequency;
        bool cr2 = type == CovarianceType.CR2;
        bool hac = type == CovarianceType.NeweyWest;
        bool needMeat = type != CovarianceType.Classical && !cr2;
        bool leverage = type is CovarianceType.HC2 or CovarianceType.HC3;
        bool cluster = type is CovarianceType.Cluster or CovarianceType.TwoWayCluster;
        int chunks = Math.Max(1, (n + ChunkRows - 1) / ChunkRows);
        var rssParts = new double[chunks];
        var meatParts = new double[chunks][];
        double[][]? scores = cluster ? sets.Select(set => new double[set.Count * p]).ToArray() : null;
        double invW = s.Intercept ? 1 / s.SumOfWeights : 0;
        long count = 0;
        if (w is null) count = n;
        else if (frequency)
            foreach (double wi in w) count += (long)wi;
        else
            foreach (double wi in w)
                if (wi > 0) count++;
        int lag = hac ? options.HacLag ?? (int)Math.Floor(4 * Math.Pow(count / 100.0, 2.0 / 9)) : 0;
        // Newey–West state, carried across chunks (processed in order): the last `lag` scores and the meat.
        double[][] ring = hac ? [.. Enumerable.Range(0, lag).Select(_ => new double[p])] : [];
        int ringCount = 0;
        int ringNext = 0;
        double[] hacMeat = hac ? new double[p * p] : [];
        var u = new double[p];

        void Chunk(int k)
        {
            int start = k * ChunkRows;
            int end = Math.Min(n, start + ChunkRows);
            var a = new double[q * BlockRows];
            var row = new double[c];
            var e = new double[BlockRows];
            var h = new double[BlockRows];
            var tmp = new double[BlockRows];
            bool sandwichRows = needMeat && !cluster && !hac;
            var v = sandwichRows ? new double[p * BlockRows] : null;
            var meat = sandwichRows ? new double[p * p] : null;
            var blockMeat = sandwichRows ? new double[p * p] : null;
            double rss = 0;
            for (int b = start; b < end; b += BlockRows)
            {
                int count = Math.Min(BlockRows, end - b);
                FillBlock(design, b, count, a, BlockRows, row, w);
                Span<double> ycol = a.AsSpan(c * BlockRows, count);
                Span<double> res = e.AsSpan(0, count);
                if (s.Intercept) TensorPrimitives.Subtract(ycol, s.ResponseMean + s.InterceptOffset, res);
                else ycol.CopyTo(res);
                for (int j = 0; j < c; j++)
                {
                    Span<double> col = a.AsSpan(j * BlockRows, count);
                    if (s.Intercept) TensorPrimitives.Subtract(col, s.Means[j], col);
                    TensorPrimitives.MultiplyAdd(col, -s.Slopes[j], res, res);
                }
                if (w is null) rss += TensorPrimitives.Dot((ReadOnlySpan<double>)res, res);
                else
                {
                    for (int i = 0; i < count; i++) rss += w[b + i] * res[i] * res[i];
                }
                if (!needMeat) continue;
                for (int j = 0; j < c; j++)
                {
                    Span<double> col = a.AsSpan(j * BlockRows, count);
                    TensorPrimitives.Multiply(col, 1 / s.Scale[j], col);
                }
                if (cluster)
                {
                    for (int set = 0; set < sets.Count; set++)
                    {
                        int[] index = sets[set].Index;
                        double[] sc = scores![set];
                        for (int i = 0; i < count; i++)
                        {
                            int g = index[b + i];
                            if (g < 0) continue;
                            double we = (w is null ? 1 : w[b + i]) * res[i];
                            int o = g * p;
                            if (s.Intercept) sc[o++] += we;
                            for (int j = 0; j < c; j++) sc[o + j] += we * a[j * BlockRows + i];
                        }
                    }
                    continue;
                }
                if (hac)
                {
                    for (int i = 0; i < count; i++)
                    {
                        double wi = w is null ? 1 : w[b + i];
                        if (wi == 0) continue;
                        double we = wi * res[i];
                        int o = 0;
                        if (s.Intercept) u[o++] = we;
                        for (int j = 0; j < c; j++) u[o + j] = we * a[j * BlockRows + i];
                        for (int x = 0; x < p; x++)
                            for (int y = 0; y < p; y++) hacMeat[x * p + y] += u[x] * u[y];
                        for (int l = 1; l <= ringCount; l++)
                        {
                            double[] prev = ring[(ringNext - l + lag) % lag];
                            double kernel = 1 - l / (lag + 1.0);
                            for (int x = 0; x < p; x++)
                                for (int y = 0; y < p; y++) hacMeat[x * p + y] += kernel * (u[x] * prev[y] + prev[x] * u[y]);
                        }
                        if (lag > 0)
                        {
                            Array.Copy(u, ring[ringNext], p);
                            ringNext = (ringNext + 1) % lag;
                            ringCount = Math.Min(lag, ringCount + 1);
                        }
                    }
                    continue;
                }
                Span<double> hh = h.AsSpan(0, count);
                if (leverage)
                {
                    Leverages(a, BlockRows, count, c, s.RInverse, hh);
                    for (int i = 0; i < count; i++)
                    {
                        double wi = w is null ? 1 : w[b + i];
                        double hi = (frequency ? 1 : wi) * (hh[i] + invW);
                        if (wi > 0 && hi >= 1 - 1e-10)
                            throw new ModelFitException($"Row {b + i} has leverage 1: it alone determines its fitted value, so {type} standard errors are undefined. Use HC1 or remove the row (or the predictor that singles it out).");
                        hh[i] = hi;
                    }
                }
                // omega = w² e² / (1-h)^k, stored as its square root times the columns.
                Span<double> root = tmp.AsSpan(0, count);
                for (int i = 0; i < count; i++)
                {
                    double wi = w is null ? 1 : w[b + i];
                    // Analytic weights: score wᵢeᵢzᵢ; frequency weights: wᵢ copies of the score eᵢzᵢ, so the meat takes wᵢeᵢ².
                    double r = (frequency ? Math.Sqrt(wi) : wi) * res[i];
                    if (type == CovarianceType.HC2) r /= Math.Sqrt(1 - hh[i]);
                    else if (type == CovarianceType.HC3) r /= 1 - hh[i];
                    root[i] = Math.Abs(r);
                }
                int offset = 0;
                if (s.Intercept)
                {
                    root.CopyTo(v.AsSpan(0, count));
                    offset = 1;
                }
                for (int j = 0; j < c; j++) TensorPrimitives.Multiply(a.AsSpan(j * BlockRows, count), root, v.AsSpan((j + offset) * BlockRows, count));
                CrossProducts.CoMoments(v, BlockRows, count, p, blockMeat);
                TensorPrimitives.Add(meat, blockMeat, meat);
            }
            rssParts[k] = rss;
            meatParts[k] = meat ?? [];
        }

        if (cluster || hac)
        {
            for (int k = 0; k < chunks; k++) Chunk(k);
        }
        else
        {
            RunChunks(chunks, options.MaxDegreeOfParallelism, Chunk);
        }
        double rssTotal = 0;
        foreach (double part in rssParts) rssTotal += part;
        double[] meatTotal = [];
        double[]? df = null;
        if (cr2)
        {
            (meatTotal, df) = Cr2(s, design, w, sets[0].Index, sets[0].Count);
        }
        else if (hac)
        {
            meatTotal = hacMeat;
        }
        else if (needMeat)
        {
            meatTotal = new double[p * p];
            if (cluster)
            {
                for (int k = 0; k < sets.Count; k++)
                {
                    int groups = sets[k].Count;
                    // Two-way (CGM): each part with its own factor G/(G−1)·(n−1)/(n−p); the intersection part is subtracted.
                    double factor = type == CovarianceType.TwoWayCluster
                        ? (k == 2 ? -1 : 1) * groups / (groups - 1.0) * (count - 1.0) / (count - p)
                        : 1;
                    if (groups < 2) factor = k == 2 ? -1 : 1;
                    double[] sc = scores![k];
                    for (int g = 0; g < groups; g++)
                    {
                        for (int i = 0; i < p; i++)
                        {
                            double si = sc[g * p + i];
                            for (int j = i; j < p; j++) meatTotal[i * p + j] += factor * si * sc[g * p + j];
                        }
                    }
                }
            }
            else
            {
                foreach (double[] part in meatParts) TensorPrimitives.Add(meatTotal, part, meatTotal);
            }
        }
        return Build(s, rssTotal, meatTotal, [.. sets.Select(set => set.Count)], options, names, count, df, hac ? lag : null);
    }

    /// <summary>
    /// Σ_k (Σ_{j≤k} z_j·Rinv[j,k])² for each row of a column-major block — the squared norm of R⁻ᵀz, i.e. z'(X'WX)⁻¹z in
    /// scaled units — computed four rows and four output columns at a time with fused multiply-adds.
    /// </summary>
    internal static void Leverages(ReadOnlySpan<double> a, int stride, int count, int c, double[] rInv, Span<double> h)
    {
        int width = System.Numerics.Vector<double>.Count;
        int i = 0;
        if (System.Numerics.Vector.IsHardwareAccelerated)
        {
            for (; i + width <= count; i += width)
            {
                var sum = System.Numerics.Vector<double>.Zero;
                int k = 0;
                for (; k + 3 < c; k += 4)
                {
                    var u0 = System.Numerics.Vector<double>.Zero;
                    var u1 = u0;
                    var u2 = u0;
                    var u3 = u0;
                    for (int j = 0; j <= k + 3; j++)
                    {
                        var zj = new System.Numerics.Vector<double>(a.Slice(j * stride + i, width));
                        int row = j * c + k;
                        u0 = System.Numerics.Vector.FusedMultiplyAdd(zj, new System.Numerics.Vector<double>(rInv[row]), u0);
                        u1 = System.Numerics.Vector.FusedMultiplyAdd(zj, new System.Numerics.Vector<double>(rInv[row + 1]), u1);
                        u2 = System.Numerics.Vector.FusedMultiplyAdd(zj, new System.Numerics.Vector<double>(rInv[row + 2]), u2);
                        u3 = System.Numerics.Vector.FusedMultiplyAdd(zj, new System.Numerics.Vector<double>(rInv[row + 3]), u3);
                    }
                    sum = System.Numerics.Vector.FusedMultiplyAdd(u0, u0, sum);
                    sum = System.Numerics.Vector.FusedMultiplyAdd(u1, u1, sum);
                    sum = System.Numerics.Vector.FusedMultiplyAdd(u2, u2, sum);
                    sum = System.Numerics.Vector.FusedMultiplyAdd(u3, u3, sum);
                }
                for (; k < c; k++)
                {
                    var u = System.Numerics.Vector<double>.Zero;
                    for (int j = 0; j <= k; j++)
                        u = System.Numerics.Vector.FusedMultiplyAdd(new System.Numerics.Vector<double>(a.Slice(j * stride + i, width)), new System.Numerics.Vector<double>(rInv[j * c + k]), u);
                    sum = System.Numerics.Vector.FusedMultiplyAdd(u, u, sum);
                }
                sum.CopyTo(h.Slice(i, width));
            }
        }
        for (; i < count; i++)
        {
            double total = 0;
            for (int k = 0; k < c; k++)
            {
                double u = 0;
                for (int j = 0; j <= k; j++) u += a[j * stride + i] * rInv[j * c + k];
                total += u * u;
            }
            h[i] = total;
        }
    }

    /// <summary>Assembles the covariance in the original parametrization and the fit.</summary>
    private static RegressionFit Build(Solution s, double rss, double[] meatUpper, int[] clusterCounts, RegressionOptions options, string[] names, long count,
        double[]? coefficientDf = null, int? hacLag = null)
    {
        int clusterCount = clusterCounts.Length > 0 ? clusterCounts[0] : 0;
        int c = s.Columns;
        int i0 = s.Intercept ? 1 : 0;
        int p = c + i0;
        long n = count;
        int df = (int)(n - p);
        // Scaled bread: diag(1/W, Rinv Rinv').
        var bread = new double[p * p];
        if (s.Intercept) bread[0] = 1 / s.SumOfWeights;
        double[] slopeBread = DenseMath.InverseFromFactor(s.RInverse, c);
        for (int i = 0; i < c; i++) Array.Copy(slopeBread, i * c, bread, (i + i0) * p + i0, c);
        var cov = new double[p * p];
        CovarianceType type = options.Covariance;
        if (type == CovarianceType.Classical)
        {
            double sigma2 = rss / df;
            for (int i = 0; i < cov.Length; i++) cov[i] = bread[i] * sigma2;
        }
        else
        {
            var meat = new double[p * p];
            for (int i = 0; i < p; i++)
                for (int j = i; j < p; j++) meat[i * p + j] = meat[j * p + i] = meatUpper[i * p + j];
            cov = DenseMath.Sandwich(bread, meat, p);
            double factor = type switch
            {
                CovarianceType.HC1 => (double)n / df,
                CovarianceType.Cluster => clusterCount / (clusterCount - 1.0) * (n - 1.0) / df,
                _ => 1.0,   // HC0, HC2, HC3, CR2, Newey–West (no factor), two-way (factors folded into the meat)
            };
            for (int i = 0; i < cov.Length; i++) cov[i] *= factor;
        }
        // Unscale: working parameter j (slope) was scaled by 1/scale[j].
        var unscale = new double[p];
        if (s.Intercept) unscale[0] = 1;
        for (int j = 0; j < c; j++) unscale[j + i0] = 1 / s.Scale[j];
        for (int i = 0; i < p; i++)
            for (int j = 0; j < p; j++) cov[i * p + j] *= unscale[i] * unscale[j];
        var coefficients = new double[p];
        for (int j = 0; j < c; j++) coefficients[j + i0] = s.Slopes[j];
        if (s.Intercept)
        {
            double b0 = s.ResponseMean + s.InterceptOffset;
            for (int j = 0; j < c; j++) b0 -= s.Means[j] * s.Slopes[j];
            coefficients[0] = b0;
            // Back to the original intercept: J = [[1, -mean'], [0, I]]; cov = J cov J'.
            var jm = new double[p * p];
            for (int i = 0; i < p; i++) jm[i * p + i] = 1;
            for (int j = 0; j < c; j++) jm[j + 1] = -s.Means[j];
            cov = DenseMath.Sandwich(jm, cov, p);
        }
        for (int i = 0; i < p; i++)
            for (int j = i + 1; j < p; j++)
            {
                double avg = 0.5 * (cov[i * p + j] + cov[j * p + i]);
                cov[i * p + j] = cov[j * p + i] = avg;
            }
        var allNames = new string[p];
        if (s.Intercept) allNames[0] = RegressionFit.InterceptName;
        for (int j = 0; j < c; j++) allNames[j + i0] = names[j];
        var warnings = new List<string>();
        if (type == CovarianceType.TwoWayCluster && ClipNegativeEigenvalues(cov, p))
            warnings.Add("The two-way cluster covariance was not positive semi-definite; its negative eigenvalues were set to 0 (Cameron, Gelbach and Miller 2011), so some standard errors are conservative approximations.");
        if (s.Condition > options.CollinearityWarningCondition)
            warnings.Add(CollinearityWarning(s, names, options.CollinearityWarningCondition));
        int inferenceDf = type switch
        {
            CovarianceType.Cluster or CovarianceType.CR2 => clusterCount - 1,
            CovarianceType.TwoWayCluster => Math.Min(clusterCounts[0], clusterCounts[1]) - 1,
            _ => df,
        };
        bool clustered = type is CovarianceType.Cluster or CovarianceType.CR2 or CovarianceType.TwoWayCluster;
        return new RegressionFit(allNames, s.Intercept, coefficients, cov, type, options.ConfidenceLevel, (int)n, df, inferenceDf,
            clustered ? clusterCount : null, rss, s.TotalSquares, s.Method, s.Condition, c, coefficientDf, warnings, hacLag,
            type == CovarianceType.TwoWayCluster ? clusterCounts[1] : null);
    }

    internal static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    /// <summary>Replaces a symmetric matrix by U diag(max(λ, 0)) U' when it has a negative eigenvalue; returns whether it did.</summary>
    private static bool ClipNegativeEigenvalues(double[] cov, int p)
    {
        (double[] values, double[] vectors) = DenseMath.SymmetricEigen(cov, p);
        double largest = values.Length == 0 ? 0 : Math.Abs(values[^1]);
        if (values.Length == 0 || values[0] >= -1e-14 * largest) return false;
        for (int i = 0; i < p; i++)
            for (int j = 0; j < p; j++)
            {
                double total = 0;
                for (int k = 0; k < p; k++) total += vectors[i * p + k] * Math.Max(0, values[k]) * vectors[j * p + k];
                cov[i * p + j] = total;
            }
        return true;
    }

    /// <summary>The sentence of a nearly collinear design: its condition number and the columns of the weakest direction (smallest singular vector of the scaled factor).</summary>
    private static string CollinearityWarning(Solution s, string[] names, double threshold)
    {
        int c = s.Columns;
        var rtr = new double[c * c];
        for (int i = 0; i < c; i++)
            for (int j = 0; j < c; j++)
            {
                double total = 0;
                for (int k = 0; k <= Math.Min(i, j); k++) total += s.R[k * c + i] * s.R[k * c + j];
                rtr[i * c + j] = total;
            }
        return CollinearitySentence(s.Condition, threshold, [.. WeakestDirection(rtr, c).Select(i => names[i])]);
    }

    /// <summary>
    /// The columns that carry the weakest direction of a design, from its (scaled) cross-product matrix: those whose weight in the
    /// eigenvector of the smallest eigenvalue is at least a tenth of the largest weight. Shared with the effort effects' collinearity warning.
    /// </summary>
    internal static int[] WeakestDirection(double[] gram, int c)
    {
        (_, double[] vectors) = DenseMath.SymmetricEigen(gram, c);
        double max = 0;
        for (int i = 0; i < c; i++) max = Math.Max(max, Math.Abs(vectors[i * c]));
        var involved = new List<int>();
        for (int i = 0; i < c; i++)
            if (Math.Abs(vectors[i * c]) >= 0.1 * max) involved.Add(i);
        return [.. involved];
    }

    /// <summary>The plain-language collinearity warning for a condition number above the threshold and the columns involved (quoted, in order).</summary>
    internal static string CollinearitySentence(double condition, double threshold, IReadOnlyList<string> involved) =>
        $"The design is nearly collinear (condition number {(double.IsFinite(condition) ? Format(condition) : "beyond double precision")} after centring and scaling, above {Format(threshold)}): columns {string.Join(", ", involved.Select(n => $"'{n}'"))} "
        + "move almost together, so their separate coefficients are unstable (small changes in the data can swing them widely) and only their combined effect is well determined. Drop or combine one of them.";
}
