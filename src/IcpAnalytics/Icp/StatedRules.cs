using System.Globalization;
using System.Text.RegularExpressions;
using IcpAnalytics.Data;
using IcpAnalytics.Segments;
using IcpAnalytics.Statistics;

namespace IcpAnalytics.Icp;

/// <summary>
/// A profile written by hand: <c>deals.Icp().BuildFromRules("industry = Software and employees 250–1,000")</c> builds the
/// strategists' believed ICP from rule text and evaluates it exactly like a discovered one (rule yields with intervals,
/// coverage, fit score; <see cref="IdealCustomerProfile.Validate"/> on later deals); <see cref="ProfileAgreement"/> sets it
/// beside what the data finds.
/// </summary>
/// <remarks>
/// Grammar, one rule per string, conditions joined by <c>and</c> (several rules are OR-ed, as in a discovered profile):
/// <c>attribute = level</c>, <c>attribute in (level, level)</c>, <c>attribute = unknown</c> (missing), and for a numeric
/// attribute <c>attribute &gt;= 250</c>, <c>attribute &lt; 1,000</c> and the range <c>attribute 250–1,000</c> (en dash or
/// hyphen; from 250 up to, not including, 1,000). Attribute and level names are matched ignoring case. A numeric attribute
/// is banded at the rules' own thresholds. A condition on several levels (<c>in</c>, or a range over several bands) becomes
/// one rule per level, which covers the same accounts because a profile's rules are OR-ed. The rules were stated before
/// looking at these deals, so there is no discovery/confirmation split: every training deal tests them (one-sided,
/// account-clustered, Holm-adjusted over the rules), and every stated rule belongs to the profile, significant or not.
/// </remarks>
public static class StatedProfileExtensions
{
    /// <summary>Builds the believed profile from rule text on the builder's deals, measure and options (see <see cref="StatedProfileExtensions"/>).</summary>
    /// <param name="builder">The ICP builder (its deals, <see cref="IcpOptions.RankBy"/>, confidence level and correction are used; its attributes are not).</param>
    /// <param name="rules">The rules, e.g. "industry = Software and employees 250–1,000", "region in (EMEA, DACH)".</param>
    /// <exception cref="InvalidOptionsException">Every rule that does not parse or names an attribute or level the deals do not have, with the position and the fix.</exception>
    public static IdealCustomerProfile BuildFromRules(this IcpBuilder builder, params string[] rules)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(rules);
        return StatedRules.Build(builder.Deals, builder.Options, rules, StatedRules.InCode(rules));
    }

    /// <summary>Builds the believed profile on the deals closed before <paramref name="date"/> and validates it on the deals closed on or after it.</summary>
    /// <param name="builder">The ICP builder.</param>
    /// <param name="date">The cut-off date.</param>
    /// <param name="rules">The rules.</param>
    public static HoldoutValidation ValidateRulesOnDealsClosedAfter(this IcpBuilder builder, DateOnly date, params string[] rules)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(rules);
        DealSet training = builder.Deals.ClosedBefore(date);
        DealSet later = builder.Deals.ClosedOnOrAfter(date);
        if (training.Count == 0 || later.Count == 0)
            throw new InvalidOptionsException([string.Create(CultureInfo.InvariantCulture,
                $"The cut-off {date:yyyy-MM-dd} leaves {training.Count:N0} deals before it and {later.Count:N0} on or after it; choose a date inside the deals' close dates so both sides have deals.")]);
        IdealCustomerProfile profile = StatedRules.Build(training, builder.Options, rules, StatedRules.InCode(rules));
        return HoldoutValidation.Compute(profile, later, date);
    }
}

/// <summary>
/// Where rule text came from, for messages in the caller's language: <see cref="Locate"/> names rule k (0-based) and, when
/// given, the 0-based character in its text ("rule 2 (\"…\"), at character 5", "--icp \"…\", at character 5",
/// "rules.txt, line 3, column 5 (\"…\")"); <see cref="ShowValues"/> lets messages quote the deals' own levels (off by
/// default: deal data can be confidential), and <see cref="LevelsHint"/> says how to list them when they are not quoted.
/// </summary>
internal sealed record StatedRuleContext(Func<int, int?, string> Locate, bool ShowValues, string LevelsHint);

