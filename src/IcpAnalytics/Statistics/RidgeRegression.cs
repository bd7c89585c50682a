using System.Globalization;
using System.Text;

namespace IcpAnalytics.Statistics;

/// <summary>Options of <see cref="RidgeRegression"/>.</summary>
public sealed record RidgeOptions
{
    /// <summary>Whether the model has an intercept; it is never penalized.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool Intercept { get; init; } = true;

    /// <summary>The number of cross-validation folds, at least 2.</summary>
    /// <value>The default is 5.</value>
    public int Folds { get; init; } = 5;

    /// <summary>The seed of the fold assignment (<see cref="KFold.Split"/>).</summary>
    /// <value>The default is <see cref="KFold.DefaultSeed"/>.</value>
    public int Seed { get; init; } = KFold.DefaultSeed;

    /// <summary>The candidate penalties λ (each finite and at least 0), on the scale of standardized predictors (see <see cref="RidgeRegression"/>).</summary>
    /// <value>The default (null) is 50 values spaced evenly on a log scale from 10⁻⁶ to 10³.</value>
    public IReadOnlyList<double>? Penalties { get; init; }

    /// <summary>
    /// The most threads the fit uses for its passes over the rows (chunks of 65,536 rows): at least 1 (1 runs on the calling
    /// thread). Chunks are fixed by the rows and merged in chunk order, so the degree changes the speed, never a digit.
    /// </summary>
    /// <value>The default is <see cref="Environment.ProcessorCount"/> (all cores).</value>
    public int MaxDegreeOfParallelism { get; init; } = Parallelism.AllCores;

    internal double[] Validate()
    {
        var problems = new List<string>();
        if (Folds < 2) problems.Add($"Folds is {Folds}; at least 2 are needed.");
        Parallelism.Check(MaxDegreeOfParallelism, problems);
        double[] grid;
        if (Penalties is null)
        {
            grid = new double[50];
            for (int k = 0; k < grid.Length; k++) grid[k] = Math.Pow(10, -6 + 9.0 * k / (grid.Length - 1));
        }
        else
        {
            grid = [.. Penalties];
            if (grid.Length == 0) problems.Add("Penalties is empty; give at least one penalty, or null for the default grid.");
            if (grid.Any(p => !double.IsFinite(p) || p < 0)) problems.Add("Penalties must all be finite and at least 0.");
            Array.Sort(grid);
        }
        Throw.IfAny(problems);
        return grid;
    }
}

