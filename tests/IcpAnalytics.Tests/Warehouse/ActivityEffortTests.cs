using DuckDB.NET.Data;
using IcpAnalytics.Data;
using IcpAnalytics.Segments;
using IcpAnalytics.Warehouses;

namespace IcpAnalytics.Tests.Warehouses;

/// <summary>
/// An activity log built from the generated deals' own effort counts (one row per call, meeting and demo, dated on or
/// before the close date, with a duration of 0.25, 1.5 and 3 hours), plus rows that must not count: after the close, of a
/// deal not in the table, of an open deal, undated, and of another type. Aggregated in DuckDB, each deal's effort equals
/// the counts it was built from, and the set-aside rows are counted by reason.
/// </summary>
public sealed class ActivityEffortTests
{
    private static DuckDBConnection WithLog()
    {
        DuckDBConnection connection = WarehouseDealsData.DuckDb();
        WarehouseDealsData.Execute(connection, """
            CREATE TABLE activities AS
            SELECT deal_id AS opportunity_id, 'Call' AS activity_type, CAST(closed_date - CAST(r.i AS INTEGER) AS TIMESTAMP) + INTERVAL 9 HOUR AS activity_at, 15.0 AS minutes
              FROM deals, range(CAST(calls AS BIGINT)) r(i) WHERE closed_date IS NOT NULL
            UNION ALL SELECT deal_id, ' meeting ', CAST(closed_date AS TIMESTAMP) + INTERVAL 23 HOUR, 90.0 FROM deals, range(CAST(meetings AS BIGINT)) r(i) WHERE closed_date IS NOT NULL
            UNION ALL SELECT deal_id, 'DEMO', CAST(closed_date - 3 AS TIMESTAMP), 180.0 FROM deals, range(CAST(demos AS BIGINT)) r(i) WHERE closed_date IS NOT NULL
            UNION ALL SELECT deal_id, 'Call', CAST(closed_date + 1 AS TIMESTAMP), 15.0 FROM deals WHERE closed_date IS NOT NULL AND deal_id < 'D0000501'
            UNION ALL SELECT 'X' || CAST(i AS VARCHAR), 'Call', TIMESTAMP '2025-01-01 10:00:00', 15.0 FROM range(100) r(i)
            UNION ALL SELECT deal_id, 'Call', TIMESTAMP '2025-01-01 10:00:00', 15.0 FROM deals WHERE closed_date IS NULL
            UNION ALL SELECT deal_id, 'Call', NULL, 15.0 FROM deals WHERE deal_id < 'D0000051'
            UNION ALL SELECT deal_id, 'Email', CAST(closed_date AS TIMESTAMP), 5.0 FROM deals WHERE closed_date IS NOT NULL AND deal_id < 'D0000201'
            """);
        return connection;
    }

    private static WarehouseDeals Joined(DuckDBConnection connection) =>
        Warehouse.Deals(connection, SqlDialect.DuckDb, WarehouseTable.Named("deals"), WarehouseDealsData.Map)
            .WithActivityEffort(WarehouseTable.Named("activities"), log => log
                .DealId("opportunity_id").Type("activity_type").OccurredAt("activity_at").DurationMinutes("minutes")
                .Count("calls", "Call").Count("meetings", "Meeting").Count("demos", "Demo"));

    [Fact]
    public void Each_deal_gets_the_effort_logged_on_or_before_its_close_date()
    {
        using DuckDBConnection connection = WithLog();
        WarehouseDeals wh = Joined(connection);
        DealSet pulled = wh.Load();
        DealSet csv = WarehouseDealsData.InMemory;
        Assert.Equal(csv.Count, pulled.Count);
        Assert.Contains("with effort from table activities", pulled.LoadReport.Source, StringComparison.Ordinal);
        double[] hours = pulled.EffortHours!.Data;
        string[] names = ["calls", "meetings", "demos"];
        for (int i = 0; i < csv.Count; i++)
        {
            int r = i;
            double expectedHours = 0;
            double[] perUnit = [0.25, 1.5, 3];
            for (int e = 0; e < 3; e++)
            {
                double want = csv.FindEffort(names[e])!.Data[r];
                Assert.Equal(want, pulled.FindEffort(names[e])!.Data[r]);
                expectedHours += perUnit[e] * want;
            }
            Assert.True(Math.Abs(expectedHours - hours[r]) <= 1e-9 * Math.Max(1, expectedHours), $"deal {i}: hours {hours[r]} vs {expectedHours}");
        }
    }

    [Fact]
    public void Every_activity_is_counted_or_set_aside_for_a_reason()
    {
        using DuckDBConnection connection = WithLog();
        ActivityLoadReport check = Joined(connection).CheckActivityLog();
        DealSet csv = WarehouseDealsData.InMemory;
        long logged = 0;
        foreach (string e in new[] { "calls", "meetings", "demos" }) logged += (long)csv.FindEffort(e)!.Data.Sum();
        Assert.Equal(logged, check.Matched);
        Assert.Equal(0, check.AccountLevel);
        Assert.Equal(500, check.AfterClose);
        Assert.Equal(0, check.BeforeCreation);
        Assert.Equal(100 + 300, check.Unmatched); // 100 unknown ids, 300 activities of open deals
        Assert.Equal(50, check.RowsRejected);
        Assert.Equal(200, check.OtherTypes);
        Assert.Equal(check.ActivitiesRead, check.Matched + check.AfterClose + check.Unmatched + check.RowsRejected + check.OtherTypes);
    }

    [Fact]
    public void Segment_yields_on_log_effort_summed_in_DuckDB_equal_the_pull()
    {
        using DuckDBConnection connection = WithLog();
        WarehouseDeals wh = Joined(connection);
        Assert.True(wh.HasEffortHours);
        SegmentYieldTable actual = wh.SegmentYield("industry");
        SameResults.Equal(wh.Load().SegmentYield("industry"), actual);
        Assert.All(actual.Segments, s => Assert.NotNull(s.MarginPerEffortHour));
    }
}
