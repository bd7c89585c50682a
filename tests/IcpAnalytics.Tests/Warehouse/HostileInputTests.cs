using System.Data.Common;
using DuckDB.NET.Data;
using IcpAnalytics.Data;
using IcpAnalytics.Segments;
using IcpAnalytics.Warehouses;

namespace IcpAnalytics.Tests.Warehouses;

/// <summary>
/// Column names, table names and values made to break out of a query — quotes, semicolons, comment markers, a second
/// statement — are only ever data: the intended read-only query runs, the canary table is untouched, the figures are
/// those of the values taken literally, and no message quotes a value.
/// </summary>
public sealed class HostileInputTests
{
    private const string Outcome = "stage\"; DROP TABLE canary; --";
    private const string Industry = "in'dus\"try /* x */ ; DELETE FROM canary";
    private const string Table = "deals\"; DROP TABLE canary; --";
    private const string WonLabel = "Won'); DROP TABLE canary; --";
    private const string Level = "Soft'ware\"; DELETE FROM canary; --";

    private static void Seed(DbConnection connection, Func<string, string> quote)
    {
        WarehouseDealsData.Execute(connection, "CREATE TABLE canary (x integer)");
        WarehouseDealsData.Execute(connection, "INSERT INTO canary VALUES (1), (2), (3)");
        WarehouseDealsData.Execute(connection, $"CREATE TABLE {quote(Table)} (deal_id varchar, {quote(Outcome)} varchar, amount double precision, {quote(Industry)} varchar)");
        string won = WonLabel.Replace("'", "''", StringComparison.Ordinal), level = Level.Replace("'", "''", StringComparison.Ordinal);
        WarehouseDealsData.Execute(connection, $"""
            INSERT INTO {quote(Table)} VALUES
              ('d1', '{won}', 100, '{level}'), ('d2', 'Lost', 50, '{level}'), ('d3', '{won}', 70, 'Retail'),
              ('d4', 'Lost', 20, 'Retail'), ('d5', 'Lost', 10, NULL), ('d6', '{won}', 40, '{level}')
            """);
    }

