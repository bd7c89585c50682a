using System.Globalization;
using System.Numerics;
using IcpAnalytics.Data;
using IcpAnalytics.Segments;
using IcpAnalytics.Statistics;
using MathNet.Numerics.Distributions;

namespace IcpAnalytics.Icp;

/// <summary>Additive sufficient statistics of a ratio Σy / Σh (h = 1 for per-deal measures).</summary>
internal struct RatioStats
{
    public double N, Y, Y2, H, H2, YH;

    public void Add(double y, double h)
    {
        N += 1;
        Y += y;
        Y2 += y * y;
        H += h;
        H2 += h * h;
        YH += y * h;
    }

    public static RatioStats operator -(RatioStats a, RatioStats b) => new()
    {
        N = a.N - b.N, Y = a.Y - b.Y, Y2 = a.Y2 - b.Y2, H = a.H - b.H, H2 = a.H2 - b.H2, YH = a.YH - b.YH,
    };

    public readonly double Ratio => H > 0 ? Y / H : double.NaN;

    /// <summary>Delta-method variance of the ratio treating deals as independent; NaN when it cannot be estimated.</summary>
    public readonly double Variance
    {
        get
        {
            if (N < 2 || H <= 0) return double.NaN;
            double r = Y / H;
            double rss = Math.Max(0, Y2 - 2 * r * YH + r * r * H2);
            double meanH = H / N;
            return rss / (N - 1) / N / (meanH * meanH);
        }
    }

    /// <summary>The z-score of a's ratio against b's (Welch-type, independent groups); NaN when undefined.</summary>
    public static double Z(in RatioStats a, in RatioStats b)
    {
        double v = a.Variance + b.Variance;
        if (!(v > 0)) return double.NaN;
        return (a.Ratio - b.Ratio) / Math.Sqrt(v);
    }
}

/// <summary>The training deals as the search reads them: attribute codes (missing = the extra level "unknown"), the measure's numerator and denominator, accounts.</summary>
internal sealed class SearchData
{
    public required int Count { get; init; }
    public required string[] Names { get; init; }
    public required string[][] Levels { get; init; }
    public required double[]?[] Edges { get; init; }
    public required int[][] Codes { get; init; }
    public required double[] Y { get; init; }
    public required double[] H { get; init; }
    public required int[] Cluster { get; init; }
    public required int Clusters { get; init; }

    /// <summary>Clusters below this are accounts; the rest are deals without an account.</summary>
    public required int AccountLevels { get; init; }
    public required DealSet Deals { get; init; }

    /// <summary>Why attributes were left out of the search (degenerate: one value or all missing).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    public int Attributes => Names.Length;

    public int UnknownCode(int a) => Levels[a].Length;

    public static SearchData Create(DealSet deals, IReadOnlyList<string> attributes, ProfitYield measure, int numericBands)
    {
        var notes = new List<string>();
        (List<string> names, deals) = SearchableAttributes(deals, attributes, numericBands, notes);

        int n = deals.Count;
        var codes = new int[names.Count][];
        var levels = new string[names.Count][];
        var edges = new double[]?[names.Count];
        var canonical = new string[names.Count];
        for (int j = 0; j < names.Count; j++)
        {
            CategoricalColumn column = deals.FindCategorical(names[j])!;
            canonical[j] = column.Name;
            levels[j] = column.LevelArray;
            edges[j] = column.BandEdgeArray;
            codes[j] = CodesWithUnknown(column, n);
        }
        (double[] y, double[] h) = YieldAndHours(deals, measure);
        int[] cluster = YieldAccumulator.ClusterIds(deals, out int clusters);
        return new SearchData
        {
            Count = n, Names = canonical, Levels = levels, Edges = edges, Codes = codes, Y = y, H = h,
            Cluster = cluster, Clusters = clusters, AccountLevels = deals.Accounts.LevelArray.Length, Deals = deals, Notes = notes,
        };
    }

