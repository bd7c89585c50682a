using IcpAnalytics.Execution.Coaching;
using IcpAnalytics.Execution.Funnel;
using IcpAnalytics.Execution.GoalSurvey;
using IcpAnalytics.Execution.Maturity;

namespace IcpAnalytics.Reports;

/// <summary>
/// Turns the sales-execution results (activity funnel, strategic-goal survey, coaching review, coaching maturity) into report
/// sections, so they appear in the HTML, Markdown, JSON and CSV report beside the profit-yield sections
/// (<see cref="ProfitYieldReportBuilder.WithActivityFunnel"/> and its siblings, or <see cref="ProfitYieldReport.FromSections"/>).
/// The sections only render the results; nothing is recomputed. Numbers in words follow the culture and currency of the
/// options given (invariant by default); interval labels state the confidence level the analysis actually used.
/// For one result on its own, <see cref="SalesExecutionReport"/> wraps its section in a report with every output format.
/// </summary>
public static partial class SalesExecutionSections
{
    /// <summary>The section id of the activity funnel.</summary>
    public const string FunnelId = "activity-funnel";

    /// <summary>The section id of the strategic-goal survey.</summary>
    public const string SurveyId = "goal-survey";

    /// <summary>The section id of the coaching review.</summary>
    public const string CoachingId = "coaching";

    /// <summary>The section id of the coaching-maturity assessment.</summary>
    public const string MaturityId = "coaching-maturity";

    /// <summary>The activity funnel: team and rep conversion with intervals, leaking steps and their cost, which ratios predict results, needed versus current activity.</summary>
    /// <param name="result">The analysed funnel.</param>
    /// <param name="options">The culture and currency of the words; null for invariant.</param>
    public static ReportSection Funnel(ActivityFunnelResult result, ProfitYieldReportOptions? options = null) =>
        Section(result, options, Funnel);

    /// <summary>The strategic-goal survey: agreement, every goal's standing, the consensus list, disputed goals and suggestions.</summary>
    /// <param name="result">The analysed survey.</param>
    /// <param name="options">The culture and currency of the words; null for invariant.</param>
    public static ReportSection Survey(GoalSurveyResult result, ProfitYieldReportOptions? options = null) =>
        Section(result, options, Survey);

    /// <summary>The coaching review: verdicts per rep and manager, the measures with intervals, and where coaching goes next.</summary>
    /// <param name="result">The coaching review.</param>
    /// <param name="options">The culture and currency of the words; null for invariant.</param>
    public static ReportSection Coaching(CoachingReviewResult result, ProfitYieldReportOptions? options = null) =>
        Section(result, options, Coaching);

    /// <summary>The coaching-maturity assessment, with the external benchmark clearly labelled as such.</summary>
    /// <param name="result">The assessment.</param>
    /// <param name="options">The culture and currency of the words; null for invariant.</param>
    public static ReportSection Maturity(CoachingMaturityResult result, ProfitYieldReportOptions? options = null) =>
        Section(result, options, Maturity);

    /// <summary>A result's section in the options' culture and currency; throws when the result is null.</summary>
    private static ReportSection Section<TResult>(TResult result, ProfitYieldReportOptions? options, Func<TResult, ReportFormatter, ReportSection> build)
        where TResult : class
    {
        ArgumentNullException.ThrowIfNull(result);
        return build(result, Formatter(options));
    }

    private static ReportFormatter Formatter(ProfitYieldReportOptions? options) =>
        options is null ? new ReportFormatter(System.Globalization.CultureInfo.InvariantCulture, null) : new ReportFormatter(options.Culture, options.CurrencySymbol);

    /// <summary>A confidence level in words, e.g. "95%" or "80%", in the formatter's culture.</summary>
    internal static string Level(ReportFormatter f, double confidenceLevel) => (confidenceLevel * 100).ToString("0.#", f.Culture) + "%";

    /// <summary>The lower bound column of an interval at the given level.</summary>
    internal static ReportColumn Lower(string key, ReportValueKind kind, ReportFormatter f, double level) =>
        new(key, "lower " + Level(f, level), kind) { Role = ReportColumnRole.Lower };

    /// <summary>The upper bound column of an interval at the given level.</summary>
    internal static ReportColumn Upper(string key, ReportValueKind kind, ReportFormatter f, double level) =>
        new(key, "upper " + Level(f, level), kind) { Role = ReportColumnRole.Upper };

    /// <summary>An adjusted p-value in words: "p &lt; 0.0001" or "p = 0.012".</summary>
    internal static string P(ReportFormatter f, double p) => p < 0.0001 ? "p " + f.Format(p, ReportValueKind.PValue) : "p = " + f.Format(p, ReportValueKind.PValue);

    private static string Text(ChangeVerdict v) => v switch
    {
        ChangeVerdict.Improved => "improved",
        ChangeVerdict.Worse => "worse",
        ChangeVerdict.Mixed => "mixed",
        ChangeVerdict.NoData => "no data",
        _ => "no clear change",
    };
}
