using System.CommandLine;
using IcpAnalytics.Execution.Funnel;
using IcpAnalytics.Reports;
using IcpAnalytics.Statistics;

namespace IcpAnalytics.Cli;

/// <summary><c>icp funnel [file]</c>: conversion ratios per rep and team, leaking steps and their margin cost, and activity targets for a goal.</summary>
internal static class FunnelCommand
{
    public static Command Create()
    {
        Argument<FileInfo?> file = ExecutionCommandSupport.FileArgument("activity counts (rep, period, one column per stage, margin)");
        var stages = new Option<string[]>("--stages")
        {
            Description = "The stage columns in funnel order (default: contacts appointments demos opportunities wins).",
            AllowMultipleArgumentsPerToken = true,
        };
        var result = new Option<string>("--result") { Description = "The column holding each period's result (default: margin).", DefaultValueFactory = _ => "margin" };
        var goal = new Option<double?>("--goal") { Description = "The team's result goal for one period, e.g. 1200000: back-solves the activity needed per rep and team." };
        var weeks = new Option<double>("--weeks") { Description = "Weeks in one period, for targets per week (default 13, a quarter).", DefaultValueFactory = _ => 13 };
        var bh = new Option<bool>("--fdr") { Description = "Adjust p-values with Benjamini–Hochberg (false discovery rate) instead of Holm." };
        var coachedFrom = new Option<string?>("--coached-from") { Description = "The first period after coaching for every rep (e.g. 2025-Q1): adds the funnel over time, with leak closed / still open / new leak per rep and step." };
        var assessments = new Option<FileInfo?>("--assessments") { Description = "A CSV of knowledge and skill scores per rep (rep, assessment, score), shown beside each rep's leaking step." };
        var actions = new Option<FileInfo?>("--actions") { Description = "A CSV of action items (rep, action, owner, due, done), shown per rep: the accountability loop." };
        Option<bool> strict = ExecutionCommandSupport.StrictOption();
        Option<string?> format = ExecutionCommandSupport.FormatOption("funnel");
        Option<string?> output = ExecutionCommandSupport.OutOption("funnel.md");
        Option<bool> showValues = ExecutionCommandSupport.ShowValuesOption();
        var command = new Command("funnel", "Analyze the activity funnel: each step's conversion per rep and team, which rep leaks where (tested against the rest of the team) and what it costs, and the activity a result goal needs.\nExample: icp funnel activity.csv --goal 1200000 --weeks 13");
        command.Arguments.Add(file);
        command.Options.Add(stages);
        command.Options.Add(result);
        command.Options.Add(goal);
        command.Options.Add(weeks);
        command.Options.Add(bh);
        command.Options.Add(coachedFrom);
        command.Options.Add(assessments);
        command.Options.Add(actions);
        command.Options.Add(strict);
        command.Options.Add(format);
        command.Options.Add(output);
        command.Options.Add(showValues);
        command.SetAction(parse => ExecutionCommandSupport.Run(parse, () =>
        {
            if (!OutOption.Check(parse, parse.GetValue(output), parse.InvocationConfiguration.Error, "funnel")) return ExitCodes.InvalidCommandLine;
            var load = new ActivityFunnelLoadOptions { ResultColumn = parse.GetValue(result) ?? "margin", Strict = parse.GetValue(strict) };
            string[]? stageNames = parse.GetValue(stages);
            if (stageNames is { Length: > 0 }) load = load with { Stages = stageNames };
            FileInfo? path = parse.GetValue(file);
            ActivityFunnelData data;
            if (path is null)
            {
                using TextReader sample = ExecutionCommandSupport.Sample("activity.csv");
                data = ActivityFunnelData.FromCsv(sample, load, "bundled sample activity.csv");
            }
            else data = ActivityFunnelData.FromCsv(path.FullName, load);
            ExecutionCommandSupport.ReportRejects(parse, data.LoadReport, parse.GetValue(showValues));
            ActivityFunnelResult analysis = data.Analyze(new ActivityFunnelOptions
            {
                ResultGoal = parse.GetValue(goal),
                WeeksPerPeriod = parse.GetValue(weeks),
                Correction = parse.GetValue(bh) ? MultipleTestingCorrection.BenjaminiHochberg : MultipleTestingCorrection.Holm,
            });
            var followUpLoads = new List<IcpAnalytics.Data.LoadReport?>();
            var sections = new List<ReportSection> { SalesExecutionSections.Funnel(analysis) };
            if (parse.GetValue(coachedFrom) is string from)
                sections.Add(SalesExecutionSections.FunnelChange(FunnelChange.Analyze(data, new FunnelChangeOptions { TeamCoachedFrom = from })));
            if (parse.GetValue(assessments) is not null || parse.GetValue(actions) is not null)
            {
                RepFollowUp followUp = RepFollowUp.FromCsv(parse.GetValue(assessments)?.FullName, parse.GetValue(actions)?.FullName, parse.GetValue(strict));
                followUpLoads.AddRange(followUp.LoadReports);
                foreach (IcpAnalytics.Data.LoadReport r in followUp.LoadReports) ExecutionCommandSupport.ReportRejects(parse, r, parse.GetValue(showValues));
                sections.Add(SalesExecutionSections.RepFollowUp(analysis, followUp));
            }
            ProfitYieldReport report = sections.Count == 1 ? SalesExecutionReport.Of(analysis) : ProfitYieldReport.FromSections(sections, new ProfitYieldReportOptions { Title = "Activity funnel" });
            ExecutionCommandSupport.Write(parse, parse.GetValue(format) ?? "text", parse.GetValue(output), analysis, parse.GetValue(showValues), report);
            return ExecutionCommandSupport.ExitCode([data.LoadReport, .. followUpLoads]);
        }, ("ResultColumn", "--result"), ("Names", "--stages"), ("ResultGoal", "--goal"), ("WeeksPerPeriod", "--weeks")));
        return command;
    }
}
