using System.Globalization;
using System.Numerics.Tensors;
using IcpAnalytics.Statistics;

namespace IcpAnalytics.CauseEffect;

/// <summary>
/// Per-segment least squares of the outcome on the transformed efforts and the controls, from sufficient statistics.
/// One pass accumulates the cross-products of an augmented design (intercept, numeric controls, a random common cause,
/// placebo efforts, efforts, and categorical controls as one-hot columns handled sparsely) separately for two random
/// halves; every model of the fit and of its checks is a block of that matrix. A second pass computes residuals,
/// leverages and the HC3 or cluster-robust sandwich for the adjusted and placebo models, reading only the effort
/// rows of the inverse. No n × p matrix is ever formed.
/// </summary>
internal static partial class RegressionEngine
{
    private sealed class Model
    {
        public required int Q;
        public required int[] Columns;       // augmented column of each model position
        public required int[] DenseAug;      // augmented dense index of each model dense column
        public required int[] DensePos;      // model position of each model dense column
        public required int[][] CatPos;      // [control][local level] → model position, −1 when not in the model
        public required int[] EffortPos;     // model position of each effort (or placebo effort), −1 when aliased
        public required int[] EffortSlot;    // index among the dense model columns of each effort
        public required double[] Beta;       // by model position
        public required double[] Inverse;    // q × q
        public required bool[] Aliased;
        public required int Rank;
    }

    /// <summary>Where each column of a segment's augmented design sits (dense columns first, then the one-hot columns).</summary>
    private sealed class DesignLayout
    {
        public required int Start;               // first row of the segment
        public required int Deals;               // rows of the segment (m)
        public required int DenseColumns;        // intercept, numeric controls, [random cause, placebo efforts], efforts (pd)
        public required int Columns;             // dense plus one-hot columns (p)
        public required int RandomCauseColumn;   // −1 without checks (rcc)
        public required int FirstPlaceboColumn;  // −1 without checks (pl0)
        public required int FirstEffortColumn;   // (ef0)
        public required int[][] LocalColumn;     // [control][level] → column, −1 for the reference and absent levels
    }

    /// <summary>The seeded draws of a segment's checks: the placebo permutation, the random halves, the random common cause.</summary>
    private sealed record CheckDraws(int[] Permutation, byte[] Half, double[] RandomCause);

    /// <summary>Cross-products of the augmented design per random half, and their sums (full, mirrored).</summary>
    private sealed record HalfCrossProducts(double[][] Gram, double[][] Xy, int[] HalfCount, double[] Total, double[] TotalXy);

    /// <summary>The models of the honesty checks: placebo efforts, an added random common cause, and each random half.</summary>
    private sealed record CheckModels(Model? Placebo, double[]? RandomCauseEstimate, double[]? HalfA, double[]? HalfB);

    /// <summary>The sandwich of the adjusted (and placebo) model with its degrees of freedom and the leverage summary.</summary>
    private sealed record Sandwich(double[][] Meat, double DegreesOfFreedom, double MaxLeverage, int ExtremeLeverageCount);

    /// <summary>The covariance of the effort coefficients of the adjusted and placebo models with the degrees of freedom of their intervals.</summary>
    private sealed record EffortInference(double[] Covariance, double DegreesOfFreedom, double[]? EffortDegreesOfFreedom, double[]? PlaceboStandardError);

