using System.CommandLine;
using System.Globalization;
using IcpAnalytics.Data;
using IcpAnalytics.Reports;
using Spectre.Console;

namespace IcpAnalytics.Cli;

/// <summary>
/// <c>icp report [deals.csv]</c>: the profit-yield report (HTML by default; Markdown, JSON or CSV tables on request).
/// Exit codes: 0 written; 1 invalid arguments or options; 2 input file missing or unreadable; 3 the deal data was rejected.
/// </summary>
internal static class ReportCommand
{
    /// <summary>The exit code for invalid arguments or options.</summary>
    public const int InvalidArguments = 1;

    /// <summary>The exit code for an input file that is missing or cannot be read.</summary>
    public const int InputMissing = 2;

    /// <summary>The exit code for deal data that was rejected.</summary>
    public const int DataRejected = 3;

    private static readonly string[] Formats = ["html", "md", "json", "csv"];

    public static Command Create()
    {
        var file = new Argument<FileInfo?>("deals.csv")
        {
            Description = "A CSV export of closed deals (won and lost). Without it, the report runs on the embedded sample dataset "
                + "(SampleDeals: 5,000 deals, seed 42, with a known true ICP). Example: icp report crm-export.csv",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var output = new Option<string?>("--out", "-o")
        {
            Description = "Where to write the report. Default: profit-yield.html (profit-yield.md, profit-yield.json, or the folder profit-yield-csv/ for the other formats), "
                + "in the current folder. Example: --out reports/q3-profit-yield.html",
        };
        var format = new Option<string?>("--format", "-f")
        {
            Description = "html (one self-contained file), md (Markdown), json (versioned schema) or csv (one file per table, in a folder). "
                + "Default: from the --out extension, else html. Example: --format md",
        };
        format.AcceptOnlyFromAmong(Formats);
        var holdout = new Option<string?>("--holdout-after")
        {
            Description = "Validate the ICP on later deals: build it on deals closed before this date and test it on those closed on or after it (yyyy-MM-dd). "
                + "Example: --holdout-after 2025-07-01",
        };
        var segmentBy = new Option<string[]>("--segment-by")
        {
            Description = "Attributes to group the segment yield table by (categorical, or numeric cut into quartile bands). Default: the first categorical attribute. "
                + "Example: --segment-by industry region",
            AllowMultipleArgumentsPerToken = true,
        };
        var title = new Option<string?>("--title")
        {
            Description = "The report's title. Default: \"Profit-yield report\". Example: --title \"Q3 profit yield\"",
        };
        var culture = new Option<string?>("--culture")
        {
            Description = "How numbers are written in the report (digits, separators, currency): a culture name. Default: invariant (12,345.6 and $). Example: --culture de-DE",
        };
        var currency = new Option<string?>("--currency")
        {
            Description = "The currency symbol for money. Default: the culture's ($ for invariant). Example: --currency €",
        };
        var lenient = new Option<bool>("--lenient")
        {
            Description = "Load the good rows of a file with bad ones and list every rejected row, with its reason, in the report's data section. "
                + "Default: stop at bad data with the line, column and fix. Example: --lenient",
        };
        var sampleDeals = new Option<int?>("--sample-deals")
        {
            Description = "Without a file: how many sample deals to generate. Default: 5,000. Example: --sample-deals 1000000",
        };
        var seed = new Option<int?>("--seed")
        {
            Description = "Without a file: the sample's random seed. Default: 42. Example: --seed 7",
        };

        output.HelpName = "path";
        format.HelpName = "html|md|json|csv";
        holdout.HelpName = "yyyy-MM-dd";
        segmentBy.HelpName = "attribute";
        title.HelpName = "text";
        culture.HelpName = "name";
        currency.HelpName = "symbol";
        sampleDeals.HelpName = "count";
        seed.HelpName = "number";

        var command = new Command("report",
            "Write the profit-yield report: the data, segment yield, the whale curve, and the method, as one self-contained HTML file (or Markdown, JSON, CSV).\n"
            + "Examples:\n  icp report                       (embedded sample → profit-yield.html)\n"
            + "  icp report deals.csv --out q3.html --holdout-after 2025-07-01\n"
            + "  icp report deals.csv --format md --segment-by industry region");
        command.Arguments.Add(file);
        foreach (Option o in (Option[])[output, format, holdout, segmentBy, title, culture, currency, lenient, sampleDeals, seed]) command.Options.Add(o);

        command.SetAction(parse =>
        {
            var errors = new List<string>();
            FileInfo? path = parse.GetValue(file);
            string? fmt = parse.GetValue(format);
            string? outPath = parse.GetValue(output);
            fmt ??= FormatFromExtension(outPath) ?? "html";
            outPath ??= fmt switch
            {
                "md" => "profit-yield.md",
                "json" => "profit-yield.json",
                "csv" => "profit-yield-csv",
                _ => "profit-yield.html",
            };
            DateOnly? holdoutAfter = null;
            if (parse.GetValue(holdout) is string h)
            {
                if (DateOnly.TryParseExact(h, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly d)) holdoutAfter = d;
                else errors.Add($"--holdout-after '{h}' is not a date in the form yyyy-MM-dd, e.g. --holdout-after 2025-07-01.");
            }
            CultureInfo reportCulture = CultureInfo.InvariantCulture;
            if (parse.GetValue(culture) is string c)
            {
                try
                {
                    reportCulture = CultureInfo.GetCultureInfo(c, predefinedOnly: true);
                }
                catch (CultureNotFoundException)
                {
                    errors.Add($"--culture '{c}' is not a culture this machine knows; use a name such as en-US, de-DE or fr-FR.");
                }
            }
            int? count = parse.GetValue(sampleDeals);
            int? sampleSeed = parse.GetValue(seed);
            if (path is not null && (count is not null || sampleSeed is not null))
                errors.Add("--sample-deals and --seed apply to the embedded sample only; leave them out when you give a deals file.");
            if (count is < 1) errors.Add($"--sample-deals is {count}; it must be at least 1.");
            if (errors.Count > 0) return Fail(InvalidArguments, errors);

            var options = new ProfitYieldReportOptions { Culture = reportCulture, CurrencySymbol = parse.GetValue(currency) };
            if (parse.GetValue(title) is string t) options = options with { Title = t };
            string[]? segments = parse.GetValue(segmentBy) is { Length: > 0 } s ? s : null;

            try
            {
                return Run(() => LoadDeals(path, count, sampleSeed, parse.GetValue(lenient)), holdoutAfter, segments, options, fmt, outPath);
            }
            catch (InvalidOptionsException ex)
            {
                return Fail(InvalidArguments, [ex.Message]);
            }
            catch (FileNotFoundException ex)
            {
                return Fail(InputMissing, [ex.Message]);
            }
            catch (IOException ex)
            {
                return Fail(InputMissing, [$"Could not read or write a file: {ex.Message}"]);
            }
            catch (UnauthorizedAccessException ex)
            {
                return Fail(InputMissing, [$"Permission denied: {ex.Message}"]);
            }
            catch (DealDataException ex)
            {
                return Fail(DataRejected, [ex.Message, "To load the good rows and list the bad ones in the report instead, add --lenient."]);
            }
            catch (IcpAnalyticsException ex)
            {
                return Fail(DataRejected, [ex.Message]);
            }
        });
        return command;
    }

    private static DealSet LoadDeals(FileInfo? path, int? count, int? seed, bool lenient)
    {
        if (path is null) return SampleDeals.Generate(count ?? 5_000, seed ?? 42);
        return DealSet.FromCsv(path.FullName, null, new DealLoadOptions
        {
            Policy = lenient ? BadDataPolicy.Lenient : BadDataPolicy.Strict,
            SourceName = path.Name,
        });
    }

    private static int Run(Func<DealSet> load, DateOnly? holdoutAfter, string[]? segments, ProfitYieldReportOptions options, string format, string outPath)
    {
        ProfitYieldReport? report = null;
        DealSet? deals = null;
        void Work(Action<ReportProgress> step)
        {
            step(new ReportProgress("Loading deals", 0, 1));
            deals = load();
            ProfitYieldReportBuilder builder = ProfitYieldReport.For(deals).WithOptions(options).ReportProgressTo(new Callback(step));
            if (holdoutAfter is DateOnly d) builder = builder.ValidateOnDealsClosedAfter(d);
            if (segments is not null) builder = builder.SegmentBy(segments);
            report = builder.Build();
            step(new ReportProgress("Writing " + outPath, 0, 1));
            Save(report, format, outPath);
        }

        if (Console.IsOutputRedirected)
        {
            Work(p => Console.Out.WriteLine(p.Total > 1 ? $"[{p.Completed}/{p.Total}] {p.Step}" : p.Step));
        }
        else
        {
            AnsiConsole.Progress()
                .AutoClear(true)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
                .Start(ctx =>
                {
                    ProgressTask task = ctx.AddTask("Starting", maxValue: 100);
                    Work(p =>
                    {
                        task.Description = Markup.Escape(p.Step);
                        if (p.Total > 1) task.Value = 100.0 * p.Completed / p.Total;
                    });
                    task.Value = 100;
                });
        }
        string where = Path.GetFullPath(outPath);
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Wrote the profit-yield report ({format}) for {deals!.Count:N0} deals to {where}"));
        foreach (ReportSection section in report!.Sections.Where(s => !s.IsPresent))
            Console.Out.WriteLine($"  not in this report: {section.Title} ({section.MissingReason})");
        return 0;
    }

    private static void Save(ProfitYieldReport report, string format, string outPath)
    {
        switch (format)
        {
            case "md": report.SaveMarkdown(outPath); break;
            case "json": report.SaveJson(outPath); break;
            case "csv": report.WriteCsv(outPath); break;
            default: report.SaveHtml(outPath); break;
        }
    }

    private static string? FormatFromExtension(string? path) => Path.GetExtension(path ?? "").ToUpperInvariant() switch
    {
        ".HTML" or ".HTM" => "html",
        ".MD" or ".MARKDOWN" => "md",
        ".JSON" => "json",
        ".CSV" => "csv",
        _ => null,
    };

    private static int Fail(int code, IEnumerable<string> messages)
    {
        foreach (string m in messages) Console.Error.WriteLine("error: " + m);
        Console.Error.WriteLine("Run 'icp report --help' for the options and examples.");
        return code;
    }

    private sealed class Callback(Action<ReportProgress> step) : IProgress<ReportProgress>
    {
        public void Report(ReportProgress value) => step(value);
    }
}
