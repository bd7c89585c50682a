using IcpAnalytics.Statistics;

namespace IcpAnalytics.Execution.Coaching;

/// <summary>One group-time effect: reps first coached in <paramref name="CoachedFrom"/>, compared in <paramref name="Period"/> with the period before their coaching.</summary>
/// <param name="CoachedFrom">The first coached period of the group.</param>
/// <param name="Period">The period compared.</param>
/// <param name="Effect">ATT(g, t): the coached reps' change since the period before coaching minus the comparison reps' change.</param>
/// <param name="CoachedReps">Coached reps in the cell.</param>
/// <param name="ComparisonReps">Comparison reps in the cell.</param>
public sealed record GroupTimeEffect(DateOnly CoachedFrom, DateOnly Period, double Effect, int CoachedReps, int ComparisonReps);

/// <summary>The effect a given number of periods after coaching started (0 = the first coached period; negative = before, a pre-trend check).</summary>
/// <param name="PeriodsSinceCoaching">Periods since the first coached period.</param>
/// <param name="Effect">The group-size weighted effect.</param>
/// <param name="Interval">Its interval (clustered by rep).</param>
/// <param name="Cells">Group-time cells averaged.</param>
public sealed record EventTimeEffect(int PeriodsSinceCoaching, double Effect, Interval Interval, int Cells);

/// <summary>
/// What coaching did to one measure of one competency: the staggered difference-in-differences effect (coached reps'
/// change against reps not yet or never coached) with its rep-clustered interval, the pre-trend check, the naive
/// before/after change for contrast, and the verdict. Without a comparison group the effect is null,
/// <see cref="HasComparisonGroup"/> is false and <see cref="Reason"/> says so: a change alone is not coaching impact.
/// </summary>
/// <param name="Competency">The competency.</param>
/// <param name="Kind">Skill, will or process.</param>
/// <param name="Role">The role the competency applies to, or null for every rep.</param>
/// <param name="Measure">The measure.</param>
/// <param name="Direction">The desired direction.</param>
/// <param name="Effect">The average effect on coached reps in their coached periods, or null without a comparison group or data.</param>
/// <param name="Interval">The interval of the effect (influence functions summed per rep, Student's t on reps − 1 df), or null.</param>
/// <param name="PValue">The two-sided p-value of the effect, or null.</param>
/// <param name="CoachedReps">Coached reps with a period before and after coaching.</param>
/// <param name="ComparisonRepsUsed">Distinct comparison reps used.</param>
/// <param name="HasComparisonGroup">Whether any coached period had comparison reps.</param>
/// <param name="PreTrendEffect">The placebo effect before coaching (0 under parallel trends), or null when there are too few periods before coaching.</param>
/// <param name="PreTrendPValue">Its p-value, or null.</param>
/// <param name="BeforeAfterChange">The naive change: coached reps' mean after coaching minus before, with no comparison group; null with fewer than 2 coached reps.</param>
/// <param name="BeforeAfterInterval">Its interval over reps, or null.</param>
/// <param name="Verdict">Improved, worse or no clear change in the desired direction; no data without an effect.</param>
/// <param name="Reason">Why there is no effect, or a caution (pre-trends differ), or null.</param>
/// <param name="GroupTime">Every group-time effect.</param>
/// <param name="EventTime">The effects by periods since coaching.</param>
public sealed record MeasureImpact(string Competency, CompetencyKind Kind, string? Role, string Measure, DesiredDirection Direction,
    double? Effect, Interval? Interval, double? PValue, int CoachedReps, int ComparisonRepsUsed, bool HasComparisonGroup,
    double? PreTrendEffect, double? PreTrendPValue, double? BeforeAfterChange, Interval? BeforeAfterInterval,
    ChangeVerdict Verdict, string? Reason, IReadOnlyList<GroupTimeEffect> GroupTime, IReadOnlyList<EventTimeEffect> EventTime)
{
    /// <summary>Whether the coached and comparison reps moved differently before coaching (the pre-trend p-value below the options' alpha); null when untested.</summary>
    public bool? PreTrendsDiffer { get; init; }
}

/// <summary>One competency's verdict over its measures: improved (some improved, none worse), worse, mixed, no clear change, or no data.</summary>
/// <param name="Competency">The competency.</param>
/// <param name="Kind">Skill, will or process.</param>
/// <param name="Role">The role, or null for every rep.</param>
/// <param name="Verdict">The verdict.</param>
/// <param name="Measures">Its measures' impacts.</param>
public sealed record CompetencyImpact(string Competency, CompetencyKind Kind, string? Role, ChangeVerdict Verdict, IReadOnlyList<MeasureImpact> Measures);

/// <summary>
/// The coaching-impact analysis: per competency and measure, the effect of coaching under staggered adoption against reps
/// not yet or never coached, its pre-trend check and a plain verdict; grouped by skill, will and process and by role. Immutable.
/// </summary>
public sealed class CoachingImpactResult
{
    internal CoachingImpactResult(CoachingImpactOptions options, CoachingPeriodLength length, IReadOnlyList<DateOnly> periods, IReadOnlyList<CompetencyImpact> competencies, IReadOnlyList<string> issues)
    {
        Options = options;
        PeriodLength = length;
        Periods = periods;
        Competencies = competencies;
        Measures = [.. competencies.SelectMany(c => c.Measures)];
        Issues = issues;
    }

    /// <summary>The options the analysis ran with.</summary>
    public CoachingImpactOptions Options { get; }

    /// <summary>The period length of the panel.</summary>
    public CoachingPeriodLength PeriodLength { get; }

    /// <summary>The periods of the panel, in order.</summary>
    public IReadOnlyList<DateOnly> Periods { get; }

    /// <summary>Every competency's verdict, in the options' order.</summary>
    public IReadOnlyList<CompetencyImpact> Competencies { get; }

    /// <summary>Every competency × measure impact.</summary>
    public IReadOnlyList<MeasureImpact> Measures { get; }

    /// <summary>Whether any measure had a comparison group; when false nothing here is coaching impact.</summary>
    public bool HasComparisonGroup => Measures.Any(m => m.HasComparisonGroup);

    /// <summary>Reps without a start or without measures, groups coached before the data starts, and similar notes.</summary>
    public IReadOnlyList<string> Issues { get; }

    /// <summary>The competencies and their verdicts in one line.</summary>
    public override string ToString() => HasComparisonGroup
        ? "Coaching impact: " + string.Join("; ", Competencies.Select(c => c.Competency + " " + MeasureChange.VerdictText(c.Verdict)))
        : "Coaching impact: no comparison group (every rep coached at once, none left uncoached), so no change here is coaching impact.";
}
