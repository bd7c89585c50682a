namespace IcpAnalytics.Warehouses;

/// <summary>Rows of a warehouse table the loader would reject, by column and reason (no cell values).</summary>
/// <param name="Column">The column at fault, or null when the whole row is.</param>
/// <param name="Reason">The reason in words.</param>
/// <param name="Fix">How to fix it.</param>
/// <param name="Rows">How many rows have this problem.</param>
public sealed record WarehouseRejection(string? Column, string Reason, string Fix, long Rows);

/// <summary>
/// How the rows of a warehouse table were treated, counted in the warehouse: every row is loaded, set aside as open, or
/// rejected, and <see cref="RowsRead"/> = <see cref="DealsLoaded"/> + <see cref="OpenDealsSetAside"/> + the rejected rows.
/// </summary>
/// <param name="Source">The table in words.</param>
/// <param name="RowsRead">Rows in the table.</param>
/// <param name="DealsLoaded">Closed deals that the sums use.</param>
/// <param name="OpenDealsSetAside">Open deals, set aside.</param>
/// <param name="Rejected">Rejected rows by column and reason.</param>
/// <param name="DuplicateDealIds">Loaded rows whose deal id appears on another row too (the sums refuse to run when above 0).</param>
public sealed record WarehouseCheck(string Source, long RowsRead, long DealsLoaded, long OpenDealsSetAside, IReadOnlyList<WarehouseRejection> Rejected, long DuplicateDealIds)
{
    /// <summary>All rejected rows.</summary>
    public long RowsRejected => Rejected.Sum(r => r.Rows);
}
