using Apache.Arrow;

namespace IcpAnalytics.Data;

public sealed partial class DealSet
{
    /// <summary>
    /// Loads closed deals from Arrow record batches (e.g. from an Arrow Flight or ADBC client, or a data frame library),
    /// through the loader every source uses: the same column map, validation and <see cref="LoadReport"/> as
    /// <see cref="FromCsv(string, Action{DealColumnMap}?, DealLoadOptions?)"/>. Numbers, booleans, dates and timestamps arrive
    /// typed (a time of day is ignored); text, and dictionary-encoded text, is parsed as a CSV cell. Record numbers (from 1,
    /// across batches) stand in for lines in rejects.
    /// </summary>
    /// <param name="schema">The batches' schema (its field names are the columns).</param>
    /// <param name="batches">The record batches, enumerated once, all of <paramref name="schema"/>.</param>
    /// <param name="map">Maps columns to the parts of a deal; null infers everything from the column names.</param>
    /// <param name="options">Policy, culture, date formats and outcome labels; null uses the defaults.</param>
    /// <returns>The deals, with their <see cref="LoadReport"/>.</returns>
    /// <exception cref="DealDataException">A column has an Arrow type that is not read (a list, a struct, binary), or (strict policy) a row is bad.</exception>
    public static DealSet FromArrow(Apache.Arrow.Schema schema, IEnumerable<RecordBatch> batches, Action<DealColumnMap>? map = null, DealLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(batches);
        options ??= new DealLoadOptions();
        using ArrowRowSource source = ArrowRowSource.Open(schema, batches, options.SourceName ?? "Arrow batches");
        return DealLoader.Load(source, Map(map), options, 0);
    }

    /// <summary>
    /// Loads closed deals from an Arrow IPC file (Feather v2, <c>.arrow</c>) or an Arrow IPC stream, read one record batch at a
    /// time, as <see cref="FromArrow(Apache.Arrow.Schema, IEnumerable{RecordBatch}, Action{DealColumnMap}?, DealLoadOptions?)"/> does.
    /// </summary>
    /// <param name="path">The Arrow file.</param>
    /// <param name="map">Maps columns to the parts of a deal; null infers everything from the column names.</param>
    /// <param name="options">As for <see cref="FromCsv(string, Action{DealColumnMap}?, DealLoadOptions?)"/>; <see cref="DealLoadOptions.SourceName"/> names the file (default: its file name).</param>
    /// <returns>The deals, with their <see cref="LoadReport"/>.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DealDataException">The file is not Arrow IPC, a column's type is not read, or (strict policy) a row is bad.</exception>
    public static DealSet FromArrow(string path, Action<DealColumnMap>? map = null, DealLoadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ThrowIfMissing(path);
        options ??= new DealLoadOptions();
        using ArrowRowSource source = ArrowRowSource.OpenFile(path, options.SourceName ?? Path.GetFileName(path));
        return DealLoader.Load(source, Map(map), options, 0);
    }

    /// <summary>
    /// Loads closed deals from a Parquet file (a warehouse export), read row group by row group with Parquet.Net, only the
    /// mapped columns decoded, through the loader every source uses: the same column map, validation and
    /// <see cref="LoadReport"/> as a CSV. Numbers, booleans, dates and timestamps arrive typed; text is parsed as a CSV cell.
    /// Record numbers (from 1) stand in for lines in rejects. For files bigger than memory, sum them where they lie with
    /// <c>WarehouseTable.ParquetFiles</c> in DuckDB instead.
    /// </summary>
    /// <param name="path">The Parquet file.</param>
    /// <param name="map">Maps columns to the parts of a deal; null infers everything from the column names.</param>
    /// <param name="options">As for <see cref="FromCsv(string, Action{DealColumnMap}?, DealLoadOptions?)"/>; <see cref="DealLoadOptions.SourceName"/> names the file (default: its file name).</param>
    /// <returns>The deals, with their <see cref="LoadReport"/>.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DealDataException">The file is not Parquet, a column's type is not read (a list, binary), or (strict policy) a row is bad.</exception>
    public static DealSet FromParquet(string path, Action<DealColumnMap>? map = null, DealLoadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ThrowIfMissing(path);
        options ??= new DealLoadOptions();
        using ParquetRowSource source = ParquetRowSource.Open(path, options.SourceName ?? Path.GetFileName(path));
        return DealLoader.Load(source, Map(map), options, 0);
    }

    private static void ThrowIfMissing(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"The file '{path}' does not exist. Check the path (relative paths start at '{Environment.CurrentDirectory}').", path);
    }
}
