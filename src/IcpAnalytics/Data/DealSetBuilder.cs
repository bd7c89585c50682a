using System.Globalization;

namespace IcpAnalytics.Data;

/// <summary>
/// A growable column stored in chunks, so that growing never copies what was added; <see cref="ToArray"/> hands the single
/// chunk over when it is exactly full (a correct capacity hint) and copies once otherwise.
/// </summary>
internal sealed class GrowableColumn<T>
{
    private const int ChunkSize = 1 << 16;
    private readonly List<T[]> _full = [];
    private T[] _current;
    private int _used;

    public GrowableColumn(int capacityHint) => _current = new T[capacityHint > 0 ? capacityHint : 1024];

    public int Count { get; private set; }

    public void Add(T value)
    {
        if (_used == _current.Length)
        {
            _full.Add(_current);
            _current = new T[Math.Max(ChunkSize, Math.Min(Count, 1 << 20))];
            _used = 0;
        }
        _current[_used++] = value;
        Count++;
    }

    /// <summary>The value at <paramref name="index"/>.</summary>
    public T this[int index]
    {
        get
        {
            int before = Count - _used;
            if (index >= before) return _current[index - before];
            return Locate(index);
        }
        set
        {
            int before = Count - _used;
            if (index >= before)
            {
                _current[index - before] = value;
                return;
            }
            int at = index;
            foreach (T[] chunk in _full)
            {
                if (at < chunk.Length)
                {
                    chunk[at] = value;
                    return;
                }
                at -= chunk.Length;
            }
        }
    }

    private T Locate(int index)
    {
        foreach (T[] chunk in _full)
        {
            if (index < chunk.Length) return chunk[index];
            index -= chunk.Length;
        }
        throw new ArgumentOutOfRangeException(nameof(index));
    }

    /// <summary>Removes the values whose <paramref name="drop"/> flag is set, keeping the order of the rest.</summary>
    public void RemoveWhere(bool[] drop)
    {
        T[] all = ToArray();
        var kept = new T[Count - drop.Count(d => d)];
        int n = 0;
        for (int i = 0; i < Count; i++)
        {
            if (!drop[i]) kept[n++] = all[i];
        }
        _full.Clear();
        _current = kept.Length == 0 ? new T[1024] : kept;
        _used = n;
        Count = n;
    }

    public T[] ToArray()
    {
        if (_full.Count == 0 && _used == _current.Length) return _current;
        var result = new T[Count];
        int at = 0;
        foreach (T[] chunk in _full)
        {
            chunk.CopyTo(result, at);
            at += chunk.Length;
        }
        Array.Copy(_current, 0, result, at, _used);
        return result;
    }
}

/// <summary>Dictionary-encodes a categorical column: a span-keyed lookup, so known levels cost no string allocation.</summary>
internal sealed class CategoryEncoder
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly List<string> _levels = [];

    public CategoryEncoder(string name, int capacityHint)
    {
        Name = name;
        Codes = new GrowableColumn<int>(capacityHint);
        _lookup = _index.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public string Name { get; }

    public GrowableColumn<int> Codes { get; }

    /// <summary>The code of <paramref name="value"/> (trimmed), adding it as a new level when unseen; -1 for an empty value.</summary>
    public int Encode(ReadOnlySpan<char> value, string? knownString = null)
    {
        value = value.Trim();
        if (value.IsEmpty) return -1;
        if (_lookup.TryGetValue(value, out int code)) return code;
        string level = knownString is not null && knownString.Length == value.Length ? knownString : value.ToString();
        code = _levels.Count;
        _levels.Add(level);
        _index.Add(level, code);
        return code;
    }

    public void Add(ReadOnlySpan<char> value, string? knownString = null) => Codes.Add(Encode(value, knownString));

    public void AddMissing() => Codes.Add(-1);

    private int[] _remap = [];

    /// <summary>
    /// Adds a value the row source already encoded: <paramref name="provisional"/> is its code in the source's own
    /// first-appearance order over every row (−1 when empty) and <paramref name="levels"/> that order's level texts. Codes here
    /// stay in first-appearance order over the rows actually added, exactly as <see cref="Add"/> would give them.
    /// </summary>
    public void AddCoded(int provisional, List<string> levels)
    {
        if (provisional < 0)
        {
            Codes.Add(-1);
            return;
        }
        if (provisional >= _remap.Length)
        {
            int old = _remap.Length;
            Array.Resize(ref _remap, Math.Max(levels.Count, Math.Max(16, old * 2)));
            _remap.AsSpan(old).Fill(-1);
        }
        int code = _remap[provisional];
        if (code < 0)
        {
            string level = levels[provisional];
            code = Encode(level, level);
            _remap[provisional] = code;
        }
        Codes.Add(code);
    }

    public string[] Levels() => [.. _levels];

    public CategoricalColumn Build() => new(Name, Codes.ToArray(), Levels(), null);

    /// <summary>
    /// Removes the rows whose <paramref name="drop"/> flag is set and renumbers the levels in first-appearance order over the rows
    /// kept, so the column is exactly what loading only the kept rows would have built.
    /// </summary>
    public void RemoveWhere(bool[] drop)
    {
        Codes.RemoveWhere(drop);
        int[] codes = Codes.ToArray();
        var renumber = new int[_levels.Count];
        Array.Fill(renumber, -1);
        var levels = new List<string>();
        for (int i = 0; i < Codes.Count; i++)
        {
            int c = codes[i];
            if (c < 0) continue;
            if (renumber[c] < 0)
            {
                renumber[c] = levels.Count;
                levels.Add(_levels[c]);
            }
            Codes[i] = renumber[c];
        }
        _levels.Clear();
        _levels.AddRange(levels);
        _index.Clear();
        for (int k = 0; k < levels.Count; k++) _index.Add(levels[k], k);
        for (int p = 0; p < _remap.Length; p++)
        {
            if (_remap[p] >= 0) _remap[p] = renumber[_remap[p]];
        }
    }
}