    /// <summary>
    /// The attributes the search uses (the given ones, or every attribute), numeric ones cut into quantile bands on the deals
    /// returned; an attribute with no values or one value is left out with a note. Throws when an attribute does not exist or
    /// none is left without a note.
    /// </summary>
    private static (List<string> Names, DealSet Deals) SearchableAttributes(DealSet deals, IReadOnlyList<string> attributes, int numericBands, List<string> notes)
    {
        var names = new List<string>();
        if (attributes.Count == 0)
        {
            foreach (CategoricalColumn c in deals.CategoricalAttributes) names.Add(c.Name);
            foreach (NumericColumn c in deals.NumericAttributes) names.Add(c.Name);
        }
        else names.AddRange(attributes);
        var problems = new List<string>();
        foreach (string name in names.ToArray())
        {
            if (deals.FindCategorical(name) is { } categorical && !IsIdColumn(deals, name))
            {
                var seen = new HashSet<int>();
                var codesOf = new int[deals.Count];
                categorical.CopyCodesTo(codesOf);
                foreach (int code in codesOf) if (code >= 0) seen.Add(code);
                if (seen.Count <= 1)
                {
                    notes.Add(seen.Count == 0 ? NoValuesNote(name) : OneValueNote(name));
                    names.Remove(name);
                }
                continue;
            }
            if (deals.HasNumericAttribute(name))
            {
                double[] values = deals.Numeric(name).ToArray();
                if (Banding.QuantileEdges(values, numericBands).Length == 0)
                {
                    notes.Add(values.All(double.IsNaN) ? NoValuesNote(name) : OneValueNote(name));
                    names.Remove(name);
                    continue;
                }
                deals = deals.WithQuantileBands(name, numericBands);
                continue;
            }
            problems.Add($"The deals have no attribute '{name}' to segment by. Attributes: {deals.AttributeNameList()}.");
        }
        // Every attribute degenerate: an empty profile with the notes (the ICP section stays and says why), not an error.
        if (names.Count == 0 && notes.Count == 0) problems.Add("The deals have no account attributes to build rules from; load attributes such as industry or region.");
        if (problems.Count > 0) throw new InvalidOptionsException(problems);
        return (names, deals);
    }

    private static string NoValuesNote(string name) => $"'{name}' is left out: it has no values (all missing).";

    private static string OneValueNote(string name) => $"'{name}' is left out: it has one value on every deal that has it, so it cannot tell customers apart.";

    /// <summary>Each deal's level code of the column, a missing value coded as one past the last level (the "unknown" level).</summary>
    private static int[] CodesWithUnknown(CategoricalColumn column, int deals)
    {
        var codes = new int[deals];
        column.CopyCodesTo(codes);
        int unknown = column.LevelArray.Length;
        for (int i = 0; i < deals; i++)
        {
            if (codes[i] < 0) codes[i] = unknown;
        }
        return codes;
    }

    /// <summary>
    /// Each deal's yield and its denominator for the measure: won (1/0) over 1 deal, the yield amount if won over 1 deal, or
    /// the yield amount if won over the deal's effort hours (NaN without an effort-hours column).
    /// </summary>
    private static (double[] Yield, double[] Per) YieldAndHours(DealSet deals, ProfitYield measure)
    {
        int n = deals.Count;
        var y = new double[n];
        var h = new double[n];
        int[]? rows = deals.Rows;
        byte[] won = deals.WonFlags;
        double[] amount = deals.YieldAmount.Data;
        double[]? hours = deals.EffortHours?.Data;
        for (int i = 0; i < n; i++)
        {
            int r = rows is null ? i : rows[i];
            bool w = won[r] != 0;
            switch (measure)
            {
                case ProfitYield.WinRate:
                    y[i] = w ? 1 : 0;
                    h[i] = 1;
                    break;
                case ProfitYield.MarginPerDealPursued:
                    y[i] = w && !double.IsNaN(amount[r]) ? amount[r] : 0;
                    h[i] = 1;
                    break;
                default:
                    y[i] = w && !double.IsNaN(amount[r]) ? amount[r] : 0;
                    h[i] = hours is null ? double.NaN : hours[r];
                    break;
            }
        }
        return (y, h);
    }

    private static bool IsIdColumn(DealSet deals, string name) =>
        ReferenceEquals(deals.FindCategorical(name), deals.Accounts);
}

/// <summary>A rule during search: conditions as (attribute, level code) pairs sorted by attribute.</summary>
internal sealed class Candidate
{
    public required int[] Attrs { get; init; }
    public required int[] Codes { get; init; }
    public required string Key { get; init; }
    public RatioStats Stats;
    public double Z;

    public int Depth => Attrs.Length;

    public bool Holds(SearchData data, int i)
    {
        for (int k = 0; k < Attrs.Length; k++)
        {
            if (data.Codes[Attrs[k]][i] != Codes[k]) return false;
        }
        return true;
    }

    public static string MakeKey(int[] attrs, int[] codes)
    {
        var parts = new string[attrs.Length];
        for (int k = 0; k < attrs.Length; k++) parts[k] = attrs[k].ToString(System.Globalization.CultureInfo.InvariantCulture) + ":" + codes[k].ToString(System.Globalization.CultureInfo.InvariantCulture);
        return string.Join("|", parts);
    }

