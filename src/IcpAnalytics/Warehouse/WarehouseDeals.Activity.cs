using System.Globalization;
using IcpAnalytics.Data;

namespace IcpAnalytics.Warehouses;

public sealed partial class WarehouseDeals
{
    /// <summary>
    /// The same deals with their effort aggregated from an activity log in the warehouse: one GROUP BY over the log, joined
    /// to the deals, gives each deal its effort counts (<see cref="ActivityLogMap.Count"/>) and effort hours from the
    /// activities dated on or before its close date; a deal without activities has zero effort. The effort columns of the
    /// deals table, if any, are replaced. Nothing is pulled: every sum, and <see cref="Load"/>, reads the joined result, so a
    /// log of 10⁸ rows never leaves the warehouse.
    /// </summary>
    /// <param name="activities">The activity log table (or, on DuckDB, Parquet files).</param>
    /// <param name="map">The log's deal id, type, date and duration columns, and the efforts counted.</param>
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
        SourceField closed = Schema.Load.ClosedDate ?? throw Missing("close date", "map.ClosedDate(\"close_date\")");
        if (log.Counts.Count == 0 && log.HoursColumn is null)
            throw new InvalidOptionsException(["Map at least one effort of the activity log, e.g. log.Count(\"calls\", \"Call\"), or its duration, log.DurationHours(\"hours\")."]);
        string logSource = Dialect.Name + " " + activities.Description;

        // The log's columns, checked by a probe like the deals'.
        var probe = new SqlStatement(Dialect);
        probe.Append("SELECT * FROM ").Append(activities.Sql(Dialect)).Append(" AS t WHERE 1 = 0");
        var logColumns = new List<string>();
        Run("reading the activity log's columns", probe, r => { for (int i = 0; i < r.FieldCount; i++) logColumns.Add(r.GetName(i)); }, cancellationToken);
        string LogColumn(string? name, string role, string hint)
        {
            if (name is null) throw new DealDataException($"{logSource}: map the log's {role} column, e.g. {hint}.", LoadReport.NothingRead(logSource), logSource, 0, null);
            string? found = logColumns.FirstOrDefault(c => string.Equals(c, name, StringComparison.OrdinalIgnoreCase));
            return found ?? throw new DealDataException(
                $"{logSource}, column '{name}': the column mapped as the log's {role} is not in the log. Columns found: {string.Join(", ", logColumns)}.",
                LoadReport.NothingRead(logSource), logSource, 0, name);
        }
        string logDeal = Dialect.Quote(LogColumn(log.DealIdColumn, "deal id", "log.DealId(\"opportunity_id\")"));
        string logDate = Dialect.Quote(LogColumn(log.OccurredAtColumn, "activity date", "log.OccurredAt(\"activity_date\")"));
        string? logType = log.Counts.Count == 0 ? null : Dialect.Quote(LogColumn(log.TypeColumn, "activity type", "log.Type(\"activity_type\")"));
        string? logHours = log.HoursColumn is null ? null : Dialect.Quote(LogColumn(log.HoursColumn, "duration", "log.DurationHours(\"hours\")"));
        string[] efforts = [.. log.Counts.Select(c => c.Effort)];
        foreach (string named in log.Hours.Keys.Where(k => !efforts.Contains(k, StringComparer.OrdinalIgnoreCase)))
            throw new InvalidOptionsException([$"HoursEach(\"{named}\", …): no effort is named '{named}'. Efforts: {string.Join(", ", efforts)}; add one with Count(\"{named}\", types)."]);
        const string HoursName = "effort_hours";
        var replaced = new HashSet<string>(efforts, StringComparer.OrdinalIgnoreCase) { HoursName };
        Action<SqlStatement> baseFrom = Schema.From;
        string dbl = Dialect.DoubleType;
        string dealKey = Dialect.Quote(dealId.Name), closeDate = Dialect.Quote(closed.Name);
        IReadOnlyList<string> dealColumns = Schema.Columns;

