namespace IcpAnalytics.Data;

public sealed partial class DealSet
{
    /// <summary>Each physical deal's created date as a day number (<see cref="MissingDay"/> when missing), or null without a created-date column.</summary>
    internal int[]? CreatedDays { get; init; }

    /// <summary>How the activity log behind the effort columns was counted, or null when the effort did not come from an activity log.</summary>
    public ActivityLoadReport? ActivityReport { get; init; }

    internal DealSet WithCreatedDays(int[] createdDays) => DerivedCopy(Columns, createdDays: createdDays);

    /// <summary>
    /// The same deals with their effort aggregated from an activity log, streamed in one pass with one accumulator per deal (the
    /// log is never held in memory): each deal's effort counts by type (<see cref="ActivityColumnMap.DefaultEfforts"/>, extended
    /// by <see cref="ActivityColumnMap.Count"/>) and its effort hours (the duration where the log gives one, else the effort's
    /// <see cref="ActivityEffort.HoursEach"/>). The deals' own effort columns, if any, are replaced; a deal without activities has
    /// zero effort.
    /// </summary>
    /// <remarks>
    /// <para>An activity counts for its deal when it is dated on or before the deal's close date (a time of day is ignored, as in
    /// the warehouse's <c>WithActivityEffort</c>) and, where the deal's created date is known, on or after it; otherwise it is
    /// counted as after close or before creation. Types compare trimmed and case-insensitively, as in the warehouse; a type text
    /// that begins with a label followed by a space or punctuation ("Call - pricing") counts for that label.</para>
    /// <para>An activity with no deal id but an account (or whose deal id is no deal's id but an account's, as Salesforce's WhatId
    /// can be) is account-level: it is split equally among the account's deals whose window [created date, close date] contains
    /// its date (a deal without a created date: every date up to its close date); each gets 1/k of the activity and of its
    /// hours. With no such deal it is after close when every deal of the account closed before it, before creation when every
    /// deal was created after it, else unmatched. An activity whose deal id is neither a loaded deal's nor an account's (an open or
    /// rejected deal) is unmatched, never moved to another deal.</para>
    /// <para>Every row is counted once in <see cref="ActivityReport"/>: matched, other types, unmatched, after close, before
    /// creation or rejected (no or unreadable date, a duration that is not a number of 0 or more, a malformed row), and a summary
    /// line is added to the <see cref="LoadReport"/>'s notes.</para>
    /// </remarks>
    /// <param name="activities">The activity log (<see cref="ActivityLog.FromCsv(string, Action{ActivityColumnMap}?, DealLoadOptions?)"/> …).</param>
    /// <param name="cancellationToken">Cancels the aggregation.</param>
    /// <returns>The deals with effort from the log.</returns>
    /// <exception cref="DealDataException">
    /// A log column cannot be found, the dates' day/month order cannot be decided, or (strict policy) a row is bad.
    /// </exception>
    public DealSet WithActivities(ActivityLog activities, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activities);
        ActivityAggregation result = ActivityAggregator.Aggregate(this, activities, cancellationToken);
        var notes = new List<string>(LoadReport.Notes) { result.Summary };
        var report = new LoadReport(LoadReport.Source, LoadReport.RowsRead, LoadReport.RowsLoaded, LoadReport.OpenDealsSetAside, LoadReport.Rejected, notes,
            LoadReport.DealsWithoutAccountRow, LoadReport.Warnings);
        DealColumns columns = Columns with
        {
            EffortHours = new NumericColumn(ActivityAggregator.HoursName, result.Hours, _rows),
            Efforts = [.. result.Efforts.Select(e => new NumericColumn(e.Name, e.Counts, _rows))],
        };
        // The attribute columns are this set's, so are their roles. The parts of a deal (efforts among them) come from the
        // loader's list when it gave one; without it they are read off the deal set, and the copy's efforts are new ones, so the
        // copy infers its roles itself.
        return DerivedCopy(columns, report, activityReport: result.Report, sharesRoles: RoleHints.Parts is not null);
    }
}
