using System.CommandLine;
using System.Globalization;
using IcpAnalytics.Data;

namespace IcpAnalytics.Cli;

/// <summary>
/// The deals file and the column-mapping options every command that reads closed deals shares (<c>icp inspect</c>,
/// <c>icp report</c> …). Add them with <see cref="AddTo"/>; load with <see cref="TryLoad"/>, which prints a clear message
/// to standard error when the file is missing or unreadable.
/// </summary>
internal sealed class DealSourceOptions
{
    /// <summary>The deals CSV; without it the embedded sample is used.</summary>
    public Argument<FileInfo?> File { get; } = new("file")
    {
        Description = "A CSV export of closed deals (won and lost). Without it, the embedded sample dataset is used.",
        Arity = ArgumentArity.ZeroOrOne,
    };

    public Option<string?> DealIdColumn { get; } = new("--deal-id-column") { Description = "The column with each deal's unique id (default: inferred, e.g. deal_id, opportunity_id, id)." };

    public Option<string?> AccountColumn { get; } = new("--account-column") { Description = "The column with the account (default: inferred, e.g. account_id, account)." };

    public Option<string?> RepColumn { get; } = new("--rep-column") { Description = "The column with the rep (default: inferred, e.g. rep, owner, sales_rep)." };

    public Option<string?> DateColumn { get; } = new("--date-column") { Description = "The column with the close date (default: inferred, e.g. closed_date, close_date)." };

    public Option<string[]> DateFormat { get; } = new("--date-format") { Description = "An exact close-date format such as dd.MM.yyyy; repeat for several (default: ISO 8601, then the culture's formats)." };

    public Option<string?> OutcomeColumn { get; } = new("--outcome-column") { Description = "The column saying won, lost or open (default: inferred, e.g. outcome, stage, status, won)." };

    public Option<string[]> WonLabel { get; } = new("--won-label") { Description = "A label meaning won; repeat for several (default: Closed Won, Won, true, 1, yes)." };

    public Option<string[]> LostLabel { get; } = new("--lost-label") { Description = "A label meaning lost; repeat for several (default: Closed Lost, Lost, false, 0, no)." };

    public Option<string[]> OpenLabel { get; } = new("--open-label") { Description = "A stage of open deals, set aside and counted, added to the known open stages (Salesforce, HubSpot, Pipedrive, Dynamics); repeat for several." };

    public Option<bool> ReplaceOpenLabels { get; } = new("--replace-open-labels") { Description = "Use only the --open-label stages as open stages, instead of adding them to the known ones." };

    public Option<string?> Preset { get; } = new("--preset") { Description = "The CRM the export comes from, whose column names are tried first: salesforce, hubspot, pipedrive or dynamics." };

    public Option<string?> CreatedDateColumn { get; } = new("--created-date-column") { Description = "The column with the date each deal was created (default: inferred, e.g. created_date, engage_date); without a cycle-days column, cycle days are derived from it." };

    public Option<bool> NoRevenue { get; } = new("--no-revenue") { Description = "Load a lead export without amounts: every deal counts as 1, so yields become win rates." };

    public Option<FileInfo[]> Join { get; } = new("--join") { Description = "A lookup CSV (e.g. products.csv) joined to the deals by a key column; repeat for several, each with its --on." };

    public Option<string[]> On { get; } = new("--on") { Description = "The key column of the matching --join file (default: the one column both files share)." };

    public Option<bool> StrictPlausibility { get; } = new("--strict-plausibility") { Description = "Reject rows with implausible values (margin above revenue, revenue 0, discount outside 0-100 %, dates in the future …) instead of loading them with a warning." };

    public Option<string?> RevenueColumn { get; } = new("--revenue-column") { Description = "The column with the deal amount (default: inferred, e.g. amount, revenue, value)." };

    public Option<string?> MarginColumn { get; } = new("--margin-column") { Description = "The column with gross margin (default: inferred, e.g. gross_margin, margin; without one, yields use revenue)." };

    public Option<string?> DiscountColumn { get; } = new("--discount-column") { Description = "The column with the discount fraction (default: inferred, discount)." };

    public Option<string?> CycleDaysColumn { get; } = new("--cycle-days-column") { Description = "The column with the sales-cycle days (default: inferred, cycle_days)." };

    public Option<string[]> EffortColumn { get; } = new("--effort-column") { Description = "A column with an effort count; repeat for several (default: inferred: calls, meetings, demos, emails, visits)." };

