using System.Globalization;
using System.Text;

namespace IcpAnalytics.Data;

/// <summary>
/// The one loader engine behind CSV, object and database loading: resolves which column plays which part of a deal,
/// validates every row, appends the good ones to a <see cref="DealSetBuilder"/>, and reports the rest.
/// </summary>
internal sealed class DealLoader
{
    private static readonly string[] DealIdNames = ["deal_id", "opportunity_id", "opp_id", "id", "deal", "opportunity", "opportunity_number"];
    private static readonly string[] AccountNames = ["account_id", "account", "account_name", "customer_id", "customer", "company", "company_id"];
    private static readonly string[] RepNames = ["rep", "owner", "sales_rep", "rep_name", "owner_name", "opportunity_owner", "sales_agent", "deal_owner", "agent", "salesperson", "sales_person", "account_executive", "rep_id", "owner_id"];
    private static readonly string[] CreatedDateNames = ["created_date", "create_date", "created_on", "created", "created_at", "date_created", "engage_date", "engaged_date", "opened_date", "open_date", "opened_on", "start_date"];
    private static readonly string[] ClosedDateNames = ["closed_date", "close_date", "closed_on", "date_closed", "closed_at", "closed", "close"];
    private static readonly string[] OutcomeNames = ["outcome", "stage", "status", "won", "is_won", "result", "stage_name", "deal_stage"];
    private static readonly string[] RevenueNames = ["amount", "revenue", "value", "deal_value", "deal_amount", "deal_size", "acv", "bookings"];
    private static readonly string[] MarginNames = ["gross_margin", "margin", "gross_profit", "gm"];
    private static readonly string[] DiscountNames = ["discount", "discount_pct", "discount_rate", "discount_percent"];
    private static readonly string[] CycleDaysNames = ["cycle_days", "sales_cycle_days", "cycle_length", "days_to_close", "sales_cycle", "cycle"];
    private static readonly string[] EffortHoursNames = ["effort_hours", "hours", "effort_hrs", "total_hours", "hours_spent", "time_spent"];
    private static readonly string[] KnownEffortNames = ["calls", "meetings", "demos", "emails", "visits"];

    private readonly IDealRowSource _source;
    private readonly LoadSchema _schema;
    private readonly DealLoadOptions _options;
    private readonly DealSetBuilder _builder;
    private readonly OutcomeLabels _outcomes;
    private readonly DateReader _dates;
    private readonly double[] _staged;
    private readonly NumberReader _numbers;
    private readonly List<RejectedRow> _rejects = [];

    // The last line of each loaded row that spans several lines (a quoted field with line breaks), so a reject decided after
    // the read (a date in another layout than its column, an implausible value under strict plausibility) names every line too.
    private readonly Dictionary<long, long> _lastLines = [];
    private readonly DealColumnMap _map;

    private DealLoader(IDealRowSource source, LoadSchema schema, DealColumnMap map, DealLoadOptions options, int capacityHint)
    {
        _source = source;
        _schema = schema;
        _map = map;
        _options = options;
        _builder = new DealSetBuilder(schema, capacityHint);
        _outcomes = new OutcomeLabels(map.WonLabels ?? options.WonLabels, map.LostLabels ?? options.LostLabels, map.OpenLabels ?? options.OpenLabels);
        _dates = new DateReader(map.DateFormats ?? options.DateFormats, options.Culture);
        if (map.DateFormats is null && options.DateFormats is null && schema.ClosedDate is not null) _closeTokens = new GrowableColumn<long>(capacityHint);
        if (schema.CreatedDate is not null)
        {
            _createdDays = new GrowableColumn<int>(capacityHint);
            IReadOnlyList<string>? createdFormats = map.CreatedDateFormats ?? map.DateFormats ?? options.DateFormats;
            if (createdFormats is null) _createdTokens = new GrowableColumn<long>(capacityHint);
            else _createdDates = new DateReader(createdFormats, options.Culture);
        }
        _staged = new double[schema.NumericFields.Length];
        _numbers = new NumberReader(options.Culture);
        _coding = source as ICategoryCodingSource;
    }

    private readonly ICategoryCodingSource? _coding;

    /// <summary>The close dates' tokens (layout and numbers), kept while the column's date layout is inferred from all its values.</summary>
    private readonly GrowableColumn<long>? _closeTokens;
    private readonly GrowableColumn<long>? _createdTokens;
    private readonly GrowableColumn<int>? _createdDays;
    private readonly DateReader? _createdDates;

    private IEnumerable<GrowableColumn<long>> TokenColumns()
    {
        if (_closeTokens is not null) yield return _closeTokens;
        if (_createdTokens is not null) yield return _createdTokens;
    }

