using System.CommandLine;
using IcpAnalytics.Data;
using IcpAnalytics.Execution.Losses;
using IcpAnalytics.Reports;

namespace IcpAnalytics.Cli;

/// <summary><c>icp losses [deals.csv]</c>: why deals are lost: the share of each loss reason (or competitor) and the margin it lost, for all deals and per segment, with intervals.</summary>
internal static class LossesCommand
{
    public static Command Create()
    {
        var source = new DealSourceOptions();
        var reason = new Option<string>("--reason") { Description = "The loss-reason or competitor column (default loss_reason).", DefaultValueFactory = _ => "loss_reason" };
        var segmentBy = new Option<string?>("--segment-by") { Description = "A categorical attribute to break losses down by, e.g. --segment-by industry." };
        Option<string?> format = ExecutionCommandSupport.FormatOption("losses");
        Option<string?> output = ExecutionCommandSupport.OutOption("losses.md");
        var command = new Command("losses", "Why we lose: each loss reason's share of lost deals (Wilson interval) and the margin it lost (bootstrap interval), for all deals and per segment.\nExample: icp losses deals.csv --reason competitor --segment-by industry");
        source.AddTo(command);
        command.Options.Add(reason);
        command.Options.Add(segmentBy);
        command.Options.Add(format);
        command.Options.Add(output);
        command.SetAction(parse => ExecutionCommandSupport.Run(parse, () =>
        {
            if (!OutOption.Check(parse, parse.GetValue(output), parse.InvocationConfiguration.Error, "losses")) return ExitCodes.InvalidCommandLine;
            if (!source.TryLoad(parse, out DealSet deals)) return ExitCodes.NotLoaded;
            string reasonColumn = parse.GetValue(reason) ?? "loss_reason";
            if (parse.GetValue(source.File) is null && !deals.CategoricalAttributes.Any(c => string.Equals(c.Name, reasonColumn, StringComparison.OrdinalIgnoreCase)))
            {
                parse.InvocationConfiguration.Error.WriteLine("error: the embedded sample has no loss reasons; give a deals file with a loss-reason or competitor column, e.g. icp losses deals.csv --reason competitor.");
                return ExitCodes.InvalidCommandLine;
            }
            LossReasonsResult result = LossReasons.Analyze(deals, options: new LossReasonOptions { ReasonColumn = reasonColumn, SegmentBy = parse.GetValue(segmentBy) });
            ExecutionCommandSupport.Write(parse, parse.GetValue(format) ?? "text", parse.GetValue(output), result, parse.GetValue(source.ShowValues), SalesExecutionReport.Of(result));
            return ExecutionCommandSupport.ExitCode(deals.LoadReport);
        }, ("ReasonColumn", "--reason"), ("SegmentBy", "--segment-by")));
        return command;
    }
}
