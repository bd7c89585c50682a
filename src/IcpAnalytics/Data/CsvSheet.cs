namespace IcpAnalytics.Data;

/// <summary>
/// A small CSV (the sales-execution inputs: activity counts, survey answers, rep measures, coaching starts …) read by the
/// deal loader's own reader (<see cref="SpanCsvRowSource"/>) into a header and rows with their line numbers, so every CSV
/// input shares one engine: the same quoting, BOM and line-end handling, the same line numbers (the line a record starts
/// on) and the same row-level rejects (field count, unclosed or stray quotes) with the same reasons and fixes as the deal
/// loader's <see cref="LoadReport"/>. Parsing and validating the cells is the caller's.
/// </summary>
internal sealed class CsvSheet
{
    private CsvSheet(string source, string[] header, List<CsvSheetRow> rows)
    {
        Source = source;
        Header = header;
        Rows = rows;
    }

    /// <summary>The source's name in reports and messages.</summary>
    public string Source { get; }

    /// <summary>The header's column names, trimmed.</summary>
    public string[] Header { get; }

    /// <summary>Every data row in file order (blank lines skipped, as the deal loader does).</summary>
    public List<CsvSheetRow> Rows { get; }

    /// <summary>
    /// Reads CSV text the caller owns (the reader is left open). <paramref name="delimiter"/> is one character, or null to
    /// detect it from the header as the deal loader does (comma, semicolon, tab or pipe).
    /// </summary>
    public static CsvSheet Read(TextReader reader, string source, string what, string? delimiter = ",")
    {
        ArgumentNullException.ThrowIfNull(reader);
        var options = new DealLoadOptions { Delimiter = delimiter };
        // The row source disposes its reader; the caller's reader stays open because this source is never disposed
        // (it holds no other resource than its buffer).
        var rows = new SpanCsvRowSource(reader, source, options);
        return Read(rows, source, what);
    }

    /// <summary>Reads a CSV file (see <see cref="Read(TextReader, string, string, string?)"/>).</summary>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    public static CsvSheet Read(string path, string what, string? delimiter = ",")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"There is no {what} file at '{path}'. Check the path, or run without a file to use the bundled sample.", path);
        using var rows = new SpanCsvRowSource(new StreamReader(path), path, new DealLoadOptions { Delimiter = delimiter });
        return Read(rows, path, what);
    }

    private static CsvSheet Read(SpanCsvRowSource source, string name, string what)
    {
        if (source.Columns.Count == 0) throw Execution.ExecutionDataErrors.Empty(what, name);
        string[] header = [.. source.Columns];
        var rows = new List<CsvSheetRow>();
        while (source.Read())
        {
            long line = source.Line;
            RejectedRow? malformed = source.CheckRow() is RowProblem problem
                ? new RejectedRow(line, problem.Ordinal < 0 ? null : header[problem.Ordinal], problem.RawValue, problem.Reason, problem.Fix)
                : null;
            var cells = new string?[header.Length];
            int fields = Math.Min(source.FieldCount, header.Length);
            for (int i = 0; i < fields; i++)
            {
                ReadOnlySpan<char> cell = source.Field(i).Trim();
                cells[i] = cell.IsEmpty ? null : cell.ToString();
            }
            rows.Add(new CsvSheetRow(line, cells, malformed));
        }
        return new CsvSheet(name, header, rows);
    }

    /// <summary>The index of <paramref name="column"/> (ordinal, case-insensitive), or -1.</summary>
    public int Find(string column) => Array.FindIndex(Header, h => string.Equals(h, column, StringComparison.OrdinalIgnoreCase));

    /// <summary>The indices of the required columns; throws naming every missing one.</summary>
    public int[] Require(string what, params string[] columns)
    {
        var indices = new int[columns.Length];
        var missing = new List<string>();
        for (int i = 0; i < columns.Length; i++)
        {
            indices[i] = Find(columns[i]);
            if (indices[i] < 0) missing.Add(columns[i]);
        }
        if (missing.Count > 0) throw Execution.ExecutionDataErrors.MissingColumns(what, Source, missing, Header);
        return indices;
    }
}

/// <summary>
/// One data row: its 1-based line in the file (where the record starts), its trimmed cells (null = empty or absent), and the
/// deal loader's reject for a row malformed as a whole (field count, quoting), or null when it is well-formed.
/// </summary>
internal sealed record CsvSheetRow(long Line, string?[] Cells, RejectedRow? Malformed);
