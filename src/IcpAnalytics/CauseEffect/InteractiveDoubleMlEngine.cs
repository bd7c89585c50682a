using System.Globalization;
using IcpAnalytics.Statistics;

namespace IcpAnalytics.CauseEffect;

/// <summary>
/// Interactive double/debiased machine learning for 0/1 efforts (augmented inverse-propensity weighting, AIPW), per segment:
/// cross-fitted propensity e(X) = P(effort | controls) and outcome models μ₁(X), μ₀(X) fitted separately on deals with and
/// without the effort (each deal's predictions come from models that never saw it), then the efficient influence-function
/// scores of Chernozhukov et al. (2018), as in DoubleML's <c>DoubleMLIRM</c>:
/// ATE  φᵢ = μ₁ − μ₀ + D(Y − μ₁)/e − (1 − D)(Y − μ₀)/(1 − e), θ = mean φ, Var θ = mean (φ − θ)² / n;
/// ATT  θ = Σ[D(Y − μ₀) − (1 − D) e (Y − μ₀)/(1 − e)] / ΣD, ψ = [D(Y − μ₀) − (1 − D) e (Y − μ₀)/(1 − e) − Dθ] / p, Var = mean ψ² / n,
/// with p the share of deals with the effort; cluster sums of the scores when clustering is asked. With several efforts,
/// each effort's models take the other efforts as further controls.
/// </summary>
internal static class InteractiveDoubleMlEngine
{
    private sealed class Core
    {
        public string? Reason;
        public int Rows;
        public int[] RowIndex = [];
        public double[][] AteScore = [];
        public double[] Ate = [];
        public double[][] AttScore = [];
        public double[] Att = [];
        public double[][] Propensity = [];
        public double[][] Clipped = [];
        public double[][] OutcomeResidual = [];
        public int[] Treated = [];
    }

    internal static bool IsBinary(double[] raw)
    {
        foreach (double v in raw)
        {
            if (v != 0 && v != 1) return false;
        }
        return true;
    }

