using System.Globalization;
using IcpAnalytics.Data;

namespace IcpAnalytics.Warehouses;

public sealed partial class WarehouseDeals
{
    /// <summary>
    /// The same deals with their effort aggregated from an activity log in the warehouse, by the rules of
    /// <see cref="DealSet.WithActivities"/> (with <see cref="ActivityColumnMap.OnlyMappedTypes"/>): an activity counts for its
    /// deal when dated on or before the deal's close date and, where the created date is mapped, on or after it; types match
    /// trimmed and case-insensitively, exactly or by prefix ("Call - outbound" counts for "Call"); an activity with only an
    /// account (or whose deal id is an account's) is split equally among that account's loaded deals whose window holds its
    /// date. Each deal's counts and hours, and every count of the <see cref="ActivityLoadReport"/>, equal the in-memory path's.
    /// </summary>
    /// <remarks>
    /// The log is aggregated to deal level once, by one read-only SELECT, and that deal-level result (a row per deal, not per
    /// activity) is pulled into memory and joined there to the deals pulled with <see cref="Load"/>: segment and rule yields and
    /// <see cref="CandidateLevels"/> then run on that pull, so a multi-statement analysis does not aggregate the log again. A
    /// temporary table would need a write (PostgreSQL refuses one in a read-only transaction), so none is made. Only
    /// <see cref="EffortRegression"/> still pushes its cross-products down, with the log aggregation inside its one statement.
    /// </remarks>
    /// <param name="activities">The activity log table (or, on DuckDB, Parquet files).</param>
    /// <param name="map">The log's deal id and/or account, type, date and duration columns, and the efforts counted.</param>
    /// <param name="cancellationToken">Cancels the probe.</param>
    /// <returns>The deals with effort from the log.</returns>
    /// <exception cref="DealDataException">The deals have no id or close date column, or a log column is not in the log.</exception>
    public WarehouseDeals WithActivityEffort(WarehouseTable activities, Action<ActivityLogMap> map, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activities);
        ArgumentNullException.ThrowIfNull(map);
        var log = new ActivityLogMap();
        map(log);
        SourceField dealId = Schema.Load.DealId ?? throw Missing("deal id", "map.DealId(\"opportunity_id\")");
        _ = Schema.Load.ClosedDate ?? throw Missing("close date", "map.ClosedDate(\"close_date\")");
        if (log.Counts.Count == 0)
            throw new InvalidOptionsException(["Map at least one effort of the activity log, e.g. log.Count(\"calls\", \"Call\")."]);
        string logSource = Dialect.Name + " " + activities.Description;

        // The log's columns, checked by a probe like the deals'.
        var probe = new SqlStatement(Dialect);
        probe.Append("SELECT * FROM ").Append(activities.Sql(Dialect)).Append(" AS t WHERE 1 = 0");
        var logColumns = new List<string>();
        Run("reading the activity log's columns", probe, r => { for (int i = 0; i < r.FieldCount; i++) logColumns.Add(r.GetName(i)); }, cancellationToken);
        string LogColumn(string name, string role)
        {
            string? found = logColumns.FirstOrDefault(c => string.Equals(c, name, StringComparison.OrdinalIgnoreCase));
            return found ?? throw new DealDataException(
                $"{logSource}, column '{name}': the column mapped as the log's {role} is not in the log. Columns found: {string.Join(", ", logColumns)}.",
                LoadReport.NothingRead(logSource), logSource, 0, name);
        }
        DealDataException Unmapped(string role, string hint) =>
            new($"{logSource}: map the log's {role} column, e.g. {hint}.", LoadReport.NothingRead(logSource), logSource, 0, null);
        if (log.DealIdColumn is null && log.AccountColumn is null) throw Unmapped("deal id or account", "log.DealId(\"opportunity_id\") or log.AccountId(\"account_id\")");
        var columns = new ActivityColumns(
            log.DealIdColumn is null ? null : Dialect.Quote(LogColumn(log.DealIdColumn, "deal id")),
            log.AccountColumn is null ? null : Dialect.Quote(LogColumn(log.AccountColumn, "account")),
            Dialect.Quote(LogColumn(log.TypeColumn ?? throw Unmapped("activity type", "log.Type(\"activity_type\")"), "activity type")),
            Dialect.Quote(LogColumn(log.OccurredAtColumn ?? throw Unmapped("activity date", "log.OccurredAt(\"activity_date\")"), "activity date")),
            log.HoursColumn is null ? null : Dialect.Quote(LogColumn(log.HoursColumn, "duration")));

