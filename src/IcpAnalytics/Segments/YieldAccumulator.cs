using System.Runtime.CompilerServices;
using IcpAnalytics.Data;

namespace IcpAnalytics.Segments;

/// <summary>
/// One pass over a deal set that sums, per group, the sufficient statistics of every yield measure: counts, Σ y, Σ y²,
/// Σ hours, Σ hours², Σ y·hours (y = yield amount of won deals, 0 for lost), won revenue, discount and cycle days.
/// Chunks of deals are summed on both cores and merged in chunk order, so results are identical run to run.
/// <para>
/// With clustering by account (<see cref="AccumulateClustered"/>), the same pass also sums each account's deals within
/// each group (n_a, won W_a, Σ y = Y_a, Σ y and Σ hours over deals with hours) and adds, per group, the number of
/// accounts G and the moments Σ n_a², Σ W_a n_a, Σ W_a², Σ Y_a n_a, Σ Y_a² (and their per-hour counterparts) from which
/// the account-cluster-robust variances follow in closed form. A deal without an account is an account of its own.
/// </para>
/// </summary>
internal static class YieldAccumulator
{
    internal const int N = 0, Won = 1, SumY = 2, SumY2 = 3, RevenueWon = 4, NHours = 5, SumH = 6, SumH2 = 7, SumYH = 8,
        SumYWithHours = 9, SumY2WithHours = 10, Discount = 11, DiscountN = 12, Cycle = 13, CycleN = 14, WonWithoutMargin = 15,
        // Account-cluster moments (0 unless accumulated with clustering): accounts, Σ n_a², Σ W_a n_a, Σ W_a², Σ Y_a n_a,
        // Σ Y_a², accounts with hours, Σ Yh_a², Σ Yh_a H_a, Σ H_a² (Yh, H over deals with hours recorded).
        Accounts = 16, SumN2 = 17, SumWN = 18, SumW2 = 19, SumYN = 20, SumYa2 = 21, HourAccounts = 22, SumYh2 = 23, SumYhH = 24, SumHa2 = 25;

    internal const int Stride = 26;

    /// <summary>
    /// Each deal's cluster for account-clustered tests: its account's code, or, for a deal without an account, a cluster of
    /// its own (numbered after the accounts, in deal order) — as the clustered yield pass counts such a deal.
    /// </summary>
    internal static int[] ClusterIds(DealSet deals, out int clusters)
    {
        int n = deals.Count;
        var cluster = new int[n];
        deals.Accounts.CopyCodesTo(cluster);
        int next = deals.Accounts.LevelArray.Length;
        for (int i = 0; i < n; i++)
        {
            if (cluster[i] < 0) cluster[i] = next++;
        }
        clusters = next;
        return cluster;
    }

    /// <summary>The fixed number of account partitions of the clustered pass (fixed, so results do not depend on the cores).</summary>
    private const int Partitions = 4;

    /// <summary>Per-(group, account) cell fields: deals, won, Σ y, deals with hours, Σ y and Σ hours over deals with hours.</summary>
    private const int CellN = 0, CellWon = 1, CellY = 2, CellNh = 3, CellYh = 4, CellH = 5, CellStride = 6;

    /// <summary>A dense first-group cell: the cell fields, then the group + 1 (0 before the account's first deal), padded to 64 bytes.</summary>
    private const int CellGroup = 6, PrimaryStride = 8;

    private const int ChunkSize = 1 << 16;

    /// <summary>Sums the statistics of each group; <paramref name="groupOf"/> holds each deal's group (by position), -1 to skip.</summary>
    internal static double[] Accumulate(DealSet deals, int[] groupOf, int groups, int maxDegreeOfParallelism = 0)
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
            Parallel.For(0, chunks, Parallelism.Options(maxDegreeOfParallelism), c =>
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
        var columns = new DealColumns(deals);
        for (int i = start; i < end; i++)
        {
            int g = groupOf[i];
            if (g < 0) continue;
            columns.Add(acc, g * Stride, i, out _, out _);
        }
    }

