using IcpAnalytics.Data;
using IcpAnalytics.Warehouses;

namespace IcpAnalytics.Tests.Warehouses;

/// <summary>The generated SQL of each dialect: quoting, parameters, and the read-only check on every statement.</summary>
public sealed class SqlDialectTests
{
    [Theory]
    [InlineData("PostgreSql", "a\"b", "\"a\"\"b\"")]
    [InlineData("DuckDb", "a\"b", "\"a\"\"b\"")]
    [InlineData("Snowflake", "a\"b", "\"a\"\"b\"")]
    [InlineData("SparkSql", "a`b", "`a``b`")]
    [InlineData("BigQuery", "a`b\\", "`a\\`b\\\\`")]
    public void Identifiers_are_quoted_with_the_quote_escaped(string dialect, string name, string quoted) =>
        Assert.Equal(quoted, Dialect(dialect).Quote(name));

    [Theory]
    [InlineData("PostgreSql", "@p0", "DOUBLE PRECISION")]
    [InlineData("DuckDb", "$p0", "DOUBLE")]
    [InlineData("Snowflake", ":1", "DOUBLE")]
    [InlineData("SparkSql", ":p0", "DOUBLE")]
    [InlineData("BigQuery", "@p0", "FLOAT64")]
    public void Parameters_and_types_follow_the_dialect(string dialect, string marker, string type)
    {
        SqlDialect d = Dialect(dialect);
        Assert.Equal(marker, d.ParameterMarker(0));
        Assert.Equal(type, d.DoubleType);
    }