    internal static SegmentFit Fit(EffortData d, int s, EffortEffectsOptions options)
    {
        int start = d.Start[s], m = d.Count[s];
        int k = d.Efforts.Length;
        if (m < 3) return SegmentFit.NotEstimable(s, m, string.Create(CultureInfo.InvariantCulture, $"only {m} deals; effects need at least {k + 2} deals, and many more for the controls"));
        if (ConstantEffort(d, start, m) is string constant) return SegmentFit.NotEstimable(s, m, constant);

        DesignLayout layout = Layout(d, start, m, options.RunChecks);
        CheckDraws draws = Draw(options.Seed, s, m);
        HalfCrossProducts cross = AccumulateHalves(d, layout, draws);

        // The adjusted model: intercept, numeric controls, categorical controls, efforts last.
        var adjustedDense = new List<int> { 0 };
        for (int c = 0; c < d.NumericControls.Length; c++) adjustedDense.Add(1 + c);
        var effortsDense = new int[k];
        for (int j = 0; j < k; j++) effortsDense[j] = layout.FirstEffortColumn + j;
        Model adjusted = Solve(cross.Total, cross.TotalXy, layout.Columns, layout.DenseColumns, [.. adjustedDense], effortsDense, layout.LocalColumn, includeCategorical: true);
        string? collinearity = CollinearityWarning(d, layout, draws, cross.Total, adjusted);
        if (NotEstimableReason(d, adjusted, m) is string reason) return SegmentFit.NotEstimable(s, m, reason, collinearity);

        CheckModels checks = options.RunChecks ? FitChecks(cross, layout, adjustedDense, effortsDense, k) : new CheckModels(null, null, null, null);
        Model[] models = checks.Placebo is null ? [adjusted] : [adjusted, checks.Placebo];
        Sandwich sandwich = SandwichOf(d, layout, draws, models, options.ExtremeLeverage);
        EffortInference inference;
        try
        {
            inference = Inference(d, layout, draws, adjusted, checks.Placebo, sandwich, options);
        }
        catch (ModelFitException ex)
        {
            return SegmentFit.NotEstimable(s, m, $"its {Estimator.CovarianceText(d.Covariance, "HC3")} cannot be computed: {ex.Message}", collinearity);
        }
        (double[] naiveEstimate, double[] naiveSe) = Naive(d, start, m, options.ExtremeLeverage);
        return new SegmentFit
        {
            Segment = s,
            Deals = m,
            Estimable = true,
            Parameters = adjusted.Rank,
            Estimate = EffortCoefficients(adjusted, k),
            Covariance = inference.Covariance,
            DegreesOfFreedom = inference.DegreesOfFreedom,
            EffortDegreesOfFreedom = inference.EffortDegreesOfFreedom,
            NaiveEstimate = naiveEstimate,
            NaiveStandardError = naiveSe,
            PlaceboEstimate = checks.Placebo is null ? null : EffortCoefficients(checks.Placebo, k),
            PlaceboStandardError = inference.PlaceboStandardError,
            RandomCauseEstimate = checks.RandomCauseEstimate,
            HalfA = checks.HalfA,
            HalfB = checks.HalfB,
            VariationShare = VariationShares(cross.Total, layout.Columns, layout.FirstEffortColumn, m, adjusted, k),
            MaxLeverage = sandwich.MaxLeverage,
            ExtremeLeverageCount = sandwich.ExtremeLeverageCount,
            CollinearityWarning = collinearity,
        };
    }

    /// <summary>Why the adjusted model cannot be used: fewer deals than parameters, or an effort fixed by the controls; null when it can.</summary>
    private static string? NotEstimableReason(EffortData d, Model adjusted, int m)
    {
        if (m <= adjusted.Rank || (m <= adjusted.Q && Array.IndexOf(adjusted.EffortPos, -1) >= 0))
            return string.Create(CultureInfo.InvariantCulture, $"{m:N0} deals for {adjusted.Q} parameters (efforts, controls and intercept); fewer deals than parameters cannot be fitted — use fewer controls or a coarser segmentation");
        for (int j = 0; j < d.Efforts.Length; j++)
        {
            if (adjusted.EffortPos[j] < 0)
                return $"{d.EffortNames[j]} is fixed by the controls in this segment (it is a linear combination of them), so its effect cannot be separated";
        }
        return null;
    }

