using IcpAnalytics.Data;
using IcpAnalytics.Reports;

namespace IcpAnalytics.Tests.Reports;

/// <summary>
/// The default holdout date is the close date at the 70 % quantile of the dated deals (index floor(0.7 m) of the sorted
/// dates, clamped to 1 … m − 1). The report finds it by counting days when the dates span a few years and by sorting when
/// they span decades; both must give the hand-worked date.
/// </summary>
public class DefaultHoldoutDateTests
{
    private static DealSet Deals(int[] days)
    {
        int n = days.Length;
        return new DealSet(
            [.. Enumerable.Range(1, n).Select(i => "D" + i)],
            new CategoricalColumn("account_id", [.. Enumerable.Range(0, n)], [.. Enumerable.Range(1, n).Select(i => "A" + i)], null),
            new CategoricalColumn("rep", new int[n], ["Rep 1"], null),
            days,
            [.. Enumerable.Range(0, n).Select(i => (byte)(i % 2))],
            new NumericColumn("revenue", [.. Enumerable.Range(0, n).Select(i => 100.0 + i)], null),
            new NumericColumn("gross_margin", [.. Enumerable.Range(0, n).Select(i => i % 2 == 1 ? 30.0 : 0)], null),
            null, null, null, [], [], [],
            LoadReport.Clean("dates", n));
    }

    private static string HoldoutParagraph(DealSet deals) =>
        ProfitYieldReport.For(deals).Build().Sections.Single(s => s.Id == DataSection.Id).Paragraphs.Single(p => p.StartsWith("Holdout split at ", StringComparison.Ordinal));

    [Fact]
    public void FewYearsOfDates_UnsortedWithMissingDates_CutAtTheSeventyPercentQuantile()
    {
        int d0 = new DateOnly(2024, 1, 1).DayNumber;
        // Ten dated deals (offsets 0, 3, 3, 10, 11, 20, 20, 20, 40, 90 days) in shuffled order, two undated: m = 10, index
        // floor(0.7 × 10) = 7 of the sorted offsets is 20 days: 2024-01-21.
        int[] offsets = [20, 0, 90, 3, -1, 11, 20, 40, 3, -1, 10, 20];
        DealSet deals = Deals([.. offsets.Select(o => o < 0 ? DealSet.MissingDay : d0 + o)]);
        Assert.StartsWith("Holdout split at 2024-01-21: 5 deals closed before it", HoldoutParagraph(deals), StringComparison.Ordinal);
    }

    [Fact]
    public void DatesAcrossDecades_CutAtTheSeventyPercentQuantile()
    {
        // Seven dates spanning 1990-2025 (more days than the counting path takes): m = 7, index floor(4.9) = 4 → 2011-06-30.
        DateOnly[] dates = [new(2025, 1, 1), new(1990, 3, 1), new(2011, 6, 30), new(2000, 1, 1), new(2024, 12, 31), new(1995, 5, 5), new(2005, 7, 7)];
        DealSet deals = Deals([.. dates.Select(d => d.DayNumber)]);
        Assert.StartsWith("Holdout split at 2011-06-30: 4 deals closed before it", HoldoutParagraph(deals), StringComparison.Ordinal);
    }
}
