using System.Globalization;
using IcpAnalytics.Statistics;

namespace IcpAnalytics.Data;

/// <summary>Options for <see cref="SampleDeals"/>. Every default is stated; the same options give byte-identical deals.</summary>
public sealed record SampleDealsOptions
{
    /// <summary>How many closed deals to generate.</summary>
    /// <value>The default is 5,000.</value>
    public int Count { get; init; } = 5_000;

    /// <summary>The seed of every random draw.</summary>
    /// <value>The default is 42.</value>
    public int Seed { get; init; } = 42;

    /// <summary>
    /// When true, no segment differs: no ICP bonus to win rate or margin, and every industry has the same effort effects
    /// (<see cref="SampleDealsTruth.UniformMeetingsEffect"/>, <see cref="SampleDealsTruth.UniformDemosEffect"/>). Used to check
    /// that rule search finds nothing in noise.
    /// </summary>
    /// <value>The default is false.</value>
    public bool NoSegmentDifferences { get; init; }

    /// <summary>
    /// When true, deal size confounds effort and margin non-linearly (a squared log-size term in both), which a linear control
    /// for deal size cannot remove but a flexible learner can.
    /// </summary>
    /// <value>The default is false.</value>
    public bool NonlinearConfounding { get; init; }

    /// <summary>How many still-open deals (stages "Proposal", "Negotiation") <see cref="SampleDeals.WriteCsv(TextWriter, SampleDealsOptions)"/> adds, as CRM exports hold them.</summary>
    /// <value>The default is 0.</value>
    public int OpenDeals { get; init; }
}

/// <summary>
/// The built-in truth of <see cref="SampleDeals"/>: which segments really are the ideal customer profile, and what one more
/// unit of each effort (on the log1p scale) returns in expected margin per opportunity, per industry.
/// </summary>
/// <remarks>
/// The generating model, per deal: account attributes industry, region, employees; a rep with skill s ~ N(0,1);
/// amount R = exp(ln 30,000 + 0.45 ln(employees/300) + 0.15 s + N(0, 0.5²)); effort counts Poisson with
/// log-rates rising in ln(R/30,000) and s (calls 1.8 + 0.2 ln(R/30,000) + 0.1 s, meetings 0.9 + 0.35 ln(R/30,000) + 0.25 s,
/// demos −0.1 + 0.3 ln(R/30,000) + 0.2 s; with <see cref="SampleDealsOptions.NonlinearConfounding"/> each log-rate also gets
/// + 0.3 (ln R/30,000)²), so deal size and rep skill drive effort (confounding);
/// effort hours = 0.25 calls + 1.5 meetings + 3 demos + |N(2, 0.5²)|.
/// Expected margin per opportunity E[won × margin] = −2,000 + 0.06 R + 800 s + ICP bonus + θ_meetings,industry · log1p(meetings)
/// + θ_demos,industry · log1p(demos) (+ 2,500 (ln R/30,000)² with non-linear confounding); calls have no effect.
/// Win probability = 0.22 + 0.20 (ICP) + 0.04 s, clipped to [0.05, 0.8]; a won deal's margin is that expectation divided by
/// the win probability plus N(0, (0.1 R)²) noise, so the effects above are exactly the effects on margin per opportunity.
/// </remarks>
public static class SampleDealsTruth
{
    /// <summary>The industries, in code order.</summary>
    public static IReadOnlyList<string> Industries { get; } = ["Software", "Manufacturing", "Healthcare", "Retail", "Financial Services", "Logistics"];

    /// <summary>The regions, in code order.</summary>
    public static IReadOnlyList<string> Regions { get; } = ["North America", "EMEA", "APAC", "LATAM"];

    /// <summary>The band edges of the employees attribute in generated deal sets: &lt; 50, 50–200, 200–1,000, 1,000–5,000, ≥ 5,000.</summary>
    public static IReadOnlyList<double> EmployeeBandEdges { get; } = [50, 200, 1000, 5000];

    /// <summary>The true ICP segments in words, as rules read: "industry = Software and employees 200–1,000", "industry = Healthcare and region = North America".</summary>
    public static IReadOnlyList<string> IcpSegments { get; } = ["industry = Software and employees 200–1,000", "industry = Healthcare and region = North America"];

