using System.Globalization;
using IcpAnalytics.Statistics;

namespace IcpAnalytics.CauseEffect;

/// <summary>Options of <see cref="NuisanceLearners.Ridge(RidgeLearnerOptions?)"/>.</summary>
public sealed record RidgeLearnerOptions
{
    /// <summary>Whether the basis adds each numeric control's square (of its standardized value), and for positive controls the logarithm and its square.</summary>
    /// <value>The default is true.</value>
    public bool Curvature { get; init; } = true;

    /// <summary>Whether the basis adds the products of every pair of numeric controls (standardized).</summary>
    /// <value>The default is false.</value>
    public bool Interactions { get; init; }

    /// <summary>The penalties tried (on standardized columns, objective mean squared error + λ‖β‖²); the one with the smallest cross-validated error over the folds is used, per target.</summary>
    /// <value>
    /// The default is 9 values log-spaced from 1e-6 to 1e-2. Heavier penalties are left out on purpose: chosen by the
    /// noisy outcome's prediction error, they shrink confounders such as rep indicators and bias the effects (in
    /// simulation, by a quarter of a standard error at 500 deals per segment).
    /// </value>
    public IReadOnlyList<double>? Penalties { get; init; }
}

/// <summary>
/// Ridge regression on an expanded basis of the controls (numeric controls standardized, with squares, logarithms of
/// positive controls and their squares, optional pairwise products; categorical controls one-hot), cross-fitted from
/// per-fold cross-products: one pass over the deals gives every fold's training matrix (total minus the fold), the
/// penalty is chosen per target by the folds' held-out error computed from the same cross-products, and a second pass
/// predicts each deal from the model that did not see its fold.
/// </summary>
internal sealed class RidgeNuisanceLearner : INuisanceLearner
{
    private static readonly double[] DefaultPenalties = [.. Enumerable.Range(0, 9).Select(i => Math.Pow(10, -6 + 0.5 * i))];

    private readonly RidgeLearnerOptions _options;

    public RidgeNuisanceLearner(RidgeLearnerOptions options) => _options = options;

    public string Name => "ridge (expanded basis)";

    public IReadOnlyList<double[]> CrossFitPredict(NuisanceData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        Fitted fitted = FitFolds(data);
        int targets = data.TargetCount;
        var predictions = new double[targets][];
        for (int t = 0; t < targets; t++) predictions[t] = new double[data.Count];
        var dense = new double[fitted.Basis.DenseCount];
        var cat = new int[fitted.Basis.CategoricalCount];
        int[] folds = data.FoldArray;
        for (int i = 0; i < data.Count; i++)
        {
            fitted.Basis.Fill(data, i, dense, cat);
            int f = folds[i];
            for (int t = 0; t < targets; t++) predictions[t][i] = fitted.Predict(f, t, dense, cat);
        }
        return predictions;
    }

    /// <summary>The expanded basis of a row: dense columns (intercept first) and one-hot columns given by index.</summary>
    internal sealed class BasisSpec
    {
        private readonly (int Feature, int Kind, double Mean, double Scale, int Other)[] _dense;
        private readonly int[] _catFeatures;
        private readonly int[] _catOffset;

        public BasisSpec(NuisanceData data, RidgeLearnerOptions options)
        {
            var dense = new List<(int, int, double, double, int)> { (-1, 0, 0, 1, -1) };
            var numeric = new List<int>();
            var catFeatures = new List<int>();
            for (int j = 0; j < data.FeatureCount; j++)
            {
                if (data.IsCategorical(j)) { catFeatures.Add(j); continue; }
                ReadOnlySpan<double> x = data.Feature(j);
                (double mean, double sd) = MeanSd(x, static v => v);
                if (sd == 0) continue;
                numeric.Add(dense.Count);
                dense.Add((j, 1, mean, sd, -1));
                if (options.Curvature)
                {
                    dense.Add((j, 2, mean, sd, -1));
                    bool positive = true;
                    foreach (double v in x)
                    {
                        if (!(v > 0)) { positive = false; break; }
                    }
                    if (positive)
                    {
                        (double lm, double ls) = MeanSd(x, Math.Log);
                        if (ls > 0)
                        {
                            dense.Add((j, 3, lm, ls, -1));
                            dense.Add((j, 4, lm, ls, -1));
                        }
                    }
                }
            }
            if (options.Interactions)
            {
                for (int a = 0; a < numeric.Count; a++)
                {
                    for (int b = a + 1; b < numeric.Count; b++) dense.Add((numeric[a], 5, 0, 1, numeric[b]));
                }
            }
            _dense = [.. dense];
            _catFeatures = [.. catFeatures];
            _catOffset = new int[_catFeatures.Length];
            int offset = _dense.Length;
            for (int c = 0; c < _catFeatures.Length; c++)
            {
                _catOffset[c] = offset;
                offset += data.Levels(_catFeatures[c]);
            }
            Columns = offset;
        }

