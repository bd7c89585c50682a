using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace IcpAnalytics.Data;

/// <summary>
/// A block of CSV records split into fields by <see cref="SpanCsvRowSource"/>: each record's raw text copied into one
/// character buffer, with its fields as offsets into it. Blocks are recycled, so a load holds only a few at a time.
/// </summary>
internal sealed class CsvRecordBatch
{
    /// <summary>The most records a block holds (and the text it starts with, in characters).</summary>
    public const int MaxRecords = 2048;
    private const int InitialText = 1 << 18;

    /// <summary>A block sized for records of <paramref name="columns"/> fields (it grows for longer ones).</summary>
    public CsvRecordBatch(int columns)
    {
        int fields = MaxRecords * Math.Max(1, columns);
        FieldStart = new int[fields];
        FieldLength = new int[fields];
        Escaped = new bool[fields];
    }

    public char[] Text = new char[InitialText];
    public int TextLength;
    public int[] FieldStart;
    public int[] FieldLength;
    public bool[] Escaped;
    public int FieldCount;
    public readonly int[] FirstField = new int[MaxRecords];
    public readonly int[] Fields = new int[MaxRecords];
    public readonly int[] RecordStart = new int[MaxRecords];
    public readonly int[] RecordEnd = new int[MaxRecords];
    public readonly int[] Bad = new int[MaxRecords];
    public readonly bool[] Unclosed = new bool[MaxRecords];
    public readonly long[] Line = new long[MaxRecords];

    /// <summary>The line each record ends on (its <see cref="Line"/> plus the line breaks inside it), known to the splitter.</summary>
    public readonly long[] LastLine = new long[MaxRecords];
    public int Records;

    /// <summary>The provisional category code of each encoded column per record (record × columns), −1 when empty.</summary>
    public int[] Codes = [];

    /// <summary>Per encoded column, the levels first seen in this block, in order of their provisional codes.</summary>
    public List<string>[] NewLevels = [];

    public void Clear()
    {
        TextLength = 0;
        FieldCount = 0;
        Records = 0;
        foreach (List<string> levels in NewLevels) levels.Clear();
    }

    /// <summary>Copies a record in; false when the block is full (it then takes the record once cleared, growing as needed).</summary>
    public bool TryAppend(ReadOnlySpan<char> raw, ReadOnlySpan<int> starts, ReadOnlySpan<int> lengths, ReadOnlySpan<bool> escaped, int rawStart,
        long line, long lastLine, int bad, bool unclosed)
    {
        int fields = starts.Length;
        if (Records == MaxRecords) return false;
        if (TextLength + raw.Length > Text.Length || FieldCount + fields > FieldStart.Length)
        {
            if (Records > 0) return false;
            if (raw.Length > Text.Length) Array.Resize(ref Text, raw.Length);
            if (fields > FieldStart.Length)
            {
                Array.Resize(ref FieldStart, fields);
                Array.Resize(ref FieldLength, fields);
                Array.Resize(ref Escaped, fields);
            }
        }
        int r = Records++;
        int offset = TextLength - rawStart;
        raw.CopyTo(Text.AsSpan(TextLength));
        RecordStart[r] = TextLength;
        TextLength += raw.Length;
        RecordEnd[r] = TextLength;
        FirstField[r] = FieldCount;
        Fields[r] = fields;
        for (int i = 0; i < fields; i++)
        {
            FieldStart[FieldCount + i] = starts[i] + offset;
            FieldLength[FieldCount + i] = lengths[i];
        }
        escaped.CopyTo(Escaped.AsSpan(FieldCount));
        FieldCount += fields;
        Bad[r] = bad;
        Unclosed[r] = unclosed;
        Line[r] = line;
        LastLine[r] = lastLine;
        return true;
    }
}

/// <summary>A row source that can encode categorical cells itself, as it reads, in first-appearance order over every row.</summary>
internal interface ICategoryCodingSource
{
    /// <summary>
    /// Encodes the cells of these columns from now on; call before the first <see cref="IDealRowSource.Read"/>. Cells of the
    /// <paramref name="inferred"/> columns (whose type the loader decides) that look like numbers are left to the loader: their
    /// code is <see cref="PipelinedCsvRowSource.NotEncoded"/>.
    /// </summary>
    void EncodeCategories(IReadOnlyList<int> ordinals, IReadOnlyList<int> inferred);