    /// <summary>Loads every row of <paramref name="source"/> as <paramref name="map"/> and <paramref name="options"/> say.</summary>
    public static DealSet Load(IDealRowSource source, DealColumnMap map, DealLoadOptions options, int capacityHint)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (source.Columns.Count == 0)
            throw Structural(source.Source, 1, null, "The file is empty: it has no header row and no deals.",
                "Export the deals with a header row (e.g. deal_id,stage,amount,gross_margin) and one row per deal.");
        AccountsSource? accountsSpec = map.Accounts is null ? null : ResolveKey(map.Accounts, source.Columns, map.AccountColumn, "accounts", options, map);
        var lookupSpecs = map.Lookups.Select(l => ResolveKey(l, source.Columns, null, "lookup", options, null)).ToList();
        LoadSchema schema = Resolve(source, map, options, hasAccounts: accountsSpec is not null, lookupSpecs.Select(l => l.Key!).ToList());
        if (source.Note is not null) schema.Notes.Insert(0, source.Note);
        source.Use(schema.UsedOrdinals());
        if (source is ICategoryCodingSource coding)
        {
            var ordinals = new List<int>();
            foreach (SourceField? f in (SourceField?[])[schema.Account, schema.Rep, .. schema.CategoricalAttributes])
            {
                if (f is not null && !ordinals.Contains(f.Ordinal)) ordinals.Add(f.Ordinal);
            }
            coding.EncodeCategories(ordinals, [.. schema.InferredAttributes.Select(f => f.Ordinal)]);
        }
        AccountTable? accounts = accountsSpec is null ? null : AccountTable.Load(accountsSpec, map, schema, options, "account attributes");
        var lookups = lookupSpecs.Select(l => (AccountTable.Load(l, map, schema, options, "lookup attributes"), l.Key!)).ToList();
        return new DealLoader(source, schema, map, options, capacityHint).Run(accounts, lookups);
    }

    /// <summary>
    /// The key of an accounts or lookup file given without one: the deals' account column when the file has it, else the one
    /// column both files share; among several shared columns one with an account-like name decides. Sets the deals' account
    /// column to the key when none is mapped.
    /// </summary>
    private static AccountsSource ResolveKey(AccountsSource spec, IReadOnlyList<string> dealColumns, string? dealAccount, string what, DealLoadOptions options, DealColumnMap? map)
    {
        if (spec.Key is not null) return spec;
        IReadOnlyList<string> columns;
        string name;
        if (spec.Path is not null)
        {
            using IDealRowSource header = SpanCsvRowSource.Open(DealSet.OpenText(spec.Path), spec.Path, options);
            columns = [.. header.Columns];
            name = System.IO.Path.GetFileName(spec.Path);
        }
        else
        {
            var names = new string[spec.Reader!.FieldCount];
            for (int i = 0; i < names.Length; i++) names[i] = spec.Reader.GetName(i).Trim();
            columns = names;
            name = "accounts reader";
        }
        if (dealAccount is not null && IndexOf(columns, dealAccount) >= 0) return spec with { Key = columns[IndexOf(columns, dealAccount)] };
        var shared = columns.Where(c => dealColumns.Any(d => Normalize(d) == Normalize(c) && Normalize(c).Length > 0)).ToList();
        if (shared.Count > 1)
        {
            var accountLike = shared.Where(c => AccountNames.Any(a => Normalize(a) == Normalize(c))).ToList();
            if (accountLike.Count == 1 || what == "accounts" && accountLike.Count > 0) shared = [accountLike[0]];
        }
        if (shared.Count == 1)
        {
            string key = shared[0];
            if (map is not null && map.AccountColumn is null)
                map.Account(dealColumns.First(d => Normalize(d) == Normalize(key)));
            return spec with { Key = key };
        }
        string flag = what == "accounts" ? "--account-key" : "--on";
        string code = what == "accounts" ? "map.WithAccounts(path, key: \"account_id\")" : "map.Join(path, on: \"product\")";
        throw Structural(name, 1, null,
            shared.Count == 0
                ? $"The {what} file shares no column with the deals, so its key cannot be inferred."
                : $"The {what} file shares {shared.Count} columns with the deals ({string.Join(", ", shared)}), so its key is not obvious.",
            "Name the key column: " + Say(options, code + ".", flag + " <column>."));
    }

    private DealSet Run(AccountTable? accounts, List<(AccountTable Table, string Key)> lookups)
    {
        long read = 0, open = 0;
        CancellationToken cancellation = _options.Cancellation;
        while (_source.Read())
        {
            // A reader that buffers ahead can hand over the whole file before a cancel arrives: the rows check the token too.
            if ((++read & 4095) == 0) cancellation.ThrowIfCancellationRequested();
            RowOutcome outcome = ReadRow(out RejectedRow? reject);
            if (outcome == RowOutcome.Open) open++;
            else if (outcome == RowOutcome.Rejected) _rejects.Add(WithLastLine(reject!));
        }
        if (read == 0)
            throw Structural(_source.Source, 1, null, "The file has a header row but no deals.",
                "Export at least one closed deal below the header row.");
        List<string> notes = _schema.Notes;
        var late = new List<RejectedRow>();
        var drop = new bool[_builder.Count];
        if (_closeTokens is not null && _schema.ClosedDate is SourceField closeField) ResolveDates(closeField, _closeTokens, _builder.ClosedDays, "close date", late, drop, notes);
        if (_createdTokens is not null && _schema.CreatedDate is SourceField createdField) ResolveDates(createdField, _createdTokens, _createdDays!, "created date", late, drop, notes);
        if (_createdDays is not null) DeriveCycleDays(late, drop);
        if (late.Count > 0) RemoveWhere(drop);
        List<LoadWarning> warnings = Plausibility.Check(_builder, _options);
        if (warnings.Count > 0 && _options.StrictPlausibility)
        {
            var implausible = new bool[_builder.Count];
            long[] rowLines = _builder.Lines.ToArray();
            var rowOfLine = new Dictionary<long, int>();
            for (int i = 0; i < _builder.Count; i++) rowOfLine[rowLines[i]] = i;
            foreach (LoadWarning w in warnings)
            {
                int row = rowOfLine[w.Line];
                if (implausible[row]) continue;
                implausible[row] = true;
                late.Add(new RejectedRow(w.Line, w.Column, null, w.Reason, w.Fix));
            }
            RemoveWhere(implausible);
        }
        notes.AddRange(Plausibility.Notes(warnings, _options.StrictPlausibility));
        if (late.Count > 0)
        {
            _rejects.AddRange(late.Select(r => _lastLines.TryGetValue(r.Line, out long last) ? r with { LastLine = last } : r));
            _rejects.Sort((x, y) => x.Line.CompareTo(y.Line));
        }
        IReadOnlyList<LoadWarning> kept = _options.StrictPlausibility ? [] : warnings;
        if (open > 0) notes.Add(string.Create(CultureInfo.InvariantCulture, $"{open:N0} open deals (stages such as {string.Join(", ", _outcomes.OpenSeen.Take(3))}) set aside: only closed deals are analysed"));
        DealSet deals = _builder.Build(
            dealsWithoutAccount => new LoadReport(_source.Source, read, _builder.Count, open, _rejects, notes, dealsWithoutAccount, kept),
            accounts,
            lookups,
            notes,
            RoleHints());
        CheckRoles(deals);
        if (_rejects.Count > 0 && _options.Policy == BadDataPolicy.Strict) throw Rejected(deals.LoadReport);
        if (_createdDays is not null) deals = deals.WithCreatedDays(_createdDays.ToArray());
        return deals;
    }

    /// <summary>The roles the map sets and the columns that are parts of a deal, for <see cref="DealSet.AttributeRoles"/>.</summary>
    private AttributeRoleHints RoleHints()
    {
        var parts = new List<(string, string)>();
        void Part(SourceField? f, string reason)
        {
            if (f is not null && f.Ordinal >= 0) parts.Add((f.Name, reason));
        }
        Part(_schema.DealId, "the deal id");
        Part(_schema.Account, "the account key");
        Part(_schema.Rep, "the rep (analysed by seller variance, not a kind of customer)");
        Part(_schema.Outcome, "the outcome (won, lost or open)");
        Part(_schema.ClosedDate, "the close date");
        Part(_schema.CreatedDate, "the created date");
        foreach (NumericField f in _schema.NumericFields)
        {
            if (f.Ordinal < 0 || f.Role == NumericRole.Attribute) continue;
            parts.Add((f.Name, f.Role switch
            {
                NumericRole.Revenue => "the revenue (the amount of each deal)",
                NumericRole.Margin => "the gross margin",
                NumericRole.Discount => "the discount",
                NumericRole.CycleDays => "the cycle days",
                NumericRole.EffortHours => "the effort hours",
                _ => "an effort count",
            }));
        }
        return new AttributeRoleHints
        {
            Set = new Dictionary<string, AttributeRole>(_map.Roles, StringComparer.OrdinalIgnoreCase),
            Parts = parts,
            Style = _options.MessageStyle,
        };
    }

    /// <summary>Refuses a role set for a column that is not an attribute of the loaded deals, naming the map call or flag.</summary>
    private void CheckRoles(DealSet deals)
    {
        foreach ((string column, AttributeRole role) in _map.Roles)
        {
            if (deals.RoleHints.Parts?.Any(p => string.Equals(p.Column, column, StringComparison.OrdinalIgnoreCase)) == true && role == AttributeRole.Excluded) continue;
            if (deals.FindCategorical(column) is { } c && !ReferenceEquals(c, deals.Accounts) && !ReferenceEquals(c, deals.Reps) || deals.HasNumericAttribute(column)) continue;
            string call = role switch
            {
                AttributeRole.AccountAttribute => Say(_options, $"map.AccountAttribute(\"{column}\")", $"--account-attribute {Quote(column)}"),
                AttributeRole.DealAttribute => Say(_options, $"map.DealAttribute(\"{column}\")", $"--deal-attribute {Quote(column)}"),
                _ => Say(_options, $"map.ExcludeAttribute(\"{column}\")", $"--exclude-attribute {Quote(column)}"),
            };
            throw Structural(_source.Source, 1, column, $"{call} names a column that is not an attribute of the deals.",
                $"Name one of the attributes ({deals.AttributeNameList()}), or load the column as an attribute first.");
        }
    }

    private void RemoveWhere(bool[] drop)
    {
        _builder.RemoveWhere(drop, TokenColumns());
        _createdDays?.RemoveWhere(drop);
    }

    /// <summary>
    /// Checks created dates against close dates (a deal created after it closed is rejected) and, when the cycle days are derived,
    /// writes close minus created for each deal that has both.
    /// </summary>
    private void DeriveCycleDays(List<RejectedRow> late, bool[] drop)
    {
        int derived = Array.FindIndex(_schema.NumericFields, f => f.Role == NumericRole.CycleDays && f.Ordinal < 0);
        int[] created = _createdDays!.ToArray();
        int[] closed = _builder.ClosedDays.ToArray();
        long[] lines = _builder.Lines.ToArray();
        SourceField createdField = _schema.CreatedDate!;
        for (int i = 0; i < _builder.Count; i++)
        {
            if (drop[i] || created[i] == DealSet.MissingDay || closed[i] == DealSet.MissingDay) continue;
            if (created[i] > closed[i])
            {
                drop[i] = true;
                late.Add(new RejectedRow(lines[i], createdField.Name, null, "The created date is after the close date.",
                    $"Check both dates of the deal; '{createdField.Name}' must be on or before '{_schema.ClosedDate!.Name}'."));
                continue;
            }
            if (derived >= 0) _builder.Numbers[derived][i] = closed[i] - created[i];
        }
    }

    /// <summary>
    /// Decides a date column's layout from all its tokens and writes each loaded row's day; rows in another layout (or no calendar
    /// date in the column's) are flagged in <paramref name="drop"/> and become rejects. A column whose day/month order no value
    /// decides is refused with a request for the format.
    /// </summary>
    private void ResolveDates(SourceField field, GrowableColumn<long> tokens, GrowableColumn<int> days, string role, List<RejectedRow> late, bool[] drop, List<string> notes)
    {
        DateColumnFormat.Decision? decided = DateColumnFormat.Decide(tokens, _options.Culture, out string? ambiguity);
        if (decided is not DateColumnFormat.Decision decision)
        {
            throw Structural(_source.Source, 1, field.Name,
                $"The {role}s in column '{field.Name}' are written day, month and year, but {ambiguity}.",
                "Give the format: " + Say(
                    $"map.ClosedDate(\"{field.Name}\", \"dd/MM/yyyy\") for day first or map.ClosedDate(\"{field.Name}\", \"MM/dd/yyyy\") for month first (use the file's separator), or DealLoadOptions.DateFormats.",
                    "--date-format dd/MM/yyyy for day first or --date-format MM/dd/yyyy for month first (use the file's separator)."));
        }
        long[] all = tokens.ToArray();
        long[] lines = _builder.Lines.ToArray();
        for (int i = 0; i < tokens.Count; i++)
        {
            if (all[i] == DateColumnFormat.Missing) continue;
            if (DateColumnFormat.TryDay(all[i], decision, out int day, out string? reason)) days[i] = day;
            else
            {
                drop[i] = true;
                late.Add(new RejectedRow(lines[i], field.Name, DateColumnFormat.Text(all[i]), $"The {role} {reason}", DateFix(field.Name, decision)));
            }
        }
        if (decision.Layout is not (DateColumnFormat.Layout.Typed or DateColumnFormat.Layout.Iso))
            notes.Add($"{role}s in '{field.Name}' read as {decision.Description}, inferred from all the column's values");
    }

    /// <summary>The fix for a date that does not fit its column, in the caller's language.</summary>
    private string DateFix(string column, DateColumnFormat.Decision? decision)
    {
        if (decision is not DateColumnFormat.Decision d || d.Layout is DateColumnFormat.Layout.Typed or DateColumnFormat.Layout.Named)
            return "Write every date of the column in one layout, e.g. yyyy-MM-dd (2025-03-31), or give the format with " + Say($"map.ClosedDate(\"{column}\", \"dd.MM.yyyy\").", "--date-format dd.MM.yyyy.");
        string format = DateColumnFormat.FormatString(d.Layout, d.DayFirst);
        return $"Write the date as the rest of the column does ({format}), or correct the export; every date of a column must share one layout.";
    }

    private enum RowOutcome
    {
        Loaded,
        Open,
        Rejected,
    }

    /// <summary>
    /// Reads this row's date in <paramref name="field"/> (the close or the created date, named <paramref name="what"/> in a reject):
    /// a typed date as it is; a text date as a token when the column's layout is decided once all rows are read
    /// (<paramref name="tokenized"/>), else through <paramref name="reader"/> (the formats given); a missing cell as
    /// <see cref="DealSet.MissingDay"/>. False, with the reject, when the cell cannot be a date.
    /// </summary>
    private bool TryReadDate(SourceField field, string what, bool tokenized, DateReader? reader, long line, out int day, out long token, out RejectedRow? reject)
    {
        reject = null;
        day = DealSet.MissingDay;
        token = DateColumnFormat.Missing;
        CellKind kind = _source.Cell(field.Ordinal, out ReadOnlySpan<char> text, out double number);
        if (kind == CellKind.Date)
        {
            day = (int)number;
            token = DateColumnFormat.Typed(day);
        }
        else if (kind == CellKind.Text && tokenized)
        {
            token = DateColumnFormat.Tokenize(text, _options.Culture);
            if (DateColumnFormat.LayoutOf(token) == DateColumnFormat.Layout.Unreadable)
                reject = new RejectedRow(line, field.Name, _source.Text(field.Ordinal), $"The {what} cannot be read as a date.", DateFix(field.Name, null));
        }
        else if (kind == CellKind.Text && !reader!.TryRead(text, out day))
        {
            reject = new RejectedRow(line, field.Name, _source.Text(field.Ordinal), $"The {what} cannot be read as a date.", reader.Fix);
        }
        else if (kind == CellKind.Number)
        {
            reject = new RejectedRow(line, field.Name, _source.Text(field.Ordinal), $"The {what} is a number, not a date.", tokenized ? DateFix(field.Name, null) : reader!.Fix);
        }
        return reject is null;
    }

    private RowOutcome ReadRow(out RejectedRow? reject)
    {
        reject = null;
        long line = _source.Line;
        if (_source.CheckRow() is RowProblem problem)
        {
            reject = Spanning(line, problem);
            return RowOutcome.Rejected;
        }

        // Outcome first: open deals are set aside before anything else is checked.
        SourceField outcomeField = _schema.Outcome;
        CellKind kind = _source.Cell(outcomeField.Ordinal, out ReadOnlySpan<char> text, out double number);
        Outcome outcome = kind switch
        {
            CellKind.Text => _outcomes.Classify(text),
            CellKind.Number => number == 1 ? Outcome.Won : number == 0 ? Outcome.Lost : Outcome.Unknown,
            _ => Outcome.Missing,
        };
        if (outcome == Outcome.Open) return RowOutcome.Open;
        if (outcome is Outcome.Unknown or Outcome.Missing)
        {
            reject = new RejectedRow(line, outcomeField.Name, _source.Text(outcomeField.Ordinal),
                outcome == Outcome.Missing ? "The outcome is empty." : "The outcome label is neither a won, a lost nor an open label.",
                $"Map the labels, e.g. map.Outcome(\"{outcomeField.Name}\", won: [\"Closed Won\"], lost: [\"Closed Lost\"], open: [\"Negotiation\"]); labels known as won: {string.Join(", ", _outcomes.Won)}; lost: {string.Join(", ", _outcomes.Lost)}.");
            return RowOutcome.Rejected;
        }

        NumericField[] numeric = _schema.NumericFields;
        for (int k = 0; k < numeric.Length; k++)
        {
            NumericField f = numeric[k];
            if (f.Ordinal < 0)
            {
                // Derived: 1 per deal for an export without amounts; cycle days once the created dates are resolved.
                _staged[k] = f.Role == NumericRole.Revenue ? 1 : double.NaN;
                continue;
            }
            kind = _source.Cell(f.Ordinal, out text, out number);
            if (kind == CellKind.Missing)
            {
                if (f.Role == NumericRole.Revenue)
                {
                    reject = new RejectedRow(line, f.Name, _source.Text(f.Ordinal), "The revenue (deal amount) is empty.",
                        "Give every closed deal its amount (the amount pursued for a lost deal).");
                    return RowOutcome.Rejected;
                }
                _staged[k] = double.NaN;
                continue;
            }
            if (kind == CellKind.Text)
            {
                if (!_numbers.TryParse(text.Trim(), out number))
                {
                    reject = new RejectedRow(line, f.Name, _source.Text(f.Ordinal), $"The {f.RoleName} is not a number.", NumberFix());
                    return RowOutcome.Rejected;
                }
            }
            else if (kind == CellKind.Date)
            {
                reject = new RejectedRow(line, f.Name, _source.Text(f.Ordinal), $"The {f.RoleName} is a date, not a number.", "Map a numeric column here.");
                return RowOutcome.Rejected;
            }
            if (!double.IsFinite(number))
            {
                reject = new RejectedRow(line, f.Name, _source.Text(f.Ordinal), $"The {f.RoleName} is not a finite number.",
                    "Replace infinite or NaN values with real numbers, or leave the cell empty where the column is optional.");
                return RowOutcome.Rejected;
            }
            if (number < 0 && f.MustBeNonNegative)
            {
                reject = new RejectedRow(line, f.Name, _source.Text(f.Ordinal), $"The {f.RoleName} is negative.",
                    f.Role == NumericRole.Revenue
                        ? "Give the deal amount as a positive number; record refunds and credit notes outside the deal data."
                        : $"Give the {f.RoleName} as zero or more.");
                return RowOutcome.Rejected;
            }
            _staged[k] = number;
        }

        int day = DealSet.MissingDay;
        long dateToken = DateColumnFormat.Missing;
        if (_schema.ClosedDate is SourceField dateField
            && !TryReadDate(dateField, "close date", _closeTokens is not null, _dates, line, out day, out dateToken, out reject))
            return RowOutcome.Rejected;

        int createdDay = DealSet.MissingDay;
        long createdToken = DateColumnFormat.Missing;
        if (_schema.CreatedDate is SourceField createdField
            && !TryReadDate(createdField, "created date", _createdTokens is not null, _createdDates, line, out createdDay, out createdToken, out reject))
            return RowOutcome.Rejected;

        if (_schema.DealId is SourceField idField)
        {
            string? id = _source.Text(idField.Ordinal)?.Trim();
            if (string.IsNullOrEmpty(id))
            {
                reject = new RejectedRow(line, idField.Name, id, "The deal id is empty.", "Give every deal a unique id.");
                return RowOutcome.Rejected;
            }
            if (!_builder.IsNewDealId(id))
            {
                reject = new RejectedRow(line, idField.Name, id, "The deal id appears on an earlier line too; the first one was loaded.",
                    "Give every deal a unique id, or remove the duplicate rows from the export.");
                return RowOutcome.Rejected;
            }
            _builder.DealIds.Add(id);
        }

        // Valid: append every column.
        _builder.Won.Add(outcome == Outcome.Won ? (byte)1 : (byte)0);
        _builder.ClosedDays.Add(day);
        _builder.Lines.Add(line);
        long lastLine = _source.LastLine;
        if (lastLine > line) _lastLines[line] = lastLine;
        _closeTokens?.Add(dateToken);
        _createdTokens?.Add(createdToken);
        _createdDays?.Add(createdDay);
        for (int k = 0; k < numeric.Length; k++) _builder.Numbers[k].Add(_staged[k]);
        AddCategory(_builder.Accounts, _schema.Account);
        AddCategory(_builder.Reps, _schema.Rep);
        SourceField[] categorical = _schema.CategoricalAttributes;
        for (int k = 0; k < categorical.Length; k++) AddCategory(_builder.Categories[k], categorical[k]);
        SourceField[] inferred = _schema.InferredAttributes;
        for (int k = 0; k < inferred.Length; k++)
        {
            InferredAttribute a = _builder.Inferred[k];
            if (_coding is not null && !a.AllNumeric)
            {
                int ordinal = inferred[k].Ordinal;
                int code = _coding.CategoryCode(ordinal);
                if (code != PipelinedCsvRowSource.NotEncoded)
                {
                    a.AddCoded(code, _coding.CategoryLevels(ordinal));
                    continue;
                }
            }
            switch (_source.Cell(inferred[k].Ordinal, out text, out number))
            {
                case CellKind.Text:
                    a.AddText(text, null, _numbers);
                    break;
                case CellKind.Number:
                case CellKind.Date:
                    a.AddNumber(number);
                    break;
                default:
                    a.AddMissing();
                    break;
            }
        }
        return RowOutcome.Loaded;
    }

    /// <summary>
    /// The reject of a record that is malformed as a whole. When an unbalanced quote made it run on over the following lines, the
    /// reject spans them all (<see cref="RejectedRow.LastLine"/>) and its reason says how many lines, and how many non-blank
    /// (deal) rows, were swallowed into it, so none goes unaccounted for.
    /// </summary>
    private RejectedRow Spanning(long line, RowProblem problem)
    {
        string? column = problem.Ordinal < 0 ? null : _source.Columns[problem.Ordinal];
        string? raw = problem.RawValue?.TrimEnd('\r', '\n');
        if (raw is null) return new RejectedRow(line, column, problem.RawValue, problem.Reason, problem.Fix);
        var lines = raw.ReplaceLineEndings("\n").Split('\n');
        if (lines.Length == 1) return new RejectedRow(line, column, problem.RawValue, problem.Reason, problem.Fix);
        long last = line + lines.Length - 1;
        int dealRows = 0;
        for (int i = 1; i < lines.Length; i++)
        {
            if (!string.IsNullOrWhiteSpace(lines[i])) dealRows++;
        }
        string reason = string.Create(CultureInfo.InvariantCulture,
            $"{problem.Reason} The record spans lines {line}-{last}: the {lines.Length - 1:N0} line{(lines.Length == 2 ? "" : "s")} after line {line} ({dealRows:N0} of them not blank, each a deal row lost into this one) were read into it and are not loaded.");
        string fix = problem.Fix + string.Create(CultureInfo.InvariantCulture, $" Then lines {line + 1}-{last} load as deals of their own.");
        return new RejectedRow(line, column, problem.RawValue, reason, fix) { LastLine = last };
    }

    /// <summary>A reject of a row whose quoted fields hold line breaks names every line the row spans, whatever its reason.</summary>
    private RejectedRow WithLastLine(RejectedRow reject)
    {
        long last = _source.LastLine;
        return last > reject.LastLine ? reject with { LastLine = last } : reject;
    }

    private void AddCategory(CategoryEncoder encoder, SourceField? field)
    {
        if (field is null)
        {
            encoder.AddMissing();
            return;
        }
        if (_coding is not null)
        {
            encoder.AddCoded(_coding.CategoryCode(field.Ordinal), _coding.CategoryLevels(field.Ordinal));
            return;
        }
        switch (_source.Cell(field.Ordinal, out ReadOnlySpan<char> text, out double number))
        {
            case CellKind.Text:
                encoder.Add(text);
                break;
            case CellKind.Missing:
                encoder.AddMissing();
                break;
            default:
                encoder.Add(_source.Text(field.Ordinal) ?? number.ToString("R", CultureInfo.InvariantCulture));
                break;
        }
    }

    /// <summary>The code or the command-line wording of a fix, as <see cref="DealLoadOptions.MessageStyle"/> asks.</summary>
    private string Say(string code, string commandLine) => Say(_options, code, commandLine);

    internal static string Say(DealLoadOptions options, string code, string commandLine) =>
        options.MessageStyle == LoadMessageStyle.CommandLine ? commandLine : code;

    private string NumberFix()
    {
        NumberFormatInfo nf = _options.Culture.NumberFormat;
        string culture = _options.Culture.Name.Length == 0 ? "the invariant culture" : _options.Culture.Name;
        return $"Write numbers as in {culture} (decimal separator '{nf.NumberDecimalSeparator}', e.g. 1234{nf.NumberDecimalSeparator}5), without currency symbols or thousands separators, or load with the culture the file uses (DealLoadOptions.Culture, e.g. de-DE for 1234,5).";
    }

    private DealDataException Rejected(LoadReport report)
    {
        RejectedRow first = report.Rejected[0];
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{report.Source}, line{(first.LastLine == first.Line ? " " : "s ")}{first.Lines}");
        if (first.Column is not null) sb.Append(CultureInfo.InvariantCulture, $", column '{first.Column}' ({Position(first.Column)})");
        sb.Append(": ").Append(first.Reason).Append(' ').Append(first.Fix);
        if (_options.IncludeRawValuesInMessages && first.RawValue is not null) sb.Append(" Value: '").Append(first.RawValue).Append("'.");
        if (first.Column is not null && string.Equals(first.Column, _schema.Outcome.Name, StringComparison.Ordinal) && _outcomes.Seen.Count > 0)
            sb.Append(" Labels seen in '").Append(first.Column).Append("': ").Append(string.Join(", ", _outcomes.Seen)).Append('.');
        int more = report.Rejected.Count - 1;
        if (more > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $" {more:N0} more row{(more == 1 ? " has" : "s have")} problems (line");
            sb.Append(more == 1 ? " " : "s ");
            sb.Append(string.Join(", ", report.Rejected.Skip(1).Take(5).Select(r => r.Lines)));
            if (more > 5) sb.Append(", …");
            sb.Append(')');
            sb.Append('.');
        }
        sb.Append(CultureInfo.InvariantCulture, $" {report.RowsRead:N0} rows read. Load with Policy = BadDataPolicy.Lenient to load the good rows and see every problem in the LoadReport.");
        return new DealDataException(sb.ToString(), report, report.Source, first.Line, first.Column);
    }

    private int Position(string column)
    {
        for (int i = 0; i < _source.Columns.Count; i++)
        {
            if (string.Equals(_source.Columns[i], column, StringComparison.Ordinal)) return i + 1;
        }
        return 0;
    }

    internal static DealDataException Structural(string source, long line, string? column, string reason, string fix) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{source}, line {line}{(column is null ? "" : ", column '" + column + "'")}: {reason} {fix}"),
            LoadReport.NothingRead(source), source, line, column);

    // ---- Schema resolution ----

    internal static string Normalize(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (char c in name)
        {
            if (char.IsLetterOrDigit(c)) sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }

    /// <summary>Which column plays which part of a deal, resolved as every source resolves it (the warehouse source uses it on the table's columns).</summary>
    internal static LoadSchema ResolveColumns(IReadOnlyList<string> columns, string source, DealColumnMap map) =>
        Resolve(null, columns, source, map, new DealLoadOptions(), hasAccounts: false, []);

    private static LoadSchema Resolve(IDealRowSource rows, DealColumnMap map, DealLoadOptions options, bool hasAccounts, List<string> lookupKeys) =>
        Resolve(rows, rows.Columns, rows.Source, map, options, hasAccounts, lookupKeys);

    private static LoadSchema Resolve(IDealRowSource? rows, IReadOnlyList<string> columns, string source, DealColumnMap map, DealLoadOptions options, bool hasAccounts, List<string> lookupKeys)
    {
        var claimed = new HashSet<int>();
        var inferred = new List<string>();
        bool infer = map.InferUnmapped;
        bool headerLooksLikeData = LooksLikeData(columns, options);
        string columnsFound = headerLooksLikeData && !options.IncludeRawValuesInMessages
            ? "The first line looks like data, not a header (numbers or dates where column names belong); its cells are not shown."
            : $"Columns found: {string.Join(", ", columns)}.";

        int Find(string? explicitName, string role, string[] candidates, string code, string flag)
        {
            if (explicitName is not null)
            {
                int at = IndexOf(columns, explicitName);
                if (at < 0)
                {
                    string suggestion = headerLooksLikeData ? "column" : ClosestName(columns, [explicitName]) ?? columns[0];
                    throw Structural(source, 1, explicitName,
                        $"The column '{explicitName}' mapped as {role} is not in the data. {columnsFound}{(headerLooksLikeData ? "" : Closest(columns, [explicitName]))}",
                        $"Map {role} to one of the columns found, e.g. {Say(options, code.Replace("{0}", suggestion, StringComparison.Ordinal), flag + " " + Quote(suggestion))}.");
                }
                claimed.Add(at);
                return at;
            }
            if (!infer) return -1;
            foreach (string candidate in CrmPresets.Names(map.CrmPreset, role).Concat(candidates))
            {
                string wanted = Normalize(candidate);
                for (int i = 0; i < columns.Count; i++)
                {
                    if (!claimed.Contains(i) && !map.IgnoredColumns.Contains(columns[i]) && Normalize(columns[i]) == wanted)
                    {
                        claimed.Add(i);
                        inferred.Add($"{role} = '{columns[i]}'");
                        return i;
                    }
                }
            }
            return -1;
        }

        SourceField? Field(int at) => at < 0 ? null : new SourceField(columns[at], at);

        int outcome = Find(map.OutcomeColumn, "outcome", OutcomeNames, "map.Outcome(\"{0}\", won: [\"Closed Won\"], lost: [\"Closed Lost\"])", "--outcome-column");
        int revenue = map.NoRevenue ? -1 : Find(map.RevenueColumn, "revenue", RevenueNames, "map.Revenue(\"{0}\")", "--revenue-column");
        int dealId = Find(map.DealIdColumn, "deal id", DealIdNames, "map.DealId(\"{0}\")", "--deal-id-column");
        int account = Find(map.AccountColumn, "account", AccountNames, "map.Account(\"{0}\")", "--account-column");
        int rep = Find(map.RepColumn, "rep", RepNames, "map.Rep(\"{0}\")", "--rep-column");
        int date = Find(map.ClosedDateColumn, "close date", ClosedDateNames, "map.ClosedDate(\"{0}\")", "--date-column");
        int created = Find(map.CreatedDateColumn, "created date", CreatedDateNames, "map.CreatedDate(\"{0}\")", "--created-date-column");
        int margin = Find(map.MarginColumn, "gross margin", MarginNames, "map.Margin(\"{0}\")", "--margin-column");
        int discount = Find(map.DiscountColumn, "discount", DiscountNames, "map.Discount(\"{0}\")", "--discount-column");
        int cycle = Find(map.CycleDaysColumn, "cycle days", CycleDaysNames, "map.CycleDays(\"{0}\")", "--cycle-days-column");
        int hours = Find(map.EffortHoursColumn, "effort hours", EffortHoursNames, "map.EffortHours(\"{0}\")", "--effort-hours-column");

        if (outcome < 0)
        {
            string? closest = headerLooksLikeData ? null : ClosestName(columns, OutcomeNames);
            throw Structural(source, 1, "outcome",
                $"No outcome column was found (looked for {string.Join(", ", OutcomeNames.Take(4))}). {columnsFound}{(closest is null ? "" : $" Closest match: '{closest}'.")}",
                "Name the column, e.g. " + Say(options, $"map.Outcome(\"{closest ?? "column"}\", won: [\"Closed Won\"], lost: [\"Closed Lost\"]).", $"--outcome-column {Quote(closest ?? "<column>")} --won-label \"Closed Won\" --lost-label \"Closed Lost\"."));
        }
        if (revenue < 0 && !map.NoRevenue)
        {
            string? closest = headerLooksLikeData ? null : rows is null ? ClosestName(columns, RevenueNames) : ClosestAmount(rows, columns, claimed, options);
            throw Structural(source, 1, "revenue",
                $"No revenue column was found (looked for {string.Join(", ", RevenueNames.Take(4))}). {columnsFound}{(closest is null ? "" : $" Closest match: '{closest}' (a column of amounts).")}",
                "Name the column, e.g. " + Say(options,
                    $"map.Revenue(\"{closest ?? "column"}\"), or map.WithoutRevenue() for a lead export without amounts (yields become win rates).",
                    $"--revenue-column {Quote(closest ?? "<column>")}, or --no-revenue for a lead export without amounts (yields become win rates)."));
        }

        var numeric = new List<NumericField> { revenue < 0 ? new(DealSet.UnitRevenueName, -1, NumericRole.Revenue, null) : new(columns[revenue], revenue, NumericRole.Revenue, null) };
        if (margin >= 0) numeric.Add(new(columns[margin], margin, NumericRole.Margin, null));
        if (discount >= 0) numeric.Add(new(columns[discount], discount, NumericRole.Discount, null));
        if (cycle >= 0) numeric.Add(new(columns[cycle], cycle, NumericRole.CycleDays, null));
        else if (created >= 0 && date >= 0) numeric.Add(new("cycle_days", -1, NumericRole.CycleDays, null));
        if (hours >= 0) numeric.Add(new(columns[hours], hours, NumericRole.EffortHours, null));

        if (map.EffortColumns.Count > 0)
        {
            foreach (string e in map.EffortColumns)
            {
                int at = Find(e, "effort", [], "map.Effort(\"{0}\")", "--effort-column");
                numeric.Add(new(columns[at], at, NumericRole.Effort, null));
            }
        }
        else if (infer)
        {
            foreach (string e in KnownEffortNames)
            {
                int at = Find(null, "effort", [e], "", "");
                if (at >= 0) numeric.Add(new(columns[at], at, NumericRole.Effort, null));
            }
        }

        var categorical = new List<SourceField>();
        foreach (string key in lookupKeys)
        {
            int at = IndexOf(columns, key);
            if (at < 0)
                throw Structural(source, 1, key, $"The join key '{key}' is not a column of the deals.",
                    "Join on a column both files have, e.g. " + Say(options, "map.Join(\"products.csv\", on: \"product\").", "--join products.csv --on product."));
            if (claimed.Add(at)) categorical.Add(new(columns[at], at));
        }
        var auto = new List<SourceField>();
        var accountAttributes = new List<AttributeMapping>();
        if (map.Attributes.Count > 0)
        {
            foreach (AttributeMapping a in map.Attributes)
            {
                int at = IndexOf(columns, a.Column);
                if (at < 0 && (hasAccounts || lookupKeys.Count > 0))
                {
                    accountAttributes.Add(a);
                    continue;
                }
                at = Find(a.Column, "attribute", [], "map.Attribute(\"{0}\")", "--attribute");
                if (a.Kind == AttributeKind.Categorical) categorical.Add(new(columns[at], at));
                else numeric.Add(new(columns[at], at, NumericRole.Attribute, a.BandEdges));
            }
        }
        else if (infer)
        {
            for (int i = 0; i < columns.Count; i++)
            {
                if (claimed.Contains(i) || map.IgnoredColumns.Contains(columns[i]) || columns[i].Length == 0) continue;
                if (hasAccounts && account >= 0 && Normalize(columns[i]) == Normalize(columns[account])) continue;
                claimed.Add(i);
                auto.Add(new(columns[i], i));
            }
        }

        var notes = new List<string>();
        if (inferred.Count > 0) notes.Add("columns inferred from their names: " + string.Join(", ", inferred));
        if (revenue < 0) notes.Add("no revenue column: every deal counts as 1, so yields are win rates and per-hour yields are wins per effort hour");
        else if (margin < 0) notes.Add("no gross margin column: yields use revenue");
        if (hours < 0) notes.Add("no effort hours column: per-hour measures are absent");
        if (dealId < 0) notes.Add("no deal id column: deals are numbered in load order and duplicates cannot be detected");
        if (date < 0) notes.Add("no close date column: deals cannot be split by period");
        if (cycle < 0 && created >= 0 && date >= 0) notes.Add($"cycle days derived as '{columns[date]}' minus '{columns[created]}'");

        return new LoadSchema
        {
            DealId = Field(dealId),
            Account = Field(account),
            Rep = Field(rep),
            ClosedDate = Field(date),
            CreatedDate = Field(created),
            Outcome = Field(outcome)!,
            NumericFields = [.. numeric],
            CategoricalAttributes = [.. categorical],
            InferredAttributes = [.. auto],
            AccountAttributes = [.. accountAttributes],
            Notes = notes,
        };
    }

    private static string Quote(string column) => column.Contains(' ', StringComparison.Ordinal) ? "\"" + column + "\"" : column;

    /// <summary>
    /// Whether the header row looks like a data row (a missing header): some "names" are numbers or dates. Such a row's cells are
    /// never listed in a message, since they would be deal data.
    /// </summary>
    internal static bool LooksLikeData(IReadOnlyList<string> columns, DealLoadOptions options)
    {
        var numbers = new NumberReader(options.Culture);
        var labels = new HashSet<string>(options.WonLabels.Concat(options.LostLabels).Concat(options.OpenLabels).Select(l => l.Trim()), StringComparer.OrdinalIgnoreCase);
        foreach (string c in columns)
        {
            string t = c.Trim();
            if (t.Length == 0) continue;
            if (numbers.TryParse(t, out _)) return true;
            // A stage label ("Closed Won", "Prospecting") where a column name belongs: a deal row, unless it is an outcome column's name (won).
            if (labels.Contains(t) && !OutcomeNames.Any(n => Normalize(n) == Normalize(t))) return true;
            DateColumnFormat.Layout l = DateColumnFormat.LayoutOf(DateColumnFormat.Tokenize(t, options.Culture));
            if (l is not (DateColumnFormat.Layout.Unreadable or DateColumnFormat.Layout.Named)) return true;
            int digits = t.Count(char.IsAsciiDigit);
            if (digits >= 4 && digits * 2 >= t.Length) return true;
        }
        return false;
    }

    /// <summary>
    /// The unclaimed column most like a deal amount, by content and name: at least 80 % of the first 200 values are numbers
    /// (currency symbols and thousands separators allowed), preferring names near the revenue names, then columns with cents.
    /// Reads rows of <paramref name="rows"/>: call only when the load stops anyway.
    /// </summary>
    private static string? ClosestAmount(IDealRowSource rows, IReadOnlyList<string> columns, HashSet<int> claimed, DealLoadOptions options)
    {
        var numbers = new NumberReader(options.Culture);
        var numeric = new int[columns.Count];
        var filled = new int[columns.Count];
        var fractional = new int[columns.Count];
        int read = 0;
        Span<char> buffer = stackalloc char[64];
        while (read < 200 && rows.Read())
        {
            read++;
            if (rows.CheckRow() is not null) continue;
            for (int i = 0; i < columns.Count; i++)
            {
                if (claimed.Contains(i)) continue;
                if (rows.Cell(i, out ReadOnlySpan<char> text, out double value) == CellKind.Missing) continue;
                filled[i]++;
                if (rows.Cell(i, out text, out value) == CellKind.Number) { numeric[i]++; continue; }
                int n = 0;
                foreach (char c in text.Trim())
                {
                    if (n == buffer.Length) break;
                    if (c is '$' or '€' or '£' or '¥' or ' ' or '\u00A0' || c == options.Culture.NumberFormat.NumberGroupSeparator[0] && c != options.Culture.NumberFormat.NumberDecimalSeparator[0]) continue;
                    buffer[n++] = c;
                }
                if (n > 0 && numbers.TryParse(buffer[..n], out value) && double.IsFinite(value))
                {
                    numeric[i]++;
                    if (value != Math.Floor(value)) fractional[i]++;
                }
            }
        }
        string? best = null;
        (int Distance, int Fraction) bestScore = (int.MaxValue, 0);
        for (int i = 0; i < columns.Count; i++)
        {
            if (filled[i] == 0 || numeric[i] < 0.8 * filled[i]) continue;
            string c = Normalize(columns[i]);
            int distance = RevenueNames.Min(w => EditDistance(c, Normalize(w)));
            if (c.Contains("id", StringComparison.Ordinal) && c.EndsWith("id", StringComparison.Ordinal)) distance += 100;
            (int, int) score = (distance, -fractional[i]);
            if (best is null || score.CompareTo(bestScore) < 0)
            {
                best = columns[i];
                bestScore = score;
            }
        }
        return best;
    }

    internal static int IndexOf(IReadOnlyList<string> columns, string name)
    {
        for (int i = 0; i < columns.Count; i++)
        {
            if (string.Equals(columns[i], name, StringComparison.OrdinalIgnoreCase)) return i;
        }
        return -1;
    }

    private static string Closest(IReadOnlyList<string> columns, IReadOnlyList<string> wanted)
    {
        string? closest = ClosestName(columns, wanted);
        return closest is null ? "" : $" Closest match: '{closest}'.";
    }

    /// <summary>The column whose normalized name is nearest (by edit distance) to any wanted name, if reasonably near.</summary>
    internal static string? ClosestName(IReadOnlyList<string> columns, IReadOnlyList<string> wanted)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string column in columns)
        {
            string c = Normalize(column);
            foreach (string w in wanted)
            {
                string n = Normalize(w);
                int d = EditDistance(c, n);
                if (d < bestDistance && d <= Math.Max(2, n.Length / 2))
                {
                    bestDistance = d;
                    best = column;
                }
            }
        }
        return best;
    }

    internal static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}

