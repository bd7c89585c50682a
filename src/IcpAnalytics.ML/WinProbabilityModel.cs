using System.Globalization;
using IcpAnalytics.Data;
using IcpAnalytics.Icp;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;

namespace IcpAnalytics.ML;

/// <summary>Options of <see cref="WinProbabilityModel.Train"/>. Every default is stated.</summary>
public sealed record WinProbabilityOptions
{
    /// <summary>The number of boosted trees.</summary>
    /// <value>The default is 100.</value>
    public int Trees { get; init; } = 100;

    /// <summary>The number of leaves per tree.</summary>
    /// <value>The default is 8.</value>
    public int Leaves { get; init; } = 8;

    /// <summary>The fewest deals a leaf may hold.</summary>
    /// <value>The default is 30.</value>
    public int MinDealsPerLeaf { get; init; } = 30;

    /// <summary>The learning rate.</summary>
    /// <value>The default is 0.05.</value>
    public double LearningRate { get; init; } = 0.05;

    /// <summary>The seed (one thread is used, so the same deals and seed give the same model).</summary>
    /// <value>The default is 20,261,207.</value>
    public int Seed { get; init; } = 20_261_207;
}

/// <summary>
/// An ML.NET (LightGBM) model of the chance of winning a deal from its account's attributes. It is an optional input to
/// the ICP fit score, to be used only where <see cref="WinProbabilityModel.CompareOnLaterDeals"/> shows that it ranks later,
/// unseen deals better than the rule-based fit score.
/// </summary>
public sealed class WinProbabilityModel
{
    private readonly MLContext _ml;
    private readonly ITransformer _model;

    private WinProbabilityModel(MLContext ml, ITransformer model, IReadOnlyList<string> attributes)
    {
        _ml = ml;
        _model = model;
        Attributes = attributes;
    }

    /// <summary>The attributes the model reads.</summary>
    public IReadOnlyList<string> Attributes { get; }

