using System.Globalization;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Parquet;
using Parquet.Schema;
using Array = System.Array;

namespace IcpAnalytics.Data;

/// <summary>
/// Rows of a columnar input (Arrow record batches, Parquet row groups) for the one loader engine: each batch's used columns
/// are typed arrays, read cell by cell by record number (from 1, across batches), as a database reader's typed values are:
/// numbers and booleans as numbers, dates and timestamps as dates (a time of day is ignored), text parsed by the column's role.
/// </summary>
internal abstract class ColumnarRowSource : IDealRowSource
{
    private readonly string[] _columns;
    private bool[] _used;
    private int _row = -1, _rows;
    private long _record;

    protected ColumnarRowSource(string source, string[] columns)
    {
        Source = source;
        _columns = [.. columns.Select(c => c.Trim())];
        _used = [.. columns.Select(_ => true)];
    }

    public string Source { get; }

    public IReadOnlyList<string> Columns => _columns;

    public abstract string? Note { get; }

    public long Line => _record;

    public long LastLine => _record;

    /// <summary>The current batch's columns (null for unused ones).</summary>
    protected Array?[] Batch { get; private set; } = [];

    protected bool IsUsed(int ordinal) => _used[ordinal];

    public void Use(IReadOnlyList<int> ordinals)
    {
        _used = new bool[_columns.Length];
        foreach (int o in ordinals) _used[o] = true;
    }

    /// <summary>Reads the next batch into <see cref="Batch"/> (the used columns) and returns its row count; false at the end.</summary>
    protected abstract bool NextBatch(out Array?[] columns, out int rows);

    public bool Read()
    {
        while (++_row >= _rows)
        {
            if (!NextBatch(out Array?[] columns, out _rows)) return false;
            Batch = columns;
            _row = -1;
        }
        _record++;
        return true;
    }

    public RowProblem? CheckRow() => null;

    public CellKind Cell(int ordinal, out ReadOnlySpan<char> text, out double number) => DataReaderRowSource.TypedCell(Value(ordinal), out text, out number);

    public string? Text(int ordinal) => Value(ordinal) switch
    {
        null => null,
        string s => s,
        DateTime dt => dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        object o => o.ToString(),
    };

    /// <summary>The current row's value of a column, boxed (null when missing).</summary>
    private object? Value(int ordinal) => Batch[ordinal]?.GetValue(_row);

    public virtual void Dispose()
    {
    }
}

/// <summary>Arrow record batches (in memory, or read from an Arrow IPC file or stream one batch at a time).</summary>
internal sealed class ArrowRowSource : ColumnarRowSource
{
    private readonly IEnumerator<RecordBatch> _batches;
    private readonly IDisposable? _owned;

    private ArrowRowSource(string source, string[] columns, IEnumerator<RecordBatch> batches, IDisposable? owned)
        : base(source, columns)
    {
        _batches = batches;
        _owned = owned;
    }

    public override string? Note => null;

    /// <summary>Batches that share the schema of <paramref name="schema"/>.</summary>
    internal static ArrowRowSource Open(Apache.Arrow.Schema schema, IEnumerable<RecordBatch> batches, string source, IDisposable? owned = null) =>
        new(source, [.. schema.FieldsList.Select(f => f.Name)], batches.GetEnumerator(), owned);

    /// <summary>An Arrow IPC file (magic ARROW1) or stream, read batch by batch.</summary>
    internal static ArrowRowSource OpenFile(string path, string source)
    {
        FileStream stream = File.OpenRead(path);
        try
        {
            Span<byte> magic = stackalloc byte[6];
            int n = stream.Read(magic);
            stream.Position = 0;
            ArrowReaderImplementationHolder reader = n == 6 && magic.SequenceEqual("ARROW1"u8)
                ? new ArrowReaderImplementationHolder(new ArrowFileReader(stream, leaveOpen: false))
                : new ArrowReaderImplementationHolder(new ArrowStreamReader(stream, leaveOpen: false));
            Apache.Arrow.Schema schema = reader.Schema;
            return new ArrowRowSource(source, [.. schema.FieldsList.Select(f => f.Name)], reader.Batches().GetEnumerator(), reader);
        }
        catch (Exception e) when (e is not (FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException))
        {
            stream.Dispose();
            throw new DealDataException($"{source}: the file is not an Arrow IPC file or stream ({e.GetType().Name}). Write it with an Arrow IPC writer (e.g. pyarrow.ipc.new_file or Feather v2).",
                LoadReport.NothingRead(source), source, 0, null);
        }
    }

