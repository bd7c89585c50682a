using System.Globalization;
using IcpAnalytics.Data;
using IcpAnalytics.Statistics;

namespace IcpAnalytics.Execution.Funnel;

/// <summary>
/// The analysed activity funnel: each step's conversion ratio for the team and every rep (Wilson intervals; undefined, with
/// the reason, where nobody entered a step), each rep × step tested against the rest of the team with the p-values adjusted
/// together, the leaking steps and the margin they cost, and (with a goal) the activity targets back-solved for the team and
/// every rep. Immutable.
/// </summary>
public sealed class ActivityFunnelResult
{
    private readonly long[] _teamTotals;
    private readonly Dictionary<string, long[]> _repTotals;
    private readonly Dictionary<string, double> _repResults;
    private readonly Dictionary<string, int> _repPeriods;
    private readonly double _teamResult;
    private readonly int _teamPeriods;

    private ActivityFunnelResult(IReadOnlyList<string> stages, ActivityFunnelOptions options, IReadOnlyList<StepConversion> team,
        IReadOnlyDictionary<string, IReadOnlyList<StepConversion>> byRep, IReadOnlyList<StepLeakTest> tests, IReadOnlyList<ResultDriver> drivers, string driversNote,
        IReadOnlyList<string> issues, LoadReport report,
        long[] teamTotals, Dictionary<string, long[]> repTotals, Dictionary<string, double> repResults, Dictionary<string, int> repPeriods, double teamResult, int teamPeriods)
    {
        Stages = stages;
        Options = options;
        Team = team;
        ByRep = byRep;
        Tests = tests;
        ResultDrivers = drivers;
        ResultDriversNote = driversNote;
        Issues = issues;
        LoadReport = report;
        _teamTotals = teamTotals;
        _repTotals = repTotals;
        _repResults = repResults;
        _repPeriods = repPeriods;
        _teamResult = teamResult;
        _teamPeriods = teamPeriods;
        Leaks = [.. tests.Where(t => t.IsLeak).OrderByDescending(t => t.MarginCost).ThenBy(t => t.AdjustedPValue)];
        var worst = new Dictionary<string, StepLeakTest>(StringComparer.Ordinal);
        foreach (StepLeakTest t in Leaks) worst.TryAdd(t.Rep, t);
        LeakingStepByRep = worst;
        if (options.ResultGoal is double goal)
        {
            TeamTargets = Targets("Team", goal);
            var repGoals = new List<ActivityTargets>();
            foreach (string rep in byRep.Keys)
            {
                // A rep's goal is their share of the team's result in the data; a rep with no positive result gets an equal share.
                double share = _teamResult > 0 && _repResults[rep] > 0 ? _repResults[rep] / _teamResult : 1.0 / byRep.Count;
                ActivityTargets? t = Targets(rep, goal * share);
                if (t is not null) repGoals.Add(t);
            }
            RepTargets = repGoals;
        }
        else RepTargets = [];
    }

    /// <summary>The stage names in funnel order.</summary>
    public IReadOnlyList<string> Stages { get; }

    /// <summary>The options the analysis ran with.</summary>
    public ActivityFunnelOptions Options { get; }

    /// <summary>The team's conversion at each step (all reps and periods pooled).</summary>
    public IReadOnlyList<StepConversion> Team { get; }

    /// <summary>Each rep's conversion at each step (the rep's periods pooled), reps in first-seen order.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<StepConversion>> ByRep { get; }

    /// <summary>Every rep × step test against the rest of the team, in rep then step order (steps with an undefined ratio are not tested; see <see cref="Issues"/>).</summary>
    public IReadOnlyList<StepLeakTest> Tests { get; }

    /// <summary>The significant leaks, largest margin cost first.</summary>
    public IReadOnlyList<StepLeakTest> Leaks { get; }

    /// <summary>Each leaking rep's costliest leaking step (reps without a significant leak are absent).</summary>
    public IReadOnlyDictionary<string, StepLeakTest> LeakingStepByRep { get; }

    /// <summary>
    /// Which step ratios predict the period result: one entry per step from a regression of rep-period results on every
    /// step's ratio and log(1 + top-of-funnel count), HC3 standard errors, Holm-adjusted across steps; empty when the
    /// regression could not be fitted (see <see cref="ResultDriversNote"/>).
    /// </summary>
    public IReadOnlyList<ResultDriver> ResultDrivers { get; }

