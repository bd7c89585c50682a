using IcpAnalytics.Statistics;

namespace IcpAnalytics.CauseEffect;

/// <summary>
/// The covariances the statistics core computes for the effort effects: classical, CR2 with Satterthwaite degrees of freedom,
/// two-way clustering and Newey–West. The segment's model (its non-aliased columns, categorical controls as indicators) is
/// handed to <see cref="LinearRegression"/> as a dense design, so these standard errors are the core's, digit for digit.
/// </summary>
internal static partial class RegressionEngine
{
    /// <summary>The covariance of a model's effort coefficients with the degrees of freedom of each, from <see cref="LinearRegression"/>.</summary>
    private sealed record KernelInference(double[] Covariance, double[] EffortDegreesOfFreedom, double DegreesOfFreedom);

    /// <summary>The statistics core's covariance type of an effort covariance computed there.</summary>
    private static CovarianceType KernelType(EffortCovariance covariance) => covariance switch
    {
        EffortCovariance.Classical => CovarianceType.Classical,
        EffortCovariance.ClusterByRepCr2 or EffortCovariance.ClusterByAccountCr2 => CovarianceType.CR2,
        EffortCovariance.TwoWayClusterByAccountAndRep => CovarianceType.TwoWayCluster,
        EffortCovariance.NeweyWestByCloseDate => CovarianceType.NeweyWest,
        _ => throw new ArgumentOutOfRangeException(nameof(covariance), covariance, "HC3 and CR1 are computed by the engine's own pass."),
    };

    /// <summary>
    /// Fits <paramref name="model"/> again with <see cref="LinearRegression"/> on the segment's rows (in close-date order for Newey–West)
    /// and returns the effort block of its covariance; throws <see cref="ModelFitException"/> when the core cannot compute it.
    /// </summary>
    private static KernelInference KernelCovariance(EffortData d, DesignLayout layout, CheckDraws draws, Model model, EffortEffectsOptions options)
    {
        int k = model.EffortPos.Length;
        List<int> positions = KernelPositions(model);
        int columns = positions.Count;
        int[] rowOrder = SegmentRowOrder(d, layout);
        (double[] x, double[] y) = KernelDesign(d, layout, draws, [.. positions.Select(a => model.Columns[a])], rowOrder);
        var regression = new RegressionOptions
        {
            Intercept = true,
            Covariance = KernelType(d.Covariance),
            ConfidenceLevel = options.ConfidenceLevel,
            HacLag = options.NeweyWestLag,
            MaxDegreeOfParallelism = 1,
        };
        int[]? clusters = d.Clusters is null ? null : Reordered(d.Clusters, layout.Start, rowOrder);
        int[]? second = d.SecondClusters is null ? null : Reordered(d.SecondClusters, layout.Start, rowOrder);
        RegressionFit fit = LinearRegression.Fit(x, columns, y, regression, clusters: clusters, secondClusters: second);

        var coefficient = new int[k];
        for (int j = 0; j < k; j++) coefficient[j] = 1 + positions.IndexOf(model.EffortPos[j]);
        var covariance = new double[k * k];
        var df = new double[k];
        for (int j = 0; j < k; j++)
        {
            df[j] = fit.DegreesOfFreedom[coefficient[j]];
            for (int l = 0; l < k; l++) covariance[j * k + l] = fit.Covariance(coefficient[j], coefficient[l]);
        }
        return new KernelInference(covariance, df, fit.InferenceDegreesOfFreedom);
    }

    /// <summary>The model positions handed to the core: every non-aliased column except the intercept (which the core adds).</summary>
    private static List<int> KernelPositions(Model model)
    {
        var positions = new List<int>();
        for (int a = 0; a < model.Q; a++)
        {
            if (!model.Aliased[a] && model.Columns[a] != 0) positions.Add(a);
        }
        return positions;
    }

    /// <summary>The segment's local rows in the order the core reads them: close-date order (stable) for Newey–West, otherwise as gathered.</summary>
    private static int[] SegmentRowOrder(EffortData d, DesignLayout layout)
    {
        var order = new int[layout.Deals];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        if (d.CloseDays is int[] days)
        {
            int start = layout.Start;
            var keys = new long[order.Length];
            for (int i = 0; i < order.Length; i++) keys[i] = ((long)days[start + i] << 32) | (uint)i;
            Array.Sort(keys, order);
        }
        return order;
    }

    private static int[] Reordered(int[] codes, int start, int[] rowOrder)
    {
        var result = new int[rowOrder.Length];
        for (int t = 0; t < rowOrder.Length; t++) result[t] = codes[start + rowOrder[t]];
        return result;
    }

    /// <summary>The row-major design of the given augmented columns (controls, indicators, efforts or placebo efforts) and the outcome, rows in <paramref name="rowOrder"/>.</summary>
    private static (double[] X, double[] Y) KernelDesign(EffortData d, DesignLayout layout, CheckDraws draws, int[] augmentedColumns, int[] rowOrder)
    {
        int m = layout.Deals, start = layout.Start, columns = augmentedColumns.Length;
        int nc = d.NumericControls.Length, k = d.Efforts.Length;
        var x = new double[m * columns];
        var y = new double[m];
        var dense = new double[layout.DenseColumns * Block];
        var full = new double[layout.Columns];
        for (int t = 0; t < m; t++)
        {
            int i = rowOrder[t];
            int r = start + i;
            FillDenseColumn(d, r, start + draws.Permutation[i], draws.RandomCause[i], dense, 0, nc, k, layout.RandomCauseColumn, layout.FirstPlaceboColumn, layout.FirstEffortColumn);
            Array.Clear(full);
            for (int a = 0; a < layout.DenseColumns; a++) full[a] = dense[a * Block];
            for (int c = 0; c < d.CategoricalControls.Length; c++)
            {
                int column = layout.LocalColumn[c][d.CategoricalControls[c][r]];
                if (column >= 0) full[column] = 1;
            }
            for (int u = 0; u < columns; u++) x[t * columns + u] = full[augmentedColumns[u]];
            y[t] = d.Outcome[r];
        }
        return (x, y);
    }
}
