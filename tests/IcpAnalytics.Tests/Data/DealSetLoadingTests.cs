using System.Globalization;
using System.Text;
using IcpAnalytics.Data;
using Microsoft.Data.Sqlite;

namespace IcpAnalytics.Tests.Data;

public class DealSetLoadingTests
{
    private static readonly double[] EmployeeEdges = [.. SampleDealsTruth.EmployeeBandEdges];

    [Fact]
    public void FromCsv_SampleFileWithoutMap_EqualsGeneratedSample()
    {
        DealSet loaded = DealSet.FromCsv(Repo.File("samples", "data", "deals.csv"));
        DealSet generated = SampleDeals.Generate(2_000, seed: 42);

        Assert.Equal(2_040, loaded.LoadReport.RowsRead);
        Assert.Equal(2_000, loaded.LoadReport.RowsLoaded);
        Assert.Equal(40, loaded.LoadReport.OpenDealsSetAside);
        Assert.Equal(0, loaded.LoadReport.RowsRejected);
        Assert.Equal(generated.WonCount, loaded.WonCount);
        Assert.Equal(generated.Revenue.Sum(), loaded.Revenue.Sum());
        Assert.Equal(generated.GrossMargin!.Sum(), loaded.GrossMargin!.Sum());
        Assert.Equal(["calls", "meetings", "demos"], loaded.Efforts.Select(e => e.Name));
        Assert.Equal("employees", Assert.Single(loaded.NumericAttributes).Name);
        DealSetAssert.Equal(generated, loaded.WithBands("employees", EmployeeEdges));
    }

    [Fact]
    public void FromCsv_ExplicitMap_LoadsRenamedColumnsAndBands()
    {
        const string csv = """
            opp_id;owner;closed;result;deal_value;gm;mtgs;hrs;sector;staff;notes
            O1;Ann;31.03.2025;Gewonnen;1234,5;400,25;3;10,5;Software;250;x
            O2;Bob;01.04.2025;Verloren;900;0;1;2;Retail;40;y
            O3;Bob;;In Verhandlung;500;;1;1;Retail;40;z
            """;
        DealSet deals = DealSet.FromCsv(new StringReader(csv), map => map
            .DealId("opp_id").Rep("owner").ClosedDate("closed", "dd.MM.yyyy")
            .Outcome("result", won: ["Gewonnen"], lost: ["Verloren"], open: ["In Verhandlung"])
            .Revenue("deal_value").Margin("gm").Effort("mtgs").EffortHours("hrs")
            .Attribute("sector").Attribute("staff", bands: [50, 200, 1000]),
            new DealLoadOptions { Culture = CultureInfo.GetCultureInfo("de-DE") });

        Assert.Equal(2, deals.Count);
        Assert.Equal(1, deals.LoadReport.OpenDealsSetAside);
        Assert.Equal(1234.5, deals.Revenue[0]);
        Assert.Equal(400.25, deals.GrossMargin![0]);
        Assert.Equal(10.5, deals.EffortHours![0]);
        Assert.Equal(new DateOnly(2025, 3, 31), deals.ClosedOn(0));
        Assert.Equal("Ann", deals.Reps[0]);
        Assert.Equal("200–1,000", deals.Categorical("staff")[0]);
        Assert.Equal("< 50", deals.Categorical("staff")[1]);
        Assert.Equal("Retail", deals.Categorical("sector")[1]);
        Assert.Null(deals.FindCategorical("notes"));
        Assert.Contains(deals.LoadReport.Notes, n => n == "delimiter semicolon (detected)");
    }

    [Fact]
    public void FromCsv_NoMarginNoHours_NotesFallbackAndLeavesHoursAbsent()
    {
        DealSet deals = DealSet.FromCsv(new StringReader("id,won,revenue\n1,true,100\n2,false,50\n"));
        Assert.Null(deals.GrossMargin);
        Assert.Null(deals.EffortHours);
        Assert.True(deals.YieldFallsBackToRevenue);
        Assert.Contains("no gross margin column: yields use revenue", deals.LoadReport.Notes);
        Assert.Contains("no effort hours column: per-hour measures are absent", deals.LoadReport.Notes);
        Assert.Equal(1, deals.WonCount);
    }