    public Candidate Extend(int attr, int code)
    {
        int k = Attrs.Length;
        var attrs = new int[k + 1];
        var codes = new int[k + 1];
        int p = 0;
        bool placed = false;
        for (int j = 0; j < k; j++)
        {
            if (!placed && attr < Attrs[j]) { attrs[p] = attr; codes[p] = code; p++; placed = true; }
            attrs[p] = Attrs[j];
            codes[p] = Codes[j];
            p++;
        }
        if (!placed) { attrs[p] = attr; codes[p] = code; }
        return new Candidate { Attrs = attrs, Codes = codes, Key = MakeKey(attrs, codes) };
    }

    public Candidate Without(int position)
    {
        int[] attrs = [.. Attrs.Where((_, j) => j != position)];
        int[] codes = [.. Codes.Where((_, j) => j != position)];
        return new Candidate { Attrs = attrs, Codes = codes, Key = MakeKey(attrs, codes) };
    }

    public bool Contains(Candidate other)
    {
        for (int j = 0; j < other.Attrs.Length; j++)
        {
            int at = Array.IndexOf(Attrs, other.Attrs[j]);
            if (at < 0 || Codes[at] != other.Codes[j]) return false;
        }
        return true;
    }
}

/// <summary>The outcome of the search: the rules carried to confirmation with their confirmation tests.</summary>
internal sealed record SearchOutcome(
    IReadOnlyList<Candidate> Rules,
    IReadOnlyList<double> Difference,
    IReadOnlyList<(double Lower, double Upper)> DifferenceInterval,
    IReadOnlyList<double> PValues,
    IReadOnlyList<double> AdjustedPValues,
    int CandidatesEvaluated,
    int DiscoveryDeals,
    int ConfirmationDeals,
    ConfirmationSplit Split);

/// <summary>
/// Beam search for conjunctions of conditions with a high yield, pruning on the discovery deals, and one test per surviving
/// rule on the confirmation deals (split by account), adjusted for the number of rules tested.
/// </summary>
internal static class RuleSearch
{
    public static SearchOutcome Run(SearchData data, IcpOptions options, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        int n = data.Count;
        (int[] disc, int[] conf, int[] confCluster, int confClusters, ConfirmationSplit split) = Split(data, options);
        int minDisc = Math.Max(2, (int)Math.Ceiling(options.MinDeals * (1 - options.ConfirmationShare)));
        double minZ = options.MinDiscoveryZ;

        var total = new RatioStats();
        foreach (int i in disc) total.Add(data.Y[i], data.H[i]);

        int attributes = data.Attributes;
        var offset = new int[attributes + 1];
        for (int a = 0; a < attributes; a++) offset[a + 1] = offset[a] + data.Levels[a].Length + 1;
        var pool = new Dictionary<string, Candidate>(StringComparer.Ordinal);
        var root = new Candidate { Attrs = [], Codes = [], Key = "" };
        var bits = new ConditionBits(data, disc, offset);
        List<Candidate> beam = [root];
        int evaluated = 0;
        for (int depth = 1; depth <= options.MaxConditions && beam.Count > 0; depth++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Each beam rule's refinements are summed over the deals it covers, one pass per rule (both cores); the
            // candidates are then scored in beam order, so the result does not depend on the thread schedule.
            var sums = new RatioStats[beam.Count][];
            List<Candidate> current = beam;
            Parallel.For(0, current.Count, Parallelism.Options(options.MaxDegreeOfParallelism, cancellationToken), k =>
            {
                Candidate b = current[k];
                var acc = new RatioStats[offset[attributes]];
                var skip = new bool[attributes];
                foreach (int at in b.Attrs) skip[at] = true;
                ulong[] covered = bits.Of(b);
                for (int w = 0; w < covered.Length; w++)
                {
                    ulong m = covered[w];
                    while (m != 0)
                    {
                        int i = disc[(w << 6) + BitOperations.TrailingZeroCount(m)];
                        m &= m - 1;
                        double y = data.Y[i], h = data.H[i];
                        for (int a = 0; a < attributes; a++)
                        {
                            if (!skip[a]) acc[offset[a] + data.Codes[a][i]].Add(y, h);
                        }
                    }
                }
                sums[k] = acc;
            });
            var next = new List<Candidate>();
            for (int k = 0; k < current.Count; k++)
            {
                Candidate b = current[k];
                RatioStats[] acc = sums[k];
                for (int a = 0; a < attributes; a++)
                {
                    if (Array.IndexOf(b.Attrs, a) >= 0) continue;
                    for (int l = 0; l <= data.Levels[a].Length; l++)
                    {
                        RatioStats s = acc[offset[a] + l];
                        if (s.N < minDisc || s.N > total.N - 2) continue;
                        Candidate c = b.Extend(a, l);
                        if (pool.ContainsKey(c.Key)) continue;
                        evaluated++;
                        c.Stats = s;
                        c.Z = RatioStats.Z(s, total - s);
                        if (double.IsNaN(c.Z)) continue;
                        pool[c.Key] = c;
                        if (c.Z > 0) next.Add(c);
                    }
                }
            }
            next.Sort(ByQuality);
            beam = next.Count > options.BeamWidth ? next.GetRange(0, options.BeamWidth) : next;
        }

        List<Candidate> chosen = Select(data, disc, bits, pool, total, minDisc, minZ, options.MaxRules);
        SearchOutcome tested = Confirm(data, conf, confCluster, confClusters, chosen, options, evaluated, disc.Length, split);
        return Declare(tested, options);
    }

