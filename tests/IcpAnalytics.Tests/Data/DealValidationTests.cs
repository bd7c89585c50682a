using System.Globalization;
using IcpAnalytics.Data;

namespace IcpAnalytics.Tests.Data;

/// <summary>The validation cases through the fast span parser.</summary>
public sealed class FastCsvValidationTests() : DealValidationTests(CsvParserKind.Fast);

/// <summary>The validation cases through CsvHelper's parser.</summary>
public sealed class CsvHelperValidationTests() : DealValidationTests(CsvParserKind.CsvHelper);

/// <summary>Every validation case: the message names line and column, the report keeps the raw value, and the counts add up.</summary>
public abstract class DealValidationTests(CsvParserKind parser)
{
    private const string Header = "deal_id,account_id,closed_date,stage,amount,gross_margin,meetings";

    private readonly DealLoadOptions Strict = new() { SourceName = "deals.csv", CsvParser = parser };
    private readonly DealLoadOptions Lenient = new() { SourceName = "deals.csv", Policy = BadDataPolicy.Lenient, CsvParser = parser };

    private static DealSet Load(DealLoadOptions options, params string[] lines) =>
        DealSet.FromCsv(new StringReader(string.Join("\n", lines) + "\n"), null, options);

    private static DealDataException Throws(DealLoadOptions options, params string[] lines) =>
        Assert.Throws<DealDataException>(() => Load(options, lines));

    private static void AssertCountsAddUp(LoadReport report) =>
        Assert.Equal(report.RowsRead, report.RowsLoaded + report.OpenDealsSetAside + report.RowsRejected);

