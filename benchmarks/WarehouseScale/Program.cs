// Scale check of the warehouse source: generated deals and a generated activity log of N rows in an on-disk DuckDB
// database (or PostgreSQL), the log aggregated to deal-level effort and joined to the deals in the warehouse, segment
// yields summed there, and the joined deals pulled (mapped columns only). Prints each step's time and the process's peak
// resident memory (DuckDB runs inside this process, so its memory is included).
//
//   dotnet run -c Release --project benchmarks/WarehouseScale -- --deals 1000000 --activities 100000000 --db /tmp/icp-scale.duckdb
//   dotnet run -c Release --project benchmarks/WarehouseScale -- --deals 1000000 --activities 10000000 --postgres "Host=127.0.0.1;Port=5432;Username=postgres"
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using IcpAnalytics.Data;
using IcpAnalytics.Segments;
using IcpAnalytics.Warehouses;
using Npgsql;

CultureInfo inv = CultureInfo.InvariantCulture;
int deals = 1_000_000;
long activities = 100_000_000;
string db = Path.Combine(Path.GetTempPath(), "icp-scale.duckdb");
string? postgres = null;
string memoryLimit = "2GB";
for (int i = 0; i + 1 < args.Length; i += 2)
{
    if (args[i] == "--parquet-compare") { i--; continue; }
    switch (args[i])
    {
        case "--deals": deals = int.Parse(args[i + 1], inv); break;
        case "--activities": activities = long.Parse(args[i + 1], inv); break;
        case "--db": db = args[i + 1]; break;
        case "--postgres": postgres = args[i + 1]; break;
        case "--memory-limit": memoryLimit = args[i + 1]; break;
        default: throw new ArgumentException("Unknown option " + args[i]);
    }
}

if (args.Contains("--parquet-compare"))
{
    ParquetCompare.Run(deals);
    return;
}

var total = Stopwatch.StartNew();
void Step(string name, Action action)
{
    var sw = Stopwatch.StartNew();
    action();
    Console.WriteLine(string.Create(inv, $"{name,-58} {sw.Elapsed.TotalSeconds,8:F1} s   peak RSS {PeakRssMiB(),6:N0} MiB"));
}

string csv = Path.Combine(Path.GetTempPath(), $"icp-scale-deals-{deals}.csv");
if (!File.Exists(csv)) Step($"generate {deals:N0} deals (CSV)", () => SampleDeals.WriteCsv(csv, new SampleDealsOptions { Count = deals, Seed = 7 }));

DbConnection connection;
SqlDialect dialect;
if (postgres is null)
{
    if (File.Exists(db)) File.Delete(db);
    connection = new DuckDBConnection("Data Source=" + db);
    connection.Open();
    Execute(connection, $"SET memory_limit = '{memoryLimit}'");
    Execute(connection, "SET preserve_insertion_order = false");
    dialect = SqlDialect.DuckDb;
    Step("load deals into DuckDB", () => Execute(connection, $"CREATE TABLE deals AS SELECT * FROM read_csv('{csv}', header = true, types = {{'closed_date': 'DATE'}})"));
    Step($"generate {activities:N0} activities in DuckDB", () => Execute(connection, $"""
        CREATE TABLE activities AS
        SELECT 'D' || lpad(CAST(1 + hash(i) % {deals} AS VARCHAR), 7, '0') AS opportunity_id,
               CASE hash(i + 1) % 10 WHEN 0 THEN 'Demo' WHEN 1 THEN 'Meeting' WHEN 2 THEN 'Meeting' WHEN 3 THEN 'Email' ELSE 'Call' END AS activity_type,
               TIMESTAMP '2023-07-01 08:00:00' + to_seconds(CAST(hash(i + 2) % (900 * 86400) AS BIGINT)) AS activity_at,
               CAST(5 + hash(i + 3) % 85 AS DOUBLE) AS minutes
        FROM range({activities}) t(i)
        """));
}
else
{
    connection = new NpgsqlConnection(postgres);
    connection.Open();
    dialect = SqlDialect.PostgreSql;
    Step("load deals into PostgreSQL", () =>
    {
        Execute(connection, "DROP TABLE IF EXISTS deals; DROP TABLE IF EXISTS activities");
        Execute(connection, "CREATE TABLE deals (deal_id text, account_id text, rep text, closed_date date, stage text, amount float8, gross_margin float8, discount float8, cycle_days float8, calls float8, meetings float8, demos float8, effort_hours float8, industry text, region text, employees float8)");
        using TextWriter w = ((NpgsqlConnection)connection).BeginTextImport("COPY deals FROM STDIN (FORMAT csv, HEADER true)");
        using var r = new StreamReader(csv);
        char[] buffer = new char[1 << 16];
        int n;
        while ((n = r.Read(buffer, 0, buffer.Length)) > 0) w.Write(buffer, 0, n);
    });
    Step($"generate {activities:N0} activities in PostgreSQL", () => Execute(connection, $"""
        CREATE UNLOGGED TABLE activities AS
        SELECT 'D' || lpad(CAST(1 + (i * 2654435761) % {deals} AS text), 7, '0') AS opportunity_id,
               CASE (i * 40503) % 10 WHEN 0 THEN 'Demo' WHEN 1 THEN 'Meeting' WHEN 2 THEN 'Meeting' WHEN 3 THEN 'Email' ELSE 'Call' END AS activity_type,
               TIMESTAMP '2023-07-01 08:00:00' + make_interval(secs => ((i * 69069) % (900 * 86400))::float8) AS activity_at,
               CAST(5 + (i * 1103515245) % 85 AS float8) AS minutes
        FROM generate_series(0::bigint, {activities - 1}::bigint) AS i
        """));
    Execute(connection, "ANALYZE deals; ANALYZE activities");
}