    /// <summary>Added to expected margin per opportunity for "Software and 200–1,000 employees".</summary>
    public const double SoftwareMidMarketBonus = 4_000;

    /// <summary>Added to expected margin per opportunity for "Healthcare and North America".</summary>
    public const double HealthcareNorthAmericaBonus = 3_000;

    /// <summary>Added to the win probability inside either ICP segment.</summary>
    public const double IcpWinRateBonus = 0.20;

    /// <summary>Base win probability outside the ICP for a rep of average skill.</summary>
    public const double BaseWinRate = 0.22;

    /// <summary>The effect of meetings per unit of log1p(meetings) on margin per opportunity, by industry (order of <see cref="Industries"/>).</summary>
    public static IReadOnlyList<double> MeetingsEffect { get; } = [1500, 600, 1200, 300, 900, 450];

    /// <summary>The effect of demos per unit of log1p(demos) on margin per opportunity, by industry (order of <see cref="Industries"/>).</summary>
    public static IReadOnlyList<double> DemosEffect { get; } = [2000, 1000, 800, 0, 1400, 500];

    /// <summary>The meetings effect for deals whose industry is missing, and for every industry when segments do not differ.</summary>
    public const double UniformMeetingsEffect = 800;

    /// <summary>The demos effect for deals whose industry is missing, and for every industry when segments do not differ.</summary>
    public const double UniformDemosEffect = 1000;

    /// <summary>The share of accounts whose industry is left missing, as in real CRM data.</summary>
    public const double MissingIndustryShare = 0.02;

    /// <summary>The true effect of one unit of log1p(<paramref name="effort"/>) on margin per opportunity in <paramref name="industry"/>.</summary>
    /// <param name="effort">"meetings", "demos" or "calls" (calls have no effect).</param>
    /// <param name="industry">An industry of <see cref="Industries"/>, or null for a missing industry.</param>
    /// <param name="noSegmentDifferences">Whether the data was generated with <see cref="SampleDealsOptions.NoSegmentDifferences"/>.</param>
    public static double Effect(string effort, string? industry, bool noSegmentDifferences = false)
    {
        ArgumentNullException.ThrowIfNull(effort);
        int k = industry is null ? -1 : IndexOf(Industries, industry);
        if (industry is not null && k < 0) throw new ArgumentException($"Unknown industry '{industry}'. Industries: {string.Join(", ", Industries)}.", nameof(industry));
        return effort.ToUpperInvariant() switch
        {
            "MEETINGS" => noSegmentDifferences || k < 0 ? UniformMeetingsEffect : MeetingsEffect[k],
            "DEMOS" => noSegmentDifferences || k < 0 ? UniformDemosEffect : DemosEffect[k],
            "CALLS" => 0,
            _ => throw new ArgumentException($"Unknown effort '{effort}'. Efforts: calls, meetings, demos.", nameof(effort)),
        };
    }

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (int i = 0; i < list.Count; i++)
        {
            if (string.Equals(list[i], value, StringComparison.Ordinal)) return i;
        }
        return -1;
    }
}

/// <summary>
/// A deterministic generator of realistic closed deals with a documented truth (<see cref="SampleDealsTruth"/>): two segments
/// that really are the ideal customer profile, segment-specific diminishing-returns effects of effort on margin, and
/// confounding by deal size and rep skill. It is the <c>icp</c> command's embedded dataset and the ground truth of tests.
/// </summary>
public static class SampleDeals
{
    private static readonly DateOnly FirstCloseDate = new(2024, 1, 1);
    private const int CloseDateSpanDays = 730;

    /// <summary>Generates <paramref name="count"/> closed deals from <paramref name="seed"/> (see <see cref="SampleDealsTruth"/>).</summary>
    /// <param name="count">How many deals. The default is 5,000.</param>
    /// <param name="seed">The random seed. The default is 42.</param>
    public static DealSet Generate(int count = 5_000, int seed = 42) => Generate(new SampleDealsOptions { Count = count, Seed = seed });

