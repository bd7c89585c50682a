namespace IcpAnalytics.Data;

/// <summary>The part of a deal a numeric column plays.</summary>
internal enum NumericRole
{
    Revenue,
    Margin,
    Discount,
    CycleDays,
    EffortHours,
    Effort,
    Attribute,
}

/// <summary>A source column and the name it is loaded under.</summary>
internal sealed record SourceField(string Name, int Ordinal);

/// <summary>A numeric source column, its role, and band edges when it is an attribute cut into bands.</summary>
internal sealed record NumericField(string Name, int Ordinal, NumericRole Role, double[]? BandEdges)
{
    public bool MustBeNonNegative => Role is NumericRole.Revenue or NumericRole.Effort or NumericRole.EffortHours or NumericRole.CycleDays;

    public string RoleName => Role switch
    {
        NumericRole.Revenue => "revenue",
        NumericRole.Margin => "gross margin",
        NumericRole.Discount => "discount",
        NumericRole.CycleDays => "cycle days",
        NumericRole.EffortHours => "effort hours",
        NumericRole.Effort => "effort",
        _ => "attribute",
    };
}

/// <summary>Which source column plays which part of a deal, resolved from a <see cref="DealColumnMap"/> and the column names.</summary>
internal sealed class LoadSchema
{
    public SourceField? DealId { get; init; }
    public SourceField? Account { get; init; }
    public SourceField? Rep { get; init; }
    public SourceField? ClosedDate { get; init; }
    public SourceField? CreatedDate { get; init; }
    public required SourceField Outcome { get; init; }
    public required NumericField[] NumericFields { get; init; }
    public required SourceField[] CategoricalAttributes { get; init; }
    public required SourceField[] InferredAttributes { get; init; }

    /// <summary>Attributes mapped by name that are not in the deals but expected in the accounts data.</summary>
    public required AttributeMapping[] AccountAttributes { get; init; }

    public required List<string> Notes { get; init; }

    public IReadOnlyList<int> UsedOrdinals()
    {
        var used = new SortedSet<int>();
        foreach (SourceField? f in (ReadOnlySpan<SourceField?>)[DealId, Account, Rep, ClosedDate, CreatedDate, Outcome])
        {
            if (f is not null) used.Add(f.Ordinal);
        }
        foreach (NumericField f in NumericFields)
        {
            if (f.Ordinal >= 0) used.Add(f.Ordinal);
        }
        foreach (SourceField f in CategoricalAttributes) used.Add(f.Ordinal);
        foreach (SourceField f in InferredAttributes) used.Add(f.Ordinal);
        return [.. used];
    }
}
