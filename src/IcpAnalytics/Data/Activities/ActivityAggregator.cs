using System.Globalization;

namespace IcpAnalytics.Data;

/// <summary>The per-deal effort an activity log aggregated to, with its report.</summary>
internal sealed record ActivityAggregation(List<(string Name, double[] Counts)> Efforts, double[] Hours, ActivityLoadReport Report, string Summary);

/// <summary>
/// Streams an activity log once into per-deal accumulators (counts by effort and hours): memory is the deals' accumulators,
/// the id lookups and a bounded cache of type texts, whatever the log's length.
/// </summary>
internal static class ActivityAggregator
{
    public const string HoursName = "effort_hours";
    private const int CheckEvery = 1 << 16;

    private enum Outcome { Matched, AccountLevel, OtherType, Unmatched, AfterClose, BeforeCreation, Rejected }

    private sealed record Columns(int Deal, int Account, int Type, int Date, int Duration, DurationUnit Unit, string[] Names);

    public static ActivityAggregation Aggregate(DealSet deals, ActivityLog log, CancellationToken cancellationToken)
    {
        ActivityColumnMap map = log.Map;
        DealLoadOptions options = log.Options;
        List<(ActivityEffort Effort, bool Mapped)> efforts = map.Efforts();
        if (efforts.Count == 0)
            throw new InvalidOptionsException([Say(options, "Map at least one effort of the activity log, e.g. log.Count(\"calls\", \"Call\"), or keep the default vocabulary.",
                "Map at least one effort with --activity-count calls=Call, or keep the default vocabulary.")]);
        if (deals.ClosedDays.All(d => d == DealSet.MissingDay))
            throw new DealDataException($"{deals.LoadReport.Source}: the deals have no close dates, so activities after the close cannot be told apart. Map the close date, e.g. "
                + Say(options, "map.ClosedDate(\"close_date\").", "--date-column close_date."), deals.LoadReport, deals.LoadReport.Source, 0, null);

        IDealRowSource source = log.Open();
        try
        {
            Columns columns = Resolve(source, map, options);
            var notes = new List<string>();
            if (source.Note is not null) notes.Add(source.Note);
            DateColumnFormat.Decision? decision = null;
            DateReader? exact = map.DateFormats is null ? null : new DateReader(map.DateFormats, options.Culture);
            if (exact is null)
            {
                if (log.Reopenable)
                {
                    decision = DecideDates(source, columns, options, log.Source, cancellationToken);
                    source.Dispose();
                    source = log.Open();
                }
                else
                {
                    decision = new DateColumnFormat.Decision(DateColumnFormat.Layout.Iso, false, DateColumnFormat.Describe(DateColumnFormat.Layout.Iso, false));
                }
            }
            notes.Add(Describe(columns, decision, map));
            source.Use([.. new[] { columns.Deal, columns.Account, columns.Type, columns.Date, columns.Duration }.Where(o => o >= 0)]);
            return Run(deals, log, source, columns, efforts, decision, exact, notes, cancellationToken);
        }
        finally
        {
            source.Dispose();
        }
    }