/// <summary>
/// An attribute whose type is inferred: numeric when every non-empty value parses as a number, else categorical. While the
/// values are numbers only the numbers are kept; at the first value that is not, the numbers so far become levels written in
/// the load culture (so "0100" reads back as "100") and the column goes on as categorical.
/// </summary>
internal sealed class InferredAttribute
{
    private readonly int _capacityHint;
    private GrowableColumn<double>? _numbers;
    private int _leadingMissing;
    private CategoryEncoder? _text;

    public InferredAttribute(string name, int capacityHint)
    {
        Name = name;
        _capacityHint = capacityHint;
    }

    public string Name { get; }

    public bool AllNumeric => _text is null;

    /// <summary>Adds a value the row source already encoded (see <see cref="CategoryEncoder.AddCoded"/>); only once the column is categorical.</summary>
    public void AddCoded(int provisional, List<string> levels) => _text!.AddCoded(provisional, levels);

    public void AddText(ReadOnlySpan<char> text, string? knownString, NumberReader numbers)
    {
        ReadOnlySpan<char> trimmed = text.Trim();
        if (_text is null)
        {
            if (trimmed.IsEmpty)
            {
                AddMissing();
                return;
            }
            if (numbers.TryParse(trimmed, out double v) && double.IsFinite(v))
            {
                AddNumber(v);
                return;
            }
            _text = ToCategorical(numbers.Culture);
        }
        _text.Add(trimmed, knownString);
    }

    public void AddNumber(double value)
    {
        if (_text is null)
        {
            Numbers().Add(value);
            return;
        }
        if (double.IsNaN(value))
        {
            _text.AddMissing();
            return;
        }
        Span<char> buffer = stackalloc char[32];
        value.TryFormat(buffer, out int written, "R", CultureInfo.InvariantCulture);
        _text.Add(buffer[..written]);
    }

    public void AddMissing()
    {
        if (_text is not null) _text.AddMissing();
        else if (_numbers is not null) _numbers.Add(double.NaN);
        else _leadingMissing++;
    }

    /// <summary>The numbers, created at the first number (a column whose first value is text never allocates them).</summary>
    private GrowableColumn<double> Numbers()
    {
        if (_numbers is null)
        {
            _numbers = new GrowableColumn<double>(_capacityHint);
            for (int i = 0; i < _leadingMissing; i++) _numbers.Add(double.NaN);
        }
        return _numbers;
    }

    private CategoryEncoder ToCategorical(CultureInfo culture)
    {
        var text = new CategoryEncoder(Name, _capacityHint);
        Span<char> buffer = stackalloc char[32];
        if (_numbers is null)
        {
            for (int i = 0; i < _leadingMissing; i++) text.AddMissing();
            return text;
        }
        foreach (double v in _numbers.ToArray().AsSpan(0, _numbers.Count))
        {
            if (double.IsNaN(v))
            {
                text.AddMissing();
                continue;
            }
            v.TryFormat(buffer, out int written, "R", culture);
            text.Add(buffer[..written]);
        }
        return text;
    }

