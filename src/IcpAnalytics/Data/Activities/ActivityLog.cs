using System.Data;
using System.Text;

namespace IcpAnalytics.Data;

/// <summary>
/// An activity log (one row per call, email, meeting, task …) to aggregate into the deals' effort with
/// <see cref="DealSet.WithActivities"/>. Creating one reads nothing: the log is streamed once (a file path twice when its date
/// layout is inferred) when it is aggregated, so its size is bounded only by the disk.
/// </summary>
public sealed class ActivityLog
{
    private readonly Func<IDealRowSource> _open;

    private ActivityLog(string source, Func<IDealRowSource> open, bool reopenable, ActivityColumnMap map, DealLoadOptions options)
    {
        Source = source;
        _open = open;
        Reopenable = reopenable;
        Map = map;
        Options = options;
    }

    /// <summary>Where the activities come from (a file name, "activity objects", "activity reader").</summary>
    public string Source { get; }

    internal bool Reopenable { get; }

    internal ActivityColumnMap Map { get; }

    internal DealLoadOptions Options { get; }

    internal IDealRowSource Open() => _open();

    /// <summary>An activity log in a CSV file (UTF-8; delimiter detected unless <see cref="DealLoadOptions.Delimiter"/> is set).</summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="map">Maps the log's columns; null infers them from their names.</param>
    /// <param name="options">
    /// Culture, delimiter, policy (strict stops at the first bad row; lenient rejects it and goes on) and message style; null uses
    /// the defaults. <see cref="DealLoadOptions.SourceName"/> names the file in reports (default: its file name).
    /// </param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static ActivityLog FromCsv(string path, Action<ActivityColumnMap>? map = null, DealLoadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"The activity log '{path}' does not exist. Check the path (relative paths start at '{Environment.CurrentDirectory}').", path);
        options ??= new DealLoadOptions();
        options.Validate();
        string name = options.SourceName ?? Path.GetFileName(path);
        return new ActivityLog(name, () => SpanCsvRowSource.Open(DealSet.OpenText(path), name, options), reopenable: true, NewMap(map), options);
    }

    /// <summary>
    /// An activity log as CSV text, read once when aggregated: its dates must be ISO yyyy-MM-dd (with or without a time) unless
    /// formats are mapped with <see cref="ActivityColumnMap.Date"/>.
    /// </summary>
    /// <param name="reader">The CSV text; read to the end when aggregated, not closed.</param>
    /// <param name="map">Maps the log's columns; null infers them.</param>
    /// <param name="options">As for <see cref="FromCsv(string, Action{ActivityColumnMap}?, DealLoadOptions?)"/>.</param>
    public static ActivityLog FromCsv(TextReader reader, Action<ActivityColumnMap>? map = null, DealLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        options ??= new DealLoadOptions();
        options.Validate();
        string name = options.SourceName ?? "activity CSV";
        return new ActivityLog(name, () => SpanCsvRowSource.Open(reader, name, options), reopenable: false, NewMap(map), options);
    }

    /// <summary>An activity log from a database query (typed dates and numbers arrive as such), read once when aggregated.</summary>
    /// <param name="reader">A reader positioned before the first row; read to the end when aggregated, not closed.</param>
    /// <param name="map">Maps the reader's columns; null infers them.</param>
    /// <param name="options">As for <see cref="FromCsv(string, Action{ActivityColumnMap}?, DealLoadOptions?)"/>; record numbers stand in for lines.</param>
    public static ActivityLog FromDataReader(IDataReader reader, Action<ActivityColumnMap>? map = null, DealLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        options ??= new DealLoadOptions();
        options.Validate();
        string name = options.SourceName ?? "activity reader";
        return new ActivityLog(name, () => new DataReaderRowSource(reader, name), reopenable: false, NewMap(map), options);
    }

    /// <summary>An activity log from your own objects through typed selectors, enumerated once when aggregated.</summary>
    /// <typeparam name="T">The type of your activity objects.</typeparam>
    /// <param name="activities">The activities.</param>
    /// <param name="map">Selects each part of an activity: a deal id or account, the type and the date at least.</param>
    /// <param name="options">Policy and message style; null uses the defaults. Record numbers (from 1) stand in for lines.</param>
    public static ActivityLog FromObjects<T>(IEnumerable<T> activities, Action<ActivityObjectMap<T>> map, DealLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(activities);
        ArgumentNullException.ThrowIfNull(map);
        options ??= new DealLoadOptions();
        options.Validate();
        var objectMap = new ActivityObjectMap<T>();
        map(objectMap);
        string name = options.SourceName ?? "activity objects";
        ObjectColumn<T>[] columns = [.. objectMap.Columns];
        return new ActivityLog(name, () => new ObjectRowSource<T>(activities, columns, name), reopenable: false, objectMap.Names, options);
    }

    private static ActivityColumnMap NewMap(Action<ActivityColumnMap>? map)
    {
        var result = new ActivityColumnMap();
        map?.Invoke(result);
        return result;
    }
}

