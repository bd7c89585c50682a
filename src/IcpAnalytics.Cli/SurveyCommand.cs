using System.CommandLine;
using IcpAnalytics.Execution.GoalSurvey;
using IcpAnalytics.Reports;

namespace IcpAnalytics.Cli;

/// <summary><c>icp survey [file]</c>: the strategic-goal survey: mean ranks, agreement (Kendall's W), consensus list, disputed goals, suggestions.</summary>
internal static class SurveyCommand
{
    public static Command Create()
    {
        Argument<FileInfo?> file = ExecutionCommandSupport.FileArgument("survey answers (executive, goal, rank, example, suggestion_type, suggestion)");
        var goals = new Option<string[]>("--goal")
        {
            Description = "An agreed goal label (repeat for each); rows with other labels are rejected. Without it, any label is accepted.",
            AllowMultipleArgumentsPerToken = true,
        };
        var top = new Option<int>("--top") { Description = "How many goals make the consensus list (default 7).", DefaultValueFactory = _ => 7 };
        Option<bool> strict = ExecutionCommandSupport.StrictOption();
        var vision = new Option<bool>("--vision") { Description = "Print the one-page shared vision instead: the agreed goals, the disputed ones with who disagrees, and rules of engagement to fill in." };
        Option<string?> format = ExecutionCommandSupport.FormatOption("survey");
        Option<string?> output = ExecutionCommandSupport.OutOption("survey.md");
        Option<bool> showValues = ExecutionCommandSupport.ShowValuesOption();
        var command = new Command("survey", "Analyze the executives' strategic-goal survey: mean rank and spread per goal, agreement (Kendall's W), the consensus top goals, the disputed ones, and the suggestions by goal.\nExample: icp survey survey.csv --top 6");
        command.Arguments.Add(file);
        command.Options.Add(goals);
        command.Options.Add(top);
        command.Options.Add(strict);
        command.Options.Add(vision);
        command.Options.Add(format);
        command.Options.Add(output);
        command.Options.Add(showValues);
        command.SetAction(parse => ExecutionCommandSupport.Run(parse, () =>
        {
            if (!OutOption.Check(parse, parse.GetValue(output), parse.InvocationConfiguration.Error, "survey")) return ExitCodes.InvalidCommandLine;
            string[]? labels = parse.GetValue(goals);
            var options = new GoalSurveyLoadOptions { Goals = labels is { Length: > 0 } ? labels : null, Strict = parse.GetValue(strict) };
            FileInfo? path = parse.GetValue(file);
            GoalSurveyData survey;
            if (path is null)
            {
                using TextReader sample = ExecutionCommandSupport.Sample("survey.csv");
                survey = GoalSurveyData.FromCsv(sample, options, "bundled sample survey.csv");
            }
            else survey = GoalSurveyData.FromCsv(path.FullName, options);
            ExecutionCommandSupport.ReportRejects(parse, survey.LoadReport, parse.GetValue(showValues));
            GoalSurveyResult result = survey.Analyze(new GoalSurveyOptions { ConsensusSize = parse.GetValue(top) });
            ExecutionCommandSupport.Write(parse, parse.GetValue(format) ?? "text", parse.GetValue(output), result, parse.GetValue(showValues),
                parse.GetValue(vision) ? SalesExecutionReport.SharedVision(result) : SalesExecutionReport.Of(result));
            return ExecutionCommandSupport.ExitCode(survey.LoadReport);
        }, ("ConsensusSize", "--top")));
        return command;
    }
}
