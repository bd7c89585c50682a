using System.Globalization;
using IcpAnalytics.Data;
using IcpAnalytics.Statistics;

namespace IcpAnalytics.Execution.Losses;

/// <summary>Options for <see cref="LossReasons.Analyze"/>.</summary>
public sealed record LossReasonOptions
{
    /// <summary>The categorical column holding each lost deal's loss reason or the competitor it was lost to.</summary>
    /// <value>The default is "loss_reason".</value>
    public string ReasonColumn { get; init; } = "loss_reason";

    /// <summary>The categorical attribute to break losses down by (e.g. "industry"), or null for the whole team only.</summary>
    /// <value>The default is null.</value>
    public string? SegmentBy { get; init; }

    /// <summary>The confidence level of the intervals, in (0, 1).</summary>
    /// <value>The default is 0.95.</value>
    public double ConfidenceLevel { get; init; } = 0.95;

    /// <summary>Bootstrap resamples of the lost deals for the margin-lost intervals, 100 to 100,000.</summary>
    /// <value>The default is 400.</value>
    public int BootstrapResamples { get; init; } = 400;

    /// <summary>The seed of the bootstrap (same data and seed, same intervals).</summary>
    /// <value>The default is 1.</value>
    public int Seed { get; init; } = 1;

    internal void Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(ReasonColumn)) problems.Add("ReasonColumn is empty; name the loss-reason or competitor column, e.g. \"loss_reason\".");
        if (!(ConfidenceLevel > 0 && ConfidenceLevel < 1)) problems.Add(string.Create(CultureInfo.InvariantCulture, $"ConfidenceLevel is {ConfidenceLevel}; it must lie strictly between 0 and 1 (0.95 is the default)."));
        if (BootstrapResamples is < 100 or > 100_000) problems.Add(string.Create(CultureInfo.InvariantCulture, $"BootstrapResamples is {BootstrapResamples}; use 100 to 100,000 (400 is the default)."));
        Throw.IfAny(problems);
    }
}

/// <summary>One loss reason in one group of lost deals: its count and share with a Wilson interval, and the margin it lost with a bootstrap interval.</summary>
/// <param name="Group">"All deals", a segment such as "industry = Retail", "ICP fit" or "not ICP fit".</param>
/// <param name="Reason">The loss reason or competitor ("(no reason given)" for blanks).</param>
/// <param name="Losses">Lost deals with this reason in the group.</param>
/// <param name="GroupLosses">Lost deals in the group.</param>
/// <param name="Share">Losses ÷ group losses.</param>
/// <param name="ShareInterval">The Wilson interval of the share.</param>
/// <param name="MarginLost">The lost deals' revenue × the group's margin rate on won deals (Σ margin ÷ Σ revenue): the margin the group would have earned.</param>
/// <param name="MarginLostInterval">Its percentile bootstrap interval over the group's lost deals.</param>
public sealed record LossReasonShare(string Group, string Reason, int Losses, int GroupLosses, double Share, Interval ShareInterval, double MarginLost, Interval MarginLostInterval);

/// <summary>One reason's share among ICP-fit losses minus its share among non-fit losses, with the Newcombe interval.</summary>
/// <param name="Reason">The reason.</param>
/// <param name="FitShare">Its share of ICP-fit losses.</param>
/// <param name="NonFitShare">Its share of non-fit losses.</param>
/// <param name="Difference">Fit − non-fit with its interval and p-value.</param>
public sealed record LossReasonFitDifference(string Reason, double FitShare, double NonFitShare, ProportionDifference Difference);

/// <summary>Why deals are lost: shares and margin lost per reason for the team, per segment and for ICP fit against non-fit, with intervals. Immutable.</summary>
public sealed class LossReasonsResult
{
    internal LossReasonsResult(LossReasonOptions options, string reasonColumn, int lost, IReadOnlyList<LossReasonShare> shares, IReadOnlyList<LossReasonFitDifference> fit, IReadOnlyList<string> issues)
    {
        Options = options;
        ReasonColumn = reasonColumn;
        LostDeals = lost;
        Shares = shares;
        FitDifferences = fit;
        Issues = issues;
    }

    /// <summary>The options the analysis ran with.</summary>
    public LossReasonOptions Options { get; }

    /// <summary>The reason column's name.</summary>
    public string ReasonColumn { get; }