    internal static SegmentFit Fit(EffortData d, int s, EffortEffectsOptions options, Estimator estimator)
    {
        int start = d.Start[s], m = d.Count[s];
        int k = d.Efforts.Length;
        int folds = estimator.Folds;
        CultureInfo inv = CultureInfo.InvariantCulture;
        int needed = Math.Max(8 * folds, 4 * (k + 2));
        if (m < needed)
            return SegmentFit.NotEstimable(s, m, string.Create(inv, $"only {m:N0} deals; interactive double ML with {folds} folds needs at least {needed} deals here"));
        for (int j = 0; j < k; j++)
        {
            int treated = 0;
            for (int r = start; r < start + m; r++) treated += d.RawEfforts[j][r] == 1 ? 1 : 0;
            if (treated < 2 * folds || m - treated < 2 * folds)
                return SegmentFit.NotEstimable(s, m, string.Create(inv, $"{treated:N0} deals with {d.EffortNames[j]} and {m - treated:N0} without; each side needs at least {2 * folds} for {folds}-fold cross-fitting"));
        }
        int clusterCount = 0;
        int[]? clusters = d.Clusters is null ? null : RegressionEngine.Localize(d.Clusters, start, m, out clusterCount);
        INuisanceLearner learner = estimator.Learner ?? NuisanceLearners.BoostedTrees();

        var all = new int[m];
        for (int i = 0; i < m; i++) all[i] = i;
        Core full = RunCore(d, s, all, options, estimator, learner, clusters, randomCause: null, salt: 0);
        if (full.Reason is not null) return SegmentFit.NotEstimable(s, m, full.Reason);

        var overlaps = new OverlapDiagnostics[k];
        var fullVerdict = new CheckVerdict[k];
        for (int j = 0; j < k; j++)
        {
            overlaps[j] = Diagnose(d, s, full, j, options);
            fullVerdict[j] = overlaps[j].Verdict;
        }
        bool anyFailed = fullVerdict.Any(v => v == CheckVerdict.Failed);
        bool restrict = options.CommonSupport == CommonSupportPolicy.Always || (options.CommonSupport == CommonSupportPolicy.WhenOverlapFails && anyFailed);
        Core shown = full;
        double bound = options.CommonSupportBounds;
        if (restrict)
        {
            var kept = new List<int>();
            for (int i = 0; i < m; i++)
            {
                bool inside = true;
                for (int j = 0; j < k && inside; j++)
                {
                    double e = full.Propensity[j][i];
                    inside = e >= bound && e <= 1 - bound;
                }
                if (inside) kept.Add(i);
            }
            Core? trimmed = null;
            if (kept.Count >= needed && kept.Count < m)
            {
                Core attempt = RunCore(d, s, [.. kept], options, estimator, learner, clusters, randomCause: null, salt: 1);
                if (attempt.Reason is null) trimmed = attempt;
            }
            else if (kept.Count == m) trimmed = full;
            if (trimmed is not null)
            {
                shown = trimmed;
                (double[] fullSe, _) = StandardErrors(full, clusters, clusterCount);
                double t = Distributions.NormalCritical(options.ConfidenceLevel);
                for (int j = 0; j < k; j++)
                {
                    OverlapDiagnostics keptDiag = ReferenceEquals(trimmed, full) ? overlaps[j] : Diagnose(d, s, trimmed, j, options);
                    overlaps[j] = overlaps[j] with
                    {
                        RestrictedToCommonSupport = true,
                        CommonSupportBound = bound,
                        DealsKept = trimmed.Rows,
                        FullSampleEstimate = full.Ate[j],
                        FullSampleLower = full.Ate[j] - t * fullSe[j],
                        FullSampleUpper = full.Ate[j] + t * fullSe[j],
                        KeptVerdict = keptDiag.Verdict,
                        KeptRows = trimmed.RowIndex,
                    };
                }
            }
        }

        int n = shown.Rows;
        (double[] se, double[] covariance) = StandardErrors(shown, clusters, clusterCount);
        int groups = clusters is null ? 0 : CountGroups(clusters, shown.RowIndex);
        double df = clusters is null ? n - 1 : Math.Max(1, groups - 1);
        var attSe = new double[k];
        for (int j = 0; j < k; j++) attSe[j] = Math.Sqrt(ScoreVariance(shown.AttScore[j], null, shown.RowIndex, clusters, clusterCount, n));

        // Naive: outcome on the 0/1 efforts with an intercept (difference in means for one effort), on the same deals.
        var include = new bool[m];
        foreach (int i in shown.RowIndex) include[i] = true;
        SmallLeastSquares.Result naive = SmallLeastSquares.Fit(d.RawEfforts, d.Outcome, start, m, intercept: true, include, clusters, clusterCount, options.ExtremeLeverage);
        var naiveSe = new double[k];
        for (int j = 0; j < k; j++) naiveSe[j] = Math.Sqrt(Math.Max(0, naive.Covariance[j * k + j]));

        var share = new double[k];
        for (int j = 0; j < k; j++)
        {
            double mean = 0;
            foreach (int i in shown.RowIndex) mean += d.RawEfforts[j][start + i];
            mean /= n;
            double ss = 0, rs = 0;
            for (int t = 0; t < n; t++)
            {
                double dv = d.RawEfforts[j][start + shown.RowIndex[t]];
                ss += (dv - mean) * (dv - mean);
                rs += (dv - shown.Propensity[j][t]) * (dv - shown.Propensity[j][t]);
            }
            share[j] = ss > 0 ? Math.Clamp(rs / ss, 0, 1) : 0;
        }

        double[]? placeboEstimate = null, placeboSe = null, randomCause = null, halfA = null, halfB = null;
        if (options.RunChecks)
        {
            var rng = new Random(Seeds.Mix(options.Seed, s, 0x51ac));
            var permutation = new int[n];
            for (int i = 0; i < n; i++) permutation[i] = i;
            rng.Shuffle(permutation);
            // A shuffled effort is independent of the controls: its propensity is its share, and the outcome's residual
            // Y − [e μ₁ + (1 − e) μ₀] should show no slope on it.
            placeboEstimate = new double[k];
            placeboSe = new double[k];
            int[]? localClusters = clusters is null ? null : [.. shown.RowIndex.Select(i => clusters[i])];
            for (int j = 0; j < k; j++)
            {
                double p = shown.Treated[j] / (double)n;
                var column = new double[n];
                for (int i = 0; i < n; i++) column[i] = d.RawEfforts[j][start + shown.RowIndex[permutation[i]]] - p;
                SmallLeastSquares.Result pl = SmallLeastSquares.Fit([column], shown.OutcomeResidual[j], 0, n, intercept: false, include: null, localClusters, clusterCount, options.ExtremeLeverage);
                placeboEstimate[j] = pl.Coefficients[0];
                placeboSe[j] = Math.Sqrt(Math.Max(0, pl.Covariance[0]));
            }

            var order = new int[n];
            for (int i = 0; i < n; i++) order[i] = i;
            rng.Shuffle(order);
            halfA = new double[k];
            halfB = new double[k];
            for (int j = 0; j < k; j++)
            {
                double a = 0, b = 0;
                for (int i = 0; i < n; i++)
                {
                    if (i < n / 2) a += shown.AteScore[j][order[i]];
                    else b += shown.AteScore[j][order[i]];
                }
                halfA[j] = a / (n / 2);
                halfB[j] = b / (n - n / 2);
            }

            var cause = new double[m];
            for (int i = 0; i < m; i++) cause[i] = RandomDraws.StandardNormal(rng);
            Core again = RunCore(d, s, shown.RowIndex, options, estimator, learner, clusters, cause, salt: ReferenceEquals(shown, full) ? 0 : 1);
            if (again.Reason is null) randomCause = again.Ate;
        }

        return new SegmentFit
        {
            Segment = s,
            Deals = n,
            Estimable = true,
            Parameters = k,
            Estimate = [.. shown.Ate],
            Covariance = covariance,
            DegreesOfFreedom = df,
            NaiveEstimate = naive.Coefficients,
            NaiveStandardError = naiveSe,
            PlaceboEstimate = placeboEstimate,
            PlaceboStandardError = placeboSe,
            RandomCauseEstimate = randomCause,
            HalfA = halfA,
            HalfB = halfB,
            VariationShare = share,
            MaxLeverage = double.NaN,
            ExtremeLeverageCount = 0,
            TreatedEstimate = [.. shown.Att],
            TreatedStandardError = attSe,
            TreatedDeals = [.. shown.Treated],
            Overlap = overlaps,
            DealsBefore = m,
        };
    }

