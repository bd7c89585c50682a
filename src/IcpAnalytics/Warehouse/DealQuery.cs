using System.Globalization;
using IcpAnalytics.Data;

namespace IcpAnalytics.Warehouses;

/// <summary>
/// Generates the common table expressions every pushed-down statement starts with: <c>src</c> projects the mapped columns
/// (quoted names taken from the table's own schema) under internal aliases; <c>cls</c> classifies each row exactly as the
/// loader does — status 0 a closed deal that loads, 1 an open deal set aside, 2 and up the reason the loader would reject
/// the row — and derives the per-deal values the sums need (won, yield, won revenue, hours, discount, cycle days, the
/// account and each attribute's level as text).
/// </summary>
internal sealed class DealQuery
{
    internal const int Loaded = 0, Open = 1, OutcomeEmpty = 2, OutcomeUnknown = 3, DealIdEmpty = 4, FirstNumeric = 10;

    private readonly SqlDialect _d;
    private readonly WarehouseSchema _schema;

    internal DealQuery(SqlDialect dialect, WarehouseSchema schema)
    {
        _d = dialect;
        _schema = schema;
    }

    private static string Col(int ordinal) => "c" + ordinal.ToString(CultureInfo.InvariantCulture);

    /// <summary>The alias of a numeric field's value in <c>cls</c>.</summary>
    internal static string NumericAlias(int k) => "x" + k.ToString(CultureInfo.InvariantCulture);

    /// <summary>The alias of an attribute's level in <c>cls</c>.</summary>
    internal static string LevelAlias(int k) => "a" + k.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Appends <c>WITH src AS (…), cls AS (…), st AS (…)</c> (and a trailing comma when more CTEs follow). With a
    /// <paramref name="prefix"/> the names are prefixed and the WITH keyword is left to the caller (CTEs nested in another
    /// statement's); with <paramref name="dates"/> <c>cls</c> also holds the close and created dates as DATE (<c>cd</c>, <c>crd</c>).
    /// </summary>
    internal void AppendCommon(SqlStatement s, bool more, string prefix = "", bool dates = false)
    {
        LoadSchema schema = _schema.Load;
        string dbl = _d.DoubleType;
        s.Append(prefix.Length == 0 ? "WITH " : "").Append(prefix).Append("src AS (SELECT ");
        var used = schema.UsedOrdinals();
        for (int i = 0; i < used.Count; i++)
        {
            if (i > 0) s.Append(", ");
            s.Append(_d.Quote(_schema.Columns[used[i]])).Append(" AS ").Append(Col(used[i]));
        }
        s.Append(" FROM ");
        _schema.From(s);
        s.Append(" AS t0), ").Append(prefix).Append("cls AS (SELECT ");

        // Outcome.
        string o = Col(schema.Outcome.Ordinal);
        Type outcomeType = _schema.Types[schema.Outcome.Ordinal];
        string won, lost, missing, open;
        if (outcomeType == typeof(bool))
        {
            won = $"{o} = TRUE";
            lost = $"{o} = FALSE";
            missing = $"{o} IS NULL";
            open = "1 = 0";
        }
        else if (WarehouseSchema.IsNumeric(outcomeType))
        {
            won = $"{o} = 1";
            lost = $"{o} = 0";
            missing = $"{o} IS NULL";
            open = "1 = 0";
        }
        else
        {
            // Labels compare trimmed and case-insensitively; a label in several lists is won before lost before open, as in the loader.
            string label = $"LOWER({_d.CategoryText(o)})";
            won = $"{label} IN ({Labels(s, _schema.Won)})";
            lost = $"{label} IN ({Labels(s, _schema.Lost)})";
            open = $"{label} IN ({Labels(s, _schema.OpenLabels)})";
            missing = $"{_d.CategoryText(o)} IS NULL";
        }
        s.Append("CASE WHEN ").Append(missing).Append(" THEN ").Append(OutcomeEmpty.ToString(CultureInfo.InvariantCulture))
            .Append(" WHEN ").Append(won).Append(" THEN -1")
            .Append(" WHEN ").Append(lost).Append(" THEN -2")
            .Append(" WHEN ").Append(open).Append(" THEN ").Append(Open.ToString(CultureInfo.InvariantCulture))
            .Append(" ELSE ").Append(OutcomeUnknown.ToString(CultureInfo.InvariantCulture)).Append(" END AS oc");

        NumericField[] numeric = schema.NumericFields;
        for (int k = 0; k < numeric.Length; k++)
            s.Append(", ").Append(NumericValue(numeric[k], schema)).Append(" AS ").Append(NumericAlias(k));
        s.Append(", ").Append(schema.Account is null ? "CAST(NULL AS " + _d.TextType + ")" : _d.CategoryText(Col(schema.Account.Ordinal))).Append(" AS acct");
        s.Append(", ").Append(schema.DealId is null ? "CAST(NULL AS " + _d.TextType + ")" : _d.CategoryText(Col(schema.DealId.Ordinal))).Append(" AS id");
        for (int k = 0; k < _schema.Attributes.Count; k++)
        {
            WarehouseAttribute a = _schema.Attributes[k];
            s.Append(", ");
            if (a.BandEdges is null) s.Append(_d.CategoryText(Col(a.Ordinal)));
            else
            {
                string v = $"CAST({Col(a.Ordinal)} AS {dbl})";
                string[] labels = Banding.Labels(a.BandEdges);
                s.Append("CASE WHEN ").Append(v).Append(" IS NULL THEN NULL");
                for (int b = 0; b < a.BandEdges.Length; b++)
                    s.Append(" WHEN ").Append(v).Append(" < ").Append(s.Parameter(a.BandEdges[b])).Append(" THEN ").Append(s.Parameter(labels[b]));
                s.Append(" ELSE ").Append(s.Parameter(labels[^1])).Append(" END");
            }
            s.Append(" AS ").Append(LevelAlias(k));
        }
        if (dates)
        {
            s.Append(", ").Append(schema.ClosedDate is null ? "CAST(NULL AS DATE)" : $"CAST({Col(schema.ClosedDate.Ordinal)} AS DATE)").Append(" AS cd");
            s.Append(", ").Append(schema.CreatedDate is null ? "CAST(NULL AS DATE)" : $"CAST({Col(schema.CreatedDate.Ordinal)} AS DATE)").Append(" AS crd");
        }
        s.Append(" FROM ").Append(prefix).Append("src), ").Append(prefix).Append("st AS (SELECT ").Append(prefix).Append("cls.*, CASE WHEN oc >= 0 THEN oc");
        for (int k = 0; k < numeric.Length; k++)
        {
            NumericField f = numeric[k];
            string x = NumericAlias(k);
            int code = FirstNumeric + 3 * k;
            if (f.Role == NumericRole.Revenue)
                s.Append(" WHEN ").Append(x).Append(" IS NULL THEN ").Append(code.ToString(CultureInfo.InvariantCulture));
            s.Append(" WHEN ").Append(x).Append(" IS NOT NULL AND NOT ").Append(_d.IsFinite(x)).Append(" THEN ").Append((code + 1).ToString(CultureInfo.InvariantCulture));
            if (f.MustBeNonNegative)
                s.Append(" WHEN ").Append(x).Append(" < 0 THEN ").Append((code + 2).ToString(CultureInfo.InvariantCulture));
        }
        if (schema.DealId is not null) s.Append(" WHEN id IS NULL THEN ").Append(DealIdEmpty.ToString(CultureInfo.InvariantCulture));
        s.Append(" ELSE 0 END AS status FROM ").Append(prefix).Append("cls)");
        if (more) s.Append(", ");
    }

