using System.Globalization;
using IcpAnalytics.Data;
using IcpAnalytics.Statistics;

namespace IcpAnalytics.Execution.Coaching;

/// <summary>
/// Tracks coaching against outcomes, not opinions: for each rep, each manager's team and the whole team, compares every
/// competency's outcome measures between a baseline and a current period of closed deals, with intervals and verdicts,
/// and says who improved, who did not and where coaching should go next.
/// </summary>
public static class CoachingReview
{
    /// <summary>The subject name used for the whole team.</summary>
    public const string TeamSubject = "Team";

    /// <summary>Compares the baseline and current periods.</summary>
    /// <param name="deals">Closed deals with reps and close dates.</param>
    /// <param name="teams">Which manager coaches which rep, or null for no per-manager view.</param>
    /// <param name="options">Periods, competencies and confidence level; defaults as documented on <see cref="CoachingReviewOptions"/>.</param>
    /// <exception cref="InvalidOptionsException">An option is invalid (all are listed).</exception>
    public static CoachingReviewResult Analyze(DealSet deals, CoachingTeams? teams = null, CoachingReviewOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(deals);
        options ??= new CoachingReviewOptions();
        options.Validate();
        DealSet baseline = deals.ClosedOnOrAfter(options.BaselineStart).ClosedBefore(options.CurrentStart);
        DealSet current = deals.ClosedOnOrAfter(options.CurrentStart);
        if (options.CurrentEnd is DateOnly end) current = current.ClosedBefore(end);
        string baseText = string.Create(CultureInfo.InvariantCulture, $"baseline ({options.BaselineStart:yyyy-MM-dd} to {options.CurrentStart.AddDays(-1):yyyy-MM-dd})");
        string currentText = options.CurrentEnd is DateOnly e2
            ? string.Create(CultureInfo.InvariantCulture, $"current period ({options.CurrentStart:yyyy-MM-dd} to {e2.AddDays(-1):yyyy-MM-dd})")
            : string.Create(CultureInfo.InvariantCulture, $"current period ({options.CurrentStart:yyyy-MM-dd} onwards)");

        var issues = new List<string>();
        IReadOnlyList<string> reps = deals.Reps.Levels;
        Dictionary<string, Sample> baseByRep = Collect(baseline), currentByRep = Collect(current);
        var repsSeen = reps.Where(r => baseByRep.ContainsKey(r) || currentByRep.ContainsKey(r)).ToList();
        HashSet<OutcomeMeasure> measures = [.. options.Competencies.SelectMany(c => c.Measures.Select(m => m.Measure))];
        foreach (OutcomeMeasure m in measures)
        {
            string? missing = MissingColumn(deals, m);
            if (missing is not null) issues.Add(missing);
        }

        var byRep = new List<CompetencyProgress>();
        foreach (string rep in repsSeen)
            byRep.AddRange(Progress(rep, baseByRep.GetValueOrDefault(rep) ?? new Sample(), currentByRep.GetValueOrDefault(rep) ?? new Sample(), deals, options, baseText, currentText));

        var byManager = new List<CompetencyProgress>();
        if (teams is not null)
        {
            var unmapped = repsSeen.Where(r => teams.ManagerOf(r) is null).ToList();
            if (unmapped.Count > 0)
                issues.Add($"{unmapped.Count} rep(s) with deals have no manager in the map and are in no manager's figures: {string.Join(", ", unmapped.Take(10))}{(unmapped.Count > 10 ? ", …" : "")}. Add them to the map.");
            var idle = teams.Reps.Where(r => !repsSeen.Contains(r, StringComparer.OrdinalIgnoreCase)).ToList();
            if (idle.Count > 0)
                issues.Add($"{idle.Count} rep(s) in the manager map have no closed deal in either period: {string.Join(", ", idle.Take(10))}{(idle.Count > 10 ? ", …" : "")}.");
            if (teams.LoadReport.RowsRejected > 0)
                issues.Add($"{teams.LoadReport.RowsRejected} rows of the manager map were rejected; see its load report.");
            foreach (string manager in teams.Managers)
            {
                var b = new Sample();
                var c = new Sample();
                foreach (string rep in repsSeen.Where(r => teams.ManagerOf(r) == manager))
                {
                    if (baseByRep.TryGetValue(rep, out Sample? sb)) b.Add(sb);
                    if (currentByRep.TryGetValue(rep, out Sample? sc)) c.Add(sc);
                }
                byManager.AddRange(Progress(manager, b, c, deals, options, baseText, currentText));
            }
        }
        var teamBase = new Sample();
        var teamCurrent = new Sample();
        foreach (Sample s in baseByRep.Values) teamBase.Add(s);
        foreach (Sample s in currentByRep.Values) teamCurrent.Add(s);
        List<CompetencyProgress> team = Progress(TeamSubject, teamBase, teamCurrent, deals, options, baseText, currentText);

        foreach (CompetencyProgress p in byRep.Concat(byManager))
        {
            foreach (MeasureChange m in p.Measures)
            {
                if (m.Verdict == ChangeVerdict.NoData && MissingColumn(deals, m.Measure) is null)
                    issues.Add($"{p.Subject}, {p.Competency}: {m.Reason}");
            }
        }
        int compared = byRep.SelectMany(p => p.Measures).DistinctBy(m => (m.Subject, m.Measure)).Count(m => m.Verdict != ChangeVerdict.NoData);
        if (compared >= 20)
            issues.Add(string.Create(CultureInfo.InvariantCulture,
                $"{compared} rep × measure changes were compared, each at {options.ConfidenceLevel:P0} confidence: about {compared * (1 - options.ConfidenceLevel):0} of them can show a clear change by chance alone. Treat a single rep's single verdict as a prompt to look, not proof."));
        var focus = new List<CoachingFocus>();
        foreach (string rep in repsSeen)
        {
            var mine = byRep.Where(p => p.Subject == rep).ToList();
            CoachingFocus? f = Focus(rep, teams?.ManagerOf(rep), mine);
            if (f is not null) focus.Add(f);
        }
        return new CoachingReviewResult(options, baseText, currentText, byRep, byManager, team, focus, issues.Distinct().ToList(), deals.LoadReport);
    }

