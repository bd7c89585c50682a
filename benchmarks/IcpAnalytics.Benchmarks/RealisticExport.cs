using System.Globalization;
using System.Text;

namespace IcpAnalytics.Benchmarks;

/// <summary>
/// Writes a CRM export shaped like the ones users bring (20 columns): deal id, account id (about one account per four
/// deals), close date, industry (8), region (4), employees, annual revenue, product line (3), lead source (5), rep (40),
/// stage, amount, gross margin, discount, cycle days, meetings, demos, calls, emails, effort hours. Account attributes are
/// constant within an account; product line and lead source vary per deal. The same count and seed give the same bytes.
/// </summary>
/// <remarks>
/// Truth, for readers of the benchmark (nothing asserts it): win probability 0.2 + 0.15 for Software/Healthcare accounts
/// with 200–2,000 employees, margin ≈ 35 % of amount, amount log-normal around 25,000 × (employees/300)^0.4, efforts
/// Poisson with rates rising with amount. The generator is a plain linear congruential stream so that it is fast and
/// needs nothing but the BCL.
/// </remarks>
public static class RealisticExport
{
    /// <summary>The header row, in column order.</summary>
    public const string Header = "deal_id,account_id,close_date,industry,region,employees,annual_revenue,product_line,lead_source,rep,"
        + "stage,amount,gross_margin,discount,cycle_days,meetings,demos,calls,emails,effort_hours";

    private static readonly string[] Industries = ["Software", "Manufacturing", "Healthcare", "Retail", "Financial Services", "Logistics", "Education", "Energy"];
    private static readonly string[] Regions = ["North America", "EMEA", "APAC", "LATAM"];
    private static readonly string[] Products = ["Core", "Pro", "Enterprise"];
    private static readonly string[] Sources = ["Inbound", "Outbound", "Partner", "Event", "Referral"];

    /// <summary>Writes <paramref name="deals"/> closed deals to <paramref name="path"/>.</summary>
    /// <param name="path">The CSV file to create (overwritten if it exists: it is a benchmark input, never a user's file).</param>
    /// <param name="deals">How many deals.</param>
    /// <param name="seed">The seed of every draw.</param>
    public static void Write(string path, int deals, int seed = 1)
    {
        int accounts = Math.Max(1, deals / 4);
        var rng = new Stream((ulong)seed);
        // Account attributes, drawn once per account.
        var industry = new byte[accounts];
        var region = new byte[accounts];
        var employees = new int[accounts];
        var annualRevenue = new long[accounts];
        for (int a = 0; a < accounts; a++)
        {
            industry[a] = (byte)rng.Below(Industries.Length);
            region[a] = (byte)rng.Below(Regions.Length);
            employees[a] = (int)Math.Round(Math.Exp(5.3 + 1.3 * rng.Normal()));
            annualRevenue[a] = (long)Math.Round(employees[a] * 180_000 * Math.Exp(0.4 * rng.Normal()), MidpointRounding.AwayFromZero);
        }

        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        writer.NewLine = "\n";
        writer.WriteLine(Header);
        var start = new DateOnly(2023, 1, 1);
        var line = new StringBuilder(256);
        CultureInfo inv = CultureInfo.InvariantCulture;
        for (int i = 0; i < deals; i++)
        {
            int a = rng.Below(accounts);
            int rep = rng.Below(40);
            double skill = (rep % 7 - 3) / 3.0;
            bool icp = (industry[a] == 0 || industry[a] == 2) && employees[a] is >= 200 and < 2000;
            double amount = Math.Round(25_000 * Math.Pow(employees[a] / 300.0, 0.4) * Math.Exp(0.5 * rng.Normal()), 2);
            double lnSize = Math.Log(amount / 25_000);
            int meetings = rng.Poisson(Math.Exp(0.9 + 0.3 * lnSize + 0.2 * skill));
            int demos = rng.Poisson(Math.Exp(-0.2 + 0.3 * lnSize + 0.15 * skill));
            int calls = rng.Poisson(Math.Exp(1.8 + 0.2 * lnSize));
            int emails = rng.Poisson(Math.Exp(2.2 + 0.1 * lnSize));
            double hours = Math.Round(0.25 * calls + 0.1 * emails + 1.5 * meetings + 3 * demos + Math.Abs(2 + 0.5 * rng.Normal()), 2);
            double pWin = Math.Clamp(0.2 + (icp ? 0.15 : 0) + 0.03 * skill + 0.02 * Math.Log(1 + meetings) + 0.03 * Math.Log(1 + demos), 0.03, 0.9);
            bool won = rng.Uniform() < pWin;
            double margin = won ? Math.Round(amount * (0.35 + (icp ? 0.05 : 0) + 0.05 * rng.Normal()), 2) : 0;
            double discount = Math.Round(Math.Clamp(0.08 + 0.05 * rng.Normal(), 0, 0.5), 3);
            int cycle = 10 + rng.Poisson(40 + 10 * Math.Max(0, lnSize + 1));
            DateOnly closed = start.AddDays(rng.Below(730));

            line.Clear();
            line.Append('D').Append((i + 1).ToString("D7", inv)).Append(",A").Append((a + 1).ToString("D6", inv)).Append(',')
                .Append(closed.ToString("yyyy-MM-dd", inv)).Append(',').Append(Quote(Industries[industry[a]])).Append(',')
                .Append(Regions[region[a]]).Append(',').Append(employees[a].ToString(inv)).Append(',')
                .Append(annualRevenue[a].ToString(inv)).Append(',').Append(Products[rng.Below(Products.Length)]).Append(',')
                .Append(Sources[rng.Below(Sources.Length)]).Append(",Rep ").Append((rep + 1).ToString("D2", inv)).Append(',')
                .Append(won ? "Closed Won" : "Closed Lost").Append(',').Append(amount.ToString("F2", inv)).Append(',');
            if (won) line.Append(margin.ToString("F2", inv));
            line.Append(',').Append(discount.ToString(inv)).Append(',').Append(cycle.ToString(inv)).Append(',')
                .Append(meetings.ToString(inv)).Append(',').Append(demos.ToString(inv)).Append(',').Append(calls.ToString(inv)).Append(',')
                .Append(emails.ToString(inv)).Append(',').Append(hours.ToString(inv));
            writer.WriteLine(line);
        }
    }

    private static string Quote(string s) => s.Contains(' ', StringComparison.Ordinal) ? "\"" + s + "\"" : s;

    /// <summary>A small, fast deterministic random stream (SplitMix64) with the few draws the generator needs.</summary>
    private sealed class Stream(ulong seed)
    {
        private ulong _state = seed * 0x9E3779B97F4A7C15UL + 1;

        private ulong Next()
        {
            ulong z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        public double Uniform() => (Next() >> 11) * (1.0 / (1UL << 53));

        public int Below(int n) => (int)(Uniform() * n);

        public double Normal()
        {
            double u1 = 1 - Uniform();
            return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * Uniform());
        }

        public int Poisson(double mean)
        {
            if (mean > 30) return Math.Max(0, (int)Math.Round(mean + Math.Sqrt(mean) * Normal()));
            double l = Math.Exp(-mean), p = 1;
            int k = 0;
            do { k++; p *= Uniform(); } while (p > l);
            return k - 1;
        }
    }
}
