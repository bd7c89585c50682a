using System.Globalization;
using System.Text;
using IcpAnalytics.Data;
using IcpAnalytics.Segments;
using IcpAnalytics.Statistics;

namespace IcpAnalytics.Icp;

/// <summary>A yield measure compared between ICP-fit and non-fit deals: both values, the difference, its interval and the p-value of a test that it is zero.</summary>
public sealed record YieldDifference
{
    /// <summary>The measure compared.</summary>
    public required ProfitYield Measure { get; init; }

    /// <summary>The fit deals' value.</summary>
    public required double Fit { get; init; }

    /// <summary>The non-fit deals' value.</summary>
    public required double NonFit { get; init; }

    /// <summary><see cref="Fit"/> − <see cref="NonFit"/>.</summary>
    public required double Difference { get; init; }

    /// <summary>The interval of <see cref="Difference"/>.</summary>
    public required Interval DifferenceInterval { get; init; }

    /// <summary>The two-sided p-value of the test that the difference is zero.</summary>
    public required double PValue { get; init; }

    /// <summary>How the interval and test were computed.</summary>
    public required string Method { get; init; }

    /// <summary>One line: values, difference with interval, p-value.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Measure}: fit {MeasureFormat.Format(Measure, Fit)} vs non-fit {MeasureFormat.Format(Measure, NonFit)}, difference {MeasureFormat.Format(Measure, Difference)} [{MeasureFormat.Format(Measure, DifferenceInterval.Lower)}, {MeasureFormat.Format(Measure, DifferenceInterval.Upper)}], p {MeasureFormat.PValue(PValue)}");
}

/// <summary>One point of a gain curve: the deals scoring at least <see cref="MinScore"/>, and the shares of deals, effort and margin they hold.</summary>
/// <param name="MinScore">The fit-score threshold.</param>
/// <param name="ShareOfDeals">The share of later deals scoring at least the threshold.</param>
/// <param name="ShareOfEffort">Their share of effort hours, or null without effort hours.</param>
/// <param name="ShareOfMargin">Their share of the margin won on later deals (0 when total margin is not positive).</param>
public sealed record GainCurvePoint(double MinScore, double ShareOfDeals, double? ShareOfEffort, double ShareOfMargin);

/// <summary>
/// An ICP validated by the profit it yields: built on earlier deals, compared on later deals it never saw — ICP-fit against
/// non-fit win rate, margin per deal pursued and margin per effort hour, with intervals and tests, and the gain curve in money.
/// </summary>
/// <remarks>
/// Tests: win rate as the difference of the two groups' means of the won indicator (0/1), margin per deal pursued and per
/// effort hour as ratios (Σ margin of won deals / deals or / hours), each with delta-method standard errors clustered by
/// account — one score per account over the accounts in either group, so an account with deals in both groups is counted
/// once with its covariance — and a t test and interval d ± t(G − 1) · se on G − 1 degrees of freedom, G the accounts in
/// either group (as Stata and R's clustered tests do for few accounts). When the profile's
/// <see cref="IcpOptions.TreatDealsAsIndependent"/> is set, the win rate instead uses the pooled two-proportion z test with
/// Newcombe's interval, which treats every deal as independent; the margin differences stay clustered. The intervals of each group's own yield (<see cref="Fit"/>, <see cref="NonFit"/>)
/// are those of the segment yield table: clustered by account unless the profile's
/// <see cref="IcpOptions.TreatDealsAsIndependent"/> is set.
/// </remarks>
public sealed record HoldoutValidation
{
    /// <summary>The cut-off date: the profile was built on deals closed before it and checked on deals closed on or after it; null when the caller split the deals.</summary>
    public DateOnly? Cutoff { get; init; }

    /// <summary>The profile that was validated.</summary>
    public required IdealCustomerProfile Profile { get; init; }

    /// <summary>The later deals the profile was checked on.</summary>
    public required int HoldoutDeals { get; init; }