        void From(SqlStatement s)
        {
            s.Append("(SELECT ");
            foreach (string c in dealColumns.Where(c => !replaced.Contains(c))) s.Append("t.").Append(Dialect.Quote(c)).Append(", ");
            for (int j = 0; j < efforts.Length; j++)
                s.Append("CAST(COALESCE(e.e").Append(J(j)).Append(", 0) AS ").Append(dbl).Append(") AS ").Append(Dialect.Quote(efforts[j])).Append(", ");
            s.Append("CAST(COALESCE(e.hrs, 0) AS ").Append(dbl).Append(") AS ").Append(Dialect.Quote(HoursName));
            s.Append(" FROM ");
            baseFrom(s);
            s.Append(" AS t LEFT JOIN (SELECT a.").Append(logDeal).Append(" AS k");
            string typeText = logType is null ? "" : $"LOWER({Dialect.CategoryText("a." + logType)})";
            var anyType = new List<string>();
            for (int j = 0; j < efforts.Length; j++)
            {
                string list = string.Join(", ", log.Counts[j].Types.Select(t => s.Parameter(t.ToLowerInvariant())));
                anyType.Add(list);
                s.Append(", SUM(CASE WHEN ").Append(typeText).Append(" IN (").Append(list).Append(") THEN 1 ELSE 0 END) AS e").Append(J(j));
            }
            // Hours: the duration where given, else the effort's hours each (as in memory; 0 unless HoursEach sets them).
            var hoursEach = new System.Text.StringBuilder("CASE");
            for (int j = 0; j < efforts.Length; j++)
            {
                double each = log.Hours.TryGetValue(efforts[j], out double h) ? h : 0;
                if (each != 0) hoursEach.Append(" WHEN ").Append(typeText).Append(" IN (").Append(anyType[j]).Append(") THEN ").Append(s.Parameter(each));
            }
            string missing = hoursEach.Length == 4 ? "0" : hoursEach.Append(" ELSE 0 END").ToString();
            s.Append(", SUM(").Append(logHours is null ? missing : $"COALESCE(CAST(a.{logHours} AS {dbl}) * {s.Parameter(log.HoursPerUnit)}, {missing})").Append(") AS hrs FROM ")
                .Append(activities.Sql(Dialect)).Append(" AS a JOIN ");
            baseFrom(s);
            s.Append(" AS dd ON a.").Append(logDeal).Append(" = dd.").Append(dealKey)
                .Append(" WHERE a.").Append(logDate).Append(" < ").Append(Dialect.NextDay("dd." + closeDate));
            if (logType is not null) s.Append(" AND ").Append(typeText).Append(" IN (").Append(string.Join(", ", anyType)).Append(")");
            s.Append(" GROUP BY a.").Append(logDeal).Append(") AS e ON t.").Append(dealKey).Append(" = e.k)");
        }

        Action<DealColumnMap>? userMap = Map;
        void Composed(DealColumnMap m)
        {
            userMap?.Invoke(m);
            m.EffortColumns.Clear();
            m.Effort(efforts);
            if (log.HoursColumn is not null) m.EffortHours(HoursName);
        }
        string source = Source + " with effort from " + activities.Description;
        WarehouseDeals joined = Warehouse.Deals(Connection, Dialect, From, source, Composed, Options with { Load = Options.Load with { SourceName = null } }, cancellationToken);
        joined.ActivityCheck = ct =>
        {
            var s = new SqlStatement(Dialect);
            // Undated first, as in memory (a row without a date is rejected before its deal is looked up).
            s.Append("SELECT CASE WHEN a.").Append(logDate).Append(" IS NULL THEN 4 WHEN dd.").Append(dealKey).Append(" IS NULL THEN 1 WHEN dd.")
                .Append(closeDate).Append(" IS NULL THEN 3 WHEN a.").Append(logDate).Append(" >= ").Append(Dialect.NextDay("dd." + closeDate)).Append(" THEN 2");
            if (logType is not null)
            {
                string all = string.Join(", ", log.Counts.SelectMany(c => c.Types).Select(t => s.Parameter(t.ToLowerInvariant())));
                s.Append(" WHEN LOWER(").Append(Dialect.CategoryText("a." + logType)).Append(") IN (").Append(all).Append(") THEN 0 ELSE 5");
            }
            else s.Append(" ELSE 0");
            s.Append(" END AS st, CAST(COUNT(*) AS ").Append(dbl).Append(") FROM ").Append(activities.Sql(Dialect)).Append(" AS a LEFT JOIN ");
            baseFrom(s);
            s.Append(" AS dd ON a.").Append(logDeal).Append(" = dd.").Append(dealKey).Append(" GROUP BY 1");
            var counts = new long[6];
            joined.Run("counting the activity log", s, r =>
            {
                while (r.Read()) counts[Convert.ToInt32(r.GetValue(0), CultureInfo.InvariantCulture)] = (long)r.GetDouble(1);
            }, ct);
            return new ActivityLogCheck(counts.Sum(), counts[0], counts[2], counts[1], counts[3], counts[4], counts[5]);
        };
        return joined;
    }

    private Func<CancellationToken, ActivityLogCheck>? ActivityCheck { get; set; }

    /// <summary>
    /// How the activity log's rows were counted (after <see cref="WithActivityEffort"/>): counted, after close, without a
    /// deal, of a deal not closed, undated, of other types; they add up to the rows of the log.
    /// </summary>
    /// <param name="cancellationToken">Cancels the statement.</param>
    /// <exception cref="InvalidOperationException">The deals have no activity log.</exception>
    public ActivityLogCheck CheckActivityLog(CancellationToken cancellationToken = default) =>
        (ActivityCheck ?? throw new InvalidOperationException("These deals have no activity log; add one with WithActivityEffort."))(cancellationToken);

    private DealDataException Missing(string role, string hint) =>
        new($"{Source}: the deals need a {role} column to join an activity log. Map it, e.g. {hint}.", LoadReport.NothingRead(Source), Source, 0, null);
}
