using System.CommandLine;
using System.Globalization;
using IcpAnalytics.CauseEffect;
using IcpAnalytics.Data;
using IcpAnalytics.Icp;
using IcpAnalytics.Reports;
using Spectre.Console;

namespace IcpAnalytics.Cli;

/// <summary>
/// <c>icp report [deals.csv]</c>: the profit-yield report (HTML by default; Markdown, JSON, CSV tables or text on request).
/// Exit codes (<see cref="ExitCodes"/>): 0 written, every row loaded; 1 invalid command line; 2 an input could not be loaded (nothing written);
/// 3 written, but some rows were rejected (they are listed in the report's data section); 4 the report could not be written.
/// </summary>
internal static class ReportCommand
{
    /// <summary>The exit code for an invalid command line.</summary>
    public const int InvalidOptions = ExitCodes.InvalidCommandLine;

    /// <summary>The exit code when the deals could not be loaded.</summary>
    public const int NotLoaded = ExitCodes.NotLoaded;

    /// <summary>The exit code when the report was written but some rows were rejected.</summary>
    public const int RowsRejected = ExitCodes.RowsRejected;

    /// <summary>The exit code when the report could not be written.</summary>
    public const int NotWritten = ExitCodes.NotWritten;

    private static readonly string[] Formats = ["html", "md", "json", "csv", "text"];