    /// <summary>
    /// At most <see cref="IcpOptions.MaxRules"/> of the tested rules, in their discovery order: first those the confirmation
    /// deals confirm (adjusted across every rule tested, so a slot a chance rule frees on the confirmation deals goes to the
    /// next rule without a second look at the data), a nested rule only with its broader rule; then, while slots remain, the
    /// unconfirmed ones, shown as not significant.
    /// </summary>
    private static SearchOutcome Declare(SearchOutcome tested, IcpOptions options)
    {
        IReadOnlyList<Candidate> rules = tested.Rules;
        if (rules.Count <= options.MaxRules) return tested;
        int[] parents = Parents(rules);
        var keep = new bool[rules.Count];
        int kept = 0;
        for (int k = 0; k < rules.Count && kept < options.MaxRules; k++)
        {
            bool confirmed = tested.AdjustedPValues[k] <= options.Alpha && tested.Difference[k] > 0;
            if (confirmed && (parents[k] < 0 || keep[parents[k]])) { keep[k] = true; kept++; }
        }
        for (int k = 0; k < rules.Count && kept < options.MaxRules; k++)
        {
            if (!keep[k] && (parents[k] < 0 || keep[parents[k]])) { keep[k] = true; kept++; }
        }
        int[] index = [.. Enumerable.Range(0, rules.Count).Where(k => keep[k])];
        return tested with
        {
            Rules = [.. index.Select(k => rules[k])],
            Difference = [.. index.Select(k => tested.Difference[k])],
            DifferenceInterval = [.. index.Select(k => tested.DifferenceInterval[k])],
            PValues = [.. index.Select(k => tested.PValues[k])],
            AdjustedPValues = [.. index.Select(k => tested.AdjustedPValues[k])],
        };
    }

