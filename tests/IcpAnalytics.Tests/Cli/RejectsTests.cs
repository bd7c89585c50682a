using IcpAnalytics.Cli;
using IcpAnalytics.Data;

namespace IcpAnalytics.Tests.Cli;

/// <summary>Rejects, completely: multi-line rejects name every line they span, --rejects writes all of them, inspect --max-rejects, no cell in any message.</summary>
public sealed class RejectsTests : IDisposable
{
    private readonly TempFolder _temp = new("icp-rejects-");

    public void Dispose() => _temp.Dispose();

    public static TheoryData<CsvParserKind> Parsers => new() { CsvParserKind.Fast, CsvParserKind.CsvHelper };

    private const string RunsToEnd =
        "deal_id,stage,amount,industry\n" +      // 1
        "D0,Closed Lost,15,Retail\n" +           // 2
        "D1,Closed Won,10,Software\n" +          // 3
        "D2,Closed Lost,20,\"Retail\n" +         // 4: the quote never closes
        "D3,Closed Won,30,Software\n" +          // 5
        "\n" +                                   // 6
        "D4,Closed Lost,40,Retail\n";            // 7

    [Theory]
    [MemberData(nameof(Parsers))]
    public void UnclosedQuote_RejectSpansEveryLineToTheEnd_AndCountsTheSwallowedDeals(CsvParserKind parser)
    {
        DealSet deals = DealSet.FromCsv(new StringReader(RunsToEnd), null, new DealLoadOptions { Policy = BadDataPolicy.Lenient, CsvParser = parser });
        LoadReport report = deals.LoadReport;
        Assert.Equal(3, report.RowsRead);
        Assert.Equal(2, report.RowsLoaded);
        RejectedRow r = Assert.Single(report.Rejected);
        Assert.Equal(4, r.Line);
        Assert.Equal(7, r.LastLine);
        Assert.Equal("4-7", r.Lines);
        Assert.Null(r.Column);
        Assert.Equal("A quoted field is not closed, so the row runs on to the end of the file. The record spans lines 4-7: the 3 lines after line 4 "
            + "(2 of them not blank, each a deal row lost into this one) were read into it and are not loaded.", r.Reason);
        Assert.EndsWith(" Then lines 5-7 load as deals of their own.", r.Fix, StringComparison.Ordinal);
        Assert.Contains("  lines 4-7: A quoted field is not closed", report.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("D3", report.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Parsers))]
    public void QuoteClosingOnALaterLine_RejectSpansBothLines(CsvParserKind parser)
    {
        const string csv = "deal_id,stage,amount\nD1,\"Closed Won,10\nD2,Closed Lost,20\",5,x\nD3,Closed Won,30\nD4,Closed Lost,40,\n";
        DealSet deals = DealSet.FromCsv(new StringReader(csv), null, new DealLoadOptions { Policy = BadDataPolicy.Lenient, CsvParser = parser });
        Assert.Equal(3, deals.LoadReport.RowsRead);
        Assert.Equal(1, deals.LoadReport.RowsLoaded);
        RejectedRow spanning = deals.LoadReport.Rejected[0];
        Assert.Equal((2L, 3L), (spanning.Line, spanning.LastLine));
        Assert.StartsWith("The row has 4 fields; the header has only 3. The record spans lines 2-3: the 1 line after line 2 (1 of them not blank", spanning.Reason, StringComparison.Ordinal);
        RejectedRow single = deals.LoadReport.Rejected[1];
        Assert.Equal((5L, 5L, "5"), (single.Line, single.LastLine, single.Lines));
        Assert.Equal("The row has 4 fields; the header has only 3.", single.Reason);
        DealDataException e = Assert.Throws<DealDataException>(() => DealSet.FromCsv(new StringReader(csv), null, new DealLoadOptions { CsvParser = parser }));
        Assert.StartsWith("CSV, lines 2-3: The row has 4 fields", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Closed Won,10", e.Message, StringComparison.Ordinal);
    }

    public static TheoryData<CsvParserKind, int> ParsersAndThreads => new() { { CsvParserKind.Fast, 1 }, { CsvParserKind.Fast, 2 }, { CsvParserKind.CsvHelper, 1 } };

    private const string ClosesMuchLater =
        "deal_id,stage,amount,industry\n" +       // 1
        "D0,Closed Lost,15,Retail\n" +            // 2
        "D1,Closed Won,10,\"Software\n" +         // 3: the quote opens
        "D2,Closed Lost,20,Retail\n" +            // 4
        "D3,Closed Won,30,Software\n" +           // 5
        "\n" +                                    // 6
        "D4,Closed Lost,40,Retail\n" +            // 7
        "D5,Closed Won,50,Retail\"\n" +           // 8: and closes at the end of another row, so the field count agrees
        "D6,Closed Lost,60,Retail\n";             // 9

    /// <summary>Every data line of the file is a loaded row's, an open row's or inside exactly one reject's span.</summary>
    private static void EveryLineAccountedFor(LoadReport report, int dataLines, int loadedLines)
    {
        Assert.Equal(report.RowsRead, report.RowsLoaded + report.OpenDealsSetAside + report.RowsRejected);
        long rejectedLines = report.Rejected.Sum(r => r.LastLine - r.Line + 1);
        Assert.Equal(dataLines, loadedLines + rejectedLines);
        for (int i = 1; i < report.Rejected.Count; i++) Assert.True(report.Rejected[i].Line > report.Rejected[i - 1].LastLine);
    }

    [Theory]
    [MemberData(nameof(ParsersAndThreads))]
    public void QuoteClosingMuchLater_WithTheFieldCountRight_IsRejected_SpanningEverySwallowedLine(CsvParserKind parser, int threads)
    {
        string path = _temp.Write($"later-{parser}-{threads}.csv", ClosesMuchLater);
        DealSet deals = DealSet.FromCsv(path, null, new DealLoadOptions { Policy = BadDataPolicy.Lenient, CsvParser = parser, MaxDegreeOfParallelism = threads });
        LoadReport report = deals.LoadReport;
        Assert.Equal((3L, 2L, 0L, 1L), (report.RowsRead, report.RowsLoaded, report.OpenDealsSetAside, report.RowsRejected));
        Assert.Equal(["D0", "D6"], Enumerable.Range(0, deals.Count).Select(deals.DealId));
        RejectedRow r = Assert.Single(report.Rejected);
        Assert.Equal((3L, 8L, "3-8"), (r.Line, r.LastLine, r.Lines));
        Assert.Null(r.Column);
        Assert.Equal("A quoted field holds 4 lines that look like rows of their own (as many delimiters as the header has): an unbalanced quote swallowed them. "
            + "The record spans lines 3-8: the 5 lines after line 3 (4 of them not blank, each a deal row lost into this one) were read into it and are not loaded.", r.Reason);
        Assert.EndsWith(" Then lines 4-8 load as deals of their own.", r.Fix, StringComparison.Ordinal);
        EveryLineAccountedFor(report, dataLines: 8, loadedLines: 2);
        Assert.Contains("  lines 3-8: A quoted field holds 4 lines", report.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Software", report.ToString(), StringComparison.Ordinal);

        DealDataException e = Assert.Throws<DealDataException>(() => DealSet.FromCsv(path, null, new DealLoadOptions { CsvParser = parser, MaxDegreeOfParallelism = threads }));
        Assert.StartsWith($"{path}, lines 3-8: A quoted field holds 4 lines", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ParsersAndThreads))]
    public void UnclosedQuote_InAFile_SpansToTheLastLine(CsvParserKind parser, int threads)
    {
        string path = _temp.Write($"unclosed-{parser}-{threads}.csv", RunsToEnd);
        LoadReport report = DealSet.FromCsv(path, null, new DealLoadOptions { Policy = BadDataPolicy.Lenient, CsvParser = parser, MaxDegreeOfParallelism = threads }).LoadReport;
        RejectedRow r = Assert.Single(report.Rejected);
        Assert.Equal((4L, 7L), (r.Line, r.LastLine));
        EveryLineAccountedFor(report, dataLines: 6, loadedLines: 2);
    }

    private const string MultiLineNotes =
        "deal_id,stage,amount,close_date,notes\n" +                    // 1
        "D1,Closed Won,100,2024-01-05,\"first call\nwent well\"\n" +    // 2-3: loads
        "D2,Closed Lost,abc,2024-01-06,\"called twice\n" +             // 4-6: amount not a number
        "no answer\n" +
        "left a message\"\n" +
        "D3,Closed Won,300,2024/01/07,\"demo\nbooked\"\n" +             // 7-8: a date in another layout than the column's (decided after the read)
        "D4,Closed Won,400,2024-01-08,plain\n" +                       // 9
        "D5,Closed Lost,500,2024-01-09,\"a, b\nc\"\n" +                // 10-11: a note with a comma: loads
        "D6,Negotiation,600,2024-01-10,\"open\ndeal\"\n";              // 12-13: open, set aside

    [Theory]
    [MemberData(nameof(ParsersAndThreads))]
    public void OrdinaryMultiLineRow_Rejected_NamesEveryLineItSpans(CsvParserKind parser, int threads)
    {
        string path = _temp.Write($"notes-{parser}-{threads}.csv", MultiLineNotes);
        DealSet deals = DealSet.FromCsv(path, null, new DealLoadOptions { Policy = BadDataPolicy.Lenient, CsvParser = parser, MaxDegreeOfParallelism = threads });
        LoadReport report = deals.LoadReport;
        Assert.Equal((6L, 3L, 1L, 2L), (report.RowsRead, report.RowsLoaded, report.OpenDealsSetAside, report.RowsRejected));
        Assert.Equal(["D1", "D4", "D5"], Enumerable.Range(0, deals.Count).Select(deals.DealId));
        Assert.Equal([(4L, 6L, "amount"), (7L, 8L, "close_date")], report.Rejected.Select(r => (r.Line, r.LastLine, r.Column!)));
        Assert.Equal(["4-6", "7-8"], report.Rejected.Select(r => r.Lines));
        EveryLineAccountedFor(report, dataLines: 12, loadedLines: 2 + 1 + 2 + 2);
        Assert.Contains("  lines 4-6, column 'amount':", report.ToString(), StringComparison.Ordinal);
        Assert.Contains("  lines 7-8, column 'close_date':", report.ToString(), StringComparison.Ordinal);

        DealDataException e = Assert.Throws<DealDataException>(() => DealSet.FromCsv(path, null, new DealLoadOptions { CsvParser = parser, MaxDegreeOfParallelism = threads }));
        Assert.StartsWith($"{path}, lines 4-6, column 'amount' (3):", e.Message, StringComparison.Ordinal);
        Assert.Contains(" 1 more row has problems (line 7-8).", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("abc", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ActivityLog_MultiLineReject_NamesEveryLine_AndTheCountsAddUp()
    {
        string log = _temp.Write("activities.csv",
            "opportunity_id,activity_type,activity_date,subject\n" +    // 1
            "D1,Call,2024-02-01,\"intro\ncall\"\n" +                   // 2-3
            "D1,Call,2024/02/02,\"follow\nup\nagain\"\n" +             // 4-6: another date layout
            "D3,Email,2024-03-10,plain\n" +                           // 7
            "D1,Meeting,2024-02-03,\"opens\n" +                        // 8-10: swallows two activity rows
            "D1,Call,2024-02-04,x\n" +
            "D3,Call,2024-03-01,y\"\n");
        DealSet deals = DealSet.FromCsv(new StringReader(Data.Activities.ActivityLogTests.Deals), null, new DealLoadOptions { Policy = BadDataPolicy.Lenient })
            .WithActivities(ActivityLog.FromCsv(log, null, new DealLoadOptions { Policy = BadDataPolicy.Lenient }));
        ActivityLoadReport a = deals.ActivityReport!;
        Assert.Equal((4L, 2L, 2L), (a.ActivitiesRead, a.Matched, a.RowsRejected));
        Assert.Equal(a.ActivitiesRead, a.Matched + a.OtherTypes + a.Unmatched + a.AfterClose + a.BeforeCreation + a.RowsRejected);
        Assert.Equal([(4L, 6L), (8L, 10L)], a.Rejected.Select(r => (r.Line, r.LastLine)));
        Assert.Equal("activity_date", a.Rejected[0].Column);
        Assert.StartsWith("A quoted field holds 2 lines that look like rows of their own", a.Rejected[1].Reason, StringComparison.Ordinal);
        Assert.Equal(9, 2 + 1 + a.Rejected.Sum(r => r.LastLine - r.Line + 1)); // the 9 data lines: 2-3 and 7 counted, 4-6 and 8-10 rejected
    }

    private string BadFile() => _temp.Write("deals.csv",
        "deal_id,stage,amount,close_date\n" +
        "D1,Closed Won,100,2024-01-05\n" +
        "D2,Closed Lost,abc,2024-01-06\n" +      // 3: not a number
        "D3,Closed Won,-5,2024-01-06\n" +        // 4: negative
        "D4,Maybe,50,2024-02-01\n" +             // 5: unknown stage
        "D5,Closed Lost,60,2024-02-01\n" +
        ",Closed Won,70,2024-03-01\n" +          // 7: empty id
        "D6,Closed Won,80,\"2024-03-02\n" +      // 8-9: unclosed quote
        "D7,Closed Lost,90,2024-03-03\n");

    [Fact]
    public void Inspect_RejectsFile_ListsEveryReject_WithoutValues_AndMaxRejectsLimitsTheListing()
    {
        string deals = BadFile();
        string rejects = _temp.File("out/rejects.csv");
        (int exit, string output, string error) = IcpCli.InProcess(InspectCommand.Create(), deals, "--rejects", rejects, "--max-rejects", "2");
        Assert.Equal(3, exit);
        Assert.Equal("", error);
        Assert.Contains("deals.csv: 7 rows read, 2 loaded, 0 open deals set aside, 5 rejected", output, StringComparison.Ordinal);
        Assert.Contains("  line 3, column 'amount': The revenue is not a number.", output, StringComparison.Ordinal);
        Assert.Contains("  line 4, column 'amount': The revenue is negative.", output, StringComparison.Ordinal);
        Assert.DoesNotContain("line 5,", output, StringComparison.Ordinal);
        Assert.Contains("  … and 3 more rejected rows", output, StringComparison.Ordinal);
        Assert.DoesNotContain(_temp.Path, output, StringComparison.Ordinal); // the file is named without its folder

        string[] rows = ReadCsvRows(rejects);
        Assert.Equal("file,line,last_line,column,reason,fix", rows[0]);
        Assert.Equal(6, rows.Length);
        Assert.StartsWith("deals.csv,3,3,amount,The revenue is not a number.,", rows[1], StringComparison.Ordinal);
        Assert.StartsWith("deals.csv,4,4,amount,The revenue is negative.,", rows[2], StringComparison.Ordinal);
        Assert.StartsWith("deals.csv,5,5,stage,The outcome label is neither a won, a lost nor an open label.,".Replace("The outcome label is neither a won, a lost nor an open label.", "\"The outcome label is neither a won, a lost nor an open label.\"", StringComparison.Ordinal), rows[3], StringComparison.Ordinal);
        Assert.StartsWith("deals.csv,7,7,deal_id,The deal id is empty.,", rows[4], StringComparison.Ordinal);
        Assert.StartsWith("deals.csv,8,9,,\"A quoted field is not closed", rows[5], StringComparison.Ordinal);
        string all = File.ReadAllText(rejects);
        foreach (string cell in new[] { "abc", "-5", "Maybe", "D7", "2024-03-02" }) Assert.DoesNotContain(cell, all, StringComparison.Ordinal);

        (int all2, string everything, _) = IcpCli.InProcess(InspectCommand.Create(), deals, "--max-rejects", "100");
        Assert.Equal(3, all2);
        Assert.Contains("  lines 8-9: A quoted field is not closed", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("more rejected rows", everything, StringComparison.Ordinal);
        (int negative, _, string bad) = IcpCli.InProcess(InspectCommand.Create(), deals, "--max-rejects", "-1");
        Assert.Equal(1, negative);
        Assert.Contains("--max-rejects -1: give 0 or more", bad, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsFile_ShowValues_AddsTheRawValueColumn()
    {
        string deals = BadFile();
        string rejects = _temp.File("rejects.csv");
        (int exit, _, _) = IcpCli.InProcess(InspectCommand.Create(), deals, "--rejects", rejects, "--show-values");
        Assert.Equal(3, exit);
        string[] rows = ReadCsvRows(rejects);
        Assert.Equal("file,line,last_line,column,reason,fix,value", rows[0]);
        Assert.EndsWith(",abc", rows[1], StringComparison.Ordinal);
        Assert.EndsWith(",-5", rows[2], StringComparison.Ordinal);
        Assert.EndsWith(",Maybe", rows[3], StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsFile_EqualToAnInput_IsRefused_AndTheInputIsIntact()
    {
        string deals = BadFile();
        string before = File.ReadAllText(deals);
        foreach (System.CommandLine.Command command in new[] { InspectCommand.Create(), ReportCommand.Create(), EffectsCommand.Create() })
        {
            (int exit, _, string error) = IcpCli.InProcess(command, deals, "--rejects", deals);
            Assert.Equal(1, exit);
            Assert.Contains($"--rejects {deals} is the same file as the input", error, StringComparison.Ordinal);
            Assert.Equal(before, File.ReadAllText(deals));
        }
    }

    [Fact]
    public void Report_WritesTheRejectsFile_AndStrictStillWritesIt()
    {
        string deals = _temp.Write("big.csv", SampleCsvWithBadRows(out int bad));
        string rejects = _temp.File("report-rejects.csv");
        (int exit, _, _) = IcpCli.InProcess(ReportCommand.Create(), deals, "--format", "md", "--out", _temp.File("report.md"), "--rejects", rejects);
        Assert.Equal(3, exit);
        Assert.Equal(bad + 1, ReadCsvRows(rejects).Length);

        string strictRejects = _temp.File("strict-rejects.csv");
        (int strictExit, _, string error) = IcpCli.InProcess(InspectCommand.Create(), deals, "--strict", "--rejects", strictRejects);
        Assert.Equal(2, strictExit);
        Assert.Contains("error: big.csv, line 3", error, StringComparison.Ordinal);
        Assert.Equal(bad + 1, ReadCsvRows(strictRejects).Length);
    }

    [Fact]
    public void Inspect_CountsDistinctCloseDates()
    {
        DealSet deals = DealSet.FromCsv(_temp.Write("d.csv",
            "deal_id,stage,amount,close_date\nD1,Closed Won,1,2024-01-05\nD2,Closed Lost,2,2024-01-05\nD3,Closed Won,3,2024-02-01\nD4,Closed Lost,4,\nD5,Closed Lost,4,2024-03-09\n"));
        ColumnSummary dates = deals.Summarize().Columns.Single(c => c.Name == "closed_date");
        Assert.Equal(3, dates.Distinct);
        Assert.Equal(1, dates.Missing);
    }

    [Fact]
    public void MissingHeader_OfTextCells_IsNotQuoted()
    {
        string path = _temp.Write("noheader.csv", "Acme Corp,Closed Won,Jane Doe,Software\nBeta Ltd,Closed Lost,Joe Bloggs,Retail\n");
        (int exit, _, string error) = IcpCli.InProcess(InspectCommand.Create(), path);
        Assert.Equal(2, exit);
        Assert.Contains("looks like data, not a header", error, StringComparison.Ordinal);
        foreach (string cell in new[] { "Acme Corp", "Jane Doe", "Software" }) Assert.DoesNotContain(cell, error, StringComparison.Ordinal);
        (_, _, string shown) = IcpCli.InProcess(InspectCommand.Create(), path, "--show-values");
        Assert.Contains("Acme Corp", shown, StringComparison.Ordinal);
    }

    private static string SampleCsvWithBadRows(out int bad)
    {
        var sb = new System.Text.StringBuilder("deal_id,stage,amount,gross_margin,industry,effort_hours\n");
        var random = new Random(5);
        bad = 0;
        for (int i = 0; i < 400; i++)
        {
            bool won = random.NextDouble() < 0.35;
            double amount = 1000 + random.Next(50_000);
            string amountText = i % 50 == 1 ? "n/a" : amount.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (i % 50 == 1) bad++;
            sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"D{i},{(won ? "Closed Won" : "Closed Lost")},{amountText},{(won ? amount * 0.4 : 0)},{(i % 3 == 0 ? "Software" : "Retail")},{10 + random.Next(40)}\n");
        }
        return sb.ToString();
    }

    /// <summary>The file's records (a quoted field may hold a line break), each as its raw text.</summary>
    private static string[] ReadCsvRows(string path)
    {
        string text = File.ReadAllText(path);
        var rows = new List<string>();
        var current = new System.Text.StringBuilder();
        bool quoted = false;
        foreach (char c in text)
        {
            if (c == '"') quoted = !quoted;
            if (c == '\n' && !quoted)
            {
                rows.Add(current.ToString());
                current.Clear();
                continue;
            }
            current.Append(c);
        }
        if (current.Length > 0) rows.Add(current.ToString());
        return [.. rows];
    }
}
