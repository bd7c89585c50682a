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
    public static ProfitYieldReport Of(ActivityFunnelResult result, ProfitYieldReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Wrap(f => SalesExecutionSections.Funnel(result, f), options);
    }

    /// <summary>The strategic-goal survey as a report.</summary>
    /// <param name="result">The analysed survey.</param>
    /// <param name="options">Title, culture and currency; null for the section's title and invariant numbers.</param>
    public static ProfitYieldReport Of(GoalSurveyResult result, ProfitYieldReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Wrap(f => SalesExecutionSections.Survey(result, f), options);
    }

    /// <summary>The coaching review as a report.</summary>
    /// <param name="result">The coaching review.</param>
    /// <param name="options">Title, culture and currency; null for the section's title and invariant numbers.</param>
    public static ProfitYieldReport Of(CoachingReviewResult result, ProfitYieldReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Wrap(f => SalesExecutionSections.Coaching(result, f), options);
    }

    /// <summary>The coaching-maturity assessment as a report.</summary>
    /// <param name="result">The assessment.</param>
    /// <param name="options">Title, culture and currency; null for the section's title and invariant numbers.</param>
    public static ProfitYieldReport Of(CoachingMaturityResult result, ProfitYieldReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Wrap(f => SalesExecutionSections.Maturity(result, f), options);
    }

    /// <summary>The coaching-impact analysis as a report.</summary>
    /// <param name="result">The coaching-impact analysis.</param>
    /// <param name="options">Title, culture and currency; null for the section's title and invariant numbers.</param>
    public static ProfitYieldReport Of(CoachingImpactResult result, ProfitYieldReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Wrap(f => SalesExecutionSections.CoachingImpact(result, f), options);
    }

    /// <summary>The seller-variance analysis as a report.</summary>
    /// <param name="result">The seller-variance analysis.</param>
    /// <param name="options">Title, culture and currency; null for the section's title and invariant numbers.</param>
    public static ProfitYieldReport Of(SellerVarianceResult result, ProfitYieldReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Wrap(f => SalesExecutionSections.SellerVariance(result, f), options);
    }

    /// <summary>The activity funnel over time (leak closed / still open / new leak around each coaching date) as a report.</summary>
    /// <param name="result">The funnel over time.</param>
    /// <param name="options">Title, culture and currency; null for the section's title and invariant numbers.</param>
    public static ProfitYieldReport Of(FunnelChangeResult result, ProfitYieldReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Wrap(f => SalesExecutionSections.FunnelChange(result, f), options);
    }

    /// <summary>The one-page shared vision from the goal survey: agreed goals, disputed goals with who disagrees, and the rules of engagement to fill in.</summary>
    /// <param name="result">The analysed survey.</param>
    /// <param name="options">Title, culture and currency; null for the section's title and invariant numbers.</param>
    public static ProfitYieldReport SharedVision(GoalSurveyResult result, ProfitYieldReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Wrap(f => SalesExecutionSections.SharedVision(result, f), options);
    }

    /// <summary>Why we lose (loss reasons per segment and for ICP fit against non-fit) as a report.</summary>
    /// <param name="result">The loss-reason analysis.</param>
    /// <param name="options">Title, culture and currency; null for the section's title and invariant numbers.</param>
    public static ProfitYieldReport Of(LossReasonsResult result, ProfitYieldReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Wrap(f => SalesExecutionSections.LossReasons(result, f), options);
    }

    internal static ProfitYieldReport Wrap(Func<ReportFormatter, ReportSection> section, ProfitYieldReportOptions? options)
    {
        ProfitYieldReportOptions o = options ?? new ProfitYieldReportOptions();
        ReportSection s = section(new ReportFormatter(o.Culture, o.CurrencySymbol));
        if (options is null) o = o with { Title = s.Title };
        return ProfitYieldReport.FromSections([s], o);
    }
}