    /// <summary>
    /// The discovery and confirmation deals (deals with the measure's denominator), the clusters of the confirmation tests,
    /// and the split's description (see <see cref="ConfirmationSplit"/>): a seeded coin per unit, so all deals of a unit
    /// fall on one side; never an empty side.
    /// </summary>
    internal static (int[] Disc, int[] Conf, int[] ConfCluster, int ConfClusters, ConfirmationSplit Split) Split(SearchData data, IcpOptions options)
    {
        int n = data.Count;
        var dealsOf = new int[data.AccountLevels];
        int withoutAccount = 0, usable = 0;
        for (int i = 0; i < n; i++)
        {
            if (double.IsNaN(data.H[i])) continue;
            usable++;
            if (data.Cluster[i] < data.AccountLevels) dealsOf[data.Cluster[i]]++;
            else withoutAccount++;
        }
        int accounts = 0;
        bool several = false;
        foreach (int d in dealsOf)
        {
            if (d > 0) accounts++;
            if (d > 1) several = true;
        }
        bool fewAccounts = several && accounts < ConfirmationSplit.MinAccountsToSplitByAccount;
        // Unit of the split: the cluster (account, or a deal without one), or each deal when there are too few accounts.
        int[] unit = fewAccounts ? [.. Enumerable.Range(0, n)] : data.Cluster;
        int units = fewAccounts ? n : data.Clusters;
        var rng = new Random(options.Seed);
        var confirm = new bool[units];
        for (int c = 0; c < units; c++) confirm[c] = rng.NextDouble() < options.ConfirmationShare;
        var present = new bool[units];
        int inConf = 0, inDisc = 0;
        for (int i = 0; i < n; i++)
        {
            if (double.IsNaN(data.H[i]) || present[unit[i]]) continue;
            present[unit[i]] = true;
            if (confirm[unit[i]]) inConf++;
            else inDisc++;
        }
        if ((inConf == 0 || inDisc == 0) && inConf + inDisc >= 2)
        {
            // The coins left a side empty (few units): shuffle the units present and take the confirmation share from the top.
            int[] order = [.. Enumerable.Range(0, units).Where(u => present[u])];
            new Random(options.Seed).Shuffle(order);
            int take = Math.Clamp((int)Math.Round(options.ConfirmationShare * order.Length), 1, order.Length - 1);
            Array.Clear(confirm);
            for (int k = 0; k < take; k++) confirm[order[k]] = true;
            inConf = take;
        }
        var discList = new List<int>(n);
        var confList = new List<int>(n);
        for (int i = 0; i < n; i++)
        {
            if (double.IsNaN(data.H[i])) continue;
            if (confirm[unit[i]]) confList.Add(i);
            else discList.Add(i);
        }
        CultureInfo inv = CultureInfo.InvariantCulture;
        ConfirmationSplitUnit kind = accounts > 0 && several && !fewAccounts ? ConfirmationSplitUnit.Accounts : ConfirmationSplitUnit.Deals;
        string description = accounts == 0
            ? "split by deal (there is no account column, or no deal names its account: each deal counts as its own account)"
            : fewAccounts
                ? string.Create(inv, $"split by deal (only {accounts:N0} accounts, fewer than {ConfirmationSplit.MinAccountsToSplitByAccount}: deals of one account can fall on both sides, and the confirmation tests treat deals as independent)")
                : !several
                    ? "split by deal (every account has one deal, so splitting accounts splits deals)"
                    : withoutAccount > 0
                        ? string.Create(inv, $"split by account ({withoutAccount:N0} deals without an account count as accounts of their own)")
                        : "split by account";
        bool thin = fewAccounts || confList.Count < 2 * options.MinDeals || inConf < ConfirmationSplit.MinConfirmationUnits;
        string? note = thin
            ? string.Create(inv, $"The evidence is thin: {confList.Count:N0} confirmation deals {(fewAccounts ? $"from {accounts:N0} accounts" : $"in {inConf:N0} {(kind == ConfirmationSplitUnit.Accounts ? "accounts" : "units")}")}, too few for a real segment to reach significance reliably; a rule that fails here is unproven, not disproved, and no rule does not mean no ideal customer profile")
            : null;
        var split = new ConfirmationSplit
        {
            Unit = kind, Accounts = accounts, DealsWithoutAccount = withoutAccount, ConfirmationUnits = inConf,
            IsEvidenceThin = thin, Description = description, EvidenceNote = note,
        };
        int[] confCluster = fewAccounts ? unit : data.Cluster;
        return ([.. discList], [.. confList], confCluster, units, split);
    }

    private static int ByQuality(Candidate a, Candidate b)
    {
        int c = b.Z.CompareTo(a.Z);
        return c != 0 ? c : string.CompareOrdinal(a.Key, b.Key);
    }

    /// <summary>Two chosen rules whose discovery deals overlap more than this (Jaccard) are near-copies: only the first is kept.</summary>
    internal const double NearCopyJaccard = 0.9;

    /// <summary>
    /// Chooses the rules to confirm, best discovery z first. A rule whose conditions include a chosen rule's (a narrower rule
    /// inside a broader one) is kept when it yields significantly more than the rest of the broader rule, and nested in it;
    /// a broader rule is kept only while its own deals (outside the rules nested in it) still beat the deals no rule covers,
    /// so a broad band that is rich only because of the segments inside it gives way to them. Rules that were dropped this
    /// way are banned and the choice is repeated until it is stable.
    /// </summary>
    private static List<Candidate> Select(SearchData data, int[] disc, ConditionBits bits, Dictionary<string, Candidate> pool, RatioStats total,
        int minDisc, double minZ, int maxRules) =>
        new RuleSelection(data, disc, bits, pool, total, minDisc, minZ, maxRules).Choose();

    /// <summary>The choice of <see cref="Select"/>: the discovery deals as bit sets, and the tests a rule must pass to be chosen.</summary>
    private sealed class RuleSelection
    {
        private readonly SearchData _data;
        private readonly int[] _disc;
        private readonly ConditionBits _bits;
        private readonly Dictionary<string, Candidate> _pool;
        private readonly RatioStats _total;
        private readonly int _minDisc;
        private readonly double _minZ;
        private readonly int _maxRules;
        private readonly int _words;
        private readonly ulong _lastMask;

