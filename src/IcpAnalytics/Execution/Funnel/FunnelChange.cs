using System.Globalization;
using IcpAnalytics.Statistics;
using MathNet.Numerics.Distributions;

namespace IcpAnalytics.Execution.Funnel;

/// <summary>Options for <see cref="FunnelChange.Analyze"/>: when each rep's coaching (or any change) started, and the test levels.</summary>
public sealed record FunnelChangeOptions
{
    /// <summary>Each rep's first period after the change (e.g. "2025-Q1"), compared with the activity data's period labels in ordinal order.</summary>
    /// <value>The default is empty.</value>
    public IReadOnlyDictionary<string, string> CoachedFrom { get; init; } = new Dictionary<string, string>();

    /// <summary>The first period after the change for reps not in <see cref="CoachedFrom"/>, or null to leave them out of the before/after test.</summary>
    /// <value>The default is null.</value>
    public string? TeamCoachedFrom { get; init; }

    /// <summary>The significance level of the leak tests (Holm-adjusted across rep × step, before and after separately), in (0, 1).</summary>
    /// <value>The default is 0.05.</value>
    public double Alpha { get; init; } = 0.05;

    /// <summary>The confidence level of the intervals, in (0, 1).</summary>
    /// <value>The default is 0.95.</value>
    public double ConfidenceLevel { get; init; } = 0.95;

    internal void Validate()
    {
        var problems = new List<string>();
        if (CoachedFrom is null) problems.Add("CoachedFrom is null; give an empty map or each rep's first period after coaching.");
        if (!(Alpha > 0 && Alpha < 1)) problems.Add(string.Create(CultureInfo.InvariantCulture, $"Alpha is {Alpha}; it must lie strictly between 0 and 1 (0.05 is the default)."));
        if (!(ConfidenceLevel > 0 && ConfidenceLevel < 1)) problems.Add(string.Create(CultureInfo.InvariantCulture, $"ConfidenceLevel is {ConfidenceLevel}; it must lie strictly between 0 and 1 (0.95 is the default)."));
        Throw.IfAny(problems);
    }
}

/// <summary>Whether a rep's leak at a step closed after coaching.</summary>
public enum LeakStatus
{
    /// <summary>A leak before (significantly below the rest of the team), none after.</summary>
    Closed,

    /// <summary>A leak before and after.</summary>
    StillOpen,

    /// <summary>No leak before, a leak after.</summary>
    NewLeak,

    /// <summary>No leak before or after.</summary>
    NoLeak,

    /// <summary>Not tested: no coaching date, or no activity before or after it.</summary>
    NotTested,
}

/// <summary>One rep's conversion at one step in one period.</summary>
/// <param name="Rep">The rep.</param>
/// <param name="Step">The step's position, 0 for the first.</param>
/// <param name="StepName">The step, e.g. "appointments → demos".</param>
/// <param name="Period">The period.</param>
/// <param name="Entered">Count at the step's first stage.</param>
/// <param name="Converted">Count at its next stage.</param>
public sealed record StepPeriodRatio(string Rep, int Step, string StepName, string Period, long Entered, long Converted)
{
    /// <summary>Converted ÷ entered, or null when nobody entered.</summary>
    public double? Ratio => Entered > 0 ? (double)Converted / Entered : null;
}

/// <summary>The trend of one rep's ratio at one step over the periods: the least-squares slope per period with its t interval.</summary>
/// <param name="Rep">The rep.</param>
/// <param name="Step">The step's position.</param>
/// <param name="StepName">The step.</param>
/// <param name="Periods">Periods with a defined ratio.</param>
/// <param name="SlopePerPeriod">The change of the ratio per period, or null with fewer than 3 periods.</param>
/// <param name="Interval">Its interval, or null.</param>
/// <param name="PValue">Its two-sided p-value, or null.</param>
public sealed record StepTrend(string Rep, int Step, string StepName, int Periods, double? SlopePerPeriod, Interval? Interval, double? PValue);

/// <summary>One rep's step before and after coaching: the ratios, the change with its interval, the leak test against the rest of the team in each half, and the status.</summary>
/// <param name="Rep">The rep.</param>
/// <param name="Step">The step's position.</param>
/// <param name="StepName">The step.</param>
/// <param name="CoachedFrom">The first period after coaching, or null.</param>
/// <param name="BeforeRatio">The rep's pooled ratio before, or null.</param>
/// <param name="AfterRatio">The rep's pooled ratio after, or null.</param>
/// <param name="Change">After − before with its Newcombe interval and two-proportion p-value, or null.</param>
/// <param name="BeforeVsTeam">Before: the rep's ratio minus the rest of the team's in the same periods, or null.</param>
/// <param name="AfterVsTeam">After: the same, or null.</param>
/// <param name="LeakBefore">Whether the rep leaked before (Holm-adjusted p ≤ alpha and below the team).</param>
/// <param name="LeakAfter">Whether the rep leaks after.</param>
/// <param name="Status">Closed, still open, new leak, no leak, or not tested.</param>
public sealed record LeakChange(string Rep, int Step, string StepName, string? CoachedFrom, double? BeforeRatio, double? AfterRatio, ProportionDifference? Change,
    ProportionDifference? BeforeVsTeam, ProportionDifference? AfterVsTeam, bool LeakBefore, bool LeakAfter, LeakStatus Status);

