using IcpAnalytics.Data;

namespace IcpAnalytics.Tests.Data.Activities;

/// <summary>
/// A hand-built deals file and activity log whose every row has a known fate: counted for its deal, split among an account's
/// open deals, after close, before creation, of another type, unmatched or rejected. The expected effort is computed by hand
/// from the documented rules (on/before close and on/after creation, equal split, duration else hours each).
/// </summary>
public sealed class ActivityLogTests
{
    private static readonly DealLoadOptions Lenient = new() { Policy = BadDataPolicy.Lenient };

    internal const string Deals =
        "deal_id,account_id,stage,amount,created_date,close_date\n" +
        "D1,A1,Closed Won,1000,2024-01-01,2024-03-31\n" +
        "D2,A1,Closed Lost,500,2024-03-01,2024-06-30\n" +
        "D3,A2,Closed Won,2000,2024-02-01,2024-04-30\n" +
        "D4,A3,Negotiation,700,2024-05-01,2024-09-30\n";

    private const string Header = "opportunity_id,account_id,activity_type,activity_date,duration_minutes\n";

    private static readonly string[] Rows =
    [
        "D1,A1,Call,2024-02-01,30",            // line 2: D1 call, 0.5 h from the duration
        "D1,A1,Meeting,2024-03-31,",           // line 3: on the close date: counts, 1 h (meetings' hours each)
        "D1,A1,Email,2024-04-01,5",            // line 4: after D1's close
        "D2,A1,Demo,2024-02-15,60",            // line 5: before D2's creation
        ",A1,Meeting,2024-03-15,90",           // line 6: account-level: D1 and D2 open then, half each (0.75 h each)
        ",A1,Call,2024-05-01,",                // line 7: account-level: only D2 open, 0.25 h
        "D4,A3,Call,2024-06-01,10",            // line 8: an open deal (set aside): unmatched
        "D3,A2,Webinar,2024-03-01,60",         // line 9: a type no effort counts
        "D3,A2,Call - pricing,2024-03-02,15",  // line 10: begins with "Call": a call, 0.25 h
        "D3,A2,Call,2024/03/05,15",            // line 11: another date layout: rejected
        "D3,A2,Call,2024-03-06,abc",           // line 12: duration not a number: rejected
        ",A9,Call,2024-03-01,",                // line 13: unknown account: unmatched
        ",A1,Call,2024-08-01,",                // line 14: account-level after every A1 deal closed: after close
        "D3,A2,Email,2024-03-10,",             // line 15: D3 email, 0.1 h
    ];

    internal static string Log(params int[] skipLines) =>
        Header + string.Join("", Rows.Where((_, i) => !skipLines.Contains(i + 2)).Select(r => r + "\n"));

    private static DealSet LoadDeals() => DealSet.FromCsv(new StringReader(Deals), null, Lenient);

    [Fact]
    public void EveryActivityIsCountedOnce_ByItsFate()
    {
        using var folder = new TempFolder();
        string path = folder.Write("activities.csv", Log());
        DealSet deals = LoadDeals().WithActivities(ActivityLog.FromCsv(path, null, Lenient));
        ActivityLoadReport r = deals.ActivityReport!;
        Assert.Equal("activities.csv", r.Source);
        Assert.Equal(14, r.ActivitiesRead);
        Assert.Equal(6, r.Matched);
        Assert.Equal(2, r.AccountLevel);
        Assert.Equal(1, r.OtherTypes);
        Assert.Equal(2, r.Unmatched);
        Assert.Equal(2, r.AfterClose);
        Assert.Equal(1, r.BeforeCreation);
        Assert.Equal(2, r.RowsRejected);
        Assert.Equal(r.ActivitiesRead, r.Matched + r.OtherTypes + r.Unmatched + r.AfterClose + r.BeforeCreation + r.RowsRejected);
        Assert.Equal([11L, 12L], r.Rejected.Select(x => x.Line));
        Assert.Equal(["activity_date", "duration_minutes"], r.Rejected.Select(x => x.Column));
        Assert.Contains(deals.LoadReport.Notes, n => n.StartsWith("effort from the activity log activities.csv: 14 activities read, 6 matched", StringComparison.Ordinal));
    }

    [Fact]
    public void EffortCountsAndHours_FromDurationsElseHoursEach_AccountActivitiesSplitEqually()
    {
        DealSet deals = LoadDeals().WithActivities(ActivityLog.FromCsv(new StringReader(Log()), null, Lenient));
        Assert.Equal(["D1", "D2", "D3"], Enumerable.Range(0, deals.Count).Select(deals.DealId));
        Assert.Equal(["meetings", "calls", "emails"], deals.Efforts.Select(e => e.Name));
        Assert.Equal([1.5, 0.5, 0], deals.Effort("meetings").ToArray());
        Assert.Equal([1.0, 1, 1], deals.Effort("calls").ToArray());
        Assert.Equal([0.0, 0, 1], deals.Effort("emails").ToArray());
        Assert.Equal("effort_hours", deals.EffortHours!.Name);
        Assert.Equal(2.25, deals.EffortHours[0], 12);   // 30 min + 1 h (meeting, no duration) + 90 min / 2
        Assert.Equal(1.0, deals.EffortHours[1], 12);    // 90 min / 2 + 0.25 h (call, no duration)
        Assert.Equal(0.35, deals.EffortHours[2], 12);   // 15 min + 0.1 h (email, no duration)
    }

