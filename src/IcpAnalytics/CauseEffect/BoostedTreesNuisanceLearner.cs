using System.Globalization;
using IcpAnalytics.Statistics;

namespace IcpAnalytics.CauseEffect;

/// <summary>Options of <see cref="NuisanceLearners.BoostedTrees(BoostedTreesOptions?)"/>.</summary>
public sealed record BoostedTreesOptions
{
    /// <summary>How many trees are added, at least 1.</summary>
    /// <value>The default is 150.</value>
    public int Trees { get; init; } = 150;

    /// <summary>The depth of each tree, 1 to 8.</summary>
    /// <value>The default is 3.</value>
    public int Depth { get; init; } = 3;

    /// <summary>How much of each tree's fit is added (shrinkage), in (0, 1].</summary>
    /// <value>The default is 0.1.</value>
    public double LearningRate { get; init; } = 0.1;

    /// <summary>The fewest deals a leaf may hold, at least 1.</summary>
    /// <value>The default is 20.</value>
    public int MinDealsPerLeaf { get; init; } = 20;

    /// <summary>The share of training deals each tree is grown on (seeded), in (0, 1].</summary>
    /// <value>The default is 0.8.</value>
    public double Subsample { get; init; } = 0.8;

    /// <summary>How many bins numeric controls are cut into (at quantiles), 2 to 255.</summary>
    /// <value>The default is 32.</value>
    public int Bins { get; init; } = 32;

    /// <summary>The L2 penalty on leaf values (in deals).</summary>
    /// <value>The default is 1.</value>
    public double LeafPenalty { get; init; } = 1;

    /// <summary>Whether the trees start from a ridge fit on the expanded basis (trained on the same folds), so they only need to learn what a smooth fit misses.</summary>
    /// <value>The default is true.</value>
    public bool LinearStart { get; init; } = true;

    internal List<string> Problems()
    {
        var problems = new List<string>();
        CultureInfo inv = CultureInfo.InvariantCulture;
        if (Trees < 1) problems.Add(string.Create(inv, $"Trees is {Trees}; use at least 1 (150 is the default)."));
        if (Depth is < 1 or > 8) problems.Add(string.Create(inv, $"Depth is {Depth}; it must be 1 to 8 (3 is the default)."));
        if (!(LearningRate > 0 && LearningRate <= 1)) problems.Add(string.Create(inv, $"LearningRate is {LearningRate}; it must be in (0, 1] (0.1 is the default)."));
        if (MinDealsPerLeaf < 1) problems.Add(string.Create(inv, $"MinDealsPerLeaf is {MinDealsPerLeaf}; use at least 1 (20 is the default)."));
        if (!(Subsample > 0 && Subsample <= 1)) problems.Add(string.Create(inv, $"Subsample is {Subsample}; it must be in (0, 1] (0.8 is the default)."));
        if (Bins is < 2 or > 255) problems.Add(string.Create(inv, $"Bins is {Bins}; it must be 2 to 255 (32 is the default)."));
        if (!(LeafPenalty >= 0) || !double.IsFinite(LeafPenalty)) problems.Add(string.Create(inv, $"LeafPenalty is {LeafPenalty}; it must be finite and 0 or more (1 is the default)."));
        return problems;
    }
}

/// <summary>
/// Gradient-boosted regression trees (squared loss) on histogram-binned controls: numeric controls cut at quantiles,
/// categorical controls split by ordering their levels by mean residual (the optimal split for squared loss). Seeded row
/// subsampling; deterministic. Optionally starts from the cross-fitted ridge fit, so it learns the non-linear rest.
/// Cost grows with trees × depth × deals × controls, per fold and target: for millions of deals use ridge, or fewer trees.
/// </summary>
internal sealed class BoostedTreesNuisanceLearner : INuisanceLearner
{
    private const int MaxCategoricalBins = 255;
    private readonly BoostedTreesOptions _options;

    public BoostedTreesNuisanceLearner(BoostedTreesOptions options)
    {
        List<string> problems = options.Problems();
        Throw.IfAny(problems);
        _options = options;
    }

    public string Name => _options.LinearStart ? "boosted trees (linear start)" : "boosted trees";