        public int DenseCount => _dense.Length;

        public int CategoricalCount => _catFeatures.Length;

        public int Columns { get; }

        public void Fill(NuisanceData data, int row, Span<double> dense, Span<int> cat)
        {
            for (int a = 0; a < _dense.Length; a++)
            {
                (int feature, int kind, double mean, double scale, int other) = _dense[a];
                switch (kind)
                {
                    case 0: dense[a] = 1; break;
                    case 1: dense[a] = (data.FeatureArray(feature)[row] - mean) / scale; break;
                    case 2: { double z = (data.FeatureArray(feature)[row] - mean) / scale; dense[a] = z * z; break; }
                    case 3: dense[a] = (Math.Log(data.FeatureArray(feature)[row]) - mean) / scale; break;
                    case 4: { double z = (Math.Log(data.FeatureArray(feature)[row]) - mean) / scale; dense[a] = z * z; break; }
                    default: dense[a] = dense[feature] * dense[other]; break;
                }
            }
            for (int c = 0; c < _catFeatures.Length; c++) cat[c] = _catOffset[c] + (int)data.FeatureArray(_catFeatures[c])[row];
        }

        private static (double Mean, double Sd) MeanSd(ReadOnlySpan<double> x, Func<double, double> f)
        {
            double sum = 0;
            foreach (double v in x) sum += f(v);
            double mean = sum / x.Length;
            double ss = 0;
            foreach (double v in x) { double dv = f(v) - mean; ss += dv * dv; }
            return (mean, Math.Sqrt(ss / x.Length));
        }
    }

    /// <summary>Per-fold coefficients (on the basis columns, intercept first) for each target.</summary>
    internal sealed class Fitted
    {
        public required BasisSpec Basis { get; init; }
        /// <summary>[fold][target] → coefficients over basis columns.</summary>
        public required double[][][] Coefficients { get; init; }
        public required double[] ChosenPenalty { get; init; }

        public double Predict(int fold, int target, ReadOnlySpan<double> dense, ReadOnlySpan<int> cat)
        {
            double[] w = Coefficients[fold][target];
            double s = 0;
            for (int a = 0; a < dense.Length; a++) s += w[a] * dense[a];
            foreach (int c in cat) s += w[c];
            return s;
        }
    }

