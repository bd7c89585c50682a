using System.Globalization;
using IcpAnalytics.CauseEffect;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace IcpAnalytics.ML;

/// <summary>Which ML.NET tree trainer a nuisance learner uses.</summary>
public enum MlNetTrainer
{
    /// <summary>ML.NET's FastTree (MART gradient boosting), <c>Microsoft.ML.FastTree</c>.</summary>
    FastTree,

    /// <summary>LightGBM through <c>Microsoft.ML.LightGbm</c>.</summary>
    LightGbm,
}

/// <summary>Options of the ML.NET nuisance learners (<see cref="MlNetLearners"/>). Every default is stated.</summary>
public sealed record MlNetLearnerOptions
{
    /// <summary>The number of boosted trees per model.</summary>
    /// <value>The default is 100.</value>
    public int Trees { get; init; } = 100;

    /// <summary>The number of leaves per tree.</summary>
    /// <value>The default is 16.</value>
    public int Leaves { get; init; } = 16;

    /// <summary>The fewest deals a leaf may hold.</summary>
    /// <value>The default is 20.</value>
    public int MinDealsPerLeaf { get; init; } = 20;

    /// <summary>The learning rate (shrinkage) of the boosting.</summary>
    /// <value>The default is 0.1.</value>
    public double LearningRate { get; init; } = 0.1;

    /// <summary>
    /// Whether a target that only takes the values 0 and 1 (the outcome under <see cref="EffortOutcome.WinProbability"/>, or an
    /// effort that is a yes/no flag) is predicted by the trainer's binary classifier (its calibrated probability) instead
    /// of by regression.
    /// </summary>
    /// <value>The default is true.</value>
    public bool ClassifyBinaryTargets { get; init; } = true;

    /// <summary>
    /// Whether a lightly penalized linear fit of the target on the controls comes first and the trees model what it leaves
    /// (for regression targets). Without it, controls with many small groups (reps) are hardly split on and their
    /// confounding stays in the residuals: in simulation the bias of the effects then exceeds that of plain regression.
    /// </summary>
    /// <value>The default is true.</value>
    public bool LinearStart { get; init; } = true;

    /// <summary>
    /// The trainer's threads. One thread makes the models (and so the effects) identical on every run with the same seed;
    /// more threads are faster but ML.NET then no longer promises the same trees.
    /// </summary>
    /// <value>The default is 1.</value>
    public int Threads { get; init; } = 1;

    internal List<string> Problems()
    {
        CultureInfo inv = CultureInfo.InvariantCulture;
        var problems = new List<string>();
        if (Trees < 1) problems.Add(string.Create(inv, $"Trees is {Trees}; give at least 1 (100 is the default)."));
        if (Leaves < 2) problems.Add(string.Create(inv, $"Leaves is {Leaves}; a tree needs at least 2 leaves (16 is the default)."));
        if (MinDealsPerLeaf < 1) problems.Add(string.Create(inv, $"MinDealsPerLeaf is {MinDealsPerLeaf}; give at least 1 (20 is the default)."));
        if (!(LearningRate > 0 && LearningRate <= 1)) problems.Add(string.Create(inv, $"LearningRate is {LearningRate}; it must lie in (0, 1] (0.1 is the default)."));
        if (Threads < 1) problems.Add(string.Create(inv, $"Threads is {Threads}; give at least 1 (1, the default, is deterministic)."));
        return problems;
    }
}

/// <summary>
/// ML.NET's gradient-boosted trees as nuisance learners for double ML:
/// <c>Estimator.DoubleMl(folds: 5, learner: MlNetLearners.LightGbm())</c>. Seeded from the fit's seed; with one thread (the
/// default) the same data and seed give the same effects on every run.
/// </summary>
public static class MlNetLearners
{
    /// <summary>ML.NET FastTree regression (and binary classification for 0/1 targets).</summary>
    /// <param name="options">Trees, leaves and more; defaults as documented on <see cref="MlNetLearnerOptions"/>.</param>
    /// <exception cref="InvalidOptionsException">An option is out of range (all such options are listed).</exception>
    public static INuisanceLearner FastTree(MlNetLearnerOptions? options = null) => Create(MlNetTrainer.FastTree, options);

