namespace IcpAnalytics.Warehouses;

/// <summary>
/// Maps an activity log (one row per call, email, meeting …) to deal-level effort:
/// <c>log =&gt; log.DealId("opportunity_id").Type("activity_type").OccurredAt("activity_date").DurationHours("hours").Count("calls", "Call").Count("meetings", "Meeting")</c>.
/// Each <see cref="Count"/> names a deal effort column (as <see cref="Data.DealColumnMap.Effort"/> would) and the activity
/// types it counts; the hours become the deals' effort hours. The rules are those of <see cref="Data.DealSet.WithActivities"/>
/// with <see cref="Data.ActivityColumnMap.OnlyMappedTypes"/>: types match exactly or by prefix, account-level activities are
/// split among the account's deals open at their date, and the created date bounds each deal's window.
/// </summary>
public sealed class ActivityLogMap
{
    internal string? DealIdColumn { get; private set; }
    internal string? AccountColumn { get; private set; }
    internal string? TypeColumn { get; private set; }
    internal string? OccurredAtColumn { get; private set; }
    internal string? HoursColumn { get; private set; }
    internal double HoursPerUnit { get; private set; } = 1;
    internal List<(string Effort, string[] Types)> Counts { get; } = [];
    internal Dictionary<string, double> Hours { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The log's column holding the deal (opportunity) id, matched to the deals' id column.</summary>
    /// <param name="column">The column's name.</param>
    public ActivityLogMap DealId(string column) { DealIdColumn = Check(column); return this; }

    /// <summary>
    /// The log's column holding the account of each activity: an activity without a deal id (or whose deal id is an account's)
    /// is split equally among the account's loaded deals whose window [created date, close date] holds its date, as in memory.
    /// </summary>
    /// <param name="column">The column's name, e.g. "account_id".</param>
    public ActivityLogMap AccountId(string column) { AccountColumn = Check(column); return this; }

    /// <summary>
    /// The log's column holding the activity type ("Call", "Email", "Meeting" …): compared trimmed and case-insensitively with
    /// the labels of <see cref="Count"/>; a text that begins with a label followed by a space or punctuation ("Call - outbound",
    /// "Email: follow-up") counts for the longest such label.
    /// </summary>
    /// <param name="column">The column's name.</param>
    public ActivityLogMap Type(string column) { TypeColumn = Check(column); return this; }

    /// <summary>
    /// The log's date or timestamp column (a time of day is ignored): activities on or before the deal's close date and, where
    /// the deal's created date is mapped, on or after it count; the others are counted as after close or before creation.
    /// </summary>
    /// <param name="column">The column's name.</param>
    public ActivityLogMap OccurredAt(string column) { OccurredAtColumn = Check(column); return this; }

    /// <summary>The log's duration column in hours (summed into the deals' effort hours). Optional.</summary>
    /// <param name="column">The column's name.</param>
    public ActivityLogMap DurationHours(string column) { HoursColumn = Check(column); HoursPerUnit = 1; return this; }

    /// <summary>The log's duration column in minutes (summed and divided by 60 into effort hours). Optional.</summary>
    /// <param name="column">The column's name.</param>
    public ActivityLogMap DurationMinutes(string column) { HoursColumn = Check(column); HoursPerUnit = 1.0 / 60; return this; }

    /// <summary>A deal effort column <paramref name="effort"/> (e.g. "calls") that counts the activities of <paramref name="types"/>.</summary>
    /// <param name="effort">The effort's name, as the deals' effort columns are named (e.g. "calls", "meetings").</param>
    /// <param name="types">The activity types it counts, e.g. "Call", "Phone call".</param>
    public ActivityLogMap Count(string effort, params string[] types)
    {
        ArgumentNullException.ThrowIfNull(types);
        if (types.Length == 0) throw new ArgumentException($"Give the activity types the effort '{effort}' counts, e.g. Count(\"calls\", \"Call\").", nameof(types));
        Counts.Add((Check(effort), [.. types.Select(Check)]));
        return this;
    }

    /// <summary>
    /// The hours one activity of <paramref name="effort"/> adds to the effort hours when its duration is missing (NULL), as
    /// <see cref="Data.ActivityColumnMap.HoursEach"/> does in memory; without it such an activity adds none.
    /// </summary>
    /// <param name="effort">An effort named with <see cref="Count"/>.</param>
    /// <param name="hours">Hours per activity, finite and not negative.</param>
    public ActivityLogMap HoursEach(string effort, double hours)
    {
        if (!double.IsFinite(hours) || hours < 0)
            throw new ArgumentOutOfRangeException(nameof(hours), hours, $"The hours of one '{effort}' activity must be a finite number, 0 or more.");
        Hours[Check(effort)] = hours;
        return this;
    }

    private static string Check(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        return value.Trim();
    }
}