    /// <summary>
    /// The effort covariance the options ask for: the engine's own HC3 or CR1 sandwich (degrees of freedom m − rank or clusters − 1),
    /// or the statistics core's classical, CR2, two-way or Newey–West covariance for the adjusted and placebo models.
    /// </summary>
    private static EffortInference Inference(EffortData d, DesignLayout layout, CheckDraws draws, Model adjusted, Model? placebo, Sandwich sandwich, EffortEffectsOptions options)
    {
        int k = d.Efforts.Length;
        if (!Estimator.ComputedByLinearRegression(d.Covariance))
        {
            double[]? placeboSe = placebo is null ? null : Diagonal(sandwich.Meat[1], k);
            return new EffortInference(sandwich.Meat[0], sandwich.DegreesOfFreedom, null, placeboSe);
        }
        KernelInference main = KernelCovariance(d, layout, draws, adjusted, options);
        double[]? kernelPlaceboSe = placebo is null ? null : Diagonal(KernelCovariance(d, layout, draws, placebo, options).Covariance, k);
        return new EffortInference(main.Covariance, main.DegreesOfFreedom, main.EffortDegreesOfFreedom, kernelPlaceboSe);
    }

    /// <summary>The naive fit (efforts and intercept only) with its HC3 or CR1 standard errors.</summary>
    private static (double[] Estimate, double[] StandardError) Naive(EffortData d, int start, int m, double extremeLeverage)
    {
        int localClusterCount = 0;
        int[]? localClusters = d.Clusters is null ? null : Localize(d.Clusters, start, m, out localClusterCount);
        SmallLeastSquares.Result naive = SmallLeastSquares.Fit(d.Efforts, d.Outcome, start, m, intercept: true, include: null,
            localClusters, localClusterCount, extremeLeverage);
        return (naive.Coefficients, Diagonal(naive.Covariance, d.Efforts.Length));
    }

    /// <summary>The square roots of the diagonal of a k × k covariance (negative rounding clamped to 0).</summary>
    private static double[] Diagonal(double[] covariance, int k)
    {
        var se = new double[k];
        for (int j = 0; j < k; j++) se[j] = Math.Sqrt(Math.Max(0, covariance[j * k + j]));
        return se;
    }

    /// <summary>Why the segment cannot be fitted when an effort has the same count on every deal, or null.</summary>
    private static string? ConstantEffort(EffortData d, int start, int m)
    {
        for (int j = 0; j < d.Efforts.Length; j++)
        {
            double[] e = d.Efforts[j];
            double first = e[start];
            bool varies = false;
            for (int r = start + 1; r < start + m; r++)
            {
                if (e[r] != first) { varies = true; break; }
            }
            if (!varies) return $"{d.EffortNames[j]} does not vary in this segment (every deal has the same count)";
        }
        return null;
    }

    /// <summary>
    /// The segment's design layout. Local one-hot columns per categorical control: the levels present, the most frequent one
    /// the reference. Dense layout: intercept, numeric controls, [random common cause, placebo efforts — only with checks], efforts.
    /// </summary>
    private static DesignLayout Layout(EffortData d, int start, int m, bool checks)
    {
        int k = d.Efforts.Length, nc = d.NumericControls.Length, ncat = d.CategoricalControls.Length;
        int pd = checks ? 2 + nc + 2 * k : 1 + nc + k;
        var localColumn = new int[ncat][];
        int p = pd;
        for (int c = 0; c < ncat; c++)
        {
            int levels = d.CategoricalLevels[c];
            var counts = new int[levels];
            int[] codes = d.CategoricalControls[c];
            for (int r = start; r < start + m; r++) counts[codes[r]]++;
            int reference = 0;
            for (int l = 1; l < levels; l++)
            {
                if (counts[l] > counts[reference]) reference = l;
            }
            var column = new int[levels];
            for (int l = 0; l < levels; l++) column[l] = counts[l] > 0 && l != reference ? p++ : -1;
            localColumn[c] = column;
        }
        return new DesignLayout
        {
            Start = start,
            Deals = m,
            DenseColumns = pd,
            Columns = p,
            RandomCauseColumn = checks ? 1 + nc : -1,
            FirstPlaceboColumn = checks ? 2 + nc : -1,
            FirstEffortColumn = checks ? 2 + nc + k : 1 + nc,
            LocalColumn = localColumn,
        };
    }

