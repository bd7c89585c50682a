using System.Data.Common;
using System.Globalization;
using System.Text;
using DuckDB.NET.Data;
using IcpAnalytics.Data;
using IcpAnalytics.Warehouses;
using Npgsql;

namespace IcpAnalytics.Tests.Warehouses;

/// <summary>
/// A CRM-shaped export (deals with created and close dates, an open deal, accounts with several deals) and an activity log
/// with opportunity-level and account-level rows (and an account id in the opportunity column, as Salesforce's WhatId can
/// hold), rows before creation and after close, types needing prefix matching ("Call - outbound", "Email: follow-up",
/// "Meeting/Demo") and types that must not match ("Callback", "Call2", "Phone Call"), missing and negative durations,
/// undated rows, unknown ids. Aggregated in memory, in DuckDB and in PostgreSQL: the per-deal counts and hours and every
/// load count are equal, and equal the figures worked out by hand below.
/// </summary>
public static class ActivityRulesData
{
    internal const string DealsCsv = """
        deal_id,account_id,created_date,close_date,stage,amount,gross_margin,industry
        D1,A1,2024-01-10,2024-03-31,Closed Won,10000,4000,Software
        D2,A1,2024-02-15,2024-05-15,Closed Lost,8000,,Software
        D3,A2,,2024-04-30,Closed Won,5000,1500,Retail
        D4,A2,2024-03-01,2024-06-30,Closed Won,7000,2000,Retail
        D5,A3,2024-01-05,2024-02-28,Closed Lost,3000,,Health
        D6,A4,2024-05-01,2024-07-01,Negotiation,9000,,Health
        D7,A3,2024-04-01,2024-05-31,Closed Won,6000,2500,Health

        """;

    // Hand-worked outcome per row in the comment (minutes / 60 = hours; no duration: calls 0.25 h, emails 0.1 h, meetings 1 h).
    internal const string LogCsv = """
        opportunity_id,account_id,activity_type,activity_date,duration_minutes
        D1,A1,Call - outbound,2024-02-01 10:00:00,30
        D1,A1,Email,2024-02-02 11:00:00,
        D1,A1,Meeting,2024-03-31 16:00:00,60
        D1,A1,Call,2024-04-01 09:00:00,15
        D1,A1,call,2024-01-09 09:00:00,15
        D1,A1,Callback,2024-02-10 09:00:00,10
        D1,A1,Email: follow-up,2024-02-11 08:00:00,
        D1,A1,Task,2024-02-12 08:00:00,20
        ,A1,Meeting,2024-03-01 10:00:00,90
        ,A1,Call,2024-02-01 10:00:00,
        ,A1,Email,2024-06-01 10:00:00,5
        ,A1,Email,2024-01-01 10:00:00,5
        ,A2,Call - inbound,2024-04-15 13:00:00,12
        ,A2,Demo,2024-04-15 14:00:00,60
        ,A3,Meeting,2024-03-15 10:00:00,30
        ,A9,Call,2024-03-01 10:00:00,10
        D6,A4,Call,2024-05-10 10:00:00,10
        X99,,Call,2024-03-01 10:00:00,10
        ,,Call,2024-03-01 10:00:00,10
        D3,A2,Meeting,,30
        D4,A2,Call,2024-04-01 10:00:00,-5
        A2,,Email,2024-05-01 10:00:00,
        D3,A2,  MEETING  ,2024-04-30 23:59:00,
        D4,A2,Call-back,2024-02-29 10:00:00,10
        D7,A3,Call - outbound,2024-05-31 10:00:00,45
        D5,A3,Email,2024-02-28 10:00:00,
        D2,A1,Phone Call,2024-03-01 10:00:00,20
        D2,A1,Meeting/Demo,2024-04-01 10:00:00,120
        D7,A3,Call2,2024-05-01 10:00:00,10

        """;

    internal static void DealMap(DealColumnMap map) => map
        .DealId("deal_id").Account("account_id").CreatedDate("created_date").ClosedDate("close_date")
        .Outcome("stage", won: ["Closed Won"], lost: ["Closed Lost"], open: ["Negotiation"])
        .Revenue("amount").Margin("gross_margin").Attribute("industry");

    internal static void WarehouseLogMap(ActivityLogMap log) => log
        .DealId("opportunity_id").AccountId("account_id").Type("activity_type").OccurredAt("activity_date").DurationMinutes("duration_minutes")
        .Count("calls", "Call").Count("emails", "Email").Count("meetings", "Meeting")
        .HoursEach("calls", 0.25).HoursEach("emails", 0.1).HoursEach("meetings", 1.0);

