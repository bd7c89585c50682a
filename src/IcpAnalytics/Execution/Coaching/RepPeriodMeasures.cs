using System.Globalization;
using IcpAnalytics.Data;

namespace IcpAnalytics.Execution.Coaching;

/// <summary>How long one period of a rep × period panel is.</summary>
public enum CoachingPeriodLength
{
    /// <summary>Calendar months.</summary>
    Month,

    /// <summary>Calendar quarters.</summary>
    Quarter,
}

/// <summary>One rep's value of one measure in one period (the period named by its first day).</summary>
/// <param name="Rep">The rep.</param>
/// <param name="Period">The first day of the period (any day in it is moved to its first day).</param>
/// <param name="Measure">The measure, e.g. "win rate" or "win stories shared".</param>
/// <param name="Value">The value.</param>
public sealed record RepPeriodValue(string Rep, DateOnly Period, string Measure, double Value);

/// <summary>
/// Outcome measures per rep and period, the panel the coaching-impact analysis compares: computed from the deals
/// (<see cref="FromDeals"/>: win rate, margin per deal, deals won, margin per effort hour) or loaded from a file of any
/// measure, inside or outside the CRM (<see cref="FromCsv(string, CoachingPeriodLength, bool)"/>: columns rep, period,
/// measure, value — win stories shared, certifications, posts…), and combined with <see cref="With"/>. Immutable.
/// </summary>
public sealed class RepPeriodMeasures
{
    private RepPeriodMeasures(CoachingPeriodLength length, IReadOnlyList<RepPeriodValue> values, LoadReport report, IReadOnlyList<string> notes)
    {
        PeriodLength = length;
        Values = values;
        LoadReport = report;
        Notes = notes;
        Measures = [.. values.Select(v => v.Measure).Distinct(StringComparer.OrdinalIgnoreCase)];
        Reps = [.. values.Select(v => v.Rep).Distinct(StringComparer.OrdinalIgnoreCase)];
        Periods = [.. values.Select(v => v.Period).Distinct().Order()];
    }

    /// <summary>The period length.</summary>
    public CoachingPeriodLength PeriodLength { get; }

    /// <summary>Every value, one per rep, period and measure.</summary>
    public IReadOnlyList<RepPeriodValue> Values { get; }

    /// <summary>The measure names, in first-seen order.</summary>
    public IReadOnlyList<string> Measures { get; }

    /// <summary>The reps, in first-seen order.</summary>
    public IReadOnlyList<string> Reps { get; }

    /// <summary>The periods' first days, in order.</summary>
    public IReadOnlyList<DateOnly> Periods { get; }

    /// <summary>How the values were loaded (for deal measures: the deals' load report).</summary>
    public LoadReport LoadReport { get; }

    /// <summary>Rows merged into one period, deals without a close date and similar notes.</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>The measure name of the win rate (won ÷ closed deals in the period).</summary>
    public const string WinRate = "win rate";

    /// <summary>The measure name of margin per closed deal.</summary>
    public const string MarginPerDeal = "margin per deal";

    /// <summary>The measure name of deals won in the period.</summary>
    public const string DealsWon = "deals won";

    /// <summary>The measure name of margin per effort hour (when the deals have effort hours).</summary>
    public const string MarginPerEffortHour = "margin per effort hour";

    /// <summary>The first day of the period holding <paramref name="day"/>.</summary>
    /// <param name="day">Any day.</param>
    /// <param name="length">The period length.</param>
    public static DateOnly PeriodOf(DateOnly day, CoachingPeriodLength length) =>
        length == CoachingPeriodLength.Month ? new DateOnly(day.Year, day.Month, 1) : new DateOnly(day.Year, (day.Month - 1) / 3 * 3 + 1, 1);

