namespace IcpAnalytics.Data;

public sealed partial class DealSet
{
    /// <summary>The columns of a deal set that a derived copy may replace; the deal ids, close dates and outcomes always carry over.</summary>
    private readonly record struct DealColumns(
        CategoricalColumn Accounts,
        CategoricalColumn Reps,
        NumericColumn Revenue,
        NumericColumn? GrossMargin,
        NumericColumn? Discount,
        NumericColumn? CycleDays,
        NumericColumn? EffortHours,
        NumericColumn[] Efforts,
        CategoricalColumn[] CategoricalAttributes,
        NumericColumn[] NumericAttributes,
        int[]? Rows);

    /// <summary>This deal set's own columns, to derive a copy from with <c>with { … }</c>.</summary>
    private DealColumns Columns => new(Accounts, Reps, Revenue, GrossMargin, Discount, CycleDays, EffortHours, EffortArray, CategoricalArray, NumericArray, _rows);

    /// <summary>
    /// The one way a deal set derives a copy of itself (a filter, banding, created dates, activity effort): the copy gets
    /// <paramref name="columns"/>, and keeps this set's created dates, activity report and role hints unless replaced. It shares
    /// this set's attribute roles (inferred once, on the loaded deals, so a filtered view never re-infers roles on a subset) unless
    /// <paramref name="sharesRoles"/> is false.
    /// </summary>
    private DealSet DerivedCopy(DealColumns columns, LoadReport? loadReport = null, int[]? createdDays = null,
        ActivityLoadReport? activityReport = null, bool sharesRoles = true) =>
        new(_dealIds, columns.Accounts, columns.Reps, _closedDays, _won, columns.Revenue, columns.GrossMargin, columns.Discount,
            columns.CycleDays, columns.EffortHours, columns.Efforts, columns.CategoricalAttributes, columns.NumericAttributes,
            loadReport ?? LoadReport, columns.Rows)
        {
            CreatedDays = createdDays ?? CreatedDays,
            ActivityReport = activityReport ?? ActivityReport,
            RoleHints = RoleHints,
            _roleRoot = sharesRoles ? _roleRoot ?? this : null,
        };
}