    /// <summary>The yield of later deals whose account fits the profile (intervals clustered by account unless <see cref="IcpOptions.TreatDealsAsIndependent"/>).</summary>
    public required SegmentYield Fit { get; init; }

    /// <summary>The yield of later deals whose account does not fit (intervals clustered by account unless <see cref="IcpOptions.TreatDealsAsIndependent"/>).</summary>
    public required SegmentYield NonFit { get; init; }

    /// <summary>
    /// Win rate, fit against non-fit: clustered by account with a t test on accounts − 1 degrees of freedom (null when
    /// either group has fewer than two accounts or the deals of each group all had one outcome), or the pooled
    /// two-proportion z test with Newcombe's interval when <see cref="IcpOptions.TreatDealsAsIndependent"/> is set (null
    /// when either group is empty).
    /// </summary>
    public YieldDifference? WinRate { get; init; }

    /// <summary>Margin per deal pursued, fit against non-fit, clustered by account with a t test on accounts − 1 degrees of freedom; null when either group has fewer than two accounts.</summary>
    public YieldDifference? MarginPerDealPursued { get; init; }

    /// <summary>Margin per effort hour, fit against non-fit, clustered by account with a t test on accounts − 1 degrees of freedom; null without effort hours or when a group has fewer than two accounts.</summary>
    public YieldDifference? MarginPerEffortHour { get; init; }

    /// <summary>The share of later deals that fit.</summary>
    public required double FitShareOfDeals { get; init; }

    /// <summary>The share of later effort hours spent on fit deals, or null without effort hours.</summary>
    public double? FitShareOfEffort { get; init; }

    /// <summary>The share of later margin won on fit deals (0 when total margin is not positive).</summary>
    public required double FitShareOfMargin { get; init; }

    /// <summary>The gain curve: later deals ranked by fit score, share of margin captured against share of deals and of effort.</summary>
    public required IReadOnlyList<GainCurvePoint> GainCurve { get; init; }

    /// <summary>Whether "margin" is revenue, because the deals have no gross margin.</summary>
    public required bool YieldOnRevenue { get; init; }

