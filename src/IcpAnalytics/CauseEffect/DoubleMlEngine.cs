using System.Globalization;
using IcpAnalytics.Statistics;

namespace IcpAnalytics.CauseEffect;

/// <summary>
/// Double/debiased machine learning per segment (partialling-out): cross-fitted predictions of the outcome and of each
/// transformed effort from the controls, then least squares of the outcome's residual on the efforts' residuals, with the
/// orthogonal score's sandwich covariance (HC3-corrected, or clustered).
/// </summary>
internal static class DoubleMlEngine
{
    internal static SegmentFit Fit(EffortData d, int s, EffortEffectsOptions options, Estimator estimator)
    {
        int start = d.Start[s], m = d.Count[s];
        int k = d.Efforts.Length;
        int folds = estimator.Folds;
        CultureInfo inv = CultureInfo.InvariantCulture;
        int needed = Math.Max(4 * folds, 2 * (k + 2));
        if (m < needed)
            return SegmentFit.NotEstimable(s, m, string.Create(inv, $"only {m:N0} deals; double ML with {folds} folds needs at least {needed} deals here"));
        for (int j = 0; j < k; j++)
        {
            double[] e = d.Efforts[j];
            bool varies = false;
            for (int r = start + 1; r < start + m; r++)
            {
                if (e[r] != e[start]) { varies = true; break; }
            }
            if (!varies) return SegmentFit.NotEstimable(s, m, $"{d.EffortNames[j]} does not vary in this segment (every deal has the same count)");
        }

        int clusterCount = 0;
        int[]? clusters = d.Clusters is null ? null : RegressionEngine.Localize(d.Clusters, start, m, out clusterCount);
        int[] foldOf;
        try
        {
            foldOf = KFold.Split(m, folds, Seeds.Mix(options.Seed, s, 0xf01d), clusters is null ? default : clusters);
        }
        catch (ArgumentException ex)
        {
            return SegmentFit.NotEstimable(s, m, $"the deals cannot be split into {folds} folds ({ex.Message})");
        }

        // Features: numeric and categorical controls of the segment's rows (categorical codes renumbered to levels present).
        var features = new List<double[]>();
        var names = new List<string>();
        var levels = new List<int>();
        for (int c = 0; c < d.NumericControls.Length; c++)
        {
            features.Add(d.NumericControls[c][start..(start + m)]);
            names.Add(d.NumericNames[c]);
            levels.Add(0);
        }
        for (int c = 0; c < d.CategoricalControls.Length; c++)
        {
            int[] local = RegressionEngine.Localize(d.CategoricalControls[c], start, m, out int count);
            var values = new double[m];
            for (int i = 0; i < m; i++) values[i] = local[i];
            features.Add(values);
            names.Add(d.CategoricalNames[c]);
            levels.Add(count);
        }
        var targets = new List<double[]> { d.Outcome[start..(start + m)] };
        for (int j = 0; j < k; j++) targets.Add(d.Efforts[j][start..(start + m)]);

        INuisanceLearner learner = estimator.Learner ?? NuisanceLearners.BoostedTrees();
        int learnerSeed = Seeds.Mix(options.Seed, s, 0x1ea7);
        IReadOnlyList<double[]> predicted = CrossFit(learner, features, names, levels, targets, foldOf, folds, learnerSeed, m);
        double[] yRes = Residual(targets[0], predicted[0]);
        var dRes = new double[k][];
        for (int j = 0; j < k; j++) dRes[j] = Residual(targets[j + 1], predicted[j + 1]);

        SmallLeastSquares.Result main = SmallLeastSquares.Fit(dRes, yRes, 0, m, intercept: false, include: null, clusters, clusterCount, options.ExtremeLeverage);
        if (!main.FullRank)
            return SegmentFit.NotEstimable(s, m, "the efforts are fully predicted by the controls (no variation left once the controls are held fixed)");
        double df = clusters is null ? m - k : Math.Max(1, clusterCount - 1);

        // Naive: outcome on efforts with an intercept, no controls.
        SmallLeastSquares.Result naive = SmallLeastSquares.Fit(d.Efforts, d.Outcome, start, m, intercept: true, include: null, clusters, clusterCount, options.ExtremeLeverage);
        var naiveSe = new double[k];
        for (int j = 0; j < k; j++) naiveSe[j] = Math.Sqrt(Math.Max(0, naive.Covariance[j * k + j]));

        var share = new double[k];
        for (int j = 0; j < k; j++)
        {
            double[] raw = targets[j + 1];
            double mean = 0;
            foreach (double v in raw) mean += v;
            mean /= m;
            double ss = 0, rs = 0;
            for (int i = 0; i < m; i++)
            {
                ss += (raw[i] - mean) * (raw[i] - mean);
                rs += dRes[j][i] * dRes[j][i];
            }
            share[j] = ss > 0 ? Math.Clamp(rs / ss, 0, 1) : 0;
        }

        double[]? placeboEstimate = null, placeboSe = null, randomCause = null, halfA = null, halfB = null;
        if (options.RunChecks)
        {
            var rng = new Random(Seeds.Mix(options.Seed, s, 0x51ac));
            var permutation = new int[m];
            for (int i = 0; i < m; i++) permutation[i] = i;
            rng.Shuffle(permutation);
            // A permuted effort is independent of the controls, so its cross-fitted prediction is its mean.
            var placebo = new double[k][];
            for (int j = 0; j < k; j++)
            {
                double[] raw = targets[j + 1];
                double mean = 0;
                foreach (double v in raw) mean += v;
                mean /= m;
                placebo[j] = new double[m];
                for (int i = 0; i < m; i++) placebo[j][i] = raw[permutation[i]] - mean;
            }
            SmallLeastSquares.Result pl = SmallLeastSquares.Fit(placebo, yRes, 0, m, intercept: false, include: null, clusters, clusterCount, options.ExtremeLeverage);
            if (pl.FullRank)
            {
                placeboEstimate = pl.Coefficients;
                placeboSe = new double[k];
                for (int j = 0; j < k; j++) placeboSe[j] = Math.Sqrt(Math.Max(0, pl.Covariance[j * k + j]));
            }

            var halfOrder = new int[m];
            for (int i = 0; i < m; i++) halfOrder[i] = i;
            rng.Shuffle(halfOrder);
            var inA = new bool[m];
            var inB = new bool[m];
            for (int i = 0; i < m; i++)
            {
                if (i < m / 2) inA[halfOrder[i]] = true;
                else inB[halfOrder[i]] = true;
            }
            SmallLeastSquares.Result a = SmallLeastSquares.Fit(dRes, yRes, 0, m, intercept: false, inA, null, 0, options.ExtremeLeverage);
            SmallLeastSquares.Result b = SmallLeastSquares.Fit(dRes, yRes, 0, m, intercept: false, inB, null, 0, options.ExtremeLeverage);
            if (a.FullRank && b.FullRank)
            {
                halfA = a.Coefficients;
                halfB = b.Coefficients;
            }

            // Random common cause: refit the nuisances with a seeded random control added.
            var cause = new double[m];
            for (int i = 0; i < m; i++) cause[i] = RandomDraws.StandardNormal(rng);
            features.Add(cause);
            names.Add("random common cause");
            levels.Add(0);
            IReadOnlyList<double[]> again = CrossFit(learner, features, names, levels, targets, foldOf, folds, learnerSeed, m);
            double[] yRes2 = Residual(targets[0], again[0]);
            var dRes2 = new double[k][];
            for (int j = 0; j < k; j++) dRes2[j] = Residual(targets[j + 1], again[j + 1]);
            SmallLeastSquares.Result rc = SmallLeastSquares.Fit(dRes2, yRes2, 0, m, intercept: false, include: null, null, 0, options.ExtremeLeverage);
            if (rc.FullRank) randomCause = rc.Coefficients;
        }

        return new SegmentFit
        {
            Segment = s,
            Deals = m,
            Estimable = true,
            Parameters = k,
            Estimate = main.Coefficients,
            Covariance = main.Covariance,
            DegreesOfFreedom = df,
            NaiveEstimate = naive.Coefficients,
            NaiveStandardError = naiveSe,
            PlaceboEstimate = placeboEstimate,
            PlaceboStandardError = placeboSe,
            RandomCauseEstimate = randomCause,
            HalfA = halfA,
            HalfB = halfB,
            VariationShare = share,
            MaxLeverage = main.MaxLeverage,
            ExtremeLeverageCount = main.HighLeverage,
        };
    }

    private static IReadOnlyList<double[]> CrossFit(INuisanceLearner learner, List<double[]> features, List<string> names, List<int> levels,
        List<double[]> targets, int[] foldOf, int folds, int seed, int m)
    {
        var data = new NuisanceData(features, names, levels, targets, foldOf, folds, seed, m);
        IReadOnlyList<double[]> predicted = learner.CrossFitPredict(data);
        if (predicted.Count != targets.Count)
            throw new ModelFitException($"The nuisance learner '{learner.Name}' returned {predicted.Count} prediction arrays for {targets.Count} targets; it must return one per target.");
        foreach (double[] p in predicted)
        {
            if (p.Length < m) throw new ModelFitException($"The nuisance learner '{learner.Name}' returned fewer predictions than deals ({p.Length} for {m}).");
            for (int i = 0; i < m; i++)
            {
                if (!double.IsFinite(p[i])) throw new ModelFitException($"The nuisance learner '{learner.Name}' returned a prediction that is not finite; check its options.");
            }
        }
        return predicted;
    }

    private static double[] Residual(double[] target, double[] prediction)
    {
        var r = new double[target.Length];
        for (int i = 0; i < r.Length; i++) r[i] = target[i] - prediction[i];
        return r;
    }
}