        public RuleSelection(SearchData data, int[] disc, ConditionBits bits, Dictionary<string, Candidate> pool, RatioStats total,
            int minDisc, double minZ, int maxRules)
        {
            _data = data;
            _disc = disc;
            _bits = bits;
            _pool = pool;
            _total = total;
            _minDisc = minDisc;
            _minZ = minZ;
            _maxRules = maxRules;
            _words = (disc.Length + 63) / 64;
            _lastMask = (disc.Length & 63) != 0 ? (1UL << (disc.Length & 63)) - 1 : ulong.MaxValue;
        }

        public List<Candidate> Choose()
        {
            var ordered = _pool.Values.Where(c => c.Z >= _minZ).ToList();
            ordered.Sort(ByQuality);
            var banned = new HashSet<string>(StringComparer.Ordinal);
            List<Candidate> chosen = [];
            for (int round = 0; round <= ordered.Count; round++)
            {
                chosen = ChooseOnce(ordered, banned);
                Candidate? weakest = WeakestThatGivesWay(chosen);
                if (weakest is null) break;
                banned.Add(weakest.Key);
            }
            return chosen;
        }

        /// <summary>One pass over the candidates, best first, keeping each that passes the three tests against those kept before it.</summary>
        private List<Candidate> ChooseOnce(List<Candidate> ordered, HashSet<string> banned)
        {
            List<Candidate> chosen = [];
            foreach (Candidate candidate in ordered)
            {
                // Room beyond MaxRules while choosing: a broad rule may still give way to the rules inside it.
                if (chosen.Count >= 3 * _maxRules) break;
                if (banned.Contains(candidate.Key)) continue;
                ulong[] candidateBits = _bits.Of(candidate);
                bool ok = EveryConditionEarnsItsPlace(candidate, candidateBits)
                    && LiftIsNotAllInOneRefinement(candidate, candidateBits)
                    && (chosen.Count == 0 || Earns(candidate, chosen));
                if (ok) chosen.Add(candidate);
            }
            return chosen;
        }

        /// <summary>1. Every condition earns its place: the rule beats the deals its parent (the rule without that condition) adds.</summary>
        private bool EveryConditionEarnsItsPlace(Candidate candidate, ulong[] candidateBits)
        {
            if (candidate.Depth < 2) return true;
            for (int j = 0; j < candidate.Depth; j++)
            {
                ulong[] parentBits = _bits.Of(candidate.Without(j));
                RatioStats rest = Sum(w => parentBits[w] & ~candidateBits[w]);
                if (rest.N < _minDisc || !(RatioStats.Z(candidate.Stats, rest) >= _minZ)) return false;
            }
            return true;
        }

        /// <summary>2. The lift is not all inside one refinement: the rule's deals outside its best refinements still beat the rest.</summary>
        private bool LiftIsNotAllInOneRefinement(Candidate candidate, ulong[] candidateBits)
        {
            RatioStats outside = _total - candidate.Stats;
            var refinements = _pool.Values.Where(r => r.Depth == candidate.Depth + 1 && r.Z >= _minZ && r.Contains(candidate)).ToList();
            refinements.Sort(ByQuality);
            foreach (Candidate refinement in refinements.Take(3))
            {
                ulong[] refinementBits = _bits.Of(refinement);
                RatioStats part = Sum(w => candidateBits[w] & ~refinementBits[w]);
                if (part.N < _minDisc) continue;
                if (!(RatioStats.Z(part, outside) >= _minZ)) return false;
            }
            return true;
        }

        /// <summary>A broader rule whose own deals no longer beat the rest once the rules inside it are chosen gives way to them: the weakest such rule, or null.</summary>
        private Candidate? WeakestThatGivesWay(List<Candidate> chosen)
        {
            Candidate? weakest = null;
            foreach (Candidate c in chosen)
            {
                if (chosen.Count > 1 && !Earns(c, chosen) && (weakest is null || ByQuality(c, weakest) > 0)) weakest = c;
            }
            return weakest;
        }