    /// <summary>A summary: the comparisons and the fit share of deals, effort and margin.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"Holdout validation on {HoldoutDeals:N0} later deals{(Cutoff is { } c ? $" (closed on or after {c:yyyy-MM-dd})" : "")}");
        sb.AppendLine();
        sb.Append(CultureInfo.InvariantCulture, $"  fit deals: {FitShareOfDeals:P1} of deals");
        if (FitShareOfEffort is { } e) sb.Append(CultureInfo.InvariantCulture, $", {e:P1} of effort");
        sb.Append(CultureInfo.InvariantCulture, $", {FitShareOfMargin:P1} of margin").AppendLine();
        foreach (YieldDifference? d in (ReadOnlySpan<YieldDifference?>)[WinRate, MarginPerDealPursued, MarginPerEffortHour])
        {
            if (d is not null) sb.Append("  ").AppendLine(d.ToString());
        }
        return sb.ToString().TrimEnd();
    }

    internal static HoldoutValidation Compute(IdealCustomerProfile profile, DealSet later, DateOnly? cutoff)
    {
        ArgumentNullException.ThrowIfNull(later);
        int n = later.Count;
        if (n == 0) throw new InvalidOptionsException(["There are no later deals to validate the profile on; choose an earlier cut-off date."]);
        double[] scores = profile.ScoreDeals(later);
        bool[] fit = profile.MatchDeals(later);
        var groupOf = new int[n];
        for (int i = 0; i < n; i++) groupOf[i] = fit[i] ? 0 : 1;
        double[] stats = SegmentYieldExtensions.Accumulate(later, groupOf, 2, profile.Options.TreatDealsAsIndependent, out _, profile.Options.MaxDegreeOfParallelism);
        double level = profile.Options.ConfidenceLevel;
        bool hasHours = later.EffortHours is not null;
        double wholePerHour = YieldAccumulator.PerHour(Sum(stats));
        SegmentYield fitYield = MakeYield("ICP fit", stats.AsSpan(0, YieldAccumulator.Stride), wholePerHour, level, profile.Options.MinDeals, later);
        SegmentYield nonFitYield = MakeYield("not ICP fit", stats.AsSpan(YieldAccumulator.Stride, YieldAccumulator.Stride), wholePerHour, level, profile.Options.MinDeals, later);

        // Clustered comparisons.
        int[] accounts = YieldAccumulator.ClusterIds(later, out int clusters);
        var margin = new double[n];
        var hours = new double[n];
        var won = new bool[n];
        int[]? rows = later.Rows;
        double[] amount = later.YieldAmount.Data;
        double[]? h = later.EffortHours?.Data;
        for (int i = 0; i < n; i++)
        {
            int r = rows is null ? i : rows[i];
            won[i] = later.WonFlags[r] != 0;
            margin[i] = won[i] && !double.IsNaN(amount[r]) ? amount[r] : 0;
            hours[i] = h is null ? double.NaN : h[r];
        }
        const string ratioMethod = "ratio with account-clustered delta-method standard errors; t test on accounts − 1 degrees of freedom";
        YieldDifference? winRate = WinRateDifference(profile.Options, fitYield, nonFitYield, fit, accounts, clusters, won, level);
        YieldDifference? perDeal = Compare(ProfitYield.MarginPerDealPursued, fit, accounts, clusters, margin, null, level, ratioMethod);
        YieldDifference? perHour = hasHours
            ? Compare(ProfitYield.MarginPerEffortHour, fit, accounts, clusters, margin, hours, level, ratioMethod)
            : null;

        double totalMargin = 0, totalHours = 0;
        for (int i = 0; i < n; i++)
        {
            totalMargin += margin[i];
            if (!double.IsNaN(hours[i])) totalHours += hours[i];
        }
        List<GainCurvePoint> curve = GainCurveOf(scores, margin, hours, hasHours, totalMargin, totalHours);
        double fitMargin = stats[YieldAccumulator.SumY];
        double fitHours = stats[YieldAccumulator.SumH];
        return new HoldoutValidation
        {
            Cutoff = cutoff,
            Profile = profile,
            HoldoutDeals = n,
            Fit = fitYield,
            NonFit = nonFitYield,
            WinRate = winRate,
            MarginPerDealPursued = perDeal,
            MarginPerEffortHour = perHour,
            FitShareOfDeals = (double)fitYield.DealsPursued / n,
            FitShareOfEffort = hasHours ? (totalHours > 0 ? fitHours / totalHours : 0) : null,
            FitShareOfMargin = totalMargin > 0 ? fitMargin / totalMargin : 0,
            GainCurve = curve,
            YieldOnRevenue = later.YieldFallsBackToRevenue,
        };
    }

    /// <summary>
    /// Fit minus non-fit win rate: with independent deals, the pooled two-proportion z test with Newcombe's interval; otherwise
    /// the difference of the won indicator's means, clustered by account. Null when either group has no deals.
    /// </summary>
    private static YieldDifference? WinRateDifference(IcpOptions options, SegmentYield fitYield, SegmentYield nonFitYield, bool[] fit,
        int[] accounts, int clusters, bool[] won, double level)
    {
        if (fitYield.DealsPursued == 0 || nonFitYield.DealsPursued == 0) return null;
        if (options.TreatDealsAsIndependent)
        {
            ProportionDifference d = Proportion.Difference(fitYield.DealsWon, fitYield.DealsPursued, nonFitYield.DealsWon, nonFitYield.DealsPursued, level);
            return new YieldDifference
            {
                Measure = ProfitYield.WinRate, Fit = fitYield.WinRate, NonFit = nonFitYield.WinRate, Difference = d.Difference,
                DifferenceInterval = d.Interval, PValue = d.PValue, Method = "pooled two-proportion z test; Newcombe hybrid Wilson interval",
            };
        }
        var wonIndicator = new double[won.Length];
        for (int i = 0; i < won.Length; i++) wonIndicator[i] = won[i] ? 1 : 0;
        return Compare(ProfitYield.WinRate, fit, accounts, clusters, wonIndicator, null, level,
            "difference of win rates (means of the won indicator) with account-clustered standard errors; t test on accounts − 1 degrees of freedom");
    }

    /// <summary>The gain curve: at each distinct score, best first, the share of deals at or above it and their shares of effort and margin.</summary>
    private static List<GainCurvePoint> GainCurveOf(double[] scores, double[] margin, double[] hours, bool hasHours, double totalMargin, double totalHours)
    {
        int n = scores.Length;
        int[] order = [.. Enumerable.Range(0, n)];
        double[] keys = [.. scores.Select(s => -s)];
        Array.Sort(keys, order);
        var curve = new List<GainCurvePoint> { new(100, 0, hasHours ? 0 : null, 0) };
        double cumMargin = 0, cumHours = 0;
        for (int k = 0; k < n; k++)
        {
            int i = order[k];
            cumMargin += margin[i];
            if (!double.IsNaN(hours[i])) cumHours += hours[i];
            if (k == n - 1 || scores[order[k + 1]] != scores[i])
            {
                curve.Add(new GainCurvePoint(scores[i], (double)(k + 1) / n,
                    hasHours ? (totalHours > 0 ? cumHours / totalHours : 0) : null,
                    totalMargin > 0 ? cumMargin / totalMargin : 0));
            }
        }
        return curve;
    }

    private static double[] Sum(double[] stats)
    {
        var whole = new double[YieldAccumulator.Stride];
        for (int k = 0; k < stats.Length; k++) whole[k % YieldAccumulator.Stride] += stats[k];
        return whole;
    }

    private static SegmentYield MakeYield(string label, ReadOnlySpan<double> s, double wholePerHour, double level, int minDeals, DealSet deals)
    {
        double perDeal = s[YieldAccumulator.N] > 0 ? s[YieldAccumulator.SumY] / s[YieldAccumulator.N] : 0;
        double perHour = YieldAccumulator.PerHour(s);
        return SegmentYieldExtensions.Make(label, [], s, wholePerHour, level, minDeals, deals.EffortHours is not null,
            deals.YieldFallsBackToRevenue, perDeal, perHour);
    }

    /// <summary>
    /// Fit against non-fit for the ratio Σ y / Σ h (h = 1 for per-deal measures; y the won indicator for the win rate):
    /// account-clustered standard error of the difference (<see cref="ClusteredRatio.Difference"/>), interval
    /// d ± t(G − 1) · se and a two-sided t test on G − 1 degrees of freedom, G the accounts in either group; null when
    /// either group has fewer than two accounts or the standard error is 0.
    /// </summary>
    private static YieldDifference? Compare(ProfitYield measure, bool[] fit, int[] accounts, int clusters, double[] margin, double[]? hours, double level, string method)
    {
        var a = new ClusteredRatio(clusters);
        var b = new ClusteredRatio(clusters);
        for (int i = 0; i < fit.Length; i++)
        {
            double h = hours is null ? 1 : hours[i];
            if (double.IsNaN(h)) continue;
            if (fit[i]) a.Add(accounts[i], margin[i], h);
            else b.Add(accounts[i], margin[i], h);
        }
        (double d, double se, int g) = ClusteredRatio.Difference(a, b);
        if (double.IsNaN(d) || !(se > 0)) return null;
        double t = Distributions.StudentCritical(level, g - 1);
        return new YieldDifference
        {
            Measure = measure, Fit = a.Ratio, NonFit = b.Ratio, Difference = d,
            DifferenceInterval = new Interval(d - t * se, d + t * se),
            PValue = Distributions.StudentTwoSidedP(d / se, g - 1),
            Method = method,
        };
    }
}