    private static Core RunCore(EffortData d, int s, int[] rows, EffortEffectsOptions options, Estimator estimator, INuisanceLearner learner,
        int[]? clusters, double[]? randomCause, int salt)
    {
        CultureInfo inv = CultureInfo.InvariantCulture;
        int start = d.Start[s];
        int n = rows.Length;
        int k = d.Efforts.Length;
        int folds = estimator.Folds;
        int[] foldOf;
        try
        {
            int[]? groups = clusters is null ? null : [.. rows.Select(i => clusters[i])];
            foldOf = KFold.Split(n, folds, Seeds.Mix(options.Seed, s, 0xf01d, salt), groups is null ? default : groups);
        }
        catch (ArgumentException ex)
        {
            return new Core { Reason = $"the deals cannot be split into {folds} folds ({ex.Message})" };
        }

        var baseFeatures = new List<double[]>();
        var baseNames = new List<string>();
        var baseLevels = new List<int>();
        for (int c = 0; c < d.NumericControls.Length; c++)
        {
            baseFeatures.Add(Take(d.NumericControls[c], start, rows));
            baseNames.Add(d.NumericNames[c]);
            baseLevels.Add(0);
        }
        for (int c = 0; c < d.CategoricalControls.Length; c++)
        {
            var codes = new int[n];
            for (int t = 0; t < n; t++) codes[t] = d.CategoricalControls[c][start + rows[t]];
            int[] local = RegressionEngine.Localize(codes, 0, n, out int count);
            var values = new double[n];
            for (int t = 0; t < n; t++) values[t] = local[t];
            baseFeatures.Add(values);
            baseNames.Add(d.CategoricalNames[c]);
            baseLevels.Add(count);
        }
        if (randomCause is not null)
        {
            baseFeatures.Add(Take(randomCause, 0, rows));
            baseNames.Add("random common cause");
            baseLevels.Add(0);
        }
        double[] y = Take(d.Outcome, start, rows);
        var core = new Core
        {
            Rows = n, RowIndex = rows, AteScore = new double[k][], Ate = new double[k], AttScore = new double[k][], Att = new double[k],
            Propensity = new double[k][], Clipped = new double[k][], OutcomeResidual = new double[k][], Treated = new int[k],
        };
        double clip = options.PropensityClipping;
        for (int j = 0; j < k; j++)
        {
            var features = new List<double[]>(baseFeatures);
            var names = new List<string>(baseNames);
            var levels = new List<int>(baseLevels);
            for (int o = 0; o < k; o++)
            {
                if (o == j) continue;
                features.Add(Take(d.RawEfforts[o], start, rows));
                names.Add(d.EffortNames[o]);
                levels.Add(0);
            }
            double[] dj = Take(d.RawEfforts[j], start, rows);
            int treated = 0;
            foreach (double v in dj) treated += v == 1 ? 1 : 0;
            core.Treated[j] = treated;
            if (treated < 2 * folds || n - treated < 2 * folds)
                return new Core { Reason = string.Create(inv, $"{treated:N0} deals with {d.EffortNames[j]} and {n - treated:N0} without; each side needs at least {2 * folds}") };
            int seed = Seeds.Mix(options.Seed, s, 0x1ea7 + j, salt);

            // Propensity: a cross-fitted penalized logistic regression of the effort on the controls (numeric controls
            // standardized with their squares, categorical controls as indicators), clipped for the weights.
            double[] e = CrossFitLogistic(features, levels, dj, foldOf, folds);
            var clipped = new double[n];
            for (int i = 0; i < n; i++)
            {
                e[i] = Math.Clamp(e[i], 0, 1);
                clipped[i] = Math.Clamp(e[i], clip, 1 - clip);
            }

            // Outcome models per arm: for each fold, trained on that arm's deals outside the fold, predicting the fold.
            var mu = new[] { new double[n], new double[n] };
            for (int f = 0; f < folds; f++)
            {
                var predict = new List<int>();
                for (int i = 0; i < n; i++) if (foldOf[i] == f) predict.Add(i);
                for (int arm = 0; arm < 2; arm++)
                {
                    var train = new List<int>();
                    for (int i = 0; i < n; i++) if (foldOf[i] != f && dj[i] == arm) train.Add(i);
                    if (train.Count < 10)
                        return new Core { Reason = string.Create(inv, $"only {train.Count} deals {(arm == 1 ? "with" : "without")} {d.EffortNames[j]} to train an outcome model outside fold {f + 1}; it needs at least 10") };
                    int[] both = [.. train, .. predict];
                    var sub = new List<double[]>(features.Count);
                    foreach (double[] feature in features) sub.Add(Take(feature, 0, both));
                    var localLevels = new List<int>(levels);
                    var foldsOfSub = new int[both.Length];
                    for (int t = train.Count; t < both.Length; t++) foldsOfSub[t] = 1;
                    var armData = new NuisanceData(sub, names, localLevels, [Take(y, 0, both)], foldsOfSub, 2, Seeds.Mix(seed, f, arm), both.Length);
                    double[] p = Checked(learner, learner.CrossFitPredict(armData), 1, both.Length)[0];
                    for (int t = 0; t < predict.Count; t++) mu[arm][predict[t]] = p[train.Count + t];
                }
            }

            var ate = new double[n];
            var attNumerator = new double[n];
            var residual = new double[n];
            double sumAte = 0, sumAtt = 0;
            for (int i = 0; i < n; i++)
            {
                double ei = clipped[i], di = dj[i];
                double r1 = y[i] - mu[1][i], r0 = y[i] - mu[0][i];
                ate[i] = mu[1][i] - mu[0][i] + di * r1 / ei - (1 - di) * r0 / (1 - ei);
                attNumerator[i] = di * r0 - (1 - di) * ei * r0 / (1 - ei);
                residual[i] = y[i] - (ei * mu[1][i] + (1 - ei) * mu[0][i]);
                sumAte += ate[i];
                sumAtt += attNumerator[i];
            }
            double theta = sumAte / n;
            double thetaAtt = sumAtt / treated;
            double share = treated / (double)n;
            var attScore = new double[n];
            for (int i = 0; i < n; i++) attScore[i] = (attNumerator[i] - dj[i] * thetaAtt) / share;
            core.AteScore[j] = ate;
            core.Ate[j] = theta;
            core.AttScore[j] = attScore;
            core.Att[j] = thetaAtt;
            core.Propensity[j] = e;
            core.Clipped[j] = clipped;
            core.OutcomeResidual[j] = residual;
        }
        return core;
    }

