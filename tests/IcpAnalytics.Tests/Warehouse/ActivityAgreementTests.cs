using DuckDB.NET.Data;
using IcpAnalytics.Data;
using IcpAnalytics.Warehouses;

namespace IcpAnalytics.Tests.Warehouses;

/// <summary>
/// The same activity log aggregated in memory (<see cref="DealSet.WithActivities"/>) and in DuckDB
/// (<see cref="WarehouseDeals.WithActivityEffort"/>): deal-level activities dated before, on and after the close, of unknown
/// ids, of open deals, undated, of another type, with the duration given and missing (hours each then). Effort counts by
/// type and effort hours agree per deal, and the load counts agree reason by reason.
/// </summary>
public sealed class ActivityAgreementTests : IDisposable
{
    private readonly TempFolder _temp = new("icp-activity-agreement-");

    public void Dispose() => _temp.Dispose();

    private static readonly string[] Efforts = ["calls", "meetings", "demos"];

    [Fact]
    public void InMemoryAndDuckDb_AgreePerDeal_AndOnEveryCount()
    {
        using DuckDBConnection connection = WarehouseDealsData.DuckDb();
        // Durations: a call 15 minutes or missing (every third), a meeting 90 or missing (every second), a demo 180.
        WarehouseDealsData.Execute(connection, """
            CREATE TABLE activities AS
            SELECT deal_id AS opportunity_id, 'Call' AS activity_type, CAST(closed_date - CAST(r.i AS INTEGER) AS TIMESTAMP) + INTERVAL 9 HOUR AS activity_at,
                   CASE WHEN r.i % 3 = 0 THEN NULL ELSE 15.0 END AS minutes
              FROM deals, range(CAST(calls AS BIGINT)) r(i) WHERE closed_date IS NOT NULL
            UNION ALL SELECT deal_id, 'meeting', CAST(closed_date AS TIMESTAMP) + INTERVAL 23 HOUR, CASE WHEN r.i % 2 = 0 THEN NULL ELSE 90.0 END
              FROM deals, range(CAST(meetings AS BIGINT)) r(i) WHERE closed_date IS NOT NULL
            UNION ALL SELECT deal_id, 'DEMO', CAST(closed_date - 3 AS TIMESTAMP), 180.0 FROM deals, range(CAST(demos AS BIGINT)) r(i) WHERE closed_date IS NOT NULL
            UNION ALL SELECT deal_id, 'Call', CAST(closed_date + 1 AS TIMESTAMP), 15.0 FROM deals WHERE closed_date IS NOT NULL AND deal_id < 'D0000501'
            UNION ALL SELECT 'X' || CAST(i AS VARCHAR), 'Call', TIMESTAMP '2025-01-01 10:00:00', 15.0 FROM range(100) r(i)
            UNION ALL SELECT deal_id, 'Call', TIMESTAMP '2025-01-01 10:00:00', NULL FROM deals WHERE closed_date IS NULL
            UNION ALL SELECT deal_id, 'Call', NULL, 15.0 FROM deals WHERE deal_id < 'D0000051'
            UNION ALL SELECT 'X' || CAST(i AS VARCHAR), 'Call', NULL, NULL FROM range(7) r(i)
            UNION ALL SELECT deal_id, 'Email', CAST(closed_date AS TIMESTAMP), 5.0 FROM deals WHERE closed_date IS NOT NULL AND deal_id < 'D0000201'
            """);
        string csv = _temp.File("activities.csv");
        WarehouseDealsData.Execute(connection, $"COPY (SELECT * FROM activities ORDER BY opportunity_id, activity_at) TO '{csv}' (HEADER, DELIMITER ',')");

        WarehouseDeals wh = Warehouse.Deals(connection, SqlDialect.DuckDb, WarehouseTable.Named("deals"), WarehouseDealsData.Map)
            .WithActivityEffort(WarehouseTable.Named("activities"), log => log
                .DealId("opportunity_id").Type("activity_type").OccurredAt("activity_at").DurationMinutes("minutes")
                .Count("calls", "Call").Count("meetings", "Meeting").Count("demos", "Demo")
                .HoursEach("calls", 0.25).HoursEach("meetings", 1.0).HoursEach("demos", 1.0));
        DealSet warehouse = wh.Load();
        ActivityLoadReport check = wh.CheckActivityLog();

        DealSet memory = WarehouseDealsData.InMemory.WithActivities(ActivityLog.FromCsv(csv, log => log
            .DealId("opportunity_id").Type("activity_type").Date("activity_at").DurationMinutes("minutes")
            .OnlyMappedTypes().Count("calls", "Call").Count("meetings", "Meeting").Count("demos", "Demo")
            .HoursEach("calls", 0.25).HoursEach("meetings", 1.0).HoursEach("demos", 1.0), new DealLoadOptions { Policy = BadDataPolicy.Lenient }));
        ActivityLoadReport report = memory.ActivityReport!;

        // The counts, reason by reason: undated rows are rejects; an unknown id and an open deal are both unmatched.
        Assert.Equal(report.ActivitiesRead, check.ActivitiesRead);
        Assert.Equal(report.Matched, check.Matched);
        Assert.Equal(report.AfterClose, check.AfterClose);
        Assert.Equal(500, check.AfterClose);
        Assert.Equal(report.Unmatched, check.Unmatched);
        Assert.Equal(100L + 300L, check.Unmatched);
        Assert.Equal(report.RowsRejected, check.RowsRejected);
        Assert.Equal(57, check.RowsRejected);
        Assert.Equal(report.OtherTypes, check.OtherTypes);
        Assert.Equal(200, check.OtherTypes);
        Assert.Equal(0, report.AccountLevel);
        Assert.Equal(0, check.AccountLevel);
        Assert.Equal(report.BeforeCreation, check.BeforeCreation);

        // Per deal: each effort count and the effort hours.
        Assert.Equal(memory.Count, warehouse.Count);
        var row = Enumerable.Range(0, warehouse.Count).ToDictionary(warehouse.DealId);
        double expectedHours = 0;
        for (int i = 0; i < memory.Count; i++)
        {
            int w = row[memory.DealId(i)];
            foreach (string e in Efforts) Assert.Equal(memory.Effort(e)[i], warehouse.Effort(e)[w]);
            double m = memory.EffortHours![i], x = warehouse.EffortHours![w];
            Assert.True(Math.Abs(m - x) <= 1e-9 * Math.Max(1, Math.Abs(m)), $"deal {memory.DealId(i)}: {m} h in memory, {x} h in DuckDB");
            expectedHours += m;
        }

        // And both equal the hours the log was built with: calls 15 min or 0.25 h each, meetings 90 min or 1 h, demos 3 h.
        DealSet source = WarehouseDealsData.InMemory;
        double built = 0;
        for (int i = 0; i < source.Count; i++)
        {
            int calls = (int)source.Effort("calls")[i], meetings = (int)source.Effort("meetings")[i];
            built += 0.25 * calls + 1.5 * (meetings / 2) + 1.0 * (meetings - meetings / 2) + 3.0 * source.Effort("demos")[i];
        }
        Assert.Equal(built, expectedHours, 6);
    }
}
