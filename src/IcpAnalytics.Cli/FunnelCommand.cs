using System.CommandLine;
using IcpAnalytics.Execution;

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
        Option<bool> strict = ExecutionCommandSupport.StrictOption();
        Option<string?> format = ExecutionCommandSupport.FormatOption("funnel");
        Option<string?> output = ExecutionCommandSupport.OutOption("funnel.md");
        Option<bool> showValues = ExecutionCommandSupport.ShowValuesOption();
        var command = new Command("funnel", "Analyse the activity funnel: each step's conversion per rep and team, which rep leaks where (tested against the rest of the team) and what it costs, and the activity a result goal needs.\nExample: icp funnel activity.csv --goal 1200000 --weeks 13");
        command.Arguments.Add(file);
        command.Options.Add(stages);
        command.Options.Add(result);
        command.Options.Add(goal);
        command.Options.Add(weeks);
        command.Options.Add(bh);
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
                Adjustment = parse.GetValue(bh) ? PValueAdjustment.BenjaminiHochberg : PValueAdjustment.Holm,
            });
            ExecutionCommandSupport.Write(parse, parse.GetValue(format) ?? "text", parse.GetValue(output), analysis, parse.GetValue(showValues), analysis.ToString, analysis.ToMarkdown, analysis.ToHtml);
            return ExecutionCommandSupport.ExitCode(data.LoadReport);
        }));
        return command;
    }
}