    public IReadOnlyList<double[]> CrossFitPredict(NuisanceData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        int n = data.Count;
        int features = data.FeatureCount;
        int targets = data.TargetCount;
        int folds = data.FoldCount;
        int[] foldOf = data.FoldArray;

        // Bin every feature once.
        var bins = new byte[features][];
        var binCount = new int[features];
        var categorical = new bool[features];
        for (int j = 0; j < features; j++)
        {
            categorical[j] = data.IsCategorical(j);
            bins[j] = categorical[j] ? BinCategorical(data.Feature(j), data.Levels(j), out binCount[j]) : BinNumeric(data.Feature(j), _options.Bins, out binCount[j]);
        }

        RidgeNuisanceLearner.Fitted? ridge = null;
        if (_options.LinearStart) ridge = new RidgeNuisanceLearner(new RidgeLearnerOptions()).FitFolds(data);

        var predictions = new double[targets][];
        for (int t = 0; t < targets; t++) predictions[t] = new double[n];
        var current = new double[n];
        var residual = new double[n];
        var dense = ridge is null ? [] : new double[ridge.Basis.DenseCount];
        var cat = ridge is null ? [] : new int[ridge.Basis.CategoricalCount];
        var trainRows = new List<int>(n);
        for (int f = 0; f < folds; f++)
        {
            trainRows.Clear();
            for (int i = 0; i < n; i++)
            {
                if (foldOf[i] != f) trainRows.Add(i);
            }
            int[] train = [.. trainRows];
            for (int t = 0; t < targets; t++)
            {
                double[] y = data.TargetArray(t);
                if (ridge is not null)
                {
                    for (int i = 0; i < n; i++)
                    {
                        ridge.Basis.Fill(data, i, dense, cat);
                        current[i] = ridge.Predict(f, t, dense, cat);
                    }
                }
                else
                {
                    double mean = 0;
                    foreach (int i in train) mean += y[i];
                    mean /= Math.Max(1, train.Length);
                    Array.Fill(current, mean);
                }
                var rng = new Random(Seeds.Mix(data.Seed, f, t, 0x7ee5));
                Boost(bins, binCount, categorical, y, train, current, residual, rng);
                double[] destination = predictions[t];
                for (int i = 0; i < n; i++)
                {
                    if (foldOf[i] == f) destination[i] = current[i];
                }
            }
        }
        return predictions;
    }

    private void Boost(byte[][] bins, int[] binCount, bool[] categorical, double[] y, int[] train, double[] current, double[] residual, Random rng)
    {
        int n = current.Length;
        int features = bins.Length;
        int sampleSize = Math.Max(1, (int)Math.Round(train.Length * _options.Subsample));
        var sample = new int[train.Length];
        int maxBins = 0;
        foreach (int b in binCount) maxBins = Math.Max(maxBins, b);
        var sumG = new double[maxBins];
        var countG = new int[maxBins];
        var order = new int[maxBins];
        var keys = new double[maxBins];
        int maxNodes = 1 << _options.Depth;
        var nodeOfRow = new int[n];
        var leftSets = new bool[maxNodes][];
        var splitFeature = new int[maxNodes];
        var leafValue = new double[maxNodes * 2];
        for (int tree = 0; tree < _options.Trees; tree++)
        {
            Array.Copy(train, sample, train.Length);
            if (sampleSize < train.Length)
            {
                rng.Shuffle(sample);
            }
            int m = sampleSize;
            for (int u = 0; u < m; u++)
            {
                int i = sample[u];
                residual[i] = y[i] - current[i];
            }
            // Grow level by level: nodes are ranges of `sample`.
            var ranges = new List<(int Begin, int End)> { (0, m) };
            var splits = new List<(int Feature, bool[]? Left)>();
            for (int depth = 0; depth < _options.Depth; depth++)
            {
                var nextRanges = new List<(int, int)>(ranges.Count * 2);
                splits.Clear();
                foreach ((int begin, int end) in ranges)
                {
                    (int feature, bool[]? left) = BestSplit(bins, binCount, categorical, residual, sample, begin, end, sumG, countG, order, keys);
                    splits.Add((feature, left));
                    if (left is null)
                    {
                        nextRanges.Add((begin, end));
                        nextRanges.Add((end, end));
                        continue;
                    }
                    // Partition in place.
                    byte[] fb = bins[feature];
                    int lo = begin, hi = end - 1;
                    while (lo <= hi)
                    {
                        if (left[fb[sample[lo]]]) lo++;
                        else { (sample[lo], sample[hi]) = (sample[hi], sample[lo]); hi--; }
                    }
                    nextRanges.Add((begin, lo));
                    nextRanges.Add((lo, end));
                }
                for (int s = 0; s < splits.Count; s++)
                {
                    splitFeature[(1 << depth) - 1 + s] = splits[s].Feature;
                    leftSets[(1 << depth) - 1 + s] = splits[s].Left!;
                }
                ranges = nextRanges;
            }
            // Leaf values.
            for (int leaf = 0; leaf < ranges.Count; leaf++)
            {
                (int begin, int end) = ranges[leaf];
                double s = 0;
                for (int u = begin; u < end; u++) s += residual[sample[u]];
                leafValue[leaf] = end > begin ? _options.LearningRate * s / (end - begin + _options.LeafPenalty) : 0;
            }
            // Route every row (training and held-out) through the tree.
            for (int i = 0; i < n; i++)
            {
                int node = 0, leaf = 0;
                for (int depth = 0; depth < _options.Depth; depth++)
                {
                    int index = (1 << depth) - 1 + node;
                    bool[]? left = leftSets[index];
                    bool goLeft = left is null || left[bins[splitFeature[index]][i]];
                    leaf = node * 2 + (goLeft ? 0 : 1);
                    node = leaf;
                }
                current[i] += leafValue[leaf];
            }
        }
        _ = features;
    }