    /// <summary>
    /// Out-of-fold propensities from a logistic regression with a small ridge penalty (λ = 1 on standardized columns,
    /// intercept unpenalized), fitted by Newton's method on the other folds: numeric features standardized with their
    /// squares, categorical features as indicators of every level but the first.
    /// </summary>
    internal static double[] CrossFitLogistic(List<double[]> features, List<int> levels, double[] d, int[] foldOf, int folds)
    {
        int n = d.Length;
        var columns = new List<double[]>();
        for (int f = 0; f < features.Count; f++)
        {
            double[] x = features[f];
            if (levels[f] > 0)
            {
                for (int level = 1; level < levels[f]; level++)
                {
                    var ind = new double[n];
                    bool any = false;
                    for (int i = 0; i < n; i++) { ind[i] = x[i] == level ? 1 : 0; any |= ind[i] != 0; }
                    if (any) columns.Add(Standardize(ind));
                }
            }
            else
            {
                double[] z = Standardize(x);
                columns.Add(z);
                var sq = new double[n];
                for (int i = 0; i < n; i++) sq[i] = z[i] * z[i];
                columns.Add(Standardize(sq));
            }
        }
        int p = columns.Count + 1;
        var result = new double[n];
        var row = new double[p];
        for (int f = 0; f < folds; f++)
        {
            var beta = new double[p];
            for (int iteration = 0; iteration < 50; iteration++)
            {
                var h = new double[p * p];
                var g = new double[p];
                for (int i = 0; i < n; i++)
                {
                    if (foldOf[i] == f) continue;
                    Row(columns, i, row);
                    double eta = 0;
                    for (int a = 0; a < p; a++) eta += beta[a] * row[a];
                    double mu = 1 / (1 + Math.Exp(-Math.Clamp(eta, -35, 35)));
                    double w = Math.Max(mu * (1 - mu), 1e-10);
                    for (int a = 0; a < p; a++)
                    {
                        g[a] += (d[i] - mu) * row[a];
                        for (int b = a; b < p; b++) h[a * p + b] += w * row[a] * row[b];
                    }
                }
                for (int a = 1; a < p; a++) { g[a] -= beta[a]; h[a * p + a] += 1; }
                DenseMath.MirrorUpper(h, p);
                var inverse = new double[p * p];
                DenseMath.InverseDroppingAliased(h, p, inverse, new bool[p]);
                var step = new double[p];
                DenseMath.MultiplyVector(inverse, p, g, step);
                double change = 0;
                for (int a = 0; a < p; a++) { beta[a] += step[a]; change = Math.Max(change, Math.Abs(step[a])); }
                if (change < 1e-9) break;
            }
            for (int i = 0; i < n; i++)
            {
                if (foldOf[i] != f) continue;
                Row(columns, i, row);
                double eta = 0;
                for (int a = 0; a < p; a++) eta += beta[a] * row[a];
                result[i] = 1 / (1 + Math.Exp(-Math.Clamp(eta, -35, 35)));
            }
        }
        return result;
    }

