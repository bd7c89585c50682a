using System.Globalization;
using IcpAnalytics.Data;

namespace IcpAnalytics.Icp;

/// <summary>A profile's rules as integer codes, for fast matching and scoring of accounts and deals.</summary>
internal sealed class CompiledProfile
{
    /// <summary>Code of an account value that is missing.</summary>
    internal const int Missing = -1;

    /// <summary>Code of an account value the training deals never had.</summary>
    internal const int Unseen = -2;

    private readonly IdealCustomerProfile _profile;
    private readonly Dictionary<string, int>[] _levelIndex;
    private readonly double _floor;
    private readonly double _span;
    private readonly double _nonFit;
    private readonly int[] _usedAttributes;

    private CompiledProfile(IdealCustomerProfile profile, int[][] attr, int[][] code, double[][] cells)
    {
        _profile = profile;
        _floor = profile.ScoreFloor;
        _span = profile.ScoreCeiling - profile.ScoreFloor;
        _nonFit = profile.NonFitExpectedYield;
        RuleAttr = attr;
        RuleCode = code;
        Cells = cells;
        RuleUnknown = new int[attr.Length][];
        for (int r = 0; r < attr.Length; r++)
        {
            RuleUnknown[r] = new int[attr[r].Length];
            for (int j = 0; j < attr[r].Length; j++) RuleUnknown[r][j] = profile.Attributes[attr[r][j]].Levels.Count;
        }
        var usedSet = new SortedSet<int>();
        foreach (int[] rule in attr) usedSet.UnionWith(rule);
        _usedAttributes = [.. usedSet];
        _levelIndex = new Dictionary<string, int>[profile.Attributes.Count];
        for (int a = 0; a < profile.Attributes.Count; a++)
        {
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            IReadOnlyList<string> levels = profile.Attributes[a].Levels;
            for (int l = 0; l < levels.Count; l++) index[levels[l]] = l;
            _levelIndex[a] = index;
        }
    }

    /// <summary>The profile this was compiled from.</summary>
    public IdealCustomerProfile Owner => _profile;

    /// <summary>Per rule: attribute index of each condition.</summary>
    public int[][] RuleAttr { get; }

    /// <summary>Per rule: level code of each condition (the attribute's level count for "unknown").</summary>
    public int[][] RuleCode { get; }

    /// <summary>Per rule: the "unknown" level code of each condition's attribute.</summary>
    public int[][] RuleUnknown { get; }

    /// <summary>Per rule: expected yield by bit mask of conditions held.</summary>
    public double[][] Cells { get; }

    public static CompiledProfile Compile(IdealCustomerProfile profile)
    {
        if (profile.SchemaVersion != IdealCustomerProfile.CurrentSchemaVersion)
            throw new IcpAnalyticsException($"The profile's schemaVersion is {profile.SchemaVersion}; this library reads schemaVersion {IdealCustomerProfile.CurrentSchemaVersion}.");
        int rules = profile.Rules.Count;
        var attr = new int[rules][];
        var code = new int[rules][];
        var cells = new double[rules][];
        for (int r = 0; r < rules; r++)
        {
            IcpRule rule = profile.Rules[r];
            int k = rule.Conditions.Count;
            attr[r] = new int[k];
            code[r] = new int[k];
            for (int j = 0; j < k; j++)
            {
                RuleCondition c = rule.Conditions[j];
                int a = -1;
                for (int x = 0; x < profile.Attributes.Count; x++)
                {
                    if (string.Equals(profile.Attributes[x].Name, c.Attribute, StringComparison.Ordinal)) { a = x; break; }
                }
                if (a < 0) throw new IcpAnalyticsException($"Rule {r + 1} of the profile uses attribute '{c.Attribute}', which the profile does not list; the profile is damaged.");
                IReadOnlyList<string> levels = profile.Attributes[a].Levels;
                int l = c.IsUnknown ? levels.Count : IndexOf(levels, c.Level);
                if (l < 0) throw new IcpAnalyticsException($"Rule {r + 1} of the profile uses a level of '{c.Attribute}' the profile does not list; the profile is damaged.");
                attr[r][j] = a;
                code[r][j] = l;
            }
            if (rule.ExpectedYieldByConditionsHeld.Count != 1 << k)
                throw new IcpAnalyticsException($"Rule {r + 1} of the profile has {rule.ExpectedYieldByConditionsHeld.Count} expected yields; a rule with {k} conditions needs {1 << k}. The profile is damaged.");
            cells[r] = [.. rule.ExpectedYieldByConditionsHeld];
        }
        return new CompiledProfile(profile, attr, code, cells);
    }

