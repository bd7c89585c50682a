using System.Globalization;
using System.Text;

namespace IcpAnalytics.Tests.Icp;

/// <summary>
/// Writes a Salesforce-style export with a known truth: opportunities (Opportunity ID, Opportunity Name, Account ID, Stage with
/// open stages, Close Date, Amount, Product, Lead Source, Won Reason and Contract Signed Date filled only for won deals, Created
/// Date) and an accounts file (Account ID, Account Name, Industry, Employees, Annual Revenue, Region, Year Founded).
/// Truth: Healthcare accounts win <see cref="IcpWinRate"/> of their deals, the rest <see cref="BaseWinRate"/>; the product's price
/// (Starter 5,000, Pro 20,000, Enterprise 60,000) drives the amount and nothing else; lead source has no effect.
/// </summary>
internal static class SalesforceExport
{
    public const double IcpWinRate = 0.60;
    public const double BaseWinRate = 0.22;
    public static readonly string[] Industries = ["Software", "Healthcare", "Manufacturing", "Retail", "Finance"];
    public static readonly string[] Regions = ["North America", "EMEA", "APAC", "LATAM"];
    public static readonly (string Name, double Price)[] Products = [("Starter", 5_000), ("Pro", 20_000), ("Enterprise", 60_000)];
    public static readonly string[] LeadSources = ["Web", "Partner", "Outbound", "Event"];

    public static (string Opportunities, string Accounts, int Closed, int Open) Write(string folder, int accounts = 700, int seed = 5)
    {
        var rng = new Random(seed);
        CultureInfo inv = CultureInfo.InvariantCulture;
        var acc = new StringBuilder("Account ID,Account Name,Industry,Employees,Annual Revenue,Region,Year Founded\n");
        var opp = new StringBuilder("Opportunity ID,Opportunity Name,Account ID,Stage,Close Date,Amount,Product,Lead Source,Won Reason,Contract Signed Date,Created Date\n");
        var start = new DateOnly(2023, 1, 1);
        int closed = 0, open = 0, id = 0;
        for (int a = 0; a < accounts; a++)
        {
            string accountId = string.Create(inv, $"001A{a:00000}");
            string industry = Industries[rng.Next(Industries.Length)];
            int employees = (int)Math.Round(Math.Exp(3 + rng.NextDouble() * 6.5));
            long annualRevenue = (long)(employees * (120_000 + rng.NextDouble() * 80_000));
            string region = Regions[rng.Next(Regions.Length)];
            int founded = 1950 + rng.Next(71);
            acc.Append(inv, $"{accountId},Company {a},{industry},{employees},{annualRevenue},{region},{founded}\n");
            int deals = 1 + rng.Next(7);
            for (int d = 0; d < deals; d++)
            {
                id++;
                (string product, double price) = Products[rng.Next(Products.Length)];
                string lead = LeadSources[rng.Next(LeadSources.Length)];
                double amount = Math.Round(price * (0.85 + 0.3 * rng.NextDouble()), 2);
                DateOnly close = start.AddDays(rng.Next(730));
                DateOnly created = close.AddDays(-(10 + rng.Next(110)));
                string oppId = string.Create(inv, $"006B{id:000000}");
                if (rng.NextDouble() < 0.08)
                {
                    open++;
                    string stage = rng.Next(2) == 0 ? "Prospecting" : "Negotiation/Review";
                    opp.Append(inv, $"{oppId},Company {a} - {product} {id},{accountId},{stage},{close:yyyy-MM-dd},{amount},{product},{lead},,,{created:yyyy-MM-dd}\n");
                    continue;
                }
                closed++;
                bool won = rng.NextDouble() < (industry == "Healthcare" ? IcpWinRate : BaseWinRate);
                string reason = won ? (rng.Next(3) switch { 0 => "Price", 1 => "Features", _ => "Relationship" }) : "";
                string signed = won ? close.AddDays(rng.Next(5)).ToString("yyyy-MM-dd", inv) : "";
                opp.Append(inv, $"{oppId},Company {a} - {product} {id},{accountId},{(won ? "Closed Won" : "Closed Lost")},{close:yyyy-MM-dd},{amount},{product},{lead},{reason},{signed},{created:yyyy-MM-dd}\n");
            }
        }
        string oppPath = Path.Combine(folder, "opps.csv");
        string accPath = Path.Combine(folder, "accounts.csv");
        File.WriteAllText(oppPath, opp.ToString());
        File.WriteAllText(accPath, acc.ToString());
        return (oppPath, accPath, closed, open);
    }
}