    private static void Row(List<double[]> columns, int i, double[] row)
    {
        row[0] = 1;
        for (int c = 0; c < columns.Count; c++) row[c + 1] = columns[c][i];
    }

    private static double[] Standardize(double[] x)
    {
        double mean = x.Average();
        double ss = 0;
        foreach (double v in x) ss += (v - mean) * (v - mean);
        double sd = Math.Sqrt(ss / Math.Max(1, x.Length - 1));
        var z = new double[x.Length];
        for (int i = 0; i < x.Length; i++) z[i] = sd > 0 ? (x[i] - mean) / sd : 0;
        return z;
    }

    /// <summary>Standard errors of the ATEs and their covariance across efforts, from the scores (cluster sums when clustering).</summary>
    private static (double[] Se, double[] Covariance) StandardErrors(Core core, int[]? clusters, int clusterCount)
    {
        int k = core.Ate.Length, n = core.Rows;
        var covariance = new double[k * k];
        for (int a = 0; a < k; a++)
        {
            for (int b = a; b < k; b++)
            {
                double v = ScoreCovariance(core.AteScore[a], core.Ate[a], core.AteScore[b], core.Ate[b], core.RowIndex, clusters, clusterCount, n);
                covariance[a * k + b] = v;
                covariance[b * k + a] = v;
            }
        }
        var se = new double[k];
        for (int j = 0; j < k; j++) se[j] = Math.Sqrt(Math.Max(0, covariance[j * k + j]));
        return (se, covariance);
    }

