using System.Globalization;
using System.Text;

namespace IcpAnalytics.Tests.Data.FaultInjection;

/// <summary>The kinds of bad line <see cref="FaultInjectedExport"/> injects: 12 that must be rejected, 2 that must load with a plausibility warning.</summary>
public enum FaultKind
{
    /// <summary>A stray quote inside an unquoted field (Acme "Corp).</summary>
    UnbalancedQuote,
    /// <summary>One field more than the header.</summary>
    ExtraField,
    /// <summary>One field fewer than the header.</summary>
    MissingField,
    /// <summary>An amount written as text ("12k").</summary>
    NonNumericRevenue,
    /// <summary>A close date in another layout than the column's ISO dates (2023/05/06).</summary>
    WrongFormatDate,
    /// <summary>A close date that is no calendar day (2023-02-30).</summary>
    ImpossibleDate,
    /// <summary>An empty opportunity id.</summary>
    EmptyDealId,
    /// <summary>The opportunity id of an earlier (good) row.</summary>
    DuplicateDealId,
    /// <summary>A stage that is no won, lost or open label ("Closed Wonn").</summary>
    UnknownStage,
    /// <summary>Negative effort hours.</summary>
    NegativeEffort,
    /// <summary>An amount with a comma as decimal separator in an invariant-culture file ("12345,67", quoted).</summary>
    WrongDecimalSeparator,
    /// <summary>NaN or Infinity as the amount.</summary>
    NotFinite,
    /// <summary>A won deal whose gross margin exceeds its amount (plausibility warning).</summary>
    MarginAboveRevenue,
    /// <summary>A discount outside 0-100 % (plausibility warning).</summary>
    DiscountOutOfRange,
}

/// <summary>
/// A realistic opportunities export (Salesforce-like names, Closed Won/Closed Lost and open stages, ISO close dates, amounts with
/// cents, margins, discounts, effort) with bad lines injected at known lines: the manifest says which line holds which fault.
/// Every clean row is plausible (margin below amount, discount 0-40 %, dates 2022-2024, unique ids), so any reject or warning
/// on a line outside the manifest is a false alarm.
/// </summary>
public sealed class FaultInjectedExport
{
    /// <summary>The header of the export.</summary>
    public const string Header = "opportunity_id,account_name,sales_agent,deal_stage,close_date,amount,gross_margin,discount,effort_hours,calls,meetings,industry,region";

    /// <summary>Faults that must be rejected (the others must be warned about).</summary>
    public static bool IsReject(FaultKind kind) => kind is not (FaultKind.MarginAboveRevenue or FaultKind.DiscountOutOfRange);

    private FaultInjectedExport(string csv, IReadOnlyDictionary<long, FaultKind> bad, int rows, int openRows)
    {
        Csv = csv;
        BadLines = bad;
        Rows = rows;
        OpenRows = openRows;
    }

    /// <summary>The CSV text.</summary>
    public string Csv { get; }

    /// <summary>The manifest: each bad line (1-based, the header is line 1) and its fault.</summary>
    public IReadOnlyDictionary<long, FaultKind> BadLines { get; }

    /// <summary>Data rows (not counting the header).</summary>
    public int Rows { get; }

    /// <summary>Clean rows with an open stage (to be set aside, not loaded).</summary>
    public int OpenRows { get; }

