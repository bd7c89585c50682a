using System.CommandLine;
using IcpAnalytics.Data;

namespace IcpAnalytics.Cli;

/// <summary><c>icp inspect [file]</c>: the load report and a column summary.</summary>
internal static class InspectCommand
{
    public static Command Create()
    {
        var source = new DealSourceOptions();
        var command = new Command("inspect",
            "Show what was loaded (rows read, loaded, open deals set aside, rejected and why) and a summary of every column.\n" +
            "Exit code 0 when every row loaded, 3 when some rows were rejected, 2 when the file cannot be loaded, 1 for an invalid command line.\n" +
            "Example: icp inspect deals.csv --outcome-column stage --won-label \"Closed Won\" --culture de-DE");
        source.AddTo(command);
        Option<string?> format = OutputFormats.Option("inspect", ["text", "json"], "text", "text or json (the load report and the column summary as data).");
        command.Options.Add(format);
        var maxRejects = new Option<int>("--max-rejects")
        {
            Description = $"How many rejected rows (and plausibility warnings) to list (default {LoadReport.DefaultListed}); --rejects rejects.csv writes all of them.",
            DefaultValueFactory = _ => LoadReport.DefaultListed,
        };
        command.Options.Add(maxRejects);
        command.SetAction(parse =>
        {
            if (source.RejectsPathProblem(parse) is string sameAsInput)
            {
                parse.InvocationConfiguration.Error.WriteLine("error: " + sameAsInput);
                return ExitCodes.InvalidCommandLine;
            }
            if (parse.GetValue(maxRejects) < 0)
            {
                parse.InvocationConfiguration.Error.WriteLine($"error: --max-rejects {parse.GetValue(maxRejects)}: give 0 or more, e.g. --max-rejects 100.");
                return ExitCodes.InvalidCommandLine;
            }
            if (!source.TryLoad(parse, out DealSet deals)) return ExitCodes.NotLoaded;
            TextWriter output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(format) == "json")
            {
                output.WriteLine(CliJson.Serialize(new InspectDocument(deals.LoadReport, deals.Summarize(), deals.AttributeRoles, deals.ActivityReport), parse.GetValue(source.ShowValues)));
                return deals.LoadReport.RowsRejected > 0 || deals.ActivityReport?.RowsRejected > 0 ? ExitCodes.RowsRejected : ExitCodes.Ok;
            }
            output.WriteLine(deals.LoadReport.ToString(parse.GetValue(maxRejects)));
            if (deals.ActivityReport is not null) output.WriteLine(deals.ActivityReport.ToString());
            output.WriteLine();
            output.WriteLine(deals.ToString());
            output.WriteLine();
            output.Write(deals.Summarize().ToString());
            output.WriteLine();
            output.WriteLine();
            output.WriteLine(deals.AttributeRoles.ToString());
            return deals.LoadReport.RowsRejected > 0 || deals.ActivityReport?.RowsRejected > 0 ? ExitCodes.RowsRejected : ExitCodes.Ok;
        });
        return command;
    }
}
