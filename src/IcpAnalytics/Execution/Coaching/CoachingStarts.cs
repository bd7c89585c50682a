using System.Globalization;
using IcpAnalytics.Data;

namespace IcpAnalytics.Execution.Coaching;

/// <summary>When one rep's coaching started (null: never coached, a comparison rep) and the rep's role, if known.</summary>
/// <param name="Rep">The rep.</param>
/// <param name="Start">The first day of coaching, or null when the rep has not been coached.</param>
/// <param name="Role">The rep's role (e.g. "AE", "SDR"), or null.</param>
public sealed record CoachingStart(string Rep, DateOnly? Start, string? Role = null);

/// <summary>
/// Each rep's coaching start date (staggered: reps or teams start at different times; an empty start marks a rep never
/// coached) and role. Load with <see cref="FromCsv(string, bool)"/> (columns rep, coaching_start as yyyy-MM-dd, optional
/// role) or build with <see cref="FromObjects"/>. A row without a rep, with an unreadable date or repeating a rep is
/// rejected and reported with its line. Immutable.
/// </summary>
public sealed class CoachingStarts
{
    private readonly Dictionary<string, CoachingStart> _byRep;

    private CoachingStarts(List<CoachingStart> starts, LoadReport report)
    {
        Starts = starts;
        _byRep = starts.ToDictionary(s => s.Rep, StringComparer.OrdinalIgnoreCase);
        LoadReport = report;
    }

    /// <summary>Every rep's start, in first-seen order.</summary>
    public IReadOnlyList<CoachingStart> Starts { get; }

    /// <summary>Rows read, loaded and rejected.</summary>
    public LoadReport LoadReport { get; }

    /// <summary>The start of <paramref name="rep"/>, or null when the rep is not listed.</summary>
    /// <param name="rep">The rep (ordinal, case-insensitive).</param>
    public CoachingStart? Of(string rep) => _byRep.TryGetValue(rep, out CoachingStart? s) ? s : null;

    /// <summary>Starts in memory.</summary>
    /// <param name="starts">One start per rep.</param>
    /// <exception cref="ArgumentException">A rep is unnamed or listed twice.</exception>
    public static CoachingStarts FromObjects(IEnumerable<CoachingStart> starts)
    {
        ArgumentNullException.ThrowIfNull(starts);
        var list = new List<CoachingStart>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (CoachingStart s in starts)
        {
            ArgumentNullException.ThrowIfNull(s);
            ArgumentException.ThrowIfNullOrWhiteSpace(s.Rep);
            if (!seen.Add(s.Rep.Trim())) throw new ArgumentException($"Rep '{s.Rep}' is listed twice; give each rep one coaching start.", nameof(starts));
            list.Add(s with { Rep = s.Rep.Trim(), Role = string.IsNullOrWhiteSpace(s.Role) ? null : s.Role.Trim() });
        }
        return new CoachingStarts(list, LoadReport.Clean("starts in memory", list.Count));
    }

    /// <summary>Loads the starts from a CSV file with columns rep, coaching_start (yyyy-MM-dd, empty when never coached) and optionally role.</summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="strict">Whether a bad row stops the load (<see cref="DealDataException"/>) instead of being rejected and reported. The default is false.</param>
    public static CoachingStarts FromCsv(string path, bool strict = false) => FromSheet(CsvSheet.Read(path, "coaching starts"), strict);

    /// <summary>Loads the starts from CSV text (see <see cref="FromCsv(string, bool)"/>).</summary>
    /// <param name="reader">The CSV text.</param>
    /// <param name="strict">Whether a bad row stops the load. The default is false.</param>
    /// <param name="source">A name for the source in messages.</param>
    public static CoachingStarts FromCsv(TextReader reader, bool strict = false, string source = "coaching starts CSV") =>
        FromSheet(CsvSheet.Read(reader, source, "coaching starts"), strict);

    private static CoachingStarts FromSheet(CsvSheet sheet, bool strict)
    {
        int[] idx = sheet.Require("coaching starts", "rep", "coaching_start");
        int role = sheet.Find("role");
        var list = new List<CoachingStart>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var rejected = new List<RejectedRow>();
        foreach (CsvSheetRow row in sheet.Rows)
        {
            RejectedRow? bad = row.Malformed;
            string? rep = row.Cells[idx[0]], start = row.Cells[idx[1]];
            DateOnly? date = null;
            if (bad is null && rep is null) bad = new RejectedRow(row.Line, "rep", null, "The rep is missing.", "Name the rep.");
            if (bad is null && start is not null)
            {
                if (DateOnly.TryParseExact(start, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly d)) date = d;
                else bad = new RejectedRow(row.Line, "coaching_start", start, "The coaching start is not a date in the form yyyy-MM-dd.", "Write it as e.g. 2025-03-01, or leave it empty for a rep never coached.");
            }
            if (bad is null && !seen.Add(rep!)) bad = new RejectedRow(row.Line, "rep", rep, "This rep already has a coaching start on an earlier row.", "Give each rep one row (the first day of coaching).");
            if (bad is not null) { rejected.Add(bad); continue; }
            list.Add(new CoachingStart(rep!, date, role < 0 ? null : row.Cells[role]));
        }
        LoadReport report = ExecutionDataErrors.Report("coaching starts", sheet.Source, sheet.Rows.Count, list.Count, rejected, [], strict);
        return new CoachingStarts(list, report);
    }

    /// <summary>How many reps are coached and how many are not.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Starts.Count(s => s.Start is not null)} reps coached, {Starts.Count(s => s.Start is null)} never coached");
}