    /// <summary>Checks one bad cell both ways: strict names line and column without the value; lenient keeps the value and the good rows.</summary>
    private void AssertBadCell(string badRow, int line, string column, string raw, string reasonFragment)
    {
        string[] lines = [Header, "D1,A1,2025-01-15,Closed Won,1000,300,2", badRow, "D3,A2,2025-02-01,Closed Lost,500,0,1"];
        DealDataException e = Throws(Strict, lines);
        Assert.Equal(line, e.Line);
        Assert.Equal(column, e.Column);
        Assert.Equal("deals.csv", e.File);
        Assert.Contains($"deals.csv, line {line}, column '{column}'", e.Message, StringComparison.Ordinal);
        Assert.Contains(reasonFragment, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Value: '", e.Message, StringComparison.Ordinal);
        Assert.Equal(raw, e.Report.Rejected[0].RawValue);
        AssertCountsAddUp(e.Report);

        DealDataException shown = Assert.Throws<DealDataException>(() => Load(Strict with { IncludeRawValuesInMessages = true }, lines));
        Assert.Contains($"Value: '{raw}'", shown.Message, StringComparison.Ordinal);

        DealSet deals = Load(Lenient, lines);
        Assert.Equal(2, deals.Count);
        Assert.Equal(3, deals.LoadReport.RowsRead);
        Assert.Equal(1, deals.LoadReport.RowsRejected);
        RejectedRow reject = Assert.Single(deals.LoadReport.Rejected);
        Assert.Equal(line, reject.Line);
        Assert.Equal(column, reject.Column);
        Assert.Equal(raw, reject.RawValue);
        AssertCountsAddUp(deals.LoadReport);
    }

    [Fact]
    public void FromCsv_NonNumericAmount_RejectsLineAndColumn() =>
        AssertBadCell("D2,A1,2025-01-20,Closed Won,12k,100,2", 3, "amount", "12k", "revenue is not a number");

    [Fact]
    public void FromCsv_NonFiniteMargin_RejectsLineAndColumn() =>
        AssertBadCell("D2,A1,2025-01-20,Closed Won,1000,1e999,2", 3, "gross_margin", "1e999", "not a finite number");

    [Fact]
    public void FromCsv_NaNMargin_RejectsLineAndColumn() =>
        AssertBadCell("D2,A1,2025-01-20,Closed Won,1000,NaN,2", 3, "gross_margin", "NaN", "not a finite number");

    [Fact]
    public void FromCsv_NegativeRevenue_RejectsLineAndColumn() =>
        AssertBadCell("D2,A1,2025-01-20,Closed Won,-1000,100,2", 3, "amount", "-1000", "revenue is negative");

    [Fact]
    public void FromCsv_NegativeEffort_RejectsLineAndColumn() =>
        AssertBadCell("D2,A1,2025-01-20,Closed Won,1000,100,-2", 3, "meetings", "-2", "effort is negative");

    [Fact]
    public void FromCsv_UnparseableDate_RejectsLineAndColumn() =>
        AssertBadCell("D2,A1,2025-13-45,Closed Won,1000,100,2", 3, "closed_date", "2025-13-45", "cannot be read as a date");

    [Fact]
    public void FromCsv_DuplicateDealId_RejectsSecondOccurrence() =>
        AssertBadCell("D1,A1,2025-01-20,Closed Won,1000,100,2", 3, "deal_id", "D1", "appears on an earlier line");

    [Fact]
    public void FromCsv_UnknownOutcomeLabel_ListsLabelsSeen()
    {
        AssertBadCell("D2,A1,2025-01-20,Won-ish,1000,100,2", 3, "stage", "Won-ish", "neither a won, a lost nor an open label");
        DealDataException e = Throws(Strict, Header, "D1,A1,2025-01-15,Closed Won,1000,300,2", "D2,A1,2025-01-20,Won-ish,1000,100,2");
        Assert.Contains("Labels seen in 'stage': Closed Won, Won-ish.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromCsv_UnbalancedQuoteInField_RejectsLineAndColumn() =>
        AssertBadCell("D2,A1,2025-01-20,Closed Won,10\"00,100,2", 3, "amount", "D2,A1,2025-01-20,Closed Won,10\"00,100,2", "unbalanced quote");

    [Fact]
    public void FromCsv_UnclosedQuote_RejectsRowRunningToEndOfFile()
    {
        string[] lines = [Header, "D1,A1,2025-01-15,Closed Won,1000,300,2", "D2,A1,\"2025-01-20,Closed Won,1000,100,2", "D3,A2,2025-02-01,Closed Lost,500,0,1"];
        DealDataException e = Throws(Strict, lines);
        Assert.Equal(3, e.Line);
        Assert.Null(e.Column);
        Assert.Contains("deals.csv, lines 3-", e.Message, StringComparison.Ordinal); // the reject spans every line the open quote swallowed
        Assert.Contains(": A quoted field is not closed", e.Message, StringComparison.Ordinal);
        DealSet deals = Load(Lenient, lines);
        Assert.Equal(1, deals.Count);
        Assert.Equal(2, deals.LoadReport.RowsRead);
        Assert.StartsWith("D2,A1,\"2025-01-20", deals.LoadReport.Rejected[0].RawValue, StringComparison.Ordinal);
        AssertCountsAddUp(deals.LoadReport);
    }

    [Theory]
    [InlineData("D2,A1,2025-01-20,Closed Won,1000,100", "6 fields; the header has 7")]
    [InlineData("D2,A1,2025-01-20,Closed Won,1000,100,2,extra", "8 fields; the header has only 7")]
    public void FromCsv_WrongFieldCount_RejectsWholeRow(string row, string reason)
    {
        string[] lines = [Header, "D1,A1,2025-01-15,Closed Won,1000,300,2", row, "D3,A2,2025-02-01,Closed Lost,500,0,1"];
        DealDataException e = Throws(Strict, lines);
        Assert.Equal(3, e.Line);
        Assert.Null(e.Column);
        Assert.Contains("deals.csv, line 3: The row has " + reason, e.Message, StringComparison.Ordinal);
        DealSet deals = Load(Lenient, lines);
        Assert.Equal(row, deals.LoadReport.Rejected[0].RawValue);
        Assert.Equal(2, deals.Count);
        AssertCountsAddUp(deals.LoadReport);
    }

    [Fact]
    public void FromCsv_MissingRequiredColumn_ListsHeadersAndClosestMatch()
    {
        DealDataException e = Throws(Strict, "deal_id,stage,amt,gross_margin", "D1,Closed Won,1000,300");
        Assert.Equal(1, e.Line);
        Assert.Equal("revenue", e.Column);
        Assert.Contains("deals.csv, line 1, column 'revenue': No revenue column was found", e.Message, StringComparison.Ordinal);
        Assert.Contains("Columns found: deal_id, stage, amt, gross_margin.", e.Message, StringComparison.Ordinal);
        Assert.Contains("Closest match: 'amt' (a column of amounts).", e.Message, StringComparison.Ordinal);
        Assert.Contains("map.Revenue(\"amt\")", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, e.Report.RowsRead);
        AssertCountsAddUp(e.Report);
    }

    [Fact]
    public void FromCsv_MappedColumnNotInFile_NamesClosestMatch()
    {
        DealDataException e = Assert.Throws<DealDataException>(() => DealSet.FromCsv(
            new StringReader("opp,stage,amount\nD1,Closed Won,10\n"), map => map.Revenue("amout"), Strict));
        Assert.Equal(1, e.Line);
        Assert.Equal("amout", e.Column);
        Assert.Contains("Closest match: 'amount'.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromCsv_EmptyFile_Throws()
    {
        DealDataException e = Assert.Throws<DealDataException>(() => DealSet.FromCsv(new StringReader(""), null, Strict));
        Assert.Equal(1, e.Line);
        Assert.Null(e.Column);
        Assert.Contains("deals.csv, line 1: The file is empty", e.Message, StringComparison.Ordinal);
        AssertCountsAddUp(e.Report);
    }

    [Fact]
    public void FromCsv_HeaderOnly_ThrowsEvenWhenLenient()
    {
        DealDataException e = Assert.Throws<DealDataException>(() => Load(Lenient, Header));
        Assert.Equal(1, e.Line);
        Assert.Null(e.Column);
        Assert.Contains("deals.csv, line 1: The file has a header row but no deals.", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, e.Report.RowsRead);
    }

    [Fact]
    public void FromCsv_OpenStages_SetAsideAndCountedNotRejected()
    {
        DealSet deals = Load(Strict, Header, "D1,A1,2025-01-15,Closed Won,1000,300,2", "D2,A1,,Negotiation,800,,1", "D3,A2,,prospecting,500,,0", "D4,A2,2025-02-01,Closed Lost,500,0,1");
        Assert.Equal(2, deals.Count);
        Assert.Equal(4, deals.LoadReport.RowsRead);
        Assert.Equal(2, deals.LoadReport.OpenDealsSetAside);
        Assert.Equal(0, deals.LoadReport.RowsRejected);
        Assert.Contains(deals.LoadReport.Notes, n => n.StartsWith("2 open deals", StringComparison.Ordinal));
        AssertCountsAddUp(deals.LoadReport);
    }

    [Fact]
    public void FromCsv_ManyProblems_MessageSaysHowManyMore()
    {
        DealDataException e = Throws(Strict, Header, "D1,A1,2025-01-15,Closed Won,x,300,2", "D2,A1,2025-01-15,Closed Won,y,300,2", "D3,A1,2025-01-15,Closed Won,-5,300,2", "D4,A1,2025-01-15,Closed Won,5,300,2");
        Assert.Equal(2, e.Line);
        Assert.Contains("2 more rows have problems (lines 3, 4).", e.Message, StringComparison.Ordinal);
        Assert.Equal(3, e.Report.RowsRejected);
        Assert.Equal(1, e.Report.RowsLoaded);
        Assert.Equal(["x", "y", "-5"], e.Report.Rejected.Select(r => r.RawValue));
        AssertCountsAddUp(e.Report);
    }

    [Fact]
    public void FromCsv_GermanCulture_DotDecimalIsRejected()
    {
        var german = Lenient with { Culture = CultureInfo.GetCultureInfo("de-DE") };
        DealSet deals = Load(german, "deal_id;stage;amount;gross_margin", "D1;Closed Won;1234,5;300,25", "D2;Closed Lost;1234.5;0");
        Assert.Equal(1, deals.Count);
        Assert.Equal(1234.5, deals.Revenue[0]);
        Assert.Equal(300.25, deals.GrossMargin![0]);
        RejectedRow reject = Assert.Single(deals.LoadReport.Rejected);
        Assert.Equal(3, reject.Line);
        Assert.Equal("amount", reject.Column);
        Assert.Equal("1234.5", reject.RawValue);
        Assert.Contains("decimal separator ','", reject.Fix, StringComparison.Ordinal);
        AssertCountsAddUp(deals.LoadReport);
    }

    [Fact]
    public void FromCsv_GermanCulture_StrictMessageNamesLineAndColumn()
    {
        var german = Strict with { Culture = CultureInfo.GetCultureInfo("de-DE") };
        DealDataException e = Throws(german, "deal_id;stage;amount;gross_margin", "D1;Closed Won;1234,5;300,25", "D2;Closed Lost;12;abc");
        Assert.Equal(3, e.Line);
        Assert.Equal("gross_margin", e.Column);
        Assert.Equal("abc", e.Report.Rejected[0].RawValue);
    }

    [Fact]
    public void FromCsv_QuotedLineBreaks_LineNumbersFollowTheFile()
    {
        DealSet deals = Load(Lenient, "deal_id,stage,amount,notes", "D1,Closed Won,10,\"two\nlines\"", "", "D2,Closed Won,abc,x");
        RejectedRow reject = Assert.Single(deals.LoadReport.Rejected);
        Assert.Equal(5, reject.Line);
        Assert.Equal("amount", reject.Column);
    }

    [Fact]
    public void Validate_InvalidOptions_ListsEveryProblem()
    {
        var options = new DealLoadOptions { Delimiter = "", WonLabels = [], LostLabels = ["Lost"], OpenLabels = null! };
        InvalidOptionsException e = Assert.Throws<InvalidOptionsException>(options.Validate);
        Assert.Equal(3, e.Problems.Count);
    }

    [Fact]
    public void LoadReport_CountsThatDoNotAddUp_AreRefused() =>
        Assert.Throws<ArgumentException>(() => new LoadReport("x", 5, 3, 1, [], []));
}
