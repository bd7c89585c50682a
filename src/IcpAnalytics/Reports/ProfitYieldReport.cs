using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using IcpAnalytics.Data;

namespace IcpAnalytics.Reports;

/// <summary>
/// The profit-yield report strategy teams read: the data, the ICP rules and their coverage, the segment yield table, the whale
/// curve, the holdout validation of ICP-fit against non-fit deals, the effort effects per segment (adjusted beside naive, with
/// intervals and honesty checks), the effort-allocation recommendation, and the method in plain words. It holds results and
/// renders them — as one self-contained HTML file, Markdown, versioned JSON or CSV tables — and never recomputes them.
/// Immutable and thread-safe.
/// </summary>
/// <remarks>
/// Build one with <see cref="For(DealSet)"/>; a part the data cannot support (no efforts, too few deals before the holdout
/// date) is a section that says why it is missing. The same results and options give byte-identical outputs: nothing varies
/// with the clock (unless <see cref="ProfitYieldReportOptions.GeneratedAt"/> is given), the machine or its culture.
/// </remarks>
public sealed class ProfitYieldReport
{
    /// <summary>The version of the JSON schema <see cref="ToJson"/> writes and <see cref="FromJson"/> reads.</summary>
    public const int SchemaVersion = 1;

    private static readonly ReportJsonContext Json = CreateJsonContext();

    internal ProfitYieldReport(string title, string? subtitle, DateTimeOffset? generatedAt, CultureInfo culture, string? currencySymbol, IReadOnlyList<ReportSection> sections)
    {
        Title = title;
        Subtitle = subtitle;
        GeneratedAt = generatedAt;
        Culture = culture;
        CurrencySymbolOption = currencySymbol;
        Sections = sections;
        Formatter = new ReportFormatter(culture, currencySymbol);
    }

    /// <summary>The title.</summary>
    public string Title { get; }

    /// <summary>The line under the title: where the deals came from, how many, and their dates; null for none.</summary>
    public string? Subtitle { get; }

    /// <summary>When the report was generated, or null when no time was given (the default, for byte-identical outputs).</summary>
    public DateTimeOffset? GeneratedAt { get; }

    /// <summary>The culture numbers are written in.</summary>
    public CultureInfo Culture { get; }

    /// <summary>The currency symbol money is written with.</summary>
    public string CurrencySymbol => Formatter.CurrencySymbol;

    /// <summary>The sections, in reading order.</summary>
    public IReadOnlyList<ReportSection> Sections { get; }

    internal string? CurrencySymbolOption { get; }

    internal ReportFormatter Formatter { get; }

    /// <summary>Starts a report on <paramref name="deals"/>; add results and options, then call <see cref="ProfitYieldReportBuilder.Build"/>.</summary>
    /// <param name="deals">The closed deals the report is about.</param>
    public static ProfitYieldReportBuilder For(DealSet deals)
    {
        ArgumentNullException.ThrowIfNull(deals);
        return new ProfitYieldReportBuilder(deals);
    }

    /// <summary>
    /// A report made of the given sections, for custom reports: the renderers draw any section, table and chart.
    /// </summary>
    /// <param name="sections">The sections, in reading order; ids of sections, tables and charts must be unique.</param>
    /// <param name="options">Title, culture and the other rendering options; null for the defaults.</param>
    /// <param name="subtitle">The line under the title, or null.</param>
    /// <exception cref="InvalidOptionsException">The options are invalid, or ids repeat, or a table row has the wrong number of cells.</exception>
    public static ProfitYieldReport FromSections(IEnumerable<ReportSection> sections, ProfitYieldReportOptions? options = null, string? subtitle = null)
    {
        ArgumentNullException.ThrowIfNull(sections);
        options ??= new ProfitYieldReportOptions();
        ReportSection[] list = [.. sections];
        var problems = new List<string>(options.Problems());
        Check(list, problems);
        Throw.IfAny(problems);
        return new ProfitYieldReport(options.Title, subtitle, options.GeneratedAt, options.Culture, options.CurrencySymbol, list);
    }

    /// <summary>The section with the given id (such as "data", "icp", "segment-yield"), or null.</summary>
    /// <param name="id">The section's id.</param>
    public ReportSection? FindSection(string id) => Sections.FirstOrDefault(s => string.Equals(s.Id, id, StringComparison.Ordinal));

    /// <summary>The table with the given id in any section, or null.</summary>
    /// <param name="id">The table's id, such as "rejected-reasons".</param>
    public ReportTable? FindTable(string id) => Sections.SelectMany(s => s.Tables).FirstOrDefault(t => string.Equals(t.Id, id, StringComparison.Ordinal));