        // Efforts as in memory: counts of the same name merged, hours each 0 unless set.
        var efforts = new List<(string Name, List<string> Types)>();
        foreach ((string effort, string[] types) in log.Counts)
        {
            int at = efforts.FindIndex(e => string.Equals(e.Name, effort, StringComparison.OrdinalIgnoreCase));
            if (at < 0) efforts.Add((effort, [.. types]));
            else efforts[at].Types.AddRange(types);
        }
        foreach (string named in log.Hours.Keys.Where(k => !efforts.Any(e => string.Equals(e.Name, k, StringComparison.OrdinalIgnoreCase))))
            throw new InvalidOptionsException([$"HoursEach(\"{named}\", …): no effort is named '{named}'. Efforts: {string.Join(", ", efforts.Select(e => e.Name))}; add one with Count(\"{named}\", types)."]);
        double[] hoursEach = [.. efforts.Select(e => log.Hours.TryGetValue(e.Name, out double h) ? h : 0)];
        var sql = new ActivitySql(Dialect, Schema, activities, columns, [.. efforts.Select(e => e.Types)], hoursEach, log.HoursPerUnit);

        string[] names = [.. efforts.Select(e => e.Name)];
        var replaced = new HashSet<string>(names, StringComparer.OrdinalIgnoreCase) { ActivityAggregator.HoursName };
        Action<SqlStatement> baseFrom = Schema.From;
        string dbl = Dialect.DoubleType;
        string dealKey = Dialect.CategoryText("t." + Dialect.Quote(dealId.Name));
        IReadOnlyList<string> dealColumns = Schema.Columns;

        // The deals with the log's effort as one derived table, for the statements that push down (the regression).
        void From(SqlStatement s)
        {
            s.Append("(WITH ");
            sql.AppendPerDeal(s);
            s.Append(" SELECT ");
            foreach (string c in dealColumns.Where(c => !replaced.Contains(c))) s.Append("t.").Append(Dialect.Quote(c)).Append(", ");
            for (int j = 0; j < names.Length; j++)
                s.Append("CAST(COALESCE(e.e").Append(J(j)).Append(", 0) AS ").Append(dbl).Append(") AS ").Append(Dialect.Quote(names[j])).Append(", ");
            s.Append("CAST(COALESCE(e.h, 0) AS ").Append(dbl).Append(") AS ").Append(Dialect.Quote(ActivityAggregator.HoursName));
            s.Append(" FROM ");
            baseFrom(s);
            s.Append(" AS t LEFT JOIN vpd AS e ON ").Append(dealKey).Append(" = e.id)");
        }

