using System.Globalization;
using System.Text;
using IcpAnalytics.Statistics;

namespace IcpAnalytics.CauseEffect;

/// <summary>Whether an effort budget is in hours or in effort units (meetings, demos …).</summary>
public enum EffortBudgetUnit
{
    /// <summary>Effort hours; each effort's units cost its hours per unit (see <see cref="EffortEffects.HoursPerUnit"/>). The default.</summary>
    Hours,

    /// <summary>Effort units; every unit of every effort costs 1.</summary>
    Units,
}

/// <summary>Options of <see cref="EffortEffects.Allocate"/>. Every default is stated.</summary>
public sealed record AllocationOptions
{
    /// <summary>The efforts to allocate (case-insensitive names).</summary>
    /// <value>The default is null: every effort of the fit.</value>
    public IReadOnlyList<string>? Efforts { get; init; }

    /// <summary>Whether to plan with the partially pooled (shrunk) effects rather than the raw ones; shrunk effects do not over-read small segments.</summary>
    /// <value>The default is true.</value>
    public bool UseShrunkEffects { get; init; } = true;

    /// <summary>How many parametric draws of the effects give the interval of the gain, at least 100.</summary>
    /// <value>The default is 2,000.</value>
    public int Draws { get; init; } = 2_000;

    /// <summary>How many equal steps the budget is handed out in by the greedy marginal allocation, at least 100.</summary>
    /// <value>The default is 5,000.</value>
    public int Steps { get; init; } = 5_000;

    /// <summary>The seed of the draws.</summary>
    /// <value>The default is 20,261,126.</value>
    public int Seed { get; init; } = EffortEffectsOptions.DefaultSeed;
}

/// <summary>One segment and effort of an allocation: effort per deal today and recommended, and the expected gain.</summary>
public sealed record AllocationLine
{
    /// <summary>The segment.</summary>
    public required string Segment { get; init; }

    /// <summary>The effort.</summary>
    public required string Effort { get; init; }

    /// <summary>The segment's deals (the allocation is for as many deals as were analysed).</summary>
    public required int Deals { get; init; }

    /// <summary>The effect per unit of transformed effort the plan used (shrunk or raw).</summary>
    public required double Effect { get; init; }

    /// <summary>Average effort units per deal today.</summary>
    public required double TodayPerDeal { get; init; }

    /// <summary>Recommended effort units per deal.</summary>
    public required double RecommendedPerDeal { get; init; }

    /// <summary>Budget spent on this line today (hours or units).</summary>
    public required double TodaySpend { get; init; }

    /// <summary>Budget spent on this line in the recommendation (hours or units).</summary>
    public required double RecommendedSpend { get; init; }

    /// <summary>The expected change in margin from moving this line from today's effort to the recommendation.</summary>
    public required double ExpectedGain { get; init; }

    /// <summary>One line of text.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Segment} / {Effort}: {TodayPerDeal:0.##} → {RecommendedPerDeal:0.##} per deal ({TodaySpend:N0} → {RecommendedSpend:N0}), gain {ExpectedGain:N0}");
}

/// <summary>
/// A recommended spread of an effort budget across segments and efforts that maximizes expected margin on the fitted
/// diminishing-returns curves, with the expected gain versus today's allocation and its interval.
/// </summary>
/// <remarks>
/// Model: a segment with N deals and average effort a per deal earns N · θ · f(a) from that effort (θ the effect, f the
/// transform), evaluated at the average effort (for a concave f this understates today's margin and the plan's alike).
/// The budget is handed out in equal steps, each to the segment and effort with the highest marginal margin per unit of
/// budget, θ f′(a) / cost, never above the segment's 95th-percentile effort (the plan does not extrapolate beyond what the
/// data has seen) and never to effects at or below zero; for concave curves this greedy rule is optimal up to the step
/// size. The interval of the gain comes from seeded draws of the effects from their estimated sampling distribution
/// (multivariate normal within a segment, independent across segments), evaluating the same plan under each draw.
/// </remarks>
public sealed record EffortAllocation
{
    /// <summary>The budget given.</summary>
    public required double Budget { get; init; }

    /// <summary>Hours or units.</summary>
    public required EffortBudgetUnit Unit { get; init; }

    /// <summary>Today's total spend on the allocated efforts in the estimable segments.</summary>
    public required double TodaySpend { get; init; }

    /// <summary>Budget left unspent because every line reached its ceiling (the segment's 95th-percentile effort) or has no positive effect.</summary>
    public required double Unallocated { get; init; }

    /// <summary>The lines, one per estimable segment and allocated effort.</summary>
    public required IReadOnlyList<AllocationLine> Lines { get; init; }

    /// <summary>The expected gain in margin of the recommendation over today's allocation.</summary>
    public required double ExpectedGain { get; init; }

