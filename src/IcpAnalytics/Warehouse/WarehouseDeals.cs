using System.Data.Common;
using System.Globalization;
using IcpAnalytics.Data;
using IcpAnalytics.Icp;
using IcpAnalytics.Segments;

namespace IcpAnalytics.Warehouses;

/// <summary>
/// Closed deals kept in a warehouse table (PostgreSQL, DuckDB over tables or Parquet, Snowflake, BigQuery, Spark SQL),
/// mapped by the same <see cref="DealColumnMap"/> and validated by the same rules as a CSV. The heavy sums run where the
/// data lives, as generated read-only SQL: segment yields with their account-cluster sums (<see cref="SegmentYield(IReadOnlyList{string}, SegmentYieldOptions?, CancellationToken)"/>),
/// rule yields (<see cref="SegmentYield(IcpRule, SegmentYieldOptions?, CancellationToken)"/>), and the effort regressions' cross-products
/// (<c>EffortRegression</c>); only the per-group sums travel. What cannot be summed in SQL — the rule search's bit
/// sets, double machine learning's cross-fitting — runs on <see cref="Load"/>, a pull of the mapped columns only.
/// Create one with <see cref="Warehouse.Deals(DbConnection, SqlDialect, WarehouseTable, Action{DealColumnMap}?, WarehouseOptions?, CancellationToken)"/>.
/// </summary>
public sealed partial class WarehouseDeals
{
    private readonly DbConnection _connection;
    private readonly WarehouseOptions _options;
    private readonly Action<DealColumnMap>? _map;
    private WarehouseCheck? _check;

    internal WarehouseDeals(DbConnection connection, SqlDialect dialect, WarehouseSchema schema, Action<DealColumnMap>? map, WarehouseOptions options)
    {
        _connection = connection;
        Dialect = dialect;
        Schema = schema;
        _map = map;
        _options = options;
    }

    internal WarehouseSchema Schema { get; }

    internal DbConnection Connection => _connection;

    internal WarehouseOptions Options => _options;

    internal Action<DealColumnMap>? Map => _map;

    /// <summary>The warehouse's SQL dialect.</summary>
    public SqlDialect Dialect { get; }

    /// <summary>The source in words, as reports name it, e.g. "PostgreSQL table sales.deals" (never the connection string).</summary>
    public string Source => Schema.Source;

    /// <summary>The table's columns, as the warehouse names them.</summary>
    public IReadOnlyList<string> Columns => Schema.Columns;

    /// <summary>Whether the deals have an effort-hours column (per-hour yields are then computed).</summary>
    public bool HasEffortHours => Schema.NumericIndex(NumericRole.EffortHours) >= 0;

    /// <summary>Whether yields use revenue because the deals have no gross-margin column.</summary>
    public bool YieldFallsBackToRevenue => Schema.NumericIndex(NumericRole.Margin) < 0;

