using System.Data;
using System.Data.Common;
using System.Text;

namespace IcpAnalytics.Warehouses;

/// <summary>
/// The SQL spoken by one warehouse: how identifiers are quoted, how parameters are written, the double type, and how a
/// statement is made read-only. Everything else the warehouse source generates is ANSI SQL (CTEs, GROUP BY, CASE,
/// IS NOT DISTINCT FROM), so each warehouse differs from the others only in its dialect class.
/// </summary>
public abstract class SqlDialect
{
    /// <summary>PostgreSQL (through Npgsql): "quoted" identifiers, @p0 parameters, statements in a READ ONLY transaction with a statement timeout.</summary>
    public static SqlDialect PostgreSql { get; } = new PostgreSqlDialect();

    /// <summary>DuckDB (through DuckDB.NET, embedded): "quoted" identifiers, $p0 parameters; also reads Parquet and CSV files directly.</summary>
    public static SqlDialect DuckDb { get; } = new DuckDbDialect();

    /// <summary>Spark SQL (Databricks): `backquoted` identifiers, :p0 parameters, DOUBLE.</summary>
    public static SqlDialect SparkSql { get; } = new SparkSqlDialect();

    /// <summary>Snowflake: "quoted" (case-sensitive) identifiers, :p0 parameters, DOUBLE, a read-only session is the role's.</summary>
    public static SqlDialect Snowflake { get; } = new SnowflakeDialect();

    /// <summary>BigQuery: `backquoted` identifiers, @p0 parameters, FLOAT64.</summary>
    public static SqlDialect BigQuery { get; } = new BigQueryDialect();

    /// <summary>The warehouse's name, as reports name the source ("PostgreSQL", "DuckDB" …).</summary>
    public abstract string Name { get; }

    /// <inheritdoc/>
    public override string ToString() => Name;

    internal virtual char IdentifierQuote => '"';

    /// <summary>Whether a backslash escapes the next character inside quoted identifiers and string literals.</summary>
    internal virtual bool BackslashEscapes => false;

    /// <summary>A column or table name part quoted, the quote character doubled inside (so a name can hold nothing that ends it).</summary>
    internal virtual string Quote(string identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        if (identifier.Length == 0 || identifier.Contains('\0', StringComparison.Ordinal))
            throw new ArgumentException("A warehouse identifier cannot be empty or hold a NUL character.", nameof(identifier));
        char q = IdentifierQuote;
        var sb = new StringBuilder(identifier.Length + 2).Append(q);
        foreach (char c in identifier)
        {
            if (c == q) sb.Append(q);
            sb.Append(c);
        }
        return sb.Append(q).ToString();
    }

    /// <summary>A string literal, single quotes doubled (used only for file paths of table functions, which take no parameters).</summary>
    internal virtual string Literal(string value)
    {
        if (value.Contains('\0', StringComparison.Ordinal)) throw new ArgumentException("A literal cannot hold a NUL character.", nameof(value));
        return "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
    }

    /// <summary>The marker of parameter <paramref name="index"/> in the SQL text.</summary>
    internal abstract string ParameterMarker(int index);

    /// <summary>The name given to <see cref="DbParameter.ParameterName"/> for parameter <paramref name="index"/>.</summary>
    internal virtual string ParameterName(int index) => "p" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The 64-bit floating-point type.</summary>
    internal virtual string DoubleType => "DOUBLE";

    /// <summary>The text type.</summary>
    internal virtual string TextType => "VARCHAR";

    /// <summary>An expression for <paramref name="value"/> as text, trimmed, NULL when empty (how the loader reads a category).</summary>
    internal virtual string CategoryText(string value) => $"NULLIF(TRIM(CAST({value} AS {TextType})), '')";

    /// <summary>An ORDER BY key that sorts text by code point (ordinal), as the library does.</summary>
    internal virtual string OrdinalOrder(string value) => value;

    /// <summary>The day after a date (activities on or before the close date are those before the next day).</summary>
    internal virtual string NextDay(string date) => $"({date} + INTERVAL '1' DAY)";

    /// <summary>The days from the date <paramref name="earlier"/> to the date <paramref name="later"/> (NULL when either is NULL).</summary>
    internal virtual string DaysBetween(string later, string earlier) => $"({later} - {earlier})";

    /// <summary>The keyword that makes a CTE referenced several times computed once ("MATERIALIZED " where the dialect has it).</summary>
    internal virtual string MaterializedCte => "";

    /// <summary>Null-safe equality of two expressions.</summary>
    internal virtual string NullSafeEquals(string a, string b) => $"{a} IS NOT DISTINCT FROM {b}";

    /// <summary>Whether a double expression is a finite number (NaN and ±infinity are not).</summary>
    internal virtual string IsFinite(string value) => $"({value} >= -1.7976931348623157E308 AND {value} <= 1.7976931348623157E308)";

