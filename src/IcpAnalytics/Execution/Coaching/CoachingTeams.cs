using System.Globalization;
using IcpAnalytics.Data;

namespace IcpAnalytics.Execution.Coaching;

/// <summary>
/// Which manager coaches which rep. Load with <see cref="FromCsv(string, bool)"/> (columns rep, manager) or build with
/// <see cref="FromPairs"/>. A row without a rep or manager, or giving a rep a second, different manager, is rejected and reported. Immutable.
/// </summary>
public sealed class CoachingTeams
{
    private readonly Dictionary<string, string> _managerOf;

    private CoachingTeams(Dictionary<string, string> managerOf, LoadReport report)
    {
        _managerOf = managerOf;
        LoadReport = report;
        Managers = [.. managerOf.Values.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Every manager, in first-seen order.</summary>
    public IReadOnlyList<string> Managers { get; }

    /// <summary>The reps in the map.</summary>
    public IReadOnlyCollection<string> Reps => _managerOf.Keys;

    /// <summary>Rows read, loaded and rejected.</summary>
    public LoadReport LoadReport { get; }

    /// <summary>The manager of <paramref name="rep"/>, or null when the rep is not in the map.</summary>
    /// <param name="rep">The rep (ordinal, case-insensitive).</param>
    public string? ManagerOf(string rep) => _managerOf.TryGetValue(rep, out string? m) ? m : null;

    /// <summary>A map from rep → manager pairs in memory.</summary>
    /// <param name="managerOf">Each rep's manager.</param>
    public static CoachingTeams FromPairs(IReadOnlyDictionary<string, string> managerOf)
    {
        ArgumentNullException.ThrowIfNull(managerOf);
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach ((string rep, string manager) in managerOf)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(rep);
            ArgumentException.ThrowIfNullOrWhiteSpace(manager);
            map[rep.Trim()] = manager.Trim();
        }
        return new CoachingTeams(map, LoadReport.Clean("pairs in memory", map.Count));
    }

    /// <summary>Loads the map from a CSV file with columns rep and manager.</summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="strict">Whether a bad row stops the load (<see cref="DealDataException"/>) instead of being rejected and reported. The default is false.</param>
    public static CoachingTeams FromCsv(string path, bool strict = false) => FromSheet(CsvSheet.Read(path, "rep-to-manager map"), strict);

    /// <summary>Loads the map from CSV text (see <see cref="FromCsv(string, bool)"/>).</summary>
    /// <param name="reader">The CSV text.</param>
    /// <param name="strict">Whether a bad row stops the load. The default is false.</param>
    /// <param name="source">A name for the source in messages.</param>
    public static CoachingTeams FromCsv(TextReader reader, bool strict = false, string source = "manager map CSV") =>
        FromSheet(CsvSheet.Read(reader, source, "rep-to-manager map"), strict);

    private static CoachingTeams FromSheet(CsvSheet sheet, bool strict)
    {
        int[] idx = sheet.Require("rep-to-manager map", "rep", "manager");
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var rejected = new List<RejectedRow>();
        long loaded = 0;
        foreach (CsvSheetRow row in sheet.Rows)
        {
            RejectedRow? bad = row.Malformed;
            string? rep = row.Cells[idx[0]], manager = row.Cells[idx[1]];
            if (bad is null && rep is null) bad = new RejectedRow(row.Line, "rep", rep, "The rep is missing.", "Name the rep.");
            if (bad is null && manager is null) bad = new RejectedRow(row.Line, "manager", manager, "The manager is missing.", "Name the rep's manager.");
            if (bad is null && map.TryGetValue(rep!, out string? earlier) && !string.Equals(earlier, manager, StringComparison.Ordinal))
                bad = new RejectedRow(row.Line, "manager", manager, "This rep already has a different manager on an earlier row.", "Give each rep one manager.");
            if (bad is not null) { rejected.Add(bad); continue; }
            map[rep!] = manager!;
            loaded++;
        }
        LoadReport report = ExecutionDataErrors.Report("rep-to-manager map", sheet.Source, sheet.Rows.Count, loaded, rejected, [], strict);
        return new CoachingTeams(map, report);
    }

    /// <summary>Managers and how many reps each coaches.</summary>
    public override string ToString() => string.Join(", ", Managers.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m} ({_managerOf.Values.Count(v => v == m)} reps)")));
}