        Action<DealColumnMap>? userMap = Map;
        void Composed(DealColumnMap m)
        {
            userMap?.Invoke(m);
            m.EffortColumns.Clear();
            m.Effort(names);
            m.EffortHours(ActivityAggregator.HoursName);
        }
        string source = Source + " with effort from " + activities.Description;
        WarehouseDeals joined = Warehouse.Deals(Connection, Dialect, From, source, Composed, Options with { Load = Options.Load with { SourceName = null } }, cancellationToken);
        joined.Activity = new ActivityJoin(this, sql, names, logSource);
        return joined;
    }

    /// <summary>The activity join behind these deals, or null when their effort is the table's own.</summary>
    private ActivityJoin? Activity { get; set; }

    /// <summary>
    /// How the activity log's rows were counted (after <see cref="WithActivityEffort"/>), with the same counts as
    /// <see cref="DealSet.WithActivities"/> on the same log: matched (of them, through their account), of other types,
    /// unmatched, after close, before creation and rejected (undated, or a duration that is not a number of 0 or more); they
    /// add up to the rows of the log. A warehouse has no line numbers, so rejects are counted, not listed; the notes say why.
    /// </summary>
    /// <param name="cancellationToken">Cancels the statement.</param>
    /// <exception cref="InvalidOperationException">The deals have no activity log.</exception>
    public ActivityLoadReport CheckActivityLog(CancellationToken cancellationToken = default) =>
        (Activity ?? throw new InvalidOperationException("These deals have no activity log; add one with WithActivityEffort.")).Aggregate(this, cancellationToken).Report;

    private DealDataException Missing(string role, string hint) =>
        new($"{Source}: the deals have no {role} column, which joining an activity log needs. Map it, e.g. {hint}.", LoadReport.NothingRead(Source), Source, 0, null);

    /// <summary>The in-memory pull of deals joined to their log effort (<see cref="Load"/>), made once.</summary>
    private DealSet? _joinedPull;

    private DealSet LoadJoined(ActivityJoin activity, CancellationToken cancellationToken)
    {
        if (_joinedPull is not null) return _joinedPull;
        ActivityJoin.Result aggregated = activity.Aggregate(this, cancellationToken);
        DealSet deals = activity.Deals.Load(cancellationToken);
        int physical = deals.ClosedDays.Length;
        var counts = new double[activity.Efforts.Length][];
        for (int j = 0; j < counts.Length; j++) counts[j] = new double[physical];
        var hours = new double[physical];
        var byId = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < deals.Count; i++) byId.TryAdd(deals.DealId(i).Trim(), deals.Rows is null ? i : deals.Rows[i]);
        foreach ((string id, double[] effort, double h) in aggregated.PerDeal)
        {
            // Every deal of the aggregation is a loaded deal (status 0), so it is in the pull.
            if (!byId.TryGetValue(id, out int p)) continue;
            for (int j = 0; j < counts.Length; j++) counts[j][p] = effort[j];
            hours[p] = h;
        }
        ActivityLoadReport r = aggregated.Report;
        string summary = string.Create(CultureInfo.InvariantCulture,
            $"effort from the activity log {r.Source}: {r.ActivitiesRead:N0} activities read, {r.Matched:N0} matched ({r.AccountLevel:N0} through their account), {r.OtherTypes:N0} of other types, {r.Unmatched:N0} unmatched, {r.AfterClose:N0} after close, {r.BeforeCreation:N0} before creation, {r.RowsRejected:N0} rejected{(deals.Efforts.Count > 0 || deals.EffortHours is not null ? "; the deals' own effort columns were replaced" : "")}");
        string source = Options.Load.SourceName ?? Source;
        _joinedPull = deals.WithAggregatedActivities([.. activity.Efforts.Select((n, j) => (n, counts[j]))], hours, r, summary, source);
        return _joinedPull;
    }

    /// <summary>The deal-level aggregation of one activity log, run once and kept.</summary>
    private sealed class ActivityJoin(WarehouseDeals deals, ActivitySql sql, string[] efforts, string logSource)
    {
        internal sealed record Result(List<(string Id, double[] Efforts, double Hours)> PerDeal, ActivityLoadReport Report);

        private Result? _result;

        /// <summary>The deals without the log (their table as it is).</summary>
        internal WarehouseDeals Deals { get; } = deals;

        internal string[] Efforts { get; } = efforts;

        internal Result Aggregate(WarehouseDeals joined, CancellationToken cancellationToken)
        {
            if (_result is not null) return _result;
            Deals.Check(cancellationToken);
            var s = new SqlStatement(joined.Dialect);
            sql.AppendMaterialize(s);
            var perDeal = new List<(string, double[], double)>();
            var codes = new long[ActivitySql.Codes];
            int e = Efforts.Length;
            joined.Run("aggregating the activity log to deal level", s, r =>
            {
                while (r.Read())
                {
                    int kind = Convert.ToInt32(r.GetValue(0), CultureInfo.InvariantCulture);
                    if (kind == 0)
                    {
                        var counts = new double[e];
                        for (int j = 0; j < e; j++) counts[j] = r.IsDBNull(2 + j) ? 0 : r.GetDouble(2 + j);
                        perDeal.Add((r.GetValue(1).ToString()!, counts, r.IsDBNull(2 + e) ? 0 : r.GetDouble(2 + e)));
                    }
                    else
                    {
                        codes[int.Parse(r.GetValue(1).ToString()!, CultureInfo.InvariantCulture)] += (long)r.GetDouble(2);
                    }
                }
            }, cancellationToken);
            long read = codes.Sum();
            long undated = codes[ActivitySql.Undated], badDuration = codes[ActivitySql.BadDuration];
            var notes = new List<string>
            {
                "aggregated in the warehouse to deal level by one read-only statement; rules as in memory (types exactly or by prefix, account-level activities split among the account's deals open at their date, the created date bounding each window)",
            };
            if (undated + badDuration > 0)
                notes.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{undated:N0} activities without a date and {badDuration:N0} with a duration that is not a number of 0 or more were rejected; a warehouse has no line numbers, so find them with a query on the log's date and duration columns"));
            if (codes[ActivitySql.Unmatched] > 0)
                notes.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{codes[ActivitySql.Unmatched]:N0} activities belong to no loaded deal (an open, rejected or unknown deal, an account with no deal open at the date, or no id) and were set aside"));
            var report = new ActivityLoadReport(logSource, read, codes[ActivitySql.MatchedDeal] + codes[ActivitySql.MatchedAccount], codes[ActivitySql.MatchedAccount],
                codes[ActivitySql.OtherType], codes[ActivitySql.Unmatched], codes[ActivitySql.AfterClose], codes[ActivitySql.BeforeCreation], undated + badDuration, [], notes);
            perDeal.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
            _result = new Result(perDeal, report);
            return _result;
        }
    }
}

