using IcpAnalytics.Data;

namespace IcpAnalytics.Tests.Icp;

/// <summary>
/// A book of deals with a known ICP of four rich segments of different sizes nested inside two broad bands, plus deal-level
/// columns (product line, lead source) and a column a CRM fills only for won deals (payment terms).
/// Account attributes (independent, per account): industry, region, employee band, revenue band, ownership, tech stack,
/// HQ city size, year founded. Each deal's win probability p, margin when won m and effort hours h come from its account's
/// group (the employee band decides first):
/// S1 = employee band 200–1,000 and industry = Software (7.5 % of deals): p 0.50, m 5,000, h 20 → 125/h;
/// S2 = employee band 200–1,000 and industry = Healthcare (3.6 %): p 0.55, m 6,000, h 22 → 150/h;
/// S3 = revenue band 100M–1B and industry = Manufacturing (6 %), outside the employee band: p 0.45, m 4,500, h 18 → 112.5/h;
/// S4 = revenue band 100M–1B and ownership = PE-backed (4.5 %), outside the employee band and S3: p 0.50, m 4,000, h 16 → 125/h
/// (the rules S3 and S4 also cover deals of the employee band, so their population values are mixtures, computed exactly);
/// B1 = the rest of employee band 200–1,000 (moderately better): p 0.32, m 2,500, h 20 → 40/h;
/// everyone else (including the rest of revenue band 100M–1B, rich only through S3 and S4): p 0.25, m 2,000, h 20 → 25/h.
/// Margin and hours carry mean-one noise (an account factor on margin, uniform 0.7–1.3, and a deal factor 0.5–1.5 on each),
/// so every population value above is exact: E[won·m] / E[h] = p·m / h within a group, and for any set of cells the ratio
/// of the probability-weighted sums (<see cref="PopulationYield"/>).
/// </summary>
internal static class NestedSegmentsWorld
{
    public static readonly string[] Industries = ["Software", "Healthcare", "Manufacturing", "Retail", "Financial Services", "Logistics"];
    public static readonly double[] IndustryShare = [0.25, 0.12, 0.20, 0.18, 0.15, 0.10];
    public static readonly string[] Regions = ["North America", "EMEA", "APAC", "LATAM"];
    public static readonly double[] RegionShare = [0.35, 0.30, 0.20, 0.15];
    public static readonly string[] EmployeeBands = ["1–50", "50–200", "200–1,000", "1,000+"];
    public static readonly double[] EmployeeShare = [0.25, 0.25, 0.30, 0.20];
    public static readonly string[] RevenueBands = ["< 10M", "10M–100M", "100M–1B", "1B+"];
    public static readonly double[] RevenueShare = [0.25, 0.25, 0.30, 0.20];
    public static readonly string[] Ownerships = ["Private", "Public", "PE-backed"];
    public static readonly double[] OwnershipShare = [0.55, 0.30, 0.15];
    public static readonly string[] TechStacks = ["Microsoft", "Google", "Mixed", "Other"];
    public static readonly string[] CitySizes = ["Metro", "City", "Town"];
    public static readonly string[] ProductLines = ["Core", "Plus", "Enterprise"];
    public static readonly string[] LeadSources = ["Inbound", "Outbound", "Partner", "Event"];

    /// <summary>The account attributes the ICP is searched over.</summary>
    public static readonly string[] AccountAttributes = ["industry", "region", "employee_band", "revenue_band", "ownership", "tech_stack", "hq_city_size", "year_founded"];

    public const string S1 = "industry = Software and employee_band = 200–1,000";
    public const string S2 = "industry = Healthcare and employee_band = 200–1,000";
    public const string S3 = "industry = Manufacturing and revenue_band = 100M–1B";
    public const string S4 = "revenue_band = 100M–1B and ownership = PE-backed";
    public const string B1 = "employee_band = 200–1,000";
    public const string B2 = "revenue_band = 100M–1B";

    /// <summary>(p, m, h) of a deal of an account with these codes; <paramref name="flat"/> gives every deal the base.</summary>
    public static (double P, double M, double H) Params(int industry, int employees, int revenue, int ownership, bool flat)
    {
        if (flat) return (0.25, 2_000, 20);
        if (employees == 2)
        {
            if (industry == 0) return (0.50, 5_000, 20);
            if (industry == 1) return (0.55, 6_000, 22);
            return (0.32, 2_500, 20);
        }
        if (revenue == 2 && industry == 2) return (0.45, 4_500, 18);
        if (revenue == 2 && ownership == 2) return (0.50, 4_000, 16);
        return (0.25, 2_000, 20);
    }

