namespace IcpAnalytics.Data;

/// <summary>
/// Maps your own deal objects to the parts of a deal with typed selectors:
/// <c>m =&gt; m.DealId(d =&gt; d.Id).Won(d =&gt; d.Won).Revenue(d =&gt; d.Amount).Margin(d =&gt; d.GrossMargin)</c>.
/// Outcome (<see cref="Won"/> or <see cref="Outcome"/>) and <see cref="Revenue"/> (or <see cref="WithoutRevenue"/>) are required; everything else is optional.
/// </summary>
/// <typeparam name="T">The type of your deal objects.</typeparam>
public sealed class DealObjectMap<T>
{
    internal List<ObjectColumn<T>> Columns { get; } = [];

    internal DealColumnMap Names { get; } = new DealColumnMap().OnlyMappedColumns();

    /// <summary>Each deal's unique id.</summary>
    /// <param name="id">Selects the id.</param>
    public DealObjectMap<T> DealId(Func<T, string?> id) { Names.DealId(Add("deal_id", ObjectColumn<T>.Text(id))); return this; }

    /// <summary>The account (customer) of each deal.</summary>
    /// <param name="account">Selects the account id.</param>
    public DealObjectMap<T> Account(Func<T, string?> account) { Names.Account(Add("account_id", ObjectColumn<T>.Text(account))); return this; }

    /// <summary>The rep (deal owner).</summary>
    /// <param name="rep">Selects the rep.</param>
    public DealObjectMap<T> Rep(Func<T, string?> rep) { Names.Rep(Add("rep", ObjectColumn<T>.Text(rep))); return this; }

    /// <summary>The close date.</summary>
    /// <param name="closedOn">Selects the close date (null when unknown).</param>
    public DealObjectMap<T> ClosedOn(Func<T, DateOnly?> closedOn) { Names.ClosedDate(Add("closed_date", ObjectColumn<T>.Date(closedOn))); return this; }

    /// <summary>Whether each deal was won (true) or lost (false). Use <see cref="Outcome"/> instead when the objects hold a stage.</summary>
    /// <param name="won">Selects whether the deal was won.</param>
    public DealObjectMap<T> Won(Func<T, bool> won)
    {
        ArgumentNullException.ThrowIfNull(won);
        Names.Outcome(Add("won", ObjectColumn<T>.Number(d => won(d) ? 1 : 0)), won: ["1"], lost: ["0"], open: []);
        return this;
    }

    /// <summary>The stage of each deal, with its labels; open stages are set aside and counted.</summary>
    /// <param name="stage">Selects the stage.</param>
    /// <param name="won">Labels that mean won; null keeps <see cref="DealLoadOptions.WonLabels"/>.</param>
    /// <param name="lost">Labels that mean lost; null keeps <see cref="DealLoadOptions.LostLabels"/>.</param>
    /// <param name="open">Stages of open deals; null keeps <see cref="DealLoadOptions.OpenLabels"/>.</param>
    public DealObjectMap<T> Outcome(Func<T, string?> stage, string[]? won = null, string[]? lost = null, string[]? open = null)
    {
        Names.Outcome(Add("outcome", ObjectColumn<T>.Text(stage)), won, lost, open);
        return this;
    }

    /// <summary>The deal amount (revenue if won, amount pursued if lost). Required; never negative.</summary>
    /// <param name="revenue">Selects the amount.</param>
    public DealObjectMap<T> Revenue(Func<T, double> revenue)
    {
        ArgumentNullException.ThrowIfNull(revenue);
        Names.Revenue(Add("revenue", ObjectColumn<T>.Number(d => revenue(d))));
        return this;
    }

    /// <summary>
    /// Loads objects without amounts (data that is not about money, or lead exports): every deal counts as 1 and
    /// <see cref="DealSet.HasRevenue"/> is false. Effort effects on a numeric column (<c>OutcomeColumn("cycle_days")</c>) need no revenue.
    /// </summary>
    public DealObjectMap<T> WithoutRevenue() { Names.WithoutRevenue(); return this; }

    /// <summary>Gross margin; without it the yield measures use revenue and say so.</summary>
    /// <param name="margin">Selects the gross margin (null when unknown).</param>
    public DealObjectMap<T> Margin(Func<T, double?> margin) { Names.Margin(Add("gross_margin", ObjectColumn<T>.Number(margin))); return this; }

    /// <summary>Discount as a fraction of list price.</summary>
    /// <param name="discount">Selects the discount.</param>
    public DealObjectMap<T> Discount(Func<T, double?> discount) { Names.Discount(Add("discount", ObjectColumn<T>.Number(discount))); return this; }

    /// <summary>Days from opening to closing.</summary>
    /// <param name="cycleDays">Selects the cycle length in days.</param>
    public DealObjectMap<T> CycleDays(Func<T, double?> cycleDays) { Names.CycleDays(Add("cycle_days", ObjectColumn<T>.Number(cycleDays))); return this; }

    /// <summary>A named effort count (calls, meetings, demos …).</summary>
    /// <param name="name">The effort's name.</param>
    /// <param name="effort">Selects the count.</param>
    public DealObjectMap<T> Effort(string name, Func<T, double?> effort) { Names.Effort(Add(name, ObjectColumn<T>.Number(effort))); return this; }

