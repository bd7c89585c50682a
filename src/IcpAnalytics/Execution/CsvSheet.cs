using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using IcpAnalytics.Data;

namespace IcpAnalytics.Execution;

/// <summary>A CSV file read into a header and raw rows with their line numbers; parsing and validation are the caller's.</summary>
internal sealed class CsvSheet
{
    private CsvSheet(string source, string[] header, List<CsvSheetRow> rows)
    {
        Source = source;
        Header = header;
        Rows = rows;
    }

    public string Source { get; }

    public string[] Header { get; }

    public List<CsvSheetRow> Rows { get; }

    public static CsvSheet Read(TextReader reader, string source, string what, string delimiter = ",")
    {
        ArgumentNullException.ThrowIfNull(reader);
        var badLines = new HashSet<long>();
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            HasHeaderRecord = true,
            Delimiter = delimiter,
            TrimOptions = TrimOptions.Trim,
            MissingFieldFound = null,
            DetectColumnCountChanges = false,
            IgnoreBlankLines = true,
        };
        config.BadDataFound = args => badLines.Add(args.Context.Parser?.RawRow ?? 0);
        using var csv = new CsvReader(reader, config, leaveOpen: true);
        if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is null)
            throw ExecutionDataErrors.Empty(what, source);
        string[] header = [.. csv.HeaderRecord.Select(h => h.Trim())];
        var rows = new List<CsvSheetRow>();
        while (csv.Read())
        {
            var cells = new string?[header.Length];
            for (int i = 0; i < header.Length; i++)
            {
                cells[i] = csv.TryGetField(i, out string? value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
            }
            long line = csv.Parser.RawRow;
            rows.Add(new CsvSheetRow(line, cells, badLines.Contains(line), csv.Parser.Count > header.Length));
        }
        return new CsvSheet(source, header, rows);
    }

    public static CsvSheet Read(string path, string what, string delimiter = ",")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"There is no {what} file at '{path}'. Check the path, or run without a file to use the bundled sample.", path);
        using var reader = new StreamReader(path);
        return Read(reader, path, what, delimiter);
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
        if (missing.Count > 0) throw ExecutionDataErrors.MissingColumns(what, Source, missing, Header);
        return indices;
    }

    /// <summary>A rejected row for a row the CSV parser itself found malformed, or null when it is well-formed.</summary>
    public static RejectedRow? Malformed(CsvSheetRow row, int columns) =>
        row.BadQuotes
            ? new RejectedRow(row.Line, null, null, "The row has a stray or unbalanced quote.", "Quote fields that contain commas or quotes, doubling quotes inside them.")
            : row.ExtraFields
                ? new RejectedRow(row.Line, null, null, $"The row has more fields than the {columns} header columns.", "Remove the extra commas or quote fields that contain commas.")
                : null;
}

/// <summary>One data row: its 1-based line in the file, its cells (null = empty), and whether the parser found it malformed.</summary>
internal sealed record CsvSheetRow(long Line, string?[] Cells, bool BadQuotes, bool ExtraFields);