    public Option<string?> HoursColumn { get; } = new("--effort-hours-column") { Description = "The column with effort hours (default: inferred, e.g. effort_hours, hours)." };

    public Option<string[]> Attribute { get; } = new("--attribute")
    {
        Description = "An account attribute to load, e.g. industry, or a numeric one cut into bands, e.g. employees:50,200,1000,5000; repeat for several (default: every other column, numeric when all values are numbers).",
    };

    public Option<string[]> AccountAttribute { get; } = new("--account-attribute") { Description = "An attribute column that describes the customer, searched for the ICP whatever the inference says; repeat for several." };

    public Option<string[]> DealAttribute { get; } = new("--deal-attribute") { Description = "An attribute column that describes how a deal was sold (product, lead source): reported as its own yield table, searched only with --include-deal-attributes; repeat for several." };

    public Option<string[]> ExcludeAttribute { get; } = new("--exclude-attribute") { Description = "An attribute column never to search nor report as a deal attribute (e.g. a field filled only for won deals); repeat for several." };

    public Option<string?> Delimiter { get; } = new("--delimiter") { Description = "The field delimiter: comma, semicolon, tab, pipe or the character itself (default: detected)." };

    public Option<string?> Culture { get; } = new("--culture") { Description = "The culture numbers and dates are written in, e.g. de-DE for 1234,5 (default: invariant, 1234.5)." };

    public Option<FileInfo?> Accounts { get; } = new("--accounts") { Description = "A separate accounts CSV whose columns are joined to the deals as account attributes." };

    public Option<string?> AccountKey { get; } = new("--account-key")
    {
        Description = "The key column of the --accounts file, matched to the deals' account column (default: the deals' account column, else the one column both files share).",
    };

    public Option<bool> Strict { get; } = new("--strict") { Description = "Stop with an error when any row is bad, instead of loading the good rows and listing the bad ones." };

    public Option<bool> ShowValues { get; } = new("--show-values") { Description = "Quote raw cell values in error messages (off by default, as deal data can be confidential)." };

    public Option<FileInfo?> Activities { get; } = new("--activities") { Description = "An activity log CSV (calls, emails, meetings … one row each) aggregated into each deal's effort counts and hours; replaces the deals' own effort columns." };

    public Option<string?> ActivityDealColumn { get; } = new("--activity-deal-column") { Description = "The --activities column with the deal (opportunity) id (default: inferred, e.g. opportunity_id, WhatId)." };

    public Option<string?> ActivityAccountColumn { get; } = new("--activity-account-column") { Description = "The --activities column with the account, for activities without a deal (default: inferred, e.g. account_id, AccountId)." };

    public Option<string?> ActivityTypeColumn { get; } = new("--activity-type-column") { Description = "The --activities column with the activity type (default: inferred, e.g. activity_type, type, TaskSubtype)." };

    public Option<string?> ActivityDateColumn { get; } = new("--activity-date-column") { Description = "The --activities column with the activity date (default: inferred, e.g. activity_date, ActivityDate)." };

    public Option<string[]> ActivityDateFormat { get; } = new("--activity-date-format") { Description = "An exact format of the activity dates, e.g. dd/MM/yyyy (default: the layout inferred from all the column's values)." };

    public Option<string?> ActivityDurationColumn { get; } = new("--activity-duration-column") { Description = "The --activities column with each activity's duration (default: inferred, e.g. duration_minutes, DurationInMinutes)." };

    public Option<string?> ActivityDurationUnit { get; } = new("--activity-duration-unit") { Description = "The unit of --activity-duration-column: minutes, hours, seconds or milliseconds (default: minutes)." };

    public Option<string[]> ActivityCount { get; } = new("--activity-count") { Description = "An effort and the activity types it counts, e.g. meetings=\"Discovery Session,Workshop\"; repeat for several (added to the default vocabulary: meetings, demos, calls, emails, tasks, visits, messages)." };

    public Option<string[]> ActivityHours { get; } = new("--activity-hours") { Description = "The hours one activity of an effort adds when it has no duration, e.g. calls=0.5; repeat for several." };

    public Option<string?> Rejects { get; } = new("--rejects")
    {
        Description = "Write every rejected row to this CSV (file, line, last_line, column, reason, fix; the raw value only with --show-values), atomically; never one of the inputs. Example: --rejects rejects.csv",
    };

    /// <summary>The problem with <c>--rejects</c> (it names one of the inputs), for the command to fail with exit code 1, or null.</summary>
    public string? RejectsPathProblem(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return parse.GetValue(Rejects) is string path ? CliConventions.OutputIsAnInput(parse, path, "--rejects") : null;
    }

