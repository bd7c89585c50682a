using IcpAnalytics.Data;
using IcpAnalytics.Execution.Coaching;
using IcpAnalytics.Execution.Funnel;

namespace IcpAnalytics.Tests.Execution;

/// <summary>The sales-execution CSV inputs are read by the deal loader's reader: the same row-level rejects and line numbers.</summary>
public class ExecutionCsvEngineTests
{
    // A CRM-style activity export: a rep name quoted over two lines (lines 2–3), then a row with an extra field (line 4),
    // a row with one field short (line 5), a stray quote (line 6), a good row (line 7) and an unclosed quote (line 8 to the end).
    private const string ActivityCsv =
        "rep,period,contacts,meetings,wins,margin\n" +
        "\"Smith,\nAnna\",Q1,100,20,4,40000\n" +
        "R2,Q1,100,20,4,40000,extra\n" +
        "R3,Q1,100,20,4\n" +
        "R4,Q1,10\"0,20,4,40000\n" +
        "R5,Q1,90,18,3,30000\n" +
        "R6,Q1,\"100,20,4,40000\n";

    // The same six rows shaped as deals, through DealSet.FromCsv.
    private const string DealCsv =
        "deal_id,account_id,closed,stage,amount,gross_margin\n" +
        "\"D1,\nx\",A1,2025-01-10,Closed Won,1000,100\n" +
        "D2,A1,2025-01-10,Closed Won,1000,100,extra\n" +
        "D3,A1,2025-01-10,Closed Won,1000\n" +
        "D4,A1,2025-01-10,Closed W\"on,1000,100\n" +
        "D5,A1,2025-01-10,Closed Lost,1000,0\n" +
        "D6,A1,\"2025-01-10,Closed Won,1000,100\n";

    private static readonly ActivityFunnelLoadOptions ThreeStages = new() { Stages = ["contacts", "meetings", "wins"] };

    [Fact]
    public void ActivityCsv_RowRejects_AreTheDealLoaders_WithTheSameLines()
    {
        LoadReport activity = ActivityFunnelData.FromCsv(new StringReader(ActivityCsv), ThreeStages).LoadReport;
        LoadReport deals = DealSet.FromCsv(new StringReader(DealCsv), null, new DealLoadOptions { Policy = BadDataPolicy.Lenient }).LoadReport;

        Assert.Equal(6, activity.RowsRead);
        Assert.Equal(2, activity.RowsLoaded);
        Assert.Equal(activity.RowsRead, activity.RowsLoaded + activity.RowsRejected);
        Assert.Equal([4L, 5L, 6L, 8L], activity.Rejected.Select(r => r.Line));
        Assert.Equal(deals.Rejected.Select(r => r.Line), activity.Rejected.Select(r => r.Line));
        Assert.Equal(deals.Rejected.Select(r => (r.Reason, r.Fix)), activity.Rejected.Select(r => (r.Reason, r.Fix)));
        Assert.Equal("The row has 7 fields; the header has only 6.", activity.Rejected[0].Reason);
        Assert.Equal("The row has 5 fields; the header has 6.", activity.Rejected[1].Reason);
        Assert.Equal("contacts", activity.Rejected[2].Column);
        Assert.Equal("The field has an unbalanced quote (\").", activity.Rejected[2].Reason);
        Assert.StartsWith("A quoted field is not closed", activity.Rejected[3].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ActivityCsv_QuotedLineBreakInARepName_IsOneRecord_AndLaterLinesKeepTheirNumbers()
    {
        ActivityFunnelData data = ActivityFunnelData.FromCsv(new StringReader(ActivityCsv), ThreeStages);
        Assert.Contains("Smith,\nAnna", data.Reps);
        Assert.Contains("R5", data.Reps);
    }

    [Fact]
    public void ActivityCsv_SemicolonsWithBomAndCrLf_LoadLikeTheDealLoader()
    {
        string csv = "\uFEFFrep;period;contacts;meetings;wins;margin\r\nR1;Q1;100;20;4;40000,5\r\n\r\nR2;Q1;80;10;2;20000\r\n";
        ActivityFunnelData data = ActivityFunnelData.FromCsv(new StringReader(csv),
            ThreeStages with { Delimiter = ";", Culture = System.Globalization.CultureInfo.GetCultureInfo("de-DE") });
        Assert.Equal(2, data.LoadReport.RowsLoaded);
        Assert.Equal(0, data.LoadReport.RowsRejected);
        Assert.Equal(40000.5, data.Records.Single(r => r.Rep == "R1").Result);
    }

    [Fact]
    public void LoadOptions_MultiCharacterDelimiter_IsRefusedNamingTheOption()
    {
        var e = Assert.Throws<InvalidOptionsException>(() => ActivityFunnelData.FromCsv(new StringReader(ActivityCsv), ThreeStages with { Delimiter = ";;" }));
        Assert.Contains("Delimiter must be one character", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CoachingStarts_ExtraField_IsRejectedWithTheDealLoadersReason()
    {
        CoachingStarts starts = CoachingStarts.FromCsv(new StringReader("rep,coaching_start\nR1,2025-01-06\nR2,2025-01-06,x\n"), source: "starts.csv");
        Assert.Equal(1, starts.LoadReport.RowsRejected);
        Assert.Equal(3, starts.LoadReport.Rejected[0].Line);
        Assert.Equal("The row has 3 fields; the header has only 2.", starts.LoadReport.Rejected[0].Reason);
    }
}