    /// <summary>Generates closed deals as <paramref name="options"/> say (see <see cref="SampleDealsTruth"/>).</summary>
    /// <param name="options">Count, seed and variants of the truth.</param>
    public static DealSet Generate(SampleDealsOptions options)
    {
        Raw raw = Draw(options);
        int n = options.Count;
        var dealIds = new string[n];
        var days = new int[n];
        for (int i = 0; i < n; i++)
        {
            dealIds[i] = DealIdOf(i);
            days[i] = FirstCloseDate.DayNumber + raw.DayOffset[i];
        }
        string[] accountLevels = [.. Enumerable.Range(0, raw.AccountCount).Select(AccountIdOf)];
        string[] repLevels = [.. Enumerable.Range(0, raw.RepCount).Select(RepOf)];
        var industryCodes = new int[n];
        var regionCodes = new int[n];
        var employeeBands = new int[n];
        double[] edges = [.. SampleDealsTruth.EmployeeBandEdges];
        for (int i = 0; i < n; i++)
        {
            int a = raw.Account[i];
            industryCodes[i] = raw.AccountIndustry[a];
            regionCodes[i] = raw.AccountRegion[a];
            employeeBands[i] = Banding.BandIndex(edges, raw.AccountEmployees[a]);
        }
        var notes = new List<string> { string.Create(CultureInfo.InvariantCulture, $"generated by SampleDeals (seed {options.Seed}){(options.NoSegmentDifferences ? ", no segment differences" : "")}{(options.NonlinearConfounding ? ", non-linear confounding" : "")}") };
        return new DealSet(
            dealIds,
            new CategoricalColumn("account_id", raw.Account, accountLevels, null),
            new CategoricalColumn("rep", raw.Rep, repLevels, null),
            days,
            raw.Won,
            new NumericColumn("revenue", raw.Revenue, null),
            new NumericColumn("gross_margin", raw.Margin, null),
            new NumericColumn("discount", raw.Discount, null),
            new NumericColumn("cycle_days", raw.CycleDays, null),
            new NumericColumn("effort_hours", raw.Hours, null),
            [new NumericColumn("calls", raw.Calls, null), new NumericColumn("meetings", raw.Meetings, null), new NumericColumn("demos", raw.Demos, null)],
            [
                new CategoricalColumn("industry", industryCodes, [.. SampleDealsTruth.Industries], null),
                new CategoricalColumn("region", regionCodes, [.. SampleDealsTruth.Regions], null),
                new CategoricalColumn("employees", employeeBands, Banding.Labels(edges), null, edges),
            ],
            [],
            LoadReport.Clean("sample", n, notes));
    }

    /// <summary>
    /// Writes generated deals as a CRM-style CSV (comma-separated, invariant culture, UTF-8): deal_id, account_id, rep,
    /// closed_date, stage ("Closed Won", "Closed Lost", or an open stage), amount, gross_margin, discount, cycle_days,
    /// calls, meetings, demos, effort_hours, industry, region, employees. Open deals (see <see cref="SampleDealsOptions.OpenDeals"/>)
    /// follow the closed ones and have no close date.
    /// </summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="options">Count, seed and variants of the truth.</param>
    public static void WriteCsv(TextWriter writer, SampleDealsOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(options);
        Raw raw = Draw(options);
        CultureInfo inv = CultureInfo.InvariantCulture;
        writer.Write("deal_id,account_id,rep,closed_date,stage,amount,gross_margin,discount,cycle_days,calls,meetings,demos,effort_hours,industry,region,employees\n");
        for (int i = 0; i < options.Count; i++)
        {
            int a = raw.Account[i];
            string date = FirstCloseDate.AddDays(raw.DayOffset[i]).ToString("yyyy-MM-dd", inv);
            writer.Write(string.Create(inv,
                $"{DealIdOf(i)},{AccountIdOf(a)},{RepOf(raw.Rep[i])},{date},{(raw.Won[i] != 0 ? "Closed Won" : "Closed Lost")},{raw.Revenue[i]:R},{raw.Margin[i]:R},{raw.Discount[i]:R},{raw.CycleDays[i]:R},{raw.Calls[i]:R},{raw.Meetings[i]:R},{raw.Demos[i]:R},{raw.Hours[i]:R},{IndustryOf(raw.AccountIndustry[a])},{SampleDealsTruth.Regions[raw.AccountRegion[a]]},{raw.AccountEmployees[a]:R}\n"));
        }
        var rng = new Random(options.Seed ^ 0x5eed);
        for (int j = 0; j < options.OpenDeals; j++)
        {
            int a = rng.Next(raw.AccountCount);
            double amount = Math.Round(30_000 * Math.Exp(0.5 * Normal(rng)), 2);
            writer.Write(string.Create(inv,
                $"{DealIdOf(options.Count + j)},{AccountIdOf(a)},{RepOf(rng.Next(raw.RepCount))},,{(j % 2 == 0 ? "Proposal" : "Negotiation")},{amount:R},,,,{rng.Next(1, 8)},{rng.Next(0, 4)},{rng.Next(0, 2)},{rng.Next(2, 12)},{IndustryOf(raw.AccountIndustry[a])},{SampleDealsTruth.Regions[raw.AccountRegion[a]]},{raw.AccountEmployees[a]:R}\n"));
        }
    }