internal enum Outcome
{
    Won,
    Lost,
    Open,
    Unknown,
    Missing,
}

/// <summary>Classifies outcome labels (case-insensitive, trimmed) with a span-keyed lookup, and remembers the labels seen.</summary>
internal sealed class OutcomeLabels
{
    private readonly Dictionary<string, Outcome> _labels = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Outcome>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly Dictionary<string, int> _seen = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _seenLookup;
    private readonly Dictionary<string, Outcome> _exact = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Outcome>.AlternateLookup<ReadOnlySpan<char>> _exactLookup;

    public OutcomeLabels(IReadOnlyList<string> won, IReadOnlyList<string> lost, IReadOnlyList<string> open)
    {
        Won = won;
        Lost = lost;
        foreach (string l in open) _labels[l.Trim()] = Outcome.Open;
        foreach (string l in lost) _labels[l.Trim()] = Outcome.Lost;
        foreach (string l in won) _labels[l.Trim()] = Outcome.Won;
        _lookup = _labels.GetAlternateLookup<ReadOnlySpan<char>>();
        _seenLookup = _seen.GetAlternateLookup<ReadOnlySpan<char>>();
        _exactLookup = _exact.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public IReadOnlyList<string> Won { get; }

    public IReadOnlyList<string> Lost { get; }

    /// <summary>Every distinct label seen, in first-seen order (at most 50).</summary>
    public List<string> Seen { get; } = [];

    /// <summary>The open stages seen, in first-seen order.</summary>
    public List<string> OpenSeen { get; } = [];

    public Outcome Classify(ReadOnlySpan<char> label)
    {
        if (_exactLookup.TryGetValue(label, out Outcome cached)) return cached;
        Outcome outcome = ClassifyNew(label);
        if (_exact.Count < 1_000) _exact[label.ToString()] = outcome;
        return outcome;
    }

    private Outcome ClassifyNew(ReadOnlySpan<char> label)
    {
        label = label.Trim();
        if (!_seenLookup.ContainsKey(label) && Seen.Count < 50)
        {
            string s = label.ToString();
            _seen[s] = Seen.Count;
            Seen.Add(s);
            if (_lookup.TryGetValue(label, out Outcome o) && o == Outcome.Open) OpenSeen.Add(s);
        }
        return _lookup.TryGetValue(label, out Outcome outcome) ? outcome : Outcome.Unknown;
    }
}

/// <summary>Reads close dates: ISO 8601 fast, then the given exact formats, or the culture's own formats.</summary>
internal sealed class DateReader
{
    private readonly string[]? _formats;
    private readonly CultureInfo _culture;

