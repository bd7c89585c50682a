using System.Globalization;
using IcpAnalytics.Data;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace IcpAnalytics.ML;

/// <summary>
/// A <see cref="DealSet"/> as an ML.NET <see cref="IDataView"/>: one row per deal, typed columns read straight from the deal
/// set's columns (no copy). Columns, in order: <c>deal_id</c> (text), the account and rep columns (keys), <c>closed_date</c>
/// (DateTime), <c>won</c> (Boolean), revenue, gross margin, discount, cycle days, each effort and effort hours (Double, NaN when
/// missing), the categorical attributes (keys whose key values are the levels, 0 when missing, so <c>OneHotEncoding</c>
/// and the tree trainers read them as categorical) and the numeric attributes (Double). Revenue and the other role columns
/// keep the names they were loaded with.
/// </summary>
/// <remarks>
/// ML.NET has no missing DateTime: a deal without a close date holds <see cref="DateTime.MinValue"/>, which
/// <c>DealSet.FromDataView</c> reads back as missing. A banded attribute is a key column of its band labels; the band
/// edges are not carried. Get one with <c>deals.ToDataView()</c>.
/// </remarks>
public sealed class DealDataView : IDataView
{
    /// <summary>The name of the deal-id column.</summary>
    public const string DealIdColumn = "deal_id";

    /// <summary>The name of the close-date column.</summary>
    public const string ClosedDateColumn = "closed_date";

    /// <summary>The name of the outcome column (true when won).</summary>
    public const string WonColumn = "won";

    private readonly DealSet _deals;
    private readonly ColumnSource[] _sources;

    internal DealDataView(DealSet deals)
    {
        _deals = deals;
        var sources = new List<ColumnSource>
        {
            new(DealIdColumn, ColumnKind.DealId, null, null),
            Key(deals.Accounts),
            Key(deals.Reps),
            new(ClosedDateColumn, ColumnKind.ClosedDate, null, null),
            new(WonColumn, ColumnKind.Won, null, null),
            new(deals.Revenue.Name, ColumnKind.Number, deals.Revenue, null),
        };
        foreach (NumericColumn? c in new[] { deals.GrossMargin, deals.Discount, deals.CycleDays })
        {
            if (c is not null) sources.Add(new(c.Name, ColumnKind.Number, c, null));
        }
        foreach (NumericColumn c in deals.Efforts) sources.Add(new(c.Name, ColumnKind.Number, c, null));
        if (deals.EffortHours is not null) sources.Add(new(deals.EffortHours.Name, ColumnKind.Number, deals.EffortHours, null));
        foreach (CategoricalColumn c in deals.CategoricalAttributes) sources.Add(Key(c));
        foreach (NumericColumn c in deals.NumericAttributes) sources.Add(new(c.Name, ColumnKind.Number, c, null));

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (ColumnSource s in sources)
        {
            if (!seen.Add(s.Name))
                throw new ArgumentException($"Two columns of the deals would both be called '{s.Name}' in the data view. Rename one of them when loading (the column map names each part).", nameof(deals));
        }
        _sources = [.. sources];

        var builder = new DataViewSchema.Builder();
        foreach (ColumnSource s in _sources)
        {
            switch (s.Kind)
            {
                case ColumnKind.DealId: builder.AddColumn(s.Name, TextDataViewType.Instance); break;
                case ColumnKind.ClosedDate: builder.AddColumn(s.Name, DateTimeDataViewType.Instance); break;
                case ColumnKind.Won: builder.AddColumn(s.Name, BooleanDataViewType.Instance); break;
                case ColumnKind.Number: builder.AddColumn(s.Name, NumberDataViewType.Double); break;
                case ColumnKind.Text: builder.AddColumn(s.Name, TextDataViewType.Instance); break;
                case ColumnKind.Key:
                    IReadOnlyList<string> levels = s.Categorical!.Levels;
                    var annotations = new DataViewSchema.Annotations.Builder();
                    annotations.Add<VBuffer<ReadOnlyMemory<char>>>("KeyValues", new VectorDataViewType(TextDataViewType.Instance, levels.Count), (ref VBuffer<ReadOnlyMemory<char>> value) =>
                    {
                        var names = new ReadOnlyMemory<char>[levels.Count];
                        for (int i = 0; i < names.Length; i++) names[i] = levels[i].AsMemory();
                        value = new VBuffer<ReadOnlyMemory<char>>(names.Length, names);
                    });
                    builder.AddColumn(s.Name, new KeyDataViewType(typeof(uint), levels.Count), annotations.ToAnnotations());
                    break;
            }
        }
        Schema = builder.ToSchema();
    }

    /// <summary>The deals this view shows.</summary>
    public DealSet Deals => _deals;

    /// <summary>Rows can be read in any order, so ML.NET may shuffle them.</summary>
    public bool CanShuffle => true;

    /// <summary>The columns, as listed on the class.</summary>
    public DataViewSchema Schema { get; }

