using System.Globalization;
using System.Text;
using IcpAnalytics.Data;

namespace IcpAnalytics.Tests.Reports;

/// <summary>
/// A book of deals with a known true ICP and a believed one that is partly right. Truth: accounts in industry = Software with
/// 250 to 1,000 employees win 60 % of their deals, all others 30 %; a won deal earns a margin of 10,000 (revenue 40,000) and a deal
/// takes 5 to 15 effort hours (mean 10), so the true segment yields 600 per effort hour (6,000 per deal) and the rest 300 (3,000).
/// The belief "industry = Software and employees 500–2,000" has the right industry and the wrong size band: it agrees with the truth
/// on Software 500–1,000, misses Software 250–500 (600/h) and includes Software 1,000–2,000 wrongly (300/h).
/// </summary>
internal static class BeliefWorld
{
    public const string Truth = "industry = Software and employees 250–1,000";
    public const string Belief = "industry = Software and employees 500–2,000";
    public const double TrueYield = 600, RestYield = 300, TruePerDeal = 6_000, RestPerDeal = 3_000;

    public sealed record Deal(string Account, string Industry, double Employees, DateOnly Closed, bool Won, double Margin, double Hours);

    public static readonly Lazy<(string Csv, Deal[] Deals)> Book = new(() => Generate(1_500, 6, seed: 17));

    public static bool InTruth(Deal d) => d.Industry == "Software" && d.Employees >= 250 && d.Employees < 1_000;

    public static bool InBelief(Deal d) => d.Industry == "Software" && d.Employees >= 500 && d.Employees < 2_000;

    public static (string, Deal[]) Generate(int accounts, int dealsPerAccount, int seed)
    {
        var rng = new Random(seed);
        string[] industries = ["Software", "Retail", "Healthcare", "Finance"];
        var deals = new List<Deal>();
        var sb = new StringBuilder("deal_id,account,closed,stage,amount,gross_margin,effort_hours,industry,employees\n");
        var start = new DateOnly(2024, 1, 1);
        for (int a = 0; a < accounts; a++)
        {
            string industry = industries[rng.Next(4)];
            double employees = 50 + rng.Next(1_950);
            for (int k = 0; k < dealsPerAccount; k++)
            {
                var d = new Deal("A" + a.ToString(CultureInfo.InvariantCulture), industry, employees, start.AddDays(rng.Next(730)), false, 0, 5 + rng.Next(11));
                bool won = rng.NextDouble() < (InTruth(d) ? 0.6 : 0.3);
                d = d with { Won = won, Margin = won ? 10_000 : 0 };
                deals.Add(d);
                sb.Append(CultureInfo.InvariantCulture,
                    $"D{deals.Count},{d.Account},{d.Closed:yyyy-MM-dd},{(won ? "Closed Won" : "Closed Lost")},{(won ? 40_000 : 0)},{d.Margin},{d.Hours},{industry},{employees}\n");
            }
        }
        return (sb.ToString(), [.. deals]);
    }

    public static DealSet Load(string csv) => DealSet.FromCsv(new StringReader(csv), map => map.DealId("deal_id").Account("account").ClosedDate("closed")
        .Outcome("stage", won: ["Closed Won"], lost: ["Closed Lost"]).Revenue("amount").Margin("gross_margin").EffortHours("effort_hours")
        .Attribute("industry").NumericAttribute("employees"));

    /// <summary>Deals, margin per deal pursued and margin per effort hour of the deals <paramref name="holds"/> picks, summed by hand.</summary>
    public static (int Deals, double PerDeal, double PerHour) Hand(IEnumerable<Deal> deals, Func<Deal, bool> holds)
    {
        int n = 0;
        double margin = 0, hours = 0;
        foreach (Deal d in deals.Where(holds))
        {
            n++;
            margin += d.Margin;
            hours += d.Hours;
        }
        return (n, margin / n, margin / hours);
    }
}