    private static double ScoreVariance(double[] score, double? centre, int[] rows, int[]? clusters, int clusterCount, int n) =>
        ScoreCovariance(score, centre ?? 0, score, centre ?? 0, rows, clusters, clusterCount, n);

    /// <summary>(1/n²) Σ (a − θa)(b − θb), or with clusters (G/(G − 1)) (1/n²) Σ_g (Σ_{i∈g} a − θa)(Σ_{i∈g} b − θb).</summary>
    private static double ScoreCovariance(double[] a, double ca, double[] b, double cb, int[] rows, int[]? clusters, int clusterCount, int n)
    {
        double sum = 0;
        if (clusters is null)
        {
            for (int i = 0; i < n; i++) sum += (a[i] - ca) * (b[i] - cb);
            return sum / ((double)n * n);
        }
        var sa = new double[clusterCount];
        var sb = new double[clusterCount];
        var seen = new bool[clusterCount];
        int groups = 0;
        for (int i = 0; i < n; i++)
        {
            int g = clusters[rows[i]];
            if (!seen[g]) { seen[g] = true; groups++; }
            sa[g] += a[i] - ca;
            sb[g] += b[i] - cb;
        }
        for (int g = 0; g < clusterCount; g++) sum += sa[g] * sb[g];
        double factor = groups > 1 ? groups / (groups - 1.0) : 1;
        return factor * sum / ((double)n * n);
    }

    private static int CountGroups(int[] clusters, int[] rows)
    {
        var seen = new HashSet<int>();
        foreach (int i in rows) seen.Add(clusters[i]);
        return seen.Count;
    }

