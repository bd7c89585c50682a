using System.Globalization;
using System.Text;

namespace IcpAnalytics.Data;

/// <summary>One column of a <see cref="DealSetSummary"/>.</summary>
/// <param name="Name">The column's name.</param>
/// <param name="Kind">"numeric", "categorical", "banded numeric", "outcome", "date" or "id".</param>
/// <param name="Missing">How many deals have no value.</param>
/// <param name="Distinct">How many distinct values (levels for categorical columns).</param>
/// <param name="Minimum">The smallest value of a numeric column, else null.</param>
/// <param name="Maximum">The largest value of a numeric column, else null.</param>
/// <param name="Mean">The mean of a numeric column's non-missing values, else null.</param>
/// <param name="TopValues">For categorical columns, the most frequent levels with their counts, e.g. "Software (1,234)".</param>
public sealed record ColumnSummary(string Name, string Kind, int Missing, int Distinct, double? Minimum, double? Maximum, double? Mean, string TopValues);

/// <summary>A column-by-column summary of a deal set, for a first look in a notebook or the <c>icp inspect</c> command.</summary>
public sealed class DealSetSummary
{
    private DealSetSummary(int deals, IReadOnlyList<ColumnSummary> columns)
    {
        Deals = deals;
        Columns = columns;
    }

    /// <summary>The number of deals summarized.</summary>
    public int Deals { get; }

    /// <summary>One entry per column.</summary>
    public IReadOnlyList<ColumnSummary> Columns { get; }

    internal static DealSetSummary Of(DealSet deals)
    {
        var columns = new List<ColumnSummary>
        {
            new("deal_id", "id", 0, deals.Count, null, null, null, ""),
            new("outcome", "outcome", 0, 2, null, null, null,
                string.Create(CultureInfo.InvariantCulture, $"won ({deals.WonCount:N0}), lost ({deals.Count - deals.WonCount:N0})")),
        };
        (DateOnly? first, DateOnly? last) = deals.DateRange();
        int missingDates = 0;
        var days = new HashSet<DateOnly>();
        for (int i = 0; i < deals.Count; i++)
        {
            if (deals.ClosedOn(i) is DateOnly day) days.Add(day);
            else missingDates++;
        }
        columns.Add(new("closed_date", "date", missingDates, days.Count, null, null, null,
            first is null ? "" : string.Create(CultureInfo.InvariantCulture, $"{first:yyyy-MM-dd} to {last:yyyy-MM-dd}")));
        columns.Add(Categorical(deals.Accounts, "id"));
        columns.Add(Categorical(deals.Reps, "categorical"));
        foreach (NumericColumn c in deals.AllNumeric()) columns.Add(Numeric(c));
        foreach (CategoricalColumn c in deals.CategoricalAttributes) columns.Add(Categorical(c, c.IsBanded ? "banded numeric" : "categorical"));
        return new DealSetSummary(deals.Count, columns);
    }

    private static ColumnSummary Numeric(NumericColumn c)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity, sum = 0;
        int missing = 0;
        var distinct = new HashSet<double>();
        for (int i = 0; i < c.Count; i++)
        {
            double v = c[i];
            if (double.IsNaN(v)) { missing++; continue; }
            if (v < min) min = v;
            if (v > max) max = v;
            sum += v;
            if (distinct.Count < 10_000) distinct.Add(v);
        }
        int n = c.Count - missing;
        return n == 0
            ? new ColumnSummary(c.Name, "numeric", missing, 0, null, null, null, "")
            : new ColumnSummary(c.Name, "numeric", missing, distinct.Count, min, max, sum / n, "");
    }

    private static ColumnSummary Categorical(CategoricalColumn c, string kind)
    {
        int[] counts = c.CountByLevel();
        int distinct = counts.Count(x => x > 0);
        string top = string.Join(", ", Enumerable.Range(0, counts.Length)
            .Where(k => counts[k] > 0)
            .OrderByDescending(k => counts[k]).ThenBy(k => k)
            .Take(5)
            .Select(k => string.Create(CultureInfo.InvariantCulture, $"{c.Levels[k]} ({counts[k]:N0})")));
        return new ColumnSummary(c.Name, kind, c.MissingCount, distinct, null, null, null, top);
    }

    /// <summary>The summary as an aligned text table.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{Deals:N0} {(Deals == 1 ? "deal" : "deals")}").AppendLine();
        int width = Math.Max(6, Columns.Max(c => c.Name.Length));
        sb.Append("column".PadRight(width)).Append("  kind            missing  distinct  range / top values").AppendLine();
        foreach (ColumnSummary c in Columns)
        {
            string detail = c.Minimum is null
                ? c.TopValues
                : string.Create(CultureInfo.InvariantCulture, $"{c.Minimum:G6} to {c.Maximum:G6}, mean {c.Mean:G6}");
            sb.Append(c.Name.PadRight(width)).Append("  ").Append(c.Kind.PadRight(14))
              .Append(c.Missing.ToString("N0", CultureInfo.InvariantCulture).PadLeft(9))
              .Append(c.Distinct.ToString("N0", CultureInfo.InvariantCulture).PadLeft(10))
              .Append("  ").Append(detail).AppendLine();
        }
        return sb.ToString();
    }
}