    protected override bool NextBatch(out Array?[] columns, out int rows)
    {
        columns = [];
        rows = 0;
        if (!_batches.MoveNext()) return false;
        RecordBatch batch = _batches.Current;
        rows = batch.Length;
        columns = new Array?[batch.ColumnCount];
        for (int i = 0; i < columns.Length; i++)
        {
            if (IsUsed(i)) columns[i] = Values(batch.Column(i), rows);
        }
        return true;
    }

    /// <summary>An Arrow array as a .NET array of boxed-able values (null where missing).</summary>
    private static Array Values(IArrowArray array, int rows)
    {
        var values = new object?[rows];
        switch (array)
        {
            case StringArray s:
                for (int i = 0; i < rows; i++) values[i] = s.IsNull(i) ? null : s.GetString(i);
                break;
            case DictionaryArray d:
                Array dictionary = Values(d.Dictionary, d.Dictionary.Length);
                for (int i = 0; i < rows; i++) values[i] = d.IsNull(i) ? null : dictionary.GetValue(Index(d.Indices, i));
                break;
            case Date32Array a:
                for (int i = 0; i < rows; i++) values[i] = a.GetDateOnly(i);
                break;
            case Date64Array a:
                for (int i = 0; i < rows; i++) values[i] = a.GetDateOnly(i);
                break;
            case TimestampArray a:
                for (int i = 0; i < rows; i++) values[i] = a.GetTimestamp(i);
                break;
            case BooleanArray a:
                for (int i = 0; i < rows; i++) values[i] = a.GetValue(i);
                break;
            case DoubleArray a:
                for (int i = 0; i < rows; i++) values[i] = a.GetValue(i);
                break;
            case FloatArray a:
                for (int i = 0; i < rows; i++) values[i] = a.GetValue(i);
                break;
            case Int64Array a:
                for (int i = 0; i < rows; i++) values[i] = a.GetValue(i);
                break;
            case Int32Array a:
                for (int i = 0; i < rows; i++) values[i] = a.GetValue(i);
                break;
            case Int16Array a:
                for (int i = 0; i < rows; i++) values[i] = a.GetValue(i);
                break;
            case Int8Array a:
                for (int i = 0; i < rows; i++) values[i] = a.GetValue(i);
                break;
            case UInt64Array a:
                for (int i = 0; i < rows; i++) values[i] = a.GetValue(i);
                break;
            case UInt32Array a:
                for (int i = 0; i < rows; i++) values[i] = a.GetValue(i);
                break;
            case Decimal128Array a:
                for (int i = 0; i < rows; i++) values[i] = a.GetValue(i);
                break;
            case NullArray:
                break;
            default:
                throw new DealDataException($"The Arrow type {array.Data.DataType.Name} is not read; cast the column to text, a number, a date or a timestamp before writing.",
                    LoadReport.NothingRead("Arrow input"), "Arrow input", 0, null);
        }
        return values;
    }

    private static int Index(IArrowArray indices, int i) => indices switch
    {
        Int8Array a => a.GetValue(i)!.Value,
        Int16Array a => a.GetValue(i)!.Value,
        Int32Array a => a.GetValue(i)!.Value,
        Int64Array a => checked((int)a.GetValue(i)!.Value),
        UInt8Array a => a.GetValue(i)!.Value,
        UInt16Array a => a.GetValue(i)!.Value,
        UInt32Array a => checked((int)a.GetValue(i)!.Value),
        _ => throw new DealDataException("An Arrow dictionary column has indices of an unsupported type.", LoadReport.NothingRead("Arrow input"), "Arrow input", 0, null),
    };

    public override void Dispose()
    {
        _batches.Dispose();
        _owned?.Dispose();
    }

    /// <summary>Either IPC reader, read to the end batch by batch.</summary>
    private sealed class ArrowReaderImplementationHolder : IDisposable
    {
        private readonly ArrowFileReader? _file;
        private readonly ArrowStreamReader? _stream;

        internal ArrowReaderImplementationHolder(ArrowFileReader file) => _file = file;

        internal ArrowReaderImplementationHolder(ArrowStreamReader stream) => _stream = stream;

        internal Apache.Arrow.Schema Schema => _file is not null ? _file.Schema : _stream!.Schema;