    /// <summary>Deal measures per rep and period: win rate, margin per deal, deals won and (with effort hours) margin per effort hour.</summary>
    /// <param name="deals">Closed deals with a rep and close date.</param>
    /// <param name="length">The period length; the default is a quarter.</param>
    public static RepPeriodMeasures FromDeals(DealSet deals, CoachingPeriodLength length = CoachingPeriodLength.Quarter)
    {
        ArgumentNullException.ThrowIfNull(deals);
        var cells = new Dictionary<(int Rep, DateOnly Period), (int Closed, int Won, double Margin, double Hours)>();
        int undated = 0, noRep = 0;
        NumericColumn margin = deals.YieldAmount;
        NumericColumn? hours = deals.EffortHours;
        for (int i = 0; i < deals.Count; i++)
        {
            int rep = deals.Reps.GetCode(i);
            if (rep < 0) { noRep++; continue; }
            if (deals.ClosedOn(i) is not DateOnly closed) { undated++; continue; }
            var key = (rep, PeriodOf(closed, length));
            cells.TryGetValue(key, out var c);
            double m = margin[i];
            double h = hours is null ? double.NaN : hours[i];
            cells[key] = (c.Closed + 1, c.Won + (deals.IsWon(i) ? 1 : 0), c.Margin + (double.IsFinite(m) ? m : 0), c.Hours + (double.IsFinite(h) ? h : 0));
        }
        var values = new List<RepPeriodValue>();
        foreach (((int rep, DateOnly period), var c) in cells.OrderBy(kv => kv.Key.Rep).ThenBy(kv => kv.Key.Period))
        {
            string name = deals.Reps.Levels[rep];
            values.Add(new RepPeriodValue(name, period, WinRate, (double)c.Won / c.Closed));
            values.Add(new RepPeriodValue(name, period, MarginPerDeal, c.Margin / c.Closed));
            values.Add(new RepPeriodValue(name, period, DealsWon, c.Won));
            if (hours is not null && c.Hours > 0) values.Add(new RepPeriodValue(name, period, MarginPerEffortHour, c.Margin / c.Hours));
        }
        var notes = new List<string>();
        if (undated > 0) notes.Add(string.Create(CultureInfo.InvariantCulture, $"{undated} deals have no close date and are in no period."));
        if (noRep > 0) notes.Add(string.Create(CultureInfo.InvariantCulture, $"{noRep} deals have no rep and are in no rep's measures."));
        if (deals.GrossMargin is null) notes.Add("The deals have no gross margin column, so margin measures use revenue.");
        return new RepPeriodMeasures(length, values, deals.LoadReport, notes);
    }

    /// <summary>Values in memory; several values of one rep and measure in one period are averaged (and noted).</summary>
    /// <param name="values">The values.</param>
    /// <param name="length">The period length each value's date is moved into.</param>
    public static RepPeriodMeasures FromObjects(IEnumerable<RepPeriodValue> values, CoachingPeriodLength length = CoachingPeriodLength.Quarter)
    {
        ArgumentNullException.ThrowIfNull(values);
        RepPeriodValue[] list = [.. values];
        foreach (RepPeriodValue v in list)
        {
            ArgumentNullException.ThrowIfNull(v);
            ArgumentException.ThrowIfNullOrWhiteSpace(v.Rep);
            ArgumentException.ThrowIfNullOrWhiteSpace(v.Measure);
            if (!double.IsFinite(v.Value)) throw new ArgumentException($"The value of '{v.Measure}' for rep '{v.Rep}' is not a finite number.", nameof(values));
        }
        (List<RepPeriodValue> merged, List<string> notes) = Merge(list, length);
        return new RepPeriodMeasures(length, merged, LoadReport.Clean("values in memory", list.Length), notes);
    }

    /// <summary>Loads per-rep, per-period measures from a CSV file with columns rep, period (yyyy-MM-dd or yyyy-MM), measure and value (invariant number).</summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="length">The period length each date is moved into; the default is a quarter.</param>
    /// <param name="strict">Whether a bad row stops the load instead of being rejected and reported. The default is false.</param>
    public static RepPeriodMeasures FromCsv(string path, CoachingPeriodLength length = CoachingPeriodLength.Quarter, bool strict = false) =>
        FromSheet(CsvSheet.Read(path, "rep measures"), length, strict);

    /// <summary>Loads per-rep, per-period measures from CSV text (see <see cref="FromCsv(string, CoachingPeriodLength, bool)"/>).</summary>
    /// <param name="reader">The CSV text.</param>
    /// <param name="length">The period length; the default is a quarter.</param>
    /// <param name="strict">Whether a bad row stops the load. The default is false.</param>
    /// <param name="source">A name for the source in messages.</param>
    public static RepPeriodMeasures FromCsv(TextReader reader, CoachingPeriodLength length = CoachingPeriodLength.Quarter, bool strict = false, string source = "rep measures CSV") =>
        FromSheet(CsvSheet.Read(reader, source, "rep measures"), length, strict);