    public static Command Create()
    {
        var source = new DealSourceOptions();
        source.File.Description = "A CSV export of closed deals (won and lost). Without it, the report runs on the embedded sample dataset "
            + "(SampleDeals: 5,000 deals, seed 42, with a known true ICP). Example: icp report crm-export.csv";
        foreach ((Option option, string example) in (ReadOnlySpan<(Option, string)>)
        [
            (source.DealIdColumn, "--deal-id-column opportunity_id"), (source.AccountColumn, "--account-column account_name"),
            (source.RepColumn, "--rep-column owner"), (source.DateColumn, "--date-column close_date"), (source.DateFormat, "--date-format dd.MM.yyyy"),
            (source.OutcomeColumn, "--outcome-column stage"), (source.WonLabel, "--won-label \"Closed Won\""), (source.LostLabel, "--lost-label \"Closed Lost\""),
            (source.OpenLabel, "--open-label Negotiation"), (source.RevenueColumn, "--revenue-column amount"), (source.MarginColumn, "--margin-column gross_profit"),
            (source.DiscountColumn, "--discount-column discount_pct"), (source.CycleDaysColumn, "--cycle-days-column days_to_close"),
            (source.EffortColumn, "--effort-column meetings --effort-column demos"), (source.HoursColumn, "--effort-hours-column hours"),
            (source.Attribute, "--attribute industry --attribute employees:50,200,1000,5000"), (source.Delimiter, "--delimiter semicolon"),
            (source.Culture, "--culture de-DE"), (source.Accounts, "--accounts accounts.csv"), (source.AccountKey, "--account-key account_id"),
            (source.Strict, "--strict"), (source.ShowValues, "--show-values"),
            (source.ReplaceOpenLabels, "--open-label Engaging --replace-open-labels"), (source.Preset, "--preset salesforce"),
            (source.CreatedDateColumn, "--created-date-column engage_date"), (source.NoRevenue, "--no-revenue"),
            (source.Join, "--join products.csv --on product"), (source.On, "--join products.csv --on product"), (source.StrictPlausibility, "--strict-plausibility"),
            (source.Activities, "--activities activities.csv"), (source.ActivityDealColumn, "--activity-deal-column WhatId"),
            (source.ActivityAccountColumn, "--activity-account-column AccountId"), (source.ActivityTypeColumn, "--activity-type-column TaskSubtype"),
            (source.ActivityDateColumn, "--activity-date-column ActivityDate"), (source.ActivityDateFormat, "--activity-date-column ActivityDate --activity-date-format dd/MM/yyyy"),
            (source.ActivityDurationColumn, "--activity-duration-column DurationInMinutes"), (source.ActivityDurationUnit, "--activity-duration-column seconds --activity-duration-unit seconds"),
            (source.ActivityCount, "--activity-count meetings=\"Discovery Session,Workshop\""), (source.ActivityHours, "--activity-hours calls=0.5"),
            (source.AccountAttribute, "--account-attribute \"Customer Tier\""), (source.DealAttribute, "--deal-attribute \"Lead Source\""),
            (source.ExcludeAttribute, "--exclude-attribute \"Won Reason\""),
        ])
        {
            option.Description += " Example: " + example;
        }
        var output = new Option<string?>("--out", "-o")
        {
            Description = "Where to write the report: a file (written atomically: a temporary file in the same folder renamed into place, so an interrupted write leaves "
                + "the previous report intact), - for standard output, or a folder for csv. Never one of the inputs. Default: profit-yield.html (profit-yield.md, "
                + "profit-yield.json, the folder profit-yield-csv/, or standard output for text), in the current folder. Example: --out reports/q3-profit-yield.html",
            HelpName = "path",
        };
        Option<string?> format = OutputFormats.Option("report", Formats, null,
            "html (one self-contained file), md (Markdown; markdown also works), json (versioned schema), csv (one file per table, in a folder) or text (plain text). "
            + "Default: from the --out extension, else html. Example: --format md");
        var holdout = new Option<string?>("--holdout-after")
        {
            Description = "Validate the ICP on later deals: build it on deals closed before this date and test it on those closed on or after it. "
                + "Default: the latest 30% of deals by close date are held out. Example: --holdout-after 2025-07-01",
            HelpName = "yyyy-MM-dd",
        };
        var segmentBy = new Option<string[]>("--segment-by")
        {
            Description = "Attributes to segment by: the segment yield table groups by them, the ICP rules use only them, and effort effects are estimated per the first. "
                + "Default: the table and effects by the first categorical attribute, rules over every attribute. Example: --segment-by industry region",
            AllowMultipleArgumentsPerToken = true,
            HelpName = "attribute",
        };
        var includeDealAttributes = new Option<bool>("--include-deal-attributes")
        {
            Description = "Let the ICP rules use deal attributes too (product, lead source: how a deal was sold). Default: account attributes only; deal attributes get their own yield table. Example: --include-deal-attributes",
        };
        var effort = new Option<string[]>("--effort")
        {
            Description = "The efforts whose effect on margin to estimate (effort count columns). Default: every effort count in the data. Example: --effort meetings demos",
            AllowMultipleArgumentsPerToken = true,
            HelpName = "effort",
        };
        var title = new Option<string?>("--title")
        {
            Description = "The report's title. Default: \"Profit-yield report\". Example: --title \"Q3 profit yield\"",
            HelpName = "text",
        };
        var culture = new Option<string?>("--report-culture")
        {
            Description = "How the report writes numbers (digits, separators, currency), as a culture name; --culture is the culture of the CSV file. "
                + "Default: invariant (12,345.6 and $). Example: --report-culture de-DE",
            HelpName = "name",
        };
        var currency = new Option<string?>("--currency")
        {
            Description = "The currency symbol for money. Default: the report culture's ($ for invariant). Example: --currency €",
            HelpName = "symbol",
        };
        var sampleDeals = new Option<int?>("--sample-deals")
        {
            Description = "Without a file: how many sample deals to generate. Default: 5,000. Example: --sample-deals 1000000",
            HelpName = "count",
        };
        var seed = new Option<int?>("--seed")
        {
            Description = "Without a file: the sample's random seed. Default: 42. Example: --seed 7",
            HelpName = "number",
        };

        var costPerHour = new Option<double?>("--cost-per-hour")
        {
            Description = "The cost of one effort hour (fully loaded sales time, in the margin's currency): the whale curve subtracts it from each account, "
                + "and the allocation states its gain net of the hours it adds. Default: none (both in gross margin). Example: --cost-per-hour 85",
            HelpName = "amount",
        };
        var budgetHours = new Option<double?>("--budget-hours")
        {
            Description = "The effort hours the allocation spreads across segments and efforts. Default: today's hours of the analyzed efforts "
                + "(reallocate, do not add). Example: --budget-hours 45000",
            HelpName = "hours",
        };

        var icpRules = new Option<string[]>("--icp")
        {
            Description = "A rule of the ICP you believe in, tested beside the one the data finds (repeat for several rules, which are OR-ed; conditions joined by 'and': "
                + "'attribute = level', 'attribute in (a, b)', 'attribute >= 250', 'attribute < 1,000', 'attribute 250–1,000'). The report adds the section "
                + "\"Believed ICP against the data's\": where they agree, what the belief misses or includes wrongly, in money per effort hour. "
                + "Example: --icp \"industry = Software and employees 250–1,000\"",
            HelpName = "rule",
        };
        var icpFile = new Option<FileInfo?>("--icp-file")
        {
            Description = "A text file of believed ICP rules, one per line, in the grammar of --icp; lines starting with # and blank lines are ignored. Example: --icp-file believed-icp.txt",
            HelpName = "path",
        };

        // Hidden: prints each stage's wall time (start-up, load, every report step, writing) to standard error, for performance work.
        var timings = new Option<bool>("--timings") { Hidden = true };
        Option<string?> covariance = EffectsCovarianceOptions.Covariance();
        Option<string?> cluster = EffectsCovarianceOptions.Cluster();
        Option<int?> hacLag = EffectsCovarianceOptions.NeweyWestLag();

        var command = new Command("report",
            "Write the profit-yield report: the data, the ICP rules and their coverage, segment yield, the whale curve, the holdout validation of ICP-fit "
            + "against non-fit deals, effort effects per segment with honesty checks, the effort allocation, and the method — as one self-contained HTML file "
            + "(or Markdown, JSON, CSV).\n"
            + "Exit codes: 0 written; 1 invalid command line; 2 an input could not be loaded; 3 written, but some rows were rejected (listed in the report); 4 could not write.\n"
            + "Examples:\n  icp report                       (embedded sample → profit-yield.html)\n"
            + "  icp report deals.csv --out q3.html --holdout-after 2025-07-01\n"
            + "  icp report deals.csv --format md --segment-by industry region --effort meetings demos\n"
            + "  icp report opportunities.csv --accounts accounts.csv --outcome-column stage --won-label \"Closed Won\"\n"
            + "  icp report deals.csv --icp \"industry = Software and employees 250–1,000\"   (the ICP you believe in, beside the data's)");
        source.AddTo(command);
        foreach (Option o in (Option[])[output, format, holdout, segmentBy, includeDealAttributes, effort, title, culture, currency, sampleDeals, seed, costPerHour, budgetHours, icpRules, icpFile, covariance, cluster, hacLag, timings]) command.Options.Add(o);
        var execution = new ReportExecutionOptions();
        execution.AddTo(command);

        int Act(ParseResult parse, CancellationToken cancellationToken)
        {
            var cli = new CliOutput(parse);
            TextWriter stderr = cli.Error;
            var errors = new List<string>();
            FileInfo? path = parse.GetValue(source.File);
            string? fmt = parse.GetValue(format);
            string? outPath = parse.GetValue(output);
            fmt ??= FormatFromExtension(outPath) ?? "html";
            outPath ??= fmt switch
            {
                "md" => "profit-yield.md",
                "json" => "profit-yield.json",
                "csv" => "profit-yield-csv",
                "text" => "-",
                _ => "profit-yield.html",
            };
            if (fmt == "csv" && outPath == "-") errors.Add("--format csv writes one file per table into a folder, so it cannot go to standard output; give --out a folder, e.g. --out profit-yield-csv.");
            if (CliConventions.OutputIsAnInput(parse, outPath, "--out") is string sameAsInput) return Fail(stderr, InvalidOptions, [sameAsInput]);
            if (source.RejectsPathProblem(parse) is string rejectsIsInput) return Fail(stderr, InvalidOptions, [rejectsIsInput]);
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
                    errors.Add($"--report-culture '{c}' is not a culture this machine knows; use a name such as en-US, de-DE or fr-FR.");
                }
            }
            int? count = parse.GetValue(sampleDeals);
            int? sampleSeed = parse.GetValue(seed);
            if (path is not null && (count is not null || sampleSeed is not null))
                errors.Add("--sample-deals and --seed apply to the embedded sample only; leave them out when you give a deals file.");
            if (count is < 1) errors.Add($"--sample-deals is {count}; it must be at least 1.");
            if (!execution.TryLoad(parse, errors, out string? executionError)) return Fail(stderr, NotLoaded, [executionError!]);
            if (!EffectsCovarianceOptions.TryResolve(parse.GetValue(covariance), parse.GetValue(cluster), out EffortCovariance effectsCovariance, out string? covarianceProblem))
                errors.Add(covarianceProblem!);
            if (errors.Count > 0) return Fail(stderr, InvalidOptions, errors);