    internal static void MemoryLogMap(ActivityColumnMap log) => log
        .DealId("opportunity_id").AccountId("account_id").Type("activity_type").Date("activity_date").DurationMinutes("duration_minutes")
        .OnlyMappedTypes().Count("calls", "Call").Count("emails", "Email").Count("meetings", "Meeting")
        .HoursEach("calls", 0.25).HoursEach("emails", 0.1).HoursEach("meetings", 1.0);

    internal static readonly string[] Efforts = ["calls", "emails", "meetings"];

    /// <summary>
    /// A bigger log drawn at random (seed fixed): 400 deals over 90 accounts (a fifth without created date, some open), and
    /// 30,000 activities mixing every case above.
    /// </summary>
    internal static (string Deals, string Log) Generated()
    {
        var random = new Random(12);
        var c = CultureInfo.InvariantCulture;
        var deals = new StringBuilder("deal_id,account_id,created_date,close_date,stage,amount,gross_margin,industry\n");
        var start = new DateOnly(2023, 1, 1);
        int n = 400;
        for (int i = 1; i <= n; i++)
        {
            DateOnly created = start.AddDays(random.Next(0, 600));
            DateOnly closed = created.AddDays(random.Next(0, 200));
            string stage = random.Next(10) switch { 0 => "Negotiation", < 5 => "Closed Won", _ => "Closed Lost" };
            string margin = stage == "Closed Won" ? (random.Next(500, 5000)).ToString(c) : "";
            deals.Append(c, $"G{i:D4},AC{random.Next(90):D2},{(random.Next(5) == 0 ? "" : created.ToString("yyyy-MM-dd", c))},{closed:yyyy-MM-dd},{stage},{random.Next(1000, 20000)},{margin},{(i % 3 == 0 ? "Software" : "Retail")}\n");
        }
        string[] types = ["Call", "call - outbound", "Email", "Email: reply", "Meeting", "MEETING ", "Meeting/Demo", "Callback", "Call2", "Task", "Phone Call", ""];
        var log = new StringBuilder("opportunity_id,account_id,activity_type,activity_date,duration_minutes\n");
        for (int r = 0; r < 30_000; r++)
        {
            int kind = random.Next(10);
            string deal = kind switch { < 5 => $"G{random.Next(1, n + 1):D4}", 5 => $"Z{random.Next(50)}", 6 => $"AC{random.Next(90):D2}", _ => "" };
            string account = kind >= 7 || random.Next(2) == 0 ? $"AC{random.Next(95):D2}" : "";
            string date = random.Next(200) == 0 ? "" : start.AddDays(random.Next(-30, 850)).ToString("yyyy-MM-dd", c) + string.Create(c, $" {random.Next(24):D2}:{random.Next(60):D2}:00");
            string duration = random.Next(4) switch { 0 => "", 1 => random.Next(300) == 0 ? "-3" : "", _ => (random.Next(1, 240) / 2.0).ToString(c) };
            log.Append(c, $"{deal},{account},{types[random.Next(types.Length)]},{date},{duration}\n");
        }
        return (deals.ToString(), log.ToString());
    }

    internal static void CreateDuckDb(DuckDBConnection connection, string dealsPath, string logPath)
    {
        WarehouseDealsData.Execute(connection, $"CREATE TABLE deals AS SELECT * FROM read_csv('{dealsPath}', header = true, all_varchar = false, types = {{'deal_id': 'VARCHAR', 'account_id': 'VARCHAR', 'created_date': 'DATE', 'close_date': 'DATE', 'stage': 'VARCHAR', 'amount': 'DOUBLE', 'gross_margin': 'DOUBLE', 'industry': 'VARCHAR'}})");
        WarehouseDealsData.Execute(connection, $"CREATE TABLE activities AS SELECT * FROM read_csv('{logPath}', header = true, types = {{'opportunity_id': 'VARCHAR', 'account_id': 'VARCHAR', 'activity_type': 'VARCHAR', 'activity_date': 'TIMESTAMP', 'duration_minutes': 'DOUBLE'}})");
    }

