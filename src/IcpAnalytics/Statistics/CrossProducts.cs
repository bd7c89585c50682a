using System.Numerics.Tensors;

namespace IcpAnalytics.Statistics;

/// <summary>
/// The additive sufficient statistics of a least-squares fit — X'WX, X'Wy, y'Wy, the row count and Σw — kept as weighted
/// means and centred co-moments so that they stay accurate when values are large and spreads small. Partitions (threads,
/// segments, the groups of a database GROUP BY) are accumulated separately and merged exactly with <see cref="Merge"/>
/// (Chan, Golub and LeVeque's pairwise update), so a fit reads the data once.
/// </summary>
/// <remarks>Not thread-safe while being filled: give each thread its own instance and merge them in a fixed order. Rows
/// added one by one are buffered; any read folds them in, so read once from a single thread before sharing an instance.</remarks>
public sealed class CrossProducts
{
    private readonly int _q;          // predictors + response
    private readonly double[] _mean;  // weighted means, response last
    private readonly double[] _m;     // centred co-moments, row-major q × q, upper triangle kept (mirrored on read)
    private double[]? _blockMean;
    private double[]? _blockM;
    private double[]? _delta;

    /// <summary>Creates empty statistics for <paramref name="columns"/> predictors (without the intercept).</summary>
    /// <param name="columns">The number of predictor columns, 0 or more.</param>
    public CrossProducts(int columns)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        Columns = columns;
        _q = columns + 1;
        _mean = new double[_q];
        _m = new double[_q * _q];
    }

    /// <summary>The number of predictor columns (without the intercept).</summary>
    public int Columns { get; }

    /// <summary>The number of rows added with a weight above 0.</summary>
    public long Count
    {
        get
        {
            Flush();
            return _count;
        }
    }

    private long _count;

    /// <summary>The sum of the weights of the rows added (the row count when unweighted).</summary>
    public double SumOfWeights
    {
        get
        {
            Flush();
            return _sumOfWeights;
        }
    }

    private double _sumOfWeights;

    /// <summary>The weighted mean of the response.</summary>
    public double ResponseMean => MeanOf(Columns);

    /// <summary>The weighted sum of squared deviations of the response from its mean, Σ w (y − ȳ)².</summary>
    public double ResponseSumOfSquares => Get(Columns, Columns);

    /// <summary>The weighted mean of predictor <paramref name="column"/>.</summary>
    /// <param name="column">The predictor column, from 0.</param>
    /// <returns>The mean, or 0 when nothing has been added.</returns>
    public double Mean(int column)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(column);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column, Columns);
        return MeanOf(column);
    }

    /// <summary>The centred co-moment Σ w (xᵢ − x̄ᵢ)(xⱼ − x̄ⱼ) of two predictor columns.</summary>
    /// <param name="i">The first predictor column.</param>
    /// <param name="j">The second predictor column.</param>
    /// <returns>The co-moment (divide by <see cref="SumOfWeights"/> for a covariance).</returns>
    public double CoMoment(int i, int j)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(i);
        ArgumentOutOfRangeException.ThrowIfNegative(j);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(i, Columns);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(j, Columns);
        return Get(i, j);
    }

    /// <summary>The centred co-moment Σ w (xⱼ − x̄ⱼ)(y − ȳ) of a predictor column with the response.</summary>
    /// <param name="column">The predictor column.</param>
    /// <returns>The co-moment.</returns>
    public double ResponseCoMoment(int column)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(column);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column, Columns);
        return Get(column, Columns);
    }

    internal double Get(int i, int j)
    {
        Flush();
        return i <= j ? _m[i * _q + j] : _m[j * _q + i];
    }

    internal double MeanOf(int i)
    {
        Flush();
        return _mean[i];
    }

    /// <summary>Adds one row. Rows are buffered and folded in 256 at a time (as <see cref="AddRows"/> does), which is both faster and more accurate than a row-by-row update.</summary>
    /// <param name="row">The predictors, <see cref="Columns"/> values.</param>
    /// <param name="response">The response.</param>
    /// <param name="weight">The row's weight, finite and at least 0. The default is 1.</param>
    public void Add(ReadOnlySpan<double> row, double response, double weight = 1.0)
    {
        if (row.Length != Columns)
            throw new ArgumentException($"The row has {row.Length} values; {Columns} predictors are expected.", nameof(row));
        if (!double.IsFinite(weight) || weight < 0)
            throw new ArgumentOutOfRangeException(nameof(weight), "A weight must be finite and at least 0.");
        if (!double.IsFinite(response) || !TensorPrimitives.IsFiniteAll(row))
            throw new ArgumentException("The row or its response is NaN or infinite; remove or impute it first.", nameof(row));
        if (weight == 0) return;
        _pending ??= new double[_q * PendingRows];
        _pendingWeights ??= new double[PendingRows];
        for (int j = 0; j < Columns; j++) _pending[j * PendingRows + _pendingCount] = row[j];
        _pending[Columns * PendingRows + _pendingCount] = response;
        _pendingWeights[_pendingCount] = weight;
        if (weight != 1) _pendingWeighted = true;
        _pendingCount++;
        if (_pendingCount == PendingRows) Flush();
    }

    private const int PendingRows = 256;
    private double[]? _pending;
    private double[]? _pendingWeights;
    private int _pendingCount;
    private bool _pendingWeighted;

    /// <summary>Folds buffered rows into the statistics.</summary>
    private void Flush()
    {
        if (_pendingCount == 0) return;
        int count = _pendingCount;
        _pendingCount = 0;
        var sqrtw = _pendingWeighted ? new double[count] : null;
        AddBlockCore(_pending!, PendingRows, count, _pendingWeighted ? _pendingWeights.AsSpan(0, count) : default, sqrtw);
        _pendingWeighted = false;
    }

    /// <summary>Adds a block of rows given row-major, using vectorized arithmetic.</summary>
    /// <param name="rows">Row-major predictors, <c>responses.Length × Columns</c> values.</param>
    /// <param name="responses">One response per row.</param>
    /// <param name="weights">One weight per row (finite, at least 0), or empty for unweighted rows.</param>
    public void AddRows(ReadOnlySpan<double> rows, ReadOnlySpan<double> responses, ReadOnlySpan<double> weights = default)
    {
        int n = responses.Length;
        if (rows.Length != (long)n * Columns)
            throw new ArgumentException($"The block holds {rows.Length} values; {n} rows × {Columns} predictors need {(long)n * Columns}.", nameof(rows));
        if (!weights.IsEmpty && weights.Length != n)
            throw new ArgumentException($"There are {weights.Length} weights for {n} rows; give one per row or none.", nameof(weights));
        if (!TensorPrimitives.IsFiniteAll(rows) || !TensorPrimitives.IsFiniteAll(responses))
            throw new ArgumentException("The block holds NaN or infinite values; remove or impute them first.", nameof(rows));
        foreach (double w in weights)
            if (!double.IsFinite(w) || w < 0) throw new ArgumentOutOfRangeException(nameof(weights), "Every weight must be finite and at least 0.");
        const int block = 256;
        var buffer = new double[_q * block];
        var sqrtw = weights.IsEmpty ? null : new double[block];
        for (int start = 0; start < n; start += block)
        {
            int count = Math.Min(block, n - start);
            for (int j = 0; j < Columns; j++)
                for (int i = 0; i < count; i++) buffer[j * block + i] = rows[(start + i) * Columns + j];
            responses.Slice(start, count).CopyTo(buffer.AsSpan(Columns * block, count));
            AddBlock(buffer, block, count, weights.IsEmpty ? default : weights.Slice(start, count), sqrtw);
        }
    }

    /// <summary>
    /// Adds a column-major block (column j at <paramref name="z"/>[j * stride], response last). Overwrites the block.
    /// </summary>
    internal void AddBlock(Span<double> z, int stride, int count, ReadOnlySpan<double> weights, Span<double> sqrtw)
    {
        Flush();
        AddBlockCore(z, stride, count, weights, sqrtw);
    }

    private void AddBlockCore(Span<double> z, int stride, int count, ReadOnlySpan<double> weights, Span<double> sqrtw)
    {
        if (count == 0) return;
        double wb;
        long nb;
        if (weights.IsEmpty)
        {
            wb = count;
            nb = count;
        }
        else
        {
            wb = TensorPrimitives.Sum(weights);
            nb = 0;
            foreach (double w in weights)
                if (w > 0) nb++;
            if (wb == 0) return;
            TensorPrimitives.Sqrt(weights, sqrtw[..count]);
        }
        _blockMean ??= new double[_q];
        _blockM ??= new double[_q * _q];
        for (int j = 0; j < _q; j++)
        {
            Span<double> col = z.Slice(j * stride, count);
            double mean = (weights.IsEmpty ? TensorPrimitives.Sum((ReadOnlySpan<double>)col) : TensorPrimitives.Dot(weights, col)) / wb;
            _blockMean[j] = mean;
            TensorPrimitives.Subtract(col, mean, col);
            if (!weights.IsEmpty) TensorPrimitives.Multiply(col, sqrtw[..count], col);
        }
        CoMoments(z, stride, count, _q, _blockM);
        MergeMoments(nb, wb, _blockMean, _blockM);
    }

    /// <summary>
    /// Upper triangle of Z'Z for a column-major block (q columns of length count), in register-blocked tiles of 2 × 4
    /// columns with fused multiply-adds (entries below the diagonal may be written too and must be ignored).
    /// </summary>
    internal static void CoMoments(ReadOnlySpan<double> z, int stride, int count, int q, Span<double> result)
    {
        int i = 0;
        for (; i + 1 < q; i += 2)
        {
            ReadOnlySpan<double> a0 = z.Slice(i * stride, count);
            ReadOnlySpan<double> a1 = z.Slice((i + 1) * stride, count);
            int j = i;
            for (; j + 3 < q; j += 4)
            {
                Tile2x4(a0, a1, z.Slice(j * stride, count), z.Slice((j + 1) * stride, count), z.Slice((j + 2) * stride, count), z.Slice((j + 3) * stride, count),
                    result.Slice(i * q + j, 4), result.Slice((i + 1) * q + j, 4));
            }
            for (; j < q; j++)
            {
                ReadOnlySpan<double> b = z.Slice(j * stride, count);
                result[i * q + j] = TensorPrimitives.Dot(a0, b);
                result[(i + 1) * q + j] = TensorPrimitives.Dot(a1, b);
            }
        }
        for (; i < q; i++)
        {
            ReadOnlySpan<double> a = z.Slice(i * stride, count);
            for (int j = i; j < q; j++) result[i * q + j] = TensorPrimitives.Dot(a, z.Slice(j * stride, count));
        }
    }

    private static void Tile2x4(ReadOnlySpan<double> a0, ReadOnlySpan<double> a1, ReadOnlySpan<double> b0, ReadOnlySpan<double> b1,
        ReadOnlySpan<double> b2, ReadOnlySpan<double> b3, Span<double> r0, Span<double> r1)
    {
        int n = a0.Length;
        int i = 0;
        double s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
        int width = System.Numerics.Vector<double>.Count;
        if (System.Numerics.Vector.IsHardwareAccelerated && n >= width)
        {
            var v00 = System.Numerics.Vector<double>.Zero;
            var v01 = v00;
            var v02 = v00;
            var v03 = v00;
            var v10 = v00;
            var v11 = v00;
            var v12 = v00;
            var v13 = v00;
            for (; i + width <= n; i += width)
            {
                var x0 = new System.Numerics.Vector<double>(a0[i..]);
                var x1 = new System.Numerics.Vector<double>(a1[i..]);
                var y0 = new System.Numerics.Vector<double>(b0[i..]);
                var y1 = new System.Numerics.Vector<double>(b1[i..]);
                var y2 = new System.Numerics.Vector<double>(b2[i..]);
                var y3 = new System.Numerics.Vector<double>(b3[i..]);
                v00 = System.Numerics.Vector.FusedMultiplyAdd(x0, y0, v00);
                v01 = System.Numerics.Vector.FusedMultiplyAdd(x0, y1, v01);
                v02 = System.Numerics.Vector.FusedMultiplyAdd(x0, y2, v02);
                v03 = System.Numerics.Vector.FusedMultiplyAdd(x0, y3, v03);
                v10 = System.Numerics.Vector.FusedMultiplyAdd(x1, y0, v10);
                v11 = System.Numerics.Vector.FusedMultiplyAdd(x1, y1, v11);
                v12 = System.Numerics.Vector.FusedMultiplyAdd(x1, y2, v12);
                v13 = System.Numerics.Vector.FusedMultiplyAdd(x1, y3, v13);
            }
            s00 = System.Numerics.Vector.Sum(v00);
            s01 = System.Numerics.Vector.Sum(v01);
            s02 = System.Numerics.Vector.Sum(v02);
            s03 = System.Numerics.Vector.Sum(v03);
            s10 = System.Numerics.Vector.Sum(v10);
            s11 = System.Numerics.Vector.Sum(v11);
            s12 = System.Numerics.Vector.Sum(v12);
            s13 = System.Numerics.Vector.Sum(v13);
        }
        for (; i < n; i++)
        {
            s00 += a0[i] * b0[i];
            s01 += a0[i] * b1[i];
            s02 += a0[i] * b2[i];
            s03 += a0[i] * b3[i];
            s10 += a1[i] * b0[i];
            s11 += a1[i] * b1[i];
            s12 += a1[i] * b2[i];
            s13 += a1[i] * b3[i];
        }
        r0[0] = s00;
        r0[1] = s01;
        r0[2] = s02;
        r0[3] = s03;
        r1[0] = s10;
        r1[1] = s11;
        r1[2] = s12;
        r1[3] = s13;
    }

    /// <summary>Merges another partition's statistics into these (exact, order-sensitive only in rounding).</summary>
    /// <param name="other">Statistics over the same predictor columns.</param>
    public void Merge(CrossProducts other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Columns != Columns)
            throw new ArgumentException($"Cannot merge statistics over {other.Columns} predictors into statistics over {Columns}.", nameof(other));
        Flush();
        if (other.SumOfWeights == 0) return;
        MergeMoments(other.Count, other.SumOfWeights, other._mean, other._m);
    }

    private void MergeMoments(long nb, double wb, ReadOnlySpan<double> meanB, ReadOnlySpan<double> mB)
    {
        double wa = _sumOfWeights;
        double total = wa + wb;
        _delta ??= new double[_q];
        for (int j = 0; j < _q; j++) _delta[j] = meanB[j] - _mean[j];
        double factor = wa * wb / total;
        for (int i = 0; i < _q; i++)
        {
            double di = _delta[i] * factor;
            Span<double> row = _m.AsSpan(i * _q + i, _q - i);
            ReadOnlySpan<double> rowB = mB.Slice(i * _q + i, _q - i);
            TensorPrimitives.Add(row, rowB, row);
            if (wa > 0) TensorPrimitives.MultiplyAdd(_delta.AsSpan(i, _q - i), di, row, row);
        }
        double share = wb / total;
        for (int j = 0; j < _q; j++) _mean[j] = wa == 0 ? meanB[j] : _mean[j] + _delta[j] * share;
        _sumOfWeights = total;
        _count += nb;
    }

    /// <summary>An independent copy of these statistics.</summary>
    /// <returns>The copy.</returns>
    public CrossProducts Clone()
    {
        Flush();
        var copy = new CrossProducts(Columns) { _count = _count, _sumOfWeights = _sumOfWeights };
        _mean.CopyTo(copy._mean, 0);
        _m.CopyTo(copy._m, 0);
        return copy;
    }

    /// <summary>
    /// Statistics summed elsewhere (a warehouse GROUP BY): the row count, the means (predictors, response last) and the
    /// centred co-moments Σ (zᵢ − z̄ᵢ)(zⱼ − z̄ⱼ), row-major (q × q, q = predictors + 1), of unweighted rows.
    /// </summary>
    internal static CrossProducts FromMoments(long count, ReadOnlySpan<double> means, ReadOnlySpan<double> coMoments)
    {
        var cp = new CrossProducts(means.Length - 1) { _count = count, _sumOfWeights = count };
        means.CopyTo(cp._mean);
        coMoments.CopyTo(cp._m);
        return cp;
    }

    /// <summary>
    /// Fits ordinary (or weighted) least squares from the statistics alone, by Cholesky factorization of the centred,
    /// column-scaled cross-products. Only classical standard errors are possible without the rows; for robust ones use
    /// <see cref="LinearRegression.Fit(IDesignRows, RegressionOptions?, ReadOnlySpan{double}, ReadOnlySpan{int}, ReadOnlySpan{int})"/>.
    /// The fit reports <see cref="RegressionFit.ConditionNumber"/>; above about 10³ expect fewer than 10 correct digits,
    /// as normal equations square the condition number.
    /// </summary>
    /// <param name="options">Intercept and confidence level; <see cref="RegressionOptions.Covariance"/> must be <see cref="CovarianceType.Classical"/>.</param>
    /// <param name="names">Predictor names; the default is "x1", "x2", ….</param>
    /// <returns>The fit with classical inference.</returns>
    /// <exception cref="ModelFitException">Too few rows, a constant or collinear column, or a constant response.</exception>
    public RegressionFit Solve(RegressionOptions? options = null, IReadOnlyList<string>? names = null)
    {
        options ??= new RegressionOptions();
        options.Validate();
        if (options.Covariance != CovarianceType.Classical)
            throw new ArgumentException($"Covariance {options.Covariance} needs the rows themselves (residuals and leverages); cross-products support only Classical. Use LinearRegression.Fit on the rows instead.", nameof(options));
        string[] columnNames = LinearRegression.CheckNames(names, Columns);
        return LinearRegression.FitFromCrossProducts(this, options, columnNames);
    }
}
