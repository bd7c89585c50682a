using System.Globalization;
using System.Text;

namespace IcpAnalytics.Data;

/// <summary>The part an attribute column plays in the analysis: a kind of customer, a way of selling, or neither.</summary>
public enum AttributeRole
{
    /// <summary>Describes the customer (industry, size, region, year founded …): searched for the ideal customer profile by default.</summary>
    AccountAttribute,

    /// <summary>Describes how the deal was sold (product, lead source, deal type): reported in its own yield table ("how we sell") and used in ICP rules only when asked.</summary>
    DealAttribute,

    /// <summary>Not an attribute to segment by: an id or name, a date, a column that is (nearly) determined by the outcome, or the outcome, revenue, margin or effort itself.</summary>
    Excluded,
}

/// <summary>The role of one column and why it has it.</summary>
/// <param name="Column">The column's name as loaded.</param>
/// <param name="Role">Its role.</param>
/// <param name="Reason">Why, in words, without any cell value (e.g. "from the accounts file", "outcome leakage: filled on 412 deals, 100 % of them won").</param>
/// <param name="IsSetByCaller">Whether the role was set in the column map or on the command line rather than inferred.</param>
public sealed record AttributeRoleAssignment(string Column, AttributeRole Role, string Reason, bool IsSetByCaller)
{
    /// <summary>"Industry: account attribute (from the accounts file)".</summary>
    public override string ToString() => $"{Column}: {AttributeRoles.RoleName(Role)} ({Reason})";
}

/// <summary>
/// The role of every column of a deal set (<see cref="DealSet.AttributeRoles"/>): account attributes (searched for the ideal customer
/// profile by default), deal attributes ("how we sell": reported in their own yield table) and excluded columns, each with its reason.
/// Roles are inferred once on the loaded deals and shared by every view of them (<see cref="DealSet.Where"/>, <see cref="DealSet.ClosedBefore"/> …);
/// set them with <see cref="DealColumnMap.AccountAttribute"/>, <see cref="DealColumnMap.DealAttribute"/> and
/// <see cref="DealColumnMap.ExcludeAttribute"/> (<c>--account-attribute</c>, <c>--deal-attribute</c>, <c>--exclude-attribute</c>).
/// </summary>
/// <remarks>
/// Inference, in order, for each attribute column not set by the caller: an id by name (the last word is id, key, number, uuid …);
/// outcome leakage (the deals with a value, or those without one, are at least <see cref="LeakagePurity"/> one outcome, on at least
/// <see cref="LeakageMinDeals"/> deals and <see cref="LeakageMinZ"/> standard errors from the overall share: a field a CRM fills once
/// a deal is won or lost; or the value predicts won/lost with Goodman–Kruskal λ ≥ <see cref="ValueLeakageMinLambda"/>); near-unique
/// text (at least <see cref="NearUniqueMinLevels"/> distinct values and one per <see cref="NearUniqueShare"/> of the deals with one:
/// names, ids, free text); dates (more than <see cref="MaxDistinctDates"/> distinct dates); one distinct value per account (at least
/// <see cref="AccountUniqueShare"/> of the accounts: an account's name); then an accounts file's columns are account attributes, and
/// a column that is the same on every deal of at least <see cref="AccountConstantShare"/> of the accounts with several deals is an
/// account attribute, otherwise a deal attribute. With fewer than <see cref="MinAccountsToTellRoles"/> accounts with several deals
/// (no account column, one deal per account) constancy cannot be told and the column is taken as an account attribute.
/// </remarks>
public sealed record AttributeRoles
{
    /// <summary>The share of accounts with at least two deals on which a column must be constant to be an account attribute.</summary>
    public const double AccountConstantShare = 0.99;

    /// <summary>The fewest accounts with at least two deals needed to tell account attributes from deal attributes.</summary>
    public const int MinAccountsToTellRoles = 10;

    /// <summary>The share of a side (deals with a value, deals without) that must be one outcome for the presence of a value to count as outcome leakage; also the purity of the outcome within each value for the value check.</summary>
    public const double LeakagePurity = 0.98;

    /// <summary>The fewest deals a side (with a value, without one) must have before its outcome mix can reveal leakage.</summary>
    public const int LeakageMinDeals = 20;

