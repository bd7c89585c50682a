using System.Globalization;
using System.Text;

namespace IcpAnalytics.Data;

/// <summary>
/// An immutable, columnar set of closed deals (won and lost): ids, account, rep, close date, outcome, revenue,
/// gross margin, discount, cycle days, named effort columns, effort hours, and categorical and numeric account attributes.
/// Filtering returns a view over the same columns (row indices), never a copy of the data. Thread-safe.
/// </summary>
/// <remarks>
/// Load deals with the loaders (<c>DealSet.FromCsv</c>, <c>DealSet.FromObjects</c>, <c>DealSet.FromDataReader</c>)
/// or generate them with <see cref="SampleDeals"/>.
/// </remarks>
public sealed partial class DealSet
{
    /// <summary>The value <see cref="ClosedDays"/> holds for a deal whose close date is missing.</summary>
    internal const int MissingDay = int.MinValue;

    private readonly string[] _dealIds;
    private readonly int[] _closedDays;
    private readonly byte[] _won;
    private readonly int[]? _rows;
    private int _wonCount = -1;
    private DealSet? _roleRoot;
    private AttributeRoles? _roles;

    internal DealSet(
        string[] dealIds,
        CategoricalColumn accounts,
        CategoricalColumn reps,
        int[] closedDays,
        byte[] won,
        NumericColumn revenue,
        NumericColumn? grossMargin,
        NumericColumn? discount,
        NumericColumn? cycleDays,
        NumericColumn? effortHours,
        NumericColumn[] efforts,
        CategoricalColumn[] categoricalAttributes,
        NumericColumn[] numericAttributes,
        LoadReport loadReport,
        int[]? rows = null)
    {
        _dealIds = dealIds;
        Accounts = accounts;
        Reps = reps;
        _closedDays = closedDays;
        _won = won;
        Revenue = revenue;
        GrossMargin = grossMargin;
        Discount = discount;
        CycleDays = cycleDays;
        EffortHours = effortHours;
        EffortArray = efforts;
        CategoricalArray = categoricalAttributes;
        NumericArray = numericAttributes;
        LoadReport = loadReport;
        _rows = rows;
        Count = rows?.Length ?? dealIds.Length;
    }

    /// <summary>The number of deals.</summary>
    public int Count { get; }

    /// <summary>The account each deal was with (dictionary-encoded account ids).</summary>
    public CategoricalColumn Accounts { get; }

    /// <summary>The rep who owned each deal.</summary>
    public CategoricalColumn Reps { get; }

    /// <summary>Deal amount (revenue if won; the amount pursued if lost). Never missing, never negative.</summary>
    public NumericColumn Revenue { get; }

    /// <summary>Gross margin of each deal, or null when the data has no margin column (yield measures then fall back to revenue).</summary>
    public NumericColumn? GrossMargin { get; }

    /// <summary>Discount given, as a fraction of list price (0.15 = 15%), or null when absent.</summary>
    public NumericColumn? Discount { get; }

    /// <summary>Days from opening to closing the deal, or null when absent.</summary>
    public NumericColumn? CycleDays { get; }

    /// <summary>Total sales effort hours spent on each deal, or null when absent (per-hour measures are then absent, not zero).</summary>
    public NumericColumn? EffortHours { get; }

    /// <summary>Named effort counts (calls, meetings, demos …), in load order.</summary>
    public IReadOnlyList<NumericColumn> Efforts => EffortArray;

    /// <summary>Categorical account attributes (industry, region, banded size …), in load order.</summary>
    public IReadOnlyList<CategoricalColumn> CategoricalAttributes => CategoricalArray;

    /// <summary>Numeric account attributes that were not banded (e.g. employees), in load order.</summary>
    public IReadOnlyList<NumericColumn> NumericAttributes => NumericArray;

    /// <summary>How the deals were loaded: rows read, loaded, open and rejected.</summary>
    public LoadReport LoadReport { get; }