    /// <summary>
    /// Sums the statistics of each group as <see cref="Accumulate"/> does, plus the account-cluster moments of each group
    /// (<see cref="Accounts"/> … <see cref="SumHa2"/>); <paramref name="whole"/> receives the account-cluster moments of
    /// all deals with a group (each account's deals summed across groups). One pass over the deals: each of a fixed
    /// number of account partitions (contiguous account ranges) is summed on its own core, then merged in partition
    /// order. Each account's first group has a dense cell (one memory access per deal when, as usual, segments are
    /// account attributes); its deals in other groups go to a hash table of (group, account) cells.
    /// </summary>
    internal static double[] AccumulateClustered(DealSet deals, int[] groupOf, int groups, out double[] whole, int maxDegreeOfParallelism = 0)
    {
        int n = deals.Count;
        var account = new int[n];
        deals.Accounts.CopyCodesTo(account);
        int accounts = deals.Accounts.LevelArray.Length;
        var partial = new double[Partitions][];
        var partialWhole = new double[Partitions][];
        // Each account's first-group cell: the cell sums, then group + 1 (0: no deal yet). Written only by the partition
        // owning the account (contiguous ranges, so partitions do not share cache lines but at their edges).
        var primary = new double[(long)accounts * PrimaryStride];
        // Deal positions bucketed by partition (stable, so each partition reads its deals in ascending order).
        var start = new int[Partitions + 1];
        for (int i = 0; i < n; i++) start[PartitionOf(account[i], i, accounts) + 1]++;
        for (int p = 0; p < Partitions; p++) start[p + 1] += start[p];
        var order = new int[n];
        var next = new int[Partitions];
        Array.Copy(start, next, Partitions);
        for (int i = 0; i < n; i++) order[next[PartitionOf(account[i], i, accounts)]++] = i;
        Parallel.For(0, Partitions, Parallelism.Options(maxDegreeOfParallelism), p =>
        {
            var acc = new double[groups * Stride];
            var wholeAcc = new double[Stride];
            // Accounts a with ⌊a·P / A⌋ = p, as PartitionOf assigns them: a from ⌈A·p / P⌉ to before ⌈A·(p + 1) / P⌉.
            int firstAccount = (int)(((long)accounts * p + Partitions - 1) / Partitions);
            int endAccount = (int)(((long)accounts * (p + 1) + Partitions - 1) / Partitions);
            var others = new CellTable();
            AccumulatePartition(deals, groupOf, account, order.AsSpan(start[p], start[p + 1] - start[p]), primary, others, acc, wholeAcc);
            // Cells → per-group cluster moments: first-group cells in account order, then the others in first-seen order.
            for (int a = firstAccount; a < endAccount; a++)
            {
                ReadOnlySpan<double> cell = primary.AsSpan(a * PrimaryStride, PrimaryStride);
                if (cell[CellGroup] > 0) AddClusterMoments(acc, ((int)cell[CellGroup] - 1) * Stride, cell);
            }
            for (int c = 0; c < others.Count; c++)
            {
                ReadOnlySpan<double> cell = others.Data.AsSpan(c * CellStride, CellStride);
                AddClusterMoments(acc, others.Group[c] * Stride, cell);
                // Fold the account's other groups into its first cell, which then holds the account's whole-set sums.
                Span<double> first = primary.AsSpan(others.Account[c] * PrimaryStride, CellStride);
                for (int k = 0; k < CellStride; k++) first[k] += cell[k];
            }
            for (int a = firstAccount; a < endAccount; a++)
            {
                ReadOnlySpan<double> cell = primary.AsSpan(a * PrimaryStride, PrimaryStride);
                if (cell[CellGroup] > 0) AddClusterMoments(wholeAcc, 0, cell);
            }
            partial[p] = acc;
            partialWhole[p] = wholeAcc;
        });
        double[] total = partial[0];
        whole = partialWhole[0];
        for (int p = 1; p < Partitions; p++)
        {
            for (int k = 0; k < total.Length; k++) total[k] += partial[p][k];
            for (int k = 0; k < Stride; k++) whole[k] += partialWhole[p][k];
        }
        return total;
    }

