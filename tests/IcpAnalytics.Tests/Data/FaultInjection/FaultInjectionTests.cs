using IcpAnalytics.Data;

namespace IcpAnalytics.Tests.Data.FaultInjection;

/// <summary>
/// The loader on a realistic export with 14 kinds of injected bad lines (12 rejected, 2 warned as implausible): every bad line is
/// reported at its own line, no clean line is rejected or warned about, and loaded + open + rejected = read.
/// </summary>
public sealed class FaultInjectionTests
{
    private static readonly FaultInjectedExport Export = FaultInjectedExport.Generate(rows: 3_000, perKind: 15, seed: 12);

    public static TheoryData<CsvParserKind> Parsers => new() { CsvParserKind.Fast, CsvParserKind.CsvHelper };

    [Theory]
    [MemberData(nameof(Parsers))]
    public void EveryInjectedBadLineIsReported_AtItsLine_AndNoCleanLineIs(CsvParserKind parser)
    {
        DealSet deals = DealSet.FromCsv(new StringReader(Export.Csv), null, new DealLoadOptions { Policy = BadDataPolicy.Lenient, CsvParser = parser });
        LoadReport report = deals.LoadReport;

        Assert.Equal(3_000, report.RowsRead);
        Assert.Equal(report.RowsRead, report.RowsLoaded + report.OpenDealsSetAside + report.RowsRejected);
        Assert.Equal(Export.OpenRows, report.OpenDealsSetAside);
        Assert.Equal(14 * 15, Export.BadLines.Count);

        var rejectedLines = report.Rejected.Select(r => r.Line).ToHashSet();
        var warnedLines = report.Warnings.Select(w => w.Line).ToHashSet();
        var missed = new List<string>();
        foreach ((long line, FaultKind kind) in Export.BadLines)
        {
            bool reported = FaultInjectedExport.IsReject(kind) ? rejectedLines.Contains(line) : warnedLines.Contains(line) && !rejectedLines.Contains(line);
            if (!reported) missed.Add($"line {line}: {kind}");
        }
        double share = 1 - missed.Count / (double)Export.BadLines.Count;
        Assert.True(share >= 0.99, $"{share:P1} of bad lines reported; missed: {string.Join("; ", missed.Take(20))}");
        Assert.Empty(missed); // in fact every one

        // No false alarm: every reject and every warning is on an injected line.
        Assert.All(report.Rejected, r => Assert.True(Export.BadLines.ContainsKey(r.Line), $"clean line {r.Line} rejected: {r.Reason}"));
        Assert.All(report.Warnings, w => Assert.True(Export.BadLines.ContainsKey(w.Line), $"clean line {w.Line} warned: {w.Reason}"));
        Assert.Equal(12 * 15, report.RowsRejected);
        Assert.Equal(3_000 - Export.OpenRows - 12 * 15, report.RowsLoaded);
    }

    [Fact]
    public void EachKind_GetsItsOwnReasonAndColumn()
    {
        DealSet deals = DealSet.FromCsv(new StringReader(Export.Csv), null, new DealLoadOptions { Policy = BadDataPolicy.Lenient });
        var rejectOf = deals.LoadReport.Rejected.ToDictionary(r => r.Line);
        var warningOf = deals.LoadReport.Warnings.GroupBy(w => w.Line).ToDictionary(g => g.Key, g => g.ToList());
        (FaultKind Kind, string? Column, string Reason)[] expected =
        [
            (FaultKind.UnbalancedQuote, "account_name", "The field has an unbalanced quote"),
            (FaultKind.ExtraField, null, "The row has 14 fields; the header has only 13."),
            (FaultKind.MissingField, null, "The row has 12 fields; the header has 13."),
            (FaultKind.NonNumericRevenue, "amount", "The revenue is not a number."),
            (FaultKind.WrongFormatDate, "close_date", "The close date"),
            (FaultKind.ImpossibleDate, "close_date", "The close date"),
            (FaultKind.EmptyDealId, "opportunity_id", "The deal id is empty."),
            (FaultKind.DuplicateDealId, "opportunity_id", "The deal id appears on an earlier line too"),
            (FaultKind.UnknownStage, "deal_stage", "The outcome label is neither a won, a lost nor an open label."),
            (FaultKind.NegativeEffort, "effort_hours", "is negative."),
            (FaultKind.WrongDecimalSeparator, "amount", "The revenue is not a number."),
            (FaultKind.NotFinite, "amount", "The revenue is not a finite number."),
        ];
        foreach ((FaultKind kind, string? column, string reason) in expected)
        {
            foreach (long line in Export.BadLines.Where(b => b.Value == kind).Select(b => b.Key))
            {
                RejectedRow r = rejectOf[line];
                Assert.Equal(column, r.Column);
                Assert.Contains(reason, r.Reason, StringComparison.Ordinal);
                Assert.Equal(line, r.LastLine);
            }
        }
        foreach ((FaultKind kind, string column) in new[] { (FaultKind.MarginAboveRevenue, "gross_margin"), (FaultKind.DiscountOutOfRange, "discount") })
        {
            foreach (long line in Export.BadLines.Where(b => b.Value == kind).Select(b => b.Key))
                Assert.Contains(warningOf[line], w => w.Column == column);
        }
    }

    [Fact]
    public void StrictPlausibility_RejectsEveryBadLine_AndOnlyThem()
    {
        DealSet deals = DealSet.FromCsv(new StringReader(Export.Csv), null,
            new DealLoadOptions { Policy = BadDataPolicy.Lenient, StrictPlausibility = true });
        LoadReport report = deals.LoadReport;
        Assert.Equal(14 * 15, report.RowsRejected);
        Assert.Equal(Export.BadLines.Keys.Order(), report.Rejected.Select(r => r.Line));
        Assert.Equal(report.RowsRead, report.RowsLoaded + report.OpenDealsSetAside + report.RowsRejected);
        Assert.Empty(report.Warnings);
    }

    [Fact]
    public void NoRejectOrExceptionMessage_QuotesACell()
    {
        DealSet deals = DealSet.FromCsv(new StringReader(Export.Csv), null, new DealLoadOptions { Policy = BadDataPolicy.Lenient });
        string text = deals.LoadReport.ToString(int.MaxValue);
        string[] lines = Export.Csv.Split('\n');
        var cells = new List<string> { "Acme \"Corp", "Closed Wonn", "Lost?", "Infinity", "extra" };
        foreach ((long line, FaultKind kind) in Export.BadLines)
        {
            string[] fields = lines[line - 1].Split(',');
            if (kind is FaultKind.WrongFormatDate or FaultKind.ImpossibleDate) cells.Add(fields[4]);
            if (kind == FaultKind.NonNumericRevenue) cells.Add(fields[5]);
            if (kind == FaultKind.DuplicateDealId) cells.Add(fields[0]);
        }
        Assert.Equal(5 + 15 * 4, cells.Count);
        foreach (string cell in cells) Assert.DoesNotContain(cell, text, StringComparison.Ordinal);
        DealDataException e = Assert.Throws<DealDataException>(() => DealSet.FromCsv(new StringReader(Export.Csv), null, new DealLoadOptions { Policy = BadDataPolicy.Strict }));
        long first = Export.BadLines.Keys.Where(l => FaultInjectedExport.IsReject(Export.BadLines[l])).Min();
        Assert.Contains($"line {first}", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Acme \"Corp", e.Message, StringComparison.Ordinal);
    }
}
