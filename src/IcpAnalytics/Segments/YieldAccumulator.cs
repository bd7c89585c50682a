using IcpAnalytics.Data;

namespace IcpAnalytics.Segments;

/// <summary>
/// One pass over a deal set that sums, per group, the sufficient statistics of every yield measure: counts, Σ y, Σ y²,
/// Σ hours, Σ hours², Σ y·hours (y = yield amount of won deals, 0 for lost), won revenue, discount and cycle days.
/// Chunks of deals are summed on both cores and merged in chunk order, so results are identical run to run.
/// </summary>
internal static class YieldAccumulator
{
    internal const int N = 0, Won = 1, SumY = 2, SumY2 = 3, RevenueWon = 4, NHours = 5, SumH = 6, SumH2 = 7, SumYH = 8,
        SumYWithHours = 9, SumY2WithHours = 10, Discount = 11, DiscountN = 12, Cycle = 13, CycleN = 14, WonWithoutMargin = 15;

    internal const int Stride = 16;

    private const int ChunkSize = 1 << 16;

    /// <summary>Sums the statistics of each group; <paramref name="groupOf"/> holds each deal's group (by position), -1 to skip.</summary>
    internal static double[] Accumulate(DealSet deals, int[] groupOf, int groups)
    {
        int n = deals.Count;
        int chunks = Math.Max(1, (n + ChunkSize - 1) / ChunkSize);
        var partial = new double[chunks][];
        if (chunks == 1)
        {
            partial[0] = new double[groups * Stride];
            AccumulateRange(deals, groupOf, partial[0], 0, n);
        }
        else
        {
            Parallel.For(0, chunks, c =>
            {
                var local = new double[groups * Stride];
                AccumulateRange(deals, groupOf, local, c * ChunkSize, Math.Min(n, (c + 1) * ChunkSize));
                partial[c] = local;
            });
        }
        double[] total = partial[0];
        for (int c = 1; c < chunks; c++)
        {
            double[] p = partial[c];
            for (int k = 0; k < total.Length; k++) total[k] += p[k];
        }
        return total;
    }

    private static void AccumulateRange(DealSet deals, int[] groupOf, double[] acc, int start, int end)
    {
        int[]? rows = deals.Rows;
        byte[] won = deals.WonFlags;
        double[] amount = deals.YieldAmount.Data;
        double[] revenue = deals.Revenue.Data;
        double[]? hours = deals.EffortHours?.Data;
        double[]? discount = deals.Discount?.Data;
        double[]? cycle = deals.CycleDays?.Data;
        for (int i = start; i < end; i++)
        {
            int g = groupOf[i];
            if (g < 0) continue;
            int r = rows is null ? i : rows[i];
            int o = g * Stride;
            acc[o + N] += 1;
            double y = 0;
            if (won[r] != 0)
            {
                acc[o + Won] += 1;
                double m = amount[r];
                if (double.IsNaN(m)) acc[o + WonWithoutMargin] += 1;
                else y = m;
                double rev = revenue[r];
                if (!double.IsNaN(rev)) acc[o + RevenueWon] += rev;
            }
            acc[o + SumY] += y;
            acc[o + SumY2] += y * y;
            if (hours is not null)
            {
                double h = hours[r];
                if (!double.IsNaN(h))
                {
                    acc[o + NHours] += 1;
                    acc[o + SumH] += h;
                    acc[o + SumH2] += h * h;
                    acc[o + SumYH] += y * h;
                    acc[o + SumYWithHours] += y;
                    acc[o + SumY2WithHours] += y * y;
                }
            }
            if (discount is not null)
            {
                double d = discount[r];
                if (!double.IsNaN(d)) { acc[o + Discount] += d; acc[o + DiscountN] += 1; }
            }
            if (cycle is not null)
            {
                double d = cycle[r];
                if (!double.IsNaN(d)) { acc[o + Cycle] += d; acc[o + CycleN] += 1; }
            }
        }
    }

    /// <summary>Margin (yield amount) per effort hour of a group, Σ y / Σ h over deals with hours recorded; NaN when Σ h ≤ 0.</summary>
    internal static double PerHour(ReadOnlySpan<double> s) => s[SumH] > 0 ? s[SumYWithHours] / s[SumH] : double.NaN;

    /// <summary>
    /// Σ (y − R h)² for the ratio R = Σ y / Σ h over deals with hours: the residual sum of squares behind the
    /// delta-method variance of a ratio estimator.
    /// </summary>
    internal static double RatioResidualSquares(ReadOnlySpan<double> s, double ratio) =>
        Math.Max(0, s[SumY2WithHours] - 2 * ratio * s[SumYH] + ratio * ratio * s[SumH2]);

    /// <summary>Σ (y − ȳ)² over all deals of a group.</summary>
    internal static double MeanResidualSquares(ReadOnlySpan<double> s) =>
        s[N] > 0 ? Math.Max(0, s[SumY2] - s[SumY] * s[SumY] / s[N]) : 0;
}
