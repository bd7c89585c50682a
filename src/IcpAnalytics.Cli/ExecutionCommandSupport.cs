using System.CommandLine;
using System.Reflection;
using IcpAnalytics.Data;
using IcpAnalytics.Reports;

namespace IcpAnalytics.Cli;

/// <summary>What the sales-execution commands (funnel, survey, coaching, maturity) share: the output format, the bundled samples, and error handling.</summary>
internal static class ExecutionCommandSupport
{
    public static Option<string> FormatOption() => new Option<string>("--format")
    {
        Description = "Output: text (default), markdown or html (a self-contained HTML fragment).",
        DefaultValueFactory = _ => "text",
    }.AcceptOnlyFromAmong("text", "markdown", "html");

    public static Option<bool> StrictOption() => new("--strict")
    {
        Description = "Stop on the first bad row instead of rejecting it and listing it.",
    };

    public static Argument<FileInfo?> FileArgument(string what) => new("file")
    {
        Description = $"A CSV file of {what}. Without it, the bundled sample is used.",
        Arity = ArgumentArity.ZeroOrOne,
    };

    /// <summary>Opens a bundled sample (samples/data/<paramref name="name"/>, embedded in the tool).</summary>
    public static TextReader Sample(string name)
    {
        Assembly assembly = typeof(ExecutionCommandSupport).Assembly;
        Stream stream = assembly.GetManifestResourceStream("IcpAnalytics.Cli.samples." + name)
            ?? throw new InvalidOperationException($"The bundled sample '{name}' is missing from the icp tool; reinstall the tool.");
        return new StreamReader(stream);
    }

    /// <summary>Writes a sales-execution result's report (rendered by IcpAnalytics.Reports, every table in full) to standard output.</summary>
    public static void Write(ParseResult parse, string format, ProfitYieldReport report) =>
        parse.InvocationConfiguration.Output.Write(format switch
        {
            "markdown" => report.ToMarkdown(),
            "html" => report.ToHtml(),
            _ => report.ToText(),
        });

    /// <summary>Prints the rejected rows of a load (with raw values: the file is the caller's own) to standard error.</summary>
    public static void ReportRejects(ParseResult parse, LoadReport report)
    {
        if (report.RowsRejected == 0) return;
        TextWriter error = parse.InvocationConfiguration.Error;
        error.WriteLine($"{report.RowsRejected} of {report.RowsRead} rows in {report.Source} were rejected and are not in the results:");
        foreach (RejectedRow r in report.Rejected.Take(20))
            error.WriteLine($"  line {r.Line}{(r.Column is null ? "" : ", column '" + r.Column + "'")}{(r.RawValue is null ? "" : " (value '" + r.RawValue + "')")}: {r.Reason} {r.Fix}");
        if (report.RowsRejected > 20) error.WriteLine($"  … and {report.RowsRejected - 20} more");
    }

    /// <summary>Runs a command body, turning the library's exceptions into a clear message and exit code 2 (bad input) or 1.</summary>
    public static int Run(ParseResult parse, Func<int> body)
    {
        TextWriter error = parse.InvocationConfiguration.Error;
        try
        {
            return body();
        }
        catch (IcpAnalyticsException e)
        {
            error.WriteLine("error: " + e.Message);
            return 2;
        }
        catch (FileNotFoundException e)
        {
            error.WriteLine("error: " + e.Message);
            return 2;
        }
        catch (IOException e)
        {
            error.WriteLine("error: cannot read the file: " + e.Message);
            return 1;
        }
        catch (UnauthorizedAccessException e)
        {
            error.WriteLine("error: cannot read the file: " + e.Message);
            return 1;
        }
    }
}