    /// <summary>Trains the model on won and lost deals: categorical attributes one-hot, numeric attributes as they are.</summary>
    /// <param name="deals">The training deals.</param>
    /// <param name="attributes">The account attributes to learn from, e.g. "industry", "employees", "region".</param>
    /// <param name="options">Trees, leaves, learning rate and seed; null uses the defaults.</param>
    /// <exception cref="ArgumentException">An attribute is not in the deals, or the deals are all won or all lost.</exception>
    public static WinProbabilityModel Train(DealSet deals, IReadOnlyList<string> attributes, WinProbabilityOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(deals);
        ArgumentNullException.ThrowIfNull(attributes);
        options ??= new WinProbabilityOptions();
        if (attributes.Count == 0) throw new ArgumentException("Name at least one attribute to learn from.", nameof(attributes));
        if (deals.WonCount == 0 || deals.WonCount == deals.Count)
            throw new ArgumentException("The training deals are all won or all lost; a win-probability model needs both.", nameof(deals));
        var ml = new MLContext(options.Seed);
        var features = new List<string>();
        IEstimator<ITransformer>? pipeline = null;
        foreach (string a in attributes)
        {
            if (deals.FindCategorical(a) is { } c)
            {
                string encoded = c.Name + "__onehot";
                IEstimator<ITransformer> step = ml.Transforms.Categorical.OneHotEncoding(encoded, c.Name);
                pipeline = pipeline is null ? step : pipeline.Append(step);
                features.Add(encoded);
            }
            else if (deals.FindNumeric(a) is { } n)
            {
                string single = n.Name + "__single";
                IEstimator<ITransformer> step = ml.Transforms.Conversion.ConvertType(single, n.Name, DataKind.Single);
                pipeline = pipeline is null ? step : pipeline.Append(step);
                features.Add(single);
            }
            else
            {
                throw new ArgumentException($"The deals have no attribute '{a}'. Attributes: {string.Join(", ", deals.CategoricalAttributes.Select(x => x.Name).Concat(deals.NumericAttributes.Select(x => x.Name)))}.", nameof(attributes));
            }
        }
        var trainer = ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
        {
            LabelColumnName = DealDataView.WonColumn, FeatureColumnName = "Features",
            NumberOfIterations = options.Trees, NumberOfLeaves = options.Leaves, MinimumExampleCountPerLeaf = options.MinDealsPerLeaf,
            LearningRate = options.LearningRate, NumberOfThreads = 1, Seed = options.Seed, Silent = true,
        });
        IEstimator<ITransformer> full = pipeline!.Append(ml.Transforms.Concatenate("Features", [.. features])).Append(trainer);
        ITransformer model = full.Fit(deals.ToDataView());
        return new WinProbabilityModel(ml, model, [.. attributes]);
    }

    /// <summary>The modelled chance of winning each deal, from its account's attributes.</summary>
    /// <param name="deals">Deals with the model's attributes and the same levels as the training deals (e.g. a later slice of the same load).</param>
    public double[] PredictDeals(DealSet deals)
    {
        ArgumentNullException.ThrowIfNull(deals);
        IDataView scored = _model.Transform(deals.ToDataView());
        return [.. scored.GetColumn<float>("Probability").Select(p => (double)p)];
    }

    /// <summary>
    /// Trains the profile (with <paramref name="icp"/>'s settings) and the model on the deals closed before
    /// <paramref name="cutoff"/>, and compares their rankings of the deals closed on or after it: the win-rate AUC and the
    /// share of the later deals' margin that each ranking front-loads (the area under the gain curve in margin, 0.5 for a
    /// random order; ties count as their average order). Also compares the blend (the mean of the two scores' ranks).
    /// </summary>
    /// <param name="deals">All deals, with close dates.</param>
    /// <param name="icp">The profile's settings, e.g. <c>deals.Icp().SegmentBy("industry", "employees", "region")</c>.</param>
    /// <param name="cutoff">Deals closed before it train; deals closed on or after it test.</param>
    /// <param name="options">The model's options; null uses the defaults.</param>
    public static WinProbabilityComparison CompareOnLaterDeals(DealSet deals, IcpBuilder icp, DateOnly cutoff, WinProbabilityOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(deals);
        ArgumentNullException.ThrowIfNull(icp);
        DealSet training = deals.ClosedBefore(cutoff), later = deals.ClosedOnOrAfter(cutoff);
        if (later.Count == 0 || training.Count == 0)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The cutoff {cutoff:yyyy-MM-dd} leaves {training.Count} training and {later.Count} later deals; both must be non-empty."), nameof(cutoff));
        IcpOptions settings = icp.Options;
        IdealCustomerProfile profile = training.Icp().Configure(_ => settings).Build();
        WinProbabilityModel model = Train(training, [.. profile.Attributes.Select(a => a.Name)], options);
        double[] rules = profile.ScoreDeals(later);
        double[] modelled = model.PredictDeals(later);
        double[] blend = BlendRanks(rules, modelled);
        var won = new bool[later.Count];
        var margin = new double[later.Count];
        for (int i = 0; i < later.Count; i++)
        {
            won[i] = later.IsWon(i);
            margin[i] = won[i] ? later.YieldAmount[i] : 0;
        }
        return new WinProbabilityComparison
        {
            TrainingDeals = training.Count,
            LaterDeals = later.Count,
            Cutoff = cutoff,
            FitScore = new RankingQuality(RankingQuality.Auc(rules, won), RankingQuality.GainArea(rules, margin)),
            Model = new RankingQuality(RankingQuality.Auc(modelled, won), RankingQuality.GainArea(modelled, margin)),
            Blend = new RankingQuality(RankingQuality.Auc(blend, won), RankingQuality.GainArea(blend, margin)),
        };
    }

    internal static double[] BlendRanks(double[] a, double[] b)
    {
        double[] ra = RankingQuality.MidRanks(a), rb = RankingQuality.MidRanks(b);
        var blend = new double[a.Length];
        for (int i = 0; i < a.Length; i++) blend[i] = (ra[i] + rb[i]) / 2;
        return blend;
    }
}

