using System.CommandLine;
using IcpAnalytics.Data;

namespace IcpAnalytics.Cli;

/// <summary><c>icp inspect [file]</c>: the load report and a column summary.</summary>
internal static class InspectCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo?>("file")
        {
            Description = "A CSV export of closed deals. Without it, the embedded sample dataset is used.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var command = new Command("inspect", "Show what was loaded (rows read, loaded, rejected and why) and a summary of every column.\nExample: icp inspect deals.csv");
        command.Arguments.Add(file);
        command.SetAction(parse =>
        {
            FileInfo? path = parse.GetValue(file);
            DealSet deals = path is null ? SampleDeals.Generate() : throw new NotSupportedException("CSV loading arrives with the loaders.");
            Console.Out.WriteLine(deals.LoadReport.ToString());
            Console.Out.WriteLine();
            Console.Out.WriteLine(deals.ToString());
            Console.Out.WriteLine();
            Console.Out.Write(deals.Summarize().ToString());
            return 0;
        });
        return command;
    }
}
