using System.CommandLine;
using System.Globalization;
using IcpAnalytics.Data;
using IcpAnalytics.Execution;

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
        Option<string?> format = ExecutionCommandSupport.FormatOption("coaching");
        Option<string?> output = ExecutionCommandSupport.OutOption("coaching.md");
        var command = new Command("coaching", "Track coaching against outcomes: for each competency (negotiating, qualifying, …) compare its deal measures between a baseline and the current period, per rep, manager and team, with intervals and verdicts, and say where coaching should go next.\nExample: icp coaching deals.csv --managers managers.csv --baseline-start 2024-01-01 --current-start 2025-01-01");
        source.AddTo(command);
        command.Options.Add(managers);
        command.Options.Add(baselineStart);
        command.Options.Add(currentStart);
        command.Options.Add(currentEnd);
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
            if (!source.TryLoad(parse, out DealSet deals)) return ExitCodes.NotLoaded;
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
            CoachingReviewResult result = CoachingReview.Compare(deals, new CoachingReviewOptions { BaselineStart = b!.Value, CurrentStart = c!.Value, CurrentEnd = e }, teams);
            ExecutionCommandSupport.Write(parse, parse.GetValue(format) ?? "text", parse.GetValue(output), result, showValues, result.ToString, result.ToMarkdown, result.ToHtml);
            return ExecutionCommandSupport.ExitCode(deals.LoadReport, teams?.LoadReport);
        }));
        return command;
    }
}