    /// <summary>The current row's code at <paramref name="ordinal"/> (trimmed text; −1 when empty or absent; −2 when not encoded).</summary>
    int CategoryCode(int ordinal);

    /// <summary>The level texts of <paramref name="ordinal"/> by code, for every code handed out so far.</summary>
    List<string> CategoryLevels(int ordinal);
}

/// <summary>
/// Reads a CSV on two cores: a background thread decodes the text and splits it into records and fields
/// (<see cref="SpanCsvRowSource"/>, unchanged), in blocks of up to 2,048 records handed over in file order through a small bounded queue,
/// and encodes the categorical cells, while the loading thread parses the rest. Rows, line numbers, fields and problems are exactly those of the
/// single-threaded reader; memory stays bounded (three blocks of under a megabyte each).
/// </summary>
internal sealed class PipelinedCsvRowSource : IDealRowSource, ICategoryCodingSource
{
    private const int Blocks = 3;
    private readonly SpanCsvRowSource _splitter;
    private readonly BlockingCollection<CsvRecordBatch> _full = new(Blocks);
    private readonly BlockingCollection<CsvRecordBatch> _free = new(Blocks);
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private ExceptionDispatchInfo? _failure;
    private CsvRecordBatch? _batch;
    private int _record = -1;
    private char[] _scratch = new char[256];
    private bool _disposed;
    private bool _started;
    private int[] _encoded = [];
    private int[] _slotOfOrdinal = [];
    private List<string>[] _levels = [];

    public PipelinedCsvRowSource(SpanCsvRowSource splitter)
    {
        _splitter = splitter;
        for (int i = 0; i < Blocks; i++) _free.Add(new CsvRecordBatch(splitter.Columns.Count));
        _thread = new Thread(Split) { IsBackground = true, Name = "CSV record splitter" };
    }

    /// <summary>The code of a cell left for the loader to read itself (see <see cref="ICategoryCodingSource.EncodeCategories"/>).</summary>
    public const int NotEncoded = -2;

    private bool[] _numberLike = [];

    private static bool LooksNumeric(ReadOnlySpan<char> value) => char.IsAsciiDigit(value[0]) || value[0] is '-' or '+' or '.' or ',';

    public void EncodeCategories(IReadOnlyList<int> ordinals, IReadOnlyList<int> inferred)
    {
        if (_started) throw new InvalidOperationException("Categories must be chosen before the first row is read.");
        _encoded = [.. ordinals, .. inferred.Where(o => !ordinals.Contains(o))];
        _numberLike = [.. _encoded.Select(o => !ordinals.Contains(o))];
        _slotOfOrdinal = new int[Columns.Count];
        Array.Fill(_slotOfOrdinal, -1);
        for (int j = 0; j < _encoded.Length; j++) _slotOfOrdinal[_encoded[j]] = j;
        _levels = new List<string>[_encoded.Length];
        for (int j = 0; j < _levels.Length; j++) _levels[j] = [];
    }

    public int CategoryCode(int ordinal) => _batch!.Codes[_record * _encoded.Length + _slotOfOrdinal[ordinal]];

    public List<string> CategoryLevels(int ordinal) => _levels[_slotOfOrdinal[ordinal]];

    public string Source => _splitter.Source;

    public IReadOnlyList<string> Columns => _splitter.Columns;

    public string? Note => _splitter.Note;

    public long Line => _batch is null || _record < 0 ? 0 : _batch.Line[_record];

    public long LastLine => _batch is null || _record < 0 ? 0 : _batch.LastLine[_record];

    public void Use(IReadOnlyList<int> ordinals) => _splitter.Use(ordinals);

