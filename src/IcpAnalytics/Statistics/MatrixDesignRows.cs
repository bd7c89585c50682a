namespace IcpAnalytics.Statistics;

/// <summary>Row-major predictor values and responses already in memory, presented as <see cref="IDesignRows"/> without copying.</summary>
public sealed class MatrixDesignRows : IBlockDesignRows
{
    private readonly ReadOnlyMemory<double> _x;
    private readonly ReadOnlyMemory<double> _y;

    /// <summary>Wraps a row-major matrix of predictors and the responses.</summary>
    /// <param name="x">Row-major predictors, <c>rows × columns</c> values, without an intercept column.</param>
    /// <param name="columns">The number of predictor columns (0 or more).</param>
    /// <param name="y">One response per row.</param>
    /// <param name="names">Column names; the default is "x1", "x2", ….</param>
    public MatrixDesignRows(ReadOnlyMemory<double> x, int columns, ReadOnlyMemory<double> y, IReadOnlyList<string>? names = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        int rows = y.Length;
        if ((long)rows * columns != x.Length)
            throw new ArgumentException($"The predictors hold {x.Length} values; {rows} rows × {columns} columns need {(long)rows * columns}.", nameof(x));
        if (names is not null && names.Count != columns)
            throw new ArgumentException($"There are {names.Count} names for {columns} columns; give one per column.", nameof(names));
        _x = x;
        _y = y;
        Columns = columns;
        ColumnNames = names is null ? DefaultNames(columns) : [.. names];
    }

    /// <inheritdoc/>
    public int Rows => _y.Length;

    /// <inheritdoc/>
    public int Columns { get; }

    /// <inheritdoc/>
    public IReadOnlyList<string> ColumnNames { get; }

    /// <inheritdoc/>
    public void FillRow(int row, Span<double> destination) => _x.Span.Slice(row * Columns, Columns).CopyTo(destination);

    /// <inheritdoc/>
    public double Response(int row) => _y.Span[row];

    void IBlockDesignRows.FillBlock(int start, int count, Span<double> destination, int stride)
    {
        ReadOnlySpan<double> x = _x.Span.Slice(start * Columns, count * Columns);
        int p = Columns;
        for (int j = 0; j < p; j++)
        {
            Span<double> column = destination.Slice(j * stride, count);
            for (int i = 0, k = j; i < count; i++, k += p) column[i] = x[k];
        }
        _y.Span.Slice(start, count).CopyTo(destination.Slice(p * stride, count));
    }

    internal static string[] DefaultNames(int columns)
    {
        var names = new string[columns];
        for (int j = 0; j < columns; j++) names[j] = "x" + (j + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return names;
    }
}