    /// <summary>Lost deals analysed.</summary>
    public int LostDeals { get; }

    /// <summary>Every group × reason, groups in order (all deals, segments, fit, non-fit), reasons by losses.</summary>
    public IReadOnlyList<LossReasonShare> Shares { get; }

    /// <summary>Per reason, ICP fit against non-fit (empty without an ICP fit mask).</summary>
    public IReadOnlyList<LossReasonFitDifference> FitDifferences { get; }

    /// <summary>Blank reasons, missing margin and similar notes.</summary>
    public IReadOnlyList<string> Issues { get; }

    /// <summary>The top reasons of all lost deals (invariant).</summary>
    public override string ToString() => "Why we lose: " + string.Join("; ", Shares.Where(s => s.Group == LossReasons.AllDeals).Take(3)
        .Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Reason} {s.Share:P0}")));
}

/// <summary>
/// Why we lose, by segment: for the lost deals, the share of each loss reason (or competitor) with a Wilson interval and the
/// margin it lost (the lost revenue at the group's margin rate on won deals, with a seeded bootstrap interval), for all
/// deals, per segment, and for ICP fit against non-fit (difference of shares with the Newcombe interval): what sellers
/// see, fed back to strategy.
/// </summary>
public static class LossReasons
{
    /// <summary>The group name of all lost deals.</summary>
    public const string AllDeals = "All deals";