        internal IEnumerable<RecordBatch> Batches()
        {
            while ((_file is not null ? _file.ReadNextRecordBatch() : _stream!.ReadNextRecordBatch()) is RecordBatch batch)
            {
                using (batch) yield return batch;
            }
        }

        public void Dispose()
        {
            _file?.Dispose();
            _stream?.Dispose();
        }
    }
}

/// <summary>A Parquet file read row group by row group with Parquet.Net, only the used columns decoded.</summary>
internal sealed class ParquetRowSource : ColumnarRowSource
{
    private readonly FileStream _stream;
    private readonly ParquetReader _reader;
    private readonly DataField[] _fields;
    private int _group = -1;

    private ParquetRowSource(string source, FileStream stream, ParquetReader reader, DataField[] fields)
        : base(source, [.. fields.Select(f => f.Name)])
    {
        _stream = stream;
        _reader = reader;
        _fields = fields;
    }

    public override string? Note => null;

    internal static ParquetRowSource Open(string path, string source)
    {
        FileStream stream = File.OpenRead(path);
        try
        {
            ParquetReader reader = ParquetReader.CreateAsync(stream, new ParquetOptions { UseDateOnlyTypeForDates = true }).GetAwaiter().GetResult();
            return new ParquetRowSource(source, stream, reader, reader.Schema.GetDataFields());
        }
        catch (Exception e) when (e is not (FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException))
        {
            stream.Dispose();
            throw new DealDataException($"{source}: the file is not a Parquet file ({e.GetType().Name}). Export it as Parquet, or load it as CSV with DealSet.FromCsv.",
                LoadReport.NothingRead(source), source, 0, null);
        }
    }

    protected override bool NextBatch(out Array?[] columns, out int rows)
    {
        columns = [];
        rows = 0;
        if (++_group >= _reader.RowGroupCount) return false;
        using ParquetRowGroupReader group = _reader.OpenRowGroupReader(_group);
        rows = checked((int)group.RowCount);
        columns = new Array?[_fields.Length];
        for (int i = 0; i < _fields.Length; i++)
        {
            if (IsUsed(i)) columns[i] = ReadColumn(group, _fields[i], rows);
        }
        return true;
    }

    private string Unsupported(DataField f) =>
        $"{Source}, column '{f.Name}': the Parquet type {f.ClrType.Name}{(f.IsArray ? " (a list)" : "")} is not read; write the column as text, a number, a date or a timestamp.";

    private Array ReadColumn(ParquetRowGroupReader g, DataField f, int rows)
    {
        if (f.IsArray) throw new DealDataException(Unsupported(f), LoadReport.NothingRead(Source), Source, 0, f.Name);
        Type t = f.ClrType;
        if (t == typeof(string) || t == typeof(ReadOnlyMemory<char>))
        {
            var a = new string?[rows];
            g.ReadAsync(f, a.AsMemory()).AsTask().GetAwaiter().GetResult();
            return a;
        }
        if (t == typeof(double)) return Read<double>(g, f, rows);
        if (t == typeof(float)) return Read<float>(g, f, rows);
        if (t == typeof(decimal)) return Read<decimal>(g, f, rows);
        if (t == typeof(long)) return Read<long>(g, f, rows);
        if (t == typeof(int)) return Read<int>(g, f, rows);
        if (t == typeof(short)) return Read<short>(g, f, rows);
        if (t == typeof(bool)) return Read<bool>(g, f, rows);
        if (t == typeof(DateOnly)) return Read<DateOnly>(g, f, rows);
        if (t == typeof(DateTime)) return Read<DateTime>(g, f, rows);
        if (t == typeof(DateTimeOffset)) return Read<DateTimeOffset>(g, f, rows);
        throw new DealDataException(Unsupported(f), LoadReport.NothingRead(Source), Source, 0, f.Name);
    }

    private static Array Read<T>(ParquetRowGroupReader g, DataField f, int rows) where T : struct
    {
        if (f.IsNullable)
        {
            var a = new T?[rows];
            g.ReadAsync<T>(f, a.AsMemory(), null).AsTask().GetAwaiter().GetResult();
            return a;
        }
        var b = new T[rows];
        g.ReadAsync<T>(f, b.AsMemory(), null).AsTask().GetAwaiter().GetResult();
        return b;
    }

    public override void Dispose()
    {
        _reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _stream.Dispose();
    }
}
