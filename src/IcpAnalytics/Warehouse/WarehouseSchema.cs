using IcpAnalytics.Data;

namespace IcpAnalytics.Warehouses;

/// <summary>An attribute the pushed-down statements can group by: a text column, or a numeric column with explicit band edges.</summary>
internal sealed record WarehouseAttribute(string Name, int Ordinal, double[]? BandEdges);

/// <summary>
/// The table's columns and types as the warehouse reports them (a probe that returns no rows), and which column plays which
/// part of a deal, resolved by the same code as for a CSV. Only names found here are ever put into SQL, quoted.
/// </summary>
internal sealed class WarehouseSchema
{
    internal required IReadOnlyList<string> Columns { get; init; }
    internal required Type[] Types { get; init; }
    internal required LoadSchema Load { get; init; }
    internal required IReadOnlyList<WarehouseAttribute> Attributes { get; init; }
    internal required IReadOnlyList<string> Won { get; init; }
    internal required IReadOnlyList<string> Lost { get; init; }
    internal required IReadOnlyList<string> OpenLabels { get; init; }
    internal required Action<SqlStatement> From { get; init; }
    internal required string Source { get; init; }

    internal int NumericIndex(NumericRole role)
    {
        for (int k = 0; k < Load.NumericFields.Length; k++)
        {
            if (Load.NumericFields[k].Role == role) return k;
        }
        return -1;
    }

    internal static bool IsNumeric(Type t) =>
        t == typeof(double) || t == typeof(float) || t == typeof(decimal) || t == typeof(int) || t == typeof(long) ||
        t == typeof(short) || t == typeof(byte) || t == typeof(sbyte) || t == typeof(ushort) || t == typeof(uint) ||
        t == typeof(ulong) || t == typeof(System.Numerics.BigInteger) || t == typeof(Half) || t == typeof(Int128) || t == typeof(UInt128);

    internal static bool IsDate(Type t) => t == typeof(DateTime) || t == typeof(DateOnly) || t == typeof(DateTimeOffset);

    /// <summary>Resolves the map on the columns; numeric parts must be numeric columns for the sums to be pushed down.</summary>
    internal static WarehouseSchema Resolve(IReadOnlyList<string> columns, Type[] types, DealColumnMap map, DealLoadOptions options,
        Action<SqlStatement> from, string source)
    {
        LoadSchema load = DealLoader.ResolveColumns(columns, source, map);
        foreach (NumericField f in load.NumericFields)
        {
            if (f.Ordinal >= 0 && !IsNumeric(types[f.Ordinal]))
                throw new DealDataException(
                    $"{source}, column '{f.Name}': the {f.RoleName} column has the warehouse type {TypeName(types[f.Ordinal])}, not a number, so its sums cannot be computed in the warehouse. Cast it to a numeric type in a view, or pull the deals with Load(), which parses text as a CSV's.",
                    LoadReport.NothingRead(source), source, 0, f.Name);
        }
        var attributes = new List<WarehouseAttribute>();
        foreach (SourceField f in load.CategoricalAttributes) attributes.Add(new WarehouseAttribute(f.Name, f.Ordinal, null));
        foreach (NumericField f in load.NumericFields)
        {
            if (f.Role == NumericRole.Attribute && f.BandEdges is not null) attributes.Add(new WarehouseAttribute(f.Name, f.Ordinal, f.BandEdges));
        }
        foreach (SourceField f in load.InferredAttributes)
        {
            if (f.Ordinal >= 0 && !IsNumeric(types[f.Ordinal])) attributes.Add(new WarehouseAttribute(f.Name, f.Ordinal, null));
        }
        return new WarehouseSchema
        {
            Columns = columns,
            Types = types,
            Load = load,
            Attributes = attributes,
            Won = map.WonLabels ?? options.WonLabels,
            Lost = map.LostLabels ?? options.LostLabels,
            OpenLabels = map.OpenLabels ?? options.OpenLabels,
            From = from,
            Source = source,
        };
    }

    internal static string TypeName(Type t) => t == typeof(string) ? "text" : t.Name;
}