/// <summary>
/// Ridge regression with the penalty chosen by K-fold cross-validation, for prediction when predictors are many or
/// correlated. The predictors are standardized (weighted mean 0, population SD 1, computed on each training fold), the
/// intercept is not penalized, and the objective is (1/Σw) Σ wᵢ (yᵢ − b₀ − zᵢ'β)² + λ‖β‖², so λ is scale-free.
/// </summary>
/// <remarks>
/// The data are read once: centred cross-products are accumulated per fold (<see cref="CrossProducts"/>), each training
/// set's statistics are the merge of the other folds, and every fold's solution for every penalty comes from one
/// eigendecomposition of that fold's p × p matrix. The held-out error of a fold is evaluated exactly from its own
/// cross-products. A constant predictor gets coefficient 0.
/// </remarks>
public static class RidgeRegression
{
    /// <summary>Fits ridge regression to rows produced on the fly, choosing the penalty by cross-validation.</summary>
    /// <param name="design">The rows.</param>
    /// <param name="options">Folds, seed and penalty grid; the defaults of <see cref="RidgeOptions"/> when null.</param>
    /// <param name="weights">One weight per row (finite, at least 0), or empty.</param>
    /// <param name="groups">Optional group code per row (≥ 0, e.g. account): a group never spans two folds.</param>
    /// <returns>The fit at the chosen penalty, with the cross-validation curve.</returns>
    /// <exception cref="InvalidOptionsException">Invalid options.</exception>
    /// <exception cref="ArgumentException">NaN or infinite values, or mismatched lengths.</exception>
    /// <exception cref="ModelFitException">Too few rows for the folds, a constant response, or penalty 0 chosen with collinear columns (named).</exception>
    public static RidgeFit Fit(IDesignRows design, RidgeOptions? options = null, ReadOnlySpan<double> weights = default, ReadOnlySpan<int> groups = default)
    {
        ArgumentNullException.ThrowIfNull(design);
        options ??= new RidgeOptions();
        double[] grid = options.Validate();
        if (design is DesignMatrix { HasResponse: false })
            throw new ArgumentException("The design has no response; add one with DesignMatrixBuilder.Response before fitting.", nameof(design));
        int n = design.Rows;
        int c = design.Columns;
        if (c == 0) throw new ArgumentException("Ridge regression needs at least one predictor column.", nameof(design));
        if (n < 2 * options.Folds)
            throw new ModelFitException($"Ridge regression with {options.Folds}-fold cross-validation needs at least {2 * options.Folds} rows; there are {n}. Use fewer folds or more deals.");
        double[]? w = LinearRegression.CheckWeights(weights, n);
        int[] fold = KFold.Split(n, options.Folds, options.Seed, groups);
        CrossProducts[] perFold = AccumulateByFold(design, w, fold, options.Folds, options.MaxDegreeOfParallelism);
        CrossProducts total = perFold[0].Clone();
        for (int k = 1; k < perFold.Length; k++) total.Merge(perFold[k]);
        LinearRegression.CheckFinite(total, design, w);
        if (total.ResponseSumOfSquares <= 0 && options.Intercept)
            throw new ModelFitException("The response is the same in every row, so there is no variation to explain.");

        int K = options.Folds;
        var sse = new double[grid.Length];
        double heldOutWeight = 0;
        for (int k = 0; k < K; k++)
        {
            CrossProducts test = perFold[k];
            if (test.SumOfWeights == 0) continue;
            CrossProducts? train = null;
            for (int m = 0; m < K; m++)
            {
                if (m == k) continue;
                if (train is null) train = perFold[m].Clone();
                else train.Merge(perFold[m]);
            }
            if (train is null || train.Count < 2)
                throw new ModelFitException($"Fold {k + 1} leaves fewer than 2 rows to train on; use fewer folds or more deals (or fewer, smaller groups).");
            var path = new RidgePath(train, options.Intercept);
            for (int g = 0; g < grid.Length; g++)
            {
                (double b0, double[] beta) = path.Solve(grid[g]);
                sse[g] += HeldOutError(test, b0, beta);
            }
            heldOutWeight += test.SumOfWeights;
        }
        var cvErrors = new double[grid.Length];
        int best = 0;
        for (int g = 0; g < grid.Length; g++)
        {
            cvErrors[g] = sse[g] / heldOutWeight;
            if (cvErrors[g] <= cvErrors[best]) best = g;
        }
        var final = new RidgePath(total, options.Intercept);
        if (grid[best] == 0 && final.CollinearColumns() is { Count: > 0 } collinear)
        {
            string list = string.Join(", ", collinear.Select(j => $"'{design.ColumnNames[j]}'"));
            throw new ModelFitException($"Cross-validation chose penalty 0, where ridge is plain least squares, and columns {list} are collinear (one is a linear combination of the others), so any split of their effect fits equally well. Drop one of them, or leave 0 out of the penalties.");
        }
        (double intercept, double[] slopes) = final.Solve(grid[best]);
        var names = new List<string>();
        var coefficients = new List<double>();
        if (options.Intercept)
        {
            names.Add(RegressionFit.InterceptName);
            coefficients.Add(intercept);
        }
        names.AddRange(design.ColumnNames);
        coefficients.AddRange(slopes);
        return new RidgeFit(grid[best], options.Intercept, [.. names], [.. coefficients], grid, cvErrors, K, total.Count);
    }