    /// <summary>The chart with the given id in any section, or null.</summary>
    /// <param name="id">The chart's id, such as "whale-curve".</param>
    public ReportChart? FindChart(string id) => Sections.SelectMany(s => s.Charts).FirstOrDefault(c => string.Equals(c.Id, id, StringComparison.Ordinal));

    /// <summary>Writes the report as one self-contained HTML document (inline CSS and SVG; no script, font or request).</summary>
    /// <param name="writer">Where to write.</param>
    public void WriteHtml(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        HtmlReportWriter.WriteDocument(writer, this);
    }

    /// <summary>Saves the report as one self-contained HTML file (UTF-8, no byte-order mark).</summary>
    /// <param name="path">The file to create or overwrite, e.g. "profit-yield.html".</param>
    public void SaveHtml(string path) => Save(path, WriteHtml);

    /// <summary>
    /// The report as an HTML fragment with its own scoped style, for a .NET notebook (<c>display(HTML(report.ToHtml()))</c>)
    /// or a page of your own. <see cref="WriteHtml"/> wraps the same fragment in a full document.
    /// </summary>
    public string ToHtml() => HtmlReportWriter.Fragment(this);

    /// <summary>
    /// Writes the report as GitHub-flavoured Markdown: every section's paragraphs, findings and key tables; its full tables
    /// and chart values are named per section and written by <see cref="WriteMarkdownDetails"/> (Markdown cannot collapse
    /// them). <see cref="SaveMarkdown"/> writes both files and links them.
    /// </summary>
    /// <param name="writer">Where to write.</param>
    public void WriteMarkdown(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        MarkdownReportWriter.Write(writer, this, null);
    }

    /// <summary>Writes the Markdown details: per section, its full tables and its charts' values as compact tables.</summary>
    /// <param name="writer">Where to write.</param>
    public void WriteMarkdownDetails(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        MarkdownReportWriter.WriteDetails(writer, this);
    }

    /// <summary>
    /// Saves the report as a Markdown file and its full tables beside it as "<c>name</c>-details.md" (both UTF-8, no
    /// byte-order mark, each written atomically, the details first); the report links each section's tables there.
    /// </summary>
    /// <param name="path">The file to create or overwrite, e.g. "profit-yield.md" (details: "profit-yield-details.md").</param>
    public void SaveMarkdown(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string details = MarkdownDetailsPath(path);
        Save(details, WriteMarkdownDetails);
        Save(path, w => MarkdownReportWriter.Write(w, this, Path.GetFileName(details)));
    }

    /// <summary>The companion details file <see cref="SaveMarkdown"/> writes for <paramref name="path"/>: "profit-yield.md" → "profit-yield-details.md".</summary>
    /// <param name="path">The report's Markdown path.</param>
    public static string MarkdownDetailsPath(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return MarkdownReportWriter.DetailsPath(path);
    }

