using System.Globalization;

namespace IcpAnalytics.Data;

/// <summary>
/// Account attributes from a separate accounts file or query, keyed by account id, joined to the deals by their account column.
/// Deals whose account has no row here keep missing attributes and are counted (<see cref="LoadReport.DealsWithoutAccountRow"/>).
/// </summary>
internal sealed class AccountTable
{
    private readonly string _source;
    private readonly Dictionary<string, int> _rowOfKey;
    private readonly List<CategoricalColumn> _categorical;
    private readonly List<(NumericColumn Column, double[]? Bands)> _numeric;
    private readonly List<string> _notes;

    private readonly string _what;

    private AccountTable(string source, Dictionary<string, int> rowOfKey, List<CategoricalColumn> categorical, List<(NumericColumn, double[]?)> numeric, List<string> notes, string what)
    {
        _what = what;
        _source = source;
        _rowOfKey = rowOfKey;
        _categorical = categorical;
        _numeric = numeric;
        _notes = notes;
    }

    public static AccountTable Load(AccountsSource spec, DealColumnMap map, LoadSchema schema, DealLoadOptions options, string what)
    {
        using IDealRowSource source = spec.Path is not null
            ? SpanCsvRowSource.Open(DealSet.OpenText(spec.Path), Path.GetFileName(spec.Path), options)
            : new DataReaderRowSource(spec.Reader!, "accounts reader");
        string name = source.Source;
        if (source.Columns.Count == 0)
            throw DealLoader.Structural(name, 1, null, "The accounts file is empty: it has no header row.", "Export the accounts with a header row (e.g. account_id,industry,region,employees).");
        int key = DealLoader.IndexOf(source.Columns, spec.Key!);
        if (key < 0)
        {
            string? closest = DealLoader.ClosestName(source.Columns, [spec.Key!]);
            throw DealLoader.Structural(name, 1, spec.Key,
                $"The account key column '{spec.Key}' is not in the accounts data. Columns found: {string.Join(", ", source.Columns)}.{(closest is null ? "" : $" Closest match: '{closest}'.")}",
                "Give the key column, e.g. " + DealLoader.Say(options, $"map.WithAccounts(path, key: \"{closest ?? source.Columns[0]}\").", $"--account-key {closest ?? source.Columns[0]} (or --on for a --join file)."));
        }

        var dealColumns = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (NumericField f in schema.NumericFields) dealColumns.Add(f.Name);
        foreach (SourceField f in schema.CategoricalAttributes) dealColumns.Add(f.Name);
        foreach (SourceField f in schema.InferredAttributes) dealColumns.Add(f.Name);

        var fields = new List<(int Ordinal, string Name, AttributeKind? Kind, double[]? Bands)>();
        if (map.Attributes.Count > 0 && what == "account attributes")
        {
            foreach (AttributeMapping a in schema.AccountAttributes)
            {
                int at = DealLoader.IndexOf(source.Columns, a.Column);
                if (at < 0)
                    throw DealLoader.Structural(name, 1, a.Column,
                        $"The attribute '{a.Column}' is neither in the deals nor in the accounts data. Accounts columns found: {string.Join(", ", source.Columns)}.{(DealLoader.ClosestName(source.Columns, [a.Column]) is string c ? $" Closest match: '{c}'." : "")}",
                        "Map an attribute that one of the two files has.");
                fields.Add((at, source.Columns[at], a.Kind, a.BandEdges));
            }
        }
        else if (map.InferUnmapped || what != "account attributes")
        {
            for (int i = 0; i < source.Columns.Count; i++)
            {
                string column = source.Columns[i];
                if (i == key || column.Length == 0 || map.IgnoredColumns.Contains(column) || dealColumns.Contains(column)) continue;
                fields.Add((i, column, null, null));
            }
        }
        source.Use([key, .. fields.Select(f => f.Ordinal)]);

        var rowOfKey = new Dictionary<string, int>(StringComparer.Ordinal);
        var encoders = new Dictionary<int, CategoryEncoder>();
        var numbers = new Dictionary<int, GrowableColumn<double>>();
        var inferred = new Dictionary<int, InferredAttribute>();
        foreach (var f in fields)
        {
            if (f.Kind == AttributeKind.Categorical) encoders[f.Ordinal] = new CategoryEncoder(f.Name, 0);
            else if (f.Kind is AttributeKind.Numeric or AttributeKind.Banded) numbers[f.Ordinal] = new GrowableColumn<double>(0);
            else inferred[f.Ordinal] = new InferredAttribute(f.Name, 0);
        }
        var reader = new NumberReader(options.Culture);
        long duplicates = 0, emptyKeys = 0, badNumbers = 0, rowProblems = 0;
        while (source.Read())
        {
            if (source.CheckRow() is RowProblem problem)
            {
                if (options.Policy == BadDataPolicy.Strict)
                    throw DealLoader.Structural(name, source.Line, problem.Ordinal < 0 ? null : source.Columns[problem.Ordinal], problem.Reason, problem.Fix);
                rowProblems++;
                continue;
            }
            string? id = source.Text(key)?.Trim();
            if (string.IsNullOrEmpty(id))
            {
                emptyKeys++;
                continue;
            }
            if (rowOfKey.ContainsKey(id))
            {
                if (options.Policy == BadDataPolicy.Strict)
                    throw DealLoader.Structural(name, source.Line, source.Columns[key], "The account key appears on an earlier line too.",
                        "Give every account one row, or load with Policy = BadDataPolicy.Lenient to keep the first row of each account.");
                duplicates++;
                continue;
            }
            rowOfKey.Add(id, rowOfKey.Count);
            foreach (var f in fields)
            {
                CellKind kind = source.Cell(f.Ordinal, out ReadOnlySpan<char> text, out double number);
                if (encoders.TryGetValue(f.Ordinal, out CategoryEncoder? encoder))
                {
                    if (kind == CellKind.Missing) encoder.AddMissing();
                    else if (kind == CellKind.Text) encoder.Add(text);
                    else encoder.Add(source.Text(f.Ordinal));
                }
                else if (numbers.TryGetValue(f.Ordinal, out GrowableColumn<double>? column))
                {
                    double value = double.NaN;
                    if (kind == CellKind.Number) value = number;
                    else if (kind == CellKind.Text && !(reader.TryParse(text.Trim(), out value) && double.IsFinite(value)))
                    {
                        if (options.Policy == BadDataPolicy.Strict)
                            throw DealLoader.Structural(name, source.Line, f.Name, $"The attribute '{f.Name}' is not a finite number.",
                                "Write numbers in the culture the file uses, or map the attribute as categorical with map.Attribute(name).");
                        badNumbers++;
                        value = double.NaN;
                    }
                    column.Add(value);
                }
                else
                {
                    InferredAttribute a = inferred[f.Ordinal];
                    if (kind == CellKind.Text) a.AddText(text, null, reader);
                    else if (kind == CellKind.Missing) a.AddMissing();
                    else a.AddNumber(number);
                }
            }
        }

        var categorical = new List<CategoricalColumn>();
        var numeric = new List<(NumericColumn, double[]?)>();
        foreach (var f in fields)
        {
            if (encoders.TryGetValue(f.Ordinal, out CategoryEncoder? encoder)) categorical.Add(encoder.Build());
            else if (numbers.TryGetValue(f.Ordinal, out GrowableColumn<double>? column)) numeric.Add((new NumericColumn(f.Name, column.ToArray(), null), f.Bands));
            else if (inferred[f.Ordinal].AllNumeric) numeric.Add((inferred[f.Ordinal].BuildNumeric(), null));
            else categorical.Add(inferred[f.Ordinal].BuildCategorical());
        }
        var notes = new List<string>();
        if (duplicates > 0) notes.Add(string.Create(CultureInfo.InvariantCulture, $"{name}: {duplicates:N0} rows repeat an account key; the first row of each account was used"));
        if (emptyKeys > 0) notes.Add(string.Create(CultureInfo.InvariantCulture, $"{name}: {emptyKeys:N0} rows have no account key and were skipped"));
        if (badNumbers > 0) notes.Add(string.Create(CultureInfo.InvariantCulture, $"{name}: {badNumbers:N0} attribute values are not numbers and were treated as missing"));
        if (rowProblems > 0) notes.Add(string.Create(CultureInfo.InvariantCulture, $"{name}: {rowProblems:N0} malformed rows were skipped"));
        return new AccountTable(name, rowOfKey, categorical, numeric, notes, what);
    }