    /// <summary>The per-deal values of the loaded deals (status 0), as the CTE <c>d</c>: w, y, rw, wm, h, disc, cyc, acct, a0 … and x0 ….</summary>
    internal void AppendDeals(SqlStatement s, bool more)
    {
        LoadSchema schema = _schema.Load;
        string dbl = _d.DoubleType;
        int revenue = _schema.NumericIndex(NumericRole.Revenue);
        int margin = _schema.NumericIndex(NumericRole.Margin);
        int hours = _schema.NumericIndex(NumericRole.EffortHours);
        int discount = _schema.NumericIndex(NumericRole.Discount);
        int cycle = _schema.NumericIndex(NumericRole.CycleDays);
        string yieldAmount = NumericAlias(margin >= 0 ? margin : revenue);
        string Or(int k) => k >= 0 ? NumericAlias(k) : $"CAST(NULL AS {dbl})";
        s.Append("d AS (SELECT CAST(CASE WHEN oc = -1 THEN 1 ELSE 0 END AS ").Append(dbl).Append(") AS w")
            .Append(", CASE WHEN oc = -1 THEN COALESCE(").Append(yieldAmount).Append(", 0) ELSE CAST(0 AS ").Append(dbl).Append(") END AS y")
            .Append(", CASE WHEN oc = -1 THEN ").Append(NumericAlias(revenue)).Append(" ELSE CAST(0 AS ").Append(dbl).Append(") END AS rw")
            .Append(", CAST(CASE WHEN oc = -1 AND ").Append(yieldAmount).Append(" IS NULL THEN 1 ELSE 0 END AS ").Append(dbl).Append(") AS wm")
            .Append(", ").Append(Or(hours)).Append(" AS h, ").Append(Or(discount)).Append(" AS disc, ").Append(Or(cycle)).Append(" AS cyc, acct");
        for (int k = 0; k < _schema.Attributes.Count; k++) s.Append(", ").Append(LevelAlias(k));
        for (int k = 0; k < schema.NumericFields.Length; k++) s.Append(", ").Append(NumericAlias(k));
        s.Append(" FROM st WHERE status = 0)");
        if (more) s.Append(", ");
    }

    /// <summary>
    /// A numeric field's value as a double: its column, or a derived one as the loader derives it (cycle days as the close
    /// date minus the created date, NULL when either is missing; 1 per deal for the revenue of an export without amounts).
    /// </summary>
    private string NumericValue(NumericField f, LoadSchema schema)
    {
        string dbl = _d.DoubleType;
        if (f.Ordinal >= 0) return $"CAST({Col(f.Ordinal)} AS {dbl})";
        if (f.Role == NumericRole.CycleDays && schema.ClosedDate is not null && schema.CreatedDate is not null)
            return $"CAST({_d.DaysBetween($"CAST({Col(schema.ClosedDate.Ordinal)} AS DATE)", $"CAST({Col(schema.CreatedDate.Ordinal)} AS DATE)")} AS {dbl})";
        if (f.Role == NumericRole.Revenue) return $"CAST(1 AS {dbl})";
        return $"CAST(NULL AS {dbl})";
    }

    private static string Labels(SqlStatement s, IReadOnlyList<string> labels)
    {
        if (labels.Count == 0) return "NULL";
        return string.Join(", ", labels.Select(l => s.Parameter(l.Trim().ToLowerInvariant())));
    }
}