    /// <summary>Writes generated deals to a CSV file (see <see cref="WriteCsv(TextWriter, SampleDealsOptions)"/>).</summary>
    /// <param name="path">The file to create or overwrite.</param>
    /// <param name="options">Count, seed and variants of the truth.</param>
    public static void WriteCsv(string path, SampleDealsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        AtomicFile.WriteText(path, writer => WriteCsv(writer, options));
    }

    internal static string DealIdOf(int i) => "D" + (i + 1).ToString("D7", CultureInfo.InvariantCulture);

    internal static string AccountIdOf(int a) => "A" + (a + 1).ToString("D6", CultureInfo.InvariantCulture);

    internal static string RepOf(int r) => "Rep " + (r + 1).ToString("D2", CultureInfo.InvariantCulture);

    private static string IndustryOf(int code) => code < 0 ? "" : SampleDealsTruth.Industries[code];

    private sealed class Raw
    {
        public int AccountCount;
        public int RepCount;
        public int[] AccountIndustry = [];
        public int[] AccountRegion = [];
        public double[] AccountEmployees = [];
        public int[] Account = [];
        public int[] Rep = [];
        public int[] DayOffset = [];
        public byte[] Won = [];
        public double[] Revenue = [];
        public double[] Margin = [];
        public double[] Discount = [];
        public double[] CycleDays = [];
        public double[] Calls = [];
        public double[] Meetings = [];
        public double[] Demos = [];
        public double[] Hours = [];
    }