/// <summary>The funnel over time: every rep × step × period ratio, each rep's trend per step, and the before/after leak status around each rep's coaching date. Immutable.</summary>
public sealed class FunnelChangeResult
{
    internal FunnelChangeResult(FunnelChangeOptions options, IReadOnlyList<string> periods, IReadOnlyList<StepPeriodRatio> ratios, IReadOnlyList<StepTrend> trends, IReadOnlyList<LeakChange> changes, IReadOnlyList<string> issues)
    {
        Options = options;
        Periods = periods;
        PeriodRatios = ratios;
        Trends = trends;
        Changes = changes;
        Issues = issues;
    }

    /// <summary>The options the analysis ran with.</summary>
    public FunnelChangeOptions Options { get; }

    /// <summary>The periods, in order.</summary>
    public IReadOnlyList<string> Periods { get; }

    /// <summary>Every rep × step × period ratio.</summary>
    public IReadOnlyList<StepPeriodRatio> PeriodRatios { get; }

    /// <summary>Every rep × step trend.</summary>
    public IReadOnlyList<StepTrend> Trends { get; }

    /// <summary>Every rep × step before/after comparison and leak status.</summary>
    public IReadOnlyList<LeakChange> Changes { get; }

    /// <summary>Reps without a coaching date and similar notes.</summary>
    public IReadOnlyList<string> Issues { get; }

    /// <summary>How many leaks closed, stayed open and opened (invariant).</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"Funnel over time: {Changes.Count(c => c.Status == LeakStatus.Closed)} leaks closed, {Changes.Count(c => c.Status == LeakStatus.StillOpen)} still open, {Changes.Count(c => c.Status == LeakStatus.NewLeak)} new.");
}