    [Fact]
    public void FromCsv_TabDelimitedWithBom_IsDetected()
    {
        byte[] bytes = [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes("deal_id\tstage\tamount\nD1\tWon\t10.5\nD2\tLost\t3\n")];
        DealSet deals = DealSet.FromCsv(new MemoryStream(bytes));
        Assert.Equal("D1", deals.DealId(0));
        Assert.Equal(10.5, deals.Revenue[0]);
        Assert.Contains("delimiter tab (detected)", deals.LoadReport.Notes);
    }

    [Fact]
    public void FromCsv_GermanExport_EqualsInvariantExport()
    {
        string invariant = SampleCsv(300, out _);
        string german = invariant.Replace(',', ';').Replace('.', ',');
        DealSet a = DealSet.FromCsv(new StringReader(invariant));
        DealSet b = DealSet.FromCsv(new StringReader(german), null, new DealLoadOptions { Culture = CultureInfo.GetCultureInfo("de-DE") });
        DealSetAssert.Equal(a, b);
        Assert.Contains("delimiter semicolon (detected)", b.LoadReport.Notes);
    }

    [Fact]
    public void FromCsvObjectsAndSqlite_SameDeals_GiveEqualDealSets()
    {
        string csv = SampleCsv(400, out List<SampleRow> rows);
        DealSet fromCsv = DealSet.FromCsv(new StringReader(csv), map => map.NumericAttribute("employees").Attribute("industry").Attribute("region"));

        DealSet fromObjects = DealSet.FromObjects(rows, m => m
            .DealId(r => r.Id).Account(r => r.Account).Rep(r => r.Rep).ClosedOn(r => r.Closed)
            .Outcome(r => r.Stage).Revenue(r => r.Amount).Margin(r => r.Margin).Discount(r => r.Discount).CycleDays(r => r.CycleDays)
            .Effort("calls", r => r.Calls).Effort("meetings", r => r.Meetings).Effort("demos", r => r.Demos).EffortHours(r => r.Hours)
            .Attribute("industry", r => r.Industry).Attribute("region", r => r.Region).NumericAttribute("employees", r => r.Employees));

        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        Execute(connection, "CREATE TABLE deals (deal_id TEXT, account_id TEXT, rep TEXT, closed_date TEXT, won INTEGER, amount REAL, gross_margin REAL, discount REAL, cycle_days REAL, calls REAL, meetings REAL, demos REAL, effort_hours REAL, industry TEXT, region TEXT, employees REAL)");
        using (SqliteTransaction tx = connection.BeginTransaction())
        {
            using SqliteCommand insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO deals VALUES ($id,$a,$r,$d,$w,$amt,$m,$disc,$c,$calls,$meet,$demos,$h,$ind,$reg,$emp)";
            foreach (SampleRow r in rows)
            {
                insert.Parameters.Clear();
                insert.Parameters.AddWithValue("$id", r.Id);
                insert.Parameters.AddWithValue("$a", r.Account);
                insert.Parameters.AddWithValue("$r", r.Rep);
                insert.Parameters.AddWithValue("$d", r.Closed.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                insert.Parameters.AddWithValue("$w", r.Stage == "Closed Won" ? 1 : 0);
                insert.Parameters.AddWithValue("$amt", r.Amount);
                insert.Parameters.AddWithValue("$m", r.Margin);
                insert.Parameters.AddWithValue("$disc", r.Discount);
                insert.Parameters.AddWithValue("$c", r.CycleDays);
                insert.Parameters.AddWithValue("$calls", r.Calls);
                insert.Parameters.AddWithValue("$meet", r.Meetings);
                insert.Parameters.AddWithValue("$demos", r.Demos);
                insert.Parameters.AddWithValue("$h", r.Hours);
                insert.Parameters.AddWithValue("$ind", (object?)r.Industry ?? DBNull.Value);
                insert.Parameters.AddWithValue("$reg", r.Region);
                insert.Parameters.AddWithValue("$emp", r.Employees);
                insert.ExecuteNonQuery();
            }
            tx.Commit();
        }
        using SqliteCommand query = connection.CreateCommand();
        query.CommandText = "SELECT * FROM deals ORDER BY rowid";
        using SqliteDataReader reader = query.ExecuteReader();
        DealSet fromSqlite = DealSet.FromDataReader(reader);

        DealSetAssert.Equal(fromCsv, fromObjects);
        DealSetAssert.Equal(fromCsv, fromSqlite);
        Assert.Equal(rows.Count, fromSqlite.LoadReport.RowsLoaded);
        Assert.Equal("database reader", fromSqlite.LoadReport.Source);
    }

    [Fact]
    public void FromDataReader_BadValue_ReportsRecordNumberAndColumn()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        Execute(connection, "CREATE TABLE d (id TEXT, stage TEXT, amount); INSERT INTO d VALUES ('a','Won',10),('b','Lost','ten'),('c','Won',-3),('d','Proposal',1)");
        using SqliteCommand query = connection.CreateCommand();
        query.CommandText = "SELECT * FROM d";
        using SqliteDataReader reader = query.ExecuteReader();
        DealSet deals = DealSet.FromDataReader(reader, null, new DealLoadOptions { Policy = BadDataPolicy.Lenient });
        Assert.Equal(1, deals.Count);
        Assert.Equal(1, deals.LoadReport.OpenDealsSetAside);
        Assert.Equal([2L, 3L], deals.LoadReport.Rejected.Select(r => r.Line));
        Assert.Equal(["ten", "-3"], deals.LoadReport.Rejected.Select(r => r.RawValue));
        Assert.All(deals.LoadReport.Rejected, r => Assert.Equal("amount", r.Column));
    }