            StatedRuleContext? statedContext = StatedRulesFromCommandLine(parse.GetValue(icpRules) ?? [], parse.GetValue(icpFile), parse.GetValue(source.ShowValues), errors, out string[] statedRules);
            if (errors.Count > 0) return Fail(stderr, InvalidOptions, errors);

            var options = new ProfitYieldReportOptions { Culture = reportCulture, CurrencySymbol = parse.GetValue(currency) };
            if (statedRules.Length > 0) options = options with { StatedProfileRules = statedRules, StatedProfileContext = statedContext };
            if (parse.GetValue(title) is string t) options = options with { Title = t };
            string[]? segments = parse.GetValue(segmentBy) is { Length: > 0 } s ? s : null;
            string[]? efforts = parse.GetValue(effort) is { Length: > 0 } e ? e : null;
            double? cost = parse.GetValue(costPerHour);
            double? budget = parse.GetValue(budgetHours);

            Func<DealSet?> load = path is null
                ? () => SampleDeals.Generate(count ?? 5_000, sampleSeed ?? 42)
                : () => source.TryLoad(parse, out DealSet deals, cancellationToken) ? deals : null;
            try
            {
                StageTimer? timer = parse.GetValue(timings) ? new StageTimer(stderr) : null;
                int code = Run(cli, load, path?.Name ?? "the embedded sample", holdoutAfter, segments, efforts, options, fmt, outPath, execution, timer, cost, budget, parse.GetValue(includeDealAttributes),
                    (effectsCovariance, parse.GetValue(hacLag)), cancellationToken);
                timer?.Finish();
                return code;
            }
            catch (InvalidOptionsException ex)
            {
                return Fail(stderr, InvalidOptions, [CliConventions.InFlags(ex.Message, ("SegmentBy", "--segment-by"), ("ForEfforts", "--effort"),
                    ("WithCostPerEffortHour", "--cost-per-hour"), ("CostPerEffortHour", "--cost-per-hour"), ("WithEffortBudget", "--budget-hours"),
                    ("EffortBudget", "--budget-hours"), ("ValidateOnDealsClosedAfter", "--holdout-after"))]);
            }
            catch (OutputNotWrittenException) when (cancellationToken.IsCancellationRequested)
            {
                // Interrupted (Ctrl-C, SIGTERM) while writing: the temporary file is removed, the rename never happens.
                stderr.WriteLine("Interrupted while writing: the report was not written; any previous file at the output path is intact.");
                return ExitCodes.Interrupted;
            }
            catch (OutputNotWrittenException ex)
            {
                stderr.WriteLine($"error: could not write the report to {ex.Path}: {ex.Message} Any previous file there is intact; choose another --out or fix the folder's permissions.");
                return NotWritten;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                stderr.WriteLine("Interrupted: no report was written; any previous file at the output path is intact.");
                return ExitCodes.Interrupted;
            }
        }
        // An asynchronous action: System.CommandLine turns Ctrl-C (SIGINT) into cancellation of the token instead of
        // killing the process, so the build stops, nothing is written and the exit code is 130.
        command.SetAction((parse, cancellationToken) => Task.FromResult(Act(parse, cancellationToken)));
        return command;
    }

    /// <summary>
    /// The believed rules of --icp (each one rule) and --icp-file (one rule a line, # comments and blank lines ignored), with the
    /// context that names them in messages: the flag and its text, or the file, line and column.
    /// </summary>
    internal static StatedRuleContext? StatedRulesFromCommandLine(string[] flagRules, FileInfo? file, bool showValues, List<string> errors, out string[] rules)
    {
        var all = new List<string>();
        var origins = new List<(int Line, int Lead)>();
        foreach (string r in flagRules)
        {
            all.Add(r);
            origins.Add((0, 0));
        }
        if (file is not null)
        {
            string[] lines;
            try
            {
                lines = File.ReadAllLines(file.FullName);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                errors.Add($"--icp-file {file.Name} could not be read ({e.Message}); give the path of a text file with one rule a line, e.g. --icp-file believed-icp.txt.");
                rules = [];
                return null;
            }
            int before = all.Count;
            for (int i = 0; i < lines.Length; i++)
            {
                string line = lines[i];
                string trimmed = line.Trim();
                if (trimmed.Length == 0 || trimmed[0] == '#') continue;
                int lead = line.Length - line.TrimStart().Length;
                all.Add(trimmed);
                origins.Add((i + 1, lead));
            }
            if (all.Count == before) errors.Add($"--icp-file {file.Name} holds no rule (only blank lines and # comments); write one rule a line, e.g. industry = Software and employees 250–1,000.");
        }
        rules = [.. all];
        if (rules.Length == 0) return null;
        string fileName = file?.Name ?? "";
        int flags = flagRules.Length;
        string[] text = rules;
        return new StatedRuleContext((k, c) =>
        {
            (int line, int lead) = origins[k];
            if (line == 0)
            {
                string which = flags > 1 ? $" (the {Ordinal(k + 1)} --icp)" : "";
                return $"--icp \"{text[k]}\"{which}" + (c is int p ? $", at character {p + 1}" : "");
            }
            return $"--icp-file {fileName}, line {line}" + (c is int q ? $", column {lead + q + 1}" : "") + $" (\"{text[k]}\")";
        }, showValues, "run 'icp inspect' on the deals to see each attribute's most frequent levels, or add --show-values to name the closest here");
    }

    private static string Ordinal(int n) => n switch
    {
        1 => "1st",
        2 => "2nd",
        3 => "3rd",
        _ => n.ToString(CultureInfo.InvariantCulture) + "th",
    };

    private static int Run(CliOutput cli, Func<DealSet?> load, string sourceName, DateOnly? holdoutAfter, string[]? segments, string[]? efforts,
        ProfitYieldReportOptions options, string format, string outPath, ReportExecutionOptions execution, StageTimer? timer = null, double? cost = null, double? budget = null, bool includeDealAttributes = false,
        (EffortCovariance Covariance, int? Lag)? effectsInference = null, CancellationToken cancellationToken = default)
    {
        ProfitYieldReport? report = null;
        DealSet? deals = null;
        void Work(Action<ReportProgress> show)
        {
            Action<ReportProgress> step = timer is null ? show : p =>
            {
                timer.Start(p.Step);
                show(p);
            };
            step(new ReportProgress("Loading " + sourceName, 0, 1));
            deals = load();
            if (deals is null) return;
            ProfitYieldReportBuilder builder = ProfitYieldReport.For(deals).WithOptions(options).ReportProgressTo(new Callback(step));
            if (holdoutAfter is DateOnly d) builder = builder.ValidateOnDealsClosedAfter(d);
            if (segments is not null) builder = builder.SegmentBy(segments);
            if (includeDealAttributes) builder = builder.ConfigureIcp(o => o with { IncludeDealAttributes = true });
            if (efforts is not null) builder = builder.ForEfforts(efforts);
            if (cost is double c) builder = builder.WithCostPerEffortHour(c);
            if (budget is double b) builder = builder.WithEffortBudget(b);
            if (effectsInference is { } inference && (inference.Covariance != EffortCovariance.Robust || inference.Lag is not null))
                builder = builder.WithEffectsCovariance(inference.Covariance, inference.Lag);
            builder = execution.Apply(builder, deals);
            report = builder.Build(cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            step(new ReportProgress("Writing " + (outPath == "-" ? "to standard output" : outPath), 0, 1));
            try
            {
                Save(report, format, outPath, cli.Out);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new OutputNotWrittenException(outPath == "-" ? "standard output" : Path.GetFullPath(outPath), e.Message, e);
            }
        }

        // Progress goes to standard error (results, including --out -, own standard output): a live bar when standard error is a
        // terminal, plain lines when it is redirected, nothing with --no-progress or --quiet.
        if (!cli.ProgressBar)
        {
            Work(p => cli.Progress(p.Total > 1 ? $"[{p.Completed + 1}/{p.Total + 1}] {p.Step}" : p.Step));
        }
        else
        {
            AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) }).Progress()
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
        if (deals is null || report is null) return NotLoaded;
        string where = outPath == "-" ? "standard output" : Path.GetFullPath(outPath);
        cli.Note(string.Create(CultureInfo.InvariantCulture, $"Wrote the profit-yield report ({format}) for {deals.Count:N0} deals to {where}"));
        foreach (ReportSection section in report.Sections.Where(s => !s.IsPresent))
            cli.Note($"  not in this report: {section.Title} ({section.MissingReason})");
        long rejected = deals.LoadReport.RowsRejected;
        if (rejected == 0) return execution.AnyRejected ? RowsRejected : ExitCodes.Ok;
        cli.Warning(string.Create(CultureInfo.InvariantCulture,
            $"{rejected:N0} of {deals.LoadReport.RowsRead:N0} rows were rejected and are in no figure; the report's data section lists why and how to fix them (add --strict to stop at bad rows instead)."));
        return RowsRejected;
    }

    private static void Save(ProfitYieldReport report, string format, string outPath, TextWriter stdout)
    {
        if (outPath == "-")
        {
            switch (format)
            {
                case "md":
                    // No file to put the details beside: the full tables follow the report.
                    report.WriteMarkdown(stdout);
                    stdout.Write("\n---\n\n");
                    report.WriteMarkdownDetails(stdout);
                    break;
                case "json": report.WriteJson(stdout); break;
                case "text": stdout.WriteLine(report.ToString()); break;
                default: report.WriteHtml(stdout); break;
            }
            stdout.Flush();
            return;
        }
        if (File.Exists(outPath) && format == "csv")
            throw new IOException($"{outPath} is a file, and --format csv writes a folder of tables; give --out a folder name.");
        switch (format)
        {
            case "md": report.SaveMarkdown(outPath); break;
            case "json": report.SaveJson(outPath); break;
            case "csv": report.WriteCsv(outPath); break;
            case "text": AtomicFile.WriteText(outPath, w => w.WriteLine(report.ToString())); break;
            default: report.SaveHtml(outPath); break;
        }
    }

    /// <summary>The report could not be written; the previous file at the path, if any, is intact (writes are atomic).</summary>
    private sealed class OutputNotWrittenException(string path, string message, Exception inner) : Exception(message, inner)
    {
        public string Path { get; } = path;
    }

    private static string? FormatFromExtension(string? path) => Path.GetExtension(path ?? "").ToUpperInvariant() switch
    {
        ".HTML" or ".HTM" => "html",
        ".MD" or ".MARKDOWN" => "md",
        ".JSON" => "json",
        ".CSV" => "csv",
        ".TXT" => "text",
        _ => null,
    };

    private static int Fail(TextWriter stderr, int code, IEnumerable<string> messages)
    {
        foreach (string m in messages) stderr.WriteLine("error: " + m);
        stderr.WriteLine("Run 'icp report --help' for the options and examples.");
        return code;
    }

    /// <summary>Wall time per stage, measured from one stage's start to the next's; start-up is process start to the first stage.</summary>
    private sealed class StageTimer
    {
        private readonly TextWriter _writer;
        private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
        private readonly double _startupMs;
        private string? _stage;
        private double _stageStartMs;
        private double _stageStartCpuMs;
        private double _stageStartJitMs;

        public StageTimer(TextWriter writer)
        {
            _writer = writer;
            _startupMs = (DateTime.Now - System.Diagnostics.Process.GetCurrentProcess().StartTime).TotalMilliseconds;
            _writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"timing: {"start-up (process start to the command)",-55} {_startupMs,8:F0} ms"));
        }

        public void Start(string stage)
        {
            Stop();
            _stage = stage;
            _stageStartMs = _clock.Elapsed.TotalMilliseconds;
            _stageStartCpuMs = CpuMs();
            _stageStartJitMs = System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds;
        }

        private static double CpuMs() => System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds;

        public void Finish()
        {
            Stop();
            _writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"timing: {"total (process start to end)",-55} {_startupMs + _clock.Elapsed.TotalMilliseconds,8:F0} ms"));
            _writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"timing: peak working set {System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MiB, GC count gen0/1/2 {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}, GC pauses {GC.GetTotalPauseDuration().TotalMilliseconds:F0} ms, allocated {GC.GetTotalAllocatedBytes() / 1048576.0:F0} MiB"));
            _writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"timing: JIT compiled {System.Runtime.JitInfo.GetCompiledMethodCount():N0} methods in {System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds:F0} ms (all threads)"));
        }

        private void Stop()
        {
            if (_stage is null) return;
            double ms = _clock.Elapsed.TotalMilliseconds - _stageStartMs;
            double cpu = CpuMs() - _stageStartCpuMs;
            using var process = System.Diagnostics.Process.GetCurrentProcess();
            _writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"timing: {_stage,-55} {ms,8:F0} ms wall {cpu,8:F0} ms CPU {System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds - _stageStartJitMs,5:F0} ms JIT, peak working set so far {process.PeakWorkingSet64 / 1048576.0,4:F0} MiB, managed heap {GC.GetTotalMemory(false) / 1048576.0,4:F0} MiB"));
            _stage = null;
        }
    }

    private sealed class Callback(Action<ReportProgress> step) : IProgress<ReportProgress>
    {
        public void Report(ReportProgress value) => step(value);
    }
}
