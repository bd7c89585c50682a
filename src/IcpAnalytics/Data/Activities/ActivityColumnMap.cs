namespace IcpAnalytics.Data;

/// <summary>The unit an activity log's duration column is written in.</summary>
public enum DurationUnit
{
    /// <summary>Minutes (Salesforce DurationInMinutes).</summary>
    Minutes,

    /// <summary>Hours.</summary>
    Hours,

    /// <summary>Seconds (Salesforce CallDurationInSeconds).</summary>
    Seconds,

    /// <summary>Milliseconds (HubSpot hs_call_duration).</summary>
    Milliseconds,
}

/// <summary>
/// One effort column built from an activity log: the activity types it counts and the hours each such activity is taken to
/// last when the log gives no duration.
/// </summary>
/// <param name="Name">The effort column's name, e.g. "meetings".</param>
/// <param name="Types">
/// The activity type labels it counts, compared trimmed and case-insensitively; a type text that begins with a label followed
/// by a space or punctuation ("Call - pricing", "Email: follow-up") counts too, the longest such label deciding.
/// </param>
/// <param name="HoursEach">The hours one activity of this effort adds to the effort hours when its duration is not given.</param>
public sealed record ActivityEffort(string Name, IReadOnlyList<string> Types, double HoursEach);

/// <summary>
/// Maps the columns of an activity log (one row per call, email, meeting, task …) fluently:
/// <c>log =&gt; log.DealId("opportunity_id").AccountId("account_id").Type("type").Date("activity_date").DurationMinutes("minutes")</c>.
/// </summary>
/// <remarks>
/// <para>Columns left unmapped are inferred from their names, a CRM <see cref="Preset"/>'s first: the deal (opportunity) id from
/// WhatId, Opportunity ID, Associated Deal, opportunity_id, deal_id …; the account from AccountId, Associated Company, account_id,
/// company_id …; the type from Type, TaskSubtype, Activity type, activity_type, type, subject …; the date from ActivityDate,
/// Activity date, activity_date, date, timestamp …; the duration from DurationInMinutes, CallDurationInSeconds, hs_call_duration,
/// duration_minutes, minutes, duration_hours, hours ….</para>
/// <para>Activity types are turned into effort columns by the vocabulary <see cref="DefaultEfforts"/> (meetings, demos, calls,
/// emails, tasks, visits, messages), which <see cref="Count"/> extends and <see cref="OnlyMappedTypes"/> replaces.</para>
/// </remarks>
public sealed class ActivityColumnMap
{
    /// <summary>
    /// The default vocabulary: meetings (meeting, event, video call …; 1 hour each), demos (demo, product demo …; 1 hour), calls
    /// (call, phone call, logged call …; 0.25 hours), emails (email, e-mail, list email …; 0.1 hours), tasks (task, to-do,
    /// follow-up; 0.25 hours), visits (visit, site visit …; 2 hours), messages (linkedin, sms, chat …; 0.05 hours). The hours
    /// are assumptions, used only for activities without a duration; set your own with <see cref="HoursEach"/>.
    /// </summary>
    public static IReadOnlyList<ActivityEffort> DefaultEfforts { get; } =
    [
        new("meetings", ["meeting", "event", "in-person meeting", "video meeting", "video call", "conference call", "online meeting", "teams meeting", "zoom meeting", "onsite meeting"], 1.0),
        new("demos", ["demo", "product demo", "demonstration", "presentation"], 1.0),
        new("calls", ["call", "phone call", "phone", "logged call", "outbound call", "inbound call", "cold call", "log a call"], 0.25),
        new("emails", ["email", "e-mail", "listemail", "list email", "sent email", "email sent", "outbound email", "inbound email", "incoming email", "outgoing email", "mail"], 0.1),
        new("tasks", ["task", "to-do", "todo", "follow-up", "follow up"], 0.25),
        new("visits", ["visit", "site visit", "on-site visit", "onsite visit", "customer visit"], 2.0),
        new("messages", ["linkedin", "linkedin message", "inmail", "sms", "text message", "whatsapp", "chat"], 0.05),
    ];

