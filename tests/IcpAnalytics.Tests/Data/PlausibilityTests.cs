using IcpAnalytics.Data;

namespace IcpAnalytics.Tests.Data;

/// <summary>Implausible values load with a warning naming line, column and why; strict plausibility makes them rejects.</summary>
public sealed class PlausibilityTests
{
    private const string Header = "deal_id,close_date,stage,amount,gross_margin,discount,effort_hours";
    private static readonly DealLoadOptions Lenient = new()
    {
        SourceName = "deals.csv",
        Policy = BadDataPolicy.Lenient,
        Plausibility = new PlausibilityLimits { Today = new DateOnly(2025, 1, 1) },
    };

    // Lines 2–11 are plausible; each later line carries one implausible value.
    private static readonly string[] Rows =
    [
        "D01,2024-01-10,Closed Won,1000,300,0.1,10",
        "D02,2024-02-10,Closed Lost,1000,,0.0,12",
        "D03,2024-03-10,Closed Won,2000,500,0.05,8",
        "D04,2024-04-10,Closed Lost,1500,0,0.2,9",
        "D05,2024-05-10,Closed Won,1200,400,0.15,11",
        "D06,2024-06-10,Closed Lost,900,,0,7",
        "D07,2024-07-10,Closed Won,800,200,0.1,6",
        "D08,2024-08-10,Closed Lost,700,,0.3,5",
        "D09,2024-09-10,Closed Won,600,100,0.1,4",
        "D10,2024-10-10,Closed Lost,500,,0,3",
        "D11,2024-03-01,Closed Won,1000,1500,0.1,10",   // 12: margin > revenue on a won deal
        "D12,2024-03-02,Closed Won,0,0,0.1,10",         // 13: revenue 0
        "D13,2024-03-03,Closed Won,1e300,10,0.1,10",    // 14: absurd revenue
        "D14,2024-03-04,Closed Won,1000,100,-0.05,10",  // 15: discount below 0
        "D15,2024-03-05,Closed Won,1000,100,2.5,10",    // 16: discount above 100 %
        "D16,2024-03-06,Closed Lost,1000,250,0.1,10",   // 17: lost deal with margin
        "D17,1900-01-01,Closed Won,1000,100,0.1,10",    // 18: far outside the range
        "D18,2099-12-31,Closed Won,1000,100,0.1,10",    // 19: in the future
        "D19,2024-03-09,Closed Won,1000,100,0.1,1e9",   // 20: effort beyond the ceiling
        "d 01,2024-03-10,Closed Won,1000,100,0.1,10",   // 21: equals D01 up to case and whitespace
    ];

    private static DealSet Load(DealLoadOptions options) =>
        DealSet.FromCsv(new StringReader(Header + "\n" + string.Join("\n", Rows.Select(r => r.Split("   //")[0].Trim())) + "\n"), null, options);

    [Fact]
    public void EveryImplausibleValue_LoadsWithAWarning_NamingLineColumnAndWhy()
    {
        DealSet deals = Load(Lenient);
        Assert.Equal(20, deals.Count);
        Assert.Equal(0, deals.LoadReport.RowsRejected);
        (long Line, string Column, string Fragment)[] expected =
        [
            (12, "gross_margin", "gross margin is above the revenue on a won deal"),
            (13, "amount", "revenue is 0"),
            (14, "amount", "absurd for one deal"),
            (15, "discount", "outside 0–100 %"),
            (16, "discount", "outside 0–100 %"),
            (17, "gross_margin", "lost deal carries a gross margin; it is ignored"),
            (18, "close_date", "far outside the file's range"),
            (19, "close_date", "in the future"),
            (20, "effort_hours", "effort hours are above 5,000"),
            (21, "deal_id", "equals the id on line 2 up to case or whitespace"),
        ];
        Assert.Equal(expected.Length, deals.LoadReport.Warnings.Count);
        for (int k = 0; k < expected.Length; k++)
        {
            LoadWarning w = deals.LoadReport.Warnings[k];
            Assert.Equal(expected[k].Line, w.Line);
            Assert.Equal(expected[k].Column, w.Column);
            Assert.Contains(expected[k].Fragment, w.Reason, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(w.Fix));
        }
        // No cell value in any warning.
        Assert.DoesNotContain(deals.LoadReport.Warnings, w => w.Reason.Contains("1500", StringComparison.Ordinal) || w.Reason.Contains("1e300", StringComparison.Ordinal) || w.Reason.Contains("2099", StringComparison.Ordinal));
        // The notes (shown in the report's data section) list each kind with its lines.
        Assert.Contains(deals.LoadReport.Notes, n => n == "implausible, loaded: The discount is outside 0–100 % (2 rows, column 'discount', lines 15, 16)");
        Assert.Contains("warning, line 12, column 'gross_margin'", deals.LoadReport.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void StrictPlausibility_RejectsEveryImplausibleRow_AndTheCountsAddUp()
    {
        DealSet deals = Load(Lenient with { StrictPlausibility = true });
        Assert.Equal(10, deals.Count);
        Assert.Equal(10, deals.LoadReport.RowsRejected);
        Assert.Equal(Enumerable.Range(12, 10).Select(l => (long)l), deals.LoadReport.Rejected.Select(r => r.Line));
        Assert.Empty(deals.LoadReport.Warnings);
        Assert.Equal(deals.LoadReport.RowsRead, deals.LoadReport.RowsLoaded + deals.LoadReport.OpenDealsSetAside + deals.LoadReport.RowsRejected);
        Assert.Equal(Enumerable.Range(1, 10).Select(i => $"D{i:00}"), Enumerable.Range(0, deals.Count).Select(deals.DealId));
    }

    [Fact]
    public void PlausibleData_HasNoWarnings()
    {
        DealSet deals = DealSet.FromCsv(new StringReader(Header + "\n" + string.Join("\n", Rows.Take(10)) + "\n"), null, Lenient);
        Assert.Equal(10, deals.Count);
        Assert.Empty(deals.LoadReport.Warnings);
        Assert.DoesNotContain(deals.LoadReport.Notes, n => n.Contains("implausible", StringComparison.Ordinal));
    }
}
