using System.Globalization;
using CsvHelper;

namespace IcpAnalytics.Reports;

/// <summary>Writes every table and chart of a report as its own CSV file, with raw numbers (full precision) under the chosen culture.</summary>
internal static class CsvReportWriter
{
    public static IReadOnlyList<string> Write(string directory, ProfitYieldReport report, CultureInfo culture)
    {
        Directory.CreateDirectory(directory);
        var files = new List<string>();
        char separator = culture.TextInfo.ListSeparator is { Length: 1 } list ? list[0] : ',';
        var config = new CsvWriterOptions
        {
            Separator = separator,
            NewLine = "\n",
            ShouldQuote = (field, _, _, _) => ShouldQuote(field, separator),
            ValidateFieldCount = false,
        };
        foreach (ReportSection section in report.Sections)
        {
            foreach (ReportTable table in section.Tables)
            {
                string path = Path.Combine(directory, FileName(table.Id));
                Write(path, config, csv =>
                {
                    foreach (ReportColumn c in table.Columns) csv.WriteField(c.Key);
                    csv.EndRecord();
                    foreach (IReadOnlyList<ReportCell> row in table.Rows)
                    {
                        for (int i = 0; i < table.Columns.Count; i++) Field(csv, i < row.Count ? row[i] : default, culture);
                        csv.EndRecord();
                    }
                });
                files.Add(path);
            }
            foreach (ReportChart chart in section.Charts)
            {
                string path = Path.Combine(directory, FileName(chart.Id));
                Write(path, config, csv =>
                {
                    foreach (string h in (ReadOnlySpan<string>)["series", "label", "x", "y", "lower", "upper"]) csv.WriteField(h);
                    csv.EndRecord();
                    foreach (ChartSeries s in chart.Series)
                    {
                        foreach (ChartPoint p in s.Points)
                        {
                            csv.WriteField(s.Name);
                            csv.WriteField(p.Label ?? "");
                            Field(csv, p.X, culture);
                            Field(csv, p.Y, culture);
                            Field(csv, p.Lower, culture);
                            Field(csv, p.Upper, culture);
                            csv.EndRecord();
                        }
                    }
                });
                files.Add(path);
            }
        }
        return files;
    }

    // Each table is written atomically (a temporary file in the folder, renamed into place): a failed or interrupted write leaves the previous table intact.
    private static void Write(string path, CsvWriterOptions config, Action<CsvWriter> write) =>
        AtomicFile.WriteText(path, writer =>
        {
            using var csv = CsvWriter.Create(writer, config, leaveOpen: true);
            write(csv);
            csv.Flush();
        });

    private static void Field(CsvWriter csv, ReportCell cell, CultureInfo culture)
    {
        if (cell.Text is not null) csv.WriteField(cell.Text);
        else Field(csv, cell.Number, culture);
    }

    private static void Field(CsvWriter csv, double? value, CultureInfo culture) =>
        csv.WriteField(value is double v ? v.ToString("R", culture) : "");

    /// <summary>
    /// Quotes a field that holds a quote, the separator or a line break, or starts or ends with a space (the rule the tables
    /// have always been written with, so spreadsheets read a padded label as it is).
    /// </summary>
    private static bool ShouldQuote(ReadOnlySpan<char> field, char separator) =>
        !field.IsEmpty && (field.Contains('"') || field[0] == ' ' || field[^1] == ' ' || field.Contains(separator) || field.Contains('\n'));

    internal static string FileName(string id) => Html.Id(id) + ".csv";
}
