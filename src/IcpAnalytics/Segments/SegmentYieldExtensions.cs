using System.Globalization;
using IcpAnalytics.Data;
using IcpAnalytics.Statistics;

namespace IcpAnalytics.Segments;

/// <summary>Segment profit yield on a <see cref="DealSet"/>: <c>deals.SegmentYield("industry", "region")</c>.</summary>
public static class SegmentYieldExtensions
{
    /// <summary>The profit yield of every combination of levels of <paramref name="attributes"/> (missing values form the level "unknown", marked in <see cref="SegmentYield.MissingLevels"/>; a literal "unknown" in the data is a segment of its own).</summary>
    /// <param name="deals">The deals.</param>
    /// <param name="attributes">Categorical or banded attributes, e.g. "industry", "region"; a numeric attribute is cut into quartile bands.</param>
    public static SegmentYieldTable SegmentYield(this DealSet deals, params string[] attributes) =>
        SegmentYield(deals, (IReadOnlyList<string>)attributes);

    /// <summary>The profit yield of every combination of levels of <paramref name="attributes"/>, with options (data first, options last).</summary>
    /// <param name="deals">The deals.</param>
    /// <param name="attributes">Categorical or banded attributes, e.g. <c>["industry", "region"]</c>; a numeric attribute is cut into quartile bands.</param>
    /// <param name="options">Minimum deals, confidence level; the defaults of <see cref="SegmentYieldOptions"/> when null.</param>
    /// <exception cref="InvalidOptionsException">Options are invalid, an attribute is unknown, or the grouping has too many combinations.</exception>
    public static SegmentYieldTable SegmentYield(this DealSet deals, IReadOnlyList<string> attributes, SegmentYieldOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(deals);
        ArgumentNullException.ThrowIfNull(attributes);
        options ??= new SegmentYieldOptions();
        List<string> problems = options.Problems();
        if (attributes.Count == 0) problems.Add("Name at least one attribute to segment by, e.g. SegmentYield(\"industry\").");
        if (deals.Count == 0) problems.Add("The deal set is empty; segment yield needs at least one deal.");
        var columns = new List<CategoricalColumn>();
        foreach (string name in attributes)
        {
            CategoricalColumn? column = deals.FindCategorical(name);
            if (column is null && deals.HasNumericAttribute(name))
            {
                deals = deals.WithQuantileBands(name);
                column = deals.FindCategorical(name);
            }
            if (column is null) problems.Add($"The deals have no attribute '{name}'. Attributes: {deals.AttributeNameList()}.");
            else columns.Add(column);
        }
        long combinations = 1;
        foreach (CategoricalColumn c in columns) combinations = Math.Min(long.MaxValue / 1024, combinations * (c.LevelArray.Length + 1));
        if (combinations > options.MaxCombinations)
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"Grouping by {string.Join(", ", attributes)} gives {combinations:N0} combinations; at most MaxCombinations = {options.MaxCombinations:N0} are allowed. Group by fewer or coarser attributes."));
        Throw.IfAny(problems);

        // Refresh the columns from the (possibly banded) deal set so they share its view.
        for (int a = 0; a < columns.Count; a++) columns[a] = deals.FindCategorical(columns[a].Name)!;
        int groups = (int)combinations;
        int n = deals.Count;
        var groupOf = new int[n];
        var radix = new int[columns.Count];
        for (int a = 0; a < columns.Count; a++) radix[a] = columns[a].LevelArray.Length + 1;
        var code = new int[n];
        for (int a = 0; a < columns.Count; a++)
        {
            columns[a].CopyCodesTo(code);
            int unknown = radix[a] - 1;
            int r = radix[a];
            for (int i = 0; i < n; i++)
            {
                int c = code[i];
                groupOf[i] = groupOf[i] * r + (c < 0 ? unknown : c);
            }
        }
        double[] stats = Accumulate(deals, groupOf, groups, options, out double[]? wholeAccounts);
        var labels = new string[groups];
        var levels = new string[groups][];
        var missing = new bool[groups][];
        for (int g = 0; g < groups; g++)
        {
            var lv = new string[columns.Count];
            var miss = new bool[columns.Count];
            int rest = g;
            for (int a = columns.Count - 1; a >= 0; a--)
            {
                int c = rest % radix[a];
                rest /= radix[a];
                miss[a] = c == radix[a] - 1;
                lv[a] = miss[a] ? UnknownLevel : columns[a].LevelArray[c];
            }
            levels[g] = lv;
            missing[g] = miss;
            var parts = new string[columns.Count];
            for (int a = 0; a < columns.Count; a++) parts[a] = ConditionText(columns[a].Name, lv[a], columns[a].IsBanded);
            labels[g] = string.Join(" and ", parts);
        }
        return Build(deals, stats, groups, labels, levels, [.. columns.Select(c => c.Name)], options, wholeAccounts, missing);
    }

    /// <summary>
    /// The per-group statistics of one pass, with the account-cluster moments unless the options treat deals as
    /// independent (then <paramref name="wholeAccounts"/> is null).
    /// </summary>
    internal static double[] Accumulate(DealSet deals, int[] groupOf, int groups, SegmentYieldOptions options, out double[]? wholeAccounts) =>
        Accumulate(deals, groupOf, groups, options.TreatDealsAsIndependent, out wholeAccounts, options.MaxDegreeOfParallelism);

    /// <summary>
    /// The per-group statistics of one pass, with the account-cluster moments unless <paramref name="independent"/> (then
    /// <paramref name="wholeAccounts"/> is null). <see cref="Make"/> turns a group's statistics into its yield with
    /// account-cluster-robust intervals when the moments are there; the ICP rules and the holdout groups use this entry point.
    /// </summary>
    internal static double[] Accumulate(DealSet deals, int[] groupOf, int groups, bool independent, out double[]? wholeAccounts, int maxDegreeOfParallelism = 0)
    {
        if (independent)
        {
            wholeAccounts = null;
            return YieldAccumulator.Accumulate(deals, groupOf, groups, maxDegreeOfParallelism);
        }
        double[] stats = YieldAccumulator.AccumulateClustered(deals, groupOf, groups, out double[] whole, maxDegreeOfParallelism);
        wholeAccounts = whole;
        return stats;
    }

    /// <summary>The word used for a missing attribute value in segments, rules and reasons.</summary>
    internal const string UnknownLevel = "unknown";

    /// <summary>A condition in words: "industry = Software", "employees 200–1,000" for a band, "industry = unknown".</summary>
    internal static string ConditionText(string attribute, string level, bool banded) =>
        banded && !string.Equals(level, UnknownLevel, StringComparison.Ordinal) ? attribute + " " + level : attribute + " = " + level;

    /// <summary>Builds a table from per-group sufficient statistics (groups with no deals are left out).</summary>
    internal static SegmentYieldTable Build(DealSet deals, double[] stats, int groups, string[] labels, string[][] levels,
        IReadOnlyList<string> attributes, SegmentYieldOptions options, double[]? wholeAccounts = null, bool[][]? missing = null) =>
        Build(deals.EffortHours is not null, deals.YieldFallsBackToRevenue, stats, groups, labels, levels, attributes, options, wholeAccounts, missing);

    /// <summary>
    /// Builds a table from per-group sufficient statistics summed elsewhere (the warehouse source sums them in SQL):
    /// <paramref name="hasHours"/> and <paramref name="onRevenue"/> say what the deal set holds; <paramref name="missing"/>
    /// marks, per group and attribute, the levels that are missing values (null: not known, the flags stay empty).
    /// </summary>
    internal static SegmentYieldTable Build(bool hasHours, bool onRevenue, double[] stats, int groups, string[] labels, string[][] levels,
        IReadOnlyList<string> attributes, SegmentYieldOptions options, double[]? wholeAccounts = null, bool[][]? missing = null)
    {
        bool clustered = wholeAccounts is not null;
        double level = options.ConfidenceLevel;
        var whole = new double[YieldAccumulator.Stride];
        for (int g = 0; g < groups; g++)
        {
            for (int k = 0; k < YieldAccumulator.Accounts; k++) whole[k] += stats[g * YieldAccumulator.Stride + k];
        }
        // The whole set's account moments come from each account's deals across all groups.
        if (wholeAccounts is not null)
        {
            for (int k = YieldAccumulator.Accounts; k < YieldAccumulator.Stride; k++) whole[k] = wholeAccounts[k];
        }
        double wholePerHour = YieldAccumulator.PerHour(whole);
        var present = new List<int>();
        for (int g = 0; g < groups; g++)
        {
            if (stats[g * YieldAccumulator.Stride + YieldAccumulator.N] > 0) present.Add(g);
        }

        (double[] shrunkPerDeal, double[] shrunkPerHour, double between) = ShrunkYields(stats, groups, present, clustered);

        var segments = new List<SegmentYield>(present.Count);
        foreach (int g in present)
        {
            ReadOnlySpan<double> s = stats.AsSpan(g * YieldAccumulator.Stride, YieldAccumulator.Stride);
            SegmentYield made = Make(labels[g], levels[g], s, wholePerHour, level, options.MinDeals, hasHours, onRevenue,
                shrunkPerDeal[g], shrunkPerHour[g]);
            segments.Add(missing is null ? made : made with { MissingLevels = missing[g] });
        }
        segments.Sort((a, b) =>
        {
            double va = a.MarginPerEffortHour ?? a.MarginPerDealPursued, vb = b.MarginPerEffortHour ?? b.MarginPerDealPursued;
            int c = vb.CompareTo(va);
            if (c != 0) return c;
            c = string.CompareOrdinal(a.Segment, b.Segment);
            // A blank and a literal "unknown" share the library's wording: the literal level first, for a stable order.
            return c != 0 ? c : a.HasMissingLevel.CompareTo(b.HasMissingLevel);
        });
        SegmentYield wholeYield = Make("all deals", [], whole, wholePerHour, level, options.MinDeals, hasHours, onRevenue,
            whole[YieldAccumulator.N] > 0 ? whole[YieldAccumulator.SumY] / whole[YieldAccumulator.N] : 0, wholePerHour) with
        { IsSmall = false };
        return new SegmentYieldTable
        {
            Attributes = attributes,
            Whole = wholeYield,
            Segments = segments,
            MinDeals = options.MinDeals,
            ConfidenceLevel = options.ConfidenceLevel,
            YieldOnRevenue = onRevenue,
            HasEffortHours = hasHours,
            BetweenSegmentVariance = between,
            DealsTreatedAsIndependent = !clustered,
        };
    }

    /// <summary>
    /// Empirical-Bayes shrinkage with a pooled within-segment variance (stable for small segments, where a segment's
    /// own variance can be 0 when all its deals were lost). Clustered by account, the residual sums of squares are
    /// sums of squared account scores (equal to the deal-level ones when every account has one deal), so each
    /// segment's variance carries the pooled design effect.
    /// Returns each group's shrunk margin per deal and per effort hour (NaN without hours) and the between-segment variance.
    /// </summary>
    private static (double[] PerDeal, double[] PerHour, double Between) ShrunkYields(double[] stats, int groups, List<int> present, bool clustered)
    {
        var shrunkPerDeal = new double[groups];
        var shrunkPerHour = new double[groups];
        Array.Fill(shrunkPerHour, double.NaN);
        double between = 0;
        double rss = 0, rssH = 0, nTotal = 0, nHTotal = 0;
        int kH = 0;
        foreach (int g in present)
        {
            ReadOnlySpan<double> s = stats.AsSpan(g * YieldAccumulator.Stride, YieldAccumulator.Stride);
            rss += clustered ? YieldAccumulator.AccountMeanScoreSquares(s) : YieldAccumulator.MeanResidualSquares(s);
            nTotal += s[YieldAccumulator.N];
            shrunkPerDeal[g] = s[YieldAccumulator.SumY] / s[YieldAccumulator.N];
            double ph = YieldAccumulator.PerHour(s);
            if (!double.IsNaN(ph))
            {
                rssH += clustered ? YieldAccumulator.AccountRatioScoreSquares(s, ph) : YieldAccumulator.RatioResidualSquares(s, ph);
                nHTotal += s[YieldAccumulator.NHours];
                kH++;
                shrunkPerHour[g] = ph;
            }
        }
        if (present.Count > 1 && nTotal > present.Count && rss > 0)
        {
            double pooled = rss / (nTotal - present.Count);
            var est = new double[present.Count];
            var v = new double[present.Count];
            for (int j = 0; j < present.Count; j++)
            {
                ReadOnlySpan<double> s = stats.AsSpan(present[j] * YieldAccumulator.Stride, YieldAccumulator.Stride);
                est[j] = s[YieldAccumulator.SumY] / s[YieldAccumulator.N];
                v[j] = pooled / s[YieldAccumulator.N];
            }
            ShrinkageResult result = Shrinkage.DerSimonianLaird(est, v);
            between = result.BetweenGroupVariance;
            for (int j = 0; j < present.Count; j++) shrunkPerDeal[present[j]] = result.Shrunk[j];
        }
        if (kH > 1 && nHTotal > kH && rssH > 0)
        {
            double pooled = rssH / (nHTotal - kH);
            var idx = new List<int>();
            var est = new List<double>();
            var v = new List<double>();
            foreach (int g in present)
            {
                ReadOnlySpan<double> s = stats.AsSpan(g * YieldAccumulator.Stride, YieldAccumulator.Stride);
                double ph = YieldAccumulator.PerHour(s);
                if (double.IsNaN(ph)) continue;
                double meanH = s[YieldAccumulator.SumH] / s[YieldAccumulator.NHours];
                idx.Add(g);
                est.Add(ph);
                v.Add(pooled / (s[YieldAccumulator.NHours] * meanH * meanH));
            }
            ShrinkageResult result = Shrinkage.DerSimonianLaird([.. est], [.. v]);
            for (int j = 0; j < idx.Count; j++) shrunkPerHour[idx[j]] = result.Shrunk[j];
        }
        return (shrunkPerDeal, shrunkPerHour, between);
    }

    /// <summary>
    /// The yield record of one group from its sufficient statistics. When <paramref name="s"/> holds account-cluster
    /// moments (accounts &gt; 0), intervals are account-cluster-robust: for margin per deal pursued ȳ = Σ y / n, the
    /// variance is G/(G−1) · Σ_a (Y_a − ȳ n_a)² / n²; for margin per effort hour R = Σ y / Σ h, it is
    /// G/(G−1) · Σ_a (Y_a − R H_a)² / (Σ h)² over the G accounts with hours; both margin intervals are estimate ± t · se
    /// with the Student-t critical value on G − 1 degrees of freedom (3.182 at 95% for 4 accounts), as Stata and R's
    /// clustered estimators use, because with few accounts the variance rests on few scores. For the win rate p, the design effect is
    /// G/(G−1) · Σ_a (W_a − p n_a)² / (n p (1 − p)), at least 1, and the interval is Wilson's on n / design effect (plain
    /// Wilson when every account has one deal; n_eff = G when p is 0 or 1 or G = 1, where the design effect cannot be
    /// estimated). Without the moments, deals are treated as independent and the margin intervals use the normal critical
    /// value z.
    /// </summary>
    internal static SegmentYield Make(string label, string[] levels, ReadOnlySpan<double> s, double wholePerHour, double level,
        int minDeals, bool hasHours, bool onRevenue, double shrunkPerDeal, double shrunkPerHour)
    {
        double z = Distributions.NormalCritical(level);
        int n = (int)s[YieldAccumulator.N];
        int won = (int)s[YieldAccumulator.Won];
        double meanY = n > 0 ? s[YieldAccumulator.SumY] / n : 0;
        double accounts = s[YieldAccumulator.Accounts];
        bool clustered = accounts > 0;
        Interval? perDealInterval = null;
        if (clustered)
        {
            if (accounts >= 2)
            {
                double se = Math.Sqrt(accounts / (accounts - 1) * YieldAccumulator.AccountMeanScoreSquares(s)) / n;
                double t = Distributions.StudentCritical(level, accounts - 1);
                perDealInterval = new Interval(meanY - t * se, meanY + t * se);
            }
        }
        else if (n >= 2)
        {
            double se = Math.Sqrt(YieldAccumulator.MeanResidualSquares(s) / (n - 1) / n);
            perDealInterval = new Interval(meanY - z * se, meanY + z * se);
        }
        Interval winInterval = n == 0 ? new Interval(0, 1)
            : !clustered || accounts >= n ? Proportion.Wilson(won, n, level)
            : ClusteredWilson(won, n, accounts, YieldAccumulator.AccountWinScoreSquares(s), level);
        double? perHour = null, index = null, hoursPerDeal = null, hours = null, shrunkHour = null;
        Interval? perHourInterval = null;
        if (hasHours)
        {
            double ph = YieldAccumulator.PerHour(s);
            double nh = s[YieldAccumulator.NHours];
            hours = s[YieldAccumulator.SumH];
            if (nh > 0) hoursPerDeal = s[YieldAccumulator.SumH] / nh;
            if (!double.IsNaN(ph))
            {
                perHour = ph;
                if (!double.IsNaN(shrunkPerHour)) shrunkHour = shrunkPerHour;
                if (wholePerHour > 0) index = ph / wholePerHour;
                double hourAccounts = s[YieldAccumulator.HourAccounts];
                if (clustered)
                {
                    if (hourAccounts >= 2)
                    {
                        double se = Math.Sqrt(hourAccounts / (hourAccounts - 1) * YieldAccumulator.AccountRatioScoreSquares(s, ph)) / s[YieldAccumulator.SumH];
                        double t = Distributions.StudentCritical(level, hourAccounts - 1);
                        perHourInterval = new Interval(ph - t * se, ph + t * se);
                    }
                }
                else if (nh >= 2)
                {
                    double meanH = s[YieldAccumulator.SumH] / nh;
                    double se = Math.Sqrt(YieldAccumulator.RatioResidualSquares(s, ph) / (nh - 1) / nh) / meanH;
                    perHourInterval = new Interval(ph - z * se, ph + z * se);
                }
            }
        }
        double revenue = s[YieldAccumulator.RevenueWon];
        return new SegmentYield
        {
            Segment = label,
            Levels = levels,
            DealsPursued = n,
            DealsWon = won,
            WinRate = n > 0 ? (double)won / n : 0,
            WinRateInterval = winInterval,
            Revenue = revenue,
            GrossMargin = s[YieldAccumulator.SumY],
            MarginPercent = revenue > 0 ? s[YieldAccumulator.SumY] / revenue : null,
            MarginPerDealPursued = meanY,
            MarginPerDealPursuedInterval = perDealInterval,
            MarginPerEffortHour = perHour,
            MarginPerEffortHourInterval = perHourInterval,
            YieldIndex = index,
            MeanDiscount = s[YieldAccumulator.DiscountN] > 0 ? s[YieldAccumulator.Discount] / s[YieldAccumulator.DiscountN] : null,
            MeanCycleDays = s[YieldAccumulator.CycleN] > 0 ? s[YieldAccumulator.Cycle] / s[YieldAccumulator.CycleN] : null,
            EffortHoursPerDeal = hoursPerDeal,
            EffortHours = hours,
            WonDealsWithoutMargin = (int)s[YieldAccumulator.WonWithoutMargin],
            IsSmall = n < minDeals,
            ShrunkMarginPerDealPursued = shrunkPerDeal,
            ShrunkMarginPerEffortHour = shrunkHour,
            YieldOnRevenue = onRevenue,
        };
    }

    /// <summary>
    /// The design-effect-adjusted Wilson interval of <paramref name="won"/> of <paramref name="n"/> deals in
    /// <paramref name="accounts"/> accounts (some with several deals), from Σ_a (W_a − p n_a)².
    /// </summary>
    internal static Interval ClusteredWilson(int won, int n, double accounts, double winScoreSquares, double level)
    {
        double p = (double)won / n;
        double binomial = n * p * (1 - p);
        // Design effect = cluster-robust variance of p / binomial variance of p. It cannot be estimated from one account
        // or when every deal was won or every deal lost; then each account counts as one deal (n_eff = accounts).
        double designEffect = accounts < 2 || binomial <= 0
            ? n / accounts
            : accounts / (accounts - 1) * winScoreSquares / binomial;
        return Proportion.WilsonWithDesignEffect(p, n, designEffect, level);
    }
}