    [Fact]
    public void FromObjects_NegativeRevenueAndDuplicateId_AreRejectedByRecordNumber()
    {
        var items = new[] { (Id: "a", Won: true, Amount: 10.0), (Id: "b", Won: false, Amount: -1.0), (Id: "a", Won: true, Amount: 5.0) };
        DealDataException e = Assert.Throws<DealDataException>(() =>
            DealSet.FromObjects(items, m => m.DealId(d => d.Id).Won(d => d.Won).Revenue(d => d.Amount)));
        Assert.Equal(2, e.Line);
        Assert.Equal("revenue", e.Column);
        Assert.Equal("objects", e.File);
        Assert.Equal(["-1", "a"], e.Report.Rejected.Select(r => r.RawValue));
        Assert.Equal(3, e.Report.Rejected[1].Line);
        Assert.Contains("1 more row has problems (line 3).", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithAccounts_SampleAccountsFile_EqualsDealsWithAttributes()
    {
        DealSet joined = DealSet.FromCsv(Repo.File("samples", "data", "deals-without-attributes.csv"),
            map => map.WithAccounts(Repo.File("samples", "data", "accounts.csv"), key: "account_id"));
        DealSet whole = DealSet.FromCsv(Repo.File("samples", "data", "deals.csv"));
        DealSetAssert.Equal(whole, joined);
        Assert.Equal(0, joined.LoadReport.DealsWithoutAccountRow);
    }

    [Fact]
    public void WithAccounts_MissingAccount_IsCountedAndLoadedWithMissingAttributes()
    {
        using var temp = new TempFolder("icp-accounts-");
        string accounts = temp.Write("accounts.csv", "acct,industry,employees\nA1,Software,300\nA2,Retail,40\n");
        DealSet deals = DealSet.FromCsv(new StringReader("deal_id,account_id,stage,amount\nD1,A1,Won,10\nD2,A3,Lost,5\nD3,A2,Won,7\nD4,A3,Won,1\n"),
            map => map.WithAccounts(accounts, key: "acct").Attribute("industry").Attribute("employees", bands: [50, 1000]));
        Assert.Equal(4, deals.Count);
        Assert.Equal(2, deals.LoadReport.DealsWithoutAccountRow);
        Assert.Contains(deals.LoadReport.Notes, n => n.StartsWith("2 deals (1 accounts", StringComparison.Ordinal));
        Assert.Equal(["Software", null, "Retail", null], Enumerable.Range(0, 4).Select(i => deals.Categorical("industry")[i]));
        Assert.Equal(["50–1,000", null, "< 50", null], Enumerable.Range(0, 4).Select(i => deals.Categorical("employees")[i]));
    }

    [Theory]
    [InlineData("D1,D2,D3,D2", 5)]
    [InlineData("D3,D1,D2,D1", 5)]
    [InlineData("D1,D3,D2,D4,D3", 6)]
    [InlineData("D9,D9", 3)]
    public void FromCsv_DuplicateIdsInAnyOrder_RejectsTheRepeat(string ids, int duplicateLine)
    {
        string csv = "deal_id,stage,amount\n" + string.Concat(ids.Split(',').Select(id => id + ",Won,1\n"));
        DealSet deals = DealSet.FromCsv(new StringReader(csv), null, new DealLoadOptions { Policy = BadDataPolicy.Lenient });
        RejectedRow reject = Assert.Single(deals.LoadReport.Rejected);
        Assert.Equal(duplicateLine, reject.Line);
        Assert.Equal("deal_id", reject.Column);
        Assert.Equal(ids.Split(',').Distinct().Count(), deals.Count);
    }

    [Fact]
    public void FromCsv_AttributeNumericThenText_BecomesCategorical()
    {
        DealSet deals = DealSet.FromCsv(new StringReader("deal_id,stage,amount,size,tier,label,blank\nD0,Won,1,,,,\nD1,Won,1,10,1,,\nD2,Won,1,,2.5,x,\nD3,Lost,1,n/a,3,y,\n"));
        Assert.Equal([double.NaN, 1.0, 2.5, 3.0], deals.Numeric("tier").ToArray());
        CategoricalColumn size = deals.Categorical("size");
        Assert.Equal([null, "10", null, "n/a"], Enumerable.Range(0, 4).Select(i => size[i]));
        CategoricalColumn label = deals.Categorical("label");
        Assert.Equal([null, null, "x", "y"], Enumerable.Range(0, 4).Select(i => label[i]));
        Assert.Equal(4, deals.Numeric("blank").MissingCount);
    }

    [Fact]
    public void FromDataReader_AccountsFromQuery_JoinsByKey()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        Execute(connection, "CREATE TABLE deals (opp TEXT, acct TEXT, status TEXT, value REAL); INSERT INTO deals VALUES ('O1','A1','Closed Won',10),('O2','A2','Closed Lost',5),('O3','A9','Closed Won',7)");
        Execute(connection, "CREATE TABLE accounts (id TEXT, industry TEXT, employees INTEGER); INSERT INTO accounts VALUES ('A1','Software',300),('A2','Retail',40)");
        using SqliteCommand accountsQuery = connection.CreateCommand();
        accountsQuery.CommandText = "SELECT * FROM accounts";
        using SqliteDataReader accounts = accountsQuery.ExecuteReader();
        using SqliteCommand dealsQuery = connection.CreateCommand();
        dealsQuery.CommandText = "SELECT * FROM deals";
        using SqliteDataReader reader = dealsQuery.ExecuteReader();
        DealSet deals = DealSet.FromDataReader(reader, map => map.DealId("opp").Account("acct").Outcome("status").Revenue("value").WithAccounts(accounts, key: "id"));
        Assert.Equal(3, deals.Count);
        Assert.Equal(1, deals.LoadReport.DealsWithoutAccountRow);
        Assert.Equal(["Software", "Retail", null], Enumerable.Range(0, 3).Select(i => deals.Categorical("industry")[i]));
        Assert.Equal(300.0, deals.Numeric("employees")[0]);
        Assert.True(double.IsNaN(deals.Numeric("employees")[2]));
    }

    [Fact]
    public void FromCsv_MissingFile_ThrowsFileNotFound()
    {
        FileNotFoundException e = Assert.Throws<FileNotFoundException>(() => DealSet.FromCsv("no-such-deals.csv"));
        Assert.Contains("no-such-deals.csv", e.Message, StringComparison.Ordinal);
    }

    internal sealed record SampleRow(string Id, string Account, string Rep, DateOnly Closed, string Stage, double Amount, double Margin, double Discount,
        double CycleDays, double Calls, double Meetings, double Demos, double Hours, string? Industry, string Region, double Employees);

    /// <summary>Sample deals as CSV text (invariant, comma) and as objects, from the generator.</summary>
    private static string SampleCsv(int count, out List<SampleRow> rows)
    {
        var writer = new StringWriter(CultureInfo.InvariantCulture);
        SampleDeals.WriteCsv(writer, new SampleDealsOptions { Count = count, Seed = 11 });
        string csv = writer.ToString();
        rows = [];
        foreach (string line in csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1))
        {
            string[] f = line.Split(',');
            double D(int i) => double.Parse(f[i], CultureInfo.InvariantCulture);
            rows.Add(new SampleRow(f[0], f[1], f[2], DateOnly.ParseExact(f[3], "yyyy-MM-dd", CultureInfo.InvariantCulture), f[4], D(5), D(6), D(7), D(8), D(9), D(10), D(11), D(12),
                f[13].Length == 0 ? null : f[13], f[14], D(15)));
        }
        return csv;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