/// <summary>The log's columns, quoted.</summary>
internal sealed record ActivityColumns(string? Deal, string? Account, string Type, string Date, string? Duration);

/// <summary>
/// Generates the activity join as CTEs (prefixed <c>v</c>, so they can be nested in another statement's FROM): the loaded
/// deals with their windows (<c>vdl</c>), each activity with its effort and outcome (<c>vlc</c>), account-level activities
/// grouped by account, day and effort with the account's open deals at that day (<c>vac</c>, <c>vaw</c>, <c>vao</c>), the
/// per-deal counts and hours (<c>vpd</c>) and the outcome counts (<c>vrc</c>). The codes mirror the in-memory outcomes.
/// </summary>
internal sealed class ActivitySql(SqlDialect dialect, WarehouseSchema schema, WarehouseTable log, ActivityColumns columns,
    IReadOnlyList<List<string>> types, double[] hoursEach, double hoursPerUnit)
{
    internal const int MatchedDeal = 0, MatchedAccount = 1, OtherType = 2, Unmatched = 3, AfterClose = 4, BeforeCreation = 5, Undated = 6, BadDuration = 7,
        AccountPending = 8, Codes = 9;

    private static string N(int v) => v.ToString(CultureInfo.InvariantCulture);

    /// <summary>Appends the CTEs up to <c>vpd</c> (without the WITH keyword).</summary>
    internal void AppendPerDeal(SqlStatement s)
    {
        SqlDialect d = dialect;
        string dbl = d.DoubleType, txt = d.TextType;
        new DealQuery(d, schema).AppendCommon(s, more: true, prefix: "v", dates: true);
        s.Append("vdl AS ").Append(d.MaterializedCte).Append("(SELECT id, acct, cd, crd FROM vst WHERE status = 0), ");
        s.Append("vlg AS (SELECT ")
            .Append(columns.Deal is null ? $"CAST(NULL AS {txt})" : d.CategoryText("a." + columns.Deal)).Append(" AS k, ")
            .Append(columns.Account is null ? $"CAST(NULL AS {txt})" : d.CategoryText("a." + columns.Account)).Append(" AS ak, ")
            .Append("CAST(a.").Append(columns.Date).Append(" AS DATE) AS ad, LOWER(").Append(d.CategoryText("a." + columns.Type)).Append(") AS tt, ")
            .Append(columns.Duration is null ? $"CAST(NULL AS {dbl})" : $"CAST(a.{columns.Duration} AS {dbl})").Append(" AS du FROM ")
            .Append(log.Sql(d)).Append(" AS a), ");
        // Each distinct type text is matched once (the log has few), then joined back.
        s.Append("vty AS (SELECT x.tt, ").Append(EffortCase(s, "x.tt")).Append(" AS ef FROM (SELECT DISTINCT tt FROM vlg WHERE tt IS NOT NULL) AS x), ");
        s.Append("vlr AS (SELECT g.k, g.ak, g.ad, COALESCE(y.ef, -1) AS ef, g.du, dl.id AS did, dl.cd AS dcd, dl.crd AS dcr FROM vlg AS g LEFT JOIN vty AS y ON g.tt = y.tt LEFT JOIN vdl AS dl ON g.k = dl.id), ");
        // Hours: the duration where given, else the effort's hours each (0 unless set), as in memory.
        var each = new System.Text.StringBuilder("CASE ef");
        for (int j = 0; j < hoursEach.Length; j++) each.Append(" WHEN ").Append(N(j)).Append(" THEN CAST(").Append(s.Parameter(hoursEach[j])).Append(" AS ").Append(dbl).Append(')');
        each.Append(" ELSE CAST(0 AS ").Append(dbl).Append(") END");
        s.Append("vlc AS ").Append(d.MaterializedCte).Append("(SELECT k, ak, ad, ef, did, CASE WHEN du IS NULL THEN ").Append(each.ToString()).Append(" ELSE du * CAST(").Append(s.Parameter(hoursPerUnit)).Append(" AS ").Append(dbl).Append(") END AS hr, ")
            .Append("CASE WHEN ad IS NULL THEN ").Append(N(Undated))
            .Append(" WHEN du IS NOT NULL AND NOT (").Append(d.IsFinite("du")).Append(" AND du >= 0) THEN ").Append(N(BadDuration))
            .Append(" WHEN did IS NOT NULL THEN CASE WHEN dcd IS NULL THEN ").Append(N(Unmatched)).Append(" WHEN ad > dcd THEN ").Append(N(AfterClose))
            .Append(" WHEN dcr IS NOT NULL AND ad < dcr THEN ").Append(N(BeforeCreation)).Append(" WHEN ef < 0 THEN ").Append(N(OtherType)).Append(" ELSE ").Append(N(MatchedDeal)).Append(" END")
            .Append(" WHEN COALESCE(k, ak) IS NULL THEN ").Append(N(Unmatched)).Append(" ELSE ").Append(N(AccountPending)).Append(" END AS oc FROM vlr), ");
        // Account-level activities: by account, day and effort; the account's deals whose window holds the day share them.
        const string Window = "dl.cd IS NOT NULL AND w.ad <= dl.cd AND (dl.crd IS NULL OR w.ad >= dl.crd)";
        s.Append("vac AS (SELECT COALESCE(k, ak) AS ck, ad, ef, COUNT(*) AS n, SUM(hr) AS hs FROM vlc WHERE oc = ").Append(N(AccountPending)).Append(" GROUP BY COALESCE(k, ak), ad, ef), ");
        s.Append("vaw AS (SELECT w.ck, w.ad, COUNT(*) AS nd, SUM(CASE WHEN ").Append(Window).Append(" THEN 1 ELSE 0 END) AS nc")
            .Append(", SUM(CASE WHEN dl.cd IS NOT NULL AND w.ad > dl.cd THEN 1 ELSE 0 END) AS nb")
            .Append(", SUM(CASE WHEN dl.cd IS NOT NULL AND dl.crd IS NOT NULL AND w.ad < dl.crd THEN 1 ELSE 0 END) AS na")
            .Append(" FROM (SELECT DISTINCT ck, ad FROM vac) AS w JOIN vdl AS dl ON dl.acct = w.ck GROUP BY w.ck, w.ad), ");
        s.Append("vao AS (SELECT c.ck, c.ad, c.ef, c.n, c.hs, x.nc, CASE WHEN x.nd IS NULL THEN ").Append(N(Unmatched))
            .Append(" WHEN x.nc > 0 THEN CASE WHEN c.ef < 0 THEN ").Append(N(OtherType)).Append(" ELSE ").Append(N(MatchedAccount)).Append(" END")
            .Append(" WHEN x.nb = x.nd THEN ").Append(N(AfterClose)).Append(" WHEN x.na = x.nd THEN ").Append(N(BeforeCreation)).Append(" ELSE ").Append(N(Unmatched))
            .Append(" END AS oc FROM vac AS c LEFT JOIN vaw AS x ON c.ck = x.ck AND c.ad = x.ad), ");
        // Per deal: its own activities, plus its share of its account's.
        s.Append("vpd AS (SELECT id");
        for (int j = 0; j < types.Count; j++) s.Append(", SUM(e").Append(N(j)).Append(") AS e").Append(N(j));
        s.Append(", SUM(h) AS h FROM (SELECT did AS id");
        for (int j = 0; j < types.Count; j++) s.Append(", CAST(CASE WHEN ef = ").Append(N(j)).Append(" THEN 1 ELSE 0 END AS ").Append(dbl).Append(") AS e").Append(N(j));
        s.Append(", hr AS h FROM vlc WHERE oc = ").Append(N(MatchedDeal)).Append(" UNION ALL SELECT dl.id");
        for (int j = 0; j < types.Count; j++)
            s.Append(", CASE WHEN w.ef = ").Append(N(j)).Append(" THEN CAST(w.n AS ").Append(dbl).Append(") / w.nc ELSE CAST(0 AS ").Append(dbl).Append(") END");
        s.Append(", w.hs / w.nc FROM vao AS w JOIN vdl AS dl ON dl.acct = w.ck AND ").Append(Window).Append(" WHERE w.oc = ").Append(N(MatchedAccount))
            .Append(") AS u GROUP BY id)");
    }

    /// <summary>
    /// The one statement that materialises the join: kind 0 rows are deals (id, counts, hours), kind 1 rows outcome counts
    /// (code as text, rows).
    /// </summary>
    internal void AppendMaterialize(SqlStatement s)
    {
        string dbl = dialect.DoubleType, txt = dialect.TextType;
        s.Append("WITH ");
        AppendPerDeal(s);
        s.Append(", vrc AS (SELECT oc, CAST(COUNT(*) AS ").Append(dbl).Append(") AS n FROM vlc WHERE oc <> ").Append(N(AccountPending)).Append(" GROUP BY oc")
            .Append(" UNION ALL SELECT oc, CAST(SUM(n) AS ").Append(dbl).Append(") AS n FROM vao GROUP BY oc)");
        s.Append(" SELECT 0 AS kind, id");
        for (int j = 0; j < types.Count; j++) s.Append(", CAST(e").Append(N(j)).Append(" AS ").Append(dbl).Append(") AS e").Append(N(j));
        s.Append(", CAST(h AS ").Append(dbl).Append(") AS h FROM vpd UNION ALL SELECT 1, CAST(oc AS ").Append(txt).Append("), n");
        for (int j = 1; j < types.Count; j++) s.Append(", CAST(NULL AS ").Append(dbl).Append(')');
        s.Append(", CAST(NULL AS ").Append(dbl).Append(") FROM vrc");
    }

    /// <summary>
    /// The effort of a lowered, trimmed type text, as the in-memory matcher decides it: a label equal to it, else the longest
    /// label it begins with followed by a character that is not a letter or digit (labels of equal length in ordinal order);
    /// −1 for none. The first effort mapping a label keeps it. A letter is a character whose upper case differs from it (so
    /// the letters of scripts without case count as punctuation here), a digit is 0–9.
    /// </summary>
    private string EffortCase(SqlStatement s, string t)
    {
        var exact = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (int j = 0; j < types.Count; j++)
        {
            foreach (string label in types[j]) exact.TryAdd(label.Trim(), j);
        }
        var sb = new System.Text.StringBuilder("CASE");
        foreach (IGrouping<int, string> g in exact.GroupBy(kv => kv.Value, kv => kv.Key))
            sb.Append(" WHEN ").Append(t).Append(" IN (").Append(string.Join(", ", g.Select(l => s.Parameter(l.ToLowerInvariant())))).Append(") THEN ").Append(N(g.Key));
        foreach ((string label, int j) in exact.Select(kv => (kv.Key, kv.Value)).OrderByDescending(x => x.Key.Length).ThenBy(x => x.Key, StringComparer.Ordinal))
        {
            string len = N(label.Length), next = $"SUBSTR({t}, {N(label.Length + 1)}, 1)";
            sb.Append(" WHEN SUBSTR(").Append(t).Append(", 1, ").Append(len).Append(") = ").Append(s.Parameter(label.ToLowerInvariant()))
                .Append(" AND LENGTH(").Append(t).Append(") > ").Append(len)
                .Append(" AND UPPER(").Append(next).Append(") = ").Append(next).Append(" AND NOT (").Append(next).Append(" BETWEEN '0' AND '9') THEN ").Append(N(j));
        }
        return sb.Append(" ELSE -1 END").ToString();
    }
}
