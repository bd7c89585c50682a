using System.Globalization;
using System.Text;
using IcpAnalytics.Data;

namespace IcpAnalytics.Tests.Data;

/// <summary>
/// Large files are split into records on a background thread, in blocks of 2,048 records, and their categorical cells are
/// encoded there; the deal set must still be the one CsvHelper's row-by-row reading gives, down to the order of the levels.
/// </summary>
public class PipelinedCsvLoadingTests
{
    private static string ManyBlocks()
    {
        var sb = new StringBuilder("deal_id,stage,amount,account_id,rep,industry,tier\n");
        for (int i = 0; i < 40_000; i++)
        {
            // A level first seen on a rejected row (bad amount) must not take a code before the rows that are kept.
            bool bad = i % 8_191 == 5 || i == 2_047 || i == 2_048;
            string amount = bad ? "n/a" : (100 + i % 977).ToString(CultureInfo.InvariantCulture);
            string industry = bad ? "Mining" + i : (i % 7 == 0 ? " Software " : i % 5 == 0 ? "\"Health, care\"" : "Retail" + i % 11);
            // tier is numeric for the first 30,000 rows, then also text: the inferred column turns categorical in a later block.
            string number = (i % 4).ToString(CultureInfo.InvariantCulture);
            string tier = i < 30_000 || i % 2 == 1 ? number : "T" + i % 3;
            string stage = i % 997 == 3 ? "Negotiation" : i % 3 == 0 ? "Won" : "Lost";
            sb.Append(CultureInfo.InvariantCulture, $"D{i % 39_000},{stage},{amount},A{(i * 7919) % 5_003},{(i % 13 == 0 ? "" : "R" + i % 17)},{industry},{tier}\n");
        }
        return sb.ToString();
    }

    private static DealSet Load(string text, CsvParserKind parser) =>
        DealSet.FromCsv(new StringReader(text), null, new DealLoadOptions { CsvParser = parser, Policy = BadDataPolicy.Lenient });

    [Fact]
    public void FromCsv_ManyBlocksWithRejectsAndLateText_SameDealsCodesAndRejectsAsCsvHelper()
    {
        string text = ManyBlocks();
        DealSet fast = Load(text, CsvParserKind.Fast);
        DealSet reference = Load(text, CsvParserKind.CsvHelper);

        DealSetAssert.Equal(reference, fast);
        Assert.Equal(40_000, fast.LoadReport.RowsRead);
        Assert.Equal(reference.LoadReport.Rejected, fast.LoadReport.Rejected);
        Assert.Equal(reference.LoadReport.OpenDealsSetAside, fast.LoadReport.OpenDealsSetAside);
        // 1,000 duplicate ids (D0..D999 again from row 39,000) and 7 bad amounts, two on either side of the first block boundary.
        Assert.Equal([7L, 2_049, 2_050, 8_198, 16_389, 24_580, 32_771], fast.LoadReport.Rejected.Where(r => r.Column == "amount").Select(r => r.Line));
        foreach ((CategoricalColumn e, CategoricalColumn a) in new[] { (reference.Accounts, fast.Accounts), (reference.Reps, fast.Reps) }
            .Concat(reference.CategoricalAttributes.Select(c => (c, fast.Categorical(c.Name)))))
        {
            Assert.Equal(e.LevelArray, a.LevelArray);
            Assert.Equal(e.Codes, a.Codes);
        }
        CategoricalColumn industry = fast.Categorical("industry");
        Assert.Equal("Software", industry.LevelArray[0]);
        Assert.DoesNotContain(industry.LevelArray, l => l.StartsWith("Mining", StringComparison.Ordinal));
        Assert.Contains("Health, care", industry.LevelArray);
        Assert.Equal(["0", "1", "2", "3", "T0", "T1", "T2"], fast.Categorical("tier").LevelArray.Order());
    }

    [Fact]
    public void FromCsv_StrictAccountsLoadStopsMidway_ReportsTheDuplicateLineAndLoadsAgain()
    {
        string dir = Path.Combine(Path.GetTempPath(), "icp-pipelined-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        string deals = Path.Combine(dir, "deals.csv"), accounts = Path.Combine(dir, "accounts.csv");
        try
        {
            File.WriteAllText(deals, "deal_id,account_id,stage,amount\nD1,A1,Won,10\nD2,A2,Lost,20\n");
            var sb = new StringBuilder("account_id,industry\n");
            for (int i = 0; i < 20_000; i++) sb.Append(CultureInfo.InvariantCulture, $"A{(i == 9_000 ? 17 : i)},I{i % 5}\n");
            File.WriteAllText(accounts, sb.ToString());

            // The strict load stops at the duplicate key in the fifth block, while the splitter may be blocks ahead.
            DealDataException e = Assert.Throws<DealDataException>(() =>
                DealSet.FromCsv(deals, m => m.WithAccounts(accounts), new DealLoadOptions { Policy = BadDataPolicy.Strict }));
            Assert.Equal(9_002, e.Line);

            // The stopped load left nothing behind: the next one reads the rewritten file.
            File.WriteAllText(accounts, "account_id,industry\nA1,Software\n");
            Assert.Equal(2, DealSet.FromCsv(deals, m => m.WithAccounts(accounts)).Count);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