    /// <summary>
    /// The column map that reads this view back into the same deals: <c>DealSet.FromDataView(view, view.ColumnMap)</c>
    /// (used by default when the view given to <c>FromDataView</c> is a <see cref="DealDataView"/>).
    /// </summary>
    public void ColumnMap(DealColumnMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        map.DealId(DealIdColumn).Account(_deals.Accounts.Name).Rep(_deals.Reps.Name).ClosedDate(ClosedDateColumn).Outcome(WonColumn)
            .Revenue(_deals.Revenue.Name);
        if (_deals.GrossMargin is not null) map.Margin(_deals.GrossMargin.Name);
        if (_deals.Discount is not null) map.Discount(_deals.Discount.Name);
        if (_deals.CycleDays is not null) map.CycleDays(_deals.CycleDays.Name);
        if (_deals.Efforts.Count > 0) map.Effort([.. _deals.Efforts.Select(e => e.Name)]);
        if (_deals.EffortHours is not null) map.EffortHours(_deals.EffortHours.Name);
        foreach (CategoricalColumn c in _deals.CategoricalAttributes) map.Attribute(c.Name);
        foreach (NumericColumn c in _deals.NumericAttributes) map.NumericAttribute(c.Name);
        map.OnlyMappedColumns();
    }

    /// <summary>The number of deals.</summary>
    public long? GetRowCount() => _deals.Count;

    /// <summary>A cursor over the deals, in order, or in a seeded random order when <paramref name="rand"/> is given.</summary>
    /// <param name="columnsNeeded">The columns the caller reads.</param>
    /// <param name="rand">Shuffles the rows when given.</param>
    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        ArgumentNullException.ThrowIfNull(columnsNeeded);
        int[]? order = null;
        if (rand is not null)
        {
            order = [.. Enumerable.Range(0, _deals.Count)];
            rand.Shuffle(order);
        }
        return new Cursor(this, [.. columnsNeeded.Select(c => c.Index)], order);
    }

    /// <summary>One cursor (the deals are read on one thread).</summary>
    /// <param name="columnsNeeded">The columns the caller reads.</param>
    /// <param name="n">The number of cursors suggested; one is returned.</param>
    /// <param name="rand">Shuffles the rows when given.</param>
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    /// <summary>The deal count and the columns.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{_deals.Count:N0} deals as a data view: {string.Join(", ", _sources.Select(s => s.Name))}");

    private static ColumnSource Key(CategoricalColumn c) =>
        c.Levels.Count == 0 ? new ColumnSource(c.Name, ColumnKind.Text, null, c) : new ColumnSource(c.Name, ColumnKind.Key, null, c);

    private enum ColumnKind
    {
        DealId,
        ClosedDate,
        Won,
        Number,
        Key,
        Text,
    }

    private sealed record ColumnSource(string Name, ColumnKind Kind, NumericColumn? Numeric, CategoricalColumn? Categorical);

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly DealDataView _view;
        private readonly bool[] _active;
        private readonly int[]? _order;
        private long _position = -1;
        private int _row = -1;

        public Cursor(DealDataView view, int[] active, int[]? order)
        {
            _view = view;
            _active = new bool[view._sources.Length];
            foreach (int i in active) _active[i] = true;
            _order = order;
        }

        public override DataViewSchema Schema => _view.Schema;

        public override long Position => _position;

        public override long Batch => 0;

        public override bool IsColumnActive(DataViewSchema.Column column) => _active[column.Index];

        public override bool MoveNext()
        {
            if (_position + 1 >= _view._deals.Count)
            {
                _row = -1;
                return false;
            }
            _position++;
            _row = _order is null ? (int)_position : _order[_position];
            return true;
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() =>
            (ref DataViewRowId value) => value = new DataViewRowId((ulong)_row, 0);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (!_active[column.Index]) throw new InvalidOperationException($"The column '{column.Name}' was not asked for when the cursor was made.");
            ColumnSource s = _view._sources[column.Index];
            DealSet deals = _view._deals;
            Delegate getter = s.Kind switch
            {
                ColumnKind.DealId => (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> v) => v = deals.DealId(_row).AsMemory()),
                ColumnKind.ClosedDate => (ValueGetter<DateTime>)((ref DateTime v) =>
                    v = deals.ClosedOn(_row) is DateOnly d ? d.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified) : DateTime.MinValue),
                ColumnKind.Won => (ValueGetter<bool>)((ref bool v) => v = deals.IsWon(_row)),
                ColumnKind.Number => (ValueGetter<double>)((ref double v) => v = s.Numeric![_row]),
                ColumnKind.Key => (ValueGetter<uint>)((ref uint v) => v = (uint)(s.Categorical!.GetCode(_row) + 1)),
                _ => (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> v) => v = (s.Categorical![_row] ?? "").AsMemory()),
            };
            return getter as ValueGetter<TValue>
                ?? throw new InvalidOperationException($"The column '{column.Name}' is {column.Type}; it cannot be read as {typeof(TValue).Name}.");
        }
    }
}
