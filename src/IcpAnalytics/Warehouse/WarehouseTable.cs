namespace IcpAnalytics.Warehouses;

/// <summary>
/// Where a warehouse source reads from: a table or view by name (each part quoted, so a name can hold any character), or,
/// on DuckDB, Parquet or CSV files read in place (<c>read_parquet</c>, <c>read_csv</c>), which gives exports far bigger
/// than memory a fast path.
/// </summary>
public sealed class WarehouseTable
{
    private readonly Func<SqlDialect, string> _sql;

    private WarehouseTable(string description, Func<SqlDialect, string> sql, bool filesOnly)
    {
        Description = description;
        _sql = sql;
        NeedsDuckDb = filesOnly;
    }

    /// <summary>The table in words, as the report's source line names it ("table sales.deals", "Parquet files deals/*.parquet").</summary>
    public string Description { get; }

    internal bool NeedsDuckDb { get; }

    /// <summary>A table or view: <c>Named("deals")</c>, <c>Named("sales", "deals")</c>, <c>Named("db", "sales", "deals")</c>.</summary>
    /// <param name="parts">The name's parts, outermost first (catalog, schema, table); each is quoted, never split at dots.</param>
    /// <exception cref="ArgumentException">No part is given, or a part is empty.</exception>
    public static WarehouseTable Named(params string[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Length is 0 or > 3) throw new ArgumentException("Name the table with 1 to 3 parts: table, schema and table, or catalog, schema and table.", nameof(parts));
        foreach (string p in parts)
        {
            if (string.IsNullOrEmpty(p) || p.Contains('\0', StringComparison.Ordinal))
                throw new ArgumentException("A table name part cannot be empty or hold a NUL character.", nameof(parts));
        }
        string[] copy = [.. parts];
        return new WarehouseTable("table " + string.Join(".", copy), d => string.Join(".", copy.Select(d.Quote)), filesOnly: false);
    }

    /// <summary>Parquet files read in place by DuckDB: one file, or a glob such as <c>exports/deals-*.parquet</c>.</summary>
    /// <param name="path">The file or glob.</param>
    public static WarehouseTable ParquetFiles(string path) => Files(path, "Parquet", "read_parquet");

    /// <summary>A CSV file read in place by DuckDB (header row, types detected by DuckDB).</summary>
    /// <param name="path">The file or glob.</param>
    public static WarehouseTable CsvFiles(string path) => Files(path, "CSV", "read_csv");

    private static WarehouseTable Files(string path, string kind, string function)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!path.Contains('*', StringComparison.Ordinal) && !File.Exists(path))
            throw new FileNotFoundException($"The {kind} file '{path}' does not exist. Check the path (relative paths start at '{Environment.CurrentDirectory}').", path);
        return new WarehouseTable($"{kind} files {path}", d => $"{function}({d.Literal(path)})", filesOnly: true);
    }

    internal string Sql(SqlDialect dialect)
    {
        if (NeedsDuckDb && dialect is not DuckDbDialect)
            throw new InvalidOperationException($"{Description} can be read in place only by DuckDB; use SqlDialect.DuckDb with a DuckDB connection, or load the files into a table.");
        return _sql(dialect);
    }

    /// <inheritdoc/>
    public override string ToString() => Description;
}
