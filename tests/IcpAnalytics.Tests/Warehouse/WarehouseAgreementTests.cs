using System.Data.Common;
using IcpAnalytics.Data;
using IcpAnalytics.Icp;
using IcpAnalytics.Reports;
using IcpAnalytics.Segments;
using IcpAnalytics.Warehouses;

namespace IcpAnalytics.Tests.Warehouses;

/// <summary>
/// The same 20,000 generated deals (plus 300 open ones) in a CSV and in a warehouse table: every figure summed in the
/// warehouse equals the in-memory path within 1e-9 relative, and the report on the pull is byte-identical but for the source.
/// </summary>
internal static class Agreement
{
    internal static void SegmentYieldsAgree(DbConnection connection, SqlDialect dialect)
    {
        WarehouseDeals wh = Warehouse.Deals(connection, dialect, WarehouseTable.Named("deals"), WarehouseDealsData.Map);
        DealSet deals = WarehouseDealsData.InMemory;
        WarehouseCheck check = wh.Check();
        Assert.Equal(deals.LoadReport.RowsRead, check.RowsRead);
        Assert.Equal(WarehouseDealsData.Count, check.DealsLoaded);
        Assert.Equal(300, check.OpenDealsSetAside);
        Assert.Equal(0, check.RowsRejected);

        SegmentYieldTable expected = deals.SegmentYield("industry", "region");
        SegmentYieldTable actual = wh.SegmentYield("industry", "region");
        Assert.Equal(expected.Segments.Count, actual.Segments.Count);
        Assert.True(actual.Segments.Count >= 24, "6 industries × 4 regions at least");
        Assert.False(actual.DealsTreatedAsIndependent);
        SameResults.Equal(expected, actual);

        var independent = new SegmentYieldOptions { TreatDealsAsIndependent = true };
        SameResults.Equal(deals.SegmentYield(["employees"], independent), wh.SegmentYield(["employees"], independent));
        SameResults.Equal(deals.SegmentYield("industry", "employees"), wh.SegmentYield("industry", "employees"));
    }

    internal static void RuleYieldsAgree(DbConnection connection, SqlDialect dialect)
    {
        WarehouseDeals wh = Warehouse.Deals(connection, dialect, WarehouseTable.Named("deals"), WarehouseDealsData.Map);
        DealSet deals = WarehouseDealsData.InMemory;
        IdealCustomerProfile icp = deals.Icp().SegmentBy("industry", "employees", "region").RankBy(ProfitYield.MarginPerEffortHour)
            .MinDeals(30).MaxConditions(3).Build();
        Assert.NotEmpty(icp.Rules);
        // The generated truth: the first rule found is one of the two true ICP segments.
        Assert.Contains(icp.Rules[0].Text, SampleDealsTruth.IcpSegments);
        foreach (IcpRule rule in icp.Rules)
        {
            SegmentYieldTable expected = deals.SegmentYield(rule);
            SegmentYieldTable actual = wh.SegmentYield(rule);
            SameResults.Equal(expected, actual);
            // The covered segment's yield is the rule's own yield (clustered interval included).
            SameResults.Equal(rule.Yield with { Segment = rule.Text }, actual.Segments.Single(s => s.Segment == rule.Text) with { Levels = rule.Yield.Levels, IsSmall = rule.Yield.IsSmall, ShrunkMarginPerDealPursued = rule.Yield.ShrunkMarginPerDealPursued, ShrunkMarginPerEffortHour = rule.Yield.ShrunkMarginPerEffortHour, YieldIndex = rule.Yield.YieldIndex });
        }
        IReadOnlyList<SegmentYieldTable> candidates = wh.CandidateLevels();
        Assert.Equal(3, candidates.Count);
        Assert.Equal(deals.SegmentYield("industry").Segments.Count, candidates[0].Segments.Count);
        Assert.Equal(WarehouseDealsData.Count, candidates[0].Segments.Sum(s => s.DealsPursued));
    }