    private static int IndexOf(IReadOnlyList<string> levels, string level)
    {
        for (int l = 0; l < levels.Count; l++)
        {
            if (string.Equals(levels[l], level, StringComparison.Ordinal)) return l;
        }
        return -1;
    }

    /// <summary>The code of the account's value of attribute <paramref name="a"/>: a level, <see cref="Missing"/> or <see cref="Unseen"/>.</summary>
    private int AccountCode(AccountProfile account, int a)
    {
        IcpAttribute attribute = _profile.Attributes[a];
        if (account.NumberMap.TryGetValue(attribute.Name, out double number))
        {
            if (attribute.BandEdges is { } edges) return Banding.BandIndex(edges, number);
            return _levelIndex[a].TryGetValue(number.ToString("G", CultureInfo.InvariantCulture), out int n) ? n : Unseen;
        }
        if (account.TextMap.TryGetValue(attribute.Name, out string? text))
            return _levelIndex[a].TryGetValue(text, out int t) ? t : Unseen;
        return Missing;
    }

    /// <summary>The expected yield and fit of an account from its per-attribute codes.</summary>
    private (double Expected, bool Fit, int Best) Evaluate(ReadOnlySpan<int> codes)
    {
        double bestFull = double.NegativeInfinity, bestPartial = double.NegativeInfinity;
        int fullRule = -1, partialRule = -1;
        for (int r = 0; r < RuleAttr.Length; r++)
        {
            int[] attr = RuleAttr[r];
            int[] want = RuleCode[r];
            int[] unknown = RuleUnknown[r];
            int mask = 0;
            for (int j = 0; j < attr.Length; j++)
            {
                int c = codes[attr[j]];
                if (c == want[j] || (c == Missing && want[j] == unknown[j])) mask |= 1 << j;
            }
            double v = Cells[r][mask];
            if (mask == (1 << attr.Length) - 1)
            {
                if (v > bestFull) { bestFull = v; fullRule = r; }
            }
            else if (v > bestPartial) { bestPartial = v; partialRule = r; }
        }
        if (fullRule >= 0) return (bestFull, true, fullRule);
        if (partialRule >= 0) return (bestPartial, false, partialRule);
        return (_nonFit, false, -1);
    }

    private double ToScore(double expected)
    {
        if (!(_span > 0)) return 50;
        return Math.Clamp(100 * (expected - _floor) / _span, 0, 100);
    }

    /// <summary>
    /// The fast path: the score, fit and best rule without reasons. Only the attributes the rules read are looked up (one
    /// dictionary probe each), the codes live on the stack and nothing is allocated.
    /// </summary>
    public FitScoreSummary ScoreWithoutReasons(AccountProfile account)
    {
        int[] used = _usedAttributes;
        int attributes = _profile.Attributes.Count;
        Span<int> codes = attributes <= 64 ? stackalloc int[attributes] : new int[attributes];
        for (int k = 0; k < used.Length; k++) codes[used[k]] = AccountCode(account, used[k]);
        (double expected, bool fit, int best) = Evaluate(codes);
        return new FitScoreSummary(ToScore(expected), fit, expected, best >= 0 ? _profile.Rules[best].Text : null);
    }

