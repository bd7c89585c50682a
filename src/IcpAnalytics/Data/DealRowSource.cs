using System.Data;
using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

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

/// <summary>Reads a CSV through CsvHelper's parser, one record at a time (the file is never held in memory).</summary>
internal sealed class CsvRowSource : IDealRowSource
{
    private static readonly string[] DelimiterCandidates = [",", ";", "\t", "|"];
    private readonly CsvParser _parser;
    private readonly string[] _columns;
    private string?[] _fields = [];
    private int[] _used = [];
    private int _count;
    private long _line;
    private int _previousRawRow;
    private int _previousRow;
    private int _currentOrdinal;
    private int _badOrdinal = -1;
    private bool _badFieldUnclosed;

    public CsvRowSource(TextReader reader, string source, DealLoadOptions options)
    {
        Source = source;
        var config = new CsvConfiguration(options.Culture)
        {
            Delimiter = options.Delimiter ?? ",",
            DetectDelimiter = options.Delimiter is null,
            DetectDelimiterValues = DelimiterCandidates,
            BadDataFound = args =>
            {
                if (_badOrdinal >= 0) return;
                _badOrdinal = _currentOrdinal;
                _badFieldUnclosed = args.Field.StartsWith('"') && args.Field.AsSpan().Count('"') % 2 == 1;
            },
            IgnoreBlankLines = true,
        };
        _parser = new CsvParser(reader, config);
        if (!_parser.Read())
        {
            _columns = [];
            return;
        }
        _columns = new string[_parser.Count];
        for (int i = 0; i < _columns.Length; i++)
        {
            _currentOrdinal = i;
            _columns[i] = _parser[i].Trim().TrimStart('\uFEFF').Trim();
        }
        _previousRawRow = _parser.RawRow;
        _previousRow = _parser.Row;
        string delimiter = _parser.Delimiter;
        Note = options.Delimiter is null ? $"delimiter {Describe(delimiter)} (detected)" : null;
        _fields = new string?[_columns.Length];
        _used = [.. Enumerable.Range(0, _columns.Length)];
    }

    public string Source { get; }

    public IReadOnlyList<string> Columns => _columns;

    public string? Note { get; }

    public long Line => _line;

    public long LastLine => SpanCsvRowSource.LastLineOf(_line, _parser.RawRecord);

    public void Use(IReadOnlyList<int> ordinals) => _used = [.. ordinals];

    public bool Read()
    {
        if (!_parser.Read()) return false;
        int row = _parser.Row;
        _line = _previousRawRow + 1 + (row - _previousRow - 1);
        _previousRawRow = _parser.RawRow;
        _previousRow = row;
        _count = _parser.Count;
        _badOrdinal = -1;
        _badFieldUnclosed = false;
        foreach (int i in _used)
        {
            if (i >= _count) break;
            _currentOrdinal = i;
            _fields[i] = _parser[i];
        }
        return true;
    }

    public RowProblem? CheckRow()
    {
        if (_badOrdinal >= 0 && _badFieldUnclosed)
            return new RowProblem(-1, "A quoted field is not closed, so the row runs on to the end of the file.", QuoteFix, _parser.RawRecord.TrimEnd('\r', '\n'));
        if (_count != _columns.Length)
        {
            string raw = _parser.RawRecord;
            string reason = _count < _columns.Length
                ? $"The row has {_count} fields; the header has {_columns.Length}."
                : $"The row has {_count} fields; the header has only {_columns.Length}.";
            return new RowProblem(-1, reason,
                "Give every row one field per header column; quote fields that contain the delimiter.", raw.TrimEnd('\r', '\n'));
        }
        if (_badOrdinal >= 0)
            return new RowProblem(_badOrdinal, "The field has an unbalanced quote (\").", QuoteFix, _parser.RawRecord.TrimEnd('\r', '\n'));
        string delimiter = _parser.Delimiter;
        if (delimiter.Length == 1) return SpanCsvRowSource.Swallowed(_parser.RawRecord, delimiter[0], _columns.Length);
        return null;
    }

    private const string QuoteFix = "Quote a field that contains the delimiter, quotes or line breaks as a whole (\"...\"), and double any quote inside it (\"\").";

    public CellKind Cell(int ordinal, out ReadOnlySpan<char> text, out double number)
    {
        number = 0;
        string? field = _fields[ordinal];
        text = field;
        return string.IsNullOrWhiteSpace(field) ? CellKind.Missing : CellKind.Text;
    }

    public string? Text(int ordinal) => _fields[ordinal];

    public void Dispose() => _parser.Dispose();

    private static string Describe(string delimiter) => delimiter switch
    {
        "\t" => "tab",
        "," => "comma",
        ";" => "semicolon",
        "|" => "pipe",
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

    public CellKind Cell(int ordinal, out ReadOnlySpan<char> text, out double number)
    {
        text = default;
        number = 0;
        switch (_values[ordinal])
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
                number = Convert.ToDouble(_values[ordinal], CultureInfo.InvariantCulture);
                return CellKind.Number;
            default:
                text = Convert.ToString(_values[ordinal], CultureInfo.InvariantCulture);
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