    internal string? DealIdColumn { get; private set; }
    internal string? AccountColumn { get; private set; }
    internal string? TypeColumn { get; private set; }
    internal string? DateColumn { get; private set; }
    internal IReadOnlyList<string>? DateFormats { get; private set; }
    internal string? DurationColumn { get; private set; }
    internal DurationUnit DurationUnit { get; private set; } = DurationUnit.Minutes;
    internal CrmPreset CrmPreset { get; private set; }
    internal bool DefaultVocabulary { get; private set; } = true;
    internal List<(string Effort, string[] Types)> Counts { get; } = [];
    internal Dictionary<string, double> Hours { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The column holding the deal (opportunity) id each activity belongs to, matched to the deals' ids.</summary>
    /// <param name="column">The column's name, e.g. "opportunity_id" or Salesforce's "WhatId".</param>
    public ActivityColumnMap DealId(string column) { DealIdColumn = Check(column); return this; }

    /// <summary>
    /// The column holding the account of each activity. Activities with an account but no deal id are attributed to the account's
    /// deals open at the activity's date (see <see cref="DealSet.WithActivities"/>).
    /// </summary>
    /// <param name="column">The column's name, e.g. "account_id" or Salesforce's "AccountId".</param>
    public ActivityColumnMap AccountId(string column) { AccountColumn = Check(column); return this; }

    /// <summary>The column holding the activity type ("Call", "Email", "Meeting" …).</summary>
    /// <param name="column">The column's name.</param>
    public ActivityColumnMap Type(string column) { TypeColumn = Check(column); return this; }

    /// <summary>
    /// The column holding the activity's date or timestamp (a time of day is ignored), with its exact formats; none given infers
    /// the column's layout from all its values (from a file path; other sources read ISO yyyy-MM-dd and typed dates).
    /// </summary>
    /// <param name="column">The column's name.</param>
    /// <param name="formats">Exact date formats tried in order, e.g. "dd/MM/yyyy".</param>
    public ActivityColumnMap Date(string column, params string[] formats)
    {
        DateColumn = Check(column);
        ArgumentNullException.ThrowIfNull(formats);
        if (formats.Length > 0) DateFormats = [.. formats];
        return this;
    }

    /// <summary>The column holding each activity's duration, in <paramref name="unit"/>. Optional; never negative.</summary>
    /// <param name="column">The column's name.</param>
    /// <param name="unit">The unit the durations are written in.</param>
    public ActivityColumnMap Duration(string column, DurationUnit unit)
    {
        if (!Enum.IsDefined(unit)) throw new ArgumentOutOfRangeException(nameof(unit), unit, "Use a DurationUnit value such as DurationUnit.Minutes.");
        DurationColumn = Check(column);
        DurationUnit = unit;
        return this;
    }

    /// <summary>The column holding each activity's duration in minutes (see <see cref="Duration"/>).</summary>
    /// <param name="column">The column's name.</param>
    public ActivityColumnMap DurationMinutes(string column) => Duration(column, DurationUnit.Minutes);

    /// <summary>The column holding each activity's duration in hours (see <see cref="Duration"/>).</summary>
    /// <param name="column">The column's name.</param>
    public ActivityColumnMap DurationHours(string column) => Duration(column, DurationUnit.Hours);

    /// <summary>
    /// Counts the activities of <paramref name="types"/> in the effort column <paramref name="effort"/>: a new effort, or more
    /// labels for one of the vocabulary's (e.g. <c>Count("meetings", "Discovery Session")</c>). A mapped effort is a column of
    /// the deals even when no activity has its type.
    /// </summary>
    /// <param name="effort">The effort column's name, e.g. "calls".</param>
    /// <param name="types">The activity type labels it counts.</param>
    public ActivityColumnMap Count(string effort, params string[] types)
    {
        ArgumentNullException.ThrowIfNull(types);
        if (types.Length == 0) throw new ArgumentException($"Give the activity types the effort '{effort}' counts, e.g. Count(\"calls\", \"Call\").", nameof(types));
        Counts.Add((Check(effort), [.. types.Select(Check)]));
        return this;
    }

    /// <summary>The hours one activity of <paramref name="effort"/> adds to the effort hours when the log gives no duration for it.</summary>
    /// <param name="effort">An effort of the vocabulary or one mapped with <see cref="Count"/>.</param>
    /// <param name="hours">Hours per activity, finite and not negative.</param>
    public ActivityColumnMap HoursEach(string effort, double hours)
    {
        if (!double.IsFinite(hours) || hours < 0)
            throw new ArgumentOutOfRangeException(nameof(hours), hours, $"The hours of one '{effort}' activity must be a finite number, 0 or more.");
        Hours[Check(effort)] = hours;
        return this;
    }

    /// <summary>Drops the default vocabulary: only the efforts mapped with <see cref="Count"/> are counted.</summary>
    public ActivityColumnMap OnlyMappedTypes() { DefaultVocabulary = false; return this; }

    /// <summary>The CRM the log comes from: its column names are tried first when columns are inferred.</summary>
    /// <param name="preset">The CRM.</param>
    public ActivityColumnMap Preset(CrmPreset preset)
    {
        if (!Enum.IsDefined(preset)) throw new ArgumentOutOfRangeException(nameof(preset), preset, "Use a CrmPreset value such as CrmPreset.Salesforce.");
        CrmPreset = preset;
        return this;
    }

    /// <summary>The efforts counted: the vocabulary (unless dropped) extended by the mapped counts, with their hours.</summary>
    internal List<(ActivityEffort Effort, bool Mapped)> Efforts()
    {
        var result = new List<(ActivityEffort Effort, bool Mapped)>();
        if (DefaultVocabulary) result.AddRange(DefaultEfforts.Select(e => (e, false)));
        foreach ((string effort, string[] types) in Counts)
        {
            int at = result.FindIndex(e => string.Equals(e.Effort.Name, effort, StringComparison.OrdinalIgnoreCase));
            if (at < 0) result.Add((new ActivityEffort(effort, types, 0), true));
            else result[at] = (result[at].Effort with { Types = [.. result[at].Effort.Types, .. types] }, true);
        }
        for (int i = 0; i < result.Count; i++)
        {
            if (Hours.TryGetValue(result[i].Effort.Name, out double h)) result[i] = (result[i].Effort with { HoursEach = h }, result[i].Mapped);
        }
        foreach (string named in Hours.Keys)
        {
            if (!result.Any(e => string.Equals(e.Effort.Name, named, StringComparison.OrdinalIgnoreCase)))
                throw new InvalidOptionsException([$"HoursEach(\"{named}\", …): no effort is named '{named}'. Efforts: {string.Join(", ", result.Select(e => e.Effort.Name))}; add one with Count(\"{named}\", types)."]);
        }
        return result;
    }

    private static string Check(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        return value.Trim();
    }
}

/// <summary>The activity-log column names each CRM preset tries first, then the common names.</summary>
internal static class ActivityColumnNames
{
    public static string[] DealId(CrmPreset preset) => preset switch
    {
        CrmPreset.Salesforce => ["WhatId", "What ID", "Opportunity ID", "OpportunityId", "Related To ID"],
        CrmPreset.HubSpot => ["Associated Deal", "Associated Deal IDs", "Associated Deal ID", "Deal ID"],
        CrmPreset.Pipedrive => ["Activity - Deal ID", "Deal - ID", "deal_id"],
        CrmPreset.Dynamics => ["Regarding", "regardingobjectid", "Opportunity"],
        _ => [],
    };