    /// <summary>These measures and <paramref name="other"/>'s together (e.g. deal measures and a file of win stories shared).</summary>
    /// <param name="other">More measures with the same period length and different measure names.</param>
    /// <exception cref="ArgumentException">The period lengths differ or a measure name is in both.</exception>
    public RepPeriodMeasures With(RepPeriodMeasures other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.PeriodLength != PeriodLength) throw new ArgumentException($"The measures have {other.PeriodLength} periods, these have {PeriodLength}; load both with the same period length.", nameof(other));
        string? shared = other.Measures.FirstOrDefault(m => Measures.Contains(m, StringComparer.OrdinalIgnoreCase));
        if (shared is not null) throw new ArgumentException($"The measure '{shared}' is in both; rename one of them.", nameof(other));
        return new RepPeriodMeasures(PeriodLength, [.. Values, .. other.Values], LoadReport, [.. Notes, .. other.Notes]);
    }

    private static RepPeriodMeasures FromSheet(CsvSheet sheet, CoachingPeriodLength length, bool strict)
    {
        int[] idx = sheet.Require("rep measures", "rep", "period", "measure", "value");
        var values = new List<RepPeriodValue>();
        var rejected = new List<RejectedRow>();
        foreach (CsvSheetRow row in sheet.Rows)
        {
            RejectedRow? bad = row.Malformed;
            string? rep = row.Cells[idx[0]], period = row.Cells[idx[1]], measure = row.Cells[idx[2]], value = row.Cells[idx[3]];
            DateOnly day = default;
            double number = double.NaN;
            if (bad is null && rep is null) bad = new RejectedRow(row.Line, "rep", null, "The rep is missing.", "Name the rep.");
            if (bad is null && measure is null) bad = new RejectedRow(row.Line, "measure", null, "The measure is missing.", "Name the measure, e.g. win stories shared.");
            if (bad is null && !(period is not null && (DateOnly.TryParseExact(period, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day)
                || DateOnly.TryParseExact(period + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))))
                bad = new RejectedRow(row.Line, "period", period, "The period is not a date in the form yyyy-MM-dd or yyyy-MM.", "Write the period's first day, e.g. 2025-04-01 or 2025-04.");
            if (bad is null && !(value is not null && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out number) && double.IsFinite(number)))
                bad = new RejectedRow(row.Line, "value", value, "The value is not a number.", "Write a plain number with a decimal point, e.g. 3 or 0.25.");
            if (bad is not null) { rejected.Add(bad); continue; }
            values.Add(new RepPeriodValue(rep!, day, measure!, number));
        }
        LoadReport report = ExecutionDataErrors.Report("rep measures", sheet.Source, sheet.Rows.Count, values.Count, rejected, [], strict);
        (List<RepPeriodValue> merged, List<string> notes) = Merge(values, length);
        return new RepPeriodMeasures(length, merged, report, notes);
    }

    private static (List<RepPeriodValue> Values, List<string> Notes) Merge(IReadOnlyList<RepPeriodValue> values, CoachingPeriodLength length)
    {
        var groups = values.GroupBy(v => (Rep: v.Rep.Trim().ToUpperInvariant(), Period: PeriodOf(v.Period, length), Measure: v.Measure.Trim().ToUpperInvariant())).ToList();
        int merged = groups.Count(g => g.Count() > 1);
        var result = groups.Select(g => new RepPeriodValue(g.First().Rep.Trim(), g.Key.Period, g.First().Measure.Trim(), g.Average(v => v.Value))).ToList();
        var notes = new List<string>();
        if (merged > 0) notes.Add(string.Create(CultureInfo.InvariantCulture, $"{merged} rep × period × measure cells had several values in one {length.ToString().ToLowerInvariant()}; they are averaged."));
        return (result, notes);
    }

    /// <summary>Measures, reps and periods.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Measures.Count} measures × {Reps.Count} reps × {Periods.Count} periods ({Values.Count} values)");
}