    /// <summary>LightGBM regression (and binary classification for 0/1 targets) through ML.NET.</summary>
    /// <param name="options">Trees, leaves and more; defaults as documented on <see cref="MlNetLearnerOptions"/>.</param>
    /// <exception cref="InvalidOptionsException">An option is out of range (all such options are listed).</exception>
    public static INuisanceLearner LightGbm(MlNetLearnerOptions? options = null) => Create(MlNetTrainer.LightGbm, options);

    private static MlNetNuisanceLearner Create(MlNetTrainer trainer, MlNetLearnerOptions? options)
    {
        options ??= new MlNetLearnerOptions();
        List<string> problems = options.Problems();
        if (problems.Count > 0) throw new InvalidOptionsException(problems);
        return new MlNetNuisanceLearner(trainer, options);
    }
}

/// <summary>
/// Cross-fits an ML.NET tree trainer: for every target and fold, a model trained on the other folds predicts the fold's
/// deals. Numeric controls are features as they are; categorical controls are one-hot features.
/// </summary>
internal sealed class MlNetNuisanceLearner(MlNetTrainer trainer, MlNetLearnerOptions options) : INuisanceLearner
{
    public string Name => trainer == MlNetTrainer.FastTree
        ? string.Create(CultureInfo.InvariantCulture, $"ML.NET FastTree ({options.Trees} trees, {options.Leaves} leaves{(options.LinearStart ? ", linear start" : "")})")
        : string.Create(CultureInfo.InvariantCulture, $"ML.NET LightGBM ({options.Trees} trees, {options.Leaves} leaves{(options.LinearStart ? ", linear start" : "")})");

    public IReadOnlyList<double[]> CrossFitPredict(NuisanceData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        float[][] rows = Features(data, out int width, out bool[] oneHot);
        ReadOnlySpan<int> folds = data.Folds;
        var predictions = new double[data.TargetCount][];
        for (int t = 0; t < data.TargetCount; t++)
        {
            double[] target = data.Target(t).ToArray();
            bool binary = options.ClassifyBinaryTargets && IsBinary(target);
            var predicted = new double[data.Count];
            for (int f = 0; f < data.FoldCount; f++)
            {
                var train = new List<int>();
                var test = new List<int>();
                for (int i = 0; i < data.Count; i++) (folds[i] == f ? test : train).Add(i);
                if (test.Count == 0) continue;
                int seed = Mix(data.Seed, t, f);
                double[] fold = binary && AllSame(target, train) is double constant
                    ? [.. test.Select(_ => constant)]
                    : FitPredict(rows, width, oneHot, target, train, test, binary, seed);
                for (int k = 0; k < test.Count; k++) predicted[test[k]] = fold[k];
            }
            predictions[t] = predicted;
        }
        return predictions;
    }

