using System.Data;
using System.Globalization;
using System.Text;
using CsvHelper;

namespace IcpAnalytics.Data;

/// <summary>What a cell holds, as a source delivers it.</summary>
internal enum CellKind
{
    /// <summary>Empty, null or DBNull.</summary>
    Missing,

    /// <summary>Text, to be parsed according to the column's role.</summary>
    Text,

    /// <summary>A number (a boolean is 1 or 0).</summary>
    Number,

    /// <summary>A date, as a <see cref="DateOnly.DayNumber"/>.</summary>
    Date,
}

/// <summary>A problem with a whole row (field count, quoting), found before its cells are read.</summary>
internal readonly record struct RowProblem(int Ordinal, string Reason, string Fix, string? RawValue);

/// <summary>Rows of cells from a CSV file, a database reader or objects: what the one loader engine reads.</summary>
internal interface IDealRowSource : IDisposable
{
    /// <summary>The source's name in reports and messages (a path, "objects", "database reader").</summary>
    string Source { get; }

    /// <summary>The column names (a CSV header, a reader's field names); empty when the input is empty.</summary>
    IReadOnlyList<string> Columns { get; }

    /// <summary>What to say about how the source was read (e.g. the detected delimiter), or null.</summary>
    string? Note { get; }

    /// <summary>Tells the source which columns are used, so it reads only those.</summary>
    void Use(IReadOnlyList<int> ordinals);

    /// <summary>Moves to the next row; false at the end.</summary>
    bool Read();

    /// <summary>The 1-based line of the current row in the file (the record number for other sources).</summary>
    long Line { get; }

    /// <summary>
    /// The last line of the current row: later than <see cref="Line"/> when a quoted field holds line breaks (the row spans
    /// several lines of the file), else equal to it. Asked for rejected rows only, so it may cost a scan of the row.
    /// </summary>
    long LastLine { get; }

    /// <summary>A problem with the current row as a whole, or null.</summary>
    RowProblem? CheckRow();

    /// <summary>The cell at <paramref name="ordinal"/> of the current row.</summary>
    CellKind Cell(int ordinal, out ReadOnlySpan<char> text, out double number);

    /// <summary>The cell as a string, as read (for deal ids and the raw values of rejects); null when missing.</summary>
    string? Text(int ordinal);
}

/// <summary>
/// Reads a CSV through CsvHelper's reader (version 34), one record at a time (the file is never held in memory). CsvHelper
/// reads leniently (a stray quote stays in the text), so the quotes of every record are checked here from each field's raw
/// text, with the same rules and messages as the fast parser (<see cref="SpanCsvRowSource.Problem"/>).
/// </summary>
internal sealed class CsvRowSource : IDealRowSource
{
    private const byte Quote = (byte)'"';
    private readonly CsvReader _reader;
    private readonly string[] _columns;
    private readonly char _delimiter;
    private string?[] _fields = [];
    private int[] _used = [];
    private int _count;
    private long _line;
    private long _lastLine;
    private string? _raw;

    public CsvRowSource(TextReader reader, string source, DealLoadOptions options)
    {
        Source = source;
        var config = new CsvReaderOptions
        {
            Separator = options.Delimiter is { Length: 1 } d ? d[0] : null,
            HasHeader = false,
            TrackLineNumbers = true,
            SkipEmptyLines = true,
            AllowLineBreaksInQuotes = true,
            TrimWhitespace = false,
            IncludeValuesInExceptions = false,
        };
        _reader = CsvReader.Create(reader, config, leaveOpen: true);
        if (!_reader.Read())
        {
            _columns = [];
            return;
        }
        _columns = new string[_reader.FieldCount];
        for (int i = 0; i < _columns.Length; i++) _columns[i] = _reader.GetString(i).Trim().TrimStart('\uFEFF').Trim();
        _delimiter = _reader.Separator;
        Note = options.Delimiter is null ? $"delimiter {Describe(_delimiter)} (detected)" : null;
        _fields = new string?[_columns.Length];
        _used = [.. Enumerable.Range(0, _columns.Length)];
    }

    public string Source { get; }

    public IReadOnlyList<string> Columns => _columns;

    public string? Note { get; }

    public long Line => _line;

    public long LastLine => _lastLine;

    public void Use(IReadOnlyList<int> ordinals) => _used = [.. ordinals];

    public bool Read()
    {
        if (!_reader.Read()) return false;
        _line = _reader.LineNumber;
        _count = _reader.FieldCount;
        ReadOnlySpan<byte> raw = _reader.RawRecord;
        bool multiLine = raw.TrimEnd("\r\n"u8).IndexOfAny((byte)'\r', (byte)'\n') >= 0;
        _raw = multiLine ? Encoding.UTF8.GetString(raw) : null;
        _lastLine = multiLine ? SpanCsvRowSource.LastLineOf(_line, _raw) : _line;
        foreach (int i in _used)
        {
            if (i >= _count) break;
            _fields[i] = _reader.GetString(i);
        }
        return true;
    }