    /// <summary>The seeded placebo permutation, random halves and random common cause (in this order from one generator).</summary>
    private static CheckDraws Draw(int seed, int s, int m)
    {
        var rng = new Random(Seeds.Mix(seed, s, 0x51ac));
        var permutation = new int[m];
        for (int i = 0; i < m; i++) permutation[i] = i;
        rng.Shuffle(permutation);
        var halfOrder = new int[m];
        for (int i = 0; i < m; i++) halfOrder[i] = i;
        rng.Shuffle(halfOrder);
        var half = new byte[m];
        for (int i = m / 2; i < m; i++) half[halfOrder[i]] = 1;
        var randomCause = new double[m];
        for (int i = 0; i < m; i++) randomCause[i] = RandomDraws.StandardNormal(rng);
        return new CheckDraws(permutation, half, randomCause);
    }

    /// <summary>
    /// Pass 1: cross-products per random half, in blocks of rows held column by column so the dense products are SIMD dot
    /// products; then their sum, mirrored, and each half mirrored.
    /// </summary>
    private static HalfCrossProducts AccumulateHalves(EffortData d, DesignLayout layout, CheckDraws draws)
    {
        int start = layout.Start, m = layout.Deals, p = layout.Columns, pd = layout.DenseColumns;
        int nc = d.NumericControls.Length, ncat = d.CategoricalControls.Length, k = d.Efforts.Length;
        var g = new double[2][] { new double[p * p], new double[p * p] };
        var xy = new double[2][] { new double[p], new double[p] };
        var halfCount = new int[2];
        double[] y = d.Outcome;
        var blocks = new double[2][] { new double[pd * Block], new double[pd * Block] };
        var blockY = new double[2][] { new double[Block], new double[Block] };
        var blockCat = new int[2][] { new int[Math.Max(1, ncat) * Block], new int[Math.Max(1, ncat) * Block] };
        var filled = new int[2];
        for (int i = 0; i < m; i++)
        {
            int r = start + i;
            int h = draws.Half[i];
            int slot = filled[h];
            double[] blk = blocks[h];
            FillDenseColumn(d, r, start + draws.Permutation[i], draws.RandomCause[i], blk, slot, nc, k, layout.RandomCauseColumn, layout.FirstPlaceboColumn, layout.FirstEffortColumn);
            blockY[h][slot] = y[r];
            for (int c = 0; c < ncat; c++) blockCat[h][c * Block + slot] = layout.LocalColumn[c][d.CategoricalControls[c][r]];
            halfCount[h]++;
            if (++filled[h] == Block)
            {
                Accumulate(blk, blockY[h], blockCat[h], Block, pd, ncat, p, g[h], xy[h]);
                filled[h] = 0;
            }
        }
        for (int h = 0; h < 2; h++)
        {
            if (filled[h] > 0) Accumulate(blocks[h], blockY[h], blockCat[h], filled[h], pd, ncat, p, g[h], xy[h]);
        }
        var total = new double[p * p];
        var totalXy = new double[p];
        for (int a = 0; a < p; a++)
        {
            totalXy[a] = xy[0][a] + xy[1][a];
            for (int b = a; b < p; b++)
            {
                double sum = g[0][a * p + b] + g[1][a * p + b];
                total[a * p + b] = sum;
                total[b * p + a] = sum;
                for (int h = 0; h < 2; h++) g[h][b * p + a] = g[h][a * p + b];
            }
        }
        return new HalfCrossProducts(g, xy, halfCount, total, totalXy);
    }