    /// <summary>The regression behind <see cref="ResultDrivers"/> in words (rows used, R²), or why it could not be fitted.</summary>
    public string ResultDriversNote { get; }

    /// <summary>The rep-periods the result-driver regression was fitted on (0 when it was not fitted).</summary>
    public int ResultDriversRepPeriods { get; private init; }

    /// <summary>The R² of the result-driver regression, or null when it was not fitted.</summary>
    public double? ResultDriversRSquared { get; private init; }

    /// <summary>Rep-periods left out of the result-driver regression because a stage was 0 (an undefined ratio).</summary>
    public int ResultDriversSkippedRepPeriods { get; private init; }

    /// <summary>The team's count at each stage, all reps and periods pooled, in funnel order.</summary>
    public IReadOnlyList<long> TeamCounts => Array.AsReadOnly(_teamTotals);

    /// <summary>The team's activity targets for <see cref="ActivityFunnelOptions.ResultGoal"/>, or null without a goal (or without any wins to price a win).</summary>
    public ActivityTargets? TeamTargets { get; }

    /// <summary>Each rep's targets for their share of the goal (their share of the team's result in the data; an equal share for a rep with no positive result), empty without a goal.</summary>
    public IReadOnlyList<ActivityTargets> RepTargets { get; }

    /// <summary>Undefined ratios, untested steps, rejected rows and similar notes, in words.</summary>
    public IReadOnlyList<string> Issues { get; }

    /// <summary>How the activity data was loaded.</summary>
    public LoadReport LoadReport { get; }

