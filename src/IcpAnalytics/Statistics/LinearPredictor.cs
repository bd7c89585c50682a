namespace IcpAnalytics.Statistics;

/// <summary>The linear predictor and the row-by-row evaluation the fitted models (least squares, logistic, ridge) share.</summary>
internal static class LinearPredictor
{
    /// <summary>The intercept (coefficient 0, when the model has one) plus Σ coefficient × predictor.</summary>
    public static double Value(double[] coefficients, bool hasIntercept, ReadOnlySpan<double> predictors)
    {
        int i0 = hasIntercept ? 1 : 0;
        double sum = hasIntercept ? coefficients[0] : 0;
        for (int j = 0; j < predictors.Length; j++) sum += coefficients[j + i0] * predictors[j];
        return sum;
    }

    /// <summary>Writes <paramref name="valueOf"/>(predictors of row i, i) to <paramref name="destination"/>[i] for every row of the design.</summary>
    public static void EachRow(IDesignRows design, Span<double> destination, Func<double[], int, double> valueOf)
    {
        var row = new double[design.Columns];
        for (int i = 0; i < design.Rows; i++)
        {
            design.FillRow(i, row);
            destination[i] = valueOf(row, i);
        }
    }
}
