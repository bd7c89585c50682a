using IcpAnalytics.Data;

namespace IcpAnalytics.Execution.Coaching;

/// <summary>
/// Loads coached competencies for the coaching-impact analysis from a CSV file with columns competency, kind
/// (skill, will or process), measure, and optionally direction (up or down, default up) and role; one row per
/// competency × measure. Bad rows are rejected with their line, never dropped silently.
/// </summary>
public static class ImpactCompetencies
{
    /// <summary>Loads the competencies from a CSV file.</summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="strict">Whether a bad row stops the load instead of being rejected and reported. The default is false.</param>
    /// <returns>The competencies in first-seen order, and the load report.</returns>
    public static (IReadOnlyList<ImpactCompetency> Competencies, LoadReport Report) FromCsv(string path, bool strict = false) => FromSheet(CsvSheet.Read(path, "competencies"), strict);

    /// <summary>Loads the competencies from CSV text (see <see cref="FromCsv(string, bool)"/>).</summary>
    /// <param name="reader">The CSV text.</param>
    /// <param name="strict">Whether a bad row stops the load. The default is false.</param>
    /// <param name="source">A name for the source in messages.</param>
    public static (IReadOnlyList<ImpactCompetency> Competencies, LoadReport Report) FromCsv(TextReader reader, bool strict = false, string source = "competencies CSV") =>
        FromSheet(CsvSheet.Read(reader, source, "competencies"), strict);

    private static (IReadOnlyList<ImpactCompetency>, LoadReport) FromSheet(CsvSheet sheet, bool strict)
    {
        int[] idx = sheet.Require("competencies", "competency", "kind", "measure");
        int direction = sheet.Find("direction"), role = sheet.Find("role");
        var order = new List<(string Name, CompetencyKind Kind, string? Role)>();
        var measures = new Dictionary<(string, CompetencyKind, string?), List<ImpactMeasure>>();
        var rejected = new List<RejectedRow>();
        int loaded = 0;
        foreach (CsvSheetRow row in sheet.Rows)
        {
            RejectedRow? bad = row.Malformed;
            string? name = row.Cells[idx[0]], kindText = row.Cells[idx[1]], measure = row.Cells[idx[2]];
            string? dir = direction < 0 ? null : row.Cells[direction];
            CompetencyKind kind = CompetencyKind.Skill;
            if (bad is null && name is null) bad = new RejectedRow(row.Line, "competency", null, "The competency is missing.", "Name it, e.g. Closing.");
            if (bad is null && !Enum.TryParse(kindText, ignoreCase: true, out kind))
                bad = new RejectedRow(row.Line, "kind", kindText, "The kind is not skill, will or process.", "Write skill, will or process.");
            if (bad is null && measure is null) bad = new RejectedRow(row.Line, "measure", null, "The measure is missing.", "Name the measure it should move, e.g. win rate.");
            if (bad is null && dir is not null && !dir.Equals("up", StringComparison.OrdinalIgnoreCase) && !dir.Equals("down", StringComparison.OrdinalIgnoreCase))
                bad = new RejectedRow(row.Line, "direction", dir, "The direction is not up or down.", "Write up (more is better) or down.");
            if (bad is not null) { rejected.Add(bad); continue; }
            var key = (name!, kind, role < 0 ? null : row.Cells[role]);
            if (!measures.TryGetValue(key, out List<ImpactMeasure>? list)) { measures[key] = list = []; order.Add(key); }
            list.Add(new ImpactMeasure(measure!, dir is not null && dir.Equals("down", StringComparison.OrdinalIgnoreCase) ? DesiredDirection.Down : DesiredDirection.Up));
            loaded++;
        }
        LoadReport report = ExecutionDataErrors.Report("competencies", sheet.Source, sheet.Rows.Count, loaded, rejected, [], strict);
        return ([.. order.Select(k => new ImpactCompetency(k.Name, k.Kind, measures[k], k.Role))], report);
    }
}