    public static readonly string[] CommonDealId = ["opportunity_id", "deal_id", "opp_id", "opportunity", "deal"];

    public static string[] Account(CrmPreset preset) => preset switch
    {
        CrmPreset.Salesforce => ["AccountId", "Account ID", "Account Name"],
        CrmPreset.HubSpot => ["Associated Company", "Associated Company IDs", "Associated Company ID", "Company ID"],
        CrmPreset.Pipedrive => ["Activity - Organization", "Organization", "org_id"],
        CrmPreset.Dynamics => ["Account", "customerid", "Potential Customer"],
        _ => [],
    };

    public static readonly string[] CommonAccount = ["account_id", "account", "company_id", "company", "customer_id", "organization"];

    public static string[] Type(CrmPreset preset) => preset switch
    {
        CrmPreset.Salesforce => ["Type", "TaskSubtype", "Activity Type", "EventSubtype", "Subject"],
        CrmPreset.HubSpot => ["Activity type", "Engagement type", "hs_activity_type", "Type"],
        CrmPreset.Pipedrive => ["Activity - Type", "type"],
        CrmPreset.Dynamics => ["Activity Type", "activitytypecode"],
        _ => [],
    };

    public static readonly string[] CommonType = ["activity_type", "type", "activity", "kind", "channel", "subject"];

    public static string[] Date(CrmPreset preset) => preset switch
    {
        CrmPreset.Salesforce => ["ActivityDate", "Activity Date", "Date", "Due Date", "StartDateTime", "CreatedDate", "Created Date"],
        CrmPreset.HubSpot => ["Activity date", "Timestamp", "hs_timestamp", "Create date", "Created at"],
        CrmPreset.Pipedrive => ["Activity - Due date", "Activity - Done time", "due_date"],
        CrmPreset.Dynamics => ["Actual End", "actualend", "Due", "scheduledend", "Created On"],
        _ => [],
    };

    public static readonly string[] CommonDate = ["activity_date", "activity_at", "occurred_at", "occurred_on", "date", "timestamp", "activity_time", "created_at", "created_date"];

    public static (string Name, DurationUnit Unit)[] Duration(CrmPreset preset) => preset switch
    {
        CrmPreset.Salesforce => [("DurationInMinutes", DurationUnit.Minutes), ("Duration (Minutes)", DurationUnit.Minutes), ("CallDurationInSeconds", DurationUnit.Seconds), ("Call Duration (Seconds)", DurationUnit.Seconds)],
        CrmPreset.HubSpot => [("hs_call_duration", DurationUnit.Milliseconds), ("hs_meeting_duration", DurationUnit.Milliseconds), ("Duration (minutes)", DurationUnit.Minutes)],
        CrmPreset.Dynamics => [("Actual Duration", DurationUnit.Minutes), ("actualdurationminutes", DurationUnit.Minutes)],
        _ => [],
    };

    public static readonly (string Name, DurationUnit Unit)[] CommonDuration =
        [("duration_minutes", DurationUnit.Minutes), ("duration_min", DurationUnit.Minutes), ("minutes", DurationUnit.Minutes), ("duration_hours", DurationUnit.Hours),
         ("hours", DurationUnit.Hours), ("duration_seconds", DurationUnit.Seconds), ("seconds", DurationUnit.Seconds)];
}
