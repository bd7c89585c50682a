using System.Data;
using System.Data.Common;
using IcpAnalytics.Data;

namespace IcpAnalytics.Warehouses;

/// <summary>
/// Entry point of the warehouse sources: <c>Warehouse.Deals(connection, SqlDialect.PostgreSql, WarehouseTable.Named("sales", "deals"), map =&gt; …)</c>.
/// The connection is yours (opened by you, with the credentials you chose); IcpAnalytics only ever sends it read-only
/// SELECT statements it generated, and never puts the connection string or its parts into a message or report.
/// </summary>
public static class Warehouse
{
    /// <summary>
    /// Closed deals in a warehouse table, mapped like a CSV. The table's columns are read from the warehouse (a probe that
    /// returns no rows) and the map is resolved on them by the same rules as for a file, so a name that is not in the table
    /// fails here with the columns found.
    /// </summary>
    /// <param name="connection">An open connection (Npgsql, DuckDB.NET, a Snowflake, BigQuery or Spark ADO.NET provider).</param>
    /// <param name="dialect">The warehouse's SQL dialect.</param>
    /// <param name="table">The table, view, or (DuckDB) Parquet or CSV files.</param>
    /// <param name="map">Maps columns to the parts of a deal; null infers everything from the column names.</param>
    /// <param name="options">Labels, policy and the statement timeout; null uses the defaults.</param>
    /// <param name="cancellationToken">Cancels the probe.</param>
    /// <returns>The warehouse deals: sums pushed down, or pulled with <see cref="WarehouseDeals.Load"/>.</returns>
    /// <exception cref="DealDataException">A mapped column is not in the table, or a numeric part is not a numeric column.</exception>
    /// <exception cref="WarehouseQueryException">The table cannot be read (it does not exist, or no permission).</exception>
    public static WarehouseDeals Deals(DbConnection connection, SqlDialect dialect, WarehouseTable table, Action<DealColumnMap>? map = null,
        WarehouseOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        return Deals(connection, dialect, s => s.Append(table.Sql(dialect)), dialect.Name + " " + table.Description, map, options, cancellationToken);
    }

    internal static WarehouseDeals Deals(DbConnection connection, SqlDialect dialect, Action<SqlStatement> from, string source,
        Action<DealColumnMap>? map, WarehouseOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(dialect);
        options ??= new WarehouseOptions();
        options.Validate();
        if (connection.State != ConnectionState.Open)
            throw new InvalidOperationException("Open the connection before passing it to Warehouse.Deals (IcpAnalytics does not open, close or keep connection strings).");
        source = options.Load.SourceName ?? source;
        var probe = new SqlStatement(dialect);
        probe.Append("SELECT * FROM ");
        from(probe);
        probe.Append(" AS t WHERE 1 = 0");
        string[] columns = [];
        Type[] types = [];
        Run(connection, dialect, options.CommandTimeout, source, "reading the table's columns", probe, reader =>
        {
            columns = new string[reader.FieldCount];
            types = new Type[reader.FieldCount];
            for (int i = 0; i < columns.Length; i++)
            {
                columns[i] = reader.GetName(i);
                types[i] = reader.GetFieldType(i);
            }
        }, cancellationToken);
        var resolved = new DealColumnMap();
        map?.Invoke(resolved);
        WarehouseSchema schema = WarehouseSchema.Resolve(columns, types, resolved, options.Load, from, source);
        return new WarehouseDeals(connection, dialect, schema, map, options);
    }

    /// <summary>
    /// Runs one statement: checked to be one read-only SELECT, in a read-only transaction where the warehouse has one
    /// (PostgreSQL), with the command timeout, cancelled through the provider when <paramref name="cancellationToken"/> fires.
    /// A provider error becomes a <see cref="WarehouseQueryException"/> that says what was being done, not the provider's
    /// text (kept as the inner exception, as it can quote data).
    /// </summary>
    internal static void Run(DbConnection connection, SqlDialect dialect, TimeSpan timeout, string source, string what, SqlStatement statement,
        Action<DbDataReader> read, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        DbTransaction? transaction = null;
        try
        {
            transaction = dialect.BeginReadOnly(connection, timeout);
            using DbCommand command = statement.CreateCommand(connection, transaction, timeout);
            using CancellationTokenRegistration registration = cancellationToken.Register(() =>
            {
                try { command.Cancel(); }
                catch (DbException) { }
                catch (InvalidOperationException) { }
            });
            using (DbDataReader reader = command.ExecuteReader())
            {
                read(reader);
            }
            cancellationToken.ThrowIfCancellationRequested();
            // Nothing was written: ending the read-only transaction by rollback leaves the warehouse as it was.
            transaction?.Rollback();
        }
        catch (DbException e) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException($"{source}: {what} was cancelled.", e, cancellationToken);
        }
        catch (DbException e)
        {
            throw new WarehouseQueryException(
                $"{source}: {what} failed in the warehouse ({e.GetType().Name}{(e.SqlState is { Length: > 0 } state ? ", SQLSTATE " + state : "")}). Check that the table exists and the connection's user may read it; statements run at most {timeout.TotalSeconds:0} s (WarehouseOptions.CommandTimeout). The provider's message is in InnerException (it may quote data, so it is not repeated here).",
                e);
        }
        finally
        {
            transaction?.Dispose();
        }
    }
}

/// <summary>A warehouse statement failed: the table does not exist, the user may not read it, or it timed out. The provider's error is the inner exception.</summary>
public sealed class WarehouseQueryException : IcpAnalyticsException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was being done and the likely fix.</param>
    /// <param name="innerException">The provider's exception.</param>
    public WarehouseQueryException(string message, Exception innerException) : base(message, innerException) { }
}