    private (int Feature, bool[]? Left) BestSplit(byte[][] bins, int[] binCount, bool[] categorical, double[] residual, int[] sample, int begin, int end,
        double[] sumG, int[] countG, int[] order, double[] keys)
    {
        int m = end - begin;
        int minLeaf = _options.MinDealsPerLeaf;
        if (m < 2 * minLeaf) return (-1, null);
        double lambda = _options.LeafPenalty;
        double total = 0;
        for (int u = begin; u < end; u++) total += residual[sample[u]];
        double parent = total * total / (m + lambda);
        double bestGain = 1e-12;
        int bestFeature = -1;
        int bestCut = -1;
        int[]? bestOrder = null;
        for (int j = 0; j < bins.Length; j++)
        {
            int bc = binCount[j];
            if (bc < 2) continue;
            Array.Clear(sumG, 0, bc);
            Array.Clear(countG, 0, bc);
            byte[] fb = bins[j];
            for (int u = begin; u < end; u++)
            {
                int i = sample[u];
                int b = fb[i];
                sumG[b] += residual[i];
                countG[b]++;
            }
            for (int b = 0; b < bc; b++) order[b] = b;
            if (categorical[j])
            {
                for (int b = 0; b < bc; b++) keys[b] = countG[b] > 0 ? sumG[b] / countG[b] : double.MaxValue;
                Array.Sort(keys, order, 0, bc);
            }
            double sl = 0;
            int nl = 0;
            for (int cut = 0; cut < bc - 1; cut++)
            {
                int b = order[cut];
                sl += sumG[b];
                nl += countG[b];
                int nr = m - nl;
                if (nl < minLeaf) continue;
                if (nr < minLeaf) break;
                double sr = total - sl;
                double gain = sl * sl / (nl + lambda) + sr * sr / (nr + lambda) - parent;
                if (gain > bestGain)
                {
                    bestGain = gain;
                    bestFeature = j;
                    bestCut = cut;
                    bestOrder = categorical[j] ? order[..bc] : null;
                }
            }
        }
        if (bestFeature < 0) return (-1, null);
        var left = new bool[binCount[bestFeature]];
        for (int c = 0; c <= bestCut; c++) left[bestOrder is null ? c : bestOrder[c]] = true;
        return (bestFeature, left);
    }

    private static byte[] BinNumeric(ReadOnlySpan<double> x, int maxBins, out int count)
    {
        double[] sorted = x.ToArray();
        Array.Sort(sorted);
        var edges = new List<double>();
        for (int b = 1; b < maxBins; b++)
        {
            double q = sorted[(int)((long)b * (sorted.Length - 1) / maxBins)];
            if (edges.Count == 0 || q > edges[^1]) edges.Add(q);
        }
        double[] e = [.. edges];
        var result = new byte[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            int lo = 0, hi = e.Length;
            while (lo < hi)
            {
                int mid = (lo + hi) >>> 1;
                if (x[i] > e[mid]) lo = mid + 1;
                else hi = mid;
            }
            result[i] = (byte)lo;
        }
        count = e.Length + 1;
        return result;
    }

    private static byte[] BinCategorical(ReadOnlySpan<double> x, int levels, out int count)
    {
        // Levels beyond the 254 most frequent share one bin.
        var frequency = new int[Math.Max(1, levels)];
        foreach (double v in x) frequency[(int)v]++;
        var map = new int[frequency.Length];
        if (levels <= MaxCategoricalBins)
        {
            for (int l = 0; l < levels; l++) map[l] = l;
            count = Math.Max(1, levels);
        }
        else
        {
            int[] byFrequency = [.. Enumerable.Range(0, levels).OrderByDescending(l => frequency[l]).ThenBy(l => l)];
            Array.Fill(map, MaxCategoricalBins - 1);
            for (int r = 0; r < MaxCategoricalBins - 1; r++) map[byFrequency[r]] = r;
            count = MaxCategoricalBins;
        }
        var result = new byte[x.Length];
        for (int i = 0; i < x.Length; i++) result[i] = (byte)map[(int)x[i]];
        return result;
    }
}

/// <summary>The built-in nuisance learners for <see cref="Estimator.DoubleMl"/>.</summary>
public static class NuisanceLearners
{
    /// <summary>Ridge regression on an expanded basis of the controls; fast, captures smooth curvature (squares, logarithms).</summary>
    /// <param name="options">Basis and penalties; defaults as documented on <see cref="RidgeLearnerOptions"/>.</param>
    public static INuisanceLearner Ridge(RidgeLearnerOptions? options = null) => new RidgeNuisanceLearner(options ?? new RidgeLearnerOptions());

    /// <summary>
    /// Gradient-boosted regression trees on binned controls; captures non-linear confounding and interactions. Its cost grows
    /// with trees × depth × deals × controls for every fold and target: for millions of deals prefer <see cref="Ridge"/> or fewer trees.
    /// </summary>
    /// <param name="options">Trees, depth, learning rate and more; defaults as documented on <see cref="BoostedTreesOptions"/>.</param>
    /// <exception cref="InvalidOptionsException">An option is out of range (all such options are listed).</exception>
    public static INuisanceLearner BoostedTrees(BoostedTreesOptions? options = null) => new BoostedTreesNuisanceLearner(options ?? new BoostedTreesOptions());
}