    public NumericColumn BuildNumeric() => new(Name, Numbers().ToArray(), null);

    /// <summary>Removes the rows whose <paramref name="drop"/> flag is set.</summary>
    public void RemoveWhere(bool[] drop)
    {
        if (_text is not null) _text.RemoveWhere(drop);
        else if (_numbers is not null) _numbers.RemoveWhere(drop);
        else _leadingMissing -= drop.Count(d => d);
    }

    public CategoricalColumn BuildCategorical() => _text!.Build();
}

/// <summary>
/// The one columnar builder behind every loader: growable arrays per column, dictionary-encoded categoricals, no object per deal.
/// A loader validates a row first and then appends every column of it, so rejected rows leave no trace.
/// </summary>
internal sealed class DealSetBuilder
{
    public DealSetBuilder(LoadSchema schema, int capacityHint)
    {
        Schema = schema;
        DealIds = new GrowableColumn<string>(capacityHint);
        SeenIds = new HashSet<string>(StringComparer.Ordinal);
        Accounts = new CategoryEncoder(schema.Account?.Name ?? "account_id", capacityHint);
        Reps = new CategoryEncoder(schema.Rep?.Name ?? "rep", capacityHint);
        ClosedDays = new GrowableColumn<int>(capacityHint);
        Won = new GrowableColumn<byte>(capacityHint);
        Lines = new GrowableColumn<long>(capacityHint);
        Numbers = new GrowableColumn<double>[schema.NumericFields.Length];
        for (int k = 0; k < Numbers.Length; k++) Numbers[k] = new GrowableColumn<double>(capacityHint);
        Categories = new CategoryEncoder[schema.CategoricalAttributes.Length];
        for (int k = 0; k < Categories.Length; k++) Categories[k] = new CategoryEncoder(schema.CategoricalAttributes[k].Name, capacityHint);
        Inferred = new InferredAttribute[schema.InferredAttributes.Length];
        for (int k = 0; k < Inferred.Length; k++) Inferred[k] = new InferredAttribute(schema.InferredAttributes[k].Name, capacityHint);
    }

    public LoadSchema Schema { get; }

    public GrowableColumn<string> DealIds { get; }

    /// <summary>Deal ids loaded so far, to reject duplicates; filled only once the ids stop ascending.</summary>
    private HashSet<string> SeenIds { get; }

    private string? _lastId;
    private bool _idsAscending = true;

    /// <summary>
    /// Whether <paramref name="id"/> was not loaded before (call before adding it to <see cref="DealIds"/>). While the ids come in
    /// ascending ordinal order, as exports sorted by id do, a new id above the last one cannot repeat an earlier one and no hash
    /// lookup is needed; at the first id out of order the ids so far go into a hash set, which decides from then on.
    /// </summary>
    public bool IsNewDealId(string id)
    {
        if (_idsAscending)
        {
            if (_lastId is null || string.CompareOrdinal(id, _lastId) > 0)
            {
                _lastId = id;
                return true;
            }
            _idsAscending = false;
            string[] loaded = DealIds.ToArray();
            foreach (string earlier in loaded.AsSpan(0, DealIds.Count)) SeenIds.Add(earlier);
        }
        return SeenIds.Add(id);
    }

    public CategoryEncoder Accounts { get; }

    public CategoryEncoder Reps { get; }

    public GrowableColumn<int> ClosedDays { get; }

    public GrowableColumn<byte> Won { get; }

    /// <summary>The source line of each loaded row, for rejects and warnings found once every row is read.</summary>
    public GrowableColumn<long> Lines { get; }

    /// <summary>
    /// Removes the loaded rows whose <paramref name="drop"/> flag is set (rejects found only once every row was read, such as a
    /// date in another layout than its column's), leaving every column as if those rows had never been added.
    /// </summary>
    public void RemoveWhere(bool[] drop, IEnumerable<GrowableColumn<long>> extra)
    {
        if (DealIds.Count == Count) DealIds.RemoveWhere(drop);
        Accounts.RemoveWhere(drop);
        Reps.RemoveWhere(drop);
        ClosedDays.RemoveWhere(drop);
        Won.RemoveWhere(drop);
        Lines.RemoveWhere(drop);
        foreach (GrowableColumn<double> c in Numbers) c.RemoveWhere(drop);
        foreach (CategoryEncoder c in Categories) c.RemoveWhere(drop);
        foreach (InferredAttribute a in Inferred) a.RemoveWhere(drop);
        foreach (GrowableColumn<long> c in extra) c.RemoveWhere(drop);
    }