    private double[] FitPredict(float[][] rows, int width, bool[] oneHot, double[] target, List<int> train, List<int> test, bool binary, int seed)
    {
        LinearStart? start = null;
        if (options.LinearStart && !binary)
        {
            start = LinearStart.Fit(rows, oneHot, target, train);
            double[] left = (double[])target.Clone();
            foreach (int i in train) left[i] = target[i] - start.Predict(rows[i]);
            target = left;
        }
        var ml = new MLContext(seed);
        SchemaDefinition schema = binary ? SchemaDefinition.Create(typeof(BinaryRow)) : SchemaDefinition.Create(typeof(RegressionRow));
        schema[nameof(RegressionRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        IDataView trainView = binary
            ? ml.Data.LoadFromEnumerable(train.Select(i => new BinaryRow { Label = target[i] == 1, Features = rows[i] }), schema)
            : ml.Data.LoadFromEnumerable(train.Select(i => new RegressionRow { Label = (float)target[i], Features = rows[i] }), schema);
        IDataView testView = binary
            ? ml.Data.LoadFromEnumerable(test.Select(i => new BinaryRow { Features = rows[i] }), schema)
            : ml.Data.LoadFromEnumerable(test.Select(i => new RegressionRow { Features = rows[i] }), schema);
        ITransformer model = Train(ml, trainView, binary, seed);
        IDataView scored = model.Transform(testView);
        string column = binary ? "Probability" : "Score";
        double[] predicted = [.. scored.GetColumn<float>(column).Select(v => (double)v)];
        if (start is not null)
        {
            for (int k = 0; k < test.Count; k++) predicted[k] += start.Predict(rows[test[k]]);
        }
        return predicted;
    }

    private ITransformer Train(MLContext ml, IDataView trainView, bool binary, int seed)
    {
        if (trainer == MlNetTrainer.FastTree)
        {
            if (binary)
            {
                return ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
                {
                    NumberOfTrees = options.Trees, NumberOfLeaves = options.Leaves, MinimumExampleCountPerLeaf = options.MinDealsPerLeaf,
                    LearningRate = options.LearningRate, NumberOfThreads = options.Threads, Seed = seed,
                }).Fit(trainView);
            }
            return ml.Regression.Trainers.FastTree(new FastTreeRegressionTrainer.Options
            {
                NumberOfTrees = options.Trees, NumberOfLeaves = options.Leaves, MinimumExampleCountPerLeaf = options.MinDealsPerLeaf,
                LearningRate = options.LearningRate, NumberOfThreads = options.Threads, Seed = seed,
            }).Fit(trainView);
        }
        if (binary)
        {
            return ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
            {
                NumberOfIterations = options.Trees, NumberOfLeaves = options.Leaves, MinimumExampleCountPerLeaf = options.MinDealsPerLeaf,
                LearningRate = options.LearningRate, NumberOfThreads = options.Threads, Seed = seed, Verbose = false, Silent = true,
            }).Fit(trainView);
        }
        return ml.Regression.Trainers.LightGbm(new LightGbmRegressionTrainer.Options
        {
            NumberOfIterations = options.Trees, NumberOfLeaves = options.Leaves, MinimumExampleCountPerLeaf = options.MinDealsPerLeaf,
            LearningRate = options.LearningRate, NumberOfThreads = options.Threads, Seed = seed, Verbose = false, Silent = true,
        }).Fit(trainView);
    }

    /// <summary>One feature row per deal: numeric controls as they are, categorical controls one-hot.</summary>
    internal static float[][] Features(NuisanceData data, out int width, out bool[] oneHot)
    {
        var offsets = new int[data.FeatureCount];
        width = 0;
        for (int j = 0; j < data.FeatureCount; j++)
        {
            offsets[j] = width;
            width += data.IsCategorical(j) ? data.Levels(j) : 1;
        }
        var rows = new float[data.Count][];
        for (int i = 0; i < data.Count; i++) rows[i] = new float[Math.Max(1, width)];
        for (int j = 0; j < data.FeatureCount; j++)
        {
            ReadOnlySpan<double> x = data.Feature(j);
            bool categorical = data.IsCategorical(j);
            for (int i = 0; i < data.Count; i++)
            {
                if (categorical) rows[i][offsets[j] + (int)x[i]] = 1f;
                else rows[i][offsets[j]] = (float)x[i];
            }
        }
        oneHot = new bool[Math.Max(1, width)];
        for (int j = 0; j < data.FeatureCount; j++)
        {
            if (data.IsCategorical(j)) oneHot.AsSpan(offsets[j], data.Levels(j)).Fill(true);
        }
        width = Math.Max(1, width);
        return rows;
    }

    private static bool IsBinary(double[] target)
    {
        bool zero = false, one = false;
        foreach (double v in target)
        {
            if (v == 0) zero = true;
            else if (v == 1) one = true;
            else return false;
        }
        return zero && one;
    }

    private static double? AllSame(double[] target, List<int> rows)
    {
        double first = target[rows[0]];
        foreach (int i in rows)
        {
            if (target[i] != first) return null;
        }
        return first;
    }

    private static int Mix(int seed, int target, int fold)
    {
        unchecked
        {
            uint h = (uint)seed * 0x9E3779B1u;
            h ^= (uint)(target + 1) * 0x85EBCA77u;
            h = (h << 13) | (h >> 19);
            h ^= (uint)(fold + 1) * 0xC2B2AE3Du;
            h ^= h >> 16;
            return (int)(h & 0x7FFFFFFF);
        }
    }

    private sealed class RegressionRow
    {
        public float Label { get; set; }

        public float[] Features { get; set; } = [];
    }

    private sealed class BinaryRow
    {
        public bool Label { get; set; }

        public float[] Features { get; set; } = [];
    }
}