    public DateReader(IReadOnlyList<string>? formats, CultureInfo culture)
    {
        _formats = formats is null ? null : [.. formats];
        _culture = culture;
        Fix = _formats is null
            ? $"Write dates as yyyy-MM-dd (e.g. 2025-03-31) or in the culture's format ({(culture.Name.Length == 0 ? "invariant" : culture.Name)}: {culture.DateTimeFormat.ShortDatePattern}), or give the exact format (DealLoadOptions.DateFormats, or map.ClosedDate(column, \"dd.MM.yyyy\"))."
            : $"Write dates in one of the formats given ({string.Join(", ", _formats)}), or add the file's format to DealLoadOptions.DateFormats.";
    }

    public string Fix { get; }

    public bool TryRead(ReadOnlySpan<char> text, out int day)
    {
        text = text.Trim();
        if (text.Length >= 10 && text[4] == '-' && text[7] == '-' && (text.Length == 10 || text[10] is 'T' or ' ')
            && TryDigits(text[..4], out int y) && TryDigits(text.Slice(5, 2), out int m) && TryDigits(text.Slice(8, 2), out int d)
            && y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, m))
        {
            day = new DateOnly(y, m, d).DayNumber;
            return true;
        }
        DateTime parsed;
        bool ok = _formats is null
            ? DateTime.TryParse(text, _culture, DateTimeStyles.AllowWhiteSpaces, out parsed)
            : DateTime.TryParseExact(text, _formats, _culture, DateTimeStyles.AllowWhiteSpaces, out parsed);
        day = ok ? DateOnly.FromDateTime(parsed).DayNumber : DealSet.MissingDay;
        return ok;
    }

    private static bool TryDigits(ReadOnlySpan<char> s, out int value)
    {
        value = 0;
        foreach (char c in s)
        {
            if ((uint)(c - '0') > 9) return false;
            value = value * 10 + (c - '0');
        }
        return true;
    }
}