    /// <summary>Generates <paramref name="rows"/> rows, <paramref name="perKind"/> of each fault kind, reproducibly from <paramref name="seed"/>.</summary>
    public static FaultInjectedExport Generate(int rows = 3_000, int perKind = 15, int seed = 12)
    {
        var random = new Random(seed);
        string[] industries = ["Software", "Manufacturing", "Retail", "Healthcare", "Finance"];
        string[] regions = ["EMEA", "NA", "APAC", "LATAM"];
        string[] agents = ["Moses Frase", "Darcel Schlecht", "Anna Snelling", "Versie Hillebrand", "Cassey Cress"];
        string[] openStages = ["Prospecting", "Engaging", "Qualification", "Needs Analysis"];
        var kinds = Enum.GetValues<FaultKind>();
        // Bad rows: perKind of each kind at distinct random rows among the closed ones (not the first 20, so duplicates have an original).
        var faultOfRow = new Dictionary<int, FaultKind>();
        var isOpen = new bool[rows];
        for (int i = 0; i < rows; i++) isOpen[i] = random.NextDouble() < 0.1;
        foreach (FaultKind kind in kinds)
        {
            for (int n = 0; n < perKind; n++)
            {
                int row;
                do row = 20 + random.Next(rows - 20);
                while (faultOfRow.ContainsKey(row) || isOpen[row]);
                faultOfRow[row] = kind;
            }
        }
        var sb = new StringBuilder(rows * 120);
        sb.Append(Header).Append('\n');
        var bad = new Dictionary<long, FaultKind>();
        int open = 0;
        var start = new DateOnly(2022, 1, 1);
        for (int i = 0; i < rows; i++)
        {
            bool won = random.NextDouble() < 0.3;
            string id = "006" + (100_000 + i).ToString(CultureInfo.InvariantCulture);
            string account = "Account " + random.Next(400).ToString(CultureInfo.InvariantCulture);
            string agent = agents[random.Next(agents.Length)];
            string stage = isOpen[i] ? openStages[random.Next(openStages.Length)] : won ? "Closed Won" : "Closed Lost";
            DateOnly close = start.AddDays(random.Next(3 * 365));
            double amount = Math.Round(2_000 + random.NextDouble() * 60_000, 2);
            double margin = won ? Math.Round(amount * (0.2 + 0.5 * random.NextDouble()), 2) : 0;
            double discount = Math.Round(random.NextDouble() * 0.4, 3);
            double hours = Math.Round(5 + random.NextDouble() * 80, 1);
            int calls = random.Next(1, 30);
            int meetings = random.Next(0, 8);
            string industry = industries[random.Next(industries.Length)];
            string region = regions[random.Next(regions.Length)];
            string closeText = close.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            string amountText = F(amount);
            string marginText = won ? F(margin) : "";
            string discountText = F(discount);
            string hoursText = F(hours);
            string tail = "";
            bool dropLast = false;
            if (faultOfRow.TryGetValue(i, out FaultKind fault))
            {
                bad[i + 2] = fault;
                switch (fault)
                {
                    case FaultKind.UnbalancedQuote: account = "Acme \"Corp " + i.ToString(CultureInfo.InvariantCulture); break;
                    case FaultKind.ExtraField: tail = ",extra"; break;
                    case FaultKind.MissingField: dropLast = true; break;
                    case FaultKind.NonNumericRevenue: amountText = (random.Next(2, 90)).ToString(CultureInfo.InvariantCulture) + "k"; break;
                    case FaultKind.WrongFormatDate: closeText = close.ToString("yyyy/MM/dd", CultureInfo.InvariantCulture); break;
                    case FaultKind.ImpossibleDate: closeText = (2022 + random.Next(3)).ToString(CultureInfo.InvariantCulture) + (random.Next(2) == 0 ? "-02-30" : "-04-31"); break;
                    case FaultKind.EmptyDealId: id = ""; break;
                    case FaultKind.DuplicateDealId:
                        int original;
                        do original = random.Next(i);
                        while (faultOfRow.ContainsKey(original) || isOpen[original]);
                        id = "006" + (100_000 + original).ToString(CultureInfo.InvariantCulture);
                        break;
                    case FaultKind.UnknownStage: stage = random.Next(2) == 0 ? "Closed Wonn" : "Lost?"; break;
                    case FaultKind.NegativeEffort: hoursText = "-" + hoursText; break;
                    case FaultKind.WrongDecimalSeparator: amountText = "\"" + amountText.Replace('.', ',') + "\""; break;
                    case FaultKind.NotFinite: amountText = random.Next(2) == 0 ? "NaN" : "Infinity"; break;
                    case FaultKind.MarginAboveRevenue:
                        stage = "Closed Won";
                        marginText = F(Math.Round(amount * 1.5, 2));
                        break;
                    case FaultKind.DiscountOutOfRange: discountText = random.Next(2) == 0 ? "-0.05" : "2.5"; break;
                }
            }
            else if (isOpen[i])
            {
                open++;
            }
            // A duplicate's original is a clean closed row, loaded first, so the duplicate is the one rejected.
            sb.Append(id).Append(',').Append(account).Append(',').Append(agent).Append(',').Append(stage).Append(',').Append(closeText).Append(',')
              .Append(amountText).Append(',').Append(marginText).Append(',').Append(discountText).Append(',').Append(hoursText).Append(',')
              .Append(calls.ToString(CultureInfo.InvariantCulture)).Append(',').Append(meetings.ToString(CultureInfo.InvariantCulture)).Append(',')
              .Append(industry);
            if (!dropLast) sb.Append(',').Append(region);
            sb.Append(tail).Append('\n');
        }
        return new FaultInjectedExport(sb.ToString(), bad, rows, open);

        static string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
    }
}