    /// <summary>The lower end of the interval of the gain.</summary>
    public required double GainLower { get; init; }

    /// <summary>The upper end of the interval of the gain.</summary>
    public required double GainUpper { get; init; }

    /// <summary>The confidence level of the interval.</summary>
    public required double ConfidenceLevel { get; init; }

    /// <summary>The draws behind the interval.</summary>
    public required int Draws { get; init; }

    /// <summary>Whether the plan used the shrunk effects.</summary>
    public required bool UsedShrunkEffects { get; init; }

    /// <summary>A readable plan: budget, gain with interval, and the lines.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        CultureInfo inv = CultureInfo.InvariantCulture;
        string unit = Unit == EffortBudgetUnit.Hours ? "hours" : "units";
        sb.Append(inv, $"Effort allocation: budget {Budget:N0} {unit} (today {TodaySpend:N0}); expected gain {ExpectedGain:N0} [{GainLower:N0}, {GainUpper:N0}] ({ConfidenceLevel:P0}, {Draws:N0} draws, {(UsedShrunkEffects ? "shrunk" : "raw")} effects)");
        if (Unallocated > 0) sb.AppendLine().Append(inv, $"  unallocated: {Unallocated:N0} {unit} (every line at its ceiling or without a positive effect)");
        foreach (AllocationLine line in Lines) sb.AppendLine().Append("  ").Append(line);
        return sb.ToString();
    }
}

internal static class EffortAllocator
{
    private sealed record Item(int Segment, int EffortIndex, string SegmentName, string Effort, int Deals, double Effect, double Today, double Cap, double Cost);

    internal static double TodaysSpend(EffortEffects effects, EffortBudgetUnit unit, AllocationOptions options)
    {
        double total = 0;
        foreach (Item item in Items(effects, unit, options)) total += item.Deals * item.Today * item.Cost;
        return total;
    }

    internal static EffortAllocation Allocate(EffortEffects effects, double budget, EffortBudgetUnit unit, AllocationOptions options)
    {
        var problems = new List<string>();
        CultureInfo inv = CultureInfo.InvariantCulture;
        if (!(budget >= 0) || !double.IsFinite(budget)) problems.Add(string.Create(inv, $"The budget is {budget}; it must be a finite number of 0 or more."));
        if (options.Draws < 100) problems.Add(string.Create(inv, $"Draws is {options.Draws}; use at least 100 (2,000 is the default)."));
        if (options.Steps < 100) problems.Add(string.Create(inv, $"Steps is {options.Steps}; use at least 100 (5,000 is the default)."));
        Throw.IfAny(problems);
        // A result read back from JSON has no transform function: the built-in transforms are found by name.
        EffortTransform transform = effects.TransformFunction ?? effects.Transform switch
        {
            "log1p" => EffortTransform.Log1p,
            "linear" => EffortTransform.Linear,
            _ => throw new InvalidOperationException($"These effects were read back without their custom transform '{effects.Transform}'; allocate from the fitted result instead."),
        };
        List<Item> items = Items(effects, unit, options);
        if (items.Count == 0)
            throw new ModelFitException(unit == EffortBudgetUnit.Hours
                ? "Nothing to allocate: no estimable segment, or no effort with known hours per unit. Give HoursPerUnit in the options or allocate in units."
                : "Nothing to allocate: no estimable segment.");

        // Greedy marginal allocation from zero effort.
        var level = new double[items.Count];
        double step = budget / options.Steps;
        double remaining = budget;
        var queue = new PriorityQueue<int, double>();
        double Marginal(int t) => items[t].Effect * transform.Derivative(level[t]) / items[t].Cost;
        for (int t = 0; t < items.Count; t++)
        {
            if (items[t].Effect > 0 && items[t].Cap > 0) queue.Enqueue(t, -Marginal(t));
        }
        while (remaining > 1e-12 * Math.Max(1, budget) && queue.Count > 0)
        {
            int t = queue.Dequeue();
            Item item = items[t];
            if (Marginal(t) <= 0) continue;
            double spend = Math.Min(step, remaining);
            double add = spend / (item.Deals * item.Cost);
            if (level[t] + add >= item.Cap)
            {
                spend = (item.Cap - level[t]) * item.Deals * item.Cost;
                level[t] = item.Cap;
                remaining -= spend;
                continue;
            }
            level[t] += add;
            remaining -= spend;
            queue.Enqueue(t, -Marginal(t));
        }

        var lines = new List<AllocationLine>();
        double gain = 0;
        double todaySpend = 0;
        for (int t = 0; t < items.Count; t++)
        {
            Item item = items[t];
            double g = item.Deals * item.Effect * (transform.Apply(level[t]) - transform.Apply(item.Today));
            gain += g;
            todaySpend += item.Deals * item.Today * item.Cost;
            lines.Add(new AllocationLine
            {
                Segment = item.SegmentName, Effort = item.Effort, Deals = item.Deals, Effect = item.Effect,
                TodayPerDeal = item.Today, RecommendedPerDeal = level[t],
                TodaySpend = item.Deals * item.Today * item.Cost, RecommendedSpend = item.Deals * level[t] * item.Cost, ExpectedGain = g,
            });
        }

        // Interval: draws of the effects, the same plan evaluated under each draw.
        var rng = new Random(options.Seed);
        var gains = new double[options.Draws];
        var bySegment = items.GroupBy(i => i.Segment).ToList();
        for (int draw = 0; draw < options.Draws; draw++)
        {
            double total = 0;
            foreach (IGrouping<int, Item> group in bySegment)
            {
                SegmentEffects segment = effects.Segments[group.Key];
                double[] delta = DrawDeviation(segment, effects.Efforts.Count, rng, options.UseShrunkEffects);
                foreach (Item item in group)
                {
                    int t = items.IndexOf(item);
                    double effect = item.Effect + delta[item.EffortIndex];
                    total += item.Deals * effect * (transform.Apply(level[t]) - transform.Apply(item.Today));
                }
            }
            gains[draw] = total;
        }
        Array.Sort(gains);
        double alpha = 1 - effects.ConfidenceLevel;
        double lower = gains[(int)Math.Floor(alpha / 2 * (options.Draws - 1))];
        double upper = gains[(int)Math.Ceiling((1 - alpha / 2) * (options.Draws - 1))];
        return new EffortAllocation
        {
            Budget = budget, Unit = unit, TodaySpend = todaySpend, Unallocated = remaining > 1e-9 * Math.Max(1, budget) ? remaining : 0, Lines = lines,
            ExpectedGain = gain, GainLower = lower, GainUpper = upper, ConfidenceLevel = effects.ConfidenceLevel, Draws = options.Draws,
            UsedShrunkEffects = options.UseShrunkEffects,
        };
    }

