using System.Globalization;
using IcpAnalytics.Data;

namespace IcpAnalytics.Tests.Data;

/// <summary>Each date column's layout is inferred from all its values; a row in another layout is rejected with line and fix.</summary>
public sealed class DateInferenceTests
{
    private const string Header = "deal_id,close_date,stage,amount";
    private static readonly DealLoadOptions Lenient = new() { SourceName = "deals.csv", Policy = BadDataPolicy.Lenient };

    private static DealSet Load(DealLoadOptions options, params string[] dates)
    {
        var lines = new List<string> { Header };
        for (int i = 0; i < dates.Length; i++) lines.Add($"D{i + 1},{dates[i]},{(i % 2 == 0 ? "Closed Won" : "Closed Lost")},1000");
        return DealSet.FromCsv(new StringReader(string.Join("\n", lines) + "\n"), null, options);
    }

    [Fact]
    public void DayFirstColumn_IsReadDayFirst_EvenForDaysAtOrBelow12()
    {
        // 25/12/2023 can only be day-first, so 07/05/2023 is 7 May, not 5 July.
        DealSet deals = Load(Lenient, "07/05/2023", "25/12/2023", "01/02/2024");
        Assert.Equal(3, deals.Count);
        Assert.Equal(new DateOnly(2023, 5, 7), deals.ClosedOn(0));
        Assert.Equal(new DateOnly(2023, 12, 25), deals.ClosedOn(1));
        Assert.Equal(new DateOnly(2024, 2, 1), deals.ClosedOn(2));
        Assert.Contains(deals.LoadReport.Notes, n => n.Contains("dd/MM/yyyy, day first", StringComparison.Ordinal));
    }

    [Fact]
    public void MonthFirstColumn_IsReadMonthFirst()
    {
        DealSet deals = Load(Lenient, "07/05/2023", "12/25/2023");
        Assert.Equal(new DateOnly(2023, 7, 5), deals.ClosedOn(0));
        Assert.Equal(new DateOnly(2023, 12, 25), deals.ClosedOn(1));
    }

