namespace IcpAnalytics.Data;

/// <summary>
/// A numeric column of a <see cref="DealSet"/> (revenue, gross margin, an effort count, a numeric account attribute).
/// Missing values read as <see cref="double.NaN"/>; every other value is finite, as loading guarantees.
/// A column of a filtered deal set is a view over the same storage, not a copy.
/// </summary>
public sealed class NumericColumn
{
    internal NumericColumn(string name, double[] data, int[]? rows)
    {
        Name = name;
        Data = data;
        Rows = rows;
    }

    /// <summary>The column's name, as the deals were loaded (e.g. "meetings").</summary>
    public string Name { get; }

    /// <summary>The shared storage, indexed by physical row.</summary>
    internal double[] Data { get; }

    /// <summary>The physical rows of this view, or null when the view covers all rows in order.</summary>
    internal int[]? Rows { get; }

    /// <summary>The number of deals in the column.</summary>
    public int Count => Rows?.Length ?? Data.Length;

    /// <summary>The value for the deal at <paramref name="index"/>; <see cref="double.NaN"/> when missing.</summary>
    /// <param name="index">The deal's position in the deal set, from 0.</param>
    public double this[int index] => Data[Rows is null ? index : Rows[index]];

    /// <summary>Whether the value for the deal at <paramref name="index"/> is missing.</summary>
    /// <param name="index">The deal's position in the deal set, from 0.</param>
    public bool IsMissing(int index) => double.IsNaN(this[index]);

    /// <summary>The number of missing values.</summary>
    public int MissingCount
    {
        get
        {
            int missing = 0;
            for (int i = 0; i < Count; i++)
            {
                if (double.IsNaN(this[i])) missing++;
            }
            return missing;
        }
    }

    /// <summary>Copies the values, in deal order, into <paramref name="destination"/> (missing as NaN).</summary>
    /// <param name="destination">A span at least <see cref="Count"/> long.</param>
    public void CopyTo(Span<double> destination)
    {
        if (destination.Length < Count)
            throw new ArgumentException($"The destination holds {destination.Length} values; the column has {Count}.", nameof(destination));
        if (Rows is null)
        {
            Data.AsSpan().CopyTo(destination);
            return;
        }
        double[] data = Data;
        int[] rows = Rows;
        for (int i = 0; i < rows.Length; i++) destination[i] = data[rows[i]];
    }

    /// <summary>The values in deal order as a new array (missing as NaN).</summary>
    public double[] ToArray()
    {
        var result = new double[Count];
        CopyTo(result);
        return result;
    }

    /// <summary>The sum of the non-missing values.</summary>
    public double Sum()
    {
        double sum = 0;
        for (int i = 0; i < Count; i++)
        {
            double v = this[i];
            if (!double.IsNaN(v)) sum += v;
        }
        return sum;
    }

    internal NumericColumn WithRows(int[]? rows) => new(Name, Data, rows);

    /// <summary>A short description such as "meetings: numeric, 10,000 deals, 12 missing".</summary>
    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Name}: numeric, {Count:N0} deals, {MissingCount:N0} missing");
}
