using System.Numerics.Tensors;

namespace IcpAnalytics.Statistics;

/// <summary>
/// A regression design built by <see cref="DesignMatrixBuilder"/>: rows are computed on the fly from the source columns
/// (no n × p matrix is stored). Safe for concurrent reads, as fits require.
/// </summary>
public sealed class DesignMatrix : IBlockDesignRows
{
    private readonly IReadOnlyList<TermData> _data;
    private readonly ReadOnlyMemory<double>? _response;

    internal DesignMatrix(DesignSchema schema, IReadOnlyList<TermData> data, int rows, ReadOnlyMemory<double>? response)
    {
        Schema = schema;
        _data = data;
        Rows = rows;
        _response = response;
    }

    /// <summary>The fitted shape of the design; pass it to <see cref="DesignMatrixBuilder.Build"/> to encode new deals the same way.</summary>
    public DesignSchema Schema { get; }

    /// <summary>Whether a response was given (required for fitting, not for prediction).</summary>
    public bool HasResponse => _response is not null;

    /// <inheritdoc/>
    public int Rows { get; }

    /// <inheritdoc/>
    public int Columns => Schema.Columns;

    /// <inheritdoc/>
    public IReadOnlyList<string> ColumnNames => Schema.ColumnNames;

    /// <summary>The size and the columns of the design.</summary>
    /// <returns>"n rows × p columns" and one line per term.</returns>
    public override string ToString() => $"{Rows} rows × {Columns} columns{(HasResponse ? "" : " (no response)")}{Environment.NewLine}{Schema}";

    /// <inheritdoc/>
    public double Response(int row)
    {
        if (_response is not { } r)
            throw new InvalidOperationException("This design has no response; add one with DesignMatrixBuilder.Response before fitting.");
        return r.Span[row];
    }

    /// <inheritdoc/>
    public void FillRow(int row, Span<double> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Rows);
        IReadOnlyList<TermSpec> terms = Schema.Terms;
        for (int k = 0; k < terms.Count; k++)
        {
            int offset = Schema.Offsets[k];
            switch (terms[k])
            {
                case NumericSpec n:
                    destination[offset] = n.Apply(_data[k].Values.Span[row]);
                    break;
                case CategoricalSpec c:
                    {
                        Span<double> slot = destination.Slice(offset, c.Levels.Length);
                        slot.Clear();
                        int column = _data[k].CodeToColumn![_data[k].Codes.Span[row]];
                        if (column >= 0) slot[column] = 1;
                        break;
                    }
                case InteractionSpec i:
                    i.Combine(destination.Slice(Schema.Offsets[i.First], terms[i.First].ColumnNames.Length),
                        destination.Slice(Schema.Offsets[i.Second], terms[i.Second].ColumnNames.Length),
                        destination.Slice(offset, i.ColumnNames.Length));
                    break;
            }
        }
    }

    void IBlockDesignRows.FillBlock(int start, int count, Span<double> destination, int stride)
    {
        IReadOnlyList<TermSpec> terms = Schema.Terms;
        for (int k = 0; k < terms.Count; k++)
        {
            int offset = Schema.Offsets[k];
            switch (terms[k])
            {
                case NumericSpec n:
                    {
                        Span<double> col = destination.Slice(offset * stride, count);
                        ReadOnlySpan<double> source = _data[k].Values.Span.Slice(start, count);
                        switch (n.Transform)
                        {
                            case ColumnTransform.None:
                                source.CopyTo(col);
                                break;
                            case ColumnTransform.Square:
                                TensorPrimitives.Multiply(source, source, col);
                                break;
                            case ColumnTransform.Standardize:
                                TensorPrimitives.Subtract(source, n.Mean, col);
                                TensorPrimitives.Divide(col, n.Sd, col);
                                break;
                            default:
                                for (int i = 0; i < count; i++) col[i] = n.Apply(source[i]);
                                break;
                        }
                        break;
                    }
                case CategoricalSpec c:
                    {
                        for (int j = 0; j < c.Levels.Length; j++) destination.Slice((offset + j) * stride, count).Clear();
                        ReadOnlySpan<int> codes = _data[k].Codes.Span.Slice(start, count);
                        int[] map = _data[k].CodeToColumn!;
                        for (int i = 0; i < count; i++)
                        {
                            int column = map[codes[i]];
                            if (column >= 0) destination[(offset + column) * stride + i] = 1;
                        }
                        break;
                    }
                case InteractionSpec inter:
                    {
                        int aOffset = Schema.Offsets[inter.First], bOffset = Schema.Offsets[inter.Second];
                        int aWidth = terms[inter.First].ColumnNames.Length, bWidth = inter.SecondWidth;
                        for (int a = 0; a < aWidth; a++)
                            for (int b = 0; b < bWidth; b++)
                                TensorPrimitives.Multiply(destination.Slice((aOffset + a) * stride, count), destination.Slice((bOffset + b) * stride, count),
                                    destination.Slice((offset + a * bWidth + b) * stride, count));
                        break;
                    }
            }
        }
        int c2 = Columns;
        if (_response is { } r) r.Span.Slice(start, count).CopyTo(destination.Slice(c2 * stride, count));
        else destination.Slice(c2 * stride, count).Clear();
    }
}
