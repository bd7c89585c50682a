namespace IcpAnalytics.Data;

/// <summary>
/// A streaming RFC 4180 reader that hands out fields as spans over its buffer, so loading allocates no string per cell
/// (the fast path behind <see cref="CsvParserKind.Fast"/>). It follows CsvHelper's reading of the same text: quoted fields
/// with doubled quotes, CR, LF or CRLF line ends, blank lines skipped, a stray quote flagged as bad data; the tests check the
/// two parsers give equal deal sets and equal rejects.
/// </summary>
internal sealed class SpanCsvRowSource : IDealRowSource
{
    /// <summary>Opens the CSV parser <paramref name="options"/> ask for.</summary>
    /// <remarks>When <see cref="DealLoadOptions.MaxDegreeOfParallelism"/> is above 1 (by default on a machine with more than one core), the span reader splits records on a background thread while the
    /// calling thread loads them (<see cref="PipelinedCsvRowSource"/>); the rows are the same either way.</remarks>
    public static IDealRowSource Open(TextReader reader, string source, DealLoadOptions options)
    {
        if (options.CsvParser == CsvParserKind.CsvHelper) return new CsvRowSource(reader, source, options);
        var splitter = new SpanCsvRowSource(reader, source, options);
        return options.MaxDegreeOfParallelism > 1 ? new PipelinedCsvRowSource(splitter) : splitter;
    }

    private const int InitialBuffer = 1 << 16;
    private readonly TextReader _reader;
    private readonly string[] _columns;
    private char[] _buffer = new char[InitialBuffer];
    private int _length;
    private int _position;
    private bool _endOfInput;
    private char _delimiter;
    private long _nextLine = 1;
    private long _line;
    private int _count;
    private int[] _starts = new int[32];
    private int[] _lengths = new int[32];
    private bool[] _escaped = new bool[32];
    private int _badOrdinal = -1;
    private bool _unclosed;
    private int _recordStart;
    private int _recordEnd;
    private char[] _scratch = new char[256];

    public SpanCsvRowSource(TextReader reader, string source, DealLoadOptions options)
    {
        _reader = reader;
        Source = source;
        Fill();
        if (_length > 0 && _buffer[0] == '\uFEFF') _position = 1;
        if (options.Delimiter is null)
        {
            _delimiter = Detect();
            Note = $"delimiter {Describe(_delimiter)} (detected)";
        }
        else
        {
            _delimiter = options.Delimiter[0];
        }
        if (!Read())
        {
            _columns = [];
            return;
        }
        _columns = new string[_count];
        for (int i = 0; i < _count; i++) _columns[i] = FieldSpan(i).Trim().ToString();
    }

    public string Source { get; }

    public IReadOnlyList<string> Columns => _columns;

    public string? Note { get; }

    public long Line => _line;

    // A closed record ends on the line before the next one starts; an unclosed one runs to the end of the input, trailing line breaks aside.
    public long LastLine => _unclosed ? LastLineOf(_line, _buffer.AsSpan(_recordStart, _recordEnd - _recordStart)) : _nextLine - 1;

    /// <summary>The delimiter the file is read with.</summary>
    internal char Delimiter => _delimiter;

    /// <summary>The last line of a record that starts on <paramref name="line"/>: one more for each line break inside it.</summary>
    internal static long LastLineOf(long line, ReadOnlySpan<char> record)
    {
        record = record.TrimEnd("\r\n");
        if (record.IndexOfAny('\r', '\n') < 0) return line;
        return line + CountLineBreaks(record);
    }

    public void Use(IReadOnlyList<int> ordinals)
    {
    }