    internal static void CreatePostgres(NpgsqlConnection connection, string dealsPath, string logPath)
    {
        WarehouseDealsData.Execute(connection, "DROP TABLE IF EXISTS deals_rules; DROP TABLE IF EXISTS activities_rules");
        WarehouseDealsData.Execute(connection, "CREATE TABLE deals_rules (deal_id text, account_id text, created_date date, close_date date, stage text, amount double precision, gross_margin double precision, industry text)");
        WarehouseDealsData.Execute(connection, "CREATE TABLE activities_rules (opportunity_id text, account_id text, activity_type text, activity_date timestamp, duration_minutes double precision)");
        using (TextWriter w = connection.BeginTextImport("COPY deals_rules FROM STDIN (FORMAT csv, HEADER true)")) w.Write(File.ReadAllText(dealsPath));
        using (TextWriter w = connection.BeginTextImport("COPY activities_rules FROM STDIN (FORMAT csv, HEADER true)")) w.Write(File.ReadAllText(logPath));
    }

    internal static DealSet InMemory(string dealsPath, string logPath) =>
        DealSet.FromCsv(dealsPath, DealMap).WithActivities(ActivityLog.FromCsv(logPath, MemoryLogMap, new DealLoadOptions { Policy = BadDataPolicy.Lenient }));

    internal static DealSet InWarehouse(DbConnection connection, SqlDialect dialect, string deals, string log, out ActivityLoadReport report)
    {
        WarehouseDeals wh = Warehouse.Deals(connection, dialect, WarehouseTable.Named(deals), DealMap)
            .WithActivityEffort(WarehouseTable.Named(log), WarehouseLogMap);
        report = wh.CheckActivityLog();
        return wh.Load();
    }

    /// <summary>Every count equal, and the per-deal counts and hours equal within 1e-9 relative.</summary>
    internal static void AssertSame(DealSet memory, DealSet warehouse, ActivityLoadReport warehouseReport)
    {
        ActivityLoadReport m = memory.ActivityReport!;
        Assert.Equal(
            (m.ActivitiesRead, m.Matched, m.AccountLevel, m.OtherTypes, m.Unmatched, m.AfterClose, m.BeforeCreation, m.RowsRejected),
            (warehouseReport.ActivitiesRead, warehouseReport.Matched, warehouseReport.AccountLevel, warehouseReport.OtherTypes, warehouseReport.Unmatched,
                warehouseReport.AfterClose, warehouseReport.BeforeCreation, warehouseReport.RowsRejected));
        Assert.Same(warehouseReport, warehouse.ActivityReport);
        Assert.Equal(memory.Count, warehouse.Count);
        var row = Enumerable.Range(0, warehouse.Count).ToDictionary(warehouse.DealId);
        for (int i = 0; i < memory.Count; i++)
        {
            int w = row[memory.DealId(i)];
            foreach (string e in Efforts) SameResults.Close(memory.Effort(e)[i], warehouse.Effort(e)[w], memory.DealId(i) + " " + e);
            SameResults.Close(memory.EffortHours![i], warehouse.EffortHours![w], memory.DealId(i) + " hours");
        }
    }

    /// <summary>The hand-worked figures of <see cref="LogCsv"/>.</summary>
    internal static void AssertHandWorked(DealSet deals)
    {
        ActivityLoadReport r = deals.ActivityReport!;
        Assert.Equal(29, r.ActivitiesRead);
        Assert.Equal(12, r.Matched);
        Assert.Equal(4, r.AccountLevel);
        Assert.Equal(5, r.OtherTypes);
        Assert.Equal(5, r.Unmatched);
        Assert.Equal(2, r.AfterClose);
        Assert.Equal(3, r.BeforeCreation);
        Assert.Equal(2, r.RowsRejected);
        var at = Enumerable.Range(0, deals.Count).ToDictionary(deals.DealId);
        Assert.False(at.ContainsKey("D6")); // open: set aside with its activity
        (string Deal, double Calls, double Emails, double Meetings, double Hours)[] expected =
        [
            ("D1", 2, 2, 1.5, 2.7),   // call 30 min, call via A1 0.25 h; two emails 0.1 h; meeting 1 h + half of A1's 90 min
            ("D2", 0, 0, 1.5, 2.75),  // half of A1's meeting (0.75 h) + "Meeting/Demo" 2 h
            ("D3", 0.5, 0, 1, 1.1),   // half of A2's inbound call (0.1 h) + "  MEETING  " on its close day, 1 h each
            ("D4", 0.5, 1, 0, 0.2),   // the other half of A2's call + the email whose opportunity id is the account A2
            ("D5", 0, 1, 0, 0.1),
            ("D7", 1, 0, 0, 0.75),
        ];
        foreach ((string deal, double calls, double emails, double meetings, double hours) in expected)
        {
            int i = at[deal];
            Assert.Equal(calls, deals.Effort("calls")[i], 12);
            Assert.Equal(emails, deals.Effort("emails")[i], 12);
            Assert.Equal(meetings, deals.Effort("meetings")[i], 12);
            Assert.Equal(hours, deals.EffortHours![i], 12);
        }
    }
}

