using System.Globalization;

namespace IcpAnalytics.Data;

/// <summary>
/// A categorical column of a <see cref="DealSet"/> (industry, region, rep, account, or a numeric attribute cut into bands).
/// Values are dictionary-encoded: each deal holds the code of its level, or -1 when the value is missing.
/// A column of a filtered deal set is a view over the same storage, not a copy.
/// </summary>
public sealed class CategoricalColumn
{
    private Dictionary<string, int>? _levelIndex;

    internal CategoricalColumn(string name, int[] codes, string[] levels, int[]? rows, double[]? bandEdges = null)
    {
        Name = name;
        Codes = codes;
        LevelArray = levels;
        Rows = rows;
        BandEdgeArray = bandEdges;
    }

    /// <summary>The column's name (e.g. "industry").</summary>
    public string Name { get; }

    internal int[] Codes { get; }

    internal string[] LevelArray { get; }

    internal int[]? Rows { get; }

    /// <summary>The distinct values, in code order. Filtering a deal set keeps every level, seen in the view or not.</summary>
    public IReadOnlyList<string> Levels => LevelArray;

    /// <summary>
    /// For a numeric attribute cut into bands, the band edges in ascending order: band 0 is below the first edge,
    /// band k holds values from edge k-1 (inclusive) to edge k (exclusive), the last band is at or above the last edge.
    /// Null for a column that was categorical from the start.
    /// </summary>
    public IReadOnlyList<double>? BandEdges => BandEdgeArray;

    internal double[]? BandEdgeArray { get; }

    /// <summary>Whether this column holds bands of a numeric attribute.</summary>
    public bool IsBanded => BandEdges is not null;

    /// <summary>The number of deals in the column.</summary>
    public int Count => Rows?.Length ?? Codes.Length;

    /// <summary>The level code of the deal at <paramref name="index"/>, or -1 when missing.</summary>
    /// <param name="index">The deal's position in the deal set, from 0.</param>
    public int GetCode(int index) => Codes[Rows is null ? index : Rows[index]];

    /// <summary>The value of the deal at <paramref name="index"/>, or null when missing.</summary>
    /// <param name="index">The deal's position in the deal set, from 0.</param>
    public string? this[int index]
    {
        get
        {
            int code = GetCode(index);
            return code < 0 ? null : LevelArray[code];
        }
    }

    /// <summary>Whether the value of the deal at <paramref name="index"/> is missing.</summary>
    /// <param name="index">The deal's position in the deal set, from 0.</param>
    public bool IsMissing(int index) => GetCode(index) < 0;

    /// <summary>The number of missing values.</summary>
    public int MissingCount
    {
        get
        {
            int missing = 0;
            for (int i = 0; i < Count; i++)
            {
                if (GetCode(i) < 0) missing++;
            }
            return missing;
        }
    }

    /// <summary>The code of <paramref name="level"/> (ordinal comparison), or -1 when the column has no such level.</summary>
    /// <param name="level">A level such as "Software".</param>
    public int FindLevel(string level)
    {
        ArgumentNullException.ThrowIfNull(level);
        _levelIndex ??= BuildIndex(LevelArray);
        return _levelIndex.TryGetValue(level, out int code) ? code : -1;
    }

    /// <summary>For a banded column, the code of the band that holds <paramref name="value"/>; -1 for NaN.</summary>
    /// <param name="value">A value of the numeric attribute, e.g. an account's employee count.</param>
    /// <exception cref="InvalidOperationException">The column is not banded.</exception>
    public int BandOf(double value)
    {
        if (BandEdges is null)
            throw new InvalidOperationException($"Column '{Name}' is categorical, not a banded numeric attribute; look its values up with FindLevel.");
        return double.IsNaN(value) ? -1 : Banding.BandIndex(BandEdges, value);
    }

    /// <summary>Copies the level codes, in deal order, into <paramref name="destination"/> (-1 for missing).</summary>
    /// <param name="destination">A span at least <see cref="Count"/> long.</param>
    public void CopyCodesTo(Span<int> destination)
    {
        if (destination.Length < Count)
            throw new ArgumentException($"The destination holds {destination.Length} values; the column has {Count}.", nameof(destination));
        if (Rows is null)
        {
            Codes.AsSpan().CopyTo(destination);
            return;
        }
        int[] codes = Codes;
        int[] rows = Rows;
        for (int i = 0; i < rows.Length; i++) destination[i] = codes[rows[i]];
    }

    /// <summary>The number of deals at each level, in code order.</summary>
    public int[] CountByLevel()
    {
        var counts = new int[LevelArray.Length];
        for (int i = 0; i < Count; i++)
        {
            int code = GetCode(i);
            if (code >= 0) counts[code]++;
        }
        return counts;
    }

    internal CategoricalColumn WithRows(int[]? rows) => new(Name, Codes, LevelArray, rows, BandEdgeArray);

    private static Dictionary<string, int> BuildIndex(string[] levels)
    {
        var index = new Dictionary<string, int>(levels.Length, StringComparer.Ordinal);
        for (int i = 0; i < levels.Length; i++) index[levels[i]] = i;
        return index;
    }

    /// <summary>A short description such as "industry: categorical, 6 levels, 10,000 deals, 3 missing".</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Name}: {(IsBanded ? "banded numeric" : "categorical")}, {LevelArray.Length} levels, {Count:N0} deals, {MissingCount:N0} missing");
}
