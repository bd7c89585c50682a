using System.CommandLine;
using System.Globalization;
using IcpAnalytics.Data;
using IcpAnalytics.Execution.Coaching;
using IcpAnalytics.Reports;

namespace IcpAnalytics.Cli;

/// <summary><c>icp coaching [deals.csv]</c>: each competency's outcome measures, baseline versus current period, per rep, manager and team, with verdicts and where coaching goes next.</summary>
internal static class CoachingCommand
{
    public static Command Create()
    {
        var source = new DealSourceOptions();
        var managers = new Option<FileInfo?>("--managers")
        {
            Description = "A CSV mapping each rep to their manager (columns rep, manager) for the per-manager view. Without a deals file, the bundled sample map is used.",
        };
        var baselineStart = new Option<string>("--baseline-start") { Description = "First close date of the baseline period, yyyy-MM-dd (default 2024-01-01).", DefaultValueFactory = _ => "2024-01-01" };
        var currentStart = new Option<string>("--current-start") { Description = "First close date of the current period, yyyy-MM-dd (default 2025-01-01); the baseline ends the day before.", DefaultValueFactory = _ => "2025-01-01" };
        var currentEnd = new Option<string?>("--current-end") { Description = "End of the current period (exclusive), yyyy-MM-dd (default: no end)." };
        var starts = new Option<FileInfo?>("--starts")
        {
            Description = "A CSV of each rep's coaching start (columns rep, coaching_start as yyyy-MM-dd, empty for reps never coached, optional role): "
                + "estimates coaching impact against reps not yet or never coached instead of the baseline/current comparison.",
        };
        var measures = new Option<FileInfo?>("--measures") { Description = "With --starts: a CSV of more per-rep, per-period measures (columns rep, period, measure, value), e.g. win stories shared." };
        var competencies = new Option<FileInfo?>("--competencies") { Description = "With --starts: a CSV of competencies (columns competency, kind skill/will/process, measure, optional direction up/down and role). Default: closing, value selling, pipeline discipline on deal measures." };
        var period = new Option<string>("--period") { Description = "With --starts: the period of the rep panel, month or quarter (default quarter).", DefaultValueFactory = _ => "quarter" };
        period.AcceptOnlyFromAmong("month", "quarter");
        Option<string?> format = ExecutionCommandSupport.FormatOption("coaching");
        Option<string?> output = ExecutionCommandSupport.OutOption("coaching.md");
        var command = new Command("coaching", "Track coaching against outcomes: for each competency (negotiating, qualifying, …) compare its deal measures between a baseline and the current period, per rep, manager and team, with intervals and verdicts, and say where coaching should go next.\nExample: icp coaching deals.csv --managers managers.csv --baseline-start 2024-01-01 --current-start 2025-01-01");
        source.AddTo(command);
        command.Options.Add(managers);
        command.Options.Add(baselineStart);
        command.Options.Add(currentStart);
        command.Options.Add(currentEnd);
        command.Options.Add(starts);
        command.Options.Add(measures);
        command.Options.Add(competencies);
        command.Options.Add(period);
        command.Options.Add(format);
        command.Options.Add(output);
        command.SetAction(parse => ExecutionCommandSupport.Run(parse, () =>
        {
            if (!OutOption.Check(parse, parse.GetValue(output), parse.InvocationConfiguration.Error, "coaching")) return ExitCodes.InvalidCommandLine;
            TextWriter error = parse.InvocationConfiguration.Error;
            var problems = new List<string>();
            DateOnly? Date(Option<string> option, string? text)
            {
                if (text is null) return null;
                if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly d)) return d;
                problems.Add($"{option.Name} '{text}' is not a date in the form yyyy-MM-dd, e.g. 2025-01-01.");
                return null;
            }
            DateOnly? b = Date(baselineStart, parse.GetValue(baselineStart));
            DateOnly? c = Date(currentStart, parse.GetValue(currentStart));
            DateOnly? e = parse.GetValue(currentEnd) is string endText ? Date(currentEnd!, endText) : null;
            if (problems.Count > 0)
            {
                foreach (string p in problems) error.WriteLine("error: " + p);
                error.WriteLine("Run 'icp coaching --help' for the options and examples.");
                return ExitCodes.InvalidCommandLine;
            }
            if (parse.GetValue(starts) is null && (parse.GetValue(measures) is not null || parse.GetValue(competencies) is not null))
            {
                error.WriteLine("error: --measures and --competencies need --starts, the CSV of each rep's coaching start, e.g. --starts starts.csv.");
                return ExitCodes.InvalidCommandLine;
            }
            if (!source.TryLoad(parse, out DealSet deals)) return ExitCodes.NotLoaded;
            if (parse.GetValue(starts) is FileInfo startsFile)
            {
                bool showStartValues = parse.GetValue(source.ShowValues);
                CoachingPeriodLength length = parse.GetValue(period) == "month" ? CoachingPeriodLength.Month : CoachingPeriodLength.Quarter;
                CoachingStarts coachingStarts = CoachingStarts.FromCsv(startsFile.FullName);
                ExecutionCommandSupport.ReportRejects(parse, coachingStarts.LoadReport, showStartValues);
                var loads = new List<LoadReport?> { deals.LoadReport, coachingStarts.LoadReport };
                RepPeriodMeasures panel = RepPeriodMeasures.FromDeals(deals, length);
                if (parse.GetValue(measures) is FileInfo measuresFile)
                {
                    RepPeriodMeasures more = RepPeriodMeasures.FromCsv(measuresFile.FullName, length);
                    ExecutionCommandSupport.ReportRejects(parse, more.LoadReport, showStartValues);
                    loads.Add(more.LoadReport);
                    panel = panel.With(more);
                }
                var impactOptions = new CoachingImpactOptions();
                if (parse.GetValue(competencies) is FileInfo competenciesFile)
                {
                    (IReadOnlyList<ImpactCompetency> list, LoadReport report) = ImpactCompetencies.FromCsv(competenciesFile.FullName);
                    ExecutionCommandSupport.ReportRejects(parse, report, showStartValues);
                    loads.Add(report);
                    impactOptions = impactOptions with { Competencies = list };
                }
                CoachingImpactResult impact = CoachingImpact.Analyze(panel, coachingStarts, impactOptions);
                ExecutionCommandSupport.Write(parse, parse.GetValue(format) ?? "text", parse.GetValue(output), impact, showStartValues, SalesExecutionReport.Of(impact));
                return ExecutionCommandSupport.ExitCode([.. loads]);
            }
            FileInfo? mapFile = parse.GetValue(managers);
            CoachingTeams? teams = null;
            if (mapFile is not null) teams = CoachingTeams.FromCsv(mapFile.FullName);
            else if (parse.GetValue(source.File) is null)
            {
                using TextReader sample = ExecutionCommandSupport.Sample("coaching-managers.csv");
                teams = CoachingTeams.FromCsv(sample, false, "bundled sample coaching-managers.csv");
            }
            bool showValues = parse.GetValue(source.ShowValues);
            if (teams is not null) ExecutionCommandSupport.ReportRejects(parse, teams.LoadReport, showValues);
            CoachingReviewResult result = CoachingReview.Analyze(deals, teams, new CoachingReviewOptions { BaselineStart = b!.Value, CurrentStart = c!.Value, CurrentEnd = e });
            ExecutionCommandSupport.Write(parse, parse.GetValue(format) ?? "text", parse.GetValue(output), result, showValues, SalesExecutionReport.Of(result));
            return ExecutionCommandSupport.ExitCode(deals.LoadReport, teams?.LoadReport);
        }));
        return command;
    }
}