    private static CoachingFocus? Focus(string rep, string? manager, List<CompetencyProgress> progress)
    {
        static int Rank(ChangeVerdict v) => v switch
        {
            ChangeVerdict.Worse => 0,
            ChangeVerdict.Mixed => 1,
            ChangeVerdict.NoClearChange => 2,
            ChangeVerdict.NoData => 4,
            _ => 3,
        };
        CompetencyProgress? pick = progress
            .OrderBy(p => Rank(p.Verdict))
            .ThenBy(p => p.Measures.Where(m => m.SignedStrength is not null).Select(m => m.SignedStrength!.Value).DefaultIfEmpty(double.MaxValue).Min())
            .FirstOrDefault();
        if (pick is null || pick.Verdict is ChangeVerdict.Improved or ChangeVerdict.NoData) return null;
        string reason = pick.Verdict switch
        {
            ChangeVerdict.Worse => string.Join(" and ", pick.Measures.Where(m => m.Verdict == ChangeVerdict.Worse).Select(m => m.MeasureName)) + " got worse",
            ChangeVerdict.Mixed => string.Join(" and ", pick.Measures.Where(m => m.Verdict == ChangeVerdict.Worse).Select(m => m.MeasureName)) + " got worse while other measures improved",
            _ => "no measure moved clearly; " + string.Join(", ", pick.Measures.Where(m => m.Verdict != ChangeVerdict.NoData).Select(m => m.MeasureName)) + " still where they were",
        };
        return new CoachingFocus(rep, manager, pick.Competency, reason);
    }

    private static string? MissingColumn(DealSet deals, OutcomeMeasure m) => m switch
    {
        OutcomeMeasure.MeanDiscount when deals.Discount is null => "The deals have no discount column, so mean discount is no data for everyone. Load a discount column to track it.",
        OutcomeMeasure.CycleDays when deals.CycleDays is null => "The deals have no cycle-days column, so cycle days is no data for everyone. Load a cycle_days column to track it.",
        _ => null,
    };

    private static List<CompetencyProgress> Progress(string subject, Sample baseline, Sample current, DealSet deals, CoachingReviewOptions options, string baseText, string currentText)
    {
        var list = new List<CompetencyProgress>(options.Competencies.Count);
        var cache = new Dictionary<(OutcomeMeasure, DesiredDirection), MeasureChange>();
        foreach (Competency c in options.Competencies)
        {
            var changes = new List<MeasureChange>(c.Measures.Count);
            foreach (CompetencyMeasure m in c.Measures)
            {
                if (!cache.TryGetValue((m.Measure, m.Direction), out MeasureChange? change))
                {
                    change = Change(subject, m, baseline, current, deals, options.ConfidenceLevel, baseText, currentText);
                    cache[(m.Measure, m.Direction)] = change;
                }
                changes.Add(change);
            }
            list.Add(new CompetencyProgress(subject, c.Name, changes, CompetencyProgress.Combine(changes)));
        }
        return list;
    }