    /// <summary>The deal columns both passes read, and the per-deal sums they share.</summary>
    private readonly struct DealColumns(DealSet deals)
    {
        private readonly int[]? _rows = deals.Rows;
        private readonly byte[] _won = deals.WonFlags;
        private readonly double[] _amount = deals.YieldAmount.Data;
        private readonly double[] _revenue = deals.Revenue.Data;
        private readonly double[]? _hours = deals.EffortHours?.Data;
        private readonly double[]? _discount = deals.Discount?.Data;
        private readonly double[]? _cycle = deals.CycleDays?.Data;

        /// <summary>
        /// Adds the deal at position <paramref name="i"/> to the group statistics at <paramref name="o"/>; returns whether it
        /// was won, with its yield <paramref name="y"/> (0 when lost) and hours <paramref name="h"/> (NaN when not recorded).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Add(double[] acc, int o, int i, out double y, out double h)
        {
            int r = _rows is null ? i : _rows[i];
            acc[o + N] += 1;
            y = 0;
            bool won = _won[r] != 0;
            if (won)
            {
                acc[o + Won] += 1;
                double m = _amount[r];
                if (double.IsNaN(m)) acc[o + WonWithoutMargin] += 1;
                else y = m;
                double rev = _revenue[r];
                if (!double.IsNaN(rev)) acc[o + RevenueWon] += rev;
            }
            acc[o + SumY] += y;
            acc[o + SumY2] += y * y;
            h = double.NaN;
            if (_hours is not null)
            {
                h = _hours[r];
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
            if (_discount is not null)
            {
                double d = _discount[r];
                if (!double.IsNaN(d)) { acc[o + Discount] += d; acc[o + DiscountN] += 1; }
            }
            if (_cycle is not null)
            {
                double d = _cycle[r];
                if (!double.IsNaN(d)) { acc[o + Cycle] += d; acc[o + CycleN] += 1; }
            }
            return won;
        }
    }

    /// <summary>The partition of a deal: its account's range, or (no account) its block of 4,096 positions.</summary>
    private static int PartitionOf(int account, int position, int accounts) =>
        account >= 0 ? (int)((long)account * Partitions / accounts) : (position >> 12) & (Partitions - 1);

    private static void AccumulatePartition(DealSet deals, int[] groupOf, int[] account, ReadOnlySpan<int> positions,
        double[] primary, CellTable others, double[] acc, double[] wholeAcc)
    {
        var columns = new DealColumns(deals);
        Span<double> single = stackalloc double[CellStride];
        foreach (int i in positions)
        {
            int g = groupOf[i];
            if (g < 0) continue;
            int a = account[i];
            int o = g * Stride;
            double w = columns.Add(acc, o, i, out double y, out double h) ? 1 : 0;
            if (a < 0)
            {
                // No account: the deal is an account of its own, in its group and in the whole set.
                single.Clear();
                AddToCell(single, y, w, h);
                AddClusterMoments(acc, o, single);
                AddClusterMoments(wholeAcc, 0, single);
                continue;
            }
            Span<double> cell = primary.AsSpan(a * PrimaryStride, PrimaryStride);
            double first = cell[CellGroup];
            if (first == 0) cell[CellGroup] = g + 1;
            else if (first != g + 1)
            {
                // IndexOf may grow the table (a new Data array): look the cell up before taking the span of Data.
                int index = others.IndexOf(g, a);
                cell = others.Data.AsSpan(index * CellStride, CellStride);
            }
            AddToCell(cell, y, w, h);
        }
    }

    private static void AddToCell(Span<double> cell, double y, double w, double h)
    {
        cell[CellN] += 1;
        cell[CellWon] += w;
        cell[CellY] += y;
        if (!double.IsNaN(h))
        {
            cell[CellNh] += 1;
            cell[CellYh] += y;
            cell[CellH] += h;
        }
    }

    private static void AddClusterMoments(double[] acc, int o, ReadOnlySpan<double> cell)
    {
        double n = cell[CellN], w = cell[CellWon], y = cell[CellY];
        acc[o + Accounts] += 1;
        acc[o + SumN2] += n * n;
        acc[o + SumWN] += w * n;
        acc[o + SumW2] += w * w;
        acc[o + SumYN] += y * n;
        acc[o + SumYa2] += y * y;
        if (cell[CellNh] > 0)
        {
            double yh = cell[CellYh], h = cell[CellH];
            acc[o + HourAccounts] += 1;
            acc[o + SumYh2] += yh * yh;
            acc[o + SumYhH] += yh * h;
            acc[o + SumHa2] += h * h;
        }
    }

    /// <summary>
    /// Σ_a (Y_a − ȳ n_a)² over the accounts of a group, ȳ = Σ y / n: the sum of squared account scores of the mean
    /// (margin per deal pursued); equals <see cref="MeanResidualSquares"/> when every account has one deal.
    /// </summary>
    internal static double AccountMeanScoreSquares(ReadOnlySpan<double> s)
    {
        if (s[N] <= 0) return 0;
        double mean = s[SumY] / s[N];
        return Math.Max(0, s[SumYa2] - 2 * mean * s[SumYN] + mean * mean * s[SumN2]);
    }

    /// <summary>Σ_a (W_a − p n_a)² over the accounts of a group, p = won / n: the account scores of the win rate.</summary>
    internal static double AccountWinScoreSquares(ReadOnlySpan<double> s)
    {
        if (s[N] <= 0) return 0;
        double p = s[Won] / s[N];
        return Math.Max(0, s[SumW2] - 2 * p * s[SumWN] + p * p * s[SumN2]);
    }

    /// <summary>Σ_a (Yh_a − R H_a)² over the accounts of a group with hours: the account scores of the ratio R = Σ y / Σ h.</summary>
    internal static double AccountRatioScoreSquares(ReadOnlySpan<double> s, double ratio) =>
        Math.Max(0, s[SumYh2] - 2 * ratio * s[SumYhH] + ratio * ratio * s[SumHa2]);

    /// <summary>Open-addressing map from (group, account) to a cell index, with the cells' sums, groups and accounts (single-threaded).</summary>
    private sealed class CellTable
    {
        private long[] _keys = new long[1024];
        private int[] _values = new int[1024];
        internal double[] Data = new double[256 * CellStride];
        internal int[] Group = new int[256];
        internal int[] Account = new int[256];
        internal int Count;

        internal CellTable() => Array.Fill(_keys, -1L);

        internal int IndexOf(int group, int account)
        {
            long key = ((long)group << 32) | (uint)account;
            int mask = _keys.Length - 1;
            int slot = Slot(key, mask);
            while (true)
            {
                long k = _keys[slot];
                if (k == key) return _values[slot];
                if (k == -1L) break;
                slot = (slot + 1) & mask;
            }
            if (Count == Group.Length)
            {
                Array.Resize(ref Group, Count * 2);
                Array.Resize(ref Account, Count * 2);
                Array.Resize(ref Data, Count * 2 * CellStride);
            }
            int c = Count++;
            Group[c] = group;
            Account[c] = account;
            _keys[slot] = key;
            _values[slot] = c;
            if (Count * 2 > _keys.Length) Grow();
            return c;
        }

        /// <summary>The home slot of a key: Fibonacci hashing (the top 32 bits of key × 2⁶⁴/φ), masked to the table size.</summary>
        private static int Slot(long key, int mask) => (int)((ulong)(key * unchecked((long)0x9E3779B97F4A7C15UL)) >> 32) & mask;

        private void Grow()
        {
            long[] oldKeys = _keys;
            int[] oldValues = _values;
            _keys = new long[oldKeys.Length * 2];
            _values = new int[oldKeys.Length * 2];
            Array.Fill(_keys, -1L);
            int mask = _keys.Length - 1;
            for (int i = 0; i < oldKeys.Length; i++)
            {
                long key = oldKeys[i];
                if (key == -1L) continue;
                int slot = Slot(key, mask);
                while (_keys[slot] != -1L) slot = (slot + 1) & mask;
                _keys[slot] = key;
                _values[slot] = oldValues[i];
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
