using System.Globalization;
using IcpAnalytics.Data;

namespace IcpAnalytics.Execution.Funnel;

/// <summary>
/// Per-rep, per-period activity counts at ordered funnel stages (e.g. contacts → appointments → demos → opportunities → wins)
/// and each period's result (margin). Load with <see cref="FromCsv(string, ActivityFunnelLoadOptions?)"/> or build with
/// <see cref="FromObjects"/>, then <see cref="Analyze"/> for conversion ratios, leaking steps, what they cost, which ratios
/// predict results and the activity a result goal needs. Immutable.
/// </summary>
/// <remarks>
/// Validation: a row without a rep or period, with a stage count that is missing or not a whole number ≥ 0, with a stage
/// count above the stage before it, with a missing or non-numeric result, or repeating a rep and period already loaded is
/// rejected with its line, column, reason and fix (a strict load throws <see cref="DealDataException"/>).
/// Loaded + rejected = read. A rep with zero at a stage is valid data: the ratios out of that stage are reported as undefined.
/// </remarks>
public sealed class ActivityFunnelData
{
    private ActivityFunnelData(IReadOnlyList<string> stages, IReadOnlyList<ActivityRecord> records, LoadReport report)
    {
        Stages = stages;
        Records = records;
        LoadReport = report;
        Reps = [.. records.Select(r => r.Rep).Distinct(StringComparer.Ordinal)];
        Periods = [.. records.Select(r => r.Period).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    /// <summary>The stage names in funnel order.</summary>
    public IReadOnlyList<string> Stages { get; }

    /// <summary>The loaded rep-period records, in input order.</summary>
    public IReadOnlyList<ActivityRecord> Records { get; }

    /// <summary>The reps, in first-seen order.</summary>
    public IReadOnlyList<string> Reps { get; }

    /// <summary>The periods, in ordinal order.</summary>
    public IReadOnlyList<string> Periods { get; }

    /// <summary>Rows read, loaded and rejected, each reject with its line, column, reason and fix.</summary>
    public LoadReport LoadReport { get; }

    /// <summary>Loads activity data from a CSV file: rep, period, one count column per stage, and the result column.</summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="options">Stages, column names, strictness, delimiter and culture; defaults as documented on <see cref="ActivityFunnelLoadOptions"/>.</param>
    /// <exception cref="DealDataException">A required column is missing, or a strict load met a bad row.</exception>
    public static ActivityFunnelData FromCsv(string path, ActivityFunnelLoadOptions? options = null)
    {
        options ??= new ActivityFunnelLoadOptions();
        options.Validate();
        return FromSheet(CsvSheet.Read(path, "activity data", options.Delimiter), options);
    }

    /// <summary>Loads activity data from CSV text (see <see cref="FromCsv(string, ActivityFunnelLoadOptions?)"/>).</summary>
    /// <param name="reader">The CSV text.</param>
    /// <param name="options">Stages, column names, strictness, delimiter and culture.</param>
    /// <param name="source">A name for the source in messages and the load report.</param>
    public static ActivityFunnelData FromCsv(TextReader reader, ActivityFunnelLoadOptions? options = null, string source = "activity CSV")
    {
        options ??= new ActivityFunnelLoadOptions();
        options.Validate();
        return FromSheet(CsvSheet.Read(reader, source, "activity data", options.Delimiter), options);
    }

    /// <summary>Builds activity data from records in memory, with the same validation as the CSV loader (record numbers stand for lines).</summary>
    /// <param name="records">One record per rep and period, counts in the order of <see cref="ActivityFunnelLoadOptions.Stages"/>.</param>
    /// <param name="options">The stage names and strictness.</param>
    public static ActivityFunnelData FromObjects(IEnumerable<ActivityRecord> records, ActivityFunnelLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        options ??= new ActivityFunnelLoadOptions();
        options.Validate();
        var rows = new List<RawRow>();
        long line = 0;
        foreach (ActivityRecord r in records)
        {
            line++;
            rows.Add(new RawRow(line, r.Rep, r.Period, r.Counts is null ? null : [.. r.Counts.Select(c => (string?)c.ToString(CultureInfo.InvariantCulture))],
                double.IsFinite(r.Result) ? r.Result.ToString("R", CultureInfo.InvariantCulture) : null, null));
        }
        return Build(rows, options with { Culture = CultureInfo.InvariantCulture }, "records in memory");
    }

    /// <summary>Conversion ratios per rep and team with intervals, each rep's leaking steps with their test and margin cost, which ratios predict results, and (with a goal) the activity targets.</summary>
    /// <param name="options">Confidence level, alpha, p-value adjustment, result goal and weeks per period; defaults as documented on <see cref="ActivityFunnelOptions"/>.</param>
    /// <exception cref="InvalidOptionsException">An option is out of range (all are listed).</exception>
    /// <exception cref="ModelFitException">No rep-period row was loaded.</exception>
    public ActivityFunnelResult Analyze(ActivityFunnelOptions? options = null)
    {
        options ??= new ActivityFunnelOptions();
        options.Validate();
        if (Records.Count == 0)
            throw new ModelFitException(string.Create(CultureInfo.InvariantCulture,
                $"No rep-period row was loaded from {LoadReport.Source} ({LoadReport.RowsRead} read, {LoadReport.RowsRejected} rejected), so there is no funnel to analyse. Fix the rejected rows listed in the load report."));
        return ActivityFunnelResult.Compute(this, options);
    }

    /// <summary>Stages, reps, periods and the load report.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"ActivityFunnelData: {Records.Count} rep-periods, {Reps.Count} reps, {Periods.Count} periods; stages {string.Join(" → ", Stages)}") +
        Environment.NewLine + LoadReport;

    private sealed record RawRow(long Line, string? Rep, string? Period, string?[]? Counts, string? Result, RejectedRow? Malformed);

    private static ActivityFunnelData FromSheet(CsvSheet sheet, ActivityFunnelLoadOptions o)
    {
        int[] idx = sheet.Require("activity data", [o.RepColumn, o.PeriodColumn, .. o.Stages, o.ResultColumn]);
        int stages = o.Stages.Count;
        var rows = new List<RawRow>(sheet.Rows.Count);
        foreach (CsvSheetRow r in sheet.Rows)
        {
            var counts = new string?[stages];
            for (int s = 0; s < stages; s++) counts[s] = r.Cells[idx[2 + s]];
            rows.Add(new RawRow(r.Line, r.Cells[idx[0]], r.Cells[idx[1]], counts, r.Cells[idx[^1]], r.Malformed));
        }
        return Build(rows, o, sheet.Source);
    }

    private static ActivityFunnelData Build(List<RawRow> rows, ActivityFunnelLoadOptions o, string source)
    {
        int stages = o.Stages.Count;
        var rejected = new List<RejectedRow>();
        var records = new List<ActivityRecord>();
        var seen = new HashSet<(string, string)>();
        foreach (RawRow row in rows)
        {
            if (row.Malformed is not null) { rejected.Add(row.Malformed); continue; }
            string? rep = row.Rep?.Trim(), period = row.Period?.Trim();
            if (string.IsNullOrEmpty(rep)) { rejected.Add(new RejectedRow(row.Line, o.RepColumn, row.Rep, "The rep is missing.", "Name the rep whose activity this row counts.")); continue; }
            if (string.IsNullOrEmpty(period)) { rejected.Add(new RejectedRow(row.Line, o.PeriodColumn, row.Period, "The period is missing.", "Give the period, e.g. 2026-Q1.")); continue; }
            if (row.Counts is null || row.Counts.Length != stages)
            {
                rejected.Add(new RejectedRow(row.Line, null, null, string.Create(CultureInfo.InvariantCulture, $"The record has {row.Counts?.Length ?? 0} stage counts; the funnel has {stages} stages."), $"Give one count per stage: {string.Join(", ", o.Stages)}."));
                continue;
            }
            var counts = new long[stages];
            RejectedRow? bad = null;
            for (int s = 0; s < stages && bad is null; s++)
            {
                string? cell = row.Counts[s];
                if (cell is null)
                    bad = new RejectedRow(row.Line, o.Stages[s], cell, $"The {o.Stages[s]} count is missing.", "Write 0 when there were none.");
                else if (!long.TryParse(cell.Trim(), NumberStyles.Integer | NumberStyles.AllowThousands, o.Culture, out counts[s]) || counts[s] < 0)
                    bad = new RejectedRow(row.Line, o.Stages[s], cell, $"The {o.Stages[s]} count is not a whole number of 0 or more.", "Write the count as a whole number, e.g. 12.");
                else if (s > 0 && counts[s] > counts[s - 1])
                    bad = new RejectedRow(row.Line, o.Stages[s], cell, $"The {o.Stages[s]} count exceeds the {o.Stages[s - 1]} count; each stage must come from the stage before it.",
                        $"Check the counts, or count {o.Stages[s]} against the period their {o.Stages[s - 1]} happened in.");
            }
            if (bad is not null) { rejected.Add(bad); continue; }
            if (row.Result is null) { rejected.Add(new RejectedRow(row.Line, o.ResultColumn, row.Result, "The result is missing.", "Give the period's result (e.g. margin won); write 0 when nothing was won.")); continue; }
            if (!double.TryParse(row.Result.Trim(), NumberStyles.Float | NumberStyles.AllowThousands, o.Culture, out double result) || !double.IsFinite(result))
            {
                rejected.Add(new RejectedRow(row.Line, o.ResultColumn, row.Result, "The result is not a number.", string.Create(CultureInfo.InvariantCulture, $"Write the result as a plain number in the file's culture ({(o.Culture.Name.Length == 0 ? "invariant" : o.Culture.Name)}), without currency symbols.")));
                continue;
            }
            if (!seen.Add((rep, period)))
            {
                rejected.Add(new RejectedRow(row.Line, o.PeriodColumn, row.Period, "This rep already has a row for this period.", "Give one row per rep and period; add the counts together."));
                continue;
            }
            records.Add(new ActivityRecord(rep, period, counts, result));
        }
        LoadReport report = ExecutionDataErrors.Report("activity data", source, rows.Count, records.Count, rejected, [], o.Strict);
        return new ActivityFunnelData([.. o.Stages], records, report);
    }
}