    internal static void PullGivesTheSameReport(DbConnection connection, SqlDialect dialect)
    {
        WarehouseDeals wh = Warehouse.Deals(connection, dialect, WarehouseTable.Named("deals"), WarehouseDealsData.Map);
        DealSet pulled = wh.Load();
        DealSet deals = WarehouseDealsData.InMemory;
        Assert.Equal(deals.Count, pulled.Count);
        Assert.Equal(deals.LoadReport.RowsRead, pulled.LoadReport.RowsRead);
        Assert.Equal(deals.LoadReport.OpenDealsSetAside, pulled.LoadReport.OpenDealsSetAside);
        Assert.StartsWith(dialect.Name + " table deals", pulled.LoadReport.Source, StringComparison.Ordinal);
        var fixedDate = new DateOnly(2025, 7, 1);
        string expected = ProfitYieldReport.For(deals).ValidateOnDealsClosedAfter(fixedDate)
            .WithSegmentYield(deals.SegmentYield("industry")).Build().ToMarkdown();
        // The report on the pull, with the segment yield table summed in the warehouse.
        string actual = ProfitYieldReport.For(pulled).ValidateOnDealsClosedAfter(fixedDate)
            .WithSegmentYield(wh.SegmentYield("industry")).Build().ToMarkdown();
        // The source lines differ, and the CSV's own note on its delimiter: nothing else.
        string[] e = [.. expected.Split('\n').Where(l => l != "- delimiter comma (detected)")], a = actual.Split('\n');
        Assert.Equal(e.Length, a.Length);
        var differing = Enumerable.Range(0, e.Length).Where(i => e[i] != a[i]).ToList();
        // Beyond the three source lines, only the plausibility note may differ, and only in its line numbers: a CSV counts
        // its header as line 1, a database reader numbers records from 1.
        string csvName = Path.GetFileName(WarehouseDealsData.Csv); // reports name files, not their folders
        var sourceLines = differing.Where(i => e[i].Contains(csvName, StringComparison.Ordinal)).ToList();
        Assert.True(sourceLines.Count == 3, "differing lines:\n" + string.Join("\n", differing.Select(i => e[i] + "\n  vs " + a[i])));
        Assert.All(sourceLines, i => Assert.Equal(e[i].Replace(csvName, pulled.LoadReport.Source, StringComparison.Ordinal), a[i]));
        Assert.All(differing.Except(sourceLines), i =>
        {
            Assert.StartsWith("- implausible, loaded:", e[i], StringComparison.Ordinal);
            string ShiftLines(string line) => System.Text.RegularExpressions.Regex.Replace(line, @"lines ((?:[0-9]+, )*[0-9]+)", m =>
                "lines " + string.Join(", ", m.Groups[1].Value.Split(", ", StringSplitOptions.RemoveEmptyEntries).Select(n => (int.Parse(n, System.Globalization.CultureInfo.InvariantCulture) - 1).ToString(System.Globalization.CultureInfo.InvariantCulture))));
            Assert.Equal(ShiftLines(e[i]), a[i]);
        });
    }
}

public sealed class DuckDbWarehouseTests
{
    [Fact]
    public void Segment_yields_summed_in_DuckDB_equal_the_in_memory_path()
    {
        using var connection = WarehouseDealsData.DuckDb();
        Agreement.SegmentYieldsAgree(connection, SqlDialect.DuckDb);
    }

    [Fact]
    public void Rule_yields_summed_in_DuckDB_equal_the_in_memory_path()
    {
        using var connection = WarehouseDealsData.DuckDb();
        Agreement.RuleYieldsAgree(connection, SqlDialect.DuckDb);
    }

    [Fact]
    public void A_report_on_the_DuckDB_pull_is_byte_identical_but_for_the_source()
    {
        using var connection = WarehouseDealsData.DuckDb();
        Agreement.PullGivesTheSameReport(connection, SqlDialect.DuckDb);
    }

    [Fact]
    public void DuckDB_reads_the_CSV_file_in_place()
    {
        using var connection = new DuckDB.NET.Data.DuckDBConnection("Data Source=:memory:");
        connection.Open();
        WarehouseDeals wh = Warehouse.Deals(connection, SqlDialect.DuckDb, WarehouseTable.CsvFiles(WarehouseDealsData.Csv), WarehouseDealsData.Map);
        SameResults.Equal(WarehouseDealsData.InMemory.SegmentYield("region"), wh.SegmentYield("region"));
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresWarehouseTests(PostgresCluster cluster)
{
    private static readonly object Gate = new();
    private static bool _loaded;

    private Npgsql.NpgsqlConnection Open()
    {
        Npgsql.NpgsqlConnection connection = cluster.Open();
        lock (Gate)
        {
            if (!_loaded)
            {
                WarehouseDealsData.LoadPostgres(connection);
                _loaded = true;
            }
        }
        return connection;
    }

    [PostgresFact]
    public void Segment_yields_summed_in_PostgreSQL_equal_the_in_memory_path()
    {
        using var connection = Open();
        Agreement.SegmentYieldsAgree(connection, SqlDialect.PostgreSql);
    }

    [PostgresFact]
    public void Rule_yields_summed_in_PostgreSQL_equal_the_in_memory_path()
    {
        using var connection = Open();
        Agreement.RuleYieldsAgree(connection, SqlDialect.PostgreSql);
    }

    [PostgresFact]
    public void Cross_products_summed_in_PostgreSQL_give_the_in_memory_fit()
    {
        using var connection = Open();
        EffortRegressionTests.Agrees(Warehouse.Deals(connection, SqlDialect.PostgreSql, WarehouseTable.Named("deals"), WarehouseDealsData.Map));
    }

    [PostgresFact]
    public void A_report_on_the_PostgreSQL_pull_is_byte_identical_but_for_the_source()
    {
        using var connection = Open();
        Agreement.PullGivesTheSameReport(connection, SqlDialect.PostgreSql);
    }
}