    private void Split()
    {
        try
        {
            int n = _encoded.Length;
            var index = new Dictionary<string, int>[n];
            var lookup = new Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>>[n];
            for (int j = 0; j < n; j++)
            {
                index[j] = new Dictionary<string, int>(StringComparer.Ordinal);
                lookup[j] = index[j].GetAlternateLookup<ReadOnlySpan<char>>();
            }
            CsvRecordBatch batch = Next();
            while (_splitter.Read())
            {
                if (!_splitter.AppendTo(batch))
                {
                    _full.Add(batch, _stop.Token);
                    batch = Next();
                    _splitter.AppendTo(batch);
                }
                if (n == 0) continue;
                // Encode the categorical cells in first-appearance order over every row; the loader maps these codes to its own
                // first-appearance order over the rows it keeps.
                int at = (batch.Records - 1) * n;
                int fields = _splitter.FieldCount;
                for (int j = 0; j < n; j++)
                {
                    int ordinal = _encoded[j];
                    int code = -1;
                    if (ordinal < fields)
                    {
                        ReadOnlySpan<char> value = _splitter.Field(ordinal).Trim();
                        if (!value.IsEmpty && _numberLike[j] && LooksNumeric(value)) code = NotEncoded;
                        else if (!value.IsEmpty && !lookup[j].TryGetValue(value, out code))
                        {
                            string level = value.ToString();
                            code = index[j].Count;
                            index[j].Add(level, code);
                            batch.NewLevels[j].Add(level);
                        }
                    }
                    batch.Codes[at + j] = code;
                }
            }
            if (batch.Records > 0) _full.Add(batch, _stop.Token);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // The reader was disposed before the end of the file.
        }
        catch (Exception e)
        {
            _failure = ExceptionDispatchInfo.Capture(e);
        }
        finally
        {
            _full.CompleteAdding();
        }

        CsvRecordBatch Next()
        {
            CsvRecordBatch b = _free.Take(_stop.Token);
            int n = _encoded.Length;
            if (b.NewLevels.Length != n)
            {
                b.NewLevels = new List<string>[n];
                for (int j = 0; j < n; j++) b.NewLevels[j] = [];
                b.Codes = new int[CsvRecordBatch.MaxRecords * n];
            }
            b.Clear();
            return b;
        }
    }

    public bool Read()
    {
        if (!_started)
        {
            _started = true;
            if (Columns.Count > 0) _thread.Start();
            else _full.CompleteAdding();
        }
        if (_batch is not null && ++_record < _batch.Records) return true;
        if (_batch is not null)
        {
            _free.Add(_batch);
            _batch = null;
        }
        if (!_full.TryTake(out CsvRecordBatch? next, Timeout.Infinite))
        {
            _failure?.Throw();
            return false;
        }
        _batch = next;
        _record = 0;
        for (int j = 0; j < _levels.Length; j++) _levels[j].AddRange(next.NewLevels[j]);
        return true;
    }

    private ReadOnlySpan<char> FieldSpan(int ordinal)
    {
        CsvRecordBatch b = _batch!;
        int f = b.FirstField[_record] + ordinal;
        ReadOnlySpan<char> raw = b.Text.AsSpan(b.FieldStart[f], b.FieldLength[f]);
        return b.Escaped[f] ? SpanCsvRowSource.Unescape(raw, ref _scratch) : raw;
    }

    public RowProblem? CheckRow()
    {
        CsvRecordBatch b = _batch!;
        int r = _record;
        return SpanCsvRowSource.Problem(b.Unclosed[r], b.Fields[r], Columns.Count, b.Bad[r], b.Text.AsSpan(b.RecordStart[r], b.RecordEnd[r] - b.RecordStart[r]), _splitter.Delimiter);
    }

    public CellKind Cell(int ordinal, out ReadOnlySpan<char> text, out double number)
    {
        number = 0;
        text = FieldSpan(ordinal);
        return text.IsWhiteSpace() ? CellKind.Missing : CellKind.Text;
    }

    public string? Text(int ordinal) => FieldSpan(ordinal).ToString();

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _stop.Cancel();
        if (_thread.IsAlive) _thread.Join();
        _splitter.Dispose();
        _stop.Dispose();
        _full.Dispose();
        _free.Dispose();
    }
}