    public bool Read()
    {
        while (true)
        {
            ParseResult result = TryParseRecord();
            if (result == ParseResult.Record) return true;
            if (result == ParseResult.End) return false;
            if (result == ParseResult.Blank) continue;

            // Need more data: keep the unfinished record at the front of the buffer and read on.
            int keep = _length - _position;
            if (_position == 0 && keep == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
            else if (keep > 0) Array.Copy(_buffer, _position, _buffer, 0, keep);
            _length = keep;
            _position = 0;
            Fill();
        }
    }

    private enum ParseResult
    {
        Record,
        Blank,
        NeedMore,
        End,
    }

    /// <summary>Parses the record at <see cref="_position"/> if the buffer holds all of it (or the input has ended).</summary>
    private ParseResult TryParseRecord()
    {
        char[] buffer = _buffer;
        int length = _length;
        int p = _position;
        if (p >= length)
        {
            if (_endOfInput) return ParseResult.End;
            return ParseResult.NeedMore;
        }
        char delimiter = _delimiter;
        long lines = 0;
        if (buffer[p] == '\n' || buffer[p] == '\r')
        {
            // A blank line.
            if (buffer[p] == '\r')
            {
                if (p + 1 >= length && !_endOfInput) return ParseResult.NeedMore;
                if (p + 1 < length && buffer[p + 1] == '\n') p++;
            }
            _position = p + 1;
            _nextLine++;
            return ParseResult.Blank;
        }
        int count = 0;
        int bad = -1;
        bool unclosed = false;
        int start = p;
        while (true)
        {
            if (count == _starts.Length)
            {
                Array.Resize(ref _starts, count * 2);
                Array.Resize(ref _lengths, count * 2);
                Array.Resize(ref _escaped, count * 2);
            }
            bool escaped = false;
            int fieldStart = p;
            int fieldLength;
            if (p < length && buffer[p] == '"')
            {
                // Quoted field: up to the closing quote; "" is a quote inside.
                int q = p + 1;
                while (true)
                {
                    int at = Array.IndexOf(buffer, '"', q, length - q);
                    if (at < 0)
                    {
                        if (!_endOfInput) return ParseResult.NeedMore;
                        lines += CountLineBreaks(buffer, q, length - q);
                        unclosed = true;
                        if (bad < 0) bad = count;
                        fieldStart = p + 1;
                        fieldLength = length - fieldStart;
                        p = length;
                        break;
                    }
                    if (at + 1 >= length && !_endOfInput) return ParseResult.NeedMore;
                    if (at + 1 < length && buffer[at + 1] == '"')
                    {
                        escaped = true;
                        q = at + 2;
                        continue;
                    }
                    lines += CountLineBreaks(buffer, p + 1, at - p - 1);
                    fieldStart = p + 1;
                    fieldLength = at - fieldStart;
                    p = at + 1;
                    if (p < length && buffer[p] != delimiter && buffer[p] != '\r' && buffer[p] != '\n')
                    {
                        // Characters after the closing quote: bad data, kept as part of the field (as CsvHelper does).
                        if (bad < 0) bad = count;
                        while (p < length && buffer[p] != delimiter && buffer[p] != '\r' && buffer[p] != '\n') p++;
                        if (p >= length && !_endOfInput) return ParseResult.NeedMore;
                        fieldStart = fieldStart - 1;
                        fieldLength = p - fieldStart;
                        escaped = false;
                    }
                    break;
                }
            }
            else
            {
                while (p < length)
                {
                    char c = buffer[p];
                    if (c == delimiter || c == '\r' || c == '\n') break;
                    if (c == '"' && bad < 0) bad = count;
                    p++;
                }
                if (p >= length && !_endOfInput) return ParseResult.NeedMore;
                fieldLength = p - fieldStart;
            }
            _starts[count] = fieldStart;
            _lengths[count] = fieldLength;
            _escaped[count] = escaped;
            count++;
            if (p >= length)
            {
                _position = length;
                break;
            }
            char end = buffer[p];
            if (end == delimiter)
            {
                p++;
                if (p >= length && _endOfInput)
                {
                    // A delimiter at the very end: one more, empty field.
                    _starts[count] = p;
                    _lengths[count] = 0;
                    _escaped[count] = false;
                    count++;
                    _position = p;
                    break;
                }
                continue;
            }
            if (end == '\r')
            {
                if (p + 1 >= length && !_endOfInput) return ParseResult.NeedMore;
                if (p + 1 < length && buffer[p + 1] == '\n') p++;
            }
            _position = p + 1;
            break;
        }
        _recordStart = start;
        _recordEnd = p;
        _count = count;
        _badOrdinal = bad;
        _unclosed = unclosed;
        _line = _nextLine;
        _nextLine += lines + 1;
        return ParseResult.Record;
    }

    private static long CountLineBreaks(char[] buffer, int start, int length) => CountLineBreaks(buffer.AsSpan(start, length));

    private static long CountLineBreaks(ReadOnlySpan<char> span)
    {
        long n = span.Count('\n');
        int cr = span.Count('\r');
        if (cr > 0)
        {
            // Count a lone CR as a line break too, a CRLF once.
            for (int i = 0; i < span.Length; i++)
            {
                if (span[i] == '\r' && (i + 1 >= span.Length || span[i + 1] != '\n')) n++;
            }
        }
        return n;
    }

    private void Fill()
    {
        while (_length < _buffer.Length && !_endOfInput)
        {
            int read = _reader.Read(_buffer, _length, _buffer.Length - _length);
            if (read == 0) _endOfInput = true;
            else _length += read;
        }
    }

    private char Detect()
    {
        // Count candidate delimiters outside quotes on the first line (the header).
        int comma = 0, semicolon = 0, tab = 0, pipe = 0;
        bool quoted = false;
        for (int i = _position; i < _length; i++)
        {
            char c = _buffer[i];
            if (c == '"') quoted = !quoted;
            else if (!quoted && (c == '\n' || c == '\r')) break;
            else if (!quoted)
            {
                if (c == ',') comma++;
                else if (c == ';') semicolon++;
                else if (c == '\t') tab++;
                else if (c == '|') pipe++;
            }
        }
        int best = Math.Max(Math.Max(comma, semicolon), Math.Max(tab, pipe));
        if (best == 0 || comma == best) return ',';
        if (semicolon == best) return ';';
        return tab == best ? '\t' : '|';
    }

    /// <summary>The number of fields of the current record.</summary>
    internal int FieldCount => _count;

    /// <summary>The current record's field at <paramref name="ordinal"/>, quotes undone.</summary>
    internal ReadOnlySpan<char> Field(int ordinal) => FieldSpan(ordinal);

    private ReadOnlySpan<char> FieldSpan(int ordinal)
    {
        ReadOnlySpan<char> raw = _buffer.AsSpan(_starts[ordinal], _lengths[ordinal]);
        return _escaped[ordinal] ? Unescape(raw, ref _scratch) : raw;
    }

    /// <summary>A quoted field's text with each doubled quote made single, in <paramref name="scratch"/> (grown as needed).</summary>
    internal static ReadOnlySpan<char> Unescape(ReadOnlySpan<char> raw, ref char[] scratch)
    {
        if (scratch.Length < raw.Length) scratch = new char[raw.Length];
        int n = 0;
        for (int i = 0; i < raw.Length; i++)
        {
            scratch[n++] = raw[i];
            if (raw[i] == '"' && i + 1 < raw.Length && raw[i + 1] == '"') i++;
        }
        return scratch.AsSpan(0, n);
    }

    /// <summary>
    /// Copies the current record (its raw text and field offsets, line and problems) into <paramref name="batch"/>;
    /// false when the batch is full.
    /// </summary>
    internal bool AppendTo(CsvRecordBatch batch) =>
        batch.TryAppend(_buffer.AsSpan(_recordStart, _recordEnd - _recordStart), _starts.AsSpan(0, _count), _lengths.AsSpan(0, _count),
            _escaped.AsSpan(0, _count), _recordStart, _line, LastLine, _badOrdinal, _unclosed);

    public RowProblem? CheckRow() => Problem(_unclosed, _count, _columns.Length, _badOrdinal, _buffer.AsSpan(_recordStart, _recordEnd - _recordStart), _delimiter);

    /// <summary>The problem with a record as a whole (unclosed quote, wrong field count, stray quote), or null.</summary>
    internal static RowProblem? Problem(bool unclosed, int count, int columns, int badOrdinal, ReadOnlySpan<char> record, char delimiter)
    {
        if (unclosed)
            return new RowProblem(-1, "A quoted field is not closed, so the row runs on to the end of the file.", QuoteFix, Raw(record));
        if (count != columns)
        {
            string reason = count < columns
                ? $"The row has {count} fields; the header has {columns}."
                : $"The row has {count} fields; the header has only {columns}.";
            return new RowProblem(-1, reason, "Give every row one field per header column; quote fields that contain the delimiter.", Raw(record));
        }
        if (badOrdinal >= 0) return new RowProblem(badOrdinal, "The field has an unbalanced quote (\").", QuoteFix, Raw(record));
        return Swallowed(record, delimiter, columns);

        static string Raw(ReadOnlySpan<char> record) => record.TrimEnd("\r\n").ToString();
    }

    /// <summary>
    /// A record whose quoted field runs over lines that each look like a row of their own (at least as many delimiters as the
    /// header has): an unbalanced quote that closed, much later, at the end of another row's field, so the field counts agree
    /// and the record would load with the rows between swallowed into one cell. Null for a record on one line, or whose
    /// line breaks sit in ordinary multi-line text (a note with fewer delimiters per line than a row, counting on each line only
    /// the delimiters before a quote, as the field's closing quote is followed by the row's own fields).
    /// </summary>
    internal static RowProblem? Swallowed(ReadOnlySpan<char> record, char delimiter, int columns)
    {
        record = record.TrimEnd("\r\n");
        if (columns < 3 || record.IndexOfAny('\r', '\n') < 0) return null;
        int rowLike = 0;
        int at = record.IndexOfAny('\r', '\n');
        ReadOnlySpan<char> rest = record[at..];
        while (!rest.IsEmpty)
        {
            rest = rest[(rest.Length > 1 && rest[0] == '\r' && rest[1] == '\n' ? 2 : 1)..];
            int end = rest.IndexOfAny('\r', '\n');
            ReadOnlySpan<char> line = end < 0 ? rest : rest[..end];
            // Only the part inside the quoted field: on the line where it closes, the row's own later fields follow the quote.
            int quote = line.IndexOf('"');
            if ((quote < 0 ? line : line[..quote]).Count(delimiter) >= columns - 1) rowLike++;
            rest = end < 0 ? [] : rest[end..];
        }
        if (rowLike == 0) return null;
        return new RowProblem(-1, string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"A quoted field holds {rowLike:N0} line{(rowLike == 1 ? "" : "s")} that look{(rowLike == 1 ? "s" : "")} like rows of their own (as many delimiters as the header has): an unbalanced quote swallowed them."),
            QuoteFix, record.ToString());
    }

    private const string QuoteFix = "Quote a field that contains the delimiter, quotes or line breaks as a whole (\"...\"), and double any quote inside it (\"\").";

    public CellKind Cell(int ordinal, out ReadOnlySpan<char> text, out double number)
    {
        number = 0;
        text = FieldSpan(ordinal);
        return text.IsWhiteSpace() ? CellKind.Missing : CellKind.Text;
    }

    public string? Text(int ordinal) => FieldSpan(ordinal).ToString();

    public void Dispose() => _reader.Dispose();

    private static string Describe(char delimiter) => delimiter switch
    {
        '\t' => "tab",
        ',' => "comma",
        ';' => "semicolon",
        _ => "pipe",
    };
}
