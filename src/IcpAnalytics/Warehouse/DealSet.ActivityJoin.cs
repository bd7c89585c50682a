namespace IcpAnalytics.Data;

public sealed partial class DealSet
{
    /// <summary>
    /// The same deals with effort columns and effort hours aggregated elsewhere (the warehouse's activity join), per physical
    /// deal, replacing the deals' own effort columns exactly as <see cref="WithActivities"/> does.
    /// </summary>
    internal DealSet WithAggregatedActivities(IReadOnlyList<(string Name, double[] Counts)> efforts, double[] hours, ActivityLoadReport report, string summary, string source)
    {
        var notes = new List<string>(LoadReport.Notes) { summary };
        var load = new LoadReport(source, LoadReport.RowsRead, LoadReport.RowsLoaded, LoadReport.OpenDealsSetAside, LoadReport.Rejected, notes,
            LoadReport.DealsWithoutAccountRow, LoadReport.Warnings);
        return new DealSet(_dealIds, Accounts, Reps, _closedDays, _won, Revenue, GrossMargin, Discount, CycleDays,
            new NumericColumn(ActivityAggregator.HoursName, hours, _rows),
            [.. efforts.Select(e => new NumericColumn(e.Name, e.Counts, _rows))], CategoricalArray, NumericArray, load, _rows)
        {
            CreatedDays = CreatedDays,
            ActivityReport = report,
            RoleHints = RoleHints,
        };
    }
}