    /// <summary>Adds the account attributes to the deals' attribute lists; returns how many deals have no account row.</summary>
    public long JoinInto(CategoricalColumn dealAccounts, List<CategoricalColumn> categorical, List<NumericColumn> numeric, List<string> notes)
    {
        string[] levels = dealAccounts.LevelArray;
        var rowOfLevel = new int[levels.Length];
        int accountsMissing = 0;
        for (int l = 0; l < levels.Length; l++)
        {
            rowOfLevel[l] = _rowOfKey.TryGetValue(levels[l], out int row) ? row : -1;
            if (rowOfLevel[l] < 0) accountsMissing++;
        }
        int[] accountCodes = dealAccounts.Codes;
        int n = accountCodes.Length;
        var dealRow = new int[n];
        long dealsMissing = 0;
        for (int i = 0; i < n; i++)
        {
            int code = accountCodes[i];
            dealRow[i] = code < 0 ? -1 : rowOfLevel[code];
            if (dealRow[i] < 0) dealsMissing++;
        }
        foreach (CategoricalColumn c in _categorical)
        {
            var codes = new int[n];
            for (int i = 0; i < n; i++) codes[i] = dealRow[i] < 0 ? -1 : c.Codes[dealRow[i]];
            categorical.Add(new CategoricalColumn(c.Name, codes, c.LevelArray, null));
        }
        foreach ((NumericColumn c, double[]? bands) in _numeric)
        {
            var data = new double[n];
            for (int i = 0; i < n; i++) data[i] = dealRow[i] < 0 ? double.NaN : c.Data[dealRow[i]];
            var column = new NumericColumn(c.Name, data, null);
            if (bands is null) numeric.Add(column);
            else categorical.Add(DealSetBuilder.Band(column, bands));
        }
        notes.AddRange(_notes);
        bool account = _what == "account attributes";
        notes.Add(string.Create(CultureInfo.InvariantCulture, $"{_what} joined from {_source} by '{dealAccounts.Name}' ({_rowOfKey.Count:N0} {(account ? "accounts" : "rows")})"));
        if (dealsMissing > 0)
            notes.Add(account
                ? string.Create(CultureInfo.InvariantCulture, $"{dealsMissing:N0} deals ({accountsMissing:N0} accounts, plus deals with no account) have no row in {_source}: they are loaded with missing account attributes")
                : string.Create(CultureInfo.InvariantCulture, $"{dealsMissing:N0} deals ({accountsMissing:N0} keys, plus deals with no key) have no row in {_source}: they are loaded with missing {_what}"));
        return dealsMissing;
    }
}
