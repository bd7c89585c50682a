using IcpAnalytics.Execution.Coaching;
using IcpAnalytics.Execution.Funnel;
using IcpAnalytics.Execution.GoalSurvey;
using IcpAnalytics.Execution.Losses;
using IcpAnalytics.Execution.Maturity;
using IcpAnalytics.Execution.Sellers;

namespace IcpAnalytics.Reports;

/// <summary>
/// One sales-execution result on its own as a report: its <see cref="SalesExecutionSections"/> section in a one-section
/// <see cref="ProfitYieldReport"/>, so it renders through the same writers and formatter as the profit-yield report —
/// <c>ToHtml()</c>, <c>ToMarkdown()</c>, <c>ToText()</c>, <c>ToJson()</c> and <c>WriteCsv</c>, in the options' culture.
/// </summary>
/// <example><code>
/// ActivityFunnelResult funnel = ActivityFunnelData.FromCsv("activity.csv").Analyze();
/// string markdown = SalesExecutionReport.Of(funnel).ToMarkdown();
/// </code></example>
public static class SalesExecutionReport
{
    /// <summary>The activity funnel as a report.</summary>
    /// <param name="result">The analysed funnel.</param>
    /// <param name="options">Title, culture and currency; null for the section's title and invariant numbers.</param>
    public static ProfitYieldReport Of(ActivityFunnelResult result, ProfitYieldReportOptions? options = null) =>
        Wrap(result, SalesExecutionSections.Funnel, options);

    /// <summary>The strategic-goal survey as a report.</summary>
    /// <param name="result">The analysed survey.</param>
    /// <param name="options">Title, culture and currency; null for the section's title and invariant numbers.</param>
    public static ProfitYieldReport Of(GoalSurveyResult result, ProfitYieldReportOptions? options = null) =>
        Wrap(result, SalesExecutionSections.Survey, options);

    /// <summary>The coaching review as a report.</summary>
    /// <param name="result">The coaching review.</param>
    /// <param name="options">Title, culture and currency; null for the section's title and invariant numbers.</param>
    public static ProfitYieldReport Of(CoachingReviewResult result, ProfitYieldReportOptions? options = null) =>
        Wrap(result, SalesExecutionSections.Coaching, options);

    /// <summary>The coaching-maturity assessment as a report.</summary>
    /// <param name="result">The assessment.</param>
    /// <param name="options">Title, culture and currency; null for the section's title and invariant numbers.</param>
    public static ProfitYieldReport Of(CoachingMaturityResult result, ProfitYieldReportOptions? options = null) =>
        Wrap(result, SalesExecutionSections.Maturity, options);

    /// <summary>The coaching-impact analysis as a report.</summary>
    /// <param name="result">The coaching-impact analysis.</param>
    /// <param name="options">Title, culture and currency; null for the section's title and invariant numbers.</param>
    public static ProfitYieldReport Of(CoachingImpactResult result, ProfitYieldReportOptions? options = null) =>
        Wrap(result, SalesExecutionSections.CoachingImpact, options);

    /// <summary>The seller-variance analysis as a report.</summary>
    /// <param name="result">The seller-variance analysis.</param>
    /// <param name="options">Title, culture and currency; null for the section's title and invariant numbers.</param>
    public static ProfitYieldReport Of(SellerVarianceResult result, ProfitYieldReportOptions? options = null) =>
        Wrap(result, SalesExecutionSections.SellerVariance, options);

    /// <summary>The activity funnel over time (leak closed / still open / new leak around each coaching date) as a report.</summary>
    /// <param name="result">The funnel over time.</param>
    /// <param name="options">Title, culture and currency; null for the section's title and invariant numbers.</param>
    public static ProfitYieldReport Of(FunnelChangeResult result, ProfitYieldReportOptions? options = null) =>
        Wrap(result, SalesExecutionSections.FunnelChange, options);

    /// <summary>The one-page shared vision from the goal survey: agreed goals, disputed goals with who disagrees, and the rules of engagement to fill in.</summary>
    /// <param name="result">The analysed survey.</param>
    /// <param name="options">Title, culture and currency; null for the section's title and invariant numbers.</param>
    public static ProfitYieldReport SharedVision(GoalSurveyResult result, ProfitYieldReportOptions? options = null) =>
        Wrap(result, SalesExecutionSections.SharedVision, options);

    /// <summary>Why we lose (loss reasons per segment and for ICP fit against non-fit) as a report.</summary>
    /// <param name="result">The loss-reason analysis.</param>
    /// <param name="options">Title, culture and currency; null for the section's title and invariant numbers.</param>
    public static ProfitYieldReport Of(LossReasonsResult result, ProfitYieldReportOptions? options = null) =>
        Wrap(result, SalesExecutionSections.LossReasons, options);

    /// <summary>The one section of <paramref name="result"/> as a report; throws when the result is null.</summary>
    private static ProfitYieldReport Wrap<TResult>(TResult result, Func<TResult, ReportFormatter, ReportSection> section, ProfitYieldReportOptions? options)
        where TResult : class
    {
        ArgumentNullException.ThrowIfNull(result);
        return Wrap(f => section(result, f), options);
    }

    internal static ProfitYieldReport Wrap(Func<ReportFormatter, ReportSection> section, ProfitYieldReportOptions? options)
    {
        ProfitYieldReportOptions o = options ?? new ProfitYieldReportOptions();
        ReportSection s = section(new ReportFormatter(o.Culture, o.CurrencySymbol));
        if (options is null) o = o with { Title = s.Title };
        return ProfitYieldReport.FromSections([s], o);
    }
}