    private static MeasureChange Change(string subject, CompetencyMeasure cm, Sample b, Sample c, DealSet deals, double level, string baseText, string currentText)
    {
        OutcomeMeasure m = cm.Measure;
        string name = MeasureNames.Of(m);
        MeasureChange NoData(int nb, int nc, string reason) => new(subject, m, cm.Direction, null, null, nb, nc, null, null, ChangeVerdict.NoData, reason);
        string? missing = MissingColumn(deals, m);
        if (missing is not null) return NoData(0, 0, missing);
        if (m == OutcomeMeasure.WinRate)
        {
            if (b.Closed == 0 || c.Closed == 0)
                return NoData(b.Closed, c.Closed, $"{subject} has no closed deals in the {(b.Closed == 0 ? baseText : currentText)}, so win rate cannot be compared.");
            ProportionDifference d = Proportion.Difference(c.Won, c.Closed, b.Won, b.Closed, level);
            double se = Math.Max(1e-300, (d.Interval.Upper - d.Interval.Lower) / (2 * Distributions.NormalCritical(level)));
            return Judge(subject, cm, (double)b.Won / b.Closed, (double)c.Won / c.Closed, b.Closed, c.Closed, d.Difference, d.Interval, se);
        }
        List<double> bv = b.Values(m), cvals = c.Values(m);
        string unit = m == OutcomeMeasure.MarginPerDeal ? "closed deals" : m == OutcomeMeasure.MeanDiscount ? "won deals with a discount recorded" : "won deals";
        if (bv.Count < 2 || cvals.Count < 2)
        {
            bool baseShort = bv.Count < 2;
            int have = baseShort ? bv.Count : cvals.Count;
            return NoData(bv.Count, cvals.Count, string.Create(CultureInfo.InvariantCulture,
                $"{subject} has {(have == 0 ? "no" : have.ToString(CultureInfo.InvariantCulture))} {unit} in the {(baseShort ? baseText : currentText)}; {name} needs at least 2 in each period to compare."));
        }
        (double mb, double vb) = MeanVar(bv);
        (double mc, double vc) = MeanVar(cvals);
        double diff = mc - mb;
        double sb2 = vb / bv.Count, sc2 = vc / cvals.Count;
        double seW = Math.Sqrt(sb2 + sc2);
        Interval interval;
        if (seW == 0) interval = new Interval(diff, diff);
        else
        {
            double df = (sb2 + sc2) * (sb2 + sc2) / (sb2 * sb2 / (bv.Count - 1) + sc2 * sc2 / (cvals.Count - 1));
            double t = Distributions.StudentCritical(level, df);
            interval = new Interval(diff - t * seW, diff + t * seW);
        }
        return Judge(subject, cm, mb, mc, bv.Count, cvals.Count, diff, interval, Math.Max(seW, 1e-300));
    }

    private static MeasureChange Judge(string subject, CompetencyMeasure cm, double baseline, double current, int nb, int nc, double diff, Interval interval, double se)
    {
        double sign = cm.Direction == DesiredDirection.Up ? 1 : -1;
        ChangeVerdict verdict = !interval.ExcludesZero ? ChangeVerdict.NoClearChange : sign * diff > 0 ? ChangeVerdict.Improved : ChangeVerdict.Worse;
        return new MeasureChange(subject, cm.Measure, cm.Direction, baseline, current, nb, nc, diff, interval, verdict, null) { SignedStrength = sign * diff / se };
    }

    private static (double Mean, double Variance) MeanVar(List<double> values)
    {
        double mean = 0;
        foreach (double v in values) mean += v;
        mean /= values.Count;
        double ss = 0;
        foreach (double v in values) ss += (v - mean) * (v - mean);
        return (mean, ss / (values.Count - 1));
    }

    private static Dictionary<string, Sample> Collect(DealSet deals)
    {
        // One pass over the deals, rep codes indexing an array of per-rep samples (no string lookups per deal).
        IReadOnlyList<string> levels = deals.Reps.Levels;
        var samples = new Sample?[levels.Count];
        NumericColumn yieldAmount = deals.YieldAmount;
        NumericColumn revenue = deals.Revenue;
        NumericColumn? discount = deals.Discount, cycle = deals.CycleDays;
        for (int i = 0; i < deals.Count; i++)
        {
            int code = deals.Reps.GetCode(i);
            if (code < 0) continue;
            Sample s = samples[code] ??= new Sample();
            bool won = deals.IsWon(i);
            s.Closed++;
            double margin = yieldAmount[i];
            s.MarginPerDeal.Add(won && !double.IsNaN(margin) ? margin : 0);
            if (!won) continue;
            s.Won++;
            s.OrderValue.Add(revenue[i]);
            if (discount is not null && !double.IsNaN(discount[i])) s.Discount.Add(discount[i]);
            if (cycle is not null && !double.IsNaN(cycle[i])) s.Cycle.Add(cycle[i]);
        }
        var byRep = new Dictionary<string, Sample>(StringComparer.Ordinal);
        for (int r = 0; r < samples.Length; r++)
        {
            if (samples[r] is Sample s) byRep[levels[r]] = s;
        }
        return byRep;
    }

    /// <summary>The per-deal values of one subject in one period.</summary>
    private sealed class Sample
    {
        public int Closed;
        public int Won;
        public List<double> OrderValue { get; } = [];
        public List<double> Discount { get; } = [];
        public List<double> Cycle { get; } = [];
        public List<double> MarginPerDeal { get; } = [];

        public List<double> Values(OutcomeMeasure m) => m switch
        {
            OutcomeMeasure.AverageOrderValue => OrderValue,
            OutcomeMeasure.MeanDiscount => Discount,
            OutcomeMeasure.MarginPerDeal => MarginPerDeal,
            _ => Cycle,
        };

        public void Add(Sample other)
        {
            Closed += other.Closed;
            Won += other.Won;
            OrderValue.AddRange(other.OrderValue);
            Discount.AddRange(other.Discount);
            Cycle.AddRange(other.Cycle);
            MarginPerDeal.AddRange(other.MarginPerDeal);
        }
    }
}