    [Theory]
    [InlineData("PostgreSql")]
    [InlineData("DuckDb")]
    [InlineData("Snowflake")]
    [InlineData("SparkSql")]
    [InlineData("BigQuery")]
    public void Every_generated_statement_of_every_dialect_passes_the_read_only_check(string dialect)
    {
        SqlDialect d = Dialect(dialect);
        string[] columns = ["deal_id", "account_id", "stage; DROP TABLE x --", "amount", "gross_margin", "effort_hours", "industry'/*", "employees"];
        Type[] types = [typeof(string), typeof(string), typeof(string), typeof(double), typeof(double), typeof(double), typeof(string), typeof(double)];
        var map = new DealColumnMap().DealId("deal_id").Account("account_id").Outcome("stage; DROP TABLE x --").Revenue("amount")
            .Margin("gross_margin").EffortHours("effort_hours").Attribute("industry'/*").Attribute("employees", bands: [10, 100]);
        WarehouseSchema schema = WarehouseSchema.Resolve(columns, types, map, new DealLoadOptions(),
            s => s.Append(WarehouseTable.Named("sales", "deals\"`; --").Sql(d)), "test");
        var query = new DealQuery(d, schema);
        var s = new SqlStatement(d);
        query.AppendCommon(s, more: true);
        query.AppendDeals(s, more: false);
        s.Append(" SELECT COUNT(*) FROM d");
        string sql = s.ToString();
        SqlStatement.CheckReadOnly(sql, d);
        Assert.Contains(d.Quote("stage; DROP TABLE x --"), sql, StringComparison.Ordinal);
        Assert.Contains(d.Quote("industry'/*"), sql, StringComparison.Ordinal);
        // Labels and band edges are parameters, never text in the statement.
        Assert.DoesNotContain("closed won", sql, StringComparison.Ordinal);
        Assert.Contains("closed won", s.Values.OfType<string>());
        Assert.Contains(100.0, s.Values.OfType<double>());
        Assert.Contains(d.ParameterMarker(s.Values.Count - 1), sql, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PostgreSql", "(CAST(c3 AS DATE) - CAST(c2 AS DATE))")]
    [InlineData("DuckDb", "(CAST(c3 AS DATE) - CAST(c2 AS DATE))")]
    [InlineData("Snowflake", "DATEDIFF(day, CAST(c2 AS DATE), CAST(c3 AS DATE))")]
    [InlineData("SparkSql", "datediff(CAST(c3 AS DATE), CAST(c2 AS DATE))")]
    [InlineData("BigQuery", "DATE_DIFF(CAST(c3 AS DATE), CAST(c2 AS DATE), DAY)")]
    public void The_activity_join_of_every_dialect_is_one_read_only_query_with_the_in_memory_rules(string dialect, string cycleDays)
    {
        SqlDialect d = Dialect(dialect);
        string[] columns = ["deal_id", "account_id", "created", "closed", "stage", "amount"];
        Type[] types = [typeof(string), typeof(string), typeof(DateTime), typeof(DateTime), typeof(string), typeof(double)];
        var map = new DealColumnMap().DealId("deal_id").Account("account_id").CreatedDate("created").ClosedDate("closed").Outcome("stage").Revenue("amount");
        WarehouseSchema schema = WarehouseSchema.Resolve(columns, types, map, new DealLoadOptions(), s => s.Append(WarehouseTable.Named("crm", "deals").Sql(d)), "test");
        var log = new ActivityColumns(d.Quote("opp; DROP TABLE deals --"), d.Quote("acct'/*"), d.Quote("type`\""), d.Quote("at"), d.Quote("minutes"));
        var sql = new ActivitySql(d, schema, WarehouseTable.Named("crm", "activities"), log, [["Call", "Phone"], ["Email"]], [0.25, 0.1], 1.0 / 60);
        var s = new SqlStatement(d);
        sql.AppendMaterialize(s);
        string text = s.ToString();
        SqlStatement.CheckReadOnly(text, d);
        Assert.Contains(d.Quote("opp; DROP TABLE deals --"), text, StringComparison.Ordinal);
        Assert.Contains(d.Quote("acct'/*"), text, StringComparison.Ordinal);
        // Labels and hours are parameters: exact ("phone") and prefix matches, longest label first, then "call" before "email" (equal length, ordinal).
        Assert.DoesNotContain("'phone'", text, StringComparison.Ordinal);
        object?[] last = [.. s.Values.Skip(s.Values.Count - 9)];
        Assert.Equal(new object[] { "call", "phone", "email", "email", "phone", "call", 0.25, 0.1, 1.0 / 60 }, last);
        Assert.Contains("SUBSTR(x.tt, 1, 5) = " + d.ParameterMarker(s.Values.Count - 6) + " AND LENGTH(x.tt) > 5", text, StringComparison.Ordinal);
        Assert.Contains("SUBSTR(x.tt, 1, 4) = " + d.ParameterMarker(s.Values.Count - 4) + " AND LENGTH(x.tt) > 4", text, StringComparison.Ordinal);
        // The created date bounds the window; account-level activities are shared by the deals whose window holds their day.
        Assert.Contains("WHEN dcr IS NOT NULL AND ad < dcr THEN 5", text, StringComparison.Ordinal);
        Assert.Contains("dl.cd IS NOT NULL AND w.ad <= dl.cd AND (dl.crd IS NULL OR w.ad >= dl.crd)", text, StringComparison.Ordinal);
        Assert.Contains(d.IsFinite("du"), text, StringComparison.Ordinal);
        Assert.Equal(1, CountOf(text, "WITH "));

        // A derived cycle (no cycle-days column, both dates mapped) is close minus created in the dialect's date arithmetic.
        Assert.Contains(cycleDays, text, StringComparison.Ordinal);
    }

    private static int CountOf(string text, string part)
    {
        int n = 0;
        for (int at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + 1, StringComparison.Ordinal)) n++;
        return n;
    }

    [Theory]
    [InlineData("SELECT 1; DROP TABLE x")]
    [InlineData("SELECT 1 -- comment")]
    [InlineData("SELECT 1 /* comment */")]
    [InlineData("DELETE FROM x")]
    [InlineData("WITH a AS (SELECT 1) INSERT INTO x SELECT * FROM a")]
    [InlineData("SELECT * INTO y FROM x")]
    [InlineData("SELECT \"unclosed FROM x")]
    [InlineData("COPY x TO '/tmp/x'")]
    [InlineData("SELECT 1 FROM x WHERE a = 'it''s' ; SET role = admin")]
    public void Statements_that_are_not_one_read_only_query_are_refused(string sql) =>
        Assert.Throws<InvalidOperationException>(() => SqlStatement.CheckReadOnly(sql, SqlDialect.PostgreSql));

    [Theory]
    [InlineData("SELECT \"a; DROP TABLE x --\" FROM \"t\"\"; DELETE\"")]
    [InlineData("SELECT 'it''s -- not a comment; DROP' AS x")]
    public void Quoted_names_and_literals_may_hold_anything(string sql) => SqlStatement.CheckReadOnly(sql, SqlDialect.PostgreSql);

    [Fact]
    public void Backslash_dialects_read_escaped_quotes_as_inside_the_name() =>
        SqlStatement.CheckReadOnly("SELECT `a\\`; DROP TABLE x` FROM t", SqlDialect.BigQuery);

    [Fact]
    public void File_tables_need_DuckDB() =>
        Assert.Throws<InvalidOperationException>(() => WarehouseTable.CsvFiles(WarehouseDealsData.Csv).Sql(SqlDialect.PostgreSql));

    private static SqlDialect Dialect(string name) => name switch
    {
        "PostgreSql" => SqlDialect.PostgreSql,
        "DuckDb" => SqlDialect.DuckDb,
        "Snowflake" => SqlDialect.Snowflake,
        "SparkSql" => SqlDialect.SparkSql,
        _ => SqlDialect.BigQuery,
    };
}