    /// <summary>How many standard errors a side's outcome share must lie from the overall share (under the binomial) to count as leakage rather than chance.</summary>
    public const double LeakageMinZ = 5;

    /// <summary>Goodman–Kruskal λ (the share of outcome errors removed by knowing the value) at or above which a column's value is taken as (nearly) determined by the outcome.</summary>
    public const double ValueLeakageMinLambda = 0.8;

    /// <summary>The fewest deals a value (or band) must have to count on its own in the value leakage check; smaller ones are pooled.</summary>
    public const int LeakageMinDealsPerValue = 10;

    /// <summary>The fewest distinct values a text column must have before it can count as near-unique or one-per-account.</summary>
    public const int NearUniqueMinLevels = 20;

    /// <summary>The number of distinct values per deal with a value at or above which a text column is near-unique (an id, a name, free text).</summary>
    public const double NearUniqueShare = 0.5;

    /// <summary>The number of distinct values per account at or above which an account-constant text column is the account's name or id.</summary>
    public const double AccountUniqueShare = 0.9;

    /// <summary>The most distinct dates a date column may have and still be a segment (e.g. a fiscal quarter); a column with more is excluded.</summary>
    public const int MaxDistinctDates = 24;

    /// <summary>Every column's role, in load order: attributes first, then the columns that are parts of a deal (outcome, revenue …).</summary>
    public required IReadOnlyList<AttributeRoleAssignment> All { get; init; }

    /// <summary>The account attributes, searched for the ideal customer profile by default.</summary>
    public IReadOnlyList<string> AccountAttributes => [.. All.Where(a => a.Role == AttributeRole.AccountAttribute).Select(a => a.Column)];

    /// <summary>The deal attributes ("how we sell"), reported in their own yield table.</summary>
    public IReadOnlyList<string> DealAttributes => [.. All.Where(a => a.Role == AttributeRole.DealAttribute).Select(a => a.Column)];

    /// <summary>The excluded columns with their reasons.</summary>
    public IReadOnlyList<AttributeRoleAssignment> Excluded => [.. All.Where(a => a.Role == AttributeRole.Excluded)];