    /// <summary>A draw of the deviation of the segment's effects from their estimates: N(0, Σ) via the Cholesky factor (shrunk: scaled to the shrunk standard errors).</summary>
    private static double[] DrawDeviation(SegmentEffects segment, int k, Random rng, bool shrunk)
    {
        var cov = new double[k * k];
        for (int a = 0; a < k * k; a++) cov[a] = segment.EffectCovariance[a];
        if (shrunk)
        {
            // Rescale to the shrunk standard errors, keeping the correlations.
            var scale = new double[k];
            for (int j = 0; j < k; j++)
            {
                double raw = Math.Sqrt(Math.Max(cov[j * k + j], 1e-300));
                scale[j] = segment.Effects[j].ShrunkStandardError / raw;
            }
            for (int a = 0; a < k; a++)
            {
                for (int b = 0; b < k; b++) cov[a * k + b] *= scale[a] * scale[b];
            }
        }
        var l = new double[k * k];
        for (int a = 0; a < k; a++)
        {
            for (int b = 0; b <= a; b++)
            {
                double s = cov[a * k + b];
                for (int c = 0; c < b; c++) s -= l[a * k + c] * l[b * k + c];
                if (a == b) l[a * k + a] = s > 0 ? Math.Sqrt(s) : 0;
                else l[a * k + b] = l[b * k + b] > 0 ? s / l[b * k + b] : 0;
            }
        }
        var z = new double[k];
        for (int j = 0; j < k; j++) z[j] = RandomDraws.StandardNormal(rng);
        var result = new double[k];
        for (int a = 0; a < k; a++)
        {
            double s = 0;
            for (int b = 0; b <= a; b++) s += l[a * k + b] * z[b];
            result[a] = s;
        }
        return result;
    }

    private static List<Item> Items(EffortEffects effects, EffortBudgetUnit unit, AllocationOptions options)
    {
        var items = new List<Item>();
        for (int s = 0; s < effects.Segments.Count; s++)
        {
            SegmentEffects segment = effects.Segments[s];
            if (!segment.IsEstimable) continue;
            for (int j = 0; j < effects.Efforts.Count; j++)
            {
                string effort = effects.Efforts[j];
                if (options.Efforts is not null && !options.Efforts.Contains(effort, StringComparer.OrdinalIgnoreCase)) continue;
                EffortEffect e = segment.Effects[j];
                double cost = unit == EffortBudgetUnit.Units ? 1 : effects.HoursPerUnit[j].Hours ?? double.NaN;
                if (!(cost > 0)) continue;
                double effect = options.UseShrunkEffects ? e.ShrunkEstimate : e.Estimate;
                double cap = Math.Max(e.HighEffort, e.MeanEffort);
                items.Add(new Item(s, j, segment.Segment, effort, segment.Deals, effect, e.MeanEffort, cap, cost));
            }
        }
        return items;
    }
}
