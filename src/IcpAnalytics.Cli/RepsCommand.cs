using System.CommandLine;
using IcpAnalytics.Data;
using IcpAnalytics.Execution.Sellers;
using IcpAnalytics.Reports;

namespace IcpAnalytics.Cli;

/// <summary><c>icp reps [deals.csv]</c>: how much a deal measure varies between reps, how margin concentrates across reps, and which reps are reliably above or below the team.</summary>
internal static class RepsCommand
{
    public static Command Create()
    {
        var source = new DealSourceOptions();
        var measure = new Option<string>("--measure")
        {
            Description = "The deal measure: \"margin per effort hour\" (default), \"margin\", or a numeric column's name.",
            DefaultValueFactory = _ => SellerVarianceOptions.MarginPerEffortHour,
        };
        var minDeals = new Option<int>("--min-deals") { Description = "Reps with fewer deals with the measure are left out of the decomposition (default 2).", DefaultValueFactory = _ => 2 };
        Option<string?> format = ExecutionCommandSupport.FormatOption("reps");
        Option<string?> output = ExecutionCommandSupport.OutOption("reps.md");
        var command = new Command("reps", "Seller variance: the share of a deal measure's variance between reps (with its interval), how margin concentrates across reps (top 10%/20%, Lorenz curve), and which reps are reliably above or below the team after shrinkage.\nExample: icp reps deals.csv --measure \"margin per effort hour\"");
        source.AddTo(command);
        command.Options.Add(measure);
        command.Options.Add(minDeals);
        command.Options.Add(format);
        command.Options.Add(output);
        command.SetAction(parse => ExecutionCommandSupport.Run(parse, () =>
        {
            if (!OutOption.Check(parse, parse.GetValue(output), parse.InvocationConfiguration.Error, "reps")) return ExitCodes.InvalidCommandLine;
            if (!source.TryLoad(parse, out DealSet deals)) return ExitCodes.NotLoaded;
            SellerVarianceResult result = SellerVariance.Analyze(deals, new SellerVarianceOptions
            {
                Measure = parse.GetValue(measure) ?? SellerVarianceOptions.MarginPerEffortHour,
                MinDealsPerRep = parse.GetValue(minDeals),
            });
            ExecutionCommandSupport.Write(parse, parse.GetValue(format) ?? "text", parse.GetValue(output), result, parse.GetValue(source.ShowValues), SalesExecutionReport.Of(result));
            return ExecutionCommandSupport.ExitCode(deals.LoadReport);
        }, ("Measure", "--measure"), ("MinDealsPerRep", "--min-deals")));
        return command;
    }
}
