using System.Data;

namespace IcpAnalytics.Data;

/// <summary>
/// Maps the columns of a CSV file or database query to the parts of a deal, fluently:
/// <c>map =&gt; map.DealId("opp_id").Outcome("stage", won: ["Closed Won"], lost: ["Closed Lost"]).Revenue("amount").Margin("gross_margin")</c>.
/// </summary>
/// <remarks>
/// Parts left unmapped are inferred from common column names (outcome/stage/status/won, amount/revenue/value,
/// gross_margin/margin, deal_id/opportunity_id/id, account_id/account, rep/owner/sales_rep/sales_agent/opportunity_owner,
/// closed_date/close_date, created_date/engage_date, discount, cycle_days, effort_hours/hours, and the efforts calls, meetings,
/// demos, emails, visits), a CRM <see cref="Preset"/>'s names first, unless <see cref="OnlyMappedColumns"/>
/// is called. When no attribute is mapped, every remaining column becomes an account attribute: numeric when every value is a
/// number, else categorical. When at least one attribute is mapped, only the mapped ones are loaded; likewise for efforts.
/// Column names are matched case-insensitively.
/// </remarks>
public sealed class DealColumnMap
{
    internal string? DealIdColumn { get; private set; }
    internal string? AccountColumn { get; private set; }
    internal string? RepColumn { get; private set; }
    internal string? ClosedDateColumn { get; private set; }
    internal string? OutcomeColumn { get; private set; }
    internal string? RevenueColumn { get; private set; }
    internal string? MarginColumn { get; private set; }
    internal string? DiscountColumn { get; private set; }
    internal string? CycleDaysColumn { get; private set; }
    internal string? EffortHoursColumn { get; private set; }
    internal IReadOnlyList<string>? WonLabels { get; private set; }
    internal IReadOnlyList<string>? LostLabels { get; private set; }
    internal IReadOnlyList<string>? OpenLabels { get; private set; }
    internal IReadOnlyList<string>? DateFormats { get; private set; }
    internal List<string> EffortColumns { get; } = [];
    internal List<AttributeMapping> Attributes { get; } = [];
    internal HashSet<string> IgnoredColumns { get; } = new(StringComparer.OrdinalIgnoreCase);
    internal bool InferUnmapped { get; private set; } = true;
    internal AccountsSource? Accounts { get; private set; }
    internal CrmPreset CrmPreset { get; private set; }
    internal string? CreatedDateColumn { get; private set; }
    internal IReadOnlyList<string>? CreatedDateFormats { get; private set; }
    internal List<AccountsSource> Lookups { get; } = [];
    internal bool NoRevenue { get; private set; }
    internal Dictionary<string, AttributeRole> Roles { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The column holding each deal's unique id (e.g. "opp_id"). Without one, deals are numbered in load order.</summary>
    /// <param name="column">The column's name.</param>
    public DealColumnMap DealId(string column) { DealIdColumn = Check(column); return this; }

    /// <summary>The column holding the account (customer) of each deal, also the key for <see cref="WithAccounts(string, string)"/>.</summary>
    /// <param name="column">The column's name.</param>
    public DealColumnMap Account(string column) { AccountColumn = Check(column); return this; }

    /// <summary>The column holding the rep (deal owner).</summary>
    /// <param name="column">The column's name.</param>
    public DealColumnMap Rep(string column) { RepColumn = Check(column); return this; }

    /// <summary>The column holding the close date, with its exact formats (e.g. "dd.MM.yyyy"); none given means ISO 8601 then the culture's formats.</summary>
    /// <param name="column">The column's name.</param>
    /// <param name="formats">Exact date formats tried in order.</param>
    public DealColumnMap ClosedDate(string column, params string[] formats)
    {
        ClosedDateColumn = Check(column);
        ArgumentNullException.ThrowIfNull(formats);
        if (formats.Length > 0) DateFormats = [.. formats];
        return this;
    }

    /// <summary>The column that says whether a deal was won, lost or is still open, with its labels (case-insensitive).</summary>
    /// <param name="column">The column's name, e.g. "stage".</param>
    /// <param name="won">Labels that mean won; null keeps <see cref="DealLoadOptions.WonLabels"/>.</param>
    /// <param name="lost">Labels that mean lost; null keeps <see cref="DealLoadOptions.LostLabels"/>.</param>
    /// <param name="open">Stages of open deals, set aside and counted; null keeps <see cref="DealLoadOptions.OpenLabels"/>.</param>
    public DealColumnMap Outcome(string column, string[]? won = null, string[]? lost = null, string[]? open = null)
    {
        OutcomeColumn = Check(column);
        if (won is not null) WonLabels = [.. won];
        if (lost is not null) LostLabels = [.. lost];
        if (open is not null) OpenLabels = [.. open];
        return this;
    }

    /// <summary>The column holding the deal amount (revenue if won, amount pursued if lost). Required; never negative.</summary>
    /// <param name="column">The column's name, e.g. "amount".</param>
    public DealColumnMap Revenue(string column) { RevenueColumn = Check(column); return this; }

    /// <summary>The column holding gross margin. Optional: without it the yield measures use revenue and say so.</summary>
    /// <param name="column">The column's name, e.g. "gross_margin".</param>
    public DealColumnMap Margin(string column) { MarginColumn = Check(column); return this; }

    /// <summary>The column holding the discount as a fraction of list price (0.15 = 15%). Optional.</summary>
    /// <param name="column">The column's name.</param>
    public DealColumnMap Discount(string column) { DiscountColumn = Check(column); return this; }

    /// <summary>The column holding the days from opening to closing. Optional; never negative.</summary>
    /// <param name="column">The column's name.</param>
    public DealColumnMap CycleDays(string column) { CycleDaysColumn = Check(column); return this; }

    /// <summary>Columns holding effort counts (calls, meetings, demos …). Optional; never negative.</summary>
    /// <param name="columns">The columns' names.</param>
    public DealColumnMap Effort(params string[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        foreach (string c in columns) EffortColumns.Add(Check(c));
        return this;
    }

    /// <summary>The column holding total effort hours. Optional: without it the per-hour measures are absent, not zero.</summary>
    /// <param name="column">The column's name.</param>
    public DealColumnMap EffortHours(string column) { EffortHoursColumn = Check(column); return this; }

    /// <summary>
    /// An account attribute, categorical (e.g. "industry"); or, given <paramref name="bands"/>, a numeric attribute cut into bands
    /// (e.g. employees with bands [50, 200, 1000, 5000]). The column may be in the deals or in the accounts data.
    /// </summary>
    /// <param name="column">The column's name.</param>
    /// <param name="bands">Strictly ascending band edges, or null for a categorical attribute.</param>
    public DealColumnMap Attribute(string column, double[]? bands = null)
    {
        if (bands is not null) Banding.ValidateEdges(column, bands);
        Attributes.Add(new AttributeMapping(Check(column), bands is null ? AttributeKind.Categorical : AttributeKind.Banded, bands is null ? null : [.. bands]));
        return this;
    }

    /// <summary>A numeric account attribute kept as numbers (e.g. "employees"); band it later with <see cref="DealSet.WithBands"/>.</summary>
    /// <param name="column">The column's name.</param>
    public DealColumnMap NumericAttribute(string column)
    {
        Attributes.Add(new AttributeMapping(Check(column), AttributeKind.Numeric, null));
        return this;
    }

    /// <summary>
    /// Sets the role of attribute columns to <see cref="AttributeRole.AccountAttribute"/>: searched for the ideal customer profile by
    /// default, whatever the inference says (see <see cref="AttributeRoles"/>). The columns load as the rest of the map says (mapped
    /// with <see cref="Attribute"/> or inferred); this sets only their role.
    /// </summary>
    /// <param name="columns">The columns' names.</param>
    public DealColumnMap AccountAttribute(params string[] columns) => SetRole(AttributeRole.AccountAttribute, columns);

    /// <summary>
    /// Sets the role of attribute columns to <see cref="AttributeRole.DealAttribute"/> ("how we sell": product, lead source, deal type):
    /// reported in their own yield table and used in ICP rules only when asked (<see cref="Icp.IcpOptions.IncludeDealAttributes"/>).
    /// The columns load as the rest of the map says; this sets only their role.
    /// </summary>
    /// <param name="columns">The columns' names.</param>
    public DealColumnMap DealAttribute(params string[] columns) => SetRole(AttributeRole.DealAttribute, columns);

    /// <summary>
    /// Sets the role of attribute columns to <see cref="AttributeRole.Excluded"/>: loaded and summarized, but never searched for the
    /// profile nor reported as a deal attribute (e.g. a field filled only once a deal is won).
    /// </summary>
    /// <param name="columns">The columns' names.</param>
    public DealColumnMap ExcludeAttribute(params string[] columns) => SetRole(AttributeRole.Excluded, columns);

    private DealColumnMap SetRole(AttributeRole role, string[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        foreach (string c in columns) Roles[Check(c)] = role;
        return this;
    }

    /// <summary>Columns not to load at all (e.g. free-text notes).</summary>
    /// <param name="columns">The columns' names.</param>
    public DealColumnMap Ignore(params string[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        foreach (string c in columns) IgnoredColumns.Add(Check(c));
        return this;
    }

    /// <summary>
    /// The CRM the export comes from: its column names (e.g. Salesforce's "Opportunity ID", "Stage", "Close Date", "Created Date")
    /// are tried before the common names when parts of a deal are inferred. Stage names of all the presets are known open, won
    /// and lost labels either way.
    /// </summary>
    /// <param name="preset">The CRM.</param>
    public DealColumnMap Preset(CrmPreset preset)
    {
        if (!Enum.IsDefined(preset)) throw new ArgumentOutOfRangeException(nameof(preset), preset, "Use a CrmPreset value such as CrmPreset.Salesforce.");
        CrmPreset = preset;
        return this;
    }

    /// <summary>
    /// The column holding the date each deal was created (opened, engaged). When the data has no cycle-days column, the cycle days
    /// are derived as close date minus this date. Inferred from names such as created_date, create_date, engage_date.
    /// </summary>
    /// <param name="column">The column's name.</param>
    /// <param name="formats">Exact date formats tried in order; none given infers the column's layout from its values.</param>
    public DealColumnMap CreatedDate(string column, params string[] formats)
    {
        CreatedDateColumn = Check(column);
        ArgumentNullException.ThrowIfNull(formats);
        if (formats.Length > 0) CreatedDateFormats = [.. formats];
        return this;
    }

    /// <summary>
    /// Loads deals without amounts (lead and MQL exports): every deal counts as 1, so the yields become win rates and wins per
    /// effort hour, and <see cref="DealSet.HasRevenue"/> is false. Without this call a file with no amount column is refused.
    /// </summary>
    public DealColumnMap WithoutRevenue() { NoRevenue = true; return this; }

    /// <summary>
    /// Joins a lookup CSV (e.g. a products price list) to the deals by a key column both have (e.g. "product"): every other
    /// column of the lookup becomes an attribute of each deal. Deals whose key has no row in the lookup keep missing values.
    /// Call once per lookup file.
    /// </summary>
    /// <param name="path">The lookup CSV file.</param>
    /// <param name="on">The key column, in the deals and in the lookup; null takes the one column both files share.</param>
    public DealColumnMap Join(string path, string? on = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Lookups.Add(new AccountsSource(path, null, on is null ? null : Check(on)));
        return this;
    }

    /// <summary>Load only the mapped columns: infer no part of a deal from common names and load no unmapped column as an attribute.</summary>
    public DealColumnMap OnlyMappedColumns() { InferUnmapped = false; return this; }

    /// <summary>
    /// Joins account attributes kept in a separate CSV file (as CRM exports keep accounts apart from opportunities) to the deals by
    /// account key. Every column other than the key becomes an attribute (mapped with <see cref="Attribute"/> or inferred).
    /// Deals whose account has no row in the file keep missing attributes and are counted in
    /// <see cref="LoadReport.DealsWithoutAccountRow"/> and a report note.
    /// </summary>
    /// <param name="path">The accounts CSV file (same delimiter detection and culture as the deals).</param>
    /// <param name="key">
    /// The accounts file's key column, matched to the deals' account column; null infers it: the deals' account column when the
    /// accounts file has it, else the one column both files share (an account-like name decides between several).
    /// </param>
    public DealColumnMap WithAccounts(string path, string? key = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        Accounts = new AccountsSource(path, null, key is null ? null : Check(key));
        return this;
    }

    /// <summary>Joins account attributes from a database query to the deals by account key (see <see cref="WithAccounts(string, string?)"/>).</summary>
    /// <param name="accounts">A reader positioned before the first account row; it is read to the end, not closed.</param>
    /// <param name="key">The reader's key column, matched to the deals' account column; null infers it as for a file.</param>
    public DealColumnMap WithAccounts(IDataReader accounts, string? key = null)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        Accounts = new AccountsSource(null, accounts, key is null ? null : Check(key));
        return this;
    }

    private static string Check(string column)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(column);
        return column.Trim();
    }
}

internal enum AttributeKind
{
    Categorical,
    Numeric,
    Banded,
}

internal sealed record AttributeMapping(string Column, AttributeKind Kind, double[]? BandEdges);

internal sealed record AccountsSource(string? Path, IDataReader? Reader, string? Key);
