namespace IcpAnalytics.Statistics;

/// <summary>
/// The rows of a regression design, produced on the fly so that a fit over a million deals never holds an n × p matrix.
/// Fits read rows from several threads at once, so <see cref="FillRow"/> and <see cref="Response"/> must be safe to call
/// concurrently for different rows.
/// </summary>
public interface IDesignRows
{
    /// <summary>The number of rows (deals).</summary>
    int Rows { get; }

    /// <summary>The number of predictor columns, without the intercept (which fits add when asked to).</summary>
    int Columns { get; }

    /// <summary>The name of each predictor column, <see cref="Columns"/> of them.</summary>
    IReadOnlyList<string> ColumnNames { get; }

    /// <summary>Writes the predictors of row <paramref name="row"/> into <paramref name="destination"/>.</summary>
    /// <param name="row">The row, from 0 to <see cref="Rows"/> − 1.</param>
    /// <param name="destination">A span of at least <see cref="Columns"/> values.</param>
    void FillRow(int row, Span<double> destination);

    /// <summary>The response (outcome) of row <paramref name="row"/>.</summary>
    /// <param name="row">The row, from 0 to <see cref="Rows"/> − 1.</param>
    /// <returns>The response value.</returns>
    double Response(int row);
}

/// <summary>A faster path for designs that can copy a block of rows at once, column by column.</summary>
internal interface IBlockDesignRows : IDesignRows
{
    /// <summary>Writes rows <paramref name="start"/> … <paramref name="start"/> + <paramref name="count"/> − 1 column-major:
    /// column j of the block starts at <paramref name="destination"/>[j * <paramref name="stride"/>]; the response goes to column <see cref="IDesignRows.Columns"/>.</summary>
    void FillBlock(int start, int count, Span<double> destination, int stride);
}