    /// <summary>The report as Markdown (its full tables: <see cref="ToMarkdownDetails"/>).</summary>
    public string ToMarkdown()
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        WriteMarkdown(writer);
        return writer.ToString();
    }

    /// <summary>The Markdown details: every section's full tables and chart values.</summary>
    public string ToMarkdownDetails()
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        WriteMarkdownDetails(writer);
        return writer.ToString();
    }

    /// <summary>
    /// The report as JSON with <c>"schemaVersion": 1</c>: title, culture, and every section with its paragraphs, findings, tables
    /// (columns with keys, labels and kinds; rows of raw values) and charts (series of points with intervals). Numbers are raw and invariant.
    /// </summary>
    public string ToJson() => JsonSerializer.Serialize(ToDocument(), Json.ReportDocument).ReplaceLineEndings("\n") + "\n";

    /// <summary>Writes the report's JSON (see <see cref="ToJson"/>).</summary>
    /// <param name="writer">Where to write.</param>
    public void WriteJson(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(ToJson());
    }

    /// <summary>Saves the report's JSON (see <see cref="ToJson"/>) to a file (UTF-8, no byte-order mark).</summary>
    /// <param name="path">The file to create or overwrite, e.g. "profit-yield.json".</param>
    public void SaveJson(string path) => Save(path, WriteJson);

    /// <summary>Reads a report written by <see cref="ToJson"/>; it renders exactly as the original.</summary>
    /// <param name="json">The JSON text.</param>
    /// <exception cref="IcpAnalyticsException">The text is not a report, or its schema version is not one this library reads.</exception>
    public static ProfitYieldReport FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        ReportDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(json, Json.ReportDocument);
        }
        catch (JsonException ex)
        {
            throw new IcpAnalyticsException($"The text is not a profit-yield report's JSON ({ex.Message}). Write one with ProfitYieldReport.ToJson or SaveJson.", ex);
        }
        if (document is null || document.Sections is null || document.Title is null)
            throw new IcpAnalyticsException("The JSON has no title or sections; it is not a profit-yield report. Write one with ProfitYieldReport.ToJson or SaveJson.");
        if (document.SchemaVersion != SchemaVersion)
            throw new IcpAnalyticsException($"The report's JSON has schemaVersion {document.SchemaVersion}; this version of IcpAnalytics reads schemaVersion {SchemaVersion}. Regenerate the report or use a matching IcpAnalytics version.");
        CultureInfo culture;
        try
        {
            culture = CultureInfo.GetCultureInfo(document.Culture ?? "");
        }
        catch (CultureNotFoundException ex)
        {
            throw new IcpAnalyticsException($"The report's culture '{document.Culture}' is not known on this machine; use a culture name such as \"en-US\" or \"\" (invariant).", ex);
        }
        return FromSections(document.Sections, new ProfitYieldReportOptions
        {
            Title = document.Title,
            Culture = culture,
            CurrencySymbol = document.CurrencySymbol,
            GeneratedAt = document.GeneratedAt,
        }, document.Subtitle);
    }

    /// <summary>Reads a report saved by <see cref="SaveJson"/>.</summary>
    /// <param name="path">The JSON file.</param>
    public static ProfitYieldReport LoadJson(string path) => FromJson(File.ReadAllText(path, Encoding.UTF8));

    /// <summary>
    /// Writes every table and chart as its own CSV file in <paramref name="directory"/> (created if needed), named after its id
    /// (e.g. "segment-yield.csv", "whale-curve.csv"), with raw full-precision numbers: CsvHelper reads them back to the same values.
    /// </summary>
    /// <param name="directory">The folder to write into.</param>
    /// <param name="culture">The culture for numbers and the delimiter (a decimal-comma culture such as de-DE writes "0,25" separated by ";"); null for invariant.</param>
    /// <returns>The files written, in report order.</returns>
    public IReadOnlyList<string> WriteCsv(string directory, CultureInfo? culture = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        return CsvReportWriter.Write(directory, this, culture ?? CultureInfo.InvariantCulture);
    }

    /// <summary>The report as plain text: each section with its findings and the first rows of its tables.</summary>
    public override string ToString() => TextReportWriter.Write(this);

    /// <summary>The report as plain text with up to <paramref name="maxRowsPerTable"/> rows of every table (<see cref="ToString"/> shows the first 12).</summary>
    /// <param name="maxRowsPerTable">The most rows shown per table, at least 1; the rest are counted ("… 5 more rows").</param>
    public string ToText(int maxRowsPerTable = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRowsPerTable, 1);
        return TextReportWriter.Write(this, maxRowsPerTable);
    }

    internal static void Check(IReadOnlyList<ReportSection> sections, List<string> problems)
    {
        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var files = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (ReportSection s in sections)
        {
            if (!ids.Add("section:" + s.Id)) problems.Add($"Section id '{s.Id}' appears more than once; give each section its own id.");
            foreach (ReportTable t in s.Tables)
            {
                if (!files.Add(Html.Id(t.Id))) problems.Add($"Table or chart id '{t.Id}' appears more than once; ids name the CSV files, so each must be unique.");
                t.Validate(problems);
            }
            foreach (ReportChart c in s.Charts)
            {
                if (!files.Add(Html.Id(c.Id))) problems.Add($"Table or chart id '{c.Id}' appears more than once; ids name the CSV files, so each must be unique.");
                if (c.Series.Count == 0) problems.Add($"Chart '{c.Id}' has no series.");
            }
        }
    }

    private ReportDocument ToDocument() =>
        new(SchemaVersion, Title, Subtitle, GeneratedAt, Culture.Name, CurrencySymbolOption, Sections);

    private static void Save(string path, Action<TextWriter> write)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        AtomicFile.WriteText(path, write);
    }

    private static ReportJsonContext CreateJsonContext()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            WriteIndented = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            NumberHandling = JsonNumberHandling.Strict,
        };
        options.Converters.Add(new JsonStringEnumConverter<ReportValueKind>(JsonNamingPolicy.CamelCase));
        options.Converters.Add(new JsonStringEnumConverter<ReportChartKind>(JsonNamingPolicy.CamelCase));
        options.Converters.Add(new JsonStringEnumConverter<ReportColumnRole>(JsonNamingPolicy.CamelCase));
        return new ReportJsonContext(options);
    }
}

/// <summary>The JSON document of a report (schema version 1).</summary>
internal sealed record ReportDocument(
    int SchemaVersion,
    string Title,
    string? Subtitle,
    DateTimeOffset? GeneratedAt,
    string Culture,
    string? CurrencySymbol,
    IReadOnlyList<ReportSection> Sections);

/// <summary>Source-generated JSON metadata, so reports serialize without reflection (trimmed and native AOT hosts, file-based apps).</summary>
[JsonSerializable(typeof(ReportDocument))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;