    public FitScore Score(AccountProfile account)
    {
        int attributes = _profile.Attributes.Count;
        Span<int> codes = attributes <= 64 ? stackalloc int[attributes] : new int[attributes];
        for (int a = 0; a < attributes; a++) codes[a] = AccountCode(account, a);
        (double expected, bool fit, int best) = Evaluate(codes);
        double span = _profile.ScoreCeiling - _profile.ScoreFloor;
        var reasons = new List<FitReason>();
        for (int r = 0; r < RuleAttr.Length; r++)
        {
            IcpRule rule = _profile.Rules[r];
            int full = (1 << RuleAttr[r].Length) - 1;
            for (int j = 0; j < RuleAttr[r].Length; j++)
            {
                RuleCondition condition = rule.Conditions[j];
                int a = RuleAttr[r][j];
                int c = codes[a];
                int unknownCode = _profile.Attributes[a].Levels.Count;
                double points = span > 0 ? 100 * (Cells[r][full] - Cells[r][full & ~(1 << j)]) / span : 0;
                ConditionStatus status;
                string why;
                if (c == RuleCode[r][j] || (c == Missing && RuleCode[r][j] == unknownCode))
                {
                    status = ConditionStatus.Held;
                    why = "held";
                }
                else if (c == Missing)
                {
                    status = ConditionStatus.Unknown;
                    why = $"unknown ({condition.Attribute} is missing; scored as not held)";
                }
                else if (c == Unseen)
                {
                    status = ConditionStatus.Missed;
                    why = $"missed ({condition.Attribute} has a value not seen in training)";
                }
                else
                {
                    status = ConditionStatus.Missed;
                    string actual = c == unknownCode ? "unknown" : _profile.Attributes[a].Levels[c];
                    why = $"missed ({condition.Attribute} is {actual})";
                }
                string weight = string.Create(CultureInfo.InvariantCulture, $"{points:+0;-0;0} points");
                reasons.Add(new FitReason(rule.Text, condition.Text, status, points,
                    $"{condition.Text}: {why}; weighs {weight} in rule \"{rule.Text}\""));
            }
        }
        return new FitScore
        {
            Score = ToScore(expected),
            IsFit = fit,
            BestRule = best >= 0 ? _profile.Rules[best].Text : null,
            ExpectedYield = expected,
            Measure = _profile.Measure,
            Reasons = reasons,
        };
    }

    /// <summary>Scores every deal's account; writes scores and/or fit flags.</summary>
    public void ScoreDeals(DealSet deals, double[]? scores, bool[]? fit)
    {
        int n = deals.Count;
        int attributes = _profile.Attributes.Count;
        var used = new bool[attributes];
        foreach (int[] attr in RuleAttr)
        {
            foreach (int a in attr) used[a] = true;
        }
        var codes = new int[attributes][];
        for (int a = 0; a < attributes; a++)
        {
            if (used[a]) codes[a] = DealCodes(deals, a);
        }
        const int ChunkSize = 1 << 15;
        int chunks = (n + ChunkSize - 1) / ChunkSize;
        Parallel.For(0, chunks, chunk =>
        {
            Span<int> row = attributes <= 64 ? stackalloc int[attributes] : new int[attributes];
            int end = Math.Min(n, (chunk + 1) * ChunkSize);
            for (int i = chunk * ChunkSize; i < end; i++)
            {
                for (int a = 0; a < attributes; a++) row[a] = used[a] ? codes[a][i] : Missing;
                (double expected, bool isFit, _) = Evaluate(row);
                if (scores is not null) scores[i] = ToScore(expected);
                if (fit is not null) fit[i] = isFit;
            }
        });
    }

    /// <summary>The profile's codes of attribute <paramref name="a"/> for every deal: mapped by level label, or banded from a numeric column.</summary>
    private int[] DealCodes(DealSet deals, int a)
    {
        IcpAttribute attribute = _profile.Attributes[a];
        int n = deals.Count;
        var result = new int[n];
        CategoricalColumn? column = deals.FindCategorical(attribute.Name);
        if (column is not null)
        {
            var map = new int[column.LevelArray.Length];
            for (int l = 0; l < map.Length; l++) map[l] = _levelIndex[a].TryGetValue(column.LevelArray[l], out int k) ? k : Unseen;
            column.CopyCodesTo(result);
            for (int i = 0; i < n; i++) result[i] = result[i] < 0 ? Missing : map[result[i]];
            return result;
        }
        NumericColumn? numeric = null;
        foreach (NumericColumn c in deals.NumericAttributes)
        {
            if (string.Equals(c.Name, attribute.Name, StringComparison.OrdinalIgnoreCase)) numeric = c;
        }
        if (numeric is not null && attribute.BandEdges is { } edges)
        {
            var values = new double[n];
            numeric.CopyTo(values);
            for (int i = 0; i < n; i++) result[i] = double.IsNaN(values[i]) ? Missing : Banding.BandIndex(edges, values[i]);
            return result;
        }
        Array.Fill(result, Missing);
        return result;
    }
}