    private static void Hostile(DbConnection connection, SqlDialect dialect)
    {
        WarehouseDeals wh = Warehouse.Deals(connection, dialect, WarehouseTable.Named(Table), map => map
            .DealId("deal_id").Outcome(Outcome, won: [WonLabel], lost: ["Lost"]).Revenue("amount").Attribute(Industry));
        SegmentYieldTable table = wh.SegmentYield(Industry);
        SegmentYield software = table.Segments.Single(s => s.Levels[0] == Level);
        Assert.Equal(3, software.DealsPursued);
        Assert.Equal(2, software.DealsWon);
        Assert.Equal(140, software.GrossMargin);      // revenue as yield (no margin column): 100 + 40
        SegmentYield retail = table.Segments.Single(s => s.Levels[0] == "Retail");
        Assert.Equal(2, retail.DealsPursued);
        Assert.Equal(70, retail.GrossMargin);
        Assert.Equal(1, table.Segments.Single(s => s.Levels[0] == "unknown").DealsPursued);
        Assert.Equal(6, table.Whole.DealsPursued);
        // The pull reads the same rows and labels literally.
        DealSet pulled = wh.Load();
        Assert.Equal(6, pulled.Count);
        SameResults.Equal(pulled.SegmentYield(Industry), table);
        // A rule on the hostile level: the level is a parameter.
        Assert.Equal(3L, Convert.ToInt64(WarehouseDealsData.Scalar(connection, "SELECT COUNT(*) FROM canary"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Hostile_names_and_values_in_DuckDB_are_only_data()
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        Seed(connection, SqlDialect.DuckDb.Quote);
        Hostile(connection, SqlDialect.DuckDb);
    }

    [Fact]
    public void A_table_that_does_not_exist_fails_without_the_providers_text()
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        WarehouseQueryException e = Assert.Throws<WarehouseQueryException>(() =>
            Warehouse.Deals(connection, SqlDialect.DuckDb, WarehouseTable.Named("no_such_table; DROP TABLE x")));
        Assert.Contains("reading the table's columns failed", e.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<DbException>(e.InnerException);
    }

    [Fact]
    public void A_bad_row_under_the_strict_policy_names_column_and_reason_but_no_value()
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        WarehouseDealsData.Execute(connection, "CREATE TABLE deals (deal_id varchar, stage varchar, amount double)");
        WarehouseDealsData.Execute(connection, "INSERT INTO deals VALUES ('d1', 'Won', 10), ('d2', 'Secret Stage 42', 20), ('d3', 'Lost', -5), ('d4', 'Negotiation', 5), ('d5', 'Lost', NULL), ('d6', 'Lost', 'NaN'), ('d7', 'Won', 1)");
        WarehouseDeals wh = Warehouse.Deals(connection, SqlDialect.DuckDb, WarehouseTable.Named("deals"));
        DealDataException e = Assert.Throws<DealDataException>(() => wh.Check());
        Assert.Equal("stage", e.Column);
        Assert.Contains("neither a won, a lost nor an open label", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Secret", e.Message, StringComparison.Ordinal);
        // Lenient: the counts add up, and agree with the loader's on the pull.
        WarehouseDeals lenient = Warehouse.Deals(connection, SqlDialect.DuckDb, WarehouseTable.Named("deals"), null,
            new WarehouseOptions { Load = new DealLoadOptions { Policy = BadDataPolicy.Lenient } });
        WarehouseCheck check = lenient.Check();
        Assert.Equal(7, check.RowsRead);
        Assert.Equal(2, check.DealsLoaded);
        Assert.Equal(1, check.OpenDealsSetAside);
        Assert.Equal(4, check.RowsRejected);
        Assert.Equal(check.RowsRead, check.DealsLoaded + check.OpenDealsSetAside + check.RowsRejected);
        Assert.All(check.Rejected, r => Assert.DoesNotContain("Secret", r.Reason + r.Fix, StringComparison.Ordinal));
        LoadReport report = lenient.Load().LoadReport;
        Assert.Equal(check.DealsLoaded, report.RowsLoaded);
        Assert.Equal(check.OpenDealsSetAside, report.OpenDealsSetAside);
        Assert.Equal(check.RowsRejected, report.Rejected.Count);
    }

    [Fact]
    public void Cancellation_stops_a_statement()
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        WarehouseDealsData.Execute(connection, "CREATE TABLE deals (deal_id varchar, stage varchar, amount double)");
        WarehouseDealsData.Execute(connection, "INSERT INTO deals VALUES ('d1', 'Won', 10)");
        WarehouseDeals wh = Warehouse.Deals(connection, SqlDialect.DuckDb, WarehouseTable.Named("deals"));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => wh.Check(cancelled.Token));
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresHostileInputTests(PostgresCluster cluster)
{
    [PostgresFact]
    public void Hostile_names_and_values_in_PostgreSQL_are_only_data_and_statements_are_read_only()
    {
        using var connection = cluster.Open();
        WarehouseDealsData.Execute(connection, "CREATE SCHEMA hostile; SET search_path TO hostile");
        var seedQuote = SqlDialect.PostgreSql.Quote;
        WarehouseDealsData.Execute(connection, "CREATE TABLE canary (x integer)");
        WarehouseDealsData.Execute(connection, "INSERT INTO canary VALUES (1), (2), (3)");
        WarehouseDealsData.Execute(connection, $"CREATE TABLE {seedQuote("deals\"; DROP TABLE canary; --")} (deal_id text, amount float8, stage text, region text)");
        WarehouseDealsData.Execute(connection, $"INSERT INTO {seedQuote("deals\"; DROP TABLE canary; --")} VALUES ('a', 10, 'Won', 'x'), ('b', 20, 'Lost', 'x'), ('c', 5, 'Won', 'y')");
        WarehouseDeals wh = Warehouse.Deals(connection, SqlDialect.PostgreSql, WarehouseTable.Named("hostile", "deals\"; DROP TABLE canary; --"));
        SegmentYieldTable t = wh.SegmentYield("region");
        Assert.Equal(3, t.Whole.DealsPursued);
        Assert.Equal(15, t.Whole.GrossMargin);
        Assert.Equal(3L, (long)WarehouseDealsData.Scalar(connection, "SELECT COUNT(*) FROM canary")!);
        // The statements run in a read-only transaction: even a write that got through would be refused by the server.
        using var tx = SqlDialect.PostgreSql.BeginReadOnly(connection, TimeSpan.FromMinutes(30));
        using var write = connection.CreateCommand();
        write.Transaction = (Npgsql.NpgsqlTransaction)tx!;
        write.CommandText = "DELETE FROM canary";
        var e = Assert.Throws<Npgsql.PostgresException>(() => write.ExecuteNonQuery());
        Assert.Equal("25006", e.SqlState); // read_only_sql_transaction
    }
}

/// <summary>Parquet exports read in place by DuckDB give the same sums as the CSV in memory.</summary>
public sealed class ParquetInputTests
{
    [Fact]
    public void Parquet_files_read_in_place_by_DuckDB_equal_the_in_memory_path()
    {
        string parquet = Path.Combine(Path.GetTempPath(), $"icp-warehouse-deals-{Environment.ProcessId}.parquet");
        using (var writer = WarehouseDealsData.DuckDb())
        {
            WarehouseDealsData.Execute(writer, $"COPY deals TO '{parquet}' (FORMAT parquet)");
        }
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        WarehouseDeals wh = Warehouse.Deals(connection, SqlDialect.DuckDb, WarehouseTable.ParquetFiles(parquet), WarehouseDealsData.Map);
        Assert.Equal("DuckDB Parquet files " + parquet, wh.Source);
        SameResults.Equal(WarehouseDealsData.InMemory.SegmentYield("industry", "employees"), wh.SegmentYield("industry", "employees"));
        Assert.Equal(WarehouseDealsData.Count, wh.Load().Count);
        File.Delete(parquet);
    }
}
