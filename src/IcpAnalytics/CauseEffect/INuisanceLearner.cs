namespace IcpAnalytics.CauseEffect;

/// <summary>
/// Predicts the outcome and the efforts from the controls for double/debiased machine learning, with cross-fitting: every
/// deal's prediction comes from a model trained on the other folds only. Implement it to plug in a learner of your own;
/// <see cref="NuisanceLearners"/> has ridge on an expanded basis and gradient-boosted trees.
/// </summary>
public interface INuisanceLearner
{
    /// <summary>A short name shown in results, e.g. "ridge (expanded basis)".</summary>
    string Name { get; }

    /// <summary>
    /// Out-of-fold predictions of every target: for target t and deal i, a prediction of <c>data.Target(t)[i]</c> from the
    /// features, by a model trained only on deals whose fold differs from deal i's. Must be deterministic given
    /// <see cref="NuisanceData.Seed"/>.
    /// </summary>
    /// <param name="data">Features, targets, the fold of each deal and the seed.</param>
    /// <returns>One array per target, each <see cref="NuisanceData.Count"/> long.</returns>
    IReadOnlyList<double[]> CrossFitPredict(NuisanceData data);
}

/// <summary>
/// The input of a nuisance learner: the segment's deals as rows, the controls as features (numeric values, or level codes
/// of categorical controls), the targets to predict (outcome and transformed efforts), and the cross-fitting folds.
/// </summary>
public sealed class NuisanceData
{
    private readonly double[][] _features;
    private readonly bool[] _categorical;
    private readonly int[] _levels;
    private readonly string[] _names;
    private readonly double[][] _targets;
    private readonly int[] _folds;

    /// <summary>Creates the input of a nuisance learner.</summary>
    /// <param name="features">One array per feature, each <paramref name="count"/> long (no missing values).</param>
    /// <param name="featureNames">The features' names.</param>
    /// <param name="categoricalLevels">For each feature, its number of levels when it is categorical (values are codes 0 … levels − 1), or 0 when numeric.</param>
    /// <param name="targets">One array per target, each <paramref name="count"/> long.</param>
    /// <param name="folds">The fold (0 … foldCount − 1) of each row.</param>
    /// <param name="foldCount">The number of folds, at least 2.</param>
    /// <param name="seed">The seed for any random step of the learner.</param>
    /// <param name="count">The number of rows.</param>
    public NuisanceData(IReadOnlyList<double[]> features, IReadOnlyList<string> featureNames, IReadOnlyList<int> categoricalLevels,
        IReadOnlyList<double[]> targets, int[] folds, int foldCount, int seed, int count)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(featureNames);
        ArgumentNullException.ThrowIfNull(categoricalLevels);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(folds);
        ArgumentOutOfRangeException.ThrowIfLessThan(foldCount, 2);
        if (featureNames.Count != features.Count || categoricalLevels.Count != features.Count)
            throw new ArgumentException("Give one name and one level count per feature.", nameof(featureNames));
        if (folds.Length != count) throw new ArgumentException($"There are {folds.Length} fold numbers for {count} rows.", nameof(folds));
        foreach (double[] f in features)
        {
            if (f.Length < count) throw new ArgumentException("Every feature needs a value per row.", nameof(features));
        }
        foreach (double[] t in targets)
        {
            if (t.Length < count) throw new ArgumentException("Every target needs a value per row.", nameof(targets));
        }
        _features = [.. features];
        _names = [.. featureNames];
        _levels = [.. categoricalLevels];
        _categorical = [.. categoricalLevels.Select(l => l > 0)];
        _targets = [.. targets];
        _folds = folds;
        FoldCount = foldCount;
        Seed = seed;
        Count = count;
    }

    /// <summary>The number of rows (deals).</summary>
    public int Count { get; }

    /// <summary>The number of features.</summary>
    public int FeatureCount => _features.Length;

    /// <summary>The number of targets.</summary>
    public int TargetCount => _targets.Length;

    /// <summary>The number of folds.</summary>
    public int FoldCount { get; }

    /// <summary>The seed for any random step of the learner.</summary>
    public int Seed { get; }

    /// <summary>The values of feature <paramref name="j"/>, one per row.</summary>
    /// <param name="j">The feature, from 0.</param>
    public ReadOnlySpan<double> Feature(int j) => _features[j].AsSpan(0, Count);

    /// <summary>The name of feature <paramref name="j"/>.</summary>
    /// <param name="j">The feature, from 0.</param>
    public string FeatureName(int j) => _names[j];

    /// <summary>Whether feature <paramref name="j"/> is categorical (its values are level codes).</summary>
    /// <param name="j">The feature, from 0.</param>
    public bool IsCategorical(int j) => _categorical[j];

    /// <summary>The number of levels of categorical feature <paramref name="j"/>; 0 for a numeric feature.</summary>
    /// <param name="j">The feature, from 0.</param>
    public int Levels(int j) => _levels[j];

    /// <summary>The values of target <paramref name="t"/>, one per row.</summary>
    /// <param name="t">The target, from 0.</param>
    public ReadOnlySpan<double> Target(int t) => _targets[t].AsSpan(0, Count);

    /// <summary>The fold of each row.</summary>
    public ReadOnlySpan<int> Folds => _folds;

    internal double[] FeatureArray(int j) => _features[j];

    internal double[] TargetArray(int t) => _targets[t];

    internal int[] FoldArray => _folds;
}