/// <summary>
/// How the rows of an activity log were counted: every activity counts toward a deal's effort, or is set aside for one stated
/// reason, or is rejected with its line. <see cref="Matched"/> + <see cref="OtherTypes"/> + <see cref="Unmatched"/> +
/// <see cref="AfterClose"/> + <see cref="BeforeCreation"/> + <see cref="RowsRejected"/> = <see cref="ActivitiesRead"/>, always.
/// </summary>
public sealed class ActivityLoadReport
{
    /// <summary>At most this many rejects are kept with their line (all are counted), so a log of any size loads in bounded memory.</summary>
    public const int MaxListedRejects = 10_000;

    /// <summary>Creates a report; the counts must add up.</summary>
    /// <param name="source">Where the activities came from.</param>
    /// <param name="activitiesRead">Data rows read.</param>
    /// <param name="matched">Activities counted toward a deal's effort (of a deal, or split among an account's open deals).</param>
    /// <param name="accountLevel">Of <paramref name="matched"/>, the activities without a deal attributed through their account.</param>
    /// <param name="otherTypes">Activities of a deal, in its window, of a type no effort counts.</param>
    /// <param name="unmatched">Activities whose deal is not among the deals, or whose account has no deal open at their date, or with neither.</param>
    /// <param name="afterClose">Activities dated after their deal's close date.</param>
    /// <param name="beforeCreation">Activities dated before their deal's created date.</param>
    /// <param name="rowsRejected">Rows that could not be read (no or unreadable date, bad duration, malformed row).</param>
    /// <param name="rejected">The first <see cref="MaxListedRejects"/> rejects, in input order.</param>
    /// <param name="notes">Notes on the log as a whole.</param>
    public ActivityLoadReport(string source, long activitiesRead, long matched, long accountLevel, long otherTypes, long unmatched, long afterClose, long beforeCreation,
        long rowsRejected, IReadOnlyList<RejectedRow> rejected, IReadOnlyList<string> notes)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(rejected);
        ArgumentNullException.ThrowIfNull(notes);
        if (matched + otherTypes + unmatched + afterClose + beforeCreation + rowsRejected != activitiesRead)
            throw new ArgumentException(FormattableString.Invariant(
                $"Counts do not add up: {matched} matched + {otherTypes} other types + {unmatched} unmatched + {afterClose} after close + {beforeCreation} before creation + {rowsRejected} rejected != {activitiesRead} read."));
        if (accountLevel > matched) throw new ArgumentException("Account-level activities are part of the matched ones.", nameof(accountLevel));
        if (rejected.Count > rowsRejected) throw new ArgumentException("More rejects listed than counted.", nameof(rejected));
        Source = source;
        ActivitiesRead = activitiesRead;
        Matched = matched;
        AccountLevel = accountLevel;
        OtherTypes = otherTypes;
        Unmatched = unmatched;
        AfterClose = afterClose;
        BeforeCreation = beforeCreation;
        RowsRejected = rowsRejected;
        Rejected = rejected;
        Notes = notes;
    }

    /// <summary>Where the activities came from.</summary>
    public string Source { get; }

    /// <summary>Data rows read, not counting the header.</summary>
    public long ActivitiesRead { get; }

    /// <summary>Activities counted toward a deal's effort counts and hours.</summary>
    public long Matched { get; }

    /// <summary>Of <see cref="Matched"/>, activities without a deal id attributed through their account.</summary>
    public long AccountLevel { get; }

    /// <summary>Activities of a type no effort counts (map it with <see cref="ActivityColumnMap.Count"/>).</summary>
    public long OtherTypes { get; }

    /// <summary>Activities that belong to no loaded deal: an unknown (open, rejected or missing) deal, an account with no deal open at the date, or neither id.</summary>
    public long Unmatched { get; }

    /// <summary>Activities dated after their deal's close date: not effort that won or lost it.</summary>
    public long AfterClose { get; }

    /// <summary>Activities dated before their deal's created date.</summary>
    public long BeforeCreation { get; }

    /// <summary>Rows rejected (all counted; the first <see cref="MaxListedRejects"/> listed in <see cref="Rejected"/>).</summary>
    public long RowsRejected { get; }

    /// <summary>The listed rejects, with line, column, reason and fix, in input order.</summary>
    public IReadOnlyList<RejectedRow> Rejected { get; }

    /// <summary>Notes on the log as a whole (columns used, date layout, efforts found).</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>The counts, the notes and the first rejects, readable in a console (no cell values).</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(FormattableString.Invariant(
            $"{Source}: {ActivitiesRead:N0} activities read, {Matched:N0} matched ({AccountLevel:N0} through their account), {OtherTypes:N0} of other types, {Unmatched:N0} unmatched, {AfterClose:N0} after close, {BeforeCreation:N0} before creation, {RowsRejected:N0} rejected"));
        foreach (string note in Notes) sb.AppendLine().Append("  note: ").Append(note);
        foreach (RejectedRow r in Rejected.Take(10))
            sb.AppendLine().Append(FormattableString.Invariant($"  line {r.Line}{(r.Column is null ? "" : ", column '" + r.Column + "'")}: {r.Reason} {r.Fix}"));
        if (RowsRejected > 10) sb.AppendLine().Append(FormattableString.Invariant($"  … and {RowsRejected - 10:N0} more rejected activities"));
        return sb.ToString();
    }
}
