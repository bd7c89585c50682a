using IcpAnalytics.Data;

namespace IcpAnalytics.Tests.Reports;

/// <summary>Hand-made deal sets for the report tests, with figures worked out by hand.</summary>
internal static class ReportDeals
{
    // deal | account | industry | won | margin | revenue | hours
    //  D1  |  A1     | A        |  1  | 100    | 400     | 10
    //  D2  |  A1     | A        |  0  |   0    | 300     |  5
    //  D3  |  A2     | A        |  1  |  50    | 200     |  5
    //  D4  |  A3     | B        |  0  |   0    | 500     | 20
    //  D5  |  A3     | B        |  1  |  30    | 100     | 10
    //  D6  |  A4     | (none)   |  1  |  20    |  80     |  4
    // whole: 6 pursued, 4 won, revenue won 780, margin 200, hours 54: 33.33 per deal, 3.7037 per hour.
    public static DealSet Tiny(LoadReport? load = null, bool withIndustry = true)
    {
        int n = 6;
        int[] days = [.. Enumerable.Range(0, n).Select(i => new DateOnly(2025, 1, 1).DayNumber + i * 30)];
        return new DealSet(
            ["D1", "D2", "D3", "D4", "D5", "D6"],
            new CategoricalColumn("account_id", [0, 0, 1, 2, 2, 3], ["A1", "A2", "A3", "A4"], null),
            new CategoricalColumn("rep", [0, 0, 0, 0, 0, 0], ["Rep 1"], null),
            days,
            [1, 0, 1, 0, 1, 1],
            new NumericColumn("revenue", [400, 300, 200, 500, 100, 80], null),
            new NumericColumn("gross_margin", [100, 0, 50, 0, 30, 20], null),
            null,
            null,
            new NumericColumn("effort_hours", [10, 5, 5, 20, 10, 4], null),
            [],
            withIndustry ? [new CategoricalColumn("industry", [0, 0, 0, 1, 1, -1], ["A", "B"], null)] : [],
            [],
            load ?? LoadReport.Clean("tiny", n));
    }

    /// <summary>The tiny deals as if read from a file of 10 rows: 6 loaded, 1 open, 3 rejected (two for the same reason).</summary>
    public static LoadReport WithRejects() => new("deals.csv", 10, 6, 1,
        [
            new RejectedRow(3, "amount", "abc", "The amount is not a number.", "Write amounts as plain numbers such as 1234.50."),
            new RejectedRow(7, "stage", "Maybe", "The outcome label is not a known won or lost label.", "Map it with --won/--lost."),
            new RejectedRow(9, "amount", "-5", "The amount is not a number.", "Write amounts as plain numbers such as 1234.50."),
        ],
        ["no discount column"]);
}