    private static ActivityAggregation Run(DealSet deals, ActivityLog log, IDealRowSource source, Columns columns, List<(ActivityEffort Effort, bool Mapped)> efforts,
        DateColumnFormat.Decision? decision, DateReader? exact, List<string> notes, CancellationToken cancellationToken)
    {
        DealLoadOptions options = log.Options;
        int physical = deals.ClosedDays.Length;
        int e = efforts.Count;
        int[] closed = deals.ClosedDays;
        int[]? created = deals.CreatedDays;

        // The deals in this set, by id and by account (each account's deals in the set's order).
        var byId = new Dictionary<string, int>(StringComparer.Ordinal);
        var byAccount = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (int i = 0; i < deals.Count; i++)
        {
            int p = deals.Rows is null ? i : deals.Rows[i];
            byId.TryAdd(deals.DealId(i).Trim(), p);
            if (deals.Accounts[i] is string account)
            {
                if (!byAccount.TryGetValue(account.Trim(), out List<int>? list)) byAccount[account.Trim()] = list = [];
                if (!list.Contains(p)) list.Add(p);
            }
        }
        var idLookup = byId.GetAlternateLookup<ReadOnlySpan<char>>();
        var accountLookup = byAccount.GetAlternateLookup<ReadOnlySpan<char>>();
        var matcher = new TypeMatcher(efforts, log.Map);
        var counts = new double[physical * e];
        var hours = new double[physical];
        var seen = new bool[e];
        var numbers = new NumberReader(options.Culture);
        double unitHours = columns.Unit switch { DurationUnit.Hours => 1, DurationUnit.Minutes => 1.0 / 60, DurationUnit.Seconds => 1.0 / 3600, _ => 1.0 / 3_600_000 };
        var candidates = new List<int>();
        var rejected = new List<RejectedRow>();
        long read = 0, matched = 0, accountLevel = 0, other = 0, unmatched = 0, afterClose = 0, beforeCreation = 0, rejects = 0, fromDuration = 0;

        while (source.Read())
        {
            if ((++read & (CheckEvery - 1)) == 0) cancellationToken.ThrowIfCancellationRequested();
            RejectedRow? reject = null;
            if (source.CheckRow() is RowProblem problem)
            {
                reject = new RejectedRow(source.Line, problem.Ordinal < 0 ? null : columns.Names[problem.Ordinal], problem.RawValue, problem.Reason, problem.Fix);
            }
            int day = DealSet.MissingDay;
            double duration = double.NaN;
            if (reject is null) reject = ReadDate(source, columns, decision, exact, options, out day);
            if (reject is null && columns.Duration >= 0) reject = ReadDuration(source, columns, numbers, out duration);
            if (reject is not null)
            {
                rejects++;
                if (source.LastLine > reject.LastLine) reject = reject with { LastLine = source.LastLine };
                if (options.Policy == BadDataPolicy.Strict) throw Rejected(log.Source, reject, options, read);
                if (rejected.Count < ActivityLoadReport.MaxListedRejects) rejected.Add(reject);
                continue;
            }

            int effort = columns.Type < 0 ? -1 : source.Cell(columns.Type, out ReadOnlySpan<char> typeText, out _) == CellKind.Text ? matcher.Match(typeText) : -1;
            Outcome outcome;
            int deal = -1;
            List<int>? accountDeals = null;
            ReadOnlySpan<char> dealText = default;
            bool hasDeal = columns.Deal >= 0 && source.Cell(columns.Deal, out dealText, out _) == CellKind.Text && !dealText.Trim().IsEmpty;
            if (hasDeal && idLookup.TryGetValue(dealText.Trim(), out deal))
            {
                outcome = closed[deal] == DealSet.MissingDay ? Outcome.Unmatched
                    : day > closed[deal] ? Outcome.AfterClose
                    : created is not null && created[deal] != DealSet.MissingDay && day < created[deal] ? Outcome.BeforeCreation
                    : Outcome.Matched;
            }
            else if (hasDeal && accountLookup.TryGetValue(dealText.Trim(), out accountDeals))
            {
                outcome = AccountWindows(accountDeals, day, closed, created, candidates);
            }
            else if (!hasDeal && columns.Account >= 0 && source.Cell(columns.Account, out ReadOnlySpan<char> accountText, out _) == CellKind.Text
                && accountLookup.TryGetValue(accountText.Trim(), out accountDeals))
            {
                outcome = AccountWindows(accountDeals, day, closed, created, candidates);
            }
            else
            {
                outcome = Outcome.Unmatched;
            }
            if (outcome is Outcome.Matched or Outcome.AccountLevel && effort < 0) outcome = Outcome.OtherType;
            switch (outcome)
            {
                case Outcome.Matched:
                case Outcome.AccountLevel:
                    double h = double.IsNaN(duration) ? efforts[effort].Effort.HoursEach : duration * unitHours;
                    if (!double.IsNaN(duration)) fromDuration++;
                    seen[effort] = true;
                    matched++;
                    if (outcome == Outcome.Matched)
                    {
                        counts[(long)deal * e + effort] += 1;
                        hours[deal] += h;
                    }
                    else
                    {
                        accountLevel++;
                        double share = 1.0 / candidates.Count;
                        foreach (int d in candidates)
                        {
                            counts[(long)d * e + effort] += share;
                            hours[d] += h * share;
                        }
                    }
                    break;
                case Outcome.OtherType: other++; break;
                case Outcome.Unmatched: unmatched++; break;
                case Outcome.AfterClose: afterClose++; break;
                default: beforeCreation++; break;
            }
        }
        cancellationToken.ThrowIfCancellationRequested();

        var columnsOut = new List<(string Name, double[] Counts)>();
        for (int k = 0; k < e; k++)
        {
            if (!seen[k] && !efforts[k].Mapped) continue;
            var column = new double[physical];
            for (int d = 0; d < physical; d++) column[d] = counts[(long)d * e + k];
            columnsOut.Add((efforts[k].Effort.Name, column));
        }
        var c = CultureInfo.InvariantCulture;
        notes.Add(columnsOut.Count == 0
            ? "no activity counted toward any effort"
            : string.Create(c, $"efforts counted: {string.Join(", ", columnsOut.Select(o => o.Name))}; effort hours from the duration for {fromDuration:N0} activities, else {string.Join(", ", efforts.Where(x => columnsOut.Any(o => o.Name == x.Effort.Name)).Select(x => string.Create(c, $"{x.Effort.Name} {x.Effort.HoursEach:0.###} h each")))}"));
        if (other > 0)
            notes.Add(string.Create(c, $"{other:N0} activities of types no effort counts were set aside; count them with ") + Say(options, "log.Count(\"effort\", \"Type\").", "--activity-count effort=Type."));
        if (unmatched > 0)
            notes.Add(string.Create(c, $"{unmatched:N0} activities belong to no loaded deal (an open, rejected or unknown deal, an account with no deal open at the date, or no id) and were set aside"));
        if (rejects > rejected.Count)
            notes.Add(string.Create(c, $"{rejects:N0} activities rejected; the first {rejected.Count:N0} are listed"));
        var report = new ActivityLoadReport(log.Source, read, matched, accountLevel, other, unmatched, afterClose, beforeCreation, rejects, rejected, notes);
        bool replaced = deals.Efforts.Count > 0 || deals.EffortHours is not null;
        string summary = string.Create(c,
            $"effort from the activity log {log.Source}: {read:N0} activities read, {matched:N0} matched ({accountLevel:N0} through their account), {other:N0} of other types, {unmatched:N0} unmatched, {afterClose:N0} after close, {beforeCreation:N0} before creation, {rejects:N0} rejected{(replaced ? "; the deals' own effort columns were replaced" : "")}");
        return new ActivityAggregation(columnsOut, hours, report, summary);
    }

    /// <summary>The account's deals whose [created, close] window holds <paramref name="day"/> into <paramref name="candidates"/>; the outcome when none does.</summary>
    private static Outcome AccountWindows(List<int> accountDeals, int day, int[] closed, int[]? created, List<int> candidates)
    {
        candidates.Clear();
        bool allClosedBefore = true, allCreatedAfter = true;
        foreach (int d in accountDeals)
        {
            if (closed[d] == DealSet.MissingDay)
            {
                allClosedBefore = allCreatedAfter = false;
                continue;
            }
            int start = created is null ? DealSet.MissingDay : created[d];
            bool closedBefore = day > closed[d];
            bool createdAfter = start != DealSet.MissingDay && day < start;
            if (!closedBefore && !createdAfter) candidates.Add(d);
            allClosedBefore &= closedBefore;
            allCreatedAfter &= createdAfter;
        }
        if (candidates.Count > 0) return Outcome.AccountLevel;
        return allClosedBefore ? Outcome.AfterClose : allCreatedAfter ? Outcome.BeforeCreation : Outcome.Unmatched;
    }

    private static RejectedRow? ReadDate(IDealRowSource source, Columns columns, DateColumnFormat.Decision? decision, DateReader? exact, DealLoadOptions options, out int day)
    {
        day = DealSet.MissingDay;
        string name = columns.Names[columns.Date];
        CellKind kind = source.Cell(columns.Date, out ReadOnlySpan<char> text, out double number);
        switch (kind)
        {
            case CellKind.Missing:
                return new RejectedRow(source.Line, name, null, "The activity has no date, so it cannot be placed before or after its deal's close.", "Give every activity its date, or remove undated rows from the log.");
            case CellKind.Date:
                day = (int)number;
                return null;
            case CellKind.Number:
                return new RejectedRow(source.Line, name, source.Text(columns.Date), "The activity date is a number, not a date.", DateFix(name, options, decision));
        }
        if (exact is not null)
        {
            if (exact.TryRead(text, out day)) return null;
            return new RejectedRow(source.Line, name, source.Text(columns.Date), "The activity date does not match the formats given.",
                "Write every date of the column in one of the formats given, or give the log's format with " + Say(options, $"log.Date(\"{name}\", \"dd.MM.yyyy\").", "--activity-date-format dd.MM.yyyy."));
        }
        long token = DateColumnFormat.Tokenize(text, options.Culture);
        if (DateColumnFormat.TryDay(token, decision!.Value, out day, out string? reason)) return null;
        return new RejectedRow(source.Line, name, source.Text(columns.Date), "The activity date " + reason, DateFix(name, options, decision));
    }

    private static string DateFix(string column, DealLoadOptions options, DateColumnFormat.Decision? decision) =>
        "Write every date of the column in one layout" + (decision is { } d ? $" ({d.Description})" : "") + ", or give the log's format with "
        + Say(options, $"log.Date(\"{column}\", \"dd/MM/yyyy\").", "--activity-date-format dd/MM/yyyy.");

    private static RejectedRow? ReadDuration(IDealRowSource source, Columns columns, NumberReader numbers, out double duration)
    {
        duration = double.NaN;
        string name = columns.Names[columns.Duration];
        CellKind kind = source.Cell(columns.Duration, out ReadOnlySpan<char> text, out double number);
        if (kind == CellKind.Missing) return null;
        if (kind == CellKind.Number) duration = number;
        else if (kind != CellKind.Text || !numbers.TryParse(text.Trim(), out duration)) duration = double.NaN;
        if (double.IsFinite(duration) && duration >= 0) return null;
        duration = double.NaN;
        return new RejectedRow(source.Line, name, source.Text(columns.Duration), "The activity's duration is not a number of 0 or more.",
            $"Write the duration as a plain number ({columns.Unit.ToString().ToLowerInvariant()}), or leave it empty to use the effort's hours each.");
    }

    private static DealDataException Rejected(string log, RejectedRow reject, DealLoadOptions options, long read)
    {
        string message = string.Create(CultureInfo.InvariantCulture, $"{log}, line {reject.Line}{(reject.Column is null ? "" : ", column '" + reject.Column + "'")}: {reject.Reason} {reject.Fix}")
            + (options.IncludeRawValuesInMessages && reject.RawValue is not null ? " Value: '" + reject.RawValue + "'." : "")
            + string.Create(CultureInfo.InvariantCulture, $" {read:N0} activities read. ")
            + Say(options, "Load with Policy = BadDataPolicy.Lenient to count the good activities and see every problem in the ActivityReport.",
                "Without --strict the good activities are counted and every problem is listed.");
        return new DealDataException(message, LoadReport.NothingRead(log), log, reject.Line, reject.Column);
    }

    /// <summary>Pass one over a file: the date column's layout from every value, as the deals' date columns are decided.</summary>
    private static DateColumnFormat.Decision DecideDates(IDealRowSource source, Columns columns, DealLoadOptions options, string log, CancellationToken cancellationToken)
    {
        source.Use([columns.Date]);
        var layouts = new long[16];
        var firstAbove12 = new long[16];
        var secondAbove12 = new long[16];
        long rows = 0;
        while (source.Read())
        {
            if ((++rows & (CheckEvery - 1)) == 0) cancellationToken.ThrowIfCancellationRequested();
            if (source.CheckRow() is not null || source.Cell(columns.Date, out ReadOnlySpan<char> text, out _) != CellKind.Text) continue;
            long token = DateColumnFormat.Tokenize(text, options.Culture);
            int layout = (int)DateColumnFormat.LayoutOf(token);
            layouts[layout]++;
            int a = (int)((token >> 32) & 0xFFFF), b = (int)((token >> 16) & 0xFFFF);
            if (a > 12 && b <= 12) firstAbove12[layout]++;
            else if (b > 12 && a <= 12) secondAbove12[layout]++;
        }
        var best = DateColumnFormat.Layout.None;
        long bestCount = 0;
        for (int l = (int)DateColumnFormat.Layout.Iso; l <= (int)DateColumnFormat.Layout.Named; l++)
        {
            if (layouts[l] > bestCount)
            {
                bestCount = layouts[l];
                best = (DateColumnFormat.Layout)l;
            }
        }
        if (best == DateColumnFormat.Layout.None) return new DateColumnFormat.Decision(DateColumnFormat.Layout.Iso, false, DateColumnFormat.Describe(DateColumnFormat.Layout.Iso, false));
        if (best is not (DateColumnFormat.Layout.DayMonthDash or DateColumnFormat.Layout.DayMonthSlash or DateColumnFormat.Layout.DayMonthDot))
            return new DateColumnFormat.Decision(best, false, DateColumnFormat.Describe(best, false));
        long first = firstAbove12[(int)best], second = secondAbove12[(int)best];
        bool dayFirst;
        if (first != second) dayFirst = first > second;
        else if (options.Culture.Name.Length > 0)
        {
            string pattern = options.Culture.DateTimeFormat.ShortDatePattern;
            dayFirst = pattern.IndexOf('d', StringComparison.Ordinal) < pattern.IndexOf('M', StringComparison.Ordinal);
        }
        else
        {
            string name = columns.Names[columns.Date];
            string why = first == 0
                ? "every date has its day and its month at 12 or below, so day-first and month-first cannot be told apart"
                : string.Create(CultureInfo.InvariantCulture, $"as many dates read only day-first ({first:N0}) as only month-first ({second:N0})");
            throw DealLoader.Structural(log, 1, name, $"The activity dates' order is ambiguous: {why}.",
                "Give the format: " + Say(options, $"log.Date(\"{name}\", \"dd/MM/yyyy\") for day first or log.Date(\"{name}\", \"MM/dd/yyyy\") for month first (use the file's separator).",
                    "--activity-date-format dd/MM/yyyy for day first or --activity-date-format MM/dd/yyyy for month first (use the file's separator)."));
        }
        return new DateColumnFormat.Decision(best, dayFirst, DateColumnFormat.Describe(best, dayFirst));
    }

    private static Columns Resolve(IDealRowSource source, ActivityColumnMap map, DealLoadOptions options)
    {
        IReadOnlyList<string> names = source.Columns;
        string log = source.Source;
        if (names.Count == 0)
            throw DealLoader.Structural(log, 1, null, "The activity log is empty: it has no header row.", "Export the activities with a header row (e.g. opportunity_id,type,activity_date,duration_minutes).");
        int Mapped(string? column, string role, string code, string flag)
        {
            if (column is null) return -1;
            int at = DealLoader.IndexOf(names, column);
            if (at >= 0) return at;
            string? closest = DealLoader.ClosestName(names, [column]);
            throw DealLoader.Structural(log, 1, column,
                $"The column mapped as the activity {role} is not in the log. Columns found: {string.Join(", ", names)}.{(closest is null ? "" : $" Closest match: '{closest}'.")}",
                "Map one of the columns found, e.g. " + Say(options, code.Replace("{0}", closest ?? names[0], StringComparison.Ordinal), flag + " " + (closest ?? names[0])) + ".");
        }
        int Inferred(string[] preset, string[] common)
        {
            foreach (string wanted in preset.Concat(common))
            {
                for (int i = 0; i < names.Count; i++)
                {
                    if (DealLoader.Normalize(names[i]) == DealLoader.Normalize(wanted)) return i;
                }
            }
            return -1;
        }
        CrmPreset p = map.CrmPreset;
        int deal = map.DealIdColumn is not null ? Mapped(map.DealIdColumn, "deal id", "log.DealId(\"{0}\")", "--activity-deal-column") : Inferred(ActivityColumnNames.DealId(p), ActivityColumnNames.CommonDealId);
        int account = map.AccountColumn is not null ? Mapped(map.AccountColumn, "account", "log.AccountId(\"{0}\")", "--activity-account-column") : Inferred(ActivityColumnNames.Account(p), ActivityColumnNames.CommonAccount);
        if (account == deal) account = -1;
        int type = map.TypeColumn is not null ? Mapped(map.TypeColumn, "type", "log.Type(\"{0}\")", "--activity-type-column") : Inferred(ActivityColumnNames.Type(p), ActivityColumnNames.CommonType);
        int date = map.DateColumn is not null ? Mapped(map.DateColumn, "date", "log.Date(\"{0}\")", "--activity-date-column") : Inferred(ActivityColumnNames.Date(p), ActivityColumnNames.CommonDate);
        int duration = -1;
        DurationUnit unit = map.DurationUnit;
        if (map.DurationColumn is not null) duration = Mapped(map.DurationColumn, "duration", "log.DurationMinutes(\"{0}\")", "--activity-duration-column");
        else
        {
            foreach ((string wanted, DurationUnit u) in ActivityColumnNames.Duration(p).Concat(ActivityColumnNames.CommonDuration))
            {
                int at = Inferred([wanted], []);
                if (at < 0) continue;
                duration = at;
                unit = u;
                break;
            }
        }
        string found = string.Join(", ", names);
        if (deal < 0 && account < 0)
            throw DealLoader.Structural(log, 1, null, $"The activity log has no deal (opportunity) id and no account column that could be inferred. Columns found: {found}.",
                "Map one, e.g. " + Say(options, "log.DealId(\"opportunity_id\") or log.AccountId(\"account_id\").", "--activity-deal-column opportunity_id or --activity-account-column account_id."));
        if (type < 0)
            throw DealLoader.Structural(log, 1, null, $"The activity log has no activity type column that could be inferred. Columns found: {found}.",
                "Map it, e.g. " + Say(options, "log.Type(\"activity_type\").", "--activity-type-column activity_type."));
        if (date < 0)
            throw DealLoader.Structural(log, 1, null, $"The activity log has no date column that could be inferred. Columns found: {found}.",
                "Map it, e.g. " + Say(options, "log.Date(\"activity_date\").", "--activity-date-column activity_date."));
        return new Columns(deal, account, type, date, duration, unit, [.. names]);
    }

    private static string Describe(Columns c, DateColumnFormat.Decision? decision, ActivityColumnMap map)
    {
        var parts = new List<string>();
        if (c.Deal >= 0) parts.Add($"deal id '{c.Names[c.Deal]}'");
        if (c.Account >= 0) parts.Add($"account '{c.Names[c.Account]}'");
        parts.Add($"type '{c.Names[c.Type]}'");
        parts.Add($"date '{c.Names[c.Date]}' ({(decision is { } d ? d.Description : "formats " + string.Join(", ", map.DateFormats!))})");
        parts.Add(c.Duration >= 0 ? $"duration '{c.Names[c.Duration]}' ({c.Unit.ToString().ToLowerInvariant()})" : "no duration column (hours per type)");
        return "activity columns: " + string.Join(", ", parts);
    }

    private static string Say(DealLoadOptions options, string code, string commandLine) => DealLoader.Say(options, code, commandLine);

    /// <summary>
    /// Activity type text → effort: a label equal to the trimmed text (case-insensitive), else the longest label the text begins
    /// with followed by a space or punctuation. Mapped labels win over the default vocabulary's. Results are cached for at most
    /// <see cref="CacheLimit"/> distinct texts, so free-text subjects cannot grow memory.
    /// </summary>
    private sealed class TypeMatcher
    {
        private const int CacheLimit = 4096;
        private readonly Dictionary<string, int> _exact = new(StringComparer.OrdinalIgnoreCase);
        private readonly (string Label, int Effort)[] _byLength;
        private readonly Dictionary<string, int> _cache = new(StringComparer.OrdinalIgnoreCase);

        public TypeMatcher(List<(ActivityEffort Effort, bool Mapped)> efforts, ActivityColumnMap map)
        {
            var ordered = new List<(string Label, int Effort)>();
            foreach ((string effort, string[] types) in map.Counts)
            {
                int at = efforts.FindIndex(x => string.Equals(x.Effort.Name, effort, StringComparison.OrdinalIgnoreCase));
                foreach (string t in types) ordered.Add((t.Trim(), at));
            }
            for (int k = 0; k < efforts.Count; k++)
            {
                foreach (string t in efforts[k].Effort.Types) ordered.Add((t.Trim(), k));
            }
            foreach ((string label, int effort) in ordered) _exact.TryAdd(label, effort);
            _byLength = [.. _exact.Select(kv => (kv.Key, kv.Value)).OrderByDescending(x => x.Key.Length).ThenBy(x => x.Key, StringComparer.Ordinal)];
        }

        public int Match(ReadOnlySpan<char> text)
        {
            text = text.Trim();
            var cache = _cache.GetAlternateLookup<ReadOnlySpan<char>>();
            if (cache.TryGetValue(text, out int cached)) return cached;
            int result = Compute(text);
            if (_cache.Count < CacheLimit) cache[text] = result;
            return result;
        }

        private int Compute(ReadOnlySpan<char> text)
        {
            if (_exact.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(text, out int effort)) return effort;
            foreach ((string label, int e) in _byLength)
            {
                if (text.Length > label.Length && text.StartsWith(label, StringComparison.OrdinalIgnoreCase) && !char.IsLetterOrDigit(text[label.Length])) return e;
            }
            return -1;
        }
    }
}