WarehouseDeals wh = Warehouse.Deals(connection, dialect, WarehouseTable.Named("deals"), map => map
    .DealId("deal_id").Account("account_id").Rep("rep").ClosedDate("closed_date")
    .Outcome("stage", won: ["Closed Won"], lost: ["Closed Lost"]).Revenue("amount").Margin("gross_margin")
    .Discount("discount").CycleDays("cycle_days").Attribute("industry").Attribute("region").Attribute("employees", bands: [50, 200, 1000, 5000]),
    new WarehouseOptions { CommandTimeout = TimeSpan.FromHours(2) });
WarehouseDeals withEffort = wh.WithActivityEffort(WarehouseTable.Named("activities"), log => log
    .DealId("opportunity_id").Type("activity_type").OccurredAt("activity_at").DurationMinutes("minutes")
    .Count("calls", "Call").Count("meetings", "Meeting").Count("demos", "Demo").Count("emails", "Email"));

ActivityLoadReport? check = null;
Step("aggregate the log to deal level + count by reason (1 SELECT)", () => check = withEffort.CheckActivityLog());
Console.WriteLine(string.Create(inv, $"  {check!.ActivitiesRead:N0} activities: {check.Matched:N0} counted, {check.AfterClose:N0} after close, {check.Unmatched:N0} unmatched"));
DealSet? pulled = null;
Step("pull the deals, join their deal-level effort", () => pulled = withEffort.Load());
SegmentYieldTable? table = null;
Step("segment yield by industry x region on log effort", () => table = withEffort.SegmentYield("industry", "region"));
Console.WriteLine(string.Create(inv, $"  {table!.Segments.Count} segments; whole set {table.Whole.MarginPerEffortHour:F2} margin per effort hour"));
Console.WriteLine(string.Create(inv, $"  {pulled!.Count:N0} deals, {pulled.Efforts.Count} effort columns + effort hours; pushed-down effort hours {table.Whole.EffortHours:N0}"));
Console.WriteLine(string.Create(inv, $"total {total.Elapsed.TotalSeconds:F1} s, peak RSS {PeakRssMiB():N0} MiB"));
connection.Dispose();

static void Execute(DbConnection connection, string sql)
{
    using DbCommand command = connection.CreateCommand();
    command.CommandText = sql;
    command.CommandTimeout = 0;
    command.ExecuteNonQuery();
}

static double PeakRssMiB()
{
    foreach (string line in File.ReadLines("/proc/self/status"))
    {
        if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            return double.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024;
    }
    return double.NaN;
}