    /// <summary>Fits ridge regression to predictors already in memory.</summary>
    /// <param name="x">Row-major predictors, <c>y.Length × columns</c> values, without an intercept column.</param>
    /// <param name="columns">The number of predictor columns.</param>
    /// <param name="y">The response of each row.</param>
    /// <param name="options">Folds, seed and penalty grid; the defaults of <see cref="RidgeOptions"/> when null.</param>
    /// <param name="weights">One weight per row (finite, at least 0), or empty.</param>
    /// <param name="groups">Optional group code per row (≥ 0): a group never spans two folds.</param>
    /// <param name="names">Predictor names; the default is "x1", "x2", ….</param>
    /// <returns>The fit at the chosen penalty, with the cross-validation curve.</returns>
    public static RidgeFit Fit(ReadOnlySpan<double> x, int columns, ReadOnlySpan<double> y, RidgeOptions? options = null,
        ReadOnlySpan<double> weights = default, ReadOnlySpan<int> groups = default, IReadOnlyList<string>? names = null)
    {
        string[] columnNames = LinearRegression.CheckNames(names, columns);
        return Fit(new MatrixDesignRows(x.ToArray(), columns, y.ToArray(), columnNames), options, weights, groups);
    }

    /// <summary>Σ w (y − b₀ − x'β)² over a fold, exactly from its centred cross-products.</summary>
    private static double HeldOutError(CrossProducts fold, double b0, double[] beta)
    {
        int c = fold.Columns;
        double sse = fold.Get(c, c);
        double meanResidual = fold.MeanOf(c) - b0;
        for (int j = 0; j < c; j++)
        {
            if (beta[j] == 0) continue;
            sse -= 2 * beta[j] * fold.Get(j, c);
            meanResidual -= fold.MeanOf(j) * beta[j];
            double quad = 0;
            for (int k = 0; k < c; k++) quad += fold.Get(j, k) * beta[k];
            sse += beta[j] * quad;
        }
        return Math.Max(0, sse) + fold.SumOfWeights * meanResidual * meanResidual;
    }

    private static CrossProducts[] AccumulateByFold(IDesignRows design, double[]? w, int[] fold, int folds, int maxDegreeOfParallelism)
    {
        int n = design.Rows;
        int c = design.Columns;
        int q = c + 1;
        const int block = LinearRegression.BlockRows;
        int chunks = Math.Max(1, (n + LinearRegression.ChunkRows - 1) / LinearRegression.ChunkRows);
        var parts = new CrossProducts[chunks][];
        LinearRegression.RunChunks(chunks, maxDegreeOfParallelism, chunk =>
        {
            var stats = new CrossProducts[folds];
            var buffers = new double[folds][];
            var bufferWeights = new double[folds][];
            var filled = new int[folds];
            for (int k = 0; k < folds; k++)
            {
                stats[k] = new CrossProducts(c);
                buffers[k] = new double[q * block];
                bufferWeights[k] = new double[block];
            }
            var a = new double[q * block];
            var row = new double[c];
            var sqrtw = new double[block];
            int start = chunk * LinearRegression.ChunkRows;
            int end = Math.Min(n, start + LinearRegression.ChunkRows);
            for (int b = start; b < end; b += block)
            {
                int count = Math.Min(block, end - b);
                LinearRegression.FillBlock(design, b, count, a, block, row, w);
                for (int i = 0; i < count; i++)
                {
                    int k = fold[b + i];
                    double[] target = buffers[k];
                    int at = filled[k];
                    for (int j = 0; j < q; j++) target[j * block + at] = a[j * block + i];
                    bufferWeights[k][at] = w is null ? 1 : w[b + i];
                    if (++filled[k] == block)
                    {
                        stats[k].AddBlock(target, block, block, w is null ? default : bufferWeights[k], sqrtw);
                        filled[k] = 0;
                    }
                }
            }
            for (int k = 0; k < folds; k++)
                if (filled[k] > 0) stats[k].AddBlock(buffers[k], block, filled[k], w is null ? default : bufferWeights[k].AsSpan(0, filled[k]), sqrtw);
            parts[chunk] = stats;
        });
        CrossProducts[] result = parts[0];
        for (int chunk = 1; chunk < chunks; chunk++)
            for (int k = 0; k < folds; k++) result[k].Merge(parts[chunk][k]);
        return result;
    }

