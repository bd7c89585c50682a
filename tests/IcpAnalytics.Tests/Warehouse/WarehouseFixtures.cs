using System.Data.Common;
using System.Globalization;
using System.Reflection;
using DuckDB.NET.Data;
using IcpAnalytics.Data;
using IcpAnalytics.Segments;
using Npgsql;

namespace IcpAnalytics.Tests.Warehouses;

/// <summary>Generated CRM-style deals as a CSV file, with helpers to store them in DuckDB and PostgreSQL.</summary>
internal static class WarehouseDealsData
{
    internal const int Count = 20_000;

    /// <summary>The column map both paths use (the CSV and the warehouse table have the same columns).</summary>
    internal static void Map(DealColumnMap map) => map
        .DealId("deal_id").Account("account_id").Rep("rep").ClosedDate("closed_date")
        .Outcome("stage", won: ["Closed Won"], lost: ["Closed Lost"], open: ["Proposal", "Negotiation"])
        .Revenue("amount").Margin("gross_margin").Discount("discount").CycleDays("cycle_days")
        .Effort("calls", "meetings", "demos").EffortHours("effort_hours")
        .Attribute("industry").Attribute("region").Attribute("employees", bands: [50, 200, 1000, 5000]);

    private static readonly Lazy<string> CsvPath = new(() =>
    {
        string path = Path.Combine(Path.GetTempPath(), $"icp-warehouse-deals-{Environment.ProcessId}.csv");
        SampleDeals.WriteCsv(path, new SampleDealsOptions { Count = Count, Seed = 19, OpenDeals = 300 });
        return path;
    });

    internal static string Csv => CsvPath.Value;

    private static readonly Lazy<DealSet> InMemoryDeals = new(() => DealSet.FromCsv(Csv, Map));

    internal static DealSet InMemory => InMemoryDeals.Value;

    internal const string CreatePostgres = """
        CREATE TABLE deals (deal_id text, account_id text, rep text, closed_date date, stage text, amount double precision,
          gross_margin double precision, discount double precision, cycle_days double precision, calls double precision,
          meetings double precision, demos double precision, effort_hours double precision, industry text, region text,
          employees double precision)
        """;

    internal static DuckDBConnection DuckDb(string? csv = null)
    {
        var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        Execute(connection, $"CREATE TABLE deals AS SELECT * FROM read_csv('{csv ?? Csv}', header = true, types = {{'closed_date': 'DATE'}})");
        return connection;
    }

    internal static void LoadPostgres(NpgsqlConnection connection, string table = "deals", string? csv = null)
    {
        Execute(connection, CreatePostgres.Replace("TABLE deals", "TABLE " + table, StringComparison.Ordinal));
        using TextWriter writer = connection.BeginTextImport($"COPY {table} FROM STDIN (FORMAT csv, HEADER true)");
        writer.Write(File.ReadAllText(csv ?? Csv));
    }

    internal static void Execute(DbConnection connection, string sql)
    {
        using DbCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    internal static object? Scalar(DbConnection connection, string sql)
    {
        using DbCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}

/// <summary>Compares results field by field: every number within a relative tolerance, every text exactly.</summary>
internal static class SameResults
{
    internal const double Tolerance = 1e-9;

    internal static void Equal(SegmentYieldTable expected, SegmentYieldTable actual)
    {
        Assert.Equal(expected.Segments.Count, actual.Segments.Count);
        Assert.Equal(expected.Attributes, actual.Attributes);
        Assert.Equal(expected.DealsTreatedAsIndependent, actual.DealsTreatedAsIndependent);
        Assert.Equal(expected.HasEffortHours, actual.HasEffortHours);
        Close(expected.BetweenSegmentVariance, actual.BetweenSegmentVariance, "between-segment variance");
        Equal(expected.Whole, actual.Whole);
        var bySegment = actual.Segments.ToDictionary(s => s.Segment, StringComparer.Ordinal);
        foreach (SegmentYield e in expected.Segments)
        {
            Assert.True(bySegment.TryGetValue(e.Segment, out SegmentYield? a), $"segment {e.Segment} missing");
            Equal(e, a!);
        }
    }

    internal static void Equal(SegmentYield expected, SegmentYield actual)
    {
        foreach (PropertyInfo p in typeof(SegmentYield).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            object? e = p.GetValue(expected), a = p.GetValue(actual);
            string what = expected.Segment + " " + p.Name;
            switch (e)
            {
                case null:
                    Assert.True(a is null, what + " should be absent");
                    break;
                case double d:
                    Close(d, (double)a!, what);
                    break;
                case IcpAnalytics.Statistics.Interval i:
                    var j = (IcpAnalytics.Statistics.Interval)a!;
                    Close(i.Lower, j.Lower, what + " lower");
                    Close(i.Upper, j.Upper, what + " upper");
                    break;
                case IEnumerable<string> texts:
                    Assert.Equal(texts, (IEnumerable<string>)a!);
                    break;
                default:
                    Assert.Equal(e, a);
                    break;
            }
        }
    }

    internal static void Close(double expected, double actual, string what)
    {
        double scale = Math.Max(Math.Abs(expected), Math.Abs(actual));
        Assert.True(Math.Abs(expected - actual) <= Tolerance * Math.Max(scale, 1e-300) || expected == actual,
            string.Create(CultureInfo.InvariantCulture, $"{what}: expected {expected:R}, got {actual:R}"));
    }
}