/// <summary>Parses rule text and builds a profile from it.</summary>
internal static class StatedRules
{
    /// <summary>The context of rules given in code: "rule k (\"text\"), at character c"; levels are not quoted.</summary>
    internal static StatedRuleContext InCode(IReadOnlyList<string> rules) => new(
        (k, c) => $"rule {k + 1} (\"{rules[k]}\")" + (c is int p ? $", at character {p + 1}" : ""),
        false, "deals.Summarize() shows each attribute's most frequent levels");

    private enum Op { Equals, In, AtLeast, Below, Range }

    private sealed record Condition(string Attribute, Op Op, string[] Values, double Low, double High, int Position, string Text);

    private static readonly Regex InPattern = new(@"^(?<a>.+?)\s+in\s*\((?<v>.*)\)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    private static readonly Regex RangePattern = new(@"^(?<a>.+?)\s+(?<lo>-?[0-9][0-9,]*(\.[0-9]+)?)\s*[–—-]\s*(?<hi>-?[0-9][0-9,]*(\.[0-9]+)?)$", RegexOptions.CultureInvariant);
    private static readonly Regex OpPattern = new(@"^(?<a>.+?)\s*(?<op>>=|<=|≥|≤|<|>|=)\s*(?<v>.*)$", RegexOptions.CultureInvariant);
    private static readonly Regex AndPattern = new(@"\s+and\s+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private const string Grammar = "write conditions as 'industry = Software', 'region in (EMEA, DACH)', 'employees >= 250', 'employees < 1,000' or 'employees 250–1,000', joined by 'and'";

    internal static IdealCustomerProfile Build(DealSet deals, IcpOptions options, IReadOnlyList<string> rules, StatedRuleContext context)
    {
        var problems = new List<string>(options.Problems());
        if (rules.Count == 0) problems.Add("No rule was given; state at least one, e.g. \"industry = Software and employees 250–1,000\".");
        if (deals.Count == 0) problems.Add("The deal set is empty; a believed profile is tested on closed deals.");
        if (options.RankBy == ProfitYield.MarginPerEffortHour && deals.EffortHours is null)
            problems.Add("RankBy is MarginPerEffortHour but the deals have no effort hours; rank by MarginPerDealPursued or load effort hours.");
        var parsed = new List<Condition[]>();
        for (int k = 0; k < rules.Count; k++)
        {
            Condition[]? conditions = Parse(rules[k] ?? "", k, context, problems);
            if (conditions is not null) parsed.Add(conditions);
        }
        if (problems.Count > 0) throw new InvalidOptionsException(problems);

        // Resolve attributes; band numeric ones at the rules' thresholds.
        var attributeNames = new List<string>();
        var thresholds = new Dictionary<string, SortedSet<double>>(StringComparer.OrdinalIgnoreCase);
        string[] allNames = [.. deals.CategoricalAttributes.Select(c => c.Name), .. deals.NumericAttributes.Select(c => c.Name)];
        for (int k = 0; k < parsed.Count; k++)
        {
            foreach (Condition c in parsed[k])
            {
                string where = context.Locate(k, c.Position);
                bool numeric = deals.HasNumericAttribute(c.Attribute);
                CategoricalColumn? categorical = deals.FindCategorical(c.Attribute);
                if (!numeric && categorical is null)
                {
                    string? closest = DealLoader.ClosestName(allNames, [c.Attribute]);
                    problems.Add($"{where}: the deals have no attribute '{c.Attribute}'.{(closest is null ? "" : $" Did you mean '{closest}'?")} Attributes: {deals.AttributeNameList()}.");
                    continue;
                }
                if (numeric && c.Op is Op.In)
                {
                    problems.Add($"{where}: '{c.Attribute}' is numeric; state a range such as '{c.Attribute} 250–1,000' or '{c.Attribute} >= 250' instead of a list.");
                    continue;
                }
                if (numeric && c.Op is Op.Equals && !IsUnknown(c.Values[0]))
                {
                    problems.Add($"{where}: '{c.Attribute}' is numeric; state a range such as '{c.Attribute} 250–1,000' or '{c.Attribute} >= 250' instead of '='.");
                    continue;
                }
                if (!numeric && categorical!.IsBanded && c.Op is Op.AtLeast or Op.Below or Op.Range)
                {
                    // Banded already (e.g. --attribute employees:50,200,1000): a range must start and end on its band edges.
                    double[] bandEdges = categorical.BandEdgeArray!;
                    double[] ends = [.. (c.Op is Op.AtLeast or Op.Range ? [c.Low] : Array.Empty<double>()), .. (c.Op is Op.Below or Op.Range ? [c.High] : Array.Empty<double>())];
                    if (ends.Any(e => !bandEdges.Contains(e)))
                    {
                        problems.Add($"{where}: '{categorical.Name}' is banded at {string.Join(", ", bandEdges.Select(e => e.ToString("N0", CultureInfo.InvariantCulture)))}; "
                            + $"start and end the range on these edges (e.g. '{categorical.Name} {bandEdges[0].ToString("N0", CultureInfo.InvariantCulture)}–{bandEdges[^1].ToString("N0", CultureInfo.InvariantCulture)}'), or load it as a number to band it at the rule's own thresholds.");
                        continue;
                    }
                }
                else if (!numeric && c.Op is Op.AtLeast or Op.Below or Op.Range)
                {
                    string example = context.ShowValues ? categorical!.LevelArray.FirstOrDefault() ?? "level" : "level";
                    problems.Add($"{where}: '{c.Attribute}' is not numeric; state its levels, e.g. '{c.Attribute} = {example}' or '{c.Attribute} in (…)'.");
                    continue;
                }
                string canonical = numeric ? deals.Numeric(c.Attribute).Name : categorical!.Name;
                if (!attributeNames.Contains(canonical, StringComparer.OrdinalIgnoreCase)) attributeNames.Add(canonical);
                if (numeric)
                {
                    if (!thresholds.TryGetValue(canonical, out SortedSet<double>? set)) thresholds[canonical] = set = [];
                    if (c.Op is Op.AtLeast or Op.Range) set.Add(c.Low);
                    if (c.Op is Op.Below or Op.Range) set.Add(c.High);
                }
            }
        }
        if (problems.Count > 0) throw new InvalidOptionsException(problems);
        foreach ((string attribute, SortedSet<double> edges) in thresholds)
        {
            if (edges.Count > 0) deals = deals.WithBands(attribute, [.. edges]);
        }

        ProfitYield measure = options.RankBy ?? (deals.EffortHours is not null ? ProfitYield.MarginPerEffortHour : ProfitYield.MarginPerDealPursued);
        SearchData data = Data(deals, attributeNames, measure);

        // Each rule as single-level candidates (the cartesian product of its conditions' levels).
        var candidates = new List<Candidate>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (int k = 0; k < parsed.Count; k++)
        {
            var attrs = new List<int>();
            var choices = new List<int[]>();
            foreach (Condition c in parsed[k])
            {
                string where = context.Locate(k, c.Position);
                int a = Array.FindIndex(data.Names, n => string.Equals(n, c.Attribute, StringComparison.OrdinalIgnoreCase));
                if (attrs.Contains(a))
                {
                    problems.Add($"{where}: '{c.Attribute}' appears twice in one rule; state it once (a range such as '{c.Attribute} 250–1,000', or a list with 'in (…)').");
                    continue;
                }
                int[]? codes = Codes(data, a, c, where, context, problems);
                if (codes is null) continue;
                attrs.Add(a);
                choices.Add(codes);
            }
            long combinations = choices.Aggregate(1L, (p, c) => p * c.Length);
            if (combinations > 256)
            {
                problems.Add($"{context.Locate(k, null)} spans {combinations:N0} combinations of levels; narrow its lists or ranges (at most 256).");
                continue;
            }
            if (attrs.Count != parsed[k].Length) continue;
            foreach (int[] combo in Product(choices))
            {
                int[] order = [.. Enumerable.Range(0, attrs.Count).OrderBy(j => attrs[j])];
                int[] sortedAttrs = [.. order.Select(j => attrs[j])];
                int[] sortedCodes = [.. order.Select(j => combo[j])];
                string key = Candidate.MakeKey(sortedAttrs, sortedCodes);
                if (keys.Add(key)) candidates.Add(new Candidate { Attrs = sortedAttrs, Codes = sortedCodes, Key = key });
            }
        }
        if (problems.Count > 0) throw new InvalidOptionsException(problems);

        SearchOutcome outcome = Test(data, candidates, options);
        return ProfileFactory.Create(data, outcome, options, measure, stated: true);
    }

    private static bool IsUnknown(string value) => string.Equals(value, SegmentYieldExtensions.UnknownLevel, StringComparison.OrdinalIgnoreCase);

    private static SearchData Data(DealSet deals, List<string> attributes, ProfitYield measure)
    {
        // Every stated attribute is categorical or banded by now; SearchData leaves no attribute out that the rules name.
        SearchData data = SearchData.Create(deals, attributes, measure, 4);
        foreach (string a in attributes)
        {
            if (!data.Names.Contains(a, StringComparer.OrdinalIgnoreCase))
                throw new InvalidOptionsException([$"'{a}' has one value (or none) on every deal, so a rule on it cannot tell customers apart; {string.Join(" ", data.Notes)}"]);
        }
        return data;
    }

    private static int[]? Codes(SearchData data, int a, Condition c, string where, StatedRuleContext context, List<string> problems)
    {
        string[] levels = data.Levels[a];
        if (c.Op is Op.Equals or Op.In)
        {
            var codes = new List<int>();
            foreach (string v in c.Values)
            {
                if (IsUnknown(v)) { codes.Add(data.UnknownCode(a)); continue; }
                int l = Array.FindIndex(levels, x => string.Equals(x, v, StringComparison.OrdinalIgnoreCase));
                if (l < 0)
                {
                    string[] closest = [.. levels.OrderBy(x => DealLoader.EditDistance(x.ToLowerInvariant(), v.ToLowerInvariant())).ThenBy(x => x, StringComparer.Ordinal).Take(5)];
                    int distance = DealLoader.EditDistance(closest[0].ToLowerInvariant(), v.ToLowerInvariant());
                    problems.Add(context.ShowValues
                        ? $"{where}: '{data.Names[a]}' has no level '{v}'. Its closest levels: {string.Join(", ", closest.Select(x => "'" + x + "'"))} ({levels.Length:N0} levels in all)."
                        : $"{where}: '{data.Names[a]}' has no level '{v}' (levels are matched ignoring case; it has {levels.Length:N0}, the closest {distance:N0} character{(distance == 1 ? "" : "s")} away). "
                          + $"Fix the spelling; {context.LevelsHint}.");
                    return null;
                }
                if (!codes.Contains(l)) codes.Add(l);
            }
            return [.. codes];
        }
        double[] edges = data.Edges[a]!;
        double low = c.Op is Op.AtLeast or Op.Range ? c.Low : double.NegativeInfinity;
        double high = c.Op is Op.Below or Op.Range ? c.High : double.PositiveInfinity;
        // Band k covers [edge k-1, edge k); keep the bands inside [low, high).
        var bands = new List<int>();
        for (int k = 0; k <= edges.Length; k++)
        {
            double from = k == 0 ? double.NegativeInfinity : edges[k - 1];
            double to = k == edges.Length ? double.PositiveInfinity : edges[k];
            if (from >= low && to <= high) bands.Add(k);
        }
        return [.. bands];
    }

    private static IEnumerable<int[]> Product(List<int[]> choices)
    {
        var index = new int[choices.Count];
        while (true)
        {
            yield return [.. index.Select((x, j) => choices[j][x])];
            int p = choices.Count - 1;
            while (p >= 0 && ++index[p] == choices[p].Length) { index[p] = 0; p--; }
            if (p < 0) yield break;
        }
    }

    /// <summary>Each stated rule against the rest on every training deal: one-sided clustered test, adjusted over the rules.</summary>
    private static SearchOutcome Test(SearchData data, List<Candidate> candidates, IcpOptions options)
    {
        double zLevel = Distributions.NormalCritical(options.ConfidenceLevel);
        var diffs = new double[candidates.Count];
        var intervals = new (double, double)[candidates.Count];
        var p = new double[candidates.Count];
        for (int k = 0; k < candidates.Count; k++)
        {
            var inside = new ClusteredRatio(data.Clusters);
            var outside = new ClusteredRatio(data.Clusters);
            for (int i = 0; i < data.Count; i++)
            {
                if (double.IsNaN(data.H[i])) continue;
                if (candidates[k].Holds(data, i)) inside.Add(data.Cluster[i], data.Y[i], data.H[i]);
                else outside.Add(data.Cluster[i], data.Y[i], data.H[i]);
            }
            (double d, double se, _) = ClusteredRatio.Difference(inside, outside);
            diffs[k] = double.IsNaN(d) ? 0 : d;
            if (double.IsNaN(d) || !(se > 0))
            {
                intervals[k] = (diffs[k], diffs[k]);
                p[k] = 1;
                continue;
            }
            intervals[k] = (d - zLevel * se, d + zLevel * se);
            p[k] = 1 - MathNet.Numerics.Distributions.Normal.CDF(0, 1, d / se);
        }
        double[] adjusted = options.Correction == MultipleTestingCorrection.Holm ? MultipleTesting.Holm(p) : MultipleTesting.BenjaminiHochberg(p);
        var split = new ConfirmationSplit
        {
            Unit = ConfirmationSplitUnit.Deals,
            Accounts = data.AccountLevels,
            ConfirmationUnits = data.Clusters,
            Description = "no split: the rules were stated before these deals, so every training deal tests them",
        };
        return new SearchOutcome(candidates, diffs, intervals, p, adjusted, 0, 0, data.Count, split);
    }

    private static Condition[]? Parse(string rule, int k, StatedRuleContext context, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(rule))
        {
            problems.Add($"{context.Locate(k, null)} is empty; {Grammar}.");
            return null;
        }
        var result = new List<Condition>();
        int start = 0;
        var parts = new List<(string Text, int Position)>();
        foreach (Match m in AndPattern.Matches(rule))
        {
            parts.Add((rule[start..m.Index], start));
            start = m.Index + m.Length;
        }
        parts.Add((rule[start..], start));
        foreach ((string raw, int offset) in parts)
        {
            int lead = raw.Length - raw.TrimStart().Length;
            string text = raw.Trim();
            int position = offset + lead;
            string where = context.Locate(k, position);
            if (text.Length == 0)
            {
                problems.Add($"{where}: a condition is missing around 'and'; {Grammar}.");
                return null;
            }
            Match inMatch = InPattern.Match(text);
            if (inMatch.Success)
            {
                string[] values = [.. inMatch.Groups["v"].Value.Split(',').Select(v => v.Trim())];
                if (values.Any(v => v.Length == 0))
                {
                    problems.Add($"{where}: the list in '{text}' has an empty item; separate levels with commas, e.g. 'region in (EMEA, DACH)'.");
                    return null;
                }
                result.Add(new Condition(inMatch.Groups["a"].Value.Trim(), Op.In, values, 0, 0, position, text));
                continue;
            }
            // "employees = 200–1,000" names a band's level; only a condition without an operator is a range.
            Match range = text.IndexOfAny(['=', '<', '>', '≥', '≤']) >= 0 ? Match.Empty : RangePattern.Match(text);
            if (range.Success)
            {
                double lo = Number(range.Groups["lo"].Value), hi = Number(range.Groups["hi"].Value);
                if (!(lo < hi))
                {
                    problems.Add($"{where}: the range in '{text}' does not increase; write the lower bound first, e.g. 'employees 250–1,000'.");
                    return null;
                }
                result.Add(new Condition(range.Groups["a"].Value.Trim(), Op.Range, [], lo, hi, position, text));
                continue;
            }
            Match op = OpPattern.Match(text);
            if (!op.Success || op.Groups["a"].Value.Trim().Length == 0)
            {
                problems.Add($"{where}: '{text}' is not a condition; {Grammar}.");
                return null;
            }
            string attribute = op.Groups["a"].Value.Trim();
            string value = op.Groups["v"].Value.Trim();
            int valuePosition = position + op.Groups["v"].Index;
            switch (op.Groups["op"].Value)
            {
                case "=":
                    if (value.Length == 0)
                    {
                        problems.Add($"{context.Locate(k, valuePosition)}: '{text}' has no level after '='; e.g. 'industry = Software' (or '= unknown' for missing).");
                        return null;
                    }
                    result.Add(new Condition(attribute, Op.Equals, [value], 0, 0, position, text));
                    break;
                case ">=" or "≥" or "<":
                    if (!TryNumber(value, out double x))
                    {
                        problems.Add($"{context.Locate(k, valuePosition)}: '{text}' needs a number after '{op.Groups["op"].Value}', e.g. 'employees >= 250'.");
                        return null;
                    }
                    result.Add(op.Groups["op"].Value == "<"
                        ? new Condition(attribute, Op.Below, [], double.NegativeInfinity, x, position, text)
                        : new Condition(attribute, Op.AtLeast, [], x, double.PositiveInfinity, position, text));
                    break;
                default:
                    string fix = op.Groups["op"].Value is ">" ? ">=" : "<";
                    problems.Add($"{where}: '{op.Groups["op"].Value}' is not supported, because a band holds its lower edge and not its upper one; use '{fix}' (e.g. '{attribute} {fix} {value}').");
                    return null;
            }
        }
        return [.. result];
    }

    private static double Number(string text) => double.Parse(text, NumberStyles.AllowThousands | NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.AllowThousands | NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
}