    /// <summary>The check models, each a block of the same cross-products: placebo efforts, a random common cause added, each half.</summary>
    private static CheckModels FitChecks(HalfCrossProducts cross, DesignLayout layout, List<int> adjustedDense, int[] effortsDense, int k)
    {
        int p = layout.Columns, pd = layout.DenseColumns;
        var placeboDense = new int[k];
        for (int j = 0; j < k; j++) placeboDense[j] = layout.FirstPlaceboColumn + j;
        Model? placebo = Solve(cross.Total, cross.TotalXy, p, pd, [.. adjustedDense], placeboDense, layout.LocalColumn, includeCategorical: true);
        if (Array.IndexOf(placebo.EffortPos, -1) >= 0) placebo = null;
        Model withCause = Solve(cross.Total, cross.TotalXy, p, pd, [.. adjustedDense, layout.RandomCauseColumn], effortsDense, layout.LocalColumn, includeCategorical: true);
        double[] randomCauseEstimate = EffortCoefficients(withCause, k);
        Model a = Solve(cross.Gram[0], cross.Xy[0], p, pd, [.. adjustedDense], effortsDense, layout.LocalColumn, includeCategorical: true);
        Model b = Solve(cross.Gram[1], cross.Xy[1], p, pd, [.. adjustedDense], effortsDense, layout.LocalColumn, includeCategorical: true);
        double[]? halfA = null, halfB = null;
        if (Array.IndexOf(a.EffortPos, -1) < 0 && Array.IndexOf(b.EffortPos, -1) < 0 && cross.HalfCount[0] > a.Rank && cross.HalfCount[1] > b.Rank)
        {
            halfA = EffortCoefficients(a, k);
            halfB = EffortCoefficients(b, k);
        }
        return new CheckModels(placebo, randomCauseEstimate, halfA, halfB);
    }

    /// <summary>
    /// Pass 2: residuals, leverages and the HC3 (or cluster-robust CR1) sandwich of each model, reading only the effort rows
    /// of the inverse; leverages are tracked on the first (adjusted) model. Degrees of freedom: m − rank, or clusters − 1.
    /// </summary>
    private static Sandwich SandwichOf(EffortData d, DesignLayout layout, CheckDraws draws, Model[] models, double extremeLeverage)
    {
        int m = layout.Deals, k = d.Efforts.Length;
        var pass = new SandwichPass(d, layout, draws, models, extremeLeverage);
        for (int b0 = 0; b0 < m; b0 += Block)
        {
            int count = Math.Min(Block, m - b0);
            pass.FillBlock(b0, count);
            for (int t = 0; t < models.Length; t++) pass.AddModelBlock(t, b0, count);
        }
        double df = m - models[0].Rank;
        for (int t = 0; t < models.Length; t++)
        {
            double[] mt = pass.Meat[t];
            if (pass.ClusterIndex is not null)
            {
                int groups = pass.ClusterIndex.Count;
                double[] sc = pass.Scores[t];
                for (int gi = 0; gi < groups; gi++)
                {
                    for (int a = 0; a < k; a++)
                    {
                        for (int b = a; b < k; b++) mt[a * k + b] += sc[gi * k + a] * sc[gi * k + b];
                    }
                }
                double factor = groups > 1 ? groups / (groups - 1.0) * (m - 1.0) / Math.Max(1, m - models[t].Rank) : 1;
                for (int a = 0; a < mt.Length; a++) mt[a] *= factor;
            }
            DenseMath.MirrorUpper(mt, k);
        }
        if (pass.ClusterIndex is not null) df = Math.Max(1, pass.ClusterIndex.Count - 1);
        return new Sandwich(pass.Meat, df, pass.MaxLeverage, pass.ExtremeCount);
    }

    /// <summary>The buffers and running sums of the second pass, one block of rows at a time.</summary>
    private sealed class SandwichPass
    {
        private readonly EffortData _d;
        private readonly DesignLayout _layout;
        private readonly CheckDraws _draws;
        private readonly Model[] _models;
        private readonly double _extremeLeverage;
        private readonly double[][] _denseInverse;
        private readonly double[] _block;
        private readonly int[] _blockCodes;
        private readonly double[] _fitted = new double[Block];
        private readonly double[] _hat = new double[Block];
        private readonly double[] _v;
        private readonly double[] _z;

