using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.RegularExpressions;

namespace IcpAnalytics.Cli;

/// <summary>
/// What every <c>icp</c> command shares: unknown options are errors with "did you mean", the parse errors and their exit code
/// (<see cref="ExitCodes.InvalidCommandLine"/>), <c>--quiet</c> and <c>--no-progress</c>, and the refusal to write over an input.
/// </summary>
internal static class CliConventions
{
    /// <summary>
    /// Rewrites a message about the library's options in the command line's words: each options property or builder method
    /// the command sets from a flag (<c>SegmentBy</c>, <c>LossReasonOptions.ReasonColumn</c>) becomes that flag
    /// (<c>--segment-by</c>, <c>--reason</c>), so a user of <c>icp</c> is never told about code they did not write.
    /// </summary>
    public static string InFlags(string message, params (string Name, string Flag)[] flags)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach ((string name, string flag) in flags)
            message = Regex.Replace(message, $@"(?<![\w.-])(?:\w+Options\.)?{Regex.Escape(name)}(?![\w(])", flag, RegexOptions.CultureInvariant);
        return message;
    }

    /// <summary>Parses <paramref name="args"/> and runs the command; parse errors print with suggestions to standard error and exit 1.</summary>
    public static int Invoke(RootCommand root, string[] args, InvocationConfiguration? configuration = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        configuration ??= new InvocationConfiguration();
        foreach (Command command in root.Subcommands) Prepare(command);
        ParseResult parse = root.Parse(args);
        if (parse.Errors.Count == 0) return parse.Invoke(configuration);
        TextWriter error = configuration.Error;
        Command command0 = parse.CommandResult.Command;
        var messages = new List<string>();
        foreach (ParseError e in parse.Errors)
        {
            string message = Rephrase(e.Message, command0);
            if (!messages.Contains(message, StringComparer.Ordinal)) messages.Add(message);
        }
        // An unknown option's value ("--formt md") is not a second problem; nor is the missing command after an unknown one.
        bool unknownOption = messages.Any(m => m.StartsWith("Unknown option", StringComparison.Ordinal));
        bool unexpected = messages.Any(m => m.StartsWith("Unexpected argument", StringComparison.Ordinal));
        foreach (string message in messages.OrderBy(m => m.StartsWith("Unknown option", StringComparison.Ordinal) ? 0 : 1))
        {
            if (unknownOption && message.StartsWith("Unexpected argument", StringComparison.Ordinal)) continue;
            if ((unknownOption || unexpected) && message.StartsWith("Required command was not provided", StringComparison.Ordinal)) continue;
            error.WriteLine("error: " + message);
        }
        error.WriteLine(command0 is RootCommand ? "Run 'icp --help' for the commands." : $"Run 'icp {command0.Name} --help' for the options and examples.");
        return ExitCodes.InvalidCommandLine;
    }

    /// <summary>
    /// Makes the command's file arguments refuse a token that looks like an option (System.CommandLine would otherwise read
    /// <c>icp report --bogus</c> as the file "--bogus"), and adds <c>--quiet</c> and <c>--no-progress</c>. Idempotent.
    /// </summary>
    public static void Prepare(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (!command.Options.Contains(CommonOptions.Quiet)) command.Options.Add(CommonOptions.Quiet);
        if (!command.Options.Contains(CommonOptions.NoProgress)) command.Options.Add(CommonOptions.NoProgress);
        foreach (Argument argument in command.Arguments)
        {
            if (Prepared.Contains(argument)) continue;
            Prepared.Add(argument);
            argument.Validators.Add(result =>
            {
                foreach (Token token in result.Tokens)
                {
                    if (LooksLikeOption(token.Value)) result.AddError(UnknownOption(token.Value, command));
                }
            });
        }
    }

    private static readonly HashSet<Argument> Prepared = [];

    private static bool LooksLikeOption(string token) => token.Length > 1 && token[0] == '-' && !double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    /// <summary>"Unknown option '--bogus' for icp report. Did you mean '--format'?"</summary>
    public static string UnknownOption(string token, Command command)
    {
        string name = token.Split('=', ':')[0];
        string? best = Suggest(name, OptionNames(command));
        return $"Unknown option '{name}' for icp {command.Name}." + (best is null ? $" 'icp {command.Name} --help' lists the options." : $" Did you mean '{best}'?");
    }

    private static string Rephrase(string message, Command command)
    {
        // System.CommandLine: "Unrecognized command or argument '--bogus'."
        const string Prefix = "Unrecognized command or argument '";
        if (message.StartsWith(Prefix, StringComparison.Ordinal) && message.EndsWith("'.", StringComparison.Ordinal))
        {
            string token = message[Prefix.Length..^2];
            if (LooksLikeOption(token)) return UnknownOption(token, command);
            string? best = Suggest(token, command.Subcommands.Select(c => c.Name));
            return $"Unexpected argument '{token}' for icp{(command is RootCommand ? "" : " " + command.Name)}."
                + (best is null ? (command is RootCommand ? " The commands are: " + string.Join(", ", command.Subcommands.Select(c => c.Name)) + "." : " Put it after the option it belongs to, or leave it out.")
                    : $" Did you mean '{best}'?");
        }
        return message;
    }

    private static IEnumerable<string> OptionNames(Command command)
    {
        for (Command? c = command; c is not null; c = c.Parents.OfType<Command>().FirstOrDefault())
        {
            foreach (Option o in c.Options)
            {
                if (o.Hidden) continue;
                if (!ReferenceEquals(c, command) && !o.Recursive) continue;
                yield return o.Name;
                foreach (string alias in o.Aliases) yield return alias;
            }
        }
    }

    /// <summary>The closest candidate by edit distance (optimal string alignment), or by prefix; null when none is close.</summary>
    internal static string? Suggest(string typed, IEnumerable<string> candidates)
    {
        string t = typed.ToLowerInvariant();
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string candidate in candidates.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            string c = candidate.ToLowerInvariant();
            int d = c.StartsWith(t, StringComparison.Ordinal) && t.TrimStart('-').Length >= 3 ? 0 : Distance(t, c);
            if (d < bestDistance)
            {
                bestDistance = d;
                best = candidate;
            }
        }
        int core = t.TrimStart('-').Length;
        return best is not null && bestDistance <= Math.Max(2, core / 3) ? best : null;
    }

    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }

    /// <summary>
    /// An error message when <paramref name="outPath"/> is one of the command's inputs (every file argument and every option holding
    /// files, such as the deals file, --accounts, --activity, --join), compared as full paths with links resolved, ignoring case
    /// where the file system does (Windows, macOS); null when it is not.
    /// </summary>
    /// <param name="parse">The parsed command line.</param>
    /// <param name="outPath">The output path as given.</param>
    /// <param name="outFlag">The output's flag, e.g. --out.</param>
    public static string? OutputIsAnInput(ParseResult parse, string outPath, string outFlag)
    {
        ArgumentNullException.ThrowIfNull(parse);
        if (outPath == "-") return null;
        string target = Canonical(outPath);
        StringComparison comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        foreach ((string flag, string input) in Inputs(parse))
        {
            string source = Canonical(input);
            if (string.Equals(source, target, comparison))
                return $"{outFlag} {outPath} is the same file as the input {flag} {input}; icp never writes over an input. Choose another {outFlag}, e.g. {outFlag} {SuggestedName(outPath)}.";
        }
        return null;
    }

    private static string SuggestedName(string outPath)
    {
        string ext = Path.GetExtension(outPath);
        string stem = Path.GetFileNameWithoutExtension(outPath);
        string folder = Path.GetDirectoryName(outPath) ?? "";
        return Path.Combine(folder, stem + "-report" + (ext.Equals(".csv", StringComparison.OrdinalIgnoreCase) ? "" : ext));
    }

    private static IEnumerable<(string Flag, string Path)> Inputs(ParseResult parse)
    {
        foreach (SymbolResult child in parse.CommandResult.Children)
        {
            switch (child)
            {
                case ArgumentResult a when IsFileType(a.Argument.ValueType):
                    foreach (Token t in a.Tokens) yield return ($"file argument ({a.Argument.Name})", t.Value);
                    break;
                case OptionResult o when IsFileType(o.Option.ValueType) || InputFlags.Contains(o.Option.Name):
                    foreach (Token t in o.Tokens) yield return (o.Option.Name, t.Value);
                    break;
            }
        }
    }

    // String-valued options that name input files (the value may carry a ':key' suffix).
    private static readonly HashSet<string> InputFlags = new(StringComparer.Ordinal) { "--join", "--accounts", "--activities", "--activity", "--survey", "--maturity", "--managers", "--icp", "--profile" };

    private static bool IsFileType(Type t) => t == typeof(FileInfo) || t == typeof(FileInfo[]) || t == typeof(FileSystemInfo) || t == typeof(List<FileInfo>);

    private static string Canonical(string path)
    {
        string full = Path.GetFullPath(path);
        try
        {
            var info = new FileInfo(full);
            if (info.Exists && info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is FileSystemInfo target) full = target.FullName;
            else if (Path.GetDirectoryName(full) is string folder && new DirectoryInfo(folder) is { Exists: true } dir
                && dir.ResolveLinkTarget(returnFinalTarget: true) is FileSystemInfo realFolder)
                full = Path.Combine(realFolder.FullName, Path.GetFileName(full));
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return full;
    }
}

/// <summary>The options every command has.</summary>
internal static class CommonOptions
{
    /// <summary><c>--quiet</c>: no progress and no notes on standard error; errors and warnings still print, and the exit code says what happened.</summary>
    public static Option<bool> Quiet { get; } = new("--quiet", "-q")
    {
        Description = "Print nothing on standard error but errors and warnings (no progress, no notes); the exit code says what happened. Example: --quiet",
    };

    /// <summary><c>--no-progress</c>: no progress lines or bar (notes still print).</summary>
    public static Option<bool> NoProgress { get; } = new("--no-progress")
    {
        Description = "Show no progress bar or progress lines on standard error (notes and warnings still print). Example: --no-progress",
    };
}