    /// <summary>The role of <paramref name="column"/> (case-insensitive), or null when the deals have no such column.</summary>
    /// <param name="column">The column's name.</param>
    public AttributeRoleAssignment? Of(string column)
    {
        ArgumentNullException.ThrowIfNull(column);
        return All.FirstOrDefault(a => string.Equals(a.Column, column, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>One line per column: "Industry: account attribute (from the accounts file)".</summary>
    public override string ToString()
    {
        var sb = new StringBuilder("Attribute roles:");
        foreach (AttributeRoleAssignment a in All) sb.AppendLine().Append("  ").Append(a);
        return sb.ToString();
    }

    /// <summary>"account attribute", "deal attribute", "excluded".</summary>
    internal static string RoleName(AttributeRole role) => role switch
    {
        AttributeRole.AccountAttribute => "account attribute",
        AttributeRole.DealAttribute => "deal attribute",
        _ => "excluded",
    };
}

/// <summary>What the loader knows about roles beyond the data: roles set by the caller, the accounts file's columns, the deal parts' columns.</summary>
internal sealed record AttributeRoleHints
{
    public static readonly AttributeRoleHints None = new();

    /// <summary>Roles set in the map (or by flags), by column, case-insensitive.</summary>
    public IReadOnlyDictionary<string, AttributeRole> Set { get; init; } = new Dictionary<string, AttributeRole>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Attribute columns that came from an accounts file.</summary>
    public IReadOnlySet<string> FromAccounts { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Columns that are parts of a deal (outcome, revenue, dates …) and what they are; null derives them from the deal set's columns.</summary>
    public IReadOnlyList<(string Column, string Reason)>? Parts { get; init; }

    /// <summary>Whom the reasons speak to (flags or the fluent map).</summary>
    public LoadMessageStyle Style { get; init; } = LoadMessageStyle.Code;
}

/// <summary>Infers <see cref="AttributeRoles"/> from a deal set's columns and outcomes (see the thresholds on <see cref="AttributeRoles"/>).</summary>
internal static class AttributeRoleInference
{
    private static readonly HashSet<string> IdWords = new(StringComparer.OrdinalIgnoreCase) { "id", "ids", "key", "number", "nr", "no", "uuid", "guid" };

    private static readonly string[] DateFormats =
        ["yyyy-MM-dd", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm:ssZ", "M/d/yyyy", "d/M/yyyy", "d.M.yyyy", "yyyy/MM/dd", "M/d/yyyy h:mm tt", "M/d/yyyy H:mm", "d-MMM-yyyy", "MMM d, yyyy"];

    public static AttributeRoles Infer(DealSet deals, AttributeRoleHints hints)
    {
        int n = deals.Count;
        var won = new bool[n];
        int wonCount = 0;
        for (int i = 0; i < n; i++)
        {
            won[i] = deals.IsWon(i);
            if (won[i]) wonCount++;
        }
        var account = new int[n];
        deals.Accounts.CopyCodesTo(account);
        int accountLevels = deals.Accounts.LevelArray.Length;
        var dealsPerAccount = new int[accountLevels];
        foreach (int a in account) if (a >= 0) dealsPerAccount[a]++;
        int accountsWithDeals = dealsPerAccount.Count(c => c > 0);
        int accountsWithSeveral = dealsPerAccount.Count(c => c >= 2);

        var all = new List<AttributeRoleAssignment>();
        foreach (CategoricalColumn column in deals.CategoricalArray)
        {
            var codes = new int[n];
            column.CopyCodesTo(codes);
            all.Add(Assign(column.Name, codes, column.LevelArray.Length, column.IsBanded ? null : column.LevelArray));
        }
        foreach (NumericColumn column in deals.NumericArray)
        {
            double[] values = column.ToArray();
            (int[] codes, int levels) = Encode(values);
            all.Add(Assign(column.Name, codes, levels, null, values));
        }
        foreach ((string col, string reason) in hints.Parts ?? PartsOf(deals))
        {
            if (all.Any(a => string.Equals(a.Column, col, StringComparison.OrdinalIgnoreCase))) continue;
            all.Add(new AttributeRoleAssignment(col, AttributeRole.Excluded, reason, false));
        }
        return new AttributeRoles { All = all };

        AttributeRoleAssignment Assign(string name, int[] codes, int levels, string[]? textLevels, double[]? numbers = null)
        {
            if (hints.Set.TryGetValue(name, out AttributeRole set))
                return new AttributeRoleAssignment(name, set, "set with " + SetBy(set, name, hints.Style), true);
            string? excluded = IdByName(name) ? "an id (by its name), not a kind of customer" : null;
            excluded ??= Leakage(codes, levels, numbers);
            int filled = 0;
            var seen = new bool[levels];
            int distinct = 0;
            foreach (int c in codes)
            {
                if (c < 0) continue;
                filled++;
                if (!seen[c]) { seen[c] = true; distinct++; }
            }
            (double constantShare, int several) = Constancy(codes);
            if (excluded is null && textLevels is not null)
            {
                if (distinct > AttributeRoles.MaxDistinctDates && LooksLikeDates(textLevels, seen))
                    excluded = Invariant($"a date with {distinct:N0} distinct values; dates are not kinds of customers");
                else if (distinct >= AttributeRoles.NearUniqueMinLevels && distinct >= AttributeRoles.NearUniqueShare * filled)
                    excluded = Invariant($"near-unique: {distinct:N0} distinct values on {filled:N0} deals (an id, a name or free text)");
                else if (distinct >= AttributeRoles.NearUniqueMinLevels && accountsWithDeals > 0 && several >= AttributeRoles.MinAccountsToTellRoles
                    && constantShare >= AttributeRoles.AccountConstantShare && distinct >= AttributeRoles.AccountUniqueShare * AccountsWithValue(codes))
                    excluded = Invariant($"one distinct value per account ({distinct:N0} values): an account's name or id, not a kind of customer");
            }
            if (excluded is not null)
                return new AttributeRoleAssignment(name, AttributeRole.Excluded, excluded + "; " + Override(name, hints.Style), false);
            if (hints.FromAccounts.Contains(name))
                return new AttributeRoleAssignment(name, AttributeRole.AccountAttribute, "from the accounts file", false);
            if (several < AttributeRoles.MinAccountsToTellRoles)
                return new AttributeRoleAssignment(name, AttributeRole.AccountAttribute,
                    several == 0
                        ? "taken as an account attribute: no account has more than one deal, so whether it varies within accounts cannot be told"
                        : Invariant($"taken as an account attribute: only {several:N0} {(several == 1 ? "account has" : "accounts have")} several deals, too few to tell whether it varies within accounts"), false);
            if (constantShare >= AttributeRoles.AccountConstantShare)
                return new AttributeRoleAssignment(name, AttributeRole.AccountAttribute,
                    Invariant($"the same on every deal of {constantShare:P1} of the {several:N0} accounts with several deals"), false);
            return new AttributeRoleAssignment(name, AttributeRole.DealAttribute,
                Invariant($"varies between deals of one account (the same in only {constantShare:P1} of the {several:N0} accounts with several deals)"), false);
        }

        int AccountsWithValue(int[] codes)
        {
            var seen = new bool[accountLevels];
            int count = 0;
            for (int i = 0; i < n; i++)
            {
                int a = account[i];
                if (a >= 0 && codes[i] >= 0 && !seen[a]) { seen[a] = true; count++; }
            }
            return count;
        }

        // The share of accounts with at least two deals whose deals all have the same value (a missing value counts as a value).
        (double Share, int Several) Constancy(int[] codes)
        {
            if (accountsWithSeveral == 0) return (1, 0);
            var first = new int[accountLevels];
            var varies = new bool[accountLevels];
            Array.Fill(first, int.MinValue);
            for (int i = 0; i < n; i++)
            {
                int a = account[i];
                if (a < 0 || dealsPerAccount[a] < 2) continue;
                if (first[a] == int.MinValue) first[a] = codes[i];
                else if (first[a] != codes[i]) varies[a] = true;
            }
            int constant = 0;
            for (int a = 0; a < accountLevels; a++)
            {
                if (dealsPerAccount[a] >= 2 && !varies[a]) constant++;
            }
            return ((double)constant / accountsWithSeveral, accountsWithSeveral);
        }

        string? Leakage(int[] codes, int levels, double[]? numbers)
        {
            if (n == 0 || wonCount == 0 || wonCount == n) return null;
            int filled = 0, wonFilled = 0;
            for (int i = 0; i < n; i++)
            {
                if (codes[i] < 0) continue;
                filled++;
                if (won[i]) wonFilled++;
            }
            double p = (double)wonCount / n;
            if (Pure(filled, wonFilled) is string side) return Invariant($"outcome leakage: filled on {filled:N0} deals, {side}: a field filled once the outcome is known");
            if (Pure(n - filled, wonCount - wonFilled) is string empty) return Invariant($"outcome leakage: empty on {n - filled:N0} deals, {empty}: a field filled once the outcome is known");

            // The value check: Goodman–Kruskal λ over values (quantile bands for numbers) with enough deals, the rest pooled, missing a value of its own.
            int[] groups = codes;
            int groupCount = levels;
            if (numbers is not null)
            {
                double[] edges = Banding.QuantileEdges(numbers, 10);
                groups = new int[n];
                for (int i = 0; i < n; i++) groups[i] = double.IsNaN(numbers[i]) ? -1 : Banding.BandIndex(edges, numbers[i]);
                groupCount = edges.Length + 1;
            }
            var total = new int[groupCount + 2];
            var wins = new int[groupCount + 2];
            for (int i = 0; i < n; i++)
            {
                int g = groups[i] < 0 ? groupCount : groups[i];
                total[g]++;
                if (won[i]) wins[g]++;
            }
            int pooled = groupCount + 1;
            for (int g = 0; g < groupCount; g++)
            {
                if (total[g] > 0 && total[g] < AttributeRoles.LeakageMinDealsPerValue)
                {
                    total[pooled] += total[g];
                    wins[pooled] += wins[g];
                    total[g] = wins[g] = 0;
                }
            }
            int baseline = Math.Max(wonCount, n - wonCount);
            if (n - baseline < AttributeRoles.LeakageMinDeals) return null;
            int correct = 0;
            for (int g = 0; g < total.Length; g++) correct += Math.Max(wins[g], total[g] - wins[g]);
            double lambda = (double)(correct - baseline) / (n - baseline);
            if (lambda >= AttributeRoles.ValueLeakageMinLambda)
                return Invariant($"outcome leakage: its value tells won from lost almost always (λ = {lambda:0.00}): a field set by the outcome");
            return null;

            string? Pure(int count, int wonSide)
            {
                if (count < AttributeRoles.LeakageMinDeals) return null;
                double share = (double)wonSide / count;
                bool mostlyWon = share >= 0.5;
                double purity = mostlyWon ? share : 1 - share;
                double q = mostlyWon ? p : 1 - p;
                if (purity < AttributeRoles.LeakagePurity || q >= AttributeRoles.LeakagePurity) return null;
                double z = (purity - q) / Math.Sqrt(q * (1 - q) / count);
                if (z < AttributeRoles.LeakageMinZ) return null;
                return Invariant($"{purity:P0} of them {(mostlyWon ? "won" : "lost")} (of all deals {q:P0})");
            }
        }
    }

    /// <summary>The columns a deal set holds as parts of a deal, when the loader did not list them.</summary>
    private static IEnumerable<(string, string)> PartsOf(DealSet deals)
    {
        if (deals.HasRevenue) yield return (deals.Revenue.Name, "the revenue (the amount of each deal)");
        if (deals.GrossMargin is not null) yield return (deals.GrossMargin.Name, "the gross margin");
        if (deals.Discount is not null) yield return (deals.Discount.Name, "the discount");
        if (deals.CycleDays is not null) yield return (deals.CycleDays.Name, "the cycle days");
        foreach (NumericColumn e in deals.EffortArray) yield return (e.Name, "an effort count");
        if (deals.EffortHours is not null) yield return (deals.EffortHours.Name, "the effort hours");
        yield return (deals.Accounts.Name, "the account key");
        yield return (deals.Reps.Name, "the rep");
    }

    private static string SetBy(AttributeRole role, string name, LoadMessageStyle style) => style == LoadMessageStyle.CommandLine
        ? role switch { AttributeRole.AccountAttribute => "--account-attribute", AttributeRole.DealAttribute => "--deal-attribute", _ => "--exclude-attribute" }
        : role switch { AttributeRole.AccountAttribute => $"map.AccountAttribute(\"{name}\")", AttributeRole.DealAttribute => $"map.DealAttribute(\"{name}\")", _ => $"map.ExcludeAttribute(\"{name}\")" };

    private static string Override(string name, LoadMessageStyle style) => style == LoadMessageStyle.CommandLine
        ? $"--account-attribute {(name.Contains(' ', StringComparison.Ordinal) ? "\"" + name + "\"" : name)} searches it anyway"
        : $"map.AccountAttribute(\"{name}\") searches it anyway";

    /// <summary>Whether the column's last word names an id (opportunity_id, "Account ID", OrderNumber, uuid).</summary>
    internal static bool IdByName(string name)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        for (int i = 0; i < name.Length; i++)
        {
            char ch = name[i];
            if (!char.IsLetterOrDigit(ch))
            {
                if (current.Length > 0) { words.Add(current.ToString()); current.Clear(); }
                continue;
            }
            if (char.IsUpper(ch) && current.Length > 0 && char.IsLower(current[^1])) { words.Add(current.ToString()); current.Clear(); }
            current.Append(ch);
        }
        if (current.Length > 0) words.Add(current.ToString());
        return words.Count > 0 && (IdWords.Contains(words[^1]) && (words.Count > 1 || words[^1].Length >= 2)) || words.Count == 1 && words[0].Equals("id", StringComparison.OrdinalIgnoreCase);
    }

    private static bool LooksLikeDates(string[] levels, bool[] used)
    {
        int checkedLevels = 0, dates = 0;
        for (int k = 0; k < levels.Length && checkedLevels < 200; k++)
        {
            if (!used[k]) continue;
            checkedLevels++;
            string s = levels[k].Trim();
            if (s.Length < 6 || !s.Any(char.IsDigit) || s.IndexOfAny(['-', '/', '.', ' ']) < 0) continue;
            if (DateTime.TryParseExact(s, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out _)
                || DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out _))
                dates++;
        }
        return checkedLevels > 0 && dates >= 0.9 * checkedLevels;
    }

    private static (int[] Codes, int Levels) Encode(double[] values)
    {
        var map = new Dictionary<double, int>();
        var codes = new int[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            double v = values[i];
            if (double.IsNaN(v)) { codes[i] = -1; continue; }
            if (!map.TryGetValue(v, out int c)) map[v] = c = map.Count;
            codes[i] = c;
        }
        return (codes, map.Count);
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