        public SandwichPass(EffortData d, DesignLayout layout, CheckDraws draws, Model[] models, double extremeLeverage)
        {
            _d = d;
            _layout = layout;
            _draws = draws;
            _models = models;
            _extremeLeverage = extremeLeverage;
            int k = d.Efforts.Length;
            if (d.Clusters is not null)
            {
                ClusterIndex = [];
                for (int r = layout.Start; r < layout.Start + layout.Deals; r++) ClusterIndex.TryAdd(d.Clusters[r], ClusterIndex.Count);
            }
            Meat = new double[models.Length][];
            Scores = new double[models.Length][];
            _denseInverse = new double[models.Length][];
            for (int t = 0; t < models.Length; t++)
            {
                Meat[t] = new double[k * k];
                Scores[t] = ClusterIndex is null ? [] : new double[ClusterIndex.Count * k];
                _denseInverse[t] = DenseBlock(models[t]);
            }
            _block = new double[layout.DenseColumns * Block];
            _blockCodes = new int[Math.Max(1, d.CategoricalControls.Length) * Block];
            _v = new double[models[0].DenseAug.Length * Block];
            _z = new double[k];
        }

        public Dictionary<int, int>? ClusterIndex { get; }

        public double[][] Meat { get; }

        public double[][] Scores { get; }

        public double MaxLeverage { get; private set; }

        public int ExtremeCount { get; private set; }

        /// <summary>Loads rows b0 … b0 + count − 1 of the segment: dense columns one after another, the raw category codes.</summary>
        public void FillBlock(int b0, int count)
        {
            EffortData d = _d;
            int start = _layout.Start;
            for (int i = b0; i < b0 + count; i++)
            {
                int r = start + i;
                FillDenseColumn(d, r, start + _draws.Permutation[i], _draws.RandomCause[i], _block, i - b0, d.NumericControls.Length, d.Efforts.Length,
                    _layout.RandomCauseColumn, _layout.FirstPlaceboColumn, _layout.FirstEffortColumn);
                for (int c = 0; c < d.CategoricalControls.Length; c++) _blockCodes[c * Block + i - b0] = d.CategoricalControls[c][r];
            }
        }

        /// <summary>Adds the loaded block's residual scores of model <paramref name="t"/> to its sandwich meat (or cluster scores).</summary>
        public void AddModelBlock(int t, int b0, int count)
        {
            Model model = _models[t];
            int qd = model.DenseAug.Length, q = model.Q, k = _z.Length, ncat = _d.CategoricalControls.Length;
            double[] inverse = model.Inverse, bd = _denseInverse[t], block = _block, v = _v, z = _z;
            Span<double> fit = _fitted.AsSpan(0, count);
            Span<double> hh = _hat.AsSpan(0, count);
            DenseFitAndLeverage(model, bd, block, v, count, fit, hh);
            for (int i = 0; i < count; i++)
            {
                double fv = fit[i];
                double h = hh[i];
                for (int j = 0; j < k; j++) z[j] = v[model.EffortSlot[j] * Block + i];
                for (int c = 0; c < ncat; c++)
                {
                    int pc = model.CatPos[c][_blockCodes[c * Block + i]];
                    if (pc < 0) continue;
                    fv += model.Beta[pc];
                    int row = pc * q;
                    double cross = 0;
                    for (int u = 0; u < qd; u++) cross += inverse[row + model.DensePos[u]] * block[model.DenseAug[u] * Block + i];
                    h += 2 * cross + inverse[row + pc];
                    for (int c2 = c + 1; c2 < ncat; c2++)
                    {
                        int pc2 = model.CatPos[c2][_blockCodes[c2 * Block + i]];
                        if (pc2 >= 0) h += 2 * inverse[row + pc2];
                    }
                    for (int j = 0; j < k; j++) z[j] += inverse[row + model.EffortPos[j]];
                }
                int r = _layout.Start + b0 + i;
                double e = _d.Outcome[r] - fv;
                if (t == 0)
                {
                    if (h > MaxLeverage) MaxLeverage = h;
                    if (h > _extremeLeverage) ExtremeCount++;
                }
                if (ClusterIndex is not null)
                {
                    int g0 = ClusterIndex[_d.Clusters![r]] * k;
                    for (int j = 0; j < k; j++) Scores[t][g0 + j] += e * z[j];
                }
                else DenseMath.AddHc3(Meat[t], z, k, e, h);
            }
        }