    /// <summary>The natural logarithm of 1 + x.</summary>
    internal virtual string Log1p(string value) => $"LN(1 + {value})";

    /// <summary>
    /// Begins the transaction the statements of one request run in, made read-only where the warehouse can, with the
    /// timeout applied by the warehouse where it can (the command timeout and cancellation apply everywhere).
    /// </summary>
    internal virtual DbTransaction? BeginReadOnly(DbConnection connection, TimeSpan timeout) => null;
}

internal sealed class PostgreSqlDialect : SqlDialect
{
    public override string Name => "PostgreSQL";

    internal override string ParameterMarker(int index) => "@" + ParameterName(index);

    internal override string DoubleType => "DOUBLE PRECISION";

    internal override string TextType => "TEXT";

    internal override string MaterializedCte => "MATERIALIZED ";

    internal override string OrdinalOrder(string value) => value + " COLLATE \"C\"";

    internal override string IsFinite(string value) => $"({value} > '-Infinity'::float8 AND {value} < 'Infinity'::float8)";

    internal override DbTransaction? BeginReadOnly(DbConnection connection, TimeSpan timeout)
    {
        DbTransaction transaction = connection.BeginTransaction(IsolationLevel.RepeatableRead);
        using DbCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        long ms = (long)Math.Clamp(timeout.TotalMilliseconds, 1, int.MaxValue);
        command.CommandText = "SET TRANSACTION READ ONLY; SET LOCAL statement_timeout = " + ms.ToString(System.Globalization.CultureInfo.InvariantCulture);
        command.ExecuteNonQuery();
        return transaction;
    }
}

internal sealed class DuckDbDialect : SqlDialect
{
    public override string Name => "DuckDB";

    internal override string ParameterMarker(int index) => "$" + ParameterName(index);

    internal override string MaterializedCte => "MATERIALIZED ";

    internal override string IsFinite(string value) => $"isfinite({value})";

    internal override DbTransaction? BeginReadOnly(DbConnection connection, TimeSpan timeout) => connection.BeginTransaction();
}

internal sealed class SparkSqlDialect : SqlDialect
{
    public override string Name => "Spark SQL";

    internal override char IdentifierQuote => '`';

    internal override string ParameterMarker(int index) => ":" + ParameterName(index);

    internal override string TextType => "STRING";

    internal override bool BackslashEscapes => true;

    internal override string NextDay(string date) => $"date_add({date}, 1)";

    internal override string DaysBetween(string later, string earlier) => $"datediff({later}, {earlier})";

    internal override string NullSafeEquals(string a, string b) => $"{a} <=> {b}";

    internal override string IsFinite(string value) => $"(NOT isnan({value}) AND abs({value}) < double('Infinity'))";

    internal override string Literal(string value)
    {
        // Spark string literals treat the backslash as an escape: double it too.
        if (value.Contains('\0', StringComparison.Ordinal)) throw new ArgumentException("A literal cannot hold a NUL character.", nameof(value));
        return "'" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";
    }
}

internal sealed class SnowflakeDialect : SqlDialect
{
    public override string Name => "Snowflake";

    internal override string ParameterMarker(int index) => ":" + (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

    internal override string ParameterName(int index) => (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

    internal override string OrdinalOrder(string value) => $"COLLATE({value}, '')";

    internal override string NextDay(string date) => $"DATEADD(day, 1, {date})";

    internal override string DaysBetween(string later, string earlier) => $"DATEDIFF(day, {earlier}, {later})";

    internal override string IsFinite(string value) => $"({value} > '-inf'::DOUBLE AND {value} < 'inf'::DOUBLE)";
}

internal sealed class BigQueryDialect : SqlDialect
{
    public override string Name => "BigQuery";

    internal override char IdentifierQuote => '`';

    internal override string ParameterMarker(int index) => "@" + ParameterName(index);

    internal override string DoubleType => "FLOAT64";

    internal override bool BackslashEscapes => true;

    internal override string Quote(string identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        if (identifier.Length == 0 || identifier.Contains('\0', StringComparison.Ordinal))
            throw new ArgumentException("A warehouse identifier cannot be empty or hold a NUL character.", nameof(identifier));
        // BigQuery escapes inside quoted identifiers with a backslash.
        return "`" + identifier.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("`", "\\`", StringComparison.Ordinal) + "`";
    }

    internal override string TextType => "STRING";

    internal override string NextDay(string date) => $"DATE_ADD({date}, INTERVAL 1 DAY)";

    internal override string DaysBetween(string later, string earlier) => $"DATE_DIFF({later}, {earlier}, DAY)";

    internal override string IsFinite(string value) => $"(NOT IS_NAN({value}) AND NOT IS_INF({value}))";

    internal override string Literal(string value)
    {
        if (value.Contains('\0', StringComparison.Ordinal)) throw new ArgumentException("A literal cannot hold a NUL character.", nameof(value));
        return "'" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";
    }
}