        /// <summary>
        /// 3. Whether the rule c, among the rules chosen (c itself excluded), earns its place: its own deals (outside every chosen
        /// rule that is not a parent of it) beat the deals of its context (its parents' deals, or all deals) that no other chosen
        /// rule covers; a near-copy of a chosen rule never does.
        /// </summary>
        private bool Earns(Candidate c, List<Candidate> chosen)
        {
            ulong[] cb = _bits.Of(c);
            var others = new ulong[_words];
            var context = new ulong[_words];
            Array.Fill(context, ulong.MaxValue);
            foreach (Candidate r in chosen)
            {
                if (ReferenceEquals(r, c)) continue;
                ulong[] rb = _bits.Of(r);
                if (c.Contains(r))
                {
                    for (int w = 0; w < _words; w++) context[w] &= rb[w];
                    continue;
                }
                if (Jaccard(cb, rb, _words, _lastMask) > NearCopyJaccard) return false;
                for (int w = 0; w < _words; w++) others[w] |= rb[w];
            }
            RatioStats own = Sum(w => cb[w] & ~others[w]);
            RatioStats rest = Sum(w => context[w] & ~cb[w] & ~others[w]);
            return own.N >= _minDisc && rest.N >= _minDisc && RatioStats.Z(own, rest) >= _minZ;
        }

        /// <summary>The ratio statistics of the discovery deals whose _bits <paramref name="word"/> sets (word w covers deals 64w to 64w + 63).</summary>
        private RatioStats Sum(Func<int, ulong> word)
        {
            var s = new RatioStats();
            for (int w = 0; w < _words; w++)
            {
                ulong m = word(w);
                if (w == _words - 1) m &= _lastMask;
                while (m != 0)
                {
                    int j = (w << 6) + BitOperations.TrailingZeroCount(m);
                    m &= m - 1;
                    int i = _disc[j];
                    s.Add(_data.Y[i], _data.H[i]);
                }
            }
            return s;
        }
    }

    /// <summary>For each chosen rule, the index of the chosen rule it is nested in (the innermost whose conditions it includes), or −1.</summary>
    internal static int[] Parents(IReadOnlyList<Candidate> chosen)
    {
        var parent = new int[chosen.Count];
        for (int k = 0; k < chosen.Count; k++)
        {
            parent[k] = -1;
            for (int j = 0; j < chosen.Count; j++)
            {
                if (j == k || chosen[j].Depth >= chosen[k].Depth || !chosen[k].Contains(chosen[j])) continue;
                if (parent[k] < 0 || chosen[j].Depth > chosen[parent[k]].Depth) parent[k] = j;
            }
        }
        return parent;
    }

    private static double Jaccard(ulong[] a, ulong[] b, int words, ulong lastMask)
    {
        long inter = 0, union = 0;
        for (int w = 0; w < words; w++)
        {
            ulong x = a[w], y = b[w];
            if (w == words - 1) { x &= lastMask; y &= lastMask; }
            inter += BitOperations.PopCount(x & y);
            union += BitOperations.PopCount(x | y);
        }
        return union == 0 ? 0 : (double)inter / union;
    }

    private static SearchOutcome Confirm(SearchData data, int[] conf, int[] cluster, int clusters, List<Candidate> chosen, IcpOptions options,
        int evaluated, int discoveryDeals, ConfirmationSplit split)
    {
        double zLevel = Distributions.NormalCritical(options.ConfidenceLevel);
        var diffs = new double[chosen.Count];
        var intervals = new (double, double)[chosen.Count];
        var p = new double[chosen.Count];
        int[] parents = Parents(chosen);
        for (int k = 0; k < chosen.Count; k++)
        {
            Candidate c = chosen[k];
            // A rule nested in a broader one is confirmed against the rest of that rule (the claim it was kept for: richer
            // than the broad segment it is inside); any other rule against all other deals.
            Candidate? parent = parents[k] >= 0 ? chosen[parents[k]] : null;
            var inside = new ClusteredRatio(clusters);
            var outside = new ClusteredRatio(clusters);
            foreach (int i in conf)
            {
                if (c.Holds(data, i)) inside.Add(cluster[i], data.Y[i], data.H[i]);
                else if (parent is null || parent.Holds(data, i)) outside.Add(cluster[i], data.Y[i], data.H[i]);
            }
            (double d, double se, _) = ClusteredRatio.Difference(inside, outside);
            if (double.IsNaN(d) || !(se > 0))
            {
                diffs[k] = double.IsNaN(d) ? 0 : d;
                intervals[k] = (diffs[k], diffs[k]);
                p[k] = 1;
                continue;
            }
            diffs[k] = d;
            intervals[k] = (d - zLevel * se, d + zLevel * se);
            // Student t on the smaller group's accounts − 1 degrees of freedom: a rule covering a few dozen accounts has a
            // skewed ratio, and the normal tail would confirm noise rules too often (6 % of null data sets at 2,000 deals).
            int df = Math.Max(1, Math.Min(inside.Accounts, outside.Accounts) - 1);
            p[k] = 1 - StudentT.CDF(0, 1, df, d / se);
        }
        double[] adjusted = options.Correction == MultipleTestingCorrection.Holm
            ? Statistics.MultipleTesting.Holm(p)
            : Statistics.MultipleTesting.BenjaminiHochberg(p);
        return new SearchOutcome(chosen, diffs, intervals, p, adjusted, evaluated, discoveryDeals, conf.Length, split);
    }
}