    /// <summary>Total effort hours; without them the per-hour measures are absent.</summary>
    /// <param name="hours">Selects the hours.</param>
    public DealObjectMap<T> EffortHours(Func<T, double?> hours) { Names.EffortHours(Add("effort_hours", ObjectColumn<T>.Number(hours))); return this; }

    /// <summary>A categorical account attribute (e.g. industry).</summary>
    /// <param name="name">The attribute's name.</param>
    /// <param name="value">Selects the value (null when missing).</param>
    public DealObjectMap<T> Attribute(string name, Func<T, string?> value) { Names.Attribute(Add(name, ObjectColumn<T>.Text(value))); return this; }

    /// <summary>A numeric account attribute cut into bands (e.g. employees with bands [50, 200, 1000, 5000]).</summary>
    /// <param name="name">The attribute's name.</param>
    /// <param name="value">Selects the value (null when missing).</param>
    /// <param name="bands">Strictly ascending band edges.</param>
    public DealObjectMap<T> Attribute(string name, Func<T, double?> value, double[] bands)
    {
        ArgumentNullException.ThrowIfNull(bands);
        Names.Attribute(Add(name, ObjectColumn<T>.Number(value)), bands);
        return this;
    }

    /// <summary>A numeric account attribute kept as numbers.</summary>
    /// <param name="name">The attribute's name.</param>
    /// <param name="value">Selects the value (null when missing).</param>
    public DealObjectMap<T> NumericAttribute(string name, Func<T, double?> value) { Names.NumericAttribute(Add(name, ObjectColumn<T>.Number(value))); return this; }

    private string Add(string name, ObjectColumn<T> column)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        foreach (ObjectColumn<T> c in Columns)
        {
            if (string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase))
                throw new ArgumentException($"'{name}' is mapped twice; give each part of a deal and each attribute one selector and a distinct name.", nameof(name));
        }
        Columns.Add(column with { Name = name });
        return name;
    }
}

/// <summary>One mapped member of a deal object: text, number or date.</summary>
internal sealed record ObjectColumn<T>(string Name, Func<T, string?>? TextOf, Func<T, double?>? NumberOf, Func<T, DateOnly?>? DateOf)
{
    public static ObjectColumn<T> Text(Func<T, string?> f) => new("", f ?? throw new ArgumentNullException(nameof(f)), null, null);

    public static ObjectColumn<T> Number(Func<T, double?> f) => new("", null, f ?? throw new ArgumentNullException(nameof(f)), null);

    public static ObjectColumn<T> Date(Func<T, DateOnly?> f) => new("", null, null, f ?? throw new ArgumentNullException(nameof(f)));
}

/// <summary>Rows from a sequence of objects, read through the typed selectors of a <see cref="DealObjectMap{T}"/>.</summary>
internal sealed class ObjectRowSource<T> : IDealRowSource
{
    private readonly IEnumerator<T> _items;
    private readonly ObjectColumn<T>[] _columns;
    private readonly string[] _names;
    private T _current = default!;
    private long _record;

    public ObjectRowSource(IEnumerable<T> items, DealObjectMap<T> map, string source)
        : this(items, map.Columns, source)
    {
    }

    public ObjectRowSource(IEnumerable<T> items, IEnumerable<ObjectColumn<T>> columns, string source)
    {
        _items = items.GetEnumerator();
        _columns = [.. columns];
        _names = [.. _columns.Select(c => c.Name)];
        Source = source;
    }

    public string Source { get; }

    public IReadOnlyList<string> Columns => _names;

    public string? Note => null;

    public long Line => _record;

    public long LastLine => _record;

    public void Use(IReadOnlyList<int> ordinals)
    {
    }

    public bool Read()
    {
        if (!_items.MoveNext()) return false;
        _current = _items.Current;
        _record++;
        return true;
    }

    public RowProblem? CheckRow() => _current is null ? new RowProblem(-1, "The deal object is null.", "Pass only non-null deal objects.", null) : null;

    public CellKind Cell(int ordinal, out ReadOnlySpan<char> text, out double number)
    {
        ObjectColumn<T> c = _columns[ordinal];
        text = default;
        number = 0;
        if (c.TextOf is not null)
        {
            string? s = c.TextOf(_current);
            text = s;
            return string.IsNullOrWhiteSpace(s) ? CellKind.Missing : CellKind.Text;
        }
        if (c.NumberOf is not null)
        {
            double? v = c.NumberOf(_current);
            if (v is null) return CellKind.Missing;
            number = v.Value;
            return CellKind.Number;
        }
        DateOnly? d = c.DateOf!(_current);
        if (d is null) return CellKind.Missing;
        number = d.Value.DayNumber;
        return CellKind.Date;
    }

    public string? Text(int ordinal)
    {
        ObjectColumn<T> c = _columns[ordinal];
        if (c.TextOf is not null) return c.TextOf(_current);
        if (c.NumberOf is not null) return c.NumberOf(_current)?.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        return c.DateOf!(_current)?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Dispose() => _items.Dispose();
}
