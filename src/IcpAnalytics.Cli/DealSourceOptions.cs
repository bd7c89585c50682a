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

    /// <summary>Adds the file argument and every option to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Arguments.Add(File);
        foreach (Option option in (Option[])[DealIdColumn, AccountColumn, RepColumn, DateColumn, DateFormat, OutcomeColumn, WonLabel, LostLabel, OpenLabel,
            RevenueColumn, MarginColumn, DiscountColumn, CycleDaysColumn, EffortColumn, HoursColumn, Attribute, Delimiter, Culture, Accounts, AccountKey, Strict, ShowValues,
            ReplaceOpenLabels, Preset, CreatedDateColumn, NoRevenue, Join, On, StrictPlausibility, AccountAttribute, DealAttribute, ExcludeAttribute])
        {
            command.Options.Add(option);
        }
    }

    /// <summary>
    /// Loads the deals the parsed command line names (the embedded sample when no file is given). On a missing file, an unknown
    /// culture or data that cannot be loaded it writes a clear message to the invocation's error writer and returns false.
    /// </summary>
    public bool TryLoad(ParseResult parse, out DealSet deals)
    {
        ArgumentNullException.ThrowIfNull(parse);
        TextWriter error = parse.InvocationConfiguration.Error;
        deals = null!;
        try
        {
            deals = Load(parse);
            return true;
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

    /// <summary>Loads the deals the parsed command line names (the embedded sample when no file is given); throws on bad input.</summary>
    public DealSet Load(ParseResult parse)
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
        };
        return DealSet.FromCsv(file.FullName, map =>
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