    internal Fitted FitFolds(NuisanceData data)
    {
        var basis = new BasisSpec(data, _options);
        int pb = basis.Columns;
        int nd = basis.DenseCount;
        int targets = data.TargetCount;
        int p = pb + targets;
        int folds = data.FoldCount;
        var grams = new double[folds][];
        for (int f = 0; f < folds; f++) grams[f] = new double[p * p];
        var dense = new double[nd + targets];
        var cat = new int[basis.CategoricalCount];
        int[] foldOf = data.FoldArray;
        int dn = nd + targets;
        for (int i = 0; i < data.Count; i++)
        {
            basis.Fill(data, i, dense.AsSpan(0, nd), cat);
            for (int t = 0; t < targets; t++) dense[nd + t] = data.TargetArray(t)[i];
            double[] g = grams[foldOf[i]];
            // Dense columns live at basis positions 0..nd-1 and target positions pb..pb+T-1.
            for (int a = 0; a < dn; a++)
            {
                double da = dense[a];
                if (da == 0) continue;
                int pa = a < nd ? a : pb + a - nd;
                int row = pa * p;
                for (int b = a; b < dn; b++)
                {
                    int pbb = b < nd ? b : pb + b - nd;
                    g[row + pbb] += da * dense[b];
                }
            }
            for (int c = 0; c < cat.Length; c++)
            {
                int ci = cat[c];
                g[ci * p + ci] += 1;
                for (int a = 0; a < dn; a++)
                {
                    int pa = a < nd ? a : pb + a - nd;
                    if (pa < ci) g[pa * p + ci] += dense[a];
                    else g[ci * p + pa] += dense[a];
                }
                for (int c2 = c + 1; c2 < cat.Length; c2++)
                {
                    int cj = cat[c2];
                    if (ci < cj) g[ci * p + cj] += 1;
                    else g[cj * p + ci] += 1;
                }
            }
        }
        var total = new double[p * p];
        for (int f = 0; f < folds; f++)
        {
            double[] g = grams[f];
            DenseMath.MirrorUpper(g, p);
            for (int a = 0; a < total.Length; a++) total[a] += g[a];
        }

        double[] penalties = _options.Penalties is { Count: > 0 } given ? [.. given] : DefaultPenalties;
        // coefficients[penalty][fold][target]
        var all = new double[penalties.Length][][][];
        var error = new double[penalties.Length, targets];
        var train = new double[p * p];
        int q = pb - 1;
        var r = new double[q * q];
        var inverse = new double[q * q];
        var aliased = new bool[q];
        var mean = new double[pb];
        var scale = new double[pb];
        for (int li = 0; li < penalties.Length; li++) all[li] = new double[folds][][];
        for (int f = 0; f < folds; f++)
        {
            double[] held = grams[f];
            for (int a = 0; a < train.Length; a++) train[a] = total[a] - held[a];
            double n = train[0];
            if (n <= 0) n = 1;
            for (int a = 1; a < pb; a++)
            {
                mean[a] = train[a] / n;
                double v = train[a * p + a] / n - mean[a] * mean[a];
                scale[a] = v > 1e-12 ? Math.Sqrt(v) : 0;
            }
            for (int a = 1; a < pb; a++)
            {
                for (int b = 1; b < pb; b++)
                {
                    double c = scale[a] > 0 && scale[b] > 0 ? (train[a * p + b] / n - mean[a] * mean[b]) / (scale[a] * scale[b]) : 0;
                    r[(a - 1) * q + (b - 1)] = c;
                }
            }
            var rhsAll = new double[targets][];
            var meanT = new double[targets];
            for (int t = 0; t < targets; t++)
            {
                int pt = pb + t;
                meanT[t] = train[pt] / n;
                var rhs = new double[q];
                for (int a = 1; a < pb; a++)
                    rhs[a - 1] = scale[a] > 0 ? (train[a * p + pt] / n - mean[a] * meanT[t]) / scale[a] : 0;
                rhsAll[t] = rhs;
            }
            for (int li = 0; li < penalties.Length; li++)
            {
                double lambda = penalties[li];
                var regular = (double[])r.Clone();
                for (int a = 0; a < q; a++) regular[a * q + a] += scale[a + 1] > 0 ? lambda : 1;
                var betas = new double[targets][];
                double[]? factor = DenseMath.CholeskyUpper(regular, q);
                if (factor is not null)
                {
                    for (int t = 0; t < targets; t++) betas[t] = DenseMath.SolveWithFactor(factor, q, rhsAll[t]);
                }
                else
                {
                    DenseMath.InverseDroppingAliased(regular, q, inverse, aliased);
                    for (int t = 0; t < targets; t++)
                    {
                        betas[t] = new double[q];
                        DenseMath.MultiplyVector(inverse, q, rhsAll[t], betas[t]);
                    }
                }
                var perTarget = new double[targets][];
                for (int t = 0; t < targets; t++)
                {
                    int pt = pb + t;
                    double[] beta = betas[t];
                    var w = new double[pb];
                    double intercept = meanT[t];
                    for (int a = 1; a < pb; a++)
                    {
                        double coef = scale[a] > 0 ? beta[a - 1] / scale[a] : 0;
                        w[a] = coef;
                        intercept -= coef * mean[a];
                    }
                    w[0] = intercept;
                    perTarget[t] = w;
                    // Held-out squared error from the fold's cross-products.
                    double sse = held[pt * p + pt];
                    for (int a = 0; a < pb; a++)
                    {
                        if (w[a] == 0) continue;
                        sse -= 2 * w[a] * held[a * p + pt];
                        double s = 0;
                        for (int b = 0; b < pb; b++) s += held[a * p + b] * w[b];
                        sse += w[a] * s;
                    }
                    error[li, t] += sse;
                }
                all[li][f] = perTarget;
            }
        }
        var coefficients = new double[folds][][];
        var chosen = new double[targets];
        for (int f = 0; f < folds; f++) coefficients[f] = new double[targets][];
        for (int t = 0; t < targets; t++)
        {
            int best = 0;
            for (int li = 1; li < penalties.Length; li++)
            {
                if (error[li, t] < error[best, t]) best = li;
            }
            chosen[t] = penalties[best];
            for (int f = 0; f < folds; f++) coefficients[f][t] = all[best][f][t];
        }
        return new Fitted { Basis = basis, Coefficients = coefficients, ChosenPenalty = chosen };
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Name}");
}