    /// <summary>
    /// Counts the rows as the loader would treat them — closed deals loaded, open deals set aside, rows rejected per
    /// column and reason — with one GROUP BY in the warehouse; the counts add up to the rows read. Under the strict policy
    /// (the default) a rejected row stops every pushed-down analysis with a <see cref="DealDataException"/> naming the
    /// column, the reason and the fix (no cell value). Deal ids that appear more than once also stop it: the warehouse has
    /// no row order to say which one is first; deduplicate, or pull with <see cref="Load"/>, which keeps the first in id order.
    /// </summary>
    /// <param name="cancellationToken">Cancels the statement.</param>
    /// <exception cref="DealDataException">Strict policy and a rejected row, no deals at all, or duplicate deal ids.</exception>
    public WarehouseCheck Check(CancellationToken cancellationToken = default)
    {
        if (_check is not null) return _check;
        // Joined to an activity log: the rows and their statuses are the deals table's (the log only adds effort).
        if (Activity is not null) return _check = Activity.Deals.Check(cancellationToken);
        var query = new DealQuery(Dialect, Schema);
        var s = new SqlStatement(Dialect);
        query.AppendCommon(s, more: false);
        s.Append(" SELECT status, CAST(COUNT(*) AS ").Append(Dialect.DoubleType).Append("), CAST(COUNT(DISTINCT CASE WHEN status = 0 THEN id END) AS ")
            .Append(Dialect.DoubleType).Append(") FROM st GROUP BY status");
        var counts = new SortedDictionary<int, long>();
        long distinctIds = 0;
        Run("checking the deals", s, reader =>
        {
            while (reader.Read())
            {
                int status = Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture);
                counts[status] = (long)reader.GetDouble(1);
                if (status == 0) distinctIds = (long)reader.GetDouble(2);
            }
        }, cancellationToken);
        long read = counts.Values.Sum();
        long loaded = counts.GetValueOrDefault(DealQuery.Loaded);
        long open = counts.GetValueOrDefault(DealQuery.Open);
        var rejected = new List<WarehouseRejection>();
        foreach ((int status, long rows) in counts)
        {
            if (status <= DealQuery.Open) continue;
            (string? column, string reason, string fix) = Reason(status);
            rejected.Add(new WarehouseRejection(column, reason, fix, rows));
        }
        long duplicates = Schema.Load.DealId is null ? 0 : loaded - distinctIds;
        var check = new WarehouseCheck(Source, read, loaded, open, rejected, duplicates);
        if (read == 0 || loaded == 0)
            throw new DealDataException($"{Source}: the table has {(read == 0 ? "no rows" : "no closed deal that loads")}. Point the source at the table of closed deals, or check the outcome labels.",
                LoadReport.NothingRead(Source), Source, 0, null);
        if (duplicates > 0)
        {
            string column = Schema.Load.DealId!.Name;
            throw new DealDataException(string.Create(CultureInfo.InvariantCulture,
                $"{Source}, column '{column}': {duplicates:N0} deal ids appear more than once. The warehouse has no row order to say which row comes first, so the sums are not computed. Deduplicate the table (e.g. a view with one row per id), or pull the deals with Load(), which keeps the first row in id order and rejects the rest."),
                LoadReport.NothingRead(Source), Source, 0, column);
        }
        if (rejected.Count > 0 && _options.Load.Policy == BadDataPolicy.Strict)
        {
            WarehouseRejection first = rejected[0];
            long more = rejected.Sum(r => r.Rows) - first.Rows;
            throw new DealDataException(string.Create(CultureInfo.InvariantCulture,
                $"{Source}{(first.Column is null ? "" : ", column '" + first.Column + "'")}: {first.Rows:N0} row{(first.Rows == 1 ? "" : "s")}: {first.Reason} {first.Fix}{(more > 0 ? $" {more:N0} more rows have other problems." : "")} {read:N0} rows read. Use Policy = BadDataPolicy.Lenient to analyse the good rows and count the rest in the check."),
                LoadReport.NothingRead(Source), Source, 0, first.Column);
        }
        _check = check;
        return check;
    }

    private (string? Column, string Reason, string Fix) Reason(int status)
    {
        LoadSchema load = Schema.Load;
        if (status == DealQuery.OutcomeEmpty) return (load.Outcome.Name, "The outcome is empty.", "Give every deal a won, lost or open label.");
        if (status == DealQuery.OutcomeUnknown)
            return (load.Outcome.Name, "The outcome label is neither a won, a lost nor an open label.",
                $"Map the labels, e.g. map.Outcome(\"{load.Outcome.Name}\", won: [\"Closed Won\"], lost: [\"Closed Lost\"], open: [\"Negotiation\"]).");
        if (status == DealQuery.DealIdEmpty) return (load.DealId?.Name, "The deal id is empty.", "Give every deal a unique id.");
        int k = (status - DealQuery.FirstNumeric) / 3, kind = (status - DealQuery.FirstNumeric) % 3;
        NumericField f = load.NumericFields[k];
        return kind switch
        {
            0 => (f.Name, "The revenue (deal amount) is empty.", "Give every closed deal its amount (the amount pursued for a lost deal)."),
            1 => (f.Name, $"The {f.RoleName} is not a finite number.", "Replace infinite or NaN values with real numbers, or leave the cell empty where the column is optional."),
            _ => (f.Name, $"The {f.RoleName} is negative.", f.Role == NumericRole.Revenue
                ? "Give the deal amount as a positive number; record refunds and credit notes outside the deal data."
                : $"Give the {f.RoleName} as zero or more."),
        };
    }

    /// <summary>
    /// Pulls the deals into memory through the loader every source uses — only the mapped columns, ordered by deal id (by
    /// code point), so the deal set, and every analysis and report on it, is the same as from the same data in a CSV sorted
    /// by id. The rule search and double machine learning run on this pull. Its <see cref="LoadReport.Source"/> names the warehouse table.
    /// </summary>
    /// <param name="cancellationToken">Cancels the statement.</param>
    /// <returns>The deals, with their <see cref="LoadReport"/>.</returns>
    public DealSet Load(CancellationToken cancellationToken = default)
    {
        if (Activity is not null) return LoadJoined(Activity, cancellationToken);
        var s = new SqlStatement(Dialect);
        IReadOnlyList<int> used = Schema.Load.UsedOrdinals();
        s.Append("SELECT ");
        for (int i = 0; i < used.Count; i++)
        {
            if (i > 0) s.Append(", ");
            s.Append(Dialect.Quote(Schema.Columns[used[i]]));
        }
        s.Append(" FROM ");
        Schema.From(s);
        s.Append(" AS t0 ORDER BY ");
        IEnumerable<int> order = Schema.Load.DealId is SourceField id ? [id.Ordinal] : used;
        s.Append(string.Join(", ", order.Select(o => Schema.Types[o] == typeof(string) ? Dialect.OrdinalOrder(Dialect.Quote(Schema.Columns[o])) : Dialect.Quote(Schema.Columns[o]))));
        DealSet? deals = null;
        DealLoadOptions load = _options.Load with { SourceName = _options.Load.SourceName ?? Source };
        Run("pulling the deals", s, reader => deals = DealSet.FromDataReader(reader, _map, load), cancellationToken);
        return deals!;
    }

    /// <summary>The profit yield of every combination of levels of <paramref name="attributes"/>, summed in the warehouse, with the default options.</summary>
    /// <param name="attributes">Text attributes, or numeric ones mapped with explicit bands.</param>
    public SegmentYieldTable SegmentYield(params string[] attributes) => SegmentYield((IReadOnlyList<string>)attributes);

    /// <summary>
    /// The profit yield of every combination of levels of <paramref name="attributes"/>, summed in the warehouse: one
    /// statement returns, per segment, the deal-level sums (deals, won, Σ margin, Σ margin², hours, …) and, per segment,
    /// the sums over each account's deals from which the account-clustered intervals follow. Equal to
    /// <c>Load().SegmentYield(attributes, options)</c> up to the order of floating-point addition. Data first, options last.
    /// </summary>
    /// <param name="attributes">Text attributes, or numeric ones mapped with explicit bands (quantile bands need the pull).</param>
    /// <param name="options">Minimum deals, confidence level, clustering; the defaults of <see cref="SegmentYieldOptions"/> when null.</param>
    /// <param name="cancellationToken">Cancels the statements.</param>
    /// <returns>The same table the in-memory path returns.</returns>
    /// <exception cref="InvalidOptionsException">An attribute is unknown or numeric without bands, or the options are invalid.</exception>
    public SegmentYieldTable SegmentYield(IReadOnlyList<string> attributes, SegmentYieldOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        if (Activity is not null) return LoadJoined(Activity, cancellationToken).SegmentYield(attributes, options);
        options ??= new SegmentYieldOptions();
        List<string> problems = options.Problems();
        if (attributes.Count == 0) problems.Add("Name at least one attribute to segment by, e.g. SegmentYield(\"industry\").");
        var found = new List<(WarehouseAttribute Attribute, int Index)>();
        foreach (string name in attributes)
        {
            int at = FindAttribute(name);
            if (at < 0) problems.Add(MissingAttribute(name));
            else found.Add((Schema.Attributes[at], at));
        }
        if (problems.Count > 0) throw new InvalidOptionsException(problems);
        Check(cancellationToken);
        string[] groupExpressions = [.. found.Select(f => DealQuery.LevelAlias(f.Index))];
        double[] stats = Accumulate(groupExpressions, [], options.TreatDealsAsIndependent, out List<string?[]> keys, out double[]? whole, cancellationToken);
        int groups = keys.Count;
        if (groups > options.MaxCombinations)
            throw new InvalidOptionsException([string.Create(CultureInfo.InvariantCulture, $"Grouping by {string.Join(", ", attributes)} gives {groups:N0} combinations with deals; at most MaxCombinations = {options.MaxCombinations:N0} are allowed. Group by fewer or coarser attributes.")]);
        var labels = new string[groups];
        var levels = new string[groups][];
        for (int g = 0; g < groups; g++)
        {
            levels[g] = [.. keys[g].Select(k => k ?? SegmentYieldExtensions.UnknownLevel)];
            labels[g] = string.Join(" and ", found.Select((f, a) => SegmentYieldExtensions.ConditionText(f.Attribute.Name, levels[g][a], f.Attribute.BandEdges is not null)));
        }
        bool[][] missing = [.. keys.Select(k => k.Select(level => level is null).ToArray())];
        return SegmentYieldExtensions.Build(HasEffortHours, YieldFallsBackToRevenue, stats, groups, labels, levels,
            [.. found.Select(f => f.Attribute.Name)], options, whole, missing);
    }

    /// <summary>
    /// The profit yield of the deals <paramref name="rule"/> covers and of the rest, summed in the warehouse (the rule's
    /// conditions become a CASE expression with the levels as parameters); equal to <c>Load().SegmentYield(rule, options)</c>.
    /// </summary>
    /// <param name="rule">A rule of an <see cref="IdealCustomerProfile"/>, e.g. found on <see cref="Load"/>.</param>
    /// <param name="options">Minimum deals and confidence level; the defaults when null.</param>
    /// <param name="cancellationToken">Cancels the statements.</param>
    public SegmentYieldTable SegmentYield(IcpRule rule, SegmentYieldOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (Activity is not null) return LoadJoined(Activity, cancellationToken).SegmentYield(rule, options);
        options ??= new SegmentYieldOptions();
        List<string> problems = options.Problems();
        if (problems.Count > 0) throw new InvalidOptionsException(problems);
        Check(cancellationToken);
        // The condition text is built per statement, with the levels as that statement's parameters.
        double[] stats = Accumulate([], [s =>
        {
            var parts = new List<string>();
            foreach (RuleCondition c in rule.Conditions)
            {
                int at = FindAttribute(c.Attribute);
                if (at < 0) { parts.Add("1 = 0"); continue; }
                string level = DealQuery.LevelAlias(at);
                parts.Add(c.IsUnknown ? level + " IS NULL" : level + " = " + s.Parameter(c.Level));
            }
            return "CASE WHEN " + (parts.Count == 0 ? "1 = 1" : string.Join(" AND ", parts)) + " THEN 0 ELSE 1 END";
        }], options.TreatDealsAsIndependent, out List<string?[]> keys, out double[]? whole, cancellationToken);
        // Order the two groups as the in-memory path does: covered (0), then the rest (1).
        var ordered = new double[2 * YieldAccumulator.Stride];
        for (int g = 0; g < keys.Count; g++)
        {
            int slot = keys[g][0] == "0" ? 0 : 1;
            Array.Copy(stats, g * YieldAccumulator.Stride, ordered, slot * YieldAccumulator.Stride, YieldAccumulator.Stride);
        }
        return SegmentYieldExtensions.Build(HasEffortHours, YieldFallsBackToRevenue, ordered, 2, [rule.Text, "not: " + rule.Text], [[], []], [], options, whole);
    }

    /// <summary>
    /// The rule search's candidate counts: for each attribute, the deals, wins and yield sums of each of its levels, summed
    /// in the warehouse (one statement per attribute), as segment yield tables by that one attribute.
    /// </summary>
    /// <param name="options">Minimum deals and confidence level; the defaults when null.</param>
    /// <param name="cancellationToken">Cancels the statements.</param>
    public IReadOnlyList<SegmentYieldTable> CandidateLevels(SegmentYieldOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new SegmentYieldOptions();
        return [.. Schema.Attributes.Select(a => SegmentYield([a.Name], options, cancellationToken))];
    }

    internal int FindAttribute(string name)
    {
        for (int k = 0; k < Schema.Attributes.Count; k++)
        {
            if (string.Equals(Schema.Attributes[k].Name, name, StringComparison.OrdinalIgnoreCase)) return k;
        }
        return -1;
    }

    private string MissingAttribute(string name)
    {
        string list = Schema.Attributes.Count == 0 ? "(none)" : string.Join(", ", Schema.Attributes.Select(a => a.Name));
        bool numeric = Schema.Load.NumericFields.Any(f => f.Role == NumericRole.Attribute && string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase))
            || Schema.Load.InferredAttributes.Any(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
        return numeric
            ? $"The attribute '{name}' is numeric without band edges; the warehouse groups by explicit bands: map.Attribute(\"{name}\", bands: [50, 200, 1000]). Attributes that can be grouped: {list}."
            : $"The deals have no attribute '{name}'. Attributes that can be grouped: {list}.";
    }

    /// <summary>
    /// Sums the <see cref="YieldAccumulator"/> statistics per group in the warehouse; groups are the distinct values of
    /// the group expressions (level aliases, or generated expressions with their own parameters), in ordinal order of their
    /// keys. With clustering, also the per-group and whole-set account moments.
    /// </summary>
    internal double[] Accumulate(string[] levelAliases, Func<SqlStatement, string>[] generated, bool independent,
        out List<string?[]> keys, out double[]? whole, CancellationToken cancellationToken)
    {
        string dbl = Dialect.DoubleType;
        int k = levelAliases.Length + generated.Length;
        var s = new SqlStatement(Dialect);
        var query = new DealQuery(Dialect, Schema);
        query.AppendCommon(s, more: true);
        query.AppendDeals(s, more: true);
        // g: the deals with their group keys as text.
        s.Append("g AS (SELECT d.*");
        for (int j = 0; j < levelAliases.Length; j++) s.Append(", ").Append(levelAliases[j]).Append(" AS g").Append(J(j));
        for (int j = 0; j < generated.Length; j++)
            s.Append(", CAST(").Append(generated[j](s)).Append(" AS ").Append(Dialect.TextType).Append(") AS g").Append(J(levelAliases.Length + j));
        s.Append(" FROM d), ");
        string keyList = string.Join(", ", Enumerable.Range(0, k).Select(j => "g" + J(j)));
        string keyPrefix = k == 0 ? "" : keyList + ", ";
        s.Append("base AS (SELECT ").Append(keyPrefix)
            .Append("COUNT(*) AS n, SUM(w) AS won, SUM(y) AS sy, SUM(y * y) AS sy2, SUM(rw) AS rev")
            .Append(", SUM(CASE WHEN h IS NOT NULL THEN 1 ELSE 0 END) AS nh, SUM(h) AS sh, SUM(h * h) AS sh2, SUM(y * h) AS syh")
            .Append(", SUM(CASE WHEN h IS NOT NULL THEN y END) AS syh1, SUM(CASE WHEN h IS NOT NULL THEN y * y END) AS sy2h")
            .Append(", SUM(disc) AS disc, COUNT(disc) AS ndisc, SUM(cyc) AS cyc, COUNT(cyc) AS ncyc, SUM(wm) AS wm FROM g")
            .Append(k == 0 ? "" : " GROUP BY " + keyList).Append(")");
        if (!independent)
        {
            s.Append(", ");
            AppendCells(s, "cell", keyPrefix, keyList);
            s.Append(", clu AS (SELECT ").Append(keyPrefix);
            AppendMoments(s);
            s.Append(" FROM cell").Append(k == 0 ? "" : " GROUP BY " + keyList).Append(")");
        }
        s.Append(" SELECT ");
        for (int j = 0; j < k; j++) s.Append("base.g").Append(J(j)).Append(", ");
        string[] baseColumns = ["n", "won", "sy", "sy2", "rev", "nh", "sh", "sh2", "syh", "syh1", "sy2h", "disc", "ndisc", "cyc", "ncyc", "wm"];
        s.Append(string.Join(", ", baseColumns.Select(c => $"CAST(COALESCE(base.{c}, 0) AS {dbl})")));
        if (!independent) s.Append(", ").Append(string.Join(", ", MomentColumns.Select(c => $"CAST(COALESCE(clu.{c}, 0) AS {dbl})")));
        s.Append(" FROM base");
        if (!independent)
        {
            s.Append(k == 0 ? " CROSS JOIN clu" : " JOIN clu ON " + string.Join(" AND ", Enumerable.Range(0, k).Select(j => Dialect.NullSafeEquals("base.g" + J(j), "clu.g" + J(j)))));
        }
        var rows = new List<(string?[] Key, double[] Stats)>();
        Run("summing segment yields", s, reader =>
        {
            while (reader.Read())
            {
                var key = new string?[k];
                for (int j = 0; j < k; j++) key[j] = reader.IsDBNull(j) ? null : reader.GetValue(j).ToString();
                var st = new double[YieldAccumulator.Stride];
                int c = k;
                // Base sums in YieldAccumulator's order.
                st[YieldAccumulator.N] = reader.GetDouble(c++);
                st[YieldAccumulator.Won] = reader.GetDouble(c++);
                st[YieldAccumulator.SumY] = reader.GetDouble(c++);
                st[YieldAccumulator.SumY2] = reader.GetDouble(c++);
                st[YieldAccumulator.RevenueWon] = reader.GetDouble(c++);
                st[YieldAccumulator.NHours] = reader.GetDouble(c++);
                st[YieldAccumulator.SumH] = reader.GetDouble(c++);
                st[YieldAccumulator.SumH2] = reader.GetDouble(c++);
                st[YieldAccumulator.SumYH] = reader.GetDouble(c++);
                st[YieldAccumulator.SumYWithHours] = reader.GetDouble(c++);
                st[YieldAccumulator.SumY2WithHours] = reader.GetDouble(c++);
                st[YieldAccumulator.Discount] = reader.GetDouble(c++);
                st[YieldAccumulator.DiscountN] = reader.GetDouble(c++);
                st[YieldAccumulator.Cycle] = reader.GetDouble(c++);
                st[YieldAccumulator.CycleN] = reader.GetDouble(c++);
                st[YieldAccumulator.WonWithoutMargin] = reader.GetDouble(c++);
                if (!independent)
                {
                    for (int m = 0; m < MomentColumns.Length; m++) st[YieldAccumulator.Accounts + m] = reader.GetDouble(c++);
                }
                rows.Add((key, st));
            }
        }, cancellationToken);
        rows.Sort((a, b) => CompareKeys(a.Key, b.Key));
        keys = [.. rows.Select(r => r.Key)];
        var stats = new double[rows.Count * YieldAccumulator.Stride];
        for (int g = 0; g < rows.Count; g++) Array.Copy(rows[g].Stats, 0, stats, g * YieldAccumulator.Stride, YieldAccumulator.Stride);
        whole = independent ? null : WholeMoments(cancellationToken);
        return stats;
    }

    /// <summary>The account moments of all loaded deals, each account's deals summed across groups.</summary>
    private double[] WholeMoments(CancellationToken cancellationToken)
    {
        var s = new SqlStatement(Dialect);
        var query = new DealQuery(Dialect, Schema);
        query.AppendCommon(s, more: true);
        query.AppendDeals(s, more: true);
        s.Append("g AS (SELECT * FROM d), ");
        AppendCells(s, "cell", "", "");
        s.Append(" SELECT ");
        AppendMoments(s, cast: true);
        s.Append(" FROM cell");
        var whole = new double[YieldAccumulator.Stride];
        Run("summing account moments", s, reader =>
        {
            if (!reader.Read()) return;
            for (int m = 0; m < MomentColumns.Length; m++) whole[YieldAccumulator.Accounts + m] = reader.IsDBNull(m) ? 0 : reader.GetDouble(m);
        }, cancellationToken);
        return whole;
    }

    private static readonly string[] MomentColumns = ["accounts", "sn2", "swn", "sw2", "syn", "sya2", "hacc", "syh2", "syhh", "sha2"];

    /// <summary>Per (group, account) cell sums: deals, won, Σ y, deals with hours, Σ y and Σ h over them; a deal without account is a cell of its own.</summary>
    private static void AppendCells(SqlStatement s, string name, string keyPrefix, string keyList)
    {
        string cellSums = "COUNT(*) AS n, SUM(w) AS w, SUM(y) AS y, SUM(CASE WHEN h IS NOT NULL THEN 1 ELSE 0 END) AS nh, SUM(CASE WHEN h IS NOT NULL THEN y ELSE 0 END) AS yh, SUM(COALESCE(h, 0)) AS hs";
        string single = "1 AS n, w, y, CASE WHEN h IS NOT NULL THEN 1 ELSE 0 END AS nh, CASE WHEN h IS NOT NULL THEN y ELSE 0 END AS yh, COALESCE(h, 0) AS hs";
        s.Append(name).Append(" AS (SELECT ").Append(keyPrefix).Append(cellSums).Append(" FROM g WHERE acct IS NOT NULL GROUP BY ")
            .Append(keyPrefix).Append("acct UNION ALL SELECT ").Append(keyPrefix).Append(single).Append(" FROM g WHERE acct IS NULL)");
    }

    private void AppendMoments(SqlStatement s, bool cast = false)
    {
        string[] sums =
        [
            "COUNT(*)", "SUM(n * n)", "SUM(w * n)", "SUM(w * w)", "SUM(y * n)", "SUM(y * y)",
            "SUM(CASE WHEN nh > 0 THEN 1 ELSE 0 END)", "SUM(CASE WHEN nh > 0 THEN yh * yh ELSE 0 END)",
            "SUM(CASE WHEN nh > 0 THEN yh * hs ELSE 0 END)", "SUM(CASE WHEN nh > 0 THEN hs * hs ELSE 0 END)",
        ];
        s.Append(string.Join(", ", sums.Select((e, m) => cast ? $"CAST({e} AS {Dialect.DoubleType})" : $"{e} AS {MomentColumns[m]}")));
    }

    private static int CompareKeys(string?[] a, string?[] b)
    {
        for (int j = 0; j < a.Length; j++)
        {
            int c = a[j] is null ? (b[j] is null ? 0 : 1) : b[j] is null ? -1 : string.CompareOrdinal(a[j], b[j]);
            if (c != 0) return c;
        }
        return 0;
    }

    private static string J(int j) => j.ToString(CultureInfo.InvariantCulture);

    /// <summary>Runs one checked read-only statement in its own read-only transaction, with the timeout and cancellation.</summary>
    internal void Run(string what, SqlStatement statement, Action<DbDataReader> read, CancellationToken cancellationToken) =>
        Warehouse.Run(_connection, Dialect, _options.CommandTimeout, Source, what, statement, read, cancellationToken);
}