/// <summary>The hand-worked and generated logs, in memory and in DuckDB.</summary>
public sealed class ActivityRulesDuckDbTests : IDisposable
{
    private readonly TempFolder _temp = new("icp-activity-rules-");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Hand_worked_log_gives_the_same_figures_in_memory_and_in_DuckDB()
    {
        string deals = _temp.File("deals.csv"), log = _temp.File("activities.csv");
        File.WriteAllText(deals, ActivityRulesData.DealsCsv);
        File.WriteAllText(log, ActivityRulesData.LogCsv);
        DealSet memory = ActivityRulesData.InMemory(deals, log);
        ActivityRulesData.AssertHandWorked(memory);
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        ActivityRulesData.CreateDuckDb(connection, deals, log);
        DealSet warehouse = ActivityRulesData.InWarehouse(connection, SqlDialect.DuckDb, "deals", "activities", out ActivityLoadReport report);
        ActivityRulesData.AssertHandWorked(warehouse);
        ActivityRulesData.AssertSame(memory, warehouse, report);
    }

    [Fact]
    public void Generated_log_gives_the_same_figures_in_memory_and_in_DuckDB()
    {
        (string dealsText, string logText) = ActivityRulesData.Generated();
        string deals = _temp.File("deals.csv"), log = _temp.File("activities.csv");
        File.WriteAllText(deals, dealsText);
        File.WriteAllText(log, logText);
        DealSet memory = ActivityRulesData.InMemory(deals, log);
        ActivityLoadReport m = memory.ActivityReport!;
        // Every case occurs in the generated log.
        Assert.All(new[] { m.Matched, m.AccountLevel, m.OtherTypes, m.Unmatched, m.AfterClose, m.BeforeCreation, m.RowsRejected }, count => Assert.True(count > 20));
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        ActivityRulesData.CreateDuckDb(connection, deals, log);
        DealSet warehouse = ActivityRulesData.InWarehouse(connection, SqlDialect.DuckDb, "deals", "activities", out ActivityLoadReport report);
        ActivityRulesData.AssertSame(memory, warehouse, report);
        // The segment yields on the joined deals are those of the in-memory path.
        WarehouseDeals wh = Warehouse.Deals(connection, SqlDialect.DuckDb, WarehouseTable.Named("deals"), ActivityRulesData.DealMap)
            .WithActivityEffort(WarehouseTable.Named("activities"), ActivityRulesData.WarehouseLogMap);
        SameResults.Equal(IcpAnalytics.Segments.SegmentYieldExtensions.SegmentYield(memory, "industry"), wh.SegmentYield("industry"));
    }
}

/// <summary>The same logs in PostgreSQL (the throwaway cluster the warehouse tests share).</summary>
[Collection(PostgresCollection.Name)]
public sealed class ActivityRulesPostgresTests(PostgresCluster cluster) : IDisposable
{
    private readonly TempFolder _temp = new("icp-activity-rules-pg-");

    public void Dispose() => _temp.Dispose();

    [PostgresFact]
    public void Hand_worked_and_generated_logs_give_the_same_figures_in_memory_and_in_PostgreSQL()
    {
        using NpgsqlConnection connection = cluster.Open();
        string deals = _temp.File("deals.csv"), log = _temp.File("activities.csv");
        File.WriteAllText(deals, ActivityRulesData.DealsCsv);
        File.WriteAllText(log, ActivityRulesData.LogCsv);
        ActivityRulesData.CreatePostgres(connection, deals, log);
        DealSet warehouse = ActivityRulesData.InWarehouse(connection, SqlDialect.PostgreSql, "deals_rules", "activities_rules", out ActivityLoadReport report);
        ActivityRulesData.AssertHandWorked(warehouse);
        ActivityRulesData.AssertSame(ActivityRulesData.InMemory(deals, log), warehouse, report);

        (string dealsText, string logText) = ActivityRulesData.Generated();
        File.WriteAllText(deals, dealsText);
        File.WriteAllText(log, logText);
        ActivityRulesData.CreatePostgres(connection, deals, log);
        warehouse = ActivityRulesData.InWarehouse(connection, SqlDialect.PostgreSql, "deals_rules", "activities_rules", out report);
        ActivityRulesData.AssertSame(ActivityRulesData.InMemory(deals, log), warehouse, report);
    }
}