    /// <summary>Adds the file argument and every option to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Arguments.Add(File);
        foreach (Option option in (Option[])[DealIdColumn, AccountColumn, RepColumn, DateColumn, DateFormat, OutcomeColumn, WonLabel, LostLabel, OpenLabel,
            RevenueColumn, MarginColumn, DiscountColumn, CycleDaysColumn, EffortColumn, HoursColumn, Attribute, Delimiter, Culture, Accounts, AccountKey, Strict, ShowValues,
            ReplaceOpenLabels, Preset, CreatedDateColumn, NoRevenue, Join, On, StrictPlausibility, Rejects, Activities, ActivityDealColumn, ActivityAccountColumn,
            ActivityTypeColumn, ActivityDateColumn, ActivityDateFormat, ActivityDurationColumn, ActivityDurationUnit, ActivityCount, ActivityHours,
            AccountAttribute, DealAttribute, ExcludeAttribute])
        {
            command.Options.Add(option);
        }
    }

    /// <summary>
    /// Loads the deals the parsed command line names (the embedded sample when no file is given). On a missing file, an unknown
    /// culture or data that cannot be loaded it writes a clear message to the invocation's error writer and returns false.
    /// </summary>
    /// <param name="parse">The parsed command line.</param>
    /// <param name="deals">The loaded deals; null when it returns false.</param>
    /// <param name="cancellationToken">Stops the load (Ctrl-C): it is checked every 4,096 rows and ends it with an <see cref="OperationCanceledException"/>.</param>
    public bool TryLoad(ParseResult parse, out DealSet deals, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parse);
        TextWriter error = parse.InvocationConfiguration.Error;
        deals = null!;
        if (RejectsPathProblem(parse) is string sameAsInput)
        {
            error.WriteLine("error: " + sameAsInput);
            return false;
        }
        try
        {
            deals = Load(parse, cancellationToken);
            return TryWriteRejects(parse, deals.LoadReport, error);
        }
        catch (DealDataException e) when (e.Report.RowsRejected > 0)
        {
            // --strict stopped at bad rows: the rejects file still lists every one of them.
            error.WriteLine("error: " + e.Message);
            TryWriteRejects(parse, e.Report, error);
        }
        catch (FileNotFoundException e)
        {
            error.WriteLine("error: " + e.Message);
        }
        catch (CultureNotFoundException)
        {
            error.WriteLine($"error: '{parse.GetValue(Culture)}' is not a culture name; use a name such as en-US, de-DE or fr-FR.");
        }
        catch (DealDataException e) when (e.Line == 1 && e.Report.RowsRead == 0 && e.Column is not null)
        {
            error.WriteLine("error: " + e.Message);
            error.WriteLine("On the command line, name the columns with --outcome-column, --revenue-column, --margin-column, --deal-id-column, --account-column, --date-column … (icp inspect --help lists them all).");
        }
        catch (IcpAnalyticsException e)
        {
            error.WriteLine("error: " + e.Message);
        }
        catch (ArgumentException e)
        {
            error.WriteLine("error: " + e.Message);
        }
        catch (IOException e)
        {
            error.WriteLine("error: cannot read the file: " + e.Message);
        }
        catch (UnauthorizedAccessException e)
        {
            error.WriteLine("error: cannot read the file: " + e.Message);
        }
        return false;
    }

    /// <summary>
    /// Writes every reject of <paramref name="report"/> to the <c>--rejects</c> file, if one is given: one row per reject with the
    /// file name (no folder), its first and last line, the column, the reason and the fix; the raw value only with <c>--show-values</c>.
    /// The file is written atomically (a temporary file renamed into place). False, with the error written, when it cannot be written.
    /// </summary>
    private bool TryWriteRejects(ParseResult parse, LoadReport report, TextWriter error)
    {
        if (parse.GetValue(Rejects) is not string path) return true;
        bool values = parse.GetValue(ShowValues);
        string file = Path.GetFileName(report.Source);
        try
        {
            AtomicFile.WriteText(path, w =>
            {
                w.WriteLine(values ? "file,line,last_line,column,reason,fix,value" : "file,line,last_line,column,reason,fix");
                foreach (RejectedRow r in report.Rejected)
                {
                    w.Write(Csv(file));
                    w.Write(string.Create(CultureInfo.InvariantCulture, $",{r.Line},{r.LastLine},"));
                    w.Write(Csv(r.Column ?? ""));
                    w.Write(',');
                    w.Write(Csv(r.Reason));
                    w.Write(',');
                    w.Write(Csv(r.Fix));
                    if (values)
                    {
                        w.Write(',');
                        w.Write(Csv(r.RawValue ?? ""));
                    }
                    w.WriteLine();
                }
            });
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: cannot write --rejects {path}: {e.Message}");
            return false;
        }

        static string Csv(string text) =>
            text.AsSpan().IndexOfAny(",\"\r\n") < 0 ? text : "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>Loads the deals the parsed command line names (the embedded sample when no file is given); throws on bad input.</summary>
    public DealSet Load(ParseResult parse, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parse);
        FileInfo? file = parse.GetValue(File);
        if (file is null) return SampleDeals.Generate();
        if (!file.Exists) throw new FileNotFoundException($"The deals file '{file.FullName}' does not exist.", file.FullName);
        FileInfo? accounts = parse.GetValue(Accounts);
        if (accounts is not null && !accounts.Exists) throw new FileNotFoundException($"The accounts file '{accounts.FullName}' does not exist.", accounts.FullName);

        string? culture = parse.GetValue(Culture);
        string[] dateFormats = parse.GetValue(DateFormat) ?? [];
        string[] won = parse.GetValue(WonLabel) ?? [];
        string[] lost = parse.GetValue(LostLabel) ?? [];
        var defaults = new DealLoadOptions();
        var options = new DealLoadOptions
        {
            Policy = parse.GetValue(Strict) ? BadDataPolicy.Strict : BadDataPolicy.Lenient,
            Culture = culture is null ? CultureInfo.InvariantCulture : CultureInfo.GetCultureInfo(culture, predefinedOnly: true),
            Delimiter = DelimiterOf(parse.GetValue(Delimiter)),
            DateFormats = dateFormats.Length == 0 ? null : dateFormats,
            WonLabels = won.Length == 0 ? defaults.WonLabels : won,
            LostLabels = lost.Length == 0 ? defaults.LostLabels : lost,
            OpenLabels = parse.GetValue(OpenLabel) is { Length: > 0 } open ? (parse.GetValue(ReplaceOpenLabels) ? open : [.. defaults.OpenLabels, .. open]) : defaults.OpenLabels,
            StrictPlausibility = parse.GetValue(StrictPlausibility),
            MessageStyle = LoadMessageStyle.CommandLine,
            IncludeRawValuesInMessages = parse.GetValue(ShowValues),
            SourceName = file.Name,
            Cancellation = cancellationToken,
        };
        FileInfo? activities = parse.GetValue(Activities);
        if (activities is not null && !activities.Exists) throw new FileNotFoundException($"The --activities file '{activities.Name}' does not exist.", activities.FullName);
        CrmPreset crmPreset = CrmPreset.None;
        if (parse.GetValue(Preset) is string presetName && (!Enum.TryParse(presetName, ignoreCase: true, out crmPreset) || crmPreset == CrmPreset.None))
            throw new InvalidOptionsException([$"--preset {presetName}: use salesforce, hubspot, pipedrive or dynamics."]);
        DealSet loaded = DealSet.FromCsv(file.FullName, map =>
        {
            if (parse.GetValue(DealIdColumn) is string id) map.DealId(id);
            if (parse.GetValue(AccountColumn) is string account) map.Account(account);
            if (parse.GetValue(RepColumn) is string rep) map.Rep(rep);
            if (parse.GetValue(DateColumn) is string date) map.ClosedDate(date);
            if (parse.GetValue(OutcomeColumn) is string outcome) map.Outcome(outcome);
            if (parse.GetValue(RevenueColumn) is string revenue) map.Revenue(revenue);
            if (parse.GetValue(MarginColumn) is string margin) map.Margin(margin);
            if (parse.GetValue(DiscountColumn) is string discount) map.Discount(discount);
            if (parse.GetValue(CycleDaysColumn) is string cycle) map.CycleDays(cycle);
            if (parse.GetValue(HoursColumn) is string hours) map.EffortHours(hours);
            if (parse.GetValue(EffortColumn) is { Length: > 0 } efforts) map.Effort(efforts);
            foreach (string attribute in parse.GetValue(Attribute) ?? [])
            {
                int colon = attribute.IndexOf(':', StringComparison.Ordinal);
                if (colon < 0) map.Attribute(attribute);
                else map.Attribute(attribute[..colon], BandsOf(attribute[..colon], attribute[(colon + 1)..]));
            }
            if (parse.GetValue(AccountAttribute) is { Length: > 0 } accountAttributes) map.AccountAttribute(accountAttributes);
            if (parse.GetValue(DealAttribute) is { Length: > 0 } dealAttributes) map.DealAttribute(dealAttributes);
            if (parse.GetValue(ExcludeAttribute) is { Length: > 0 } excludedAttributes) map.ExcludeAttribute(excludedAttributes);
            if (accounts is not null) map.WithAccounts(accounts.FullName, parse.GetValue(AccountKey));
            if (parse.GetValue(Preset) is string preset)
            {
                if (!Enum.TryParse(preset, ignoreCase: true, out CrmPreset crm) || crm == CrmPreset.None)
                    throw new InvalidOptionsException([$"--preset {preset}: use salesforce, hubspot, pipedrive or dynamics."]);
                map.Preset(crm);
            }
            if (parse.GetValue(CreatedDateColumn) is string created) map.CreatedDate(created);
            if (parse.GetValue(NoRevenue)) map.WithoutRevenue();
            FileInfo[] joins = parse.GetValue(Join) ?? [];
            string[] ons = parse.GetValue(On) ?? [];
            for (int j = 0; j < joins.Length; j++)
            {
                if (!joins[j].Exists) throw new FileNotFoundException($"The --join file '{joins[j].Name}' does not exist.", joins[j].FullName);
                map.Join(joins[j].FullName, j < ons.Length ? ons[j] : null);
            }
        }, options);
        if (activities is null) return loaded;
        ActivityLog log = ActivityLog.FromCsv(activities.FullName, m => MapActivities(parse, m, crmPreset), options with { SourceName = activities.Name });
        return loaded.WithActivities(log);
    }

    private void MapActivities(ParseResult parse, ActivityColumnMap map, CrmPreset preset)
    {
        if (preset != CrmPreset.None) map.Preset(preset);
        if (parse.GetValue(ActivityDealColumn) is string deal) map.DealId(deal);
        if (parse.GetValue(ActivityAccountColumn) is string account) map.AccountId(account);
        if (parse.GetValue(ActivityTypeColumn) is string type) map.Type(type);
        string[] formats = parse.GetValue(ActivityDateFormat) ?? [];
        string? date = parse.GetValue(ActivityDateColumn);
        if (date is not null || formats.Length > 0)
        {
            if (date is null) throw new InvalidOptionsException(["--activity-date-format needs --activity-date-column naming the column it applies to."]);
            map.Date(date, formats);
        }
        string? unitText = parse.GetValue(ActivityDurationUnit);
        DurationUnit unit = DurationUnit.Minutes;
        if (unitText is not null && !Enum.TryParse(unitText, ignoreCase: true, out unit))
            throw new InvalidOptionsException([$"--activity-duration-unit {unitText}: use minutes, hours, seconds or milliseconds."]);
        if (parse.GetValue(ActivityDurationColumn) is string duration) map.Duration(duration, unit);
        else if (unitText is not null) throw new InvalidOptionsException(["--activity-duration-unit needs --activity-duration-column naming the column it applies to."]);
        foreach (string count in parse.GetValue(ActivityCount) ?? [])
        {
            int eq = count.IndexOf('=', StringComparison.Ordinal);
            string[] types = eq < 0 ? [] : count[(eq + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (eq <= 0 || types.Length == 0) throw new InvalidOptionsException([$"--activity-count {count}: write an effort and its types, e.g. --activity-count meetings=\"Discovery Session,Workshop\"."]);
            map.Count(count[..eq].Trim(), types);
        }
        foreach (string hours in parse.GetValue(ActivityHours) ?? [])
        {
            int eq = hours.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || !double.TryParse(hours[(eq + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out double h) || !double.IsFinite(h) || h < 0)
                throw new InvalidOptionsException([$"--activity-hours {hours}: write an effort and hours of 0 or more, e.g. --activity-hours calls=0.5."]);
            map.HoursEach(hours[..eq].Trim(), h);
        }
    }

    private static string? DelimiterOf(string? value) => value?.ToUpperInvariant() switch
    {
        null => null,
        "COMMA" => ",",
        "SEMICOLON" => ";",
        "TAB" or "\\T" => "\t",
        "PIPE" => "|",
        _ => value,
    };

    private static double[] BandsOf(string attribute, string edges)
    {
        string[] parts = edges.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var result = new double[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out result[i]))
                throw new InvalidOptionsException([$"--attribute {attribute}:{edges}: band edge '{parts[i]}' is not a number; write edges like employees:50,200,1000."]);
        }
        return result;
    }
}