/// <summary>
/// The discovery deals each condition (attribute = level) covers, as bit sets over discovery positions; a rule's deals are
/// the AND of its conditions' bit sets (cached per rule).
/// </summary>
internal sealed class ConditionBits
{
    private readonly ulong[][] _condition;
    private readonly int[] _offset;
    private readonly ulong[] _all;
    private readonly Dictionary<string, ulong[]> _cache = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public ConditionBits(SearchData data, int[] disc, int[] offset)
    {
        int words = (disc.Length + 63) / 64;
        _offset = offset;
        _condition = new ulong[offset[^1]][];
        for (int k = 0; k < _condition.Length; k++) _condition[k] = new ulong[words];
        for (int a = 0; a < data.Attributes; a++)
        {
            int[] codes = data.Codes[a];
            int o = offset[a];
            for (int j = 0; j < disc.Length; j++) _condition[o + codes[disc[j]]][j >> 6] |= 1UL << (j & 63);
        }
        _all = new ulong[words];
        for (int j = 0; j < disc.Length; j++) _all[j >> 6] |= 1UL << (j & 63);
    }

    public ulong[] Of(Candidate c)
    {
        if (c.Depth == 0) return _all;
        lock (_gate)
        {
            if (_cache.TryGetValue(c.Key, out ulong[]? cached)) return cached;
        }
        ulong[] first = _condition[_offset[c.Attrs[0]] + c.Codes[0]];
        var result = (ulong[])first.Clone();
        for (int k = 1; k < c.Depth; k++)
        {
            ulong[] other = _condition[_offset[c.Attrs[k]] + c.Codes[k]];
            for (int w = 0; w < result.Length; w++) result[w] &= other[w];
        }
        lock (_gate) _cache[c.Key] = result;
        return result;
    }
}

/// <summary>A ratio Σy / Σh with account-clustered (cluster-robust) delta-method variance.</summary>
internal sealed class ClusteredRatio
{
    private readonly double[] _y;
    private readonly double[] _h;
    private readonly bool[] _seen;
    private readonly List<int> _touched = [];

    public ClusteredRatio(int clusters)
    {
        _y = new double[clusters];
        _h = new double[clusters];
        _seen = new bool[clusters];
    }

    public double Y { get; private set; }

    public double H { get; private set; }

    public int N { get; private set; }

    public void Add(int cluster, double y, double h)
    {
        if (!_seen[cluster])
        {
            _seen[cluster] = true;
            _touched.Add(cluster);
        }
        _y[cluster] += y;
        _h[cluster] += h;
        Y += y;
        H += h;
        N++;
    }

    public double Ratio => H > 0 ? Y / H : double.NaN;

    /// <summary>The number of accounts with deals in this group.</summary>
    public int Accounts => _touched.Count;

    /// <summary>
    /// The difference of two groups' ratios (built over the same accounts) with its account-clustered standard error, from
    /// one score per account over every account in either group: s_c = (Y_c^a − R_a H_c^a) / H^a − (Y_c^b − R_b H_c^b) / H^b,
    /// Var = G/(G−1) Σ_c s_c², G the accounts in either group. An account with deals in both groups contributes one score,
    /// so the covariance its deals induce between the two ratios is counted. The standard error is NaN when either group
    /// has fewer than 2 accounts; <c>Accounts</c> is G, for a Student-t critical value on G − 1 degrees of freedom.
    /// </summary>
    public static (double Difference, double StandardError, int Accounts) Difference(ClusteredRatio a, ClusteredRatio b)
    {
        double ra = a.Ratio, rb = b.Ratio;
        double d = ra - rb;
        if (double.IsNaN(d) || a._touched.Count < 2 || b._touched.Count < 2) return (d, double.NaN, 0);
        double ss = 0;
        int g = 0;
        foreach (int c in a._touched)
        {
            double s = (a._y[c] - ra * a._h[c]) / a.H;
            if (b._seen[c]) s -= (b._y[c] - rb * b._h[c]) / b.H;
            ss += s * s;
            g++;
        }
        foreach (int c in b._touched)
        {
            if (a._seen[c]) continue;
            double s = (b._y[c] - rb * b._h[c]) / b.H;
            ss += s * s;
            g++;
        }
        return (d, Math.Sqrt(ss * g / (g - 1)), g);
    }
}
