namespace IcpAnalytics.Statistics;

/// <summary>Deterministic K-fold splitting for cross-validation and cross-fitting.</summary>
public static class KFold
{
    /// <summary>The seed used when none is given.</summary>
    public const int DefaultSeed = 20_240_101;

    /// <summary>
    /// Assigns each of <paramref name="rows"/> rows to one of <paramref name="folds"/> folds of near-equal size, at random
    /// but reproducibly from <paramref name="seed"/>. With <paramref name="groups"/> (e.g. account codes), every row of a
    /// group lands in the same fold, so one account never sits on both sides of a split; groups are dealt to the
    /// currently smallest fold in a seeded random order.
    /// </summary>
    /// <param name="rows">The number of rows, at least <paramref name="folds"/>.</param>
    /// <param name="folds">The number of folds, at least 2.</param>
    /// <param name="seed">The random seed. The default is <see cref="DefaultSeed"/>.</param>
    /// <param name="groups">Optional group code per row (≥ 0); empty for no grouping.</param>
    /// <returns>The fold (0 … folds − 1) of each row.</returns>
    public static int[] Split(int rows, int folds, int seed = DefaultSeed, ReadOnlySpan<int> groups = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        if (rows < folds)
            throw new ArgumentOutOfRangeException(nameof(rows), rows, $"{rows} rows cannot be split into {folds} folds; use at most {rows} folds.");
        var rng = new Random(seed);
        var fold = new int[rows];
        if (groups.IsEmpty)
        {
            var order = new int[rows];
            for (int i = 0; i < rows; i++) order[i] = i;
            rng.Shuffle(order);
            for (int position = 0; position < rows; position++) fold[order[position]] = position % folds;
            return fold;
        }
        if (groups.Length != rows)
            throw new ArgumentException($"There are {groups.Length} group codes for {rows} rows; give one per row.", nameof(groups));
        int groupCount = 0;
        foreach (int g in groups)
        {
            if (g < 0) throw new ArgumentException("Group codes must be 0 or more; give missing groups a code of their own.", nameof(groups));
            if (g >= groupCount) groupCount = g + 1;
        }
        var size = new int[groupCount];
        foreach (int g in groups) size[g]++;
        var present = new List<int>(groupCount);
        for (int g = 0; g < groupCount; g++)
        {
            if (size[g] > 0) present.Add(g);
        }
        if (present.Count < folds)
            throw new ArgumentException($"Only {present.Count} groups for {folds} folds; every fold needs at least one group. Use fewer folds or no grouping.", nameof(groups));
        int[] shuffled = [.. present];
        rng.Shuffle(shuffled);
        var groupFold = new int[groupCount];
        var foldSize = new long[folds];
        for (int i = 0; i < shuffled.Length; i++)
        {
            int g = shuffled[i];
            int best = 0;
            // The first `folds` groups seed one fold each; then the smallest fold takes the next group.
            if (i < folds) best = i;
            else
            {
                for (int f = 1; f < folds; f++)
                {
                    if (foldSize[f] < foldSize[best]) best = f;
                }
            }
            groupFold[g] = best;
            foldSize[best] += size[g];
        }
        for (int i = 0; i < rows; i++) fold[i] = groupFold[groups[i]];
        return fold;
    }
}
