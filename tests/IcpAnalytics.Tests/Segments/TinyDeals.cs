using IcpAnalytics.Data;

namespace IcpAnalytics.Tests.Segments;

/// <summary>A hand-made deal set whose yield numbers are worked out by hand in the tests.</summary>
internal static class TinyDeals
{
    // deal | account | industry | won | margin | revenue | hours | discount | cycle
    //  0   |  A1     | A        |  1  | 100    | 400     | 10    | 0.1      | 30
    //  1   |  A1     | A        |  0  |   0    | 300     |  5    | 0.2      | 40
    //  2   |  A2     | A        |  1  |  50    | 200     |  5    | 0.0      | 20
    //  3   |  A3     | B        |  0  |   0    | 500     | 20    | 0.3      | 60
    //  4   |  A3     | B        |  1  |  30    | 100     | 10    | 0.1      | 10
    //  5   |  A4     | (none)   |  1  |  20    |  80     |  4    | (none)   | 10
    public static DealSet Create(bool withMargin = true, bool withHours = true, double[]? hours = null)
    {
        int n = 6;
        string[] ids = ["D1", "D2", "D3", "D4", "D5", "D6"];
        int[] days = [.. Enumerable.Range(0, n).Select(i => new DateOnly(2025, 1, 1).DayNumber + i)];
        return new DealSet(
            ids,
            new CategoricalColumn("account_id", [0, 0, 1, 2, 2, 3], ["A1", "A2", "A3", "A4"], null),
            new CategoricalColumn("rep", [0, 0, 0, 0, 0, 0], ["Rep 1"], null),
            days,
            [1, 0, 1, 0, 1, 1],
            new NumericColumn("revenue", [400, 300, 200, 500, 100, 80], null),
            withMargin ? new NumericColumn("gross_margin", [100, 0, 50, 0, 30, 20], null) : null,
            new NumericColumn("discount", [0.1, 0.2, 0.0, 0.3, 0.1, double.NaN], null),
            new NumericColumn("cycle_days", [30, 40, 20, 60, 10, 10], null),
            withHours ? new NumericColumn("effort_hours", hours ?? [10, 5, 5, 20, 10, 4], null) : null,
            [],
            [new CategoricalColumn("industry", [0, 0, 0, 1, 1, -1], ["A", "B"], null)],
            [],
            LoadReport.Clean("tiny", n));
    }
}
