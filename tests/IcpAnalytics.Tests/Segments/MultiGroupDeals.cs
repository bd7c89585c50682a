using IcpAnalytics.Data;

namespace IcpAnalytics.Tests.Segments;

/// <summary>
/// Deals whose accounts have deals in several groups: a deal-level attribute "product" (four lines, drawn per deal), an
/// account-level "industry" (three levels), 1–12 deals per account, some deals without an account, closed over two years.
/// Thousands of accounts have deals under two or more products, so the (group, account) cells of the clustered pass
/// outgrow any small first allocation.
/// </summary>
internal static class MultiGroupDeals
{
    internal static readonly string[] Products = ["Core", "Plus", "Pro", "Suite"];
    internal static readonly string[] Industries = ["Retail", "Software", "Health"];

    public static DealSet Create(int accounts = 3_000, int seed = 5, double noAccountShare = 0.02)
    {
        var rng = new Random(seed);
        var account = new List<int>();
        var product = new List<int>();
        var industry = new List<int>();
        var won = new List<byte>();
        var margin = new List<double>();
        var hours = new List<double>();
        var days = new List<int>();
        int start = new DateOnly(2024, 1, 1).DayNumber;
        for (int a = 0; a < accounts; a++)
        {
            int ind = rng.Next(Industries.Length);
            double accountEffect = rng.NextDouble();
            int deals = 1 + rng.Next(12);
            for (int d = 0; d < deals; d++)
            {
                int p = rng.Next(Products.Length);
                bool noAccount = rng.NextDouble() < noAccountShare;
                account.Add(noAccount ? -1 : a);
                product.Add(p);
                industry.Add(ind);
                bool w = rng.NextDouble() < 0.2 + 0.3 * accountEffect + 0.05 * p;
                won.Add(w ? (byte)1 : (byte)0);
                margin.Add(w ? Math.Round(1_000 * (1 + p) * (0.5 + accountEffect) * (0.5 + rng.NextDouble()), 2) : 0);
                // Some deals have no effort hours recorded.
                hours.Add(rng.NextDouble() < 0.05 ? double.NaN : Math.Round(5 + 40 * rng.NextDouble(), 1));
                days.Add(start + rng.Next(730));
            }
        }
        int n = account.Count;
        return new DealSet(
            [.. Enumerable.Range(1, n).Select(i => "D" + i)],
            new CategoricalColumn("account_id", [.. account], [.. Enumerable.Range(0, accounts).Select(a => "ACC" + a)], null),
            new CategoricalColumn("rep", new int[n], ["Rep 1"], null),
            [.. days],
            [.. won],
            new NumericColumn("revenue", [.. margin.Select(m => m > 0 ? 3 * m : 1_000)], null),
            new NumericColumn("gross_margin", [.. margin], null),
            null,
            null,
            new NumericColumn("effort_hours", [.. hours], null),
            [],
            [
                new CategoricalColumn("product", [.. product], Products, null),
                new CategoricalColumn("industry", [.. industry], Industries, null),
            ],
            [],
            LoadReport.Clean("multi-group", n));
    }
}

/// <summary>
/// The account-cluster-robust (CR1) intervals of a group of deals computed the plain way, independently of the library:
/// each account's sums collected in a dictionary (a deal without an account is an account of its own), then
/// V = G/(G−1) · Σ_a (Y_a − θ D_a)² / D², estimate ± t(G − 1) · √V, with D = deals (per deal) or hours (per hour).
/// </summary>
internal static class PlainClusterFormula
{
    public static (double Estimate, double Lower, double Upper, int Accounts) PerDeal(DealSet deals, Func<int, bool> inGroup) =>
        Compute(deals, inGroup, perHour: false);

    public static (double Estimate, double Lower, double Upper, int Accounts) PerHour(DealSet deals, Func<int, bool> inGroup) =>
        Compute(deals, inGroup, perHour: true);

    private static (double, double, double, int) Compute(DealSet deals, Func<int, bool> inGroup, bool perHour)
    {
        var sums = new Dictionary<string, (double Y, double D)>(StringComparer.Ordinal);
        double totalY = 0, totalD = 0;
        for (int i = 0; i < deals.Count; i++)
        {
            if (!inGroup(i)) continue;
            double h = deals.EffortHours![i];
            if (perHour && double.IsNaN(h)) continue;
            double y = deals.IsWon(i) ? deals.GrossMargin![i] : 0;
            double d = perHour ? h : 1;
            string key = deals.Accounts[i] ?? "deal:" + deals.DealId(i);
            sums.TryGetValue(key, out (double Y, double D) s);
            sums[key] = (s.Y + y, s.D + d);
            totalY += y;
            totalD += d;
        }
        double theta = totalY / totalD;
        double ss = 0;
        foreach ((double y, double d) in sums.Values) ss += (y - theta * d) * (y - theta * d);
        int g = sums.Count;
        double se = Math.Sqrt((double)g / (g - 1) * ss) / totalD;
        double t = MathNet.Numerics.Distributions.StudentT.InvCDF(0, 1, g - 1, 0.975);
        return (theta, theta - t * se, theta + t * se, g);
    }
}