    [Fact]
    public void HoursEachAndCount_ExtendTheVocabulary()
    {
        DealSet deals = LoadDeals().WithActivities(ActivityLog.FromCsv(new StringReader(Log()),
            log => log.Count("webinars", "Webinar").HoursEach("meetings", 2).HoursEach("emails", 0), Lenient));
        Assert.Equal(["meetings", "calls", "emails", "webinars"], deals.Efforts.Select(e => e.Name));
        Assert.Equal([0.0, 0, 1], deals.Effort("webinars").ToArray());
        Assert.Equal(0, deals.ActivityReport!.OtherTypes);
        Assert.Equal(3.25, deals.EffortHours![0], 12);  // 0.5 + 2 (meeting) + 0.75
        Assert.Equal(1.25, deals.EffortHours[2], 12);   // 0.25 + 0 (email) + 1 (webinar, 60 min)
    }

    [Fact]
    public void WrongDateFormat_StrictPolicy_NamesLineAndColumn_WithoutTheValue()
    {
        var e = Assert.Throws<DealDataException>(() => LoadDeals().WithActivities(ActivityLog.FromCsv(new StringReader(Log()))));
        Assert.Equal(11, e.Line);
        Assert.Equal("activity_date", e.Column);
        Assert.StartsWith("activity CSV, line 11, column 'activity_date': The activity date is written as yyyy/MM/dd", e.Message, StringComparison.Ordinal);
        Assert.Contains("log.Date(\"activity_date\", \"dd/MM/yyyy\")", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("2024/03/05", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DayFirstFile_IsInferredFromAllValues_AndAnotherLayoutIsRejected()
    {
        using var folder = new TempFolder();
        string path = folder.Write("activities.csv", "opportunity_id,activity_type,activity_date\nD1,Call,05/02/2024\nD1,Call,28/03/2024\nD3,Call,2024-03-01\nD3,Call,01/05/2024\n");
        DealSet deals = LoadDeals().WithActivities(ActivityLog.FromCsv(path, null, Lenient));
        ActivityLoadReport r = deals.ActivityReport!;
        Assert.Equal(2, r.Matched);      // D1: 5 Feb and 28 Mar (day first), both before its close
        Assert.Equal(1, r.AfterClose);   // D3: 1 May 2024 after its 30 Apr close (month first would be 5 Jan: counted)
        Assert.Equal(4, r.Rejected.Single().Line);
        Assert.Equal([2.0, 0, 0], deals.Effort("calls").ToArray());
    }

    [Fact]
    public void CsvAndObjects_GiveTheSameDeals()
    {
        DealSet fromCsv = LoadDeals().WithActivities(ActivityLog.FromCsv(new StringReader(Log(11, 12)), null, Lenient));
        var objects = Rows.Where((_, i) => i + 2 is not (11 or 12)).Select(r => r.Split(','))
            .Select(f => new Activity(f[0].Length == 0 ? null : f[0], f[1], f[2], DateOnly.Parse(f[3], System.Globalization.CultureInfo.InvariantCulture), f[4].Length == 0 ? null : double.Parse(f[4], System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
        DealSet fromObjects = LoadDeals().WithActivities(ActivityLog.FromObjects(objects, m => m
            .DealId(a => a.Opportunity).AccountId(a => a.Account).Type(a => a.Type).Date(a => a.On).DurationMinutes(a => a.Minutes), Lenient));
        DealSetAssert.Equal(fromCsv, fromObjects);
        Assert.Equal(12, fromObjects.ActivityReport!.ActivitiesRead);
        Assert.Equal(fromCsv.ActivityReport!.Matched, fromObjects.ActivityReport.Matched);
        Assert.Equal(0, fromObjects.ActivityReport.RowsRejected);
    }

    [Fact]
    public void LogWithoutTypeColumn_IsRefusedWithTheFix()
    {
        var e = Assert.Throws<DealDataException>(() => LoadDeals().WithActivities(ActivityLog.FromCsv(new StringReader("opportunity_id,when\nD1,2024-01-01\n"))));
        Assert.Contains("no activity type column", e.Message, StringComparison.Ordinal);
        Assert.Contains("log.Type(\"activity_type\")", e.Message, StringComparison.Ordinal);
    }

    private sealed record Activity(string? Opportunity, string Account, string Type, DateOnly On, double? Minutes);
}
