using System.Buffers;
using System.Data;
using System.Text;

namespace IcpAnalytics.Data;

public sealed partial class DealSet
{
    /// <summary>
    /// Loads closed deals from a CSV file (a CRM export), streaming it row by row. Columns are mapped by <paramref name="map"/>,
    /// or inferred from common names (see <see cref="DealColumnMap"/>); open deals are set aside and counted; bad rows are
    /// handled as <see cref="DealLoadOptions.Policy"/> says. UTF-8 with or without a byte order mark.
    /// </summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="map">Maps columns to the parts of a deal; null infers everything from the column names.</param>
    /// <param name="options">Policy, delimiter, culture, date formats and outcome labels; null uses the defaults.</param>
    /// <returns>The deals, with their <see cref="LoadReport"/>.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DealDataException">A required column is missing, the file has no deals, or (strict policy) a row is bad.</exception>
    /// <exception cref="InvalidOptionsException">An option is invalid.</exception>
    /// <example><code>
    /// var deals = DealSet.FromCsv("deals.csv", map =&gt; map
    ///     .Outcome("stage", won: ["Closed Won"], lost: ["Closed Lost"])
    ///     .Revenue("amount").Margin("gross_margin")
    ///     .Effort("meetings", "demos", "calls").EffortHours("hours")
    ///     .Attribute("industry").Attribute("employees", bands: [50, 200, 1000, 5000]));
    /// </code></example>
    public static DealSet FromCsv(string path, Action<DealColumnMap>? map = null, DealLoadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"The deals file '{path}' does not exist. Check the path (relative paths start at '{Environment.CurrentDirectory}').", path);
        options ??= new DealLoadOptions();
        options.Validate();
        // One open: a pipe or FIFO (icp report <(zcat deals.csv.gz)) can be read only once, so the estimating pass runs
        // only on a seekable file, which is then rewound.
        StreamReader text = OpenText(path);
        int capacity;
        try
        {
            capacity = text.BaseStream.CanSeek ? EstimateRows(text.BaseStream) : 0; // nothing read through the reader yet
        }
        catch
        {
            text.Dispose();
            throw;
        }
        using IDealRowSource source = SpanCsvRowSource.Open(text, options.SourceName ?? path, options);
        return DealLoader.Load(source, Map(map), options, capacity);
    }

    /// <summary>Loads closed deals from CSV text read from <paramref name="reader"/> (see <see cref="FromCsv(string, Action{DealColumnMap}?, DealLoadOptions?)"/>).</summary>
    /// <param name="reader">The CSV text; it is read to the end and not closed.</param>
    /// <param name="map">Maps columns to the parts of a deal; null infers everything from the column names.</param>
    /// <param name="options">Policy, delimiter, culture, date formats and outcome labels; null uses the defaults.</param>
    /// <returns>The deals, with their <see cref="LoadReport"/>.</returns>
    public static DealSet FromCsv(TextReader reader, Action<DealColumnMap>? map = null, DealLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        options ??= new DealLoadOptions();
        options.Validate();
        using IDealRowSource source = SpanCsvRowSource.Open(new NonClosingReader(reader), options.SourceName ?? "CSV", options);
        return DealLoader.Load(source, Map(map), options, 0);
    }

    /// <summary>Loads closed deals from a UTF-8 CSV stream, with or without a byte order mark (see <see cref="FromCsv(string, Action{DealColumnMap}?, DealLoadOptions?)"/>).</summary>
    /// <param name="stream">The CSV bytes; read to the end and not closed.</param>
    /// <param name="map">Maps columns to the parts of a deal; null infers everything from the column names.</param>
    /// <param name="options">Policy, delimiter, culture, date formats and outcome labels; null uses the defaults.</param>
    /// <returns>The deals, with their <see cref="LoadReport"/>.</returns>
    public static DealSet FromCsv(Stream stream, Action<DealColumnMap>? map = null, DealLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new StreamReader(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
        return FromCsv(reader, map, options);
    }

    /// <summary>
    /// Loads closed deals from your own objects through typed selectors, with the same validation and report as a CSV:
    /// <c>DealSet.FromObjects(deals, m =&gt; m.DealId(d =&gt; d.Id).Won(d =&gt; d.Won).Revenue(d =&gt; d.Amount))</c>.
    /// </summary>
    /// <typeparam name="T">The type of your deal objects.</typeparam>
    /// <param name="deals">The deals, enumerated once.</param>
    /// <param name="map">Selects each part of a deal; outcome and revenue are required.</param>
    /// <param name="options">Policy and outcome labels; null uses the defaults. Record numbers (from 1) stand in for lines.</param>
    /// <returns>The deals, with their <see cref="LoadReport"/>.</returns>
    public static DealSet FromObjects<T>(IEnumerable<T> deals, Action<DealObjectMap<T>> map, DealLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(deals);
        ArgumentNullException.ThrowIfNull(map);
        options ??= new DealLoadOptions();
        var objectMap = new DealObjectMap<T>();
        map(objectMap);
        int capacity = deals is IReadOnlyCollection<T> c ? c.Count : deals is ICollection<T> list ? list.Count : 0;
        using var source = new ObjectRowSource<T>(deals, objectMap, options.SourceName ?? "objects");
        return DealLoader.Load(source, objectMap.Names, options, capacity);
    }

    /// <summary>
    /// Loads closed deals from a database query through any ADO.NET provider, mapping the reader's columns like a CSV's
    /// (numbers, booleans and dates arrive typed; text is parsed with <see cref="DealLoadOptions.Culture"/>).
    /// </summary>
    /// <param name="reader">A reader positioned before the first row; it is read to the end and not closed.</param>
    /// <param name="map">Maps columns to the parts of a deal; null infers everything from the column names.</param>
    /// <param name="options">Policy, culture, date formats and outcome labels; null uses the defaults. Record numbers (from 1) stand in for lines.</param>
    /// <returns>The deals, with their <see cref="LoadReport"/>.</returns>
    public static DealSet FromDataReader(IDataReader reader, Action<DealColumnMap>? map = null, DealLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        options ??= new DealLoadOptions();
        using var source = new DataReaderRowSource(reader, options.SourceName ?? "database reader");
        return DealLoader.Load(source, Map(map), options, 0);
    }

    private static DealColumnMap Map(Action<DealColumnMap>? map)
    {
        var result = new DealColumnMap();
        map?.Invoke(result);
        return result;
    }

    internal static StreamReader OpenText(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"The file '{path}' does not exist.", path);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return new StreamReader(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
    }

    /// <summary>
    /// An upper bound on the data rows of a file from one fast pass counting line breaks (quoted line breaks and blank lines
    /// only make it larger), so the columns can be sized once: loading then allocates each column exactly once. The
    /// stream is rewound to its start afterwards.
    /// </summary>
    internal static int EstimateRows(Stream stream)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            long lines = 0;
            int read;
            byte last = (byte)'\n';
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                lines += buffer.AsSpan(0, read).Count((byte)'\n');
                last = buffer[read - 1];
            }
            if (last != (byte)'\n') lines++;
            stream.Position = 0;
            return (int)Math.Clamp(lines - 1, 0, Array.MaxLength);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Passes reads through and leaves the caller's reader open.</summary>
    private sealed class NonClosingReader(TextReader inner) : TextReader
    {
        public override int Peek() => inner.Peek();

        public override int Read() => inner.Read();

        public override int Read(char[] buffer, int index, int count) => inner.Read(buffer, index, count);

        public override int Read(Span<char> buffer) => inner.Read(buffer);

        public override string? ReadLine() => inner.ReadLine();

        public override string ReadToEnd() => inner.ReadToEnd();
    }
}