    [Fact]
    public void AmbiguousColumn_IsRefused_AskingForTheFormat_InTheCallersLanguage()
    {
        DealDataException code = Assert.Throws<DealDataException>(() => Load(Lenient, "07/05/2023", "01/02/2023", "11/12/2023"));
        Assert.Equal(1, code.Line);
        Assert.Equal("close_date", code.Column);
        Assert.Contains("day-first and month-first cannot be told apart", code.Message, StringComparison.Ordinal);
        Assert.Contains("map.ClosedDate(\"close_date\", \"dd/MM/yyyy\")", code.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("07/05/2023", code.Message, StringComparison.Ordinal);

        DealDataException cli = Assert.Throws<DealDataException>(() =>
            Load(Lenient with { MessageStyle = LoadMessageStyle.CommandLine }, "07/05/2023", "01/02/2023"));
        Assert.Contains("--date-format dd/MM/yyyy", cli.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("map.", cli.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AmbiguousColumn_WithAnExplicitFormat_Loads()
    {
        DealSet deals = Load(Lenient with { DateFormats = ["dd/MM/yyyy"] }, "07/05/2023", "01/02/2023");
        Assert.Equal(new DateOnly(2023, 5, 7), deals.ClosedOn(0));
        Assert.Equal(new DateOnly(2023, 2, 1), deals.ClosedOn(1));
    }

    [Fact]
    public void AmbiguousColumn_WithANamedCulture_FollowsTheCulturesOrder()
    {
        DealSet german = Load(Lenient with { Culture = CultureInfo.GetCultureInfo("de-DE") }, "07.05.2023", "01.02.2023");
        Assert.Equal(new DateOnly(2023, 5, 7), german.ClosedOn(0));
        DealSet american = Load(Lenient with { Culture = CultureInfo.GetCultureInfo("en-US") }, "07/05/2023", "01/02/2023");
        Assert.Equal(new DateOnly(2023, 7, 5), american.ClosedOn(0));
    }

    [Fact]
    public void IsoColumn_RejectsOtherLayouts_WithLineAndFix()
    {
        DealSet deals = Load(Lenient, "2023-05-01", "2023/05/06", "2024-1-5", "2024-02-10", "2024-03-11T10:30:00");
        Assert.Equal(3, deals.Count);
        Assert.Equal(5, deals.LoadReport.RowsRead);
        Assert.Equal(2, deals.LoadReport.RowsRejected);
        RejectedRow slash = deals.LoadReport.Rejected[0];
        Assert.Equal(3, slash.Line);
        Assert.Equal("close_date", slash.Column);
        Assert.Equal("2023/05/06", slash.RawValue);
        Assert.Contains("is written as yyyy/MM/dd", slash.Reason, StringComparison.Ordinal);
        Assert.Contains("ISO yyyy-MM-dd", slash.Reason, StringComparison.Ordinal);
        Assert.Contains("(yyyy-MM-dd)", slash.Fix, StringComparison.Ordinal);
        RejectedRow unpadded = deals.LoadReport.Rejected[1];
        Assert.Equal(4, unpadded.Line);
        Assert.Equal("2024-1-5", unpadded.RawValue);
        Assert.Contains("without leading zeros", unpadded.Reason, StringComparison.Ordinal);
        Assert.Equal(["D1", "D4", "D5"], Enumerable.Range(0, deals.Count).Select(deals.DealId));
        Assert.Equal(new DateOnly(2024, 3, 11), deals.ClosedOn(2));
    }

    [Fact]
    public void DayFirstColumn_RejectsAMonthFirstOnlyRow_AndAnIsoRow()
    {
        DealSet deals = Load(Lenient, "25/12/2023", "12/25/2023", "2024-01-03", "14/01/2024");
        Assert.Equal(2, deals.Count);
        Assert.Equal([3L, 4L], deals.LoadReport.Rejected.Select(r => r.Line));
        Assert.Contains("no calendar date", deals.LoadReport.Rejected[0].Reason, StringComparison.Ordinal);
        Assert.Contains("dd/MM/yyyy", deals.LoadReport.Rejected[0].Fix, StringComparison.Ordinal);
        Assert.Contains("is written as ISO", deals.LoadReport.Rejected[1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Strict_StopsAtTheFirstMisfitDate_NamingLineAndColumn()
    {
        DealDataException e = Assert.Throws<DealDataException>(() =>
            Load(new DealLoadOptions { SourceName = "deals.csv" }, "2023-05-01", "2023-06-01", "06/07/2023"));
        Assert.Equal(4, e.Line);
        Assert.Contains("deals.csv, line 4, column 'close_date'", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("06/07/2023", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MonthNames_AreUnambiguous()
    {
        DealSet deals = Load(Lenient, "5 Mar 2024", "\"March 7, 2024\"");
        Assert.Equal(new DateOnly(2024, 3, 5), deals.ClosedOn(0));
        Assert.Equal(new DateOnly(2024, 3, 7), deals.ClosedOn(1));
    }

    [Fact]
    public void RejectedDateRows_LeaveNoTrace_InTheOtherColumns()
    {
        // The rejected row's account must not become a level of the account column.
        string csv = "deal_id,account_id,close_date,stage,amount\nD1,A1,2023-05-01,Closed Won,100\nD2,A9,2023/05/02,Closed Won,200\nD3,A2,2023-05-03,Closed Lost,300\n";
        DealSet deals = DealSet.FromCsv(new StringReader(csv), null, Lenient);
        Assert.Equal(["A1", "A2"], deals.Accounts.Levels);
        Assert.Equal([100.0, 300.0], Enumerable.Range(0, deals.Count).Select(i => deals.Revenue[i]));
    }
}