    /// <summary>
    /// The role of every column: account attributes (searched for the ideal customer profile by default), deal attributes ("how we
    /// sell") and excluded columns (ids, dates, outcome leakage, the deal parts), each with its reason. Inferred once on the loaded
    /// deals and shared by every view of them; see <see cref="Data.AttributeRoles"/> for the rules and thresholds.
    /// </summary>
    public AttributeRoles AttributeRoles => _roleRoot is not null ? _roleRoot.AttributeRoles : (_roles ??= AttributeRoleInference.Infer(this, RoleHints));

    /// <summary>What the loader knew about roles (set by the caller, the accounts file's columns, the parts' columns).</summary>
    internal AttributeRoleHints RoleHints { get; init; } = AttributeRoleHints.None;

    /// <summary>The name of the revenue column of deals loaded without amounts (see <see cref="HasRevenue"/>).</summary>
    internal const string UnitRevenueName = "revenue (1 per deal)";

    /// <summary>
    /// Whether the deals carry amounts. False for a lead or MQL export loaded with <see cref="DealColumnMap.WithoutRevenue"/>: then
    /// <see cref="Revenue"/> is 1 for every deal, so every yield is a win rate (margin per opportunity = wins per opportunity) and
    /// every per-hour yield is wins per effort hour; the sections of a report should say so.
    /// </summary>
    public bool HasRevenue => !string.Equals(Revenue.Name, UnitRevenueName, StringComparison.Ordinal);

    /// <summary>Whether the yield measures use revenue because the data has no gross margin.</summary>
    public bool YieldFallsBackToRevenue => GrossMargin is null;

    /// <summary>The money measure yields are built on: gross margin, or revenue when there is no margin column.</summary>
    public NumericColumn YieldAmount => GrossMargin ?? Revenue;

    /// <summary>What <see cref="YieldAmount"/> is, in words: "gross margin" or "revenue (no gross margin in the data)".</summary>
    public string YieldAmountName => !HasRevenue ? "wins (no revenue in the data: every deal counts as 1, so yields are win rates)"
        : GrossMargin is null ? "revenue (no gross margin in the data)" : "gross margin";

    internal NumericColumn[] EffortArray { get; }

    internal CategoricalColumn[] CategoricalArray { get; }

    internal NumericColumn[] NumericArray { get; }

    /// <summary>The physical rows of this view, or null for all rows in order.</summary>
    internal int[]? Rows => _rows;

    /// <summary>The close dates as day numbers (<see cref="DateOnly.DayNumber"/>), indexed by physical row; <see cref="MissingDay"/> when missing.</summary>
    internal int[] ClosedDays => _closedDays;

    /// <summary>1 for won, 0 for lost, indexed by physical row.</summary>
    internal byte[] WonFlags => _won;

    private int Physical(int index) => _rows is null ? index : _rows[index];

    /// <summary>The id of the deal at <paramref name="index"/>.</summary>
    /// <param name="index">The deal's position, from 0.</param>
    public string DealId(int index) => _dealIds[Physical(index)];

    /// <summary>Whether the deal at <paramref name="index"/> was won.</summary>
    /// <param name="index">The deal's position, from 0.</param>
    public bool IsWon(int index) => _won[Physical(index)] != 0;

    /// <summary>The close date of the deal at <paramref name="index"/>, or null when missing.</summary>
    /// <param name="index">The deal's position, from 0.</param>
    public DateOnly? ClosedOn(int index)
    {
        int day = _closedDays[Physical(index)];
        return day == MissingDay ? null : DateOnly.FromDayNumber(day);
    }

    /// <summary>The number of won deals.</summary>
    public int WonCount
    {
        get
        {
            if (_wonCount >= 0) return _wonCount;
            int won = 0;
            for (int i = 0; i < Count; i++) won += _won[Physical(i)];
            _wonCount = won;
            return won;
        }
    }

    /// <summary>The effort column called <paramref name="name"/> (ordinal, case-insensitive).</summary>
    /// <param name="name">The effort's name, e.g. "meetings"; "hours" or "effort_hours" also finds <see cref="EffortHours"/>.</param>
    /// <exception cref="ArgumentException">No effort has that name; the message lists the efforts there are.</exception>
    public NumericColumn Effort(string name) =>
        FindEffort(name) ?? throw new ArgumentException($"The deals have no effort column '{name}'. Efforts: {NameList(EffortNames)}.", nameof(name));