        /// <summary>The dense part, column by column: fitted = Xd β, V = Xd B_dd, h = rowwise Xd · V.</summary>
        private static void DenseFitAndLeverage(Model model, double[] bd, double[] block, double[] v, int count, Span<double> fit, Span<double> hh)
        {
            int qd = model.DenseAug.Length;
            fit.Clear();
            hh.Clear();
            for (int u = 0; u < qd; u++)
            {
                ReadOnlySpan<double> xu = block.AsSpan(model.DenseAug[u] * Block, count);
                TensorPrimitives.MultiplyAdd(xu, model.Beta[model.DensePos[u]], fit, fit);
                Span<double> vu = v.AsSpan(u * Block, count);
                vu.Clear();
                for (int w = 0; w < qd; w++)
                {
                    double coefficient = bd[u * qd + w];
                    if (coefficient != 0) TensorPrimitives.MultiplyAdd(block.AsSpan(model.DenseAug[w] * Block, count), coefficient, vu, vu);
                }
            }
            for (int u = 0; u < qd; u++)
                TensorPrimitives.FusedMultiplyAdd(block.AsSpan(model.DenseAug[u] * Block, count), v.AsSpan(u * Block, count), hh, hh);
        }
    }

    /// <summary>Residual variation of each effort once the controls are held fixed: 1 / (B_jj · SS_j), clamped to [0, 1].</summary>
    private static double[] VariationShares(double[] total, int p, int firstEffortColumn, int m, Model adjusted, int k)
    {
        var share = new double[k];
        for (int j = 0; j < k; j++)
        {
            int a = firstEffortColumn + j;
            double n = m;
            double ss = total[a * p + a] - total[a] * total[a] / n;
            int pos = adjusted.EffortPos[j];
            double bjj = adjusted.Inverse[pos * adjusted.Q + pos];
            share[j] = ss > 0 && bjj > 0 ? Math.Clamp(1 / (bjj * ss), 0, 1) : 0;
        }
        return share;
    }

    /// <summary>Cluster codes of rows start … start + m − 1 renumbered 0 … G − 1 in order of appearance.</summary>
    internal static int[] Localize(int[] clusters, int start, int m, out int count)
    {
        var map = new Dictionary<int, int>();
        var local = new int[m];
        for (int i = 0; i < m; i++)
        {
            int code = clusters[start + i];
            if (!map.TryGetValue(code, out int index))
            {
                index = map.Count;
                map.Add(code, index);
            }
            local[i] = index;
        }
        count = map.Count;
        return local;
    }

    private const int Block = 256;

    /// <summary>Adds a block of rows (dense columns stored one after another, Block apart) to the cross-products; returns Σ y².</summary>
    private static double Accumulate(double[] block, double[] y, int[] codes, int count, int pd, int ncat, int p, double[] g, double[] xy)
    {
        ReadOnlySpan<double> ys = y.AsSpan(0, count);
        for (int a = 0; a < pd; a++)
        {
            ReadOnlySpan<double> xa = block.AsSpan(a * Block, count);
            xy[a] += TensorPrimitives.Dot(xa, ys);
            int row = a * p;
            for (int b = a; b < pd; b++) g[row + b] += TensorPrimitives.Dot(xa, block.AsSpan(b * Block, count));
        }
        for (int i = 0; i < count; i++)
        {
            for (int c = 0; c < ncat; c++)
            {
                int ci = codes[c * Block + i];
                if (ci < 0) continue;
                xy[ci] += y[i];
                for (int a = 0; a < pd; a++) g[a * p + ci] += block[a * Block + i];
                g[ci * p + ci] += 1;
                for (int c2 = c + 1; c2 < ncat; c2++)
                {
                    int cj = codes[c2 * Block + i];
                    if (cj < 0) continue;
                    if (ci < cj) g[ci * p + cj] += 1;
                    else g[cj * p + ci] += 1;
                }
            }
        }
        return TensorPrimitives.Dot(ys, ys);
    }

