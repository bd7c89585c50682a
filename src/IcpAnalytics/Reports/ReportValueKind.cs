namespace IcpAnalytics.Reports;

/// <summary>What a number in a report means, which decides how it is written for people (and stays raw in JSON and CSV).</summary>
public enum ReportValueKind
{
    /// <summary>Words, such as a segment's name or a rule.</summary>
    Text,

    /// <summary>A count, written with thousands separators: 12,345.</summary>
    Count,

    /// <summary>A plain number, written with thousands separators and two decimals: 1,234.56.</summary>
    Number,

    /// <summary>Money, written with the currency symbol: $12,345 (two decimals below 100).</summary>
    Currency,

    /// <summary>A share or rate stored as a fraction (0.342) and written as a percentage: 34.2%.</summary>
    Percent,

    /// <summary>A ratio to a reference, such as the yield index: 1.42×.</summary>
    Ratio,

    /// <summary>A p-value: 0.0123, or "&lt; 0.0001".</summary>
    PValue,

    /// <summary>A value whose meaning differs from row to row (a win rate in one, money in the next): written as <see cref="ReportTable.RowKinds"/> says.</summary>
    ByRow,

    /// <summary>A verdict of an honesty check: "passed", "caution" or "failed" (shown as a coloured badge).</summary>
    Verdict,

    /// <summary>A difference of two rates stored as a fraction (0.113) and written in percentage points: +11.3 pp.</summary>
    PercentagePoints,
}
