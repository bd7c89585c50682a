using System.CommandLine;
using System.Reflection;
using IcpAnalytics.Data;
using IcpAnalytics.Reports;

namespace IcpAnalytics.Cli;

/// <summary>What the sales-execution commands (funnel, survey, coaching, maturity) share: the output format, the bundled samples, and error handling.</summary>
internal static class ExecutionCommandSupport
{
    /// <summary>The <c>--format</c> option of <paramref name="command"/>: text (default), md (alias markdown), html (a self-contained fragment) or json.</summary>
    public static Option<string?> FormatOption(string command) =>
        OutputFormats.Option(command, ["text", "md", "html", "json"], "text", "text, md (Markdown; markdown also works), html (a self-contained HTML fragment) or json (the results as data).");

    /// <summary>The <c>--out</c> option: a file instead of standard output.</summary>
    public static Option<string?> OutOption(string example) => Cli.OutOption.Create(example);

    /// <summary>The <c>--show-values</c> option: quote raw cell values of rejected rows (off by default).</summary>
    public static Option<bool> ShowValuesOption() => new("--show-values")
    {
        Description = "Quote raw cell values of rejected rows in messages and JSON (off by default, as the data can be confidential).",
    };

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

    /// <summary>
    /// Writes a sales-execution result in the chosen format to --out (atomically) or standard output: text, Markdown and HTML
    /// from its report (rendered by IcpAnalytics.Reports, every table in full), JSON from the result itself.
    /// </summary>
    public static void Write<T>(ParseResult parse, string format, string? outPath, T result, bool showValues, ProfitYieldReport report)
    {
        try
        {
            new CliOutput(parse).WriteResult(outPath, writer => writer.Write(format switch
            {
                "md" => report.ToMarkdown(),
                "html" => report.ToHtml(),
                "json" => CliJson.Serialize(result, showValues) + "\n",
                _ => report.ToText(),
            }));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputNotWrittenException(outPath ?? "standard output", e);
        }
    }

    /// <summary>0, or 3 when any of the loads rejected rows (the results are written; the rejects were listed on standard error).</summary>
    public static int ExitCode(params LoadReport?[] loads) => loads.Any(l => l is { RowsRejected: > 0 }) ? ExitCodes.RowsRejected : ExitCodes.Ok;

    /// <summary>Prints the rejected rows of a load to standard error: line, column, reason and fix; the raw value only with --show-values.</summary>
    public static void ReportRejects(ParseResult parse, LoadReport report, bool showValues = false)
    {
        if (report.RowsRejected == 0) return;
        TextWriter error = parse.InvocationConfiguration.Error;
        error.WriteLine($"warning: {report.RowsRejected} of {report.RowsRead} rows in {report.Source} were rejected and are not in the results:");
        foreach (RejectedRow r in report.Rejected.Take(20))
            error.WriteLine($"  line {r.Line}{(r.Column is null ? "" : ", column '" + r.Column + "'")}{(showValues && r.RawValue is not null ? " (value '" + r.RawValue + "')" : "")}: {r.Reason} {r.Fix}");
        if (report.RowsRejected > 20) error.WriteLine($"  … and {report.RowsRejected - 20} more");
    }

    /// <summary>
    /// Runs a command body, turning failures into a clear message and the shared exit codes: 1 invalid options (named by their
    /// flags), 2 an input could not be loaded
    /// (the library's data errors, a missing or unreadable file), 4 the output could not be written.
    /// </summary>
    /// <param name="parse">The parsed command line.</param>
    /// <param name="body">The command's work, returning its exit code.</param>
    /// <param name="flags">The options properties the command sets from flags, to name the flag in messages (see <see cref="CliConventions.InFlags"/>).</param>
    public static int Run(ParseResult parse, Func<int> body, params (string Name, string Flag)[] flags)
    {
        TextWriter error = parse.InvocationConfiguration.Error;
        try
        {
            return body();
        }
        catch (InvalidOptionsException e)
        {
            // Options the command line built are the command line's problem: exit 1, in its words.
            error.WriteLine("error: " + CliConventions.InFlags(e.Message, flags));
            error.WriteLine($"Run 'icp {parse.CommandResult.Command.Name} --help' for the options and examples.");
            return ExitCodes.InvalidCommandLine;
        }
        catch (OutputNotWrittenException e)
        {
            error.WriteLine($"error: could not write {e.Path}: {e.InnerException?.Message} Any previous file there is intact.");
            return ExitCodes.NotWritten;
        }
        catch (IcpAnalyticsException e)
        {
            error.WriteLine("error: " + e.Message);
            return ExitCodes.NotLoaded;
        }
        catch (FileNotFoundException e)
        {
            error.WriteLine("error: " + e.Message);
            return ExitCodes.NotLoaded;
        }
        catch (IOException e)
        {
            error.WriteLine("error: cannot read the file: " + e.Message);
            return ExitCodes.NotLoaded;
        }
        catch (UnauthorizedAccessException e)
        {
            error.WriteLine("error: cannot read the file: " + e.Message);
            return ExitCodes.NotLoaded;
        }
    }

    /// <summary>The output could not be written.</summary>
    private sealed class OutputNotWrittenException(string path, Exception inner) : Exception(inner.Message, inner)
    {
        public string Path { get; } = path;
    }
}
