using System.Globalization;
using IcpAnalytics.Data;
using IcpAnalytics.Statistics;

namespace IcpAnalytics.Warehouses;

/// <summary>One segment's least-squares fit of margin per opportunity on the efforts, from cross-products summed in the warehouse.</summary>
/// <param name="Segment">The segment in words ("industry = Software"), or "all deals".</param>
/// <param name="Levels">The segment's level of each grouping attribute.</param>
/// <param name="Deals">Deals in the fit (those with every effort and control recorded).</param>
/// <param name="Fit">The fit, with classical inference; null when it cannot be estimated.</param>
/// <param name="NotEstimable">Why the fit cannot be estimated (too few deals, an effort that does not vary), or null.</param>
public sealed record WarehouseRegression(string Segment, IReadOnlyList<string> Levels, long Deals, RegressionFit? Fit, string? NotEstimable);

public sealed partial class WarehouseDeals
{
    /// <summary>
    /// Per segment, the least-squares fit of each deal's margin per opportunity (won × gross margin, 0 when lost) on
    /// log(1 + effort) of each effort and on the numeric controls, as the effects' adjusted model transforms them; the
    /// centred cross-products X'X and X'y are summed in the warehouse (a two-pass GROUP BY: segment means, then centred
    /// products), so only a (p + 1)² matrix per segment travels. Equal to <see cref="LinearRegression"/> on the same rows
    /// within 1e-9 relative. Robust (HC3, clustered) errors need residuals per row: use the effects on <see cref="Load"/>.
    /// </summary>
    /// <param name="efforts">The efforts, e.g. "meetings", "demos".</param>
    /// <param name="controls">Numeric controls taken as they are (e.g. "amount", "discount"); may be empty.</param>
    /// <param name="segmentBy">Attributes to fit per segment of; none fits the whole set.</param>
    /// <param name="cancellationToken">Cancels the statements.</param>
    /// <returns>One fit per segment, in ordinal order of the segment names.</returns>
    /// <exception cref="InvalidOptionsException">An effort, control or attribute is unknown.</exception>
    public IReadOnlyList<WarehouseRegression> EffortRegression(IReadOnlyList<string> efforts, IReadOnlyList<string> controls,
        IReadOnlyList<string> segmentBy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(efforts);
        ArgumentNullException.ThrowIfNull(controls);
        ArgumentNullException.ThrowIfNull(segmentBy);
        var problems = new List<string>();
        if (efforts.Count == 0) problems.Add("Name at least one effort, e.g. EffortRegression([\"meetings\"], [], [\"industry\"]).");
        NumericField[] numeric = Schema.Load.NumericFields;
        int Numeric(string name, bool effort)
        {
            for (int k = 0; k < numeric.Length; k++)
            {
                if (string.Equals(numeric[k].Name, name, StringComparison.OrdinalIgnoreCase) && (!effort || numeric[k].Role == NumericRole.Effort)) return k;
            }
            problems.Add(effort
                ? $"The deals have no effort '{name}'. Efforts: {string.Join(", ", numeric.Where(f => f.Role == NumericRole.Effort).Select(f => f.Name))}."
                : $"The deals have no numeric column '{name}'. Numeric columns: {string.Join(", ", numeric.Select(f => f.Name))}.");
            return -1;
        }
        int[] e = [.. efforts.Select(n => Numeric(n, true))];
        int[] c = [.. controls.Select(n => Numeric(n, false))];
        var groups = new List<(WarehouseAttribute Attribute, int Index)>();
        foreach (string name in segmentBy)
        {
            int at = FindAttribute(name);
            if (at < 0) problems.Add(MissingAttribute(name));
            else groups.Add((Schema.Attributes[at], at));
        }
        if (problems.Count > 0) throw new InvalidOptionsException(problems);
        Check(cancellationToken);

        string dbl = Dialect.DoubleType;
        int kg = groups.Count;
        var z = new List<string>();
        foreach (int k in e) z.Add(Dialect.Log1p(DealQuery.NumericAlias(k)));
        foreach (int k in c) z.Add(DealQuery.NumericAlias(k));
        z.Add("y");
        int q = z.Count;
        string keys = string.Join(", ", Enumerable.Range(0, kg).Select(j => "g" + J(j)));
        string keyPrefix = kg == 0 ? "" : keys + ", ";
        var s = new SqlStatement(Dialect);
        var query = new DealQuery(Dialect, Schema);
        query.AppendCommon(s, more: true);
        query.AppendDeals(s, more: true);
        s.Append("z AS (SELECT ");
        for (int j = 0; j < kg; j++) s.Append(DealQuery.LevelAlias(groups[j].Index)).Append(" AS g").Append(J(j)).Append(", ");
        s.Append(string.Join(", ", z.Select((x, j) => $"{x} AS z{J(j)}")));
        s.Append(" FROM d WHERE ").Append(string.Join(" AND ", e.Concat(c).Select(k => DealQuery.NumericAlias(k) + " IS NOT NULL").DefaultIfEmpty("1 = 1")));
        s.Append("), m AS (SELECT ").Append(keyPrefix).Append("COUNT(*) AS n, ")
            .Append(string.Join(", ", Enumerable.Range(0, q).Select(j => $"AVG(z{J(j)}) AS m{J(j)}"))).Append(" FROM z")
            .Append(kg == 0 ? "" : " GROUP BY " + keys).Append(") SELECT ");
        for (int j = 0; j < kg; j++) s.Append("m.g").Append(J(j)).Append(", ");
        s.Append("CAST(m.n AS ").Append(dbl).Append(')');
        for (int j = 0; j < q; j++) s.Append(", CAST(m.m").Append(J(j)).Append(" AS ").Append(dbl).Append(')');
        for (int a = 0; a < q; a++)
        {
            for (int b = a; b < q; b++)
                s.Append(", CAST(SUM((z.z").Append(J(a)).Append(" - m.m").Append(J(a)).Append(") * (z.z").Append(J(b)).Append(" - m.m").Append(J(b)).Append(")) AS ").Append(dbl).Append(')');
        }
        s.Append(" FROM z ").Append(kg == 0 ? "CROSS JOIN m" : "JOIN m ON " + string.Join(" AND ", Enumerable.Range(0, kg).Select(j => Dialect.NullSafeEquals("z.g" + J(j), "m.g" + J(j)))));
        s.Append(" GROUP BY ");
        var groupBy = Enumerable.Range(0, kg).Select(j => "m.g" + J(j)).Append("m.n").Concat(Enumerable.Range(0, q).Select(j => "m.m" + J(j)));
        s.Append(string.Join(", ", groupBy));

        var rows = new List<(string?[] Key, long N, double[] Means, double[] Moments)>();
        Run("summing the effort regressions' cross-products", s, r =>
        {
            while (r.Read())
            {
                var key = new string?[kg];
                for (int j = 0; j < kg; j++) key[j] = r.IsDBNull(j) ? null : r.GetValue(j).ToString();
                int col = kg;
                long n = (long)r.GetDouble(col++);
                var means = new double[q];
                for (int j = 0; j < q; j++) means[j] = r.GetDouble(col++);
                var moments = new double[q * q];
                for (int a = 0; a < q; a++)
                {
                    for (int b = a; b < q; b++)
                    {
                        double v = r.IsDBNull(col) ? 0 : r.GetDouble(col);
                        col++;
                        moments[a * q + b] = v;
                        moments[b * q + a] = v;
                    }
                }
                rows.Add((key, n, means, moments));
            }
        }, cancellationToken);
        rows.Sort((a, b) => CompareKeys(a.Key, b.Key));
        string[] names = [.. efforts.Select(n => "log1p(" + n + ")"), .. controls];
        var result = new List<WarehouseRegression>(rows.Count);
        foreach ((string?[] key, long n, double[] means, double[] moments) in rows)
        {
            string[] levels = [.. key.Select(k => k ?? Segments.SegmentYieldExtensions.UnknownLevel)];
            string label = kg == 0 ? "all deals" : string.Join(" and ", groups.Select((g, a) => Segments.SegmentYieldExtensions.ConditionText(g.Attribute.Name, levels[a], g.Attribute.BandEdges is not null)));
            string? why = null;
            for (int j = 0; j < efforts.Count && why is null; j++)
            {
                if (!(moments[j * q + j] > 0)) why = $"{efforts[j]} does not vary in this segment";
            }
            if (why is null && n <= q) why = string.Create(CultureInfo.InvariantCulture, $"only {n} deals for {q} parameters");
            RegressionFit? fit = null;
            if (why is null)
            {
                try
                {
                    fit = CrossProducts.FromMoments(n, means, moments).Solve(new RegressionOptions(), names);
                }
                catch (ModelFitException ex)
                {
                    why = ex.Message;
                }
            }
            result.Add(new WarehouseRegression(label, levels, n, fit, why));
        }
        return result;
    }
}