    /// <summary>
    /// The population margin per effort hour of the accounts for which <paramref name="inside"/> holds, summed exactly over
    /// every cell (industry, employee band, revenue band, ownership) with its probability; the other attributes do not matter.
    /// </summary>
    public static double PopulationYield(Func<int, int, int, int, bool> inside)
    {
        double y = 0, h = 0;
        for (int i = 0; i < Industries.Length; i++)
            for (int e = 0; e < EmployeeBands.Length; e++)
                for (int r = 0; r < RevenueBands.Length; r++)
                    for (int o = 0; o < Ownerships.Length; o++)
                    {
                        if (!inside(i, e, r, o)) continue;
                        double w = IndustryShare[i] * EmployeeShare[e] * RevenueShare[r] * OwnershipShare[o];
                        (double p, double m, double hh) = Params(i, e, r, o, flat: false);
                        y += w * p * m;
                        h += w * hh;
                    }
        return y / h;
    }

    private static int Pick(Random rng, double[] shares)
    {
        double u = rng.NextDouble(), c = 0;
        for (int k = 0; k < shares.Length - 1; k++)
        {
            c += shares[k];
            if (u < c) return k;
        }
        return shares.Length - 1;
    }

    /// <summary>
    /// <paramref name="deals"/> deals over deals / 4 accounts, closed evenly over 2024–2025 (in random order), seeded.
    /// <paramref name="flat"/>: no segment differs (a null world with the same columns).
    /// </summary>
    public static DealSet Generate(int deals, int seed, bool flat = false)
    {
        var rng = new Random(seed);
        int accounts = Math.Max(1, deals / 4);
        var ind = new int[accounts]; var reg = new int[accounts]; var emp = new int[accounts]; var rev = new int[accounts];
        var own = new int[accounts]; var tech = new int[accounts]; var city = new int[accounts]; var founded = new double[accounts];
        var factor = new double[accounts];
        for (int a = 0; a < accounts; a++)
        {
            ind[a] = Pick(rng, IndustryShare);
            reg[a] = Pick(rng, RegionShare);
            emp[a] = Pick(rng, EmployeeShare);
            rev[a] = Pick(rng, RevenueShare);
            own[a] = Pick(rng, OwnershipShare);
            tech[a] = rng.Next(TechStacks.Length);
            city[a] = rng.Next(CitySizes.Length);
            founded[a] = 1950 + rng.Next(71);
            factor[a] = 0.7 + 0.6 * rng.NextDouble();
        }
        var account = new int[deals]; var won = new byte[deals]; var margin = new double[deals]; var revenue = new double[deals];
        var hours = new double[deals]; var days = new int[deals];
        int[] dInd = new int[deals], dReg = new int[deals], dEmp = new int[deals], dRev = new int[deals], dOwn = new int[deals],
            dTech = new int[deals], dCity = new int[deals], product = new int[deals], source = new int[deals], terms = new int[deals];
        var dFounded = new double[deals];
        int start = new DateOnly(2024, 1, 1).DayNumber;
        for (int i = 0; i < deals; i++)
        {
            int a = rng.Next(accounts);
            account[i] = a;
            dInd[i] = ind[a]; dReg[i] = reg[a]; dEmp[i] = emp[a]; dRev[i] = rev[a]; dOwn[i] = own[a]; dTech[i] = tech[a]; dCity[i] = city[a];
            dFounded[i] = founded[a];
            (double p, double m, double h) = Params(ind[a], emp[a], rev[a], own[a], flat);
            bool w = rng.NextDouble() < p;
            won[i] = w ? (byte)1 : (byte)0;
            margin[i] = w ? m * factor[a] * (0.5 + rng.NextDouble()) : 0;
            revenue[i] = w ? margin[i] * 3 : 6_000;
            hours[i] = h * (0.5 + rng.NextDouble());
            days[i] = start + rng.Next(731);
            product[i] = rng.Next(ProductLines.Length);
            source[i] = rng.Next(LeadSources.Length);
            terms[i] = w ? rng.Next(2) : -1; // filled by the CRM only once a deal is won
        }
        CategoricalColumn Col(string name, int[] codes, string[] levels) => new(name, codes, levels, null);
        return new DealSet(
            [.. Enumerable.Range(1, deals).Select(i => "OPP-" + i)],
            Col("account_id", account, [.. Enumerable.Range(0, accounts).Select(a => "ACC-" + a)]),
            Col("rep", new int[deals], ["Rep 1"]),
            days, won,
            new NumericColumn("revenue", revenue, null),
            new NumericColumn("gross_margin", margin, null),
            null, null,
            new NumericColumn("effort_hours", hours, null),
            [],
            [
                Col("industry", dInd, Industries), Col("region", dReg, Regions), Col("employee_band", dEmp, EmployeeBands),
                Col("revenue_band", dRev, RevenueBands), Col("ownership", dOwn, Ownerships), Col("tech_stack", dTech, TechStacks),
                Col("hq_city_size", dCity, CitySizes), Col("product_line", product, ProductLines), Col("lead_source", source, LeadSources),
                Col("payment_terms", terms, ["Net 30", "Net 60"]),
            ],
            [new NumericColumn("year_founded", dFounded, null)],
            LoadReport.Clean("nested-segments", deals));
    }
}