    private static void FillDenseColumn(EffortData d, int r, int placeboRow, double randomCause, double[] block, int slot, int nc, int k, int rcc, int pl0, int ef0)
    {
        block[slot] = 1;
        for (int c = 0; c < nc; c++) block[(1 + c) * Block + slot] = d.NumericControls[c][r];
        for (int j = 0; j < k; j++) block[(ef0 + j) * Block + slot] = d.Efforts[j][r];
        if (rcc < 0) return;
        block[rcc * Block + slot] = randomCause;
        for (int j = 0; j < k; j++) block[(pl0 + j) * Block + slot] = d.Efforts[j][placeboRow];
    }

    private static int[] EffortSlots(int[] effortPos, List<int> densePos)
    {
        var slots = new int[effortPos.Length];
        for (int j = 0; j < effortPos.Length; j++) slots[j] = effortPos[j] < 0 ? -1 : densePos.IndexOf(effortPos[j]);
        return slots;
    }

    private static double[] DenseBlock(Model model)
    {
        int qd = model.DensePos.Length;
        var block = new double[qd * qd];
        for (int u = 0; u < qd; u++)
        {
            for (int w = 0; w < qd; w++) block[u * qd + w] = model.Inverse[model.DensePos[u] * model.Q + model.DensePos[w]];
        }
        return block;
    }

    private static double[] EffortCoefficients(Model model, int k)
    {
        var result = new double[k];
        for (int j = 0; j < k; j++) result[j] = model.EffortPos[j] < 0 ? double.NaN : model.Beta[model.EffortPos[j]];
        return result;
    }

    /// <summary>Solves the model made of the given dense augmented columns, the categorical one-hot columns, and the efforts (last).</summary>
    private static Model Solve(double[] gram, double[] xy, int p, int pd, int[] denseColumns, int[] effortColumns, int[][] localColumn, bool includeCategorical)
    {
        // Model column order: dense controls, categorical, efforts (so controls, not efforts, are dropped when aliased).
        var aug = new List<int>(denseColumns);
        int ncat = localColumn.Length;
        if (includeCategorical)
        {
            for (int c = 0; c < ncat; c++)
            {
                foreach (int col in localColumn[c])
                {
                    if (col >= 0) aug.Add(col);
                }
            }
        }
        aug.AddRange(effortColumns);
        int q = aug.Count;
        var sub = new double[q * q];
        var subXy = new double[q];
        for (int a = 0; a < q; a++)
        {
            subXy[a] = xy[aug[a]];
            for (int b = 0; b < q; b++) sub[a * q + b] = gram[aug[a] * p + aug[b]];
        }
        var inverse = new double[q * q];
        var aliased = new bool[q];
        int rank = DenseMath.InverseDroppingAliased(sub, q, inverse, aliased);
        var beta = new double[q];
        DenseMath.MultiplyVector(inverse, q, subXy, beta);

        var positionOfAug = new Dictionary<int, int>();
        for (int a = 0; a < q; a++) positionOfAug[aug[a]] = a;
        var denseAug = new List<int>();
        var densePos = new List<int>();
        for (int a = 0; a < q; a++)
        {
            if (aug[a] < pd && !aliased[a]) { denseAug.Add(aug[a]); densePos.Add(a); }
        }
        var catPos = new int[ncat][];
        for (int c = 0; c < ncat; c++)
        {
            catPos[c] = new int[localColumn[c].Length];
            for (int l = 0; l < localColumn[c].Length; l++)
            {
                int col = localColumn[c][l];
                catPos[c][l] = includeCategorical && col >= 0 && !aliased[positionOfAug[col]] ? positionOfAug[col] : -1;
            }
        }
        var effortPos = new int[effortColumns.Length];
        for (int j = 0; j < effortColumns.Length; j++)
        {
            int pos = positionOfAug[effortColumns[j]];
            effortPos[j] = aliased[pos] ? -1 : pos;
        }
        return new Model
        {
            Q = q,
            Columns = [.. aug],
            DenseAug = [.. denseAug],
            DensePos = [.. densePos],
            CatPos = catPos,
            EffortPos = effortPos,
            EffortSlot = EffortSlots(effortPos, densePos),
            Beta = beta,
            Inverse = inverse,
            Aliased = aliased,
            Rank = rank,
        };
    }
}