    /// <summary>The ridge solutions of one training set for any penalty, from one eigendecomposition of its standardized cross-products.</summary>
    private sealed class RidgePath
    {
        private readonly int _c;
        private readonly bool _intercept;
        private readonly double[] _means;
        private readonly double _yMean;
        private readonly double[] _sd;
        private readonly int[] _active;
        private readonly double[] _values;
        private readonly double[] _vectors;
        private readonly double[] _projected;

        public RidgePath(CrossProducts stats, bool intercept)
        {
            _c = stats.Columns;
            _intercept = intercept;
            double w = stats.SumOfWeights;
            _means = new double[_c];
            _sd = new double[_c];
            var active = new List<int>();
            for (int j = 0; j < _c; j++)
            {
                _means[j] = stats.MeanOf(j);
                double m2 = stats.Get(j, j) + (intercept ? 0 : w * _means[j] * _means[j]);
                double raw = stats.Get(j, j) + w * _means[j] * _means[j];
                _sd[j] = Math.Sqrt(Math.Max(0, m2) / w);
                if (m2 > 1e-24 * raw && raw > 0) active.Add(j);
            }
            _yMean = stats.MeanOf(_c);
            _active = [.. active];
            int a = _active.Length;
            var s = new double[a * a];
            var r = new double[a];
            for (int i = 0; i < a; i++)
            {
                int ji = _active[i];
                for (int k = 0; k < a; k++)
                {
                    int jk = _active[k];
                    double v = stats.Get(ji, jk) + (intercept ? 0 : w * _means[ji] * _means[jk]);
                    s[i * a + k] = v / (w * _sd[ji] * _sd[jk]);
                }
                r[i] = (stats.Get(ji, _c) + (intercept ? 0 : w * _means[ji] * _yMean)) / (w * _sd[ji]);
            }
            (_values, _vectors) = DenseMath.SymmetricEigen(s, a);
            _projected = new double[a];
            for (int k = 0; k < a; k++)
            {
                double sum = 0;
                for (int i = 0; i < a; i++) sum += _vectors[i * a + k] * r[i];
                _projected[k] = sum;
            }
        }

        /// <summary>The columns loading on a direction whose eigenvalue is at most 10⁻¹⁰ of the largest (collinear at penalty 0); empty when none.</summary>
        public List<int> CollinearColumns()
        {
            int a = _active.Length;
            var involved = new List<int>();
            if (a == 0) return involved;
            double largest = Math.Max(_values[^1], 0);
            for (int k = 0; k < a; k++)
            {
                if (_values[k] > 1e-10 * largest) break;
                double max = 0;
                for (int i = 0; i < a; i++) max = Math.Max(max, Math.Abs(_vectors[i * a + k]));
                for (int i = 0; i < a; i++)
                    if (Math.Abs(_vectors[i * a + k]) >= 0.1 * max && !involved.Contains(_active[i])) involved.Add(_active[i]);
            }
            involved.Sort();
            return involved;
        }

        public (double Intercept, double[] Slopes) Solve(double penalty)
        {
            int a = _active.Length;
            var slopes = new double[_c];
            for (int i = 0; i < a; i++)
            {
                double sum = 0;
                for (int k = 0; k < a; k++)
                {
                    double denominator = Math.Max(_values[k], 0) + penalty;
                    if (denominator > 1e-12) sum += _vectors[i * a + k] * _projected[k] / denominator;
                }
                slopes[_active[i]] = sum / _sd[_active[i]];
            }
            double intercept = 0;
            if (_intercept)
            {
                intercept = _yMean;
                for (int j = 0; j < _c; j++) intercept -= _means[j] * slopes[j];
            }
            return (intercept, slopes);
        }
    }
}