    /// <summary>The effort column called <paramref name="name"/> as <see cref="Effort"/> finds it, or null when there is none.</summary>
    internal NumericColumn? FindEffort(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (NumericColumn c in EffortArray)
        {
            if (string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)) return c;
        }
        if (EffortHours is not null && (string.Equals(EffortHours.Name, name, StringComparison.OrdinalIgnoreCase)
            || string.Equals(name, "hours", StringComparison.OrdinalIgnoreCase) || string.Equals(name, "effort_hours", StringComparison.OrdinalIgnoreCase)))
            return EffortHours;
        return null;
    }

    /// <summary>The names of the effort counts, then of the effort hours when there are any.</summary>
    internal IEnumerable<string> EffortNames => EffortArray.Select(e => e.Name).Concat(EffortHours is null ? [] : [EffortHours.Name]);

    /// <summary>Whether <paramref name="name"/> is a numeric attribute (ordinal, case-insensitive), which can be cut into bands.</summary>
    internal bool HasNumericAttribute(string name) => NumericArray.Any(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The names of the categorical then the numeric attributes, for messages: "industry, region, employees" or "(none)".</summary>
    internal string AttributeNameList() => NameList(CategoricalArray.Select(c => c.Name).Concat(NumericArray.Select(c => c.Name)));

    /// <summary>The categorical (or banded) attribute called <paramref name="name"/>, or null when there is none.</summary>
    /// <param name="name">The attribute's name, e.g. "industry" (ordinal, case-insensitive).</param>
    public CategoricalColumn? FindCategorical(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (CategoricalColumn c in CategoricalArray)
        {
            if (string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)) return c;
        }
        if (string.Equals(name, Reps.Name, StringComparison.OrdinalIgnoreCase) || string.Equals(name, "rep", StringComparison.OrdinalIgnoreCase)) return Reps;
        if (string.Equals(name, Accounts.Name, StringComparison.OrdinalIgnoreCase) || string.Equals(name, "account", StringComparison.OrdinalIgnoreCase)) return Accounts;
        return null;
    }

    /// <summary>The numeric column called <paramref name="name"/>: a numeric attribute, an effort, or revenue, gross_margin, discount, cycle_days, effort_hours; null when there is none.</summary>
    /// <param name="name">The column's name (ordinal, case-insensitive).</param>
    public NumericColumn? FindNumeric(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (NumericColumn c in NumericArray)
        {
            if (string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)) return c;
        }
        foreach (NumericColumn c in EffortArray)
        {
            if (string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)) return c;
        }
        foreach (NumericColumn? c in (ReadOnlySpan<NumericColumn?>)[Revenue, GrossMargin, Discount, CycleDays, EffortHours])
        {
            if (c is not null && string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)) return c;
        }
        return name.ToUpperInvariant() switch
        {
            "REVENUE" or "AMOUNT" => Revenue,
            "GROSS_MARGIN" or "MARGIN" or "GROSSMARGIN" => GrossMargin,
            "DISCOUNT" => Discount,
            "CYCLE_DAYS" or "CYCLEDAYS" => CycleDays,
            "EFFORT_HOURS" or "HOURS" or "EFFORTHOURS" => EffortHours,
            _ => null,
        };
    }

    /// <summary>The categorical attribute called <paramref name="name"/>.</summary>
    /// <param name="name">The attribute's name.</param>
    /// <exception cref="ArgumentException">No categorical attribute has that name; the message lists those there are.</exception>
    public CategoricalColumn Categorical(string name) =>
        FindCategorical(name) ?? throw new ArgumentException(
            $"The deals have no categorical attribute '{name}'. Categorical attributes: {NameList(CategoricalArray.Select(c => c.Name))}" +
            (FindNumeric(name) is not null ? $"; '{name}' is numeric: band it with WithBands(\"{name}\", edges) or WithQuantileBands." : "."), nameof(name));

    /// <summary>The numeric column called <paramref name="name"/> (see <see cref="FindNumeric"/>).</summary>
    /// <param name="name">The column's name.</param>
    /// <exception cref="ArgumentException">No numeric column has that name; the message lists those there are.</exception>
    public NumericColumn Numeric(string name) =>
        FindNumeric(name) ?? throw new ArgumentException(
            $"The deals have no numeric column '{name}'. Numeric columns: {NameList(AllNumeric().Select(c => c.Name))}.", nameof(name));

    /// <summary>A view of the deals at the given positions (no data is copied).</summary>
    /// <param name="indices">Positions in this deal set, each in [0, Count).</param>
    public DealSet Select(ReadOnlySpan<int> indices)
    {
        var rows = new int[indices.Length];
        for (int i = 0; i < indices.Length; i++)
        {
            int index = indices[i];
            if ((uint)index >= (uint)Count)
                throw new ArgumentOutOfRangeException(nameof(indices), index, $"Deal position {index} is outside the deal set of {Count} deals.");
            rows[i] = Physical(index);
        }
        return WithPhysicalRows(rows);
    }

    /// <summary>A view of the deals for which <paramref name="predicate"/> holds (given the deal's position).</summary>
    /// <param name="predicate">Decides, from a deal's position, whether it stays.</param>
    public DealSet Where(Func<int, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var rows = new List<int>(Count);
        for (int i = 0; i < Count; i++)
        {
            if (predicate(i)) rows.Add(Physical(i));
        }
        return WithPhysicalRows([.. rows]);
    }

    /// <summary>The deals closed strictly before <paramref name="date"/> (deals without a close date are excluded).</summary>
    /// <param name="date">The cut-off date.</param>
    public DealSet ClosedBefore(DateOnly date)
    {
        int cut = date.DayNumber;
        return Where(i => { int d = _closedDays[Physical(i)]; return d != MissingDay && d < cut; });
    }

    /// <summary>The deals closed on or after <paramref name="date"/> (deals without a close date are excluded).</summary>
    /// <param name="date">The cut-off date.</param>
    public DealSet ClosedOnOrAfter(DateOnly date)
    {
        int cut = date.DayNumber;
        return Where(i => { int d = _closedDays[Physical(i)]; return d != MissingDay && d >= cut; });
    }

    /// <summary>
    /// A deal set where the numeric attribute <paramref name="attribute"/> is cut into bands at <paramref name="edges"/>
    /// and becomes a categorical attribute of the same name (labels such as "200–1,000"). The data is shared, not copied.
    /// </summary>
    /// <param name="attribute">A numeric attribute, e.g. "employees".</param>
    /// <param name="edges">Strictly ascending band edges, e.g. [50, 200, 1000, 5000].</param>
    public DealSet WithBands(string attribute, params double[] edges)
    {
        ArgumentNullException.ThrowIfNull(attribute);
        ArgumentNullException.ThrowIfNull(edges);
        Banding.ValidateEdges(attribute, edges);
        int position = Array.FindIndex(NumericArray, c => string.Equals(c.Name, attribute, StringComparison.OrdinalIgnoreCase));
        if (position < 0)
            throw new ArgumentException($"The deals have no numeric attribute '{attribute}' to band. Numeric attributes: {NameList(NumericArray.Select(c => c.Name))}.", nameof(attribute));
        NumericColumn source = NumericArray[position];
        double[] data = source.Data;
        var codes = new int[data.Length];
        double[] edgeCopy = [.. edges];
        for (int r = 0; r < data.Length; r++) codes[r] = double.IsNaN(data[r]) ? -1 : Banding.BandIndex(edgeCopy, data[r]);
        var banded = new CategoricalColumn(source.Name, codes, Banding.Labels(edgeCopy), _rows, edgeCopy);
        NumericColumn[] numeric = [.. NumericArray.Where((_, i) => i != position)];
        CategoricalColumn[] categorical = [.. CategoricalArray.Where(c => !string.Equals(c.Name, source.Name, StringComparison.OrdinalIgnoreCase)), banded];
        return DerivedCopy(Columns with { CategoricalAttributes = categorical, NumericAttributes = numeric });
    }

    /// <summary>Like <see cref="WithBands"/>, with edges at the quantiles of this deal set's values (about equal-sized bands).</summary>
    /// <param name="attribute">A numeric attribute, e.g. "employees".</param>
    /// <param name="bands">How many bands, at least 2. The default is 4.</param>
    public DealSet WithQuantileBands(string attribute, int bands = 4)
    {
        NumericColumn column = Numeric(attribute);
        double[] values = column.ToArray();
        double[] edges = Banding.QuantileEdges(values, bands);
        if (edges.Length == 0)
            throw new InvalidOptionsException([$"'{attribute}' has no values that differ, so it cannot be cut into {bands} bands."]);
        return WithBands(attribute, edges);
    }

    /// <summary>A summary of every column: type, missing count, distinct values, range.</summary>
    public DealSetSummary Summarize() => DealSetSummary.Of(this);

    /// <summary>A short description: deal count, won, date range, and the columns.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        int won = WonCount;
        sb.Append(CultureInfo.InvariantCulture, $"DealSet: {Count:N0} {(Count == 1 ? "deal" : "deals")} ({won:N0} won, {Count - won:N0} lost)");
        (DateOnly? first, DateOnly? last) = DateRange();
        if (first is not null) sb.Append(CultureInfo.InvariantCulture, $", closed {first:yyyy-MM-dd} to {last:yyyy-MM-dd}");
        sb.AppendLine();
        sb.Append(CultureInfo.InvariantCulture, $"  {Accounts.LevelArray.Length:N0} accounts, {Reps.LevelArray.Length:N0} reps; yield on {YieldAmountName}");
        sb.AppendLine();
        sb.Append("  efforts: ").Append(EffortArray.Length == 0 ? "none" : string.Join(", ", EffortArray.Select(e => e.Name)));
        sb.Append(EffortHours is null ? "; no effort hours" : "; effort hours: " + EffortHours.Name).AppendLine();
        sb.Append("  attributes: ").Append(NameList(CategoricalArray.Select(c => c.Name).Concat(NumericArray.Select(c => c.Name + " (numeric)"))));
        return sb.ToString();
    }

    /// <summary>The earliest and latest close dates, or nulls when no deal has one.</summary>
    public (DateOnly? First, DateOnly? Last) DateRange()
    {
        int min = int.MaxValue, max = int.MinValue;
        for (int i = 0; i < Count; i++)
        {
            int d = _closedDays[Physical(i)];
            if (d == MissingDay) continue;
            if (d < min) min = d;
            if (d > max) max = d;
        }
        return min == int.MaxValue ? (null, null) : (DateOnly.FromDayNumber(min), DateOnly.FromDayNumber(max));
    }

    internal IEnumerable<NumericColumn> AllNumeric()
    {
        yield return Revenue;
        if (GrossMargin is not null) yield return GrossMargin;
        if (Discount is not null) yield return Discount;
        if (CycleDays is not null) yield return CycleDays;
        foreach (NumericColumn e in EffortArray) yield return e;
        if (EffortHours is not null) yield return EffortHours;
        foreach (NumericColumn a in NumericArray) yield return a;
    }

    internal DealSet WithPhysicalRows(int[] rows) =>
        DerivedCopy(new DealColumns(Accounts.WithRows(rows), Reps.WithRows(rows), Revenue.WithRows(rows),
            GrossMargin?.WithRows(rows), Discount?.WithRows(rows), CycleDays?.WithRows(rows), EffortHours?.WithRows(rows),
            [.. EffortArray.Select(c => c.WithRows(rows))], [.. CategoricalArray.Select(c => c.WithRows(rows))],
            [.. NumericArray.Select(c => c.WithRows(rows))], rows));

    /// <summary>Names joined for a message, or "(none)".</summary>
    internal static string NameList(IEnumerable<string> names)
    {
        string joined = string.Join(", ", names);
        return joined.Length == 0 ? "(none)" : joined;
    }
}