/// <summary>How well a score ranks later deals: the win-rate AUC and the area under the gain curve in margin.</summary>
/// <param name="WinAuc">The chance that a random won deal scores above a random lost one (0.5 is no better than chance).</param>
/// <param name="MarginGainArea">The mean share of the deals' total margin captured by the top-scored fraction, over all fractions (0.5 is a random order).</param>
public sealed record RankingQuality(double WinAuc, double MarginGainArea)
{
    /// <summary>Both figures, e.g. "win AUC 0.612, margin gain area 0.634".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"win AUC {WinAuc:F3}, margin gain area {MarginGainArea:F3}");

    internal static double[] MidRanks(double[] score)
    {
        int n = score.Length;
        int[] order = [.. Enumerable.Range(0, n).OrderBy(i => score[i])];
        var ranks = new double[n];
        for (int s = 0; s < n;)
        {
            int e = s;
            while (e + 1 < n && score[order[e + 1]] == score[order[s]]) e++;
            double mid = (s + e) / 2.0 + 1;
            for (int k = s; k <= e; k++) ranks[order[k]] = mid;
            s = e + 1;
        }
        return ranks;
    }

    internal static double Auc(double[] score, bool[] won)
    {
        double[] ranks = MidRanks(score);
        double sum = 0;
        long positives = 0;
        for (int i = 0; i < score.Length; i++)
        {
            if (!won[i]) continue;
            sum += ranks[i];
            positives++;
        }
        long negatives = score.Length - positives;
        if (positives == 0 || negatives == 0) return double.NaN;
        return (sum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }

    /// <summary>Area under the gain curve (cumulative margin share against deal share), highest scores first, ties as a block (their average order).</summary>
    internal static double GainArea(double[] score, double[] margin)
    {
        int n = score.Length;
        double total = margin.Sum();
        if (n == 0 || total == 0) return double.NaN;
        int[] order = [.. Enumerable.Range(0, n).OrderByDescending(i => score[i])];
        double area = 0, captured = 0;
        for (int s = 0; s < n;)
        {
            int e = s;
            double block = margin[order[s]];
            while (e + 1 < n && score[order[e + 1]] == score[order[s]]) { e++; block += margin[order[e]]; }
            int size = e - s + 1;
            // Within a tie block the curve rises linearly: trapezoid from (s, captured) to (e + 1, captured + block).
            area += size * (captured + block / 2) / total;
            captured += block;
            s = e + 1;
        }
        return area / n;
    }
}

/// <summary>The rule-based fit score, the win-probability model and their blend, ranked on later deals none of them saw.</summary>
public sealed record WinProbabilityComparison
{
    /// <summary>The deals the profile and the model were trained on.</summary>
    public required int TrainingDeals { get; init; }

    /// <summary>The later deals they were compared on.</summary>
    public required int LaterDeals { get; init; }

    /// <summary>The close date that splits training from later deals.</summary>
    public required DateOnly Cutoff { get; init; }

    /// <summary>The rule-based fit score's ranking quality.</summary>
    public required RankingQuality FitScore { get; init; }

    /// <summary>The model's ranking quality.</summary>
    public required RankingQuality Model { get; init; }

    /// <summary>The blend's ranking quality (the mean of the fit score's and the model's ranks).</summary>
    public required RankingQuality Blend { get; init; }

    /// <summary>How much the blend must gain on both figures to count as beating the fit score (0.01: smaller gains are within the noise of a few thousand later deals).</summary>
    public const double MinimumImprovement = 0.01;

    /// <summary>Whether the blend beats the rule-based fit score by at least <see cref="MinimumImprovement"/> on both figures; only then is the model worth feeding into the fit score.</summary>
    public bool ModelImprovesFitScore => Blend.WinAuc >= FitScore.WinAuc + MinimumImprovement && Blend.MarginGainArea >= FitScore.MarginGainArea + MinimumImprovement;

    /// <summary>The three rankings and the verdict.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{LaterDeals:N0} deals closed from {Cutoff:yyyy-MM-dd} (trained on {TrainingDeals:N0} earlier): fit score {FitScore}; model {Model}; blend {Blend}. ")
        + (ModelImprovesFitScore ? "The blend beats the fit score by at least 0.01 on both: feed the model into the fit score." : "The blend does not beat the fit score by at least 0.01 on both: keep the rule-based fit score.");
}
