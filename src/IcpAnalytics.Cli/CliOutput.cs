using System.CommandLine;
using System.CommandLine.Parsing;

namespace IcpAnalytics.Cli;

/// <summary>
/// The one <c>--format</c> vocabulary of every command: html, md (alias markdown), json, csv, text. Each command accepts the
/// formats it can write and names them when given another.
/// </summary>
internal static class OutputFormats
{
    /// <summary>Every format name any command knows, and the alias.</summary>
    public static readonly string[] Vocabulary = ["html", "md", "json", "csv", "text"];

    /// <summary>The <c>--format</c> option of a command that writes <paramref name="supported"/> (in the vocabulary's names).</summary>
    /// <param name="command">The command's name, for the messages.</param>
    /// <param name="supported">The formats the command writes.</param>
    /// <param name="defaultFormat">The default, or null when the command decides (e.g. from the --out extension).</param>
    /// <param name="description">What each format gives.</param>
    public static Option<string?> Option(string command, string[] supported, string? defaultFormat, string description)
    {
        var option = new Option<string?>("--format", "-f")
        {
            Description = description + (defaultFormat is null ? "" : $" Default: {defaultFormat}."),
            HelpName = string.Join('|', supported),
            CustomParser = result => result.Tokens.Count == 0 ? defaultFormat : Normalize(result.Tokens[^1].Value),
        };
        if (defaultFormat is not null) option.DefaultValueFactory = _ => defaultFormat;
        option.CompletionSources.Add(supported);
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count == 0) return;
            string given = result.Tokens[^1].Value;
            string normalized = Normalize(given);
            if (!Vocabulary.Contains(normalized, StringComparer.Ordinal))
                result.AddError($"--format {given} is not a format; icp {command} writes {List(supported)}.");
            else if (!supported.Contains(normalized, StringComparer.Ordinal))
                result.AddError($"icp {command} does not write {normalized}; it writes {List(supported)} (--format {string.Join('|', supported)}).");
        });
        return option;
    }

    /// <summary>Lower case, and "markdown" read as "md".</summary>
    public static string Normalize(string format)
    {
        string f = format.Trim().ToLowerInvariant();
        return f switch
        {
            "markdown" => "md",
            "txt" => "text",
            "htm" => "html",
            _ => f,
        };
    }

    private static string List(string[] formats) => formats.Length == 1 ? formats[0] : string.Join(", ", formats[..^1]) + " or " + formats[^1];
}

/// <summary>
/// Where a command's output goes: results to standard output (or the <c>--out</c> file, written atomically), progress and notes to
/// standard error, silenced by <c>--quiet</c> (notes and progress) and <c>--no-progress</c> (progress).
/// </summary>
internal sealed class CliOutput
{
    public CliOutput(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        Out = parse.InvocationConfiguration.Output;
        Error = parse.InvocationConfiguration.Error;
        Quiet = Value(parse, CommonOptions.Quiet);
        NoProgress = Quiet || Value(parse, CommonOptions.NoProgress);
    }

    /// <summary>Standard output: results only.</summary>
    public TextWriter Out { get; }

    /// <summary>Standard error: progress, notes, warnings, errors.</summary>
    public TextWriter Error { get; }

    /// <summary>Whether --quiet was given.</summary>
    public bool Quiet { get; }

    /// <summary>Whether progress is off (--no-progress or --quiet).</summary>
    public bool NoProgress { get; }

    /// <summary>Whether to draw a live progress bar: progress is on and standard error is this process's terminal.</summary>
    public bool ProgressBar => !NoProgress && ReferenceEquals(Error, Console.Error) && !Console.IsErrorRedirected;

    /// <summary>A note (what was written, what is missing) on standard error, unless --quiet.</summary>
    public void Note(string line)
    {
        if (!Quiet) Error.WriteLine(line);
    }

    /// <summary>A progress line on standard error, unless --no-progress or --quiet.</summary>
    public void Progress(string line)
    {
        if (!NoProgress) Error.WriteLine(line);
    }

    /// <summary>A warning on standard error (printed even with --quiet).</summary>
    public void Warning(string line) => Error.WriteLine("warning: " + line);

    /// <summary>Writes a result to <paramref name="outPath"/> atomically, or to standard output when it is null or "-".</summary>
    public void WriteResult(string? outPath, Action<TextWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        if (outPath is null or "-")
        {
            write(Out);
            Out.Flush();
        }
        else AtomicFile.WriteText(outPath, write);
    }

    private static bool Value(ParseResult parse, Option<bool> option) =>
        parse.CommandResult.Command.Options.Contains(option) && parse.GetValue(option);
}

/// <summary>The <c>--out</c> option of the commands that print their results (standard output by default).</summary>
internal static class OutOption
{
    public static Option<string?> Create(string example) => new("--out", "-o")
    {
        Description = "Write the results to this file (atomically: a temporary file in the same folder, renamed into place) instead of standard output; "
            + "- is standard output. Never one of the inputs. Example: --out " + example,
        HelpName = "path",
    };

    /// <summary>Checks <paramref name="outPath"/> against the inputs; prints the error and returns false when it is one of them.</summary>
    public static bool Check(ParseResult parse, string? outPath, TextWriter error, string command)
    {
        if (outPath is null) return true;
        if (CliConventions.OutputIsAnInput(parse, outPath, "--out") is not string problem) return true;
        error.WriteLine("error: " + problem);
        error.WriteLine($"Run 'icp {command} --help' for the options and examples.");
        return false;
    }
}