    /// <summary>
    /// Back-solves the activity a subject needs for <paramref name="resultGoal"/> in one period at the subject's current ratios.
    /// </summary>
    /// <param name="subject">A rep, or "Team".</param>
    /// <param name="resultGoal">The result goal for one period, above 0.</param>
    /// <returns>The targets, or null when neither the subject nor the team has a win to price a win by.</returns>
    /// <exception cref="ArgumentException">The subject is not a rep in the data nor "Team".</exception>
    public ActivityTargets? Targets(string subject, double resultGoal)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (!(double.IsFinite(resultGoal) && resultGoal > 0))
            throw new ArgumentOutOfRangeException(nameof(resultGoal), resultGoal, "The result goal must be a positive number, e.g. 1200000.");
        bool team = string.Equals(subject, "Team", StringComparison.OrdinalIgnoreCase);
        if (!team && !_repTotals.ContainsKey(subject))
            throw new ArgumentException($"There is no rep '{subject}' in the activity data; use one of {string.Join(", ", _repTotals.Keys)} or \"Team\".", nameof(subject));
        long[] totals = team ? _teamTotals : _repTotals[subject];
        double result = team ? _teamResult : _repResults[subject];
        int periods = team ? _teamPeriods : _repPeriods[subject];
        int last = Stages.Count - 1;
        var notes = new List<string>();
        double marginPerWin;
        if (totals[last] > 0 && result > 0) marginPerWin = result / totals[last];
        else if (_teamTotals[last] > 0 && _teamResult > 0)
        {
            marginPerWin = _teamResult / _teamTotals[last];
            if (!team) notes.Add($"{subject} has no {Stages[last]} with a positive result, so the team's result per {Stages[last]} is used.");
        }
        else return null;
        var needed = new double[Stages.Count];
        needed[last] = resultGoal / marginPerWin;
        for (int s = last - 1; s >= 0; s--)
        {
            double ratio = totals[s] > 0 && totals[s + 1] > 0 ? (double)totals[s + 1] / totals[s] : double.NaN;
            if (double.IsNaN(ratio))
            {
                ratio = _teamTotals[s] > 0 && _teamTotals[s + 1] > 0 ? (double)_teamTotals[s + 1] / _teamTotals[s] : double.NaN;
                if (double.IsNaN(ratio)) return null;
                notes.Add($"{subject}'s {Stages[s]} → {Stages[s + 1]} ratio is {(totals[s] == 0 ? "undefined" : "0")}, so the team's is used.");
            }
            needed[s] = needed[s + 1] / ratio;
        }
        var targets = new StageTarget[Stages.Count];
        for (int s = 0; s < Stages.Count; s++)
            targets[s] = new StageTarget(Stages[s], needed[s], needed[s] / Options.WeeksPerPeriod, periods == 0 ? 0 : (double)totals[s] / periods);
        return new ActivityTargets(team ? "Team" : subject, resultGoal, Options.WeeksPerPeriod, marginPerWin, targets, notes);
    }

    internal static ActivityFunnelResult Compute(ActivityFunnelData data, ActivityFunnelOptions options)
    {
        IReadOnlyList<string> stages = data.Stages;
        int k = stages.Count, steps = k - 1;
        var teamTotals = new long[k];
        var repTotals = new Dictionary<string, long[]>(StringComparer.Ordinal);
        var repResults = new Dictionary<string, double>(StringComparer.Ordinal);
        var repPeriods = new Dictionary<string, int>(StringComparer.Ordinal);
        double teamResult = 0;
        foreach (ActivityRecord r in data.Records)
        {
            if (!repTotals.TryGetValue(r.Rep, out long[]? t))
            {
                repTotals[r.Rep] = t = new long[k];
                repResults[r.Rep] = 0;
                repPeriods[r.Rep] = 0;
            }
            for (int s = 0; s < k; s++)
            {
                t[s] += r.Counts[s];
                teamTotals[s] += r.Counts[s];
            }
            repResults[r.Rep] += r.Result;
            repPeriods[r.Rep]++;
            teamResult += r.Result;
        }
        var issues = new List<string>();
        if (data.LoadReport.RowsRejected > 0)
            issues.Add(string.Create(CultureInfo.InvariantCulture, $"{data.LoadReport.RowsRejected} activity rows were rejected and are not in these figures; see the load report."));
        var team = new StepConversion[steps];
        for (int s = 0; s < steps; s++) team[s] = StepConversion.Of("Team", s, stages[s], stages[s + 1], teamTotals[s], teamTotals[s + 1], options.ConfidenceLevel);
        var byRep = new Dictionary<string, IReadOnlyList<StepConversion>>(StringComparer.Ordinal);
        foreach (string rep in data.Reps)
        {
            long[] t = repTotals[rep];
            var list = new StepConversion[steps];
            for (int s = 0; s < steps; s++)
            {
                list[s] = StepConversion.Of(rep, s, stages[s], stages[s + 1], t[s], t[s + 1], options.ConfidenceLevel);
                if (!list[s].IsDefined) issues.Add(list[s].UndefinedReason + " It is reported, not tested.");
            }
            byRep[rep] = list;
        }

        // Test every rep × step against the rest of the team.
        var raw = new List<(string Rep, int Step, ProportionDifference Diff, double RepRatio, double Benchmark)>();
        foreach (string rep in data.Reps)
        {
            long[] t = repTotals[rep];
            for (int s = 0; s < steps; s++)
            {
                long restEntered = teamTotals[s] - t[s], restConverted = teamTotals[s + 1] - t[s + 1];
                if (t[s] == 0) continue;
                if (restEntered == 0)
                {
                    issues.Add($"Nobody but {rep} logged {stages[s]}, so {rep}'s {stages[s]} → {stages[s + 1]} ratio has no benchmark and is not tested.");
                    continue;
                }
                ProportionDifference d = Proportion.Difference(t[s + 1], t[s], restConverted, restEntered, options.ConfidenceLevel);
                raw.Add((rep, s, d, (double)t[s + 1] / t[s], (double)restConverted / restEntered));
            }
        }
        double[] p = [.. raw.Select(x => x.Diff.PValue)];
        double[] adjusted = MultipleTesting.Adjust(p, options.Correction);
        double teamMarginPerWin = teamTotals[k - 1] > 0 ? teamResult / teamTotals[k - 1] : 0;
        var tests = new List<StepLeakTest>(raw.Count);
        for (int i = 0; i < raw.Count; i++)
        {
            (string rep, int s, ProportionDifference d, double repRatio, double rest) = raw[i];
            long[] t = repTotals[rep];
            bool leak = adjusted[i] <= options.Alpha && d.Difference < 0;
            double extraWins = 0;
            if (repRatio < rest)
            {
                // Carry the step at the benchmark ratio down the funnel at the rep's own later ratios (the team's where undefined).
                double flow = t[s] * rest;
                for (int later = s + 1; later < steps; later++)
                {
                    double ratio = t[later] > 0 ? (double)t[later + 1] / t[later] : teamTotals[later] > 0 ? (double)teamTotals[later + 1] / teamTotals[later] : 0;
                    flow *= ratio;
                }
                extraWins = Math.Max(0, flow - t[k - 1]);
            }
            double marginPerWin = t[k - 1] > 0 && repResults[rep] > 0 ? repResults[rep] / t[k - 1] : teamMarginPerWin;
            double cost = extraWins * marginPerWin;
            tests.Add(new StepLeakTest(rep, s, stages[s] + " → " + stages[s + 1], repRatio, rest, d, adjusted[i], leak, extraWins, cost, cost / repPeriods[rep]));
        }
        (IReadOnlyList<ResultDriver> drivers, string driversNote, int fitted, double? rSquared, int skippedPeriods) = FitDrivers(data, options);
        if (options.ResultGoal is not null && (teamTotals[k - 1] == 0 || teamResult <= 0))
            issues.Add($"The data holds no {stages[k - 1]} with a positive result, so a result per {stages[k - 1]} is unknown and no targets can be back-solved.");
        return new ActivityFunnelResult(stages, options, team, byRep, tests, drivers, driversNote, issues, data.LoadReport, teamTotals, repTotals, repResults, repPeriods, teamResult, data.Periods.Count)
        {
            ResultDriversRepPeriods = fitted,
            ResultDriversRSquared = rSquared,
            ResultDriversSkippedRepPeriods = skippedPeriods,
        };
    }

    private static (IReadOnlyList<ResultDriver> Drivers, string Note, int Fitted, double? RSquared, int Skipped) FitDrivers(ActivityFunnelData data, ActivityFunnelOptions options)
    {
        IReadOnlyList<string> stages = data.Stages;
        int steps = stages.Count - 1, columns = steps + 1;
        var x = new List<double>();
        var y = new List<double>();
        int skipped = 0;
        foreach (ActivityRecord r in data.Records)
        {
            bool defined = true;
            for (int s = 0; s < steps; s++) defined &= r.Counts[s] > 0;
            if (!defined) { skipped++; continue; }
            for (int s = 0; s < steps; s++) x.Add((double)r.Counts[s + 1] / r.Counts[s]);
            x.Add(Math.Log(1 + r.Counts[0]));
            y.Add(r.Result);
        }
        string skippedText = skipped == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $" {skipped} rep-periods with a zero stage (an undefined ratio) are left out of it.");
        string[] names = [.. Enumerable.Range(0, steps).Select(s => stages[s] + " → " + stages[s + 1]), $"log(1 + {stages[0]})"];
        if (y.Count < columns + 3)
            return ([], string.Create(CultureInfo.InvariantCulture, $"Which ratios predict results is not estimated: {y.Count} rep-periods have every ratio defined, and the regression of results on {steps} ratios and volume needs at least {columns + 3}.") + skippedText, 0, null, skipped);
        RegressionFit fit;
        try
        {
            fit = LinearRegression.Fit(x.ToArray(), columns, y.ToArray(), new RegressionOptions { Covariance = CovarianceType.HC3, ConfidenceLevel = options.ConfidenceLevel }, names: names);
        }
        catch (ModelFitException e)
        {
            return ([], "Which ratios predict results is not estimated: " + e.Message + skippedText, 0, null, skipped);
        }
        var p = new double[steps];
        for (int s = 0; s < steps; s++) p[s] = fit.PValues[fit.IndexOf(names[s])];
        double[] adjusted = MultipleTesting.Holm(p);
        var drivers = new ResultDriver[steps];
        for (int s = 0; s < steps; s++)
        {
            int j = fit.IndexOf(names[s]);
            Interval ci = fit.ConfidenceInterval(j);
            drivers[s] = new ResultDriver(s, names[s], fit.Coefficients[j] * 0.1, new Interval(ci.Lower * 0.1, ci.Upper * 0.1), p[s], adjusted[s], adjusted[s] <= options.Alpha);
        }
        string note = string.Create(CultureInfo.InvariantCulture,
            $"Regression of the period result on every step ratio and log(1 + {stages[0]}) over {fit.Observations} rep-periods, HC3 robust standard errors, R² = {fit.RSquared:0.###}; p-values Holm-adjusted across the {steps} steps. An association across reps and periods, not proof that raising a ratio causes the result.") + skippedText;
        return (drivers, note, fit.Observations, fit.RSquared, skipped);
    }

    /// <summary>A one-line summary (invariant); render the whole result with <c>SalesExecutionReport.Of(result)</c> in IcpAnalytics.Reports.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"Activity funnel: {Stages.Count} stages, {ByRep.Count} reps, {Tests.Count} rep × step tests, {Leaks.Count} leaks{(TeamTargets is null ? "" : ", targets for " + TeamTargets.ResultGoal.ToString("N0", CultureInfo.InvariantCulture) + " per period")}.");
}
