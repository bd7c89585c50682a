using System.CommandLine;
using IcpAnalytics.Data;
using IcpAnalytics.Execution.Maturity;
using IcpAnalytics.Reports;

namespace IcpAnalytics.Cli;

/// <summary><c>icp maturity [file]</c>: the coaching-maturity level, what moving up requires, and the external benchmark beside the measured win rate.</summary>
internal static class MaturityCommand
{
    public static Command Create()
    {
        Argument<FileInfo?> file = ExecutionCommandSupport.FileArgument("questionnaire answers (respondent, question, answer 1–5)");
        var withSample = new Option<bool>("--sample-deals")
        {
            Description = "Compare with the win rate of the embedded sample deals (the sample's, not yours; for a demonstration).",
        };
        Option<bool> strict = ExecutionCommandSupport.StrictOption();
        Option<string?> format = ExecutionCommandSupport.FormatOption("maturity");
        Option<string?> output = ExecutionCommandSupport.OutOption("maturity.md");
        Option<bool> showValues = ExecutionCommandSupport.ShowValuesOption();
        var command = new Command("maturity", "Score the coaching-maturity questionnaire (random / informal / formal / dynamic), say what moving up a level requires, and show the 2017 external benchmark beside your measured win rate.\nExample: icp maturity answers.csv");
        command.Arguments.Add(file);
        command.Options.Add(withSample);
        command.Options.Add(strict);
        command.Options.Add(format);
        command.Options.Add(output);
        command.Options.Add(showValues);
        command.SetAction(parse => ExecutionCommandSupport.Run(parse, () =>
        {
            if (!OutOption.Check(parse, parse.GetValue(output), parse.InvocationConfiguration.Error, "maturity")) return ExitCodes.InvalidCommandLine;
            FileInfo? path = parse.GetValue(file);
            CoachingMaturityAnswers answers;
            if (path is null)
            {
                using TextReader sample = ExecutionCommandSupport.Sample("maturity.csv");
                answers = CoachingMaturityAnswers.FromCsv(sample, parse.GetValue(strict), "bundled sample maturity.csv");
            }
            else answers = CoachingMaturityAnswers.FromCsv(path.FullName, parse.GetValue(strict));
            ExecutionCommandSupport.ReportRejects(parse, answers.LoadReport, parse.GetValue(showValues));
            DealSet? deals = parse.GetValue(withSample) ? SampleDeals.Generate() : null;
            CoachingMaturityResult result = CoachingMaturityAssessment.Analyze(answers, deals);
            ExecutionCommandSupport.Write(parse, parse.GetValue(format) ?? "text", parse.GetValue(output), result, parse.GetValue(showValues), SalesExecutionReport.Of(result));
            return ExecutionCommandSupport.ExitCode(answers.LoadReport);
        }));
        return command;
    }
}