/// <summary>
/// The activity funnel over time: per rep, step and period the conversion ratio, its trend, and around each rep's coaching
/// date a before/after comparison: did the leak close? A rep leaks in a half when their pooled ratio is significantly below
/// the rest of the team's over the same periods (two-proportion test, Holm-adjusted across rep × step within the half).
/// </summary>
public static class FunnelChange
{
    /// <summary>Analyses the funnel over time around the coaching dates.</summary>
    /// <param name="data">The activity data.</param>
    /// <param name="options">Coaching dates and test levels.</param>
    /// <exception cref="InvalidOptionsException">The options are invalid.</exception>
    public static FunnelChangeResult Analyze(ActivityFunnelData data, FunnelChangeOptions options)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        IReadOnlyList<string> stages = data.Stages;
        int steps = stages.Count - 1;
        string[] names = [.. Enumerable.Range(0, steps).Select(s => stages[s] + " → " + stages[s + 1])];
        var issues = new List<string>();
        var ratios = new List<StepPeriodRatio>();
        foreach (string rep in data.Reps)
        {
            for (int s = 0; s < steps; s++)
            {
                foreach (ActivityRecord r in data.Records.Where(x => x.Rep == rep).OrderBy(x => x.Period, StringComparer.Ordinal))
                    ratios.Add(new StepPeriodRatio(rep, s, names[s], r.Period, r.Counts[s], r.Counts[s + 1]));
            }
        }
        var trends = new List<StepTrend>();
        foreach (IGrouping<(string Rep, int Step), StepPeriodRatio> g in ratios.GroupBy(x => (x.Rep, x.Step)))
            trends.Add(Trend(g.Key.Rep, g.Key.Step, names[g.Key.Step], [.. g], data.Periods, options.ConfidenceLevel));
        string? From(string rep) => options.CoachedFrom.TryGetValue(rep, out string? p) ? p : options.TeamCoachedFrom;
        int undated = data.Reps.Count(r => From(r) is null);
        if (undated > 0) issues.Add(string.Create(CultureInfo.InvariantCulture, $"{undated} reps have no coaching date, so their leaks are not compared before and after; give CoachedFrom or TeamCoachedFrom."));
        string[] unknown = [.. options.CoachedFrom.Keys.Where(k => !data.Reps.Contains(k, StringComparer.Ordinal))];
        if (unknown.Length > 0) issues.Add($"Coaching dates name reps not in the activity data: {string.Join(", ", unknown)}.");
        // Pooled counts per half and the rest of the team in the same periods.
        var before = new List<(string Rep, int Step, ProportionDifference Test)>();
        var after = new List<(string Rep, int Step, ProportionDifference Test)>();
        var halves = new Dictionary<(string, int), (long[] B, long[] A)>();
        foreach (string rep in data.Reps)
        {
            if (From(rep) is not string from) continue;
            bool IsAfter(string period) => string.CompareOrdinal(period, from) >= 0;
            long[] rb = Sum(data.Records.Where(x => x.Rep == rep && !IsAfter(x.Period)), stages.Count), ra = Sum(data.Records.Where(x => x.Rep == rep && IsAfter(x.Period)), stages.Count);
            long[] tb = Sum(data.Records.Where(x => x.Rep != rep && !IsAfter(x.Period)), stages.Count), ta = Sum(data.Records.Where(x => x.Rep != rep && IsAfter(x.Period)), stages.Count);
            for (int s = 0; s < steps; s++)
            {
                halves[(rep, s)] = ([rb[s], rb[s + 1]], [ra[s], ra[s + 1]]);
                if (rb[s] > 0 && tb[s] > 0) before.Add((rep, s, Proportion.Difference(rb[s + 1], rb[s], tb[s + 1], tb[s], options.ConfidenceLevel)));
                if (ra[s] > 0 && ta[s] > 0) after.Add((rep, s, Proportion.Difference(ra[s + 1], ra[s], ta[s + 1], ta[s], options.ConfidenceLevel)));
            }
        }
        double[] adjBefore = MultipleTesting.Holm([.. before.Select(x => x.Test.PValue)]);
        double[] adjAfter = MultipleTesting.Holm([.. after.Select(x => x.Test.PValue)]);
        var changes = new List<LeakChange>();
        foreach (string rep in data.Reps)
        {
            for (int s = 0; s < steps; s++)
            {
                string? from = From(rep);
                int bi = before.FindIndex(x => x.Rep == rep && x.Step == s), ai = after.FindIndex(x => x.Rep == rep && x.Step == s);
                if (from is null || bi < 0 || ai < 0)
                {
                    changes.Add(new LeakChange(rep, s, names[s], from, null, null, null, bi < 0 ? null : before[bi].Test, ai < 0 ? null : after[ai].Test, false, false, LeakStatus.NotTested));
                    continue;
                }
                (long[] b, long[] a) = halves[(rep, s)];
                bool leakBefore = adjBefore[bi] <= options.Alpha && before[bi].Test.Difference < 0;
                bool leakAfter = adjAfter[ai] <= options.Alpha && after[ai].Test.Difference < 0;
                LeakStatus status = leakBefore ? (leakAfter ? LeakStatus.StillOpen : LeakStatus.Closed) : leakAfter ? LeakStatus.NewLeak : LeakStatus.NoLeak;
                changes.Add(new LeakChange(rep, s, names[s], from, (double)b[1] / b[0], (double)a[1] / a[0], Proportion.Difference(a[1], a[0], b[1], b[0], options.ConfidenceLevel),
                    before[bi].Test, after[ai].Test, leakBefore, leakAfter, status));
            }
        }
        return new FunnelChangeResult(options, data.Periods, ratios, trends, changes, issues);
    }

    private static long[] Sum(IEnumerable<ActivityRecord> records, int stages)
    {
        var total = new long[stages];
        foreach (ActivityRecord r in records)
        {
            for (int s = 0; s < stages; s++) total[s] += r.Counts[s];
        }
        return total;
    }

    private static StepTrend Trend(string rep, int step, string name, IReadOnlyList<StepPeriodRatio> points, IReadOnlyList<string> periods, double level)
    {
        var xy = points.Where(p => p.Ratio is not null).Select(p => (X: (double)IndexOf(periods, p.Period), Y: p.Ratio!.Value)).ToList();
        if (xy.Count < 3) return new StepTrend(rep, step, name, xy.Count, null, null, null);
        double mx = xy.Average(p => p.X), my = xy.Average(p => p.Y);
        double sxx = xy.Sum(p => (p.X - mx) * (p.X - mx)), sxy = xy.Sum(p => (p.X - mx) * (p.Y - my));
        double slope = sxy / sxx;
        double sse = xy.Sum(p => Math.Pow(p.Y - my - slope * (p.X - mx), 2));
        double se = Math.Sqrt(sse / (xy.Count - 2) / sxx);
        double q = StudentT.InvCDF(0, 1, xy.Count - 2, 0.5 + level / 2);
        double pValue = se > 0 ? 2 * StudentT.CDF(0, 1, xy.Count - 2, -Math.Abs(slope / se)) : slope == 0 ? 1 : 0;
        return new StepTrend(rep, step, name, xy.Count, slope, new Interval(slope - q * se, slope + q * se), pValue);
    }

    private static int IndexOf(IReadOnlyList<string> periods, string period)
    {
        for (int i = 0; i < periods.Count; i++)
        {
            if (periods[i] == period) return i;
        }
        return -1;
    }
}