    /// <summary>Analyses the loss reasons.</summary>
    /// <param name="deals">Closed deals with a loss-reason column.</param>
    /// <param name="icpFit">Whether each deal fits the ICP (e.g. <c>icp.MatchDeals(deals)</c>), or null for no fit comparison.</param>
    /// <param name="options">The reason column, segment attribute and interval settings; null for the defaults.</param>
    /// <exception cref="InvalidOptionsException">The options are invalid, a column is missing, or the fit mask has the wrong length.</exception>
    public static LossReasonsResult Analyze(DealSet deals, IReadOnlyList<bool>? icpFit = null, LossReasonOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(deals);
        options ??= new LossReasonOptions();
        options.Validate();
        CategoricalColumn reasons = deals.FindCategorical(options.ReasonColumn)
            ?? throw new InvalidOptionsException([$"There is no categorical column '{options.ReasonColumn}' in the deals; name the loss-reason or competitor column with ReasonColumn (columns: {string.Join(", ", deals.CategoricalAttributes.Select(c => c.Name))})."]);
        CategoricalColumn? segment = options.SegmentBy is null ? null : deals.FindCategorical(options.SegmentBy)
            ?? throw new InvalidOptionsException([$"There is no categorical attribute '{options.SegmentBy}' to break losses down by."]);
        if (icpFit is not null && icpFit.Count != deals.Count)
            throw new InvalidOptionsException([string.Create(CultureInfo.InvariantCulture, $"The ICP fit mask has {icpFit.Count} entries for {deals.Count} deals; pass icp.MatchDeals(deals) for the same deals.")]);
        var issues = new List<string>();
        int[] lost = [.. Enumerable.Range(0, deals.Count).Where(i => !deals.IsWon(i))];
        int blank = lost.Count(i => reasons.GetCode(i) < 0);
        if (blank > 0) issues.Add(string.Create(CultureInfo.InvariantCulture, $"{blank} of {lost.Length} lost deals have no {options.ReasonColumn}; they are counted as \"(no reason given)\"."));
        var groups = new List<(string Name, int[] Deals)> { (AllDeals, lost) };
        if (segment is not null)
        {
            for (int l = 0; l < segment.Levels.Count; l++)
                groups.Add(($"{segment.Name} = {segment.Levels[l]}", [.. lost.Where(i => segment.GetCode(i) == l)]));
        }
        if (icpFit is not null)
        {
            groups.Add(("ICP fit", [.. lost.Where(i => icpFit[i])]));
            groups.Add(("not ICP fit", [.. lost.Where(i => !icpFit[i])]));
        }
        var shares = new List<LossReasonShare>();
        var random = new Random(options.Seed);
        foreach ((string name, int[] members) in groups)
        {
            if (members.Length == 0) continue;
            double rate = MarginRate(deals, name == AllDeals ? null : WonOf(deals, name, segment, icpFit));
            int[] codes = [.. members.Select(i => reasons.GetCode(i))];
            double[] value = [.. members.Select(i => double.IsFinite(deals.Revenue[i]) ? deals.Revenue[i] * rate : 0)];
            int[] order = [.. codes.Distinct().OrderByDescending(c => codes.Count(x => x == c)).ThenBy(c => c)];
            var slot = new Dictionary<int, int>();
            for (int k = 0; k < order.Length; k++) slot[order[k]] = k;
            // One resample of the group's lost deals gives every reason's margin lost at once.
            var boot = new double[order.Length][];
            for (int k = 0; k < order.Length; k++) boot[k] = new double[options.BootstrapResamples];
            var sums = new double[order.Length];
            for (int b = 0; b < options.BootstrapResamples; b++)
            {
                Array.Clear(sums);
                for (int j = 0; j < members.Length; j++)
                {
                    int pick = random.Next(members.Length);
                    sums[slot[codes[pick]]] += value[pick];
                }
                for (int k = 0; k < order.Length; k++) boot[k][b] = sums[k];
            }
            double alpha = 1 - options.ConfidenceLevel;
            for (int k = 0; k < order.Length; k++)
            {
                int code = order[k];
                int count = codes.Count(x => x == code);
                double marginLost = Enumerable.Range(0, members.Length).Where(j => codes[j] == code).Sum(j => value[j]);
                Array.Sort(boot[k]);
                shares.Add(new LossReasonShare(name, code < 0 ? "(no reason given)" : reasons.Levels[code], count, members.Length, (double)count / members.Length,
                    Proportion.Wilson(count, members.Length, options.ConfidenceLevel), marginLost, new Interval(Bootstrap.Quantile(boot[k], alpha / 2), Bootstrap.Quantile(boot[k], 1 - alpha / 2))));
            }
        }
        var fit = new List<LossReasonFitDifference>();
        if (icpFit is not null)
        {
            int[] fitLost = [.. lost.Where(i => icpFit[i])], nonFitLost = [.. lost.Where(i => !icpFit[i])];
            if (fitLost.Length > 0 && nonFitLost.Length > 0)
            {
                foreach (int code in lost.Select(i => reasons.GetCode(i)).Distinct().OrderBy(c => c))
                {
                    int a = fitLost.Count(i => reasons.GetCode(i) == code), b = nonFitLost.Count(i => reasons.GetCode(i) == code);
                    fit.Add(new LossReasonFitDifference(code < 0 ? "(no reason given)" : reasons.Levels[code], (double)a / fitLost.Length, (double)b / nonFitLost.Length,
                        Proportion.Difference(a, fitLost.Length, b, nonFitLost.Length, options.ConfidenceLevel)));
                }
            }
            else issues.Add("Every lost deal is on one side of the ICP, so fit and non-fit losses cannot be compared.");
        }
        if (deals.GrossMargin is null) issues.Add("The deals have no gross margin, so margin lost is lost revenue.");
        return new LossReasonsResult(options, reasons.Name, lost.Length, shares, fit, issues);
    }

    private static int[] WonOf(DealSet deals, string group, CategoricalColumn? segment, IReadOnlyList<bool>? icpFit)
    {
        IEnumerable<int> won = Enumerable.Range(0, deals.Count).Where(deals.IsWon);
        if (group == "ICP fit") return [.. won.Where(i => icpFit![i])];
        if (group == "not ICP fit") return [.. won.Where(i => !icpFit![i])];
        int level = segment!.Levels.ToList().FindIndex(l => group == $"{segment.Name} = {l}");
        return [.. won.Where(i => segment.GetCode(i) == level)];
    }

    /// <summary>Σ margin ÷ Σ revenue over the won deals given (all won deals when null; 1 without a margin column or when no won revenue).</summary>
    private static double MarginRate(DealSet deals, int[]? won)
    {
        if (deals.GrossMargin is null) return 1;
        IEnumerable<int> set = won ?? Enumerable.Range(0, deals.Count).Where(deals.IsWon);
        double m = 0, r = 0;
        foreach (int i in set)
        {
            if (!double.IsFinite(deals.GrossMargin[i]) || !double.IsFinite(deals.Revenue[i])) continue;
            m += deals.GrossMargin[i];
            r += deals.Revenue[i];
        }
        if (r > 0) return m / r;
        return won is null ? 1 : MarginRate(deals, null);
    }
}
