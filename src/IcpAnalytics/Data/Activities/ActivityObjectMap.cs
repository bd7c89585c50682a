namespace IcpAnalytics.Data;

/// <summary>
/// Maps your own activity objects through typed selectors:
/// <c>m =&gt; m.DealId(a =&gt; a.OpportunityId).AccountId(a =&gt; a.AccountId).Type(a =&gt; a.Kind).Date(a =&gt; a.On).DurationMinutes(a =&gt; a.Minutes)</c>.
/// The activity types become efforts by the same vocabulary as a CSV's (<see cref="ActivityColumnMap.DefaultEfforts"/>).
/// </summary>
/// <typeparam name="T">The type of your activity objects.</typeparam>
public sealed class ActivityObjectMap<T>
{
    internal List<ObjectColumn<T>> Columns { get; } = [];

    internal ActivityColumnMap Names { get; } = new();

    /// <summary>The deal (opportunity) id of each activity.</summary>
    /// <param name="id">Selects the id; null or empty for an account-level activity.</param>
    public ActivityObjectMap<T> DealId(Func<T, string?> id) { Names.DealId(Add("deal_id", ObjectColumn<T>.Text(id))); return this; }

    /// <summary>The account of each activity (see <see cref="ActivityColumnMap.AccountId"/>).</summary>
    /// <param name="account">Selects the account id.</param>
    public ActivityObjectMap<T> AccountId(Func<T, string?> account) { Names.AccountId(Add("account_id", ObjectColumn<T>.Text(account))); return this; }

    /// <summary>The activity type ("Call", "Email", "Meeting" …).</summary>
    /// <param name="type">Selects the type.</param>
    public ActivityObjectMap<T> Type(Func<T, string?> type) { Names.Type(Add("type", ObjectColumn<T>.Text(type))); return this; }

    /// <summary>The activity's date.</summary>
    /// <param name="date">Selects the date; null is rejected as undated.</param>
    public ActivityObjectMap<T> Date(Func<T, DateOnly?> date) { Names.Date(Add("date", ObjectColumn<T>.Date(date))); return this; }

    /// <summary>The activity's duration in <paramref name="unit"/>. Optional.</summary>
    /// <param name="duration">Selects the duration; null uses the effort's hours each.</param>
    /// <param name="unit">The unit of the durations.</param>
    public ActivityObjectMap<T> Duration(Func<T, double?> duration, DurationUnit unit) { Names.Duration(Add("duration", ObjectColumn<T>.Number(duration)), unit); return this; }

    /// <summary>The activity's duration in minutes. Optional.</summary>
    /// <param name="minutes">Selects the minutes.</param>
    public ActivityObjectMap<T> DurationMinutes(Func<T, double?> minutes) => Duration(minutes, DurationUnit.Minutes);

    /// <summary>Counts the activities of <paramref name="types"/> in the effort <paramref name="effort"/> (see <see cref="ActivityColumnMap.Count"/>).</summary>
    /// <param name="effort">The effort column's name.</param>
    /// <param name="types">The activity type labels it counts.</param>
    public ActivityObjectMap<T> Count(string effort, params string[] types) { Names.Count(effort, types); return this; }

    /// <summary>The hours one activity of <paramref name="effort"/> adds when it has no duration (see <see cref="ActivityColumnMap.HoursEach"/>).</summary>
    /// <param name="effort">The effort.</param>
    /// <param name="hours">Hours per activity.</param>
    public ActivityObjectMap<T> HoursEach(string effort, double hours) { Names.HoursEach(effort, hours); return this; }

    /// <summary>Drops the default vocabulary (see <see cref="ActivityColumnMap.OnlyMappedTypes"/>).</summary>
    public ActivityObjectMap<T> OnlyMappedTypes() { Names.OnlyMappedTypes(); return this; }

    private string Add(string name, ObjectColumn<T> column)
    {
        if (Columns.Any(c => c.Name == name))
            throw new ArgumentException($"The activity's {name.Replace('_', ' ')} is mapped twice; give it one selector.", nameof(column));
        Columns.Add(column with { Name = name });
        return name;
    }
}