    /// <summary>One per entry of <see cref="LoadSchema.NumericFields"/>.</summary>
    public GrowableColumn<double>[] Numbers { get; }

    public CategoryEncoder[] Categories { get; }

    public InferredAttribute[] Inferred { get; }

    public int Count => Won.Count;

    public DealSet Build(Func<long, LoadReport> report, AccountTable? accounts, List<(AccountTable Table, string Key)> lookups, List<string> notes, AttributeRoleHints? hints = null)
    {
        LoadSchema s = Schema;
        var numeric = new NumericColumn[Numbers.Length];
        for (int k = 0; k < numeric.Length; k++) numeric[k] = new NumericColumn(s.NumericFields[k].Name, Numbers[k].ToArray(), null);
        NumericColumn? Role(NumericRole role)
        {
            for (int k = 0; k < s.NumericFields.Length; k++)
            {
                if (s.NumericFields[k].Role == role) return numeric[k];
            }
            return null;
        }
        var efforts = new List<NumericColumn>();
        var numericAttributes = new List<NumericColumn>();
        var categorical = new List<CategoricalColumn>();
        for (int k = 0; k < s.NumericFields.Length; k++)
        {
            NumericField f = s.NumericFields[k];
            if (f.Role == NumericRole.Effort) efforts.Add(numeric[k]);
            else if (f.Role == NumericRole.Attribute)
            {
                if (f.BandEdges is null) numericAttributes.Add(numeric[k]);
                else categorical.Add(Band(numeric[k], f.BandEdges));
            }
        }
        foreach (CategoryEncoder c in Categories) categorical.Add(c.Build());
        foreach (InferredAttribute a in Inferred)
        {
            if (a.AllNumeric) numericAttributes.Add(a.BuildNumeric());
            else categorical.Add(a.BuildCategorical());
        }
        CategoricalColumn accountColumn = Accounts.Build();
        int categoricalBefore = categorical.Count, numericBefore = numericAttributes.Count;
        long withoutAccount = accounts?.JoinInto(accountColumn, categorical, numericAttributes, notes) ?? 0;
        var fromAccounts = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (CategoricalColumn c in categorical.Skip(categoricalBefore)) fromAccounts.Add(c.Name);
        foreach (NumericColumn c in numericAttributes.Skip(numericBefore)) fromAccounts.Add(c.Name);
        foreach ((AccountTable table, string key) in lookups)
        {
            CategoricalColumn keyColumn = categorical.First(c => string.Equals(c.Name, key, StringComparison.OrdinalIgnoreCase));
            table.JoinInto(keyColumn, categorical, numericAttributes, notes);
        }
        string[] ids = DealIds.Count == Count ? DealIds.ToArray() : NumberedIds(Count);
        return new DealSet(ids, accountColumn, Reps.Build(), ClosedDays.ToArray(), Won.ToArray(),
            Role(NumericRole.Revenue)!, Role(NumericRole.Margin), Role(NumericRole.Discount), Role(NumericRole.CycleDays),
            Role(NumericRole.EffortHours), [.. efforts], [.. categorical], [.. numericAttributes], report(withoutAccount))
        {
            RoleHints = (hints ?? AttributeRoleHints.None) with { FromAccounts = fromAccounts },
        };
    }

    internal static CategoricalColumn Band(NumericColumn column, double[] edges)
    {
        double[] data = column.Data;
        var codes = new int[data.Length];
        for (int r = 0; r < data.Length; r++) codes[r] = double.IsNaN(data[r]) ? -1 : Banding.BandIndex(edges, data[r]);
        return new CategoricalColumn(column.Name, codes, Banding.Labels(edges), null, edges);
    }

    private static string[] NumberedIds(int count)
    {
        var ids = new string[count];
        for (int i = 0; i < count; i++) ids[i] = (i + 1).ToString(CultureInfo.InvariantCulture);
        return ids;
    }
}