/// <summary>A ridge fit at the penalty chosen by cross-validation. Immutable.</summary>
public sealed class RidgeFit
{
    private readonly string[] _names;
    private readonly double[] _coefficients;
    private readonly double[] _penalties;
    private readonly double[] _errors;

    internal RidgeFit(double penalty, bool hasIntercept, string[] names, double[] coefficients, double[] penalties, double[] errors, int folds, long observations)
    {
        Penalty = penalty;
        HasIntercept = hasIntercept;
        _names = names;
        _coefficients = coefficients;
        _penalties = penalties;
        _errors = errors;
        Folds = folds;
        Observations = observations;
    }

    /// <summary>The chosen penalty λ (smallest cross-validation error; ties go to the larger penalty).</summary>
    public double Penalty { get; }

    /// <summary>Whether the model has an intercept (then coefficient 0, named "(Intercept)").</summary>
    public bool HasIntercept { get; }

    /// <summary>The number of cross-validation folds.</summary>
    public int Folds { get; }

    /// <summary>The number of rows used (weight above 0).</summary>
    public long Observations { get; }

    /// <summary>The parameter names, "(Intercept)" first when present.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>The coefficients on the original (unstandardized) scale of the predictors, fitted on all rows at <see cref="Penalty"/>.</summary>
    public IReadOnlyList<double> Coefficients => _coefficients;

    /// <summary>The penalty grid, ascending.</summary>
    public IReadOnlyList<double> Penalties => _penalties;

    /// <summary>The cross-validated mean squared error (weighted) for each penalty in <see cref="Penalties"/>.</summary>
    public IReadOnlyList<double> CrossValidationErrors => _errors;

    /// <summary>The cross-validated mean squared error at the chosen penalty.</summary>
    public double CrossValidationError => _errors[Array.IndexOf(_penalties, Penalty)];

    /// <summary>The prediction for one row of predictors (without the intercept).</summary>
    /// <param name="predictors">The predictor values, one per column.</param>
    /// <returns>The predicted response.</returns>
    public double Predict(ReadOnlySpan<double> predictors)
    {
        int i0 = HasIntercept ? 1 : 0;
        if (predictors.Length != _coefficients.Length - i0)
            throw new ArgumentException($"The fit has {_coefficients.Length - i0} predictors; {predictors.Length} values were given.", nameof(predictors));
        return LinearPredictor.Value(_coefficients, HasIntercept, predictors);
    }

    /// <summary>The prediction for every row of <paramref name="design"/>.</summary>
    /// <param name="design">Rows with the fit's predictor columns.</param>
    /// <param name="destination">A span of at least <c>design.Rows</c> values.</param>
    public void Predict(IDesignRows design, Span<double> destination)
    {
        ArgumentNullException.ThrowIfNull(design);
        if (destination.Length < design.Rows)
            throw new ArgumentException($"The destination holds {destination.Length} values; the design has {design.Rows} rows.", nameof(destination));
        LinearPredictor.EachRow(design, destination, (row, _) => Predict(row));
    }

    /// <summary>The coefficients and the chosen penalty, invariant culture.</summary>
    /// <returns>The summary as text.</returns>
    public override string ToString()
    {
        var ci = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(ci, $"Ridge regression, {Observations} rows, penalty {Penalty:G4} chosen by {Folds}-fold cross-validation (MSE {CrossValidationError:G6})").AppendLine();
        for (int j = 0; j < _names.Length; j++) sb.Append(ci, $"{_names[j],-30}{_coefficients[j],14:G6}").AppendLine();
        return sb.ToString().TrimEnd();
    }
}