    /// <summary>Overlap and balance of effort j on a core fit: extreme propensities, effective sizes, standardized differences.</summary>
    private static OverlapDiagnostics Diagnose(EffortData d, int s, Core core, int j, EffortEffectsOptions options)
    {
        int start = d.Start[s], n = core.Rows;
        double bound = options.ExtremePropensity;
        double[] e = core.Propensity[j], w = core.Clipped[j];
        double[] dj = Take(d.RawEfforts[j], start, core.RowIndex);
        int extreme = 0;
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        double s1 = 0, s1Sq = 0, s0 = 0, s0Sq = 0;
        for (int i = 0; i < n; i++)
        {
            if (e[i] < bound || e[i] > 1 - bound) extreme++;
            min = Math.Min(min, e[i]);
            max = Math.Max(max, e[i]);
            if (dj[i] == 1) { double v = 1 / w[i]; s1 += v; s1Sq += v * v; }
            else { double v = 1 / (1 - w[i]); s0 += v; s0Sq += v * v; }
        }
        var balance = new List<BalanceRow>();
        for (int c = 0; c < d.NumericControls.Length; c++)
            balance.Add(Balance(d.NumericNames[c], Take(d.NumericControls[c], start, core.RowIndex), dj, w));
        for (int c = 0; c < d.CategoricalControls.Length; c++)
        {
            int levels = d.CategoricalLevels[c];
            var codes = new int[n];
            for (int t = 0; t < n; t++) codes[t] = d.CategoricalControls[c][start + core.RowIndex[t]];
            var present = new bool[levels];
            foreach (int code in codes) present[code] = true;
            int used = present.Count(p => p);
            if (used < 2) continue;
            for (int level = 0; level < levels; level++)
            {
                if (!present[level]) continue;
                var indicator = new double[n];
                for (int t = 0; t < n; t++) indicator[t] = codes[t] == level ? 1 : 0;
                string levelName = d.CategoricalLevelNames is { } all && level < all[c].Length ? all[c][level] : "(missing)";
                balance.Add(Balance($"{d.CategoricalNames[c]} = {levelName}", indicator, dj, w));
            }
        }
        for (int o = 0; o < d.Efforts.Length; o++)
        {
            if (o != j) balance.Add(Balance(d.EffortNames[o], Take(d.RawEfforts[o], start, core.RowIndex), dj, w));
        }
        int treated = core.Treated[j];
        double extremeShare = (double)extreme / n;
        double effT = s1Sq > 0 ? s1 * s1 / s1Sq : 0, effU = s0Sq > 0 ? s0 * s0 / s0Sq : 0;
        double effShare = Math.Min(treated > 0 ? effT / treated : 0, n - treated > 0 ? effU / (n - treated) : 0);
        double worst = balance.Count == 0 ? 0 : balance.Max(b => Math.Abs(b.After));
        CheckVerdict verdict = extremeShare > 0.10 || effShare < 0.10 || worst > 0.25 ? CheckVerdict.Failed
            : extremeShare > 0.02 || effShare < 0.30 || worst > 0.10 ? CheckVerdict.Caution : CheckVerdict.Passed;
        return new OverlapDiagnostics
        {
            Effort = d.EffortNames[j], Treated = treated, Untreated = n - treated, ExtremeBound = bound, ExtremeShare = extremeShare,
            MinPropensity = min, MaxPropensity = max, EffectiveTreated = effT, EffectiveUntreated = effU, Balance = balance,
            Verdict = verdict, RestrictedToCommonSupport = false, DealsKept = n, DealsBefore = n,
        };
    }

    /// <summary>Standardized difference of x between deals with and without the effort, unweighted and with weights 1/e and 1/(1 − e); both over the unweighted pooled standard deviation.</summary>
    private static BalanceRow Balance(string name, double[] x, double[] dj, double[] e)
    {
        double m1 = 0, m0 = 0, n1 = 0, n0 = 0, wm1 = 0, wm0 = 0, w1 = 0, w0 = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (dj[i] == 1) { m1 += x[i]; n1++; wm1 += x[i] / e[i]; w1 += 1 / e[i]; }
            else { m0 += x[i]; n0++; wm0 += x[i] / (1 - e[i]); w0 += 1 / (1 - e[i]); }
        }
        m1 /= n1; m0 /= n0; wm1 /= w1; wm0 /= w0;
        double v1 = 0, v0 = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (dj[i] == 1) v1 += (x[i] - m1) * (x[i] - m1);
            else v0 += (x[i] - m0) * (x[i] - m0);
        }
        v1 /= Math.Max(1, n1 - 1);
        v0 /= Math.Max(1, n0 - 1);
        double sd = Math.Sqrt((v1 + v0) / 2);
        return sd > 0 ? new BalanceRow(name, (m1 - m0) / sd, (wm1 - wm0) / sd) : new BalanceRow(name, 0, 0);
    }

    private static double[] Take(double[] source, int offset, int[] rows)
    {
        var r = new double[rows.Length];
        for (int t = 0; t < rows.Length; t++) r[t] = source[offset + rows[t]];
        return r;
    }

    private static IReadOnlyList<double[]> Checked(INuisanceLearner learner, IReadOnlyList<double[]> predicted, int targets, int m)
    {
        if (predicted.Count != targets)
            throw new ModelFitException($"The nuisance learner '{learner.Name}' returned {predicted.Count} prediction arrays for {targets} targets; it must return one per target.");
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
}