    public RowProblem? CheckRow()
    {
        int bad = -1;
        bool unclosed = false;
        for (int i = 0; i < _count && bad < 0; i++)
        {
            ReadOnlySpan<byte> field = _reader.GetRawSpan(i);
            if (field.IndexOf(Quote) < 0) continue;
            if (field[0] != Quote) bad = i;
            else if (!ClosesAtEnd(field))
            {
                bad = i;
                unclosed = i == _count - 1 && field.Count(Quote) % 2 == 1;
            }
        }
        if (bad < 0 && _count == _columns.Length && _raw is null) return null;
        string record = _raw ?? Encoding.UTF8.GetString(_reader.RawRecord);
        return SpanCsvRowSource.Problem(unclosed, _count, _columns.Length, bad, record, _delimiter);
    }

    /// <summary>Whether a field that opens with a quote closes at its end, with every quote inside it doubled.</summary>
    private static bool ClosesAtEnd(ReadOnlySpan<byte> field)
    {
        field = field.TrimEnd("\r\n"u8);
        if (field.Length < 2 || field[^1] != Quote) return false;
        ReadOnlySpan<byte> inner = field[1..^1];
        for (int i = 0; i < inner.Length; i++)
        {
            if (inner[i] != Quote) continue;
            if (i + 1 >= inner.Length || inner[i + 1] != Quote) return false;
            i++;
        }
        return true;
    }

    public CellKind Cell(int ordinal, out ReadOnlySpan<char> text, out double number)
    {
        number = 0;
        string? field = _fields[ordinal];
        text = field;
        return string.IsNullOrWhiteSpace(field) ? CellKind.Missing : CellKind.Text;
    }

    public string? Text(int ordinal) => _fields[ordinal];

    public void Dispose() => _reader.Dispose();

    private static string Describe(char delimiter) => delimiter switch
    {
        '\t' => "tab",
        ',' => "comma",
        ';' => "semicolon",
        '|' => "pipe",
        _ => "'" + delimiter + "'",
    };
}

/// <summary>Reads rows from any ADO.NET data reader (typed values: numbers, booleans and dates arrive as such).</summary>
internal sealed class DataReaderRowSource : IDealRowSource
{
    private readonly IDataReader _reader;
    private readonly string[] _columns;
    private readonly object[] _values;
    private long _record;

    public DataReaderRowSource(IDataReader reader, string source)
    {
        _reader = reader;
        Source = source;
        _columns = new string[reader.FieldCount];
        for (int i = 0; i < _columns.Length; i++) _columns[i] = reader.GetName(i).Trim();
        _values = new object[_columns.Length];
    }

    public string Source { get; }

    public IReadOnlyList<string> Columns => _columns;

    public string? Note => null;

    public long Line => _record;

    public long LastLine => _record;

    public void Use(IReadOnlyList<int> ordinals)
    {
    }

    public bool Read()
    {
        if (!_reader.Read()) return false;
        _record++;
        _reader.GetValues(_values);
        return true;
    }

    public RowProblem? CheckRow() => null;

    public CellKind Cell(int ordinal, out ReadOnlySpan<char> text, out double number) => TypedCell(_values[ordinal], out text, out number);

    /// <summary>A typed value as a cell: numbers, booleans and dates arrive as such, text as text, null or DBNull as missing (shared by every typed source).</summary>
    internal static CellKind TypedCell(object? value, out ReadOnlySpan<char> text, out double number)
    {
        text = default;
        number = 0;
        switch (value)
        {
            case null or DBNull:
                return CellKind.Missing;
            case string s:
                text = s;
                return string.IsNullOrWhiteSpace(s) ? CellKind.Missing : CellKind.Text;
            case bool b:
                number = b ? 1 : 0;
                return CellKind.Number;
            case DateTime dt:
                number = DateOnly.FromDateTime(dt).DayNumber;
                return CellKind.Date;
            case DateTimeOffset dto:
                number = DateOnly.FromDateTime(dto.Date).DayNumber;
                return CellKind.Date;
            case DateOnly d:
                number = d.DayNumber;
                return CellKind.Date;
            case double or float or decimal or long or int or short or byte or ulong or uint or ushort or sbyte:
                number = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                return CellKind.Number;
            default:
                text = Convert.ToString(value, CultureInfo.InvariantCulture);
                return text.IsWhiteSpace() ? CellKind.Missing : CellKind.Text;
        }
    }

    public string? Text(int ordinal) => _values[ordinal] switch
    {
        null or DBNull => null,
        string s => s,
        DateTime dt => dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        object o => o.ToString(),
    };

    public void Dispose()
    {
    }
}