    private static Raw Draw(SampleDealsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (options.Count < 1) problems.Add($"Count is {options.Count}; it must be at least 1.");
        if (options.OpenDeals < 0) problems.Add($"OpenDeals is {options.OpenDeals}; it must be 0 or more.");
        Throw.IfAny(problems);

        int n = options.Count;
        var rng = new Random(options.Seed);
        var raw = new Raw
        {
            AccountCount = Math.Max(20, n / 5),
            RepCount = Math.Clamp(n / 50, 5, 40),
        };
        int accounts = raw.AccountCount;
        raw.AccountIndustry = new int[accounts];
        raw.AccountRegion = new int[accounts];
        raw.AccountEmployees = new double[accounts];
        var accountWeight = new double[accounts];
        double[] industryShare = [0.22, 0.20, 0.16, 0.16, 0.14, 0.12];
        double[] regionShare = [0.40, 0.30, 0.20, 0.10];
        for (int a = 0; a < accounts; a++)
        {
            raw.AccountIndustry[a] = rng.NextDouble() < SampleDealsTruth.MissingIndustryShare ? -1 : Pick(rng, industryShare);
            raw.AccountRegion[a] = Pick(rng, regionShare);
            raw.AccountEmployees[a] = Math.Max(5, Math.Round(Math.Exp(Math.Log(300) + 1.2 * Normal(rng))));
            accountWeight[a] = Math.Exp(0.8 * Normal(rng));
        }
        var cumulative = new double[accounts];
        double total = 0;
        for (int a = 0; a < accounts; a++) cumulative[a] = total += accountWeight[a];

        var skill = new double[raw.RepCount];
        for (int r = 0; r < skill.Length; r++) skill[r] = Normal(rng);

        raw.Account = new int[n];
        raw.Rep = new int[n];
        raw.DayOffset = new int[n];
        raw.Won = new byte[n];
        raw.Revenue = new double[n];
        raw.Margin = new double[n];
        raw.Discount = new double[n];
        raw.CycleDays = new double[n];
        raw.Calls = new double[n];
        raw.Meetings = new double[n];
        raw.Demos = new double[n];
        raw.Hours = new double[n];
        bool uniform = options.NoSegmentDifferences;
        for (int i = 0; i < n; i++)
        {
            double u = rng.NextDouble() * total;
            int a = Array.BinarySearch(cumulative, u);
            if (a < 0) a = ~a;
            if (a >= accounts) a = accounts - 1;
            int rep = rng.Next(raw.RepCount);
            double s = skill[rep];
            int industry = raw.AccountIndustry[a];
            double employees = raw.AccountEmployees[a];
            bool icp1 = industry == 0 && employees >= 200 && employees < 1000;
            bool icp2 = industry == 2 && raw.AccountRegion[a] == 0;
            bool icp = !uniform && (icp1 || icp2);

            double revenue = Math.Round(Math.Exp(Math.Log(30_000) + 0.45 * Math.Log(employees / 300) + 0.15 * s + 0.5 * Normal(rng)), 2);
            double size = Math.Log(revenue / 30_000);
            double bend = options.NonlinearConfounding ? 0.3 * size * size : 0;
            double calls = Poisson(rng, Math.Exp(1.8 + 0.2 * size + 0.1 * s + bend));
            double meetings = Poisson(rng, Math.Exp(0.9 + 0.35 * size + 0.25 * s + bend));
            double demos = Poisson(rng, Math.Exp(-0.1 + 0.3 * size + 0.2 * s + bend));
            double hours = Math.Round(0.25 * calls + 1.5 * meetings + 3 * demos + Math.Abs(2 + 0.5 * Normal(rng)), 1);

            string? industryName = industry < 0 ? null : SampleDealsTruth.Industries[industry];
            double expected = -2_000 + 0.06 * revenue + 800 * s
                + (uniform ? 0 : icp1 ? SampleDealsTruth.SoftwareMidMarketBonus : icp2 ? SampleDealsTruth.HealthcareNorthAmericaBonus : 0)
                + SampleDealsTruth.Effect("meetings", industryName, uniform) * Math.Log(1 + meetings)
                + SampleDealsTruth.Effect("demos", industryName, uniform) * Math.Log(1 + demos)
                + (options.NonlinearConfounding ? 2_500 * size * size : 0);
            double pWin = Math.Clamp(SampleDealsTruth.BaseWinRate + (icp ? SampleDealsTruth.IcpWinRateBonus : 0) + 0.04 * s, 0.05, 0.8);
            bool won = rng.NextDouble() < pWin;
            double marginIfWon = expected / pWin + 0.1 * revenue * Normal(rng);

            raw.Account[i] = a;
            raw.Rep[i] = rep;
            raw.DayOffset[i] = rng.Next(CloseDateSpanDays);
            raw.Won[i] = won ? (byte)1 : (byte)0;
            raw.Revenue[i] = revenue;
            raw.Margin[i] = won ? Math.Round(marginIfWon, 2) : 0;
            raw.Discount[i] = Math.Round(Math.Clamp(0.12 - 0.03 * s + 0.02 * Normal(rng), 0, 0.5), 3);
            raw.CycleDays[i] = Math.Max(1, Math.Round(20 + 6 * meetings + 8 * demos + 10 * Math.Abs(Normal(rng))));
            raw.Calls[i] = calls;
            raw.Meetings[i] = meetings;
            raw.Demos[i] = demos;
            raw.Hours[i] = hours;
        }
        return raw;
    }

    private static int Pick(Random rng, double[] shares)
    {
        double u = rng.NextDouble();
        for (int k = 0; k < shares.Length - 1; k++)
        {
            if ((u -= shares[k]) < 0) return k;
        }
        return shares.Length - 1;
    }

    private static double Normal(Random rng) => RandomDraws.StandardNormal(rng);

    private static double Poisson(Random rng, double lambda)
    {
        if (lambda > 30) return Math.Max(0, Math.Round(lambda + Math.Sqrt(lambda) * Normal(rng)));
        double limit = Math.Exp(-lambda), product = rng.NextDouble();
        int k = 0;
        while (product > limit)
        {
            k++;
            product *= rng.NextDouble();
        }
        return k;
    }
}
