using System.CommandLine;
using System.Globalization;
using IcpAnalytics.Data;
using IcpAnalytics.Execution.Coaching;
using IcpAnalytics.Execution.Funnel;
using IcpAnalytics.Execution.GoalSurvey;
using IcpAnalytics.Execution.Maturity;
using IcpAnalytics.Execution.Sellers;
using IcpAnalytics.Reports;

namespace IcpAnalytics.Cli;

/// <summary>
/// The options of <c>icp report</c> that add the sales-execution sections (activity funnel, goal survey, coaching review,
/// coaching maturity) to the profit-yield report. Inputs are loaded (leniently; rejects are listed) before the report runs.
/// </summary>
internal sealed class ReportExecutionOptions
{
    private readonly Option<FileInfo?> _activity = new("--activity") { Description = "Add the activity-funnel section from this CSV (rep, period, contacts, appointments, demos, opportunities, wins, margin). Example: --activity activity.csv", HelpName = "path" };
    private readonly Option<double?> _goal = new("--activity-goal") { Description = "With --activity: the team's result goal per period to back-solve activity targets from. Example: --activity-goal 1200000", HelpName = "amount" };
    private readonly Option<FileInfo?> _survey = new("--survey") { Description = "Add the strategic-goal survey section from this CSV (executive, goal, rank, example, suggestion_type, suggestion). Example: --survey survey.csv", HelpName = "path" };
    private readonly Option<FileInfo?> _maturity = new("--maturity") { Description = "Add the coaching-maturity section from this CSV of answers (respondent, question, answer 1–5), beside the deals' win rate. Example: --maturity answers.csv", HelpName = "path" };
    private readonly Option<string?> _coachingSince = new("--coaching-since") { Description = "Add the coaching-competencies section: deals closed from this date are the current period, earlier deals the baseline. Example: --coaching-since 2025-01-01", HelpName = "yyyy-MM-dd" };
    private readonly Option<FileInfo?> _managers = new("--managers") { Description = "With --coaching-since: a CSV mapping reps to managers (rep, manager) for the per-manager view. Example: --managers managers.csv", HelpName = "path" };

    private readonly Option<bool> _sellers = new("--seller-variance") { Description = "Add the seller-variance section: the share of margin per effort hour's variance between reps, margin concentration across reps, reps reliably above or below the team. Example: --seller-variance" };
    private readonly Option<FileInfo?> _starts = new("--coaching-starts") { Description = "Add the coaching-impact section from this CSV of each rep's coaching start (rep, coaching_start, optional role): coached reps against reps not yet or never coached. Example: --coaching-starts starts.csv", HelpName = "path" };

    private ActivityFunnelResult? _funnel;
    private bool _withSellers;
    private CoachingStarts? _coachingStarts;
    private GoalSurveyResult? _surveyResult;
    private CoachingMaturityAnswers? _answers;
    private DateOnly? _since;
    private CoachingTeams? _teams;

    public void AddTo(Command command)
    {
        foreach (Option o in (Option[])[_activity, _goal, _survey, _maturity, _coachingSince, _managers, _sellers, _starts]) command.Options.Add(o);
    }

    /// <summary>Parses and loads the inputs; adds a message to <paramref name="invalid"/> for a bad option, or returns false with <paramref name="loadError"/> when a file cannot be loaded.</summary>
    public bool TryLoad(ParseResult parse, List<string> invalid, out string? loadError)
    {
        loadError = null;
        if (parse.GetValue(_coachingSince) is string since)
        {
            if (DateOnly.TryParseExact(since, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly d)) _since = d;
            else invalid.Add($"--coaching-since '{since}' is not a date in the form yyyy-MM-dd, e.g. --coaching-since 2025-01-01.");
        }
        if (parse.GetValue(_managers) is not null && parse.GetValue(_coachingSince) is null) invalid.Add("--managers needs --coaching-since, which adds the coaching section.");
        if (parse.GetValue(_goal) is not null && parse.GetValue(_activity) is null) invalid.Add("--activity-goal needs --activity.");
        if (invalid.Count > 0) return true;
        try
        {
            if (parse.GetValue(_activity) is FileInfo a)
            {
                ActivityFunnelData data = ActivityFunnelData.FromCsv(a.FullName);
                ExecutionCommandSupport.ReportRejects(parse, data.LoadReport, ShowValues(parse)); AnyRejected |= data.LoadReport.RowsRejected > 0;
                _funnel = data.Analyze(new ActivityFunnelOptions { ResultGoal = parse.GetValue(_goal) });
            }
            if (parse.GetValue(_survey) is FileInfo s)
            {
                GoalSurveyData survey = GoalSurveyData.FromCsv(s.FullName);
                ExecutionCommandSupport.ReportRejects(parse, survey.LoadReport, ShowValues(parse)); AnyRejected |= survey.LoadReport.RowsRejected > 0;
                _surveyResult = survey.Analyze();
            }
            if (parse.GetValue(_maturity) is FileInfo m)
            {
                _answers = CoachingMaturityAnswers.FromCsv(m.FullName);
                ExecutionCommandSupport.ReportRejects(parse, _answers.LoadReport, ShowValues(parse)); AnyRejected |= _answers.LoadReport.RowsRejected > 0;
            }
            _withSellers = parse.GetValue(_sellers);
            if (parse.GetValue(_starts) is FileInfo cs)
            {
                _coachingStarts = CoachingStarts.FromCsv(cs.FullName);
                ExecutionCommandSupport.ReportRejects(parse, _coachingStarts.LoadReport, ShowValues(parse)); AnyRejected |= _coachingStarts.LoadReport.RowsRejected > 0;
            }
            if (parse.GetValue(_managers) is FileInfo t)
            {
                _teams = CoachingTeams.FromCsv(t.FullName);
                ExecutionCommandSupport.ReportRejects(parse, _teams.LoadReport, ShowValues(parse)); AnyRejected |= _teams.LoadReport.RowsRejected > 0;
            }
            return true;
        }
        catch (Exception e) when (e is IcpAnalyticsException or FileNotFoundException or IOException or UnauthorizedAccessException)
        {
            loadError = e.Message;
            return false;
        }
    }

    /// <summary>Whether any of the execution inputs had rejected rows (the report's exit code is then 3).</summary>
    public bool AnyRejected { get; private set; }

    private static bool ShowValues(ParseResult parse) =>
        parse.CommandResult.Command.Options.FirstOrDefault(o => o.Name == "--show-values") is Option<bool> show && parse.GetValue(show);

    /// <summary>Adds the loaded sections to the report builder; the coaching review runs on the report's deals.</summary>
    public ProfitYieldReportBuilder Apply(ProfitYieldReportBuilder builder, DealSet deals)
    {
        if (_surveyResult is not null) builder = builder.WithGoalSurvey(_surveyResult);
        if (_funnel is not null) builder = builder.WithActivityFunnel(_funnel);
        if (_since is DateOnly since)
        {
            DateOnly first = deals.DateRange().First ?? since;
            builder = builder.WithCoachingReview(CoachingReview.Analyze(deals, _teams, new CoachingReviewOptions { BaselineStart = first, CurrentStart = since }));
        }
        if (_coachingStarts is not null) builder = builder.WithCoachingImpact(CoachingImpact.Analyze(RepPeriodMeasures.FromDeals(deals), _coachingStarts));
        if (_answers is not null) builder = builder.WithCoachingMaturity(CoachingMaturityAssessment.Analyze(_answers, deals));
        if (_withSellers) builder = builder.WithSellerVariance(SellerVariance.Analyze(deals));
        return builder;
    }
}
